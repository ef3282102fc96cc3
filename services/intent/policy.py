"""The labelling policy as decisions over speech-act frames (frames.py) and the embedding vote.

Two places in the cascade read the frames:

- `frame_rule` — before the embeddings, a few frames decide alone because the policy says so
  whatever the topic: a request for a diagram with no subject ("create a diagram") is CLARIFY,
  a new / fresh / separate diagram with a subject is DSL_CREATE even with a diagram open, "ok,
  add it" after a recommendation is DSL_UPDATE.
- `settle` — after the embeddings, the frames check the vote: an advice, comparison or reason
  question that names an edit is EXPERT_QA unless an instruction stands on its own ("why is
  there no backup? please add one"); an edit asked as a question ("could you add a vault?")
  is DSL_UPDATE; view vocabulary without a content edit is VIEW_TOGGLE; and an edit needs a
  concrete operation on something that can be resolved, else it is not confident — so that
  without an LLM it becomes CLARIFY instead of a guessed edit.

A decision the frames *support* (the frames of its intent are present) is confident even with
a small embedding margin; one they contradict is not, and goes to the LLM when one is
configured. Each rule has a name, printed by the evaluation, so that each is measured.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    vague_quality = fr.vague_quality and not fr.concrete_quality
    return (
        fr.vague_object
        or fr.pointer_only
        or (vague_quality and not (fr.reference and fr.multi_sentence))
        or (fr.pronoun_object and not fr.reference and last_intent is None)
        or (not fr.reference and not fr.edit_op)
    )


def stands_as_instruction(fr: Frames) -> bool:
    """An edit told outright, next to whatever question the message also asks."""
    return fr.imperative_edit and fr.edit_op and (fr.multi_sentence or not fr.question)


def opinion_question(fr: Frames) -> bool:
    return (fr.question and (fr.advice or fr.comparison or fr.reason)) or fr.no_change


def supported(fr: Frames, last_intent: Intent | None) -> set[Intent]:
    """The intents whose frames the message carries."""
    out: set[Intent] = set()
    if (
        fr.edit_op
        and not unresolved_edit(fr, last_intent)
        and (fr.reference or fr.imperative_edit or fr.request_edit)
        and (not opinion_question(fr) or stands_as_instruction(fr))
    ):
        out.add(Intent.DSL_UPDATE)
    if fr.question and (fr.asks_opinion or fr.explain or fr.wh_start) and not fr.instruction:
        out.add(Intent.EXPERT_QA)
    if fr.no_change:
        out.add(Intent.EXPERT_QA)
    if fr.view:
        out.add(Intent.VIEW_TOGGLE)
    if fr.subject and (fr.depict or fr.new_diagram):
        out.add(Intent.DSL_CREATE)
    if fr.bare_create or fr.vague_object or fr.pointer_only:
        out.add(Intent.CLARIFY)
    if fr.vague_quality and not fr.concrete_quality:
        out.add(Intent.CLARIFY)
    return out


def frame_rule(fr: Frames, *, has_diagram: bool, last_intent: Intent | None) -> Verdict | None:
    """A decision the frames make alone (None: let the embeddings decide)."""
    if fr.bare_create and last_intent is not Intent.CLARIFY:
        return Verdict(Intent.CLARIFY, 0.9, "no-subject")
    if fr.new_diagram and fr.subject and not opinion_question(fr) and not fr.view:
        return Verdict(Intent.DSL_CREATE, 0.9, "new-diagram")
    if last_intent is Intent.EXPERT_QA and fr.adopt and not fr.question:
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
    sup = supported(fr, last_intent)
    if d.intent is Intent.DSL_UPDATE and opinion_question(fr) and not stands_as_instruction(fr):
        return _to(d, Intent.EXPERT_QA, confident=True), "opinion-question"
    if (
        d.intent is Intent.EXPERT_QA
        and fr.request_edit
        and fr.edit_op
        and not unresolved_edit(fr, last_intent)
        and not opinion_question(fr)
    ):
        return _to(d, Intent.DSL_UPDATE, confident=True), "edit-request"
    if (
        d.intent not in (Intent.VIEW_TOGGLE, Intent.DSL_CREATE)
        and fr.view
        and (not fr.edit_op or fr.view_not_edit)
        and not opinion_question(fr)
        and d.intent is not Intent.OUT_OF_SCOPE
    ):
        return _to(d, Intent.VIEW_TOGGLE, confident=True), "view-vocabulary"
    if d.intent is Intent.DSL_UPDATE and unresolved_edit(fr, last_intent):
        # No concrete operation on something resolvable: never a guessed edit.
        return replace(d, confident=False), "unresolved-edit"
    if not d.confident and d.intent in sup and d.margin >= support_margin:
        return replace(d, confident=True), "frames-support"
    return d, ""


def _to(d: VectorDecision, intent: Intent, *, confident: bool) -> VectorDecision:
    return replace(
        d, intent=intent, confidence=max(d.probs.get(intent, 0.0), 0.7), confident=confident
    )
