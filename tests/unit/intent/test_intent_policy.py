"""The policy over frames and the embedding vote, rule by rule (no model: decisions are made up
here so that each rule is tested alone)."""

from __future__ import annotations

from services.intent import policy
from services.intent.frames import Frames, analyse
from services.intent.lexicon import canonical
from services.intent.vector import VectorDecision
from shared.contracts import Intent


def vote(intent: Intent, *, confident: bool = True, margin: float = 0.5) -> VectorDecision:
    probs = dict.fromkeys(Intent, 0.02)
    probs[intent] = 0.6
    return VectorDecision(intent, 0.6, 0.7, margin, confident, probs)


def settle(
    text: str, d: VectorDecision, *, has_diagram: bool = True, last: Intent | None = None
) -> tuple[VectorDecision, str]:
    fr = analyse(canonical(text))
    return policy.settle(d, fr, has_diagram=has_diagram, last_intent=last, support_margin=0.1)


def test_an_advice_question_naming_an_edit_is_a_question() -> None:
    d, rule = settle("should we add a queue in front of the mailer?", vote(Intent.DSL_UPDATE))
    assert (d.intent, rule) == (Intent.EXPERT_QA, "opinion-question")


def test_an_instruction_next_to_the_question_wins() -> None:
    d, _ = settle("why is there no cache? please add one before the db", vote(Intent.DSL_UPDATE))
    assert d.intent == Intent.DSL_UPDATE


def test_an_edit_asked_as_a_question_is_an_edit() -> None:
    d, rule = settle("could you also include a vault for the keys?", vote(Intent.EXPERT_QA))
    assert (d.intent, rule) == (Intent.DSL_UPDATE, "edit-request")


def test_view_vocabulary_without_a_content_edit_is_a_view() -> None:
    d, rule = settle("the boxes are too small to read", vote(Intent.DSL_UPDATE))
    assert (d.intent, rule) == (Intent.VIEW_TOGGLE, "view-vocabulary")


def test_create_between_existing_components_is_an_edit() -> None:
    d, rule = settle("create a topic between orders and shipping", vote(Intent.DSL_CREATE))
    assert (d.intent, rule) == (Intent.DSL_UPDATE, "create-in-place")


def test_a_list_of_components_with_no_diagram_asks_for_one() -> None:
    d, rule = settle(
        "django, celery, rabbitmq and postgres", vote(Intent.DSL_UPDATE), has_diagram=False
    )
    assert (d.intent, rule) == (Intent.DSL_CREATE, "component-list")


def test_an_edit_with_nothing_concrete_is_never_confident() -> None:
    for text in ("add the usual", "make it cheaper", "change the part we discussed", "fix it"):
        d, rule = settle(text, vote(Intent.DSL_UPDATE))
        assert not d.confident and rule == "unresolved-edit", text


def test_a_pronoun_resolves_after_an_edit_but_not_out_of_the_blue() -> None:
    alone, _ = settle("make that one dashed", vote(Intent.DSL_UPDATE))
    after, _ = settle("make that one dashed", vote(Intent.DSL_UPDATE), last=Intent.DSL_UPDATE)
    assert not alone.confident and after.confident


def test_frames_make_a_close_decision_confident() -> None:
    d, rule = settle(
        "add a waf in front of the api", vote(Intent.DSL_UPDATE, confident=False, margin=0.15)
    )
    assert d.confident and rule == "frames-support"


def test_frame_rules() -> None:
    def rule(text: str, last: Intent | None = None) -> policy.Verdict | None:
        return policy.frame_rule(analyse(canonical(text)), has_diagram=True, last_intent=last)

    assert rule("create a diagram please") == policy.Verdict(Intent.CLARIFY, 0.9, "no-subject")
    new = rule("scrap it, fresh design for a ferry booking site")
    adopt = rule("ok, add it", Intent.EXPERT_QA)
    assert new is not None and new.intent == Intent.DSL_CREATE
    assert adopt is not None and adopt.intent == Intent.DSL_UPDATE
    assert rule("ok, add it") is None
    assert rule("add a cache") is None


def test_supported_intents() -> None:
    def sup(text: str) -> set[Intent]:
        return policy.supported(
            Frames() if not text else analyse(canonical(text)), has_diagram=True, last_intent=None
        )

    assert sup("") == set()
    assert Intent.DSL_UPDATE in sup("connect the worker to the queue")
    assert Intent.EXPERT_QA in sup("what does the gateway do?")
    assert Intent.CLARIFY in sup("make it nicer")


def rule_of(text: str, *, has_diagram: bool = True) -> policy.Verdict | None:
    return policy.frame_rule(analyse(canonical(text)), has_diagram=has_diagram, last_intent=None)


def test_undo_revert_and_pin_in_words_are_edits() -> None:
    for text in (
        "undo that last change",
        "roll back to version 2 pls",
        "bring back the earlier version",
        "can we return to v1",
        "pin the billing service where it is",
        "freeze the positions of the queue boxes",
        "don't move the auth server around anymore",
    ):
        verdict = rule_of(text)
        assert verdict is not None and verdict.intent is Intent.DSL_UPDATE, text
    # resetting the *view* is not a revert, and a question about rollbacks is not one either
    assert rule_of("back to the full view") is None
    assert rule_of("should we have a rollback plan for the schema migration?") is None


def test_an_unsure_instruction_with_only_edit_frames_is_an_edit() -> None:
    d, rule = settle(
        "use dotted arrows for every batch job", vote(Intent.OUT_OF_SCOPE, confident=False)
    )
    assert (d.intent, rule, d.confident) == (Intent.DSL_UPDATE, "edit-frames", False)
    # ... but not when it is a question, or with no diagram to change
    d, rule = settle("use dotted arrows for batch jobs?", vote(Intent.EXPERT_QA, confident=False))
    assert d.intent is Intent.EXPERT_QA
    d, _ = settle(
        "use dotted arrows for every batch job",
        vote(Intent.OUT_OF_SCOPE, confident=False),
        has_diagram=False,
    )
    assert d.intent is Intent.OUT_OF_SCOPE


def test_an_unsure_create_with_no_diagram_open_stands() -> None:
    text = "ticket triage desk fed by an email inbox"
    d, rule = settle(text, vote(Intent.DSL_CREATE, confident=False), has_diagram=False)
    assert d.intent is Intent.DSL_CREATE and rule != "unsupported-create"
    d, rule = settle(text, vote(Intent.DSL_CREATE, confident=False), has_diagram=True)
    assert rule == "unsupported-create"


def test_a_pronoun_whose_antecedent_is_named_is_not_a_vague_edit() -> None:
    fr = analyse(canonical("the message bus ought to be rabbitmq, swap it"))
    assert not policy.unresolved_edit(fr, None)
    assert policy.unresolved_edit(analyse(canonical("fix it")), None)
