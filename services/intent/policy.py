"""The labelling policy as decisions over speech-act frames (frames.py) and the embedding vote.

Two places in the cascade read the frames:

- `frame_rule` — before the embeddings, a few frames decide alone because the policy says so
  whatever the topic: a request for a diagram with no subject ("create a diagram") is CLARIFY,
  a new / fresh / separate diagram with a subject is DSL_CREATE even with a diagram open, "ok,
  add it" after a recommendation is DSL_UPDATE.
- `settle` — after the embeddings, the frames check the vote: an advice, comparison or reason
  question that names an edit is EXPERT_QA unless an instruction stands on its own ("why is
  there no backup? please add one"); an edit asked as a question ("could you add a vault?")
  is DSL_UPDATE; view vocabulary without a content edit is VIEW_TOGGLE; "create a topic
  between checkout and shipping" with a diagram open is an edit; a bare list of components
  with no diagram is a request for one; and an edit needs a concrete operation on something
  that can be resolved, else it is not confident — so that without an LLM it becomes CLARIFY
  instead of a guessed edit.
- `diagram_edit` — after the cascade, only when the caller gave the session's diagram: a
  message that names its shapes and that the architect reads as an operation on them is an
  edit unless the frames say it asks, views or wants a new diagram.

A decision the frames *support* (the frames of its intent are present) is confident even with
a small embedding margin; one they contradict is not, and goes to the LLM when one is
configured. Each rule has a name, which the evaluation counts, so that each is measured.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.intent.diagram_reading import DiagramReading
from services.intent.frames import Frames
from services.intent.vector import VectorDecision
from shared.contracts import Intent


@dataclass(frozen=True)
class Verdict:
    intent: Intent
    confidence: float
    rule: str


def unresolved_edit(fr: Frames, last_intent: Intent | None) -> bool:
    """Positive evidence that an edit could not be carried out as said: a placeholder object
    ("add something"), a pointer to nothing ("the part we discussed"), a quality with no
    action ("make it cheaper"), a pronoun with nothing before it, or neither an operation nor
    anything named."""
    if fr.change_news and not fr.question:
        # "we moved off X onto Y, update it": the news names what changed.
        return False
    vague_quality = fr.vague_quality and not fr.concrete_quality
    no_antecedent = last_intent is None and not fr.multi_sentence
    return (
        fr.vague_object
        or fr.pointer_only
        or (vague_quality and not (fr.reference and (fr.multi_sentence or fr.pronoun_object)))
        or ((fr.pronoun_object or fr.deictic_only) and not fr.reference and no_antecedent)
        or (not fr.reference and not fr.edit_op and not fr.deictic_only)
    )


def vague_wish(fr: Frames) -> bool:
    """A quality wish or a vague verb on a vaguely named area, with no concrete operation, no
    view wording and no question asking for advice or an explanation."""
    return (
        (fr.vague_area or (fr.vague_quality and not fr.reference))
        and not fr.concrete_quality
        and not fr.edit_op
        and not fr.view
        and not fr.change_news
        and not (fr.question and (fr.wh_start or fr.asks_opinion))
        and not fr.no_change
    )


def opinion_question(fr: Frames) -> bool:
    """Asks for advice, a comparison or a reason (or says: don't change anything)."""
    return (
        (fr.question and (fr.advice or fr.comparison or fr.reason))
        or fr.no_change
        # the design's cost or effort, and the consequence of a change asked in a tail
        or (fr.estimate and (fr.question or fr.info_question))
        or fr.consequence_tail
    )


def may_act(fr: Frames) -> bool:
    """An instruction the architect may act on when it reads an operation in it: no question
    that is not an edit request, no advice/comparison/reason, no placeholder or pointer to
    nothing, no "don't change anything", no view-only wording."""
    # "why is it X?? change it": the later sentence tells the fix the question points at
    if opinion_question(fr) and not (fr.instruction_sentence or fr.later_request):
        return False
    if fr.question and not (fr.request_edit or fr.instruction_sentence or fr.later_request):
        return False
    if fr.vague_object or fr.pointer_only or fr.no_change:
        return False
    return not (fr.view and not fr.edit_op)


def edit_supported(fr: Frames, last_intent: Intent | None) -> bool:
    """A concrete operation, told or politely asked, on something that can be resolved, and
    no advice/comparison/reason question that is not also an instruction."""
    return (
        # "why is it mysql?? change it": the sentence before says what the change is
        (fr.edit_op or (fr.later_request and fr.reference))
        and not unresolved_edit(fr, last_intent)
        and (fr.reference or fr.imperative_edit or fr.request_edit)
        and (not opinion_question(fr) or fr.instruction_sentence or fr.later_request)
    )


def supported(fr: Frames, *, has_diagram: bool, last_intent: Intent | None) -> set[Intent]:
    """The intents whose frames the message carries."""
    out: set[Intent] = set()
    if edit_supported(fr, last_intent):
        out.add(Intent.DSL_UPDATE)
    if fr.question and (fr.asks_opinion or fr.explain or fr.wh_start) and not fr.instruction:
        out.add(Intent.EXPERT_QA)
    if fr.no_change:
        out.add(Intent.EXPERT_QA)
    if fr.view:
        out.add(Intent.VIEW_TOGGLE)
    if _create_frames(fr, has_diagram=has_diagram, last_intent=last_intent):
        out.add(Intent.DSL_CREATE)
    if fr.bare_create or fr.vague_object or fr.pointer_only or fr.help_request:
        out.add(Intent.CLARIFY)
    if fr.deictic_only and fr.short and not fr.question:
        out.add(Intent.CLARIFY)
    if fr.vague_quality and not fr.concrete_quality and not (fr.question and fr.wh_start):
        # "what would you fix?" asks for advice; "fix it" and "can you tweak it?" do not.
        out.add(Intent.CLARIFY)
    return out


def _create_frames(fr: Frames, *, has_diagram: bool, last_intent: Intent | None) -> bool:
    named = fr.subject or fr.reference
    return (
        (fr.new_diagram and not fr.bare_create)
        or fr.depict_request
        or (fr.depict and named)
        or (fr.subject and not has_diagram)
        or (fr.component_list and not has_diagram)
        or (last_intent is Intent.CLARIFY and not fr.short and not fr.question and not fr.edit_op)
    )


def frame_rule(fr: Frames, *, has_diagram: bool, last_intent: Intent | None) -> Verdict | None:
    """A decision the frames make alone (None: let the embeddings decide)."""
    if fr.bare_create and last_intent is not Intent.CLARIFY:
        return Verdict(Intent.CLARIFY, 0.9, "no-subject")
    if (
        fr.new_diagram
        and not fr.bare_create
        and (not fr.short or fr.subject)
        # "... and don't touch the current one": a new diagram leaves the open one alone, so
        # only an advice/comparison/reason question stops it, not a "don't change" clause.
        and not (fr.question and (fr.advice or fr.comparison or fr.reason))
        and not fr.view
        # "go back to version 2, the new one is worse": a revert, not a new diagram
        and not (fr.revert and not fr.subject)
    ):
        return Verdict(Intent.DSL_CREATE, 0.9, "new-diagram")
    if fr.bare_why and last_intent is not None:
        # "why?" after an edit, a view change or an answer asks for the reason: a question.
        return Verdict(Intent.EXPERT_QA, 0.8, "reason-follow-up")
    if (
        fr.same_for
        and last_intent in (Intent.DSL_UPDATE, Intent.DSL_CREATE)
        and not fr.question
        and not fr.view
    ):
        # "the same for staging" after an edit repeats it elsewhere: the last edit resolves it.
        return Verdict(Intent.DSL_UPDATE, 0.8, "same-elsewhere")
    if (
        fr.subject_answer
        and last_intent is Intent.CLARIFY
        and not has_diagram
        and not fr.instruction
        and not fr.view
    ):
        # The answer to "what should the diagram be about?".
        return Verdict(Intent.DSL_CREATE, 0.8, "subject-answer")
    if (
        (fr.revert or fr.pin)
        and (not opinion_question(fr) or fr.tail_statement)
        and not (fr.new_diagram and fr.subject)
    ):
        # Undo / revert / pin: what the versions API and the pins do, asked in words.
        return Verdict(Intent.DSL_UPDATE, 0.85, "revert-or-pin")
    if (
        last_intent is Intent.EXPERT_QA
        and fr.adopt
        and not fr.question
        # "apply the change we discussed in the previous session": a pointer to a conversation
        # the message does not hold, not the answer just given
        and not fr.pointer_only
        # "make it more cheap" after an answer is a wish with no action, not an adoption
        and not (fr.vague_quality and not fr.concrete_quality and not fr.edit_op)
        # "ok thanks. now let's do the real thing: an architecture for a delivery platform",
        # nothing drawn: a first design of a named subject, not the answer's advice applied
        and not (
            not has_diagram
            and fr.subject
            and not fr.edit_op
            and (fr.depict or fr.depict_request or fr.domain_subject or fr.draw_request)
        )
    ):
        return Verdict(Intent.DSL_UPDATE, 0.85, "adopt-recommendation")
    return None


def settle(
    d: VectorDecision,
    fr: Frames,
    *,
    has_diagram: bool,
    last_intent: Intent | None,
    support_margin: float,
) -> tuple[VectorDecision, str]:
    """The embedding decision checked against the frames, and the name of the rule applied."""
    edit_like = d.intent in (Intent.DSL_UPDATE, Intent.DSL_CREATE)
    drawing_asked = d.intent is Intent.DSL_CREATE and fr.depict_request
    adopted = fr.tail_statement and fr.adopt  # "what if we add X? let's do that"
    if adopted and fr.edit_op and opinion_question(fr) and not fr.no_change:
        return _to(d, Intent.DSL_UPDATE), "adopt-after-question"
    if (
        edit_like
        and opinion_question(fr)
        and not fr.instruction_sentence
        and not fr.later_request
        and not drawing_asked
        and not adopted
    ):
        return _to(d, Intent.EXPERT_QA), "opinion-question"
    if (
        fr.no_change
        and not fr.view
        # "just tell me what's wrong with it, don't touch anything": with a diagram open, an
        # unsure off-topic vote is the words "tell me" talking
        and (d.intent is not Intent.OUT_OF_SCOPE or (has_diagram and not d.confident))
    ):
        return _to(d, Intent.EXPERT_QA), "no-change-question"
    if (
        fr.tail_instruction
        and d.intent in (Intent.EXPERT_QA, Intent.CLARIFY)
        and not fr.no_change
        and not unresolved_edit(fr, last_intent)
    ):
        # "why is the admin api public?? make it internal only": a question, then the fix told
        # on its own — the instruction wins even over a confident vote for the question.
        return _to(d, Intent.DSL_UPDATE), "instruction-wins"
    if (
        fr.tool_help
        and not has_diagram
        and not fr.instruction
        and d.intent in (Intent.EXPERT_QA, Intent.CLARIFY, Intent.VIEW_TOGGLE, Intent.DSL_CREATE)
    ):
        # "hello! how does this thing work?" with nothing drawn asks how to use the assistant:
        # the reply says what it can do and asks what to draw.
        return _to(d, Intent.CLARIFY), "help-request"
    if (
        fr.assess
        and not (fr.request_edit or fr.instruction_sentence or fr.later_request)
        and not fr.tail_instruction
        # (an unsure CLARIFY vote is left to "question-frames" below)
        and d.intent in (Intent.DSL_UPDATE, Intent.VIEW_TOGGLE, Intent.DSL_CREATE)
        and (d.intent is not Intent.DSL_CREATE or has_diagram)
    ):
        # "any SPOFs on the write path?", "can someone outside the office reach grafana?": a
        # question about the drawn design's exposure or fragility, answered in words.
        return _to(d, Intent.EXPERT_QA), "assessment-question"
    if (
        fr.explain_request
        and (fr.reference or fr.subject)  # "explain more" alone points at nothing
        and not fr.instruction_sentence
        and (
            d.intent in (Intent.VIEW_TOGGLE, Intent.DSL_UPDATE, Intent.CLARIFY)
            or (d.intent is Intent.DSL_CREATE and has_diagram)
        )
    ):
        # "explain the data flow in words", "walk me through the login path": an answer in
        # words, whatever view or component vocabulary the embeddings followed.
        return _to(d, Intent.EXPERT_QA), "explain-request"
    if (
        d.intent is Intent.VIEW_TOGGLE
        and fr.question
        and fr.reason
        and not fr.view
        and not fr.instruction_sentence
    ):
        # "why does the user data go through analytics?" right after a view change: a why
        # question with no view wording asks for a reason, not another view.
        return _to(d, Intent.EXPERT_QA), "reason-question"
    if (
        fr.terse_place
        and has_diagram
        and last_intent in (Intent.DSL_UPDATE, Intent.DSL_CREATE)
        and not fr.asks_opinion
        and d.intent in (Intent.EXPERT_QA, Intent.CLARIFY)
    ):
        # "cache on catalog?" in a run of edits: the next edit, asked in two words.
        return _to(d, Intent.DSL_UPDATE), "terse-edit-question"
    if (
        fr.bare_topic_question
        and not has_diagram
        and last_intent is None
        and d.intent in (Intent.EXPERT_QA, Intent.DSL_CREATE, Intent.VIEW_TOGGLE)
    ):
        # "graphql?" as a first message, nothing drawn: a fragment; ask what is wanted.
        return replace(_to(d, Intent.CLARIFY), confident=False), "bare-topic-question"
    if (
        fr.domain_subject
        and fr.verbless
        and not has_diagram
        and last_intent in (None, Intent.CLARIFY)
        and not d.confident
        and d.intent in (Intent.CLARIFY, Intent.EXPERT_QA, Intent.VIEW_TOGGLE)
    ):
        # "ecommerce", "ride sharing" with nothing drawn: a business domain named alone is
        # the subject of a first design (a generic "a website" or a technology is not).
        return _to(d, Intent.DSL_CREATE), "bare-domain"
    if (
        d.intent is Intent.EXPERT_QA
        and fr.request_edit
        and fr.edit_op
        and not unresolved_edit(fr, last_intent)
        and not opinion_question(fr)
    ):
        return _to(d, Intent.DSL_UPDATE), "edit-request"
    if (
        d.intent in (Intent.EXPERT_QA, Intent.OUT_OF_SCOPE, Intent.CLARIFY)
        and not d.confident
        and (fr.instruction_sentence or fr.later_request)
        and fr.tail_statement
        and not unresolved_edit(fr, last_intent)
        and not fr.no_change
    ):
        # "why is there no encryption? please add mTLS": the instruction wins.
        return _to(d, Intent.DSL_UPDATE), "instruction-wins"
    if (
        fr.code_request
        and d.intent is not Intent.OUT_OF_SCOPE
        and (not d.confident or d.intent in (Intent.DSL_CREATE, Intent.DSL_UPDATE))
    ):
        # The frame starts the message with a code or writing task: a design or an edit vote
        # is the topic's words talking ("... the cache sits between the api and the db").
        # "write a terraform module for ...": general coding help, not a design.
        return _to(d, Intent.OUT_OF_SCOPE), "code-request"
    if (
        vague_wish(fr)
        and d.intent in (Intent.EXPERT_QA, Intent.VIEW_TOGGLE, Intent.DSL_CREATE)
        and (d.intent is not Intent.DSL_CREATE or has_diagram)
    ):
        # (An edit vote is left to "unresolved-edit" below: never confident, same outcome.)
        # "fix the storage part", "the design should be made more resilient": a wish with no
        # operation, read by the embeddings as a question or a view change for its topic.
        # Unsure: an LLM (when configured) has the last word; without one the reply asks.
        return replace(_to(d, Intent.CLARIFY), confident=False), "vague-wish"
    if fr.placed and has_diagram and not d.confident and d.intent is not Intent.OUT_OF_SCOPE:
        # "kafka between ingest and scoring": a component placed among drawn ones, an edit.
        # Still unsure: an LLM (when configured) has the last word, as for "edit-frames".
        return replace(_to(d, Intent.DSL_UPDATE), confident=False), "placed-between"
    if (
        fr.restyle
        and not fr.question
        and (
            d.intent is Intent.VIEW_TOGGLE
            or (not d.confident and d.intent in (Intent.EXPERT_QA, Intent.CLARIFY))
        )
    ):
        # "highlight the vendor boxes in orange", "thicker lines for the main path": a restyle
        # changes the design.
        return _to(d, Intent.DSL_UPDATE), "restyle"
    if (
        d.intent is Intent.EXPERT_QA
        and fr.design_ask
        and not has_diagram
        and not fr.no_change
        and not (fr.comparison or fr.advice)
    ):
        # "how would you architect a link shortener?" with nothing drawn: the answer is a
        # first design. (With a diagram open it stays a question about it.)
        return _to(d, Intent.DSL_CREATE), "design-ask"
    if (
        d.intent is Intent.EXPERT_QA
        and fr.depict_request
        and fr.subject
        and not fr.view
        and not (has_diagram and fr.deictic)
    ):
        return _to(d, Intent.DSL_CREATE), "depict-request"
    if (
        d.intent is Intent.DSL_CREATE
        and has_diagram
        and not fr.new_diagram
        and fr.edit_verb
        and (fr.relational or fr.request_edit)
    ):
        return _to(d, Intent.DSL_UPDATE), "create-in-place"
    if (
        d.intent is Intent.DSL_CREATE
        and fr.into_diagram
        and not fr.new_diagram
        and not opinion_question(fr)
    ):
        # "please add a loyalty app to my diagram": an edit of the user's diagram, even when
        # none is open (the pipeline then offers to create one).
        return _to(d, Intent.DSL_UPDATE), "into-diagram"
    if (
        d.intent not in (Intent.VIEW_TOGGLE, Intent.DSL_CREATE)
        and fr.view
        and (not fr.edit_op or fr.view_not_edit)
        and not opinion_question(fr)
        # "where are the risks in this landscape?": view words as the topic of a question
        and not (fr.info_question and d.intent is Intent.EXPERT_QA)
        and (d.intent is not Intent.OUT_OF_SCOPE or (has_diagram and not d.confident))
    ):
        return _to(d, Intent.VIEW_TOGGLE), "view-vocabulary"
    if fr.nudge and d.intent is not Intent.OUT_OF_SCOPE:
        # "ok, and?", "thoughts?" after an answer: a nudge with no topic is no question to
        # answer nor an edit to make; the reply asks what the user wants next.
        return _to(d, Intent.CLARIFY), "bare-nudge"
    if (
        last_intent is Intent.EXPERT_QA
        and fr.question
        and not fr.instruction
        # "can you lay that out for me?": the assistant is asked to act, not to answer
        and not (fr.ask_to_do and not fr.asks_opinion)
        # "... a farm sensor network over lorawan. draw that?": a named thing to draw
        and not (fr.draw_request and fr.subject and not fr.asks_opinion and not fr.wh_start)
        and not fr.pointer_only
        and not (fr.deictic_only and not fr.wh_start)
        and (
            d.intent in (Intent.CLARIFY, Intent.DSL_CREATE, Intent.DSL_UPDATE)
            or (d.intent is Intent.OUT_OF_SCOPE and not d.confident)
        )
    ):
        return _to(d, Intent.EXPERT_QA), "question-after-answer"
    if (
        last_intent in (Intent.DSL_UPDATE, Intent.DSL_CREATE)
        and fr.verbless
        and fr.reference
        # "fix the network part", "something for the operators, perhaps": a wish or a
        # placeholder with nothing to act on does not continue the edit
        and not (fr.vague_quality or fr.pointer_only or fr.placeholder_head)
        and d.intent is not Intent.OUT_OF_SCOPE
        # "zoom on the checkout service" after an edit: a view change, not more of the edit.
        and not (d.intent is Intent.VIEW_TOGGLE and fr.view)
    ):
        return _to(d, Intent.DSL_UPDATE), "edit-continues"
    if (
        fr.component_list
        and not has_diagram
        and d.intent in (Intent.DSL_UPDATE, Intent.OUT_OF_SCOPE, Intent.CLARIFY)
    ):
        return _to(d, Intent.DSL_CREATE), "component-list"
    if (
        d.intent is Intent.DSL_UPDATE
        and not d.confident
        and not has_diagram
        and fr.subject
        and not (fr.edit_op or fr.edit_verb or fr.question or fr.into_diagram)
        and not fr.deictic
    ):
        # "police records system, access must be audited" with nothing drawn: a subject and
        # its constraints, no operation on a diagram — a request for one.
        return _to(d, Intent.DSL_CREATE), "subject-no-diagram"
    if d.intent is Intent.DSL_UPDATE and unresolved_edit(fr, last_intent):
        # No concrete operation on something resolvable: never a guessed edit.
        return replace(d, confident=False), "unresolved-edit"
    sup = supported(fr, has_diagram=has_diagram, last_intent=last_intent)
    if not d.confident and d.intent in sup and d.margin >= support_margin:
        return replace(d, confident=True), "frames-support"
    if (
        not d.confident
        and has_diagram
        and sup == {Intent.DSL_UPDATE}
        and fr.instruction_sentence
        and not fr.question
    ):
        # Unsure vote, but the message is an instruction to change the diagram and carries no
        # other act: an edit. Still unsure, so an LLM (when configured) has the last word;
        # without one the classifier takes the frames' reading instead of asking back.
        return replace(_to(d, Intent.DSL_UPDATE), confident=False), "edit-frames"
    if (
        not d.confident
        and d.intent is Intent.CLARIFY
        and sup == {Intent.EXPERT_QA}
        and (fr.asks_opinion or fr.explain)
    ):
        # Unsure between asking back and answering, and the message is a question asking for
        # an explanation or advice ("any spofs here?", "waf needed here?"): answer it.
        return _to(d, Intent.EXPERT_QA), "question-frames"
    if not d.confident and d.intent not in sup and sup == {Intent.CLARIFY}:
        # Unsure, and the only frames present say the message is too vague to act on.
        return replace(_to(d, Intent.CLARIFY), confident=False), "vague-frames"
    if not d.confident and d.intent is Intent.DSL_CREATE and d.intent not in sup and has_diagram:
        # A create nothing supports would replace the open diagram: not without asking. With
        # no diagram open the guess stands: a short request gets a first diagram, not a question.
        return d, "unsupported-create"
    return d, ""


def _to(d: VectorDecision, intent: Intent) -> VectorDecision:
    return replace(d, intent=intent, confidence=max(d.probs.get(intent, 0.0), 0.7), confident=True)


def diagram_edit(
    decided: Intent, fr: Frames, reading: DiagramReading, *, unsure: bool
) -> Verdict | None:
    """`diagram-edit`: with the session's diagram, a message that names its shapes and that the
    architect reads as an operation on them (diagram_reading.py) is an edit, whatever the
    words alone suggested: a fragment that could not be resolved without the diagram ("triton
    -> kserve"), diagram syntax read as a new diagram ("orders_db: PITR on"), an unsure
    question or view vote on a plain instruction. The caller never asks it about a pattern
    decision (greetings, injections, whole-message view commands) or a frame rule (a new or
    separate diagram, revert, adoption). It never moves: an advice, comparison or reason
    question; a question that is not a request ("mTLS needed between svcs?"); "don't change
    anything"; a new-diagram, drawing or code request; a placeholder object ("add something
    for the users"); a confident OUT_OF_SCOPE; what diagram_reading says asks otherwise
    (reachability, another diagram, a direction, hiding that keeps the shape); view wording
    with no edit operation, nor a view vote on view wording unless it restyles, merges or
    moves shapes, or names a link as "A -> B"."""
    if not reading.concrete_edit or decided is Intent.DSL_UPDATE or reading.asks_otherwise:
        return None
    if decided is Intent.OUT_OF_SCOPE and not unsure:
        return None  # off-topic without a doubt ("write me a letter"), whatever it names
    if decided is Intent.DSL_CREATE and (fr.depict_request or fr.draw_request or fr.design_ask):
        return None  # "now create a diagram of a typical X so I can see it"
    requested = fr.request_edit or fr.instruction_sentence or fr.later_request
    if fr.question and not (requested or reading.asked):
        return None
    if opinion_question(fr) and not (fr.instruction_sentence or fr.later_request):
        return None
    if fr.no_change or fr.new_diagram or fr.code_request or fr.vague_object or fr.pointer_only:
        return None
    # view wording that still edits: a restyle, a merge or move of the shapes ("fold X into
    # Y", "X highlighted in red") or a link named as "A -> B"; anything else stays a view
    edits_in_view_words = fr.restyle or reading.link_syntax or reading.reshapes
    if fr.view and not (fr.edit_op or edits_in_view_words):
        return None
    if decided is Intent.VIEW_TOGGLE and fr.view and not edits_in_view_words:
        return None
    return Verdict(Intent.DSL_UPDATE, 0.7, "diagram-edit")
