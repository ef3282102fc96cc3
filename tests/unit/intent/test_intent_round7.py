"""Issue 12, round 7: kinds of miss from the leave-one-writer-out gauge and the people's second
set — two options set side by side without a question mark, an explanation asked as an
imperative over view words, a business domain named alone, a two-word edit question in a run
of edits, a why-question right after a view change, and "simplify it". The sentences are this
file's own, written for each kind, not taken from any bank or evaluation set; the embedding
votes are made up so that each frame and rule is tested alone (no model)."""

from __future__ import annotations

import pytest

from services.intent import policy
from shared.contracts import Intent
from tests.support.intent_votes import frames, settle, vote


# Kind: two named options and nothing else asks which one, question mark or not.
@pytest.mark.parametrize(
    "text",
    [
        "cosmos db or plain postgres",
        "nats vs kafka for the telemetry",
        "ecs or eks here",
        "memcached versus redis",
    ],
)
def test_two_options_side_by_side_ask_for_a_comparison(text: str) -> None:
    fr = frames(text)
    assert fr.bare_comparison and fr.question and fr.comparison, fr.active()
    d, rule = settle(text, vote(Intent.DSL_CREATE), has_diagram=False)
    assert (d.intent, rule) == (Intent.EXPERT_QA, "opinion-question")


@pytest.mark.parametrize(
    "text",
    ["swap redis or memcached in", "top or bottom", "replace kafka or rabbit with sqs"],
)
def test_an_instruction_or_a_pair_naming_nothing_is_no_bare_comparison(text: str) -> None:
    assert not frames(text).bare_comparison


# Kind: "explain / walk me through / describe how ..." asks for words, even when it names a
# data flow or a request path (view vocabulary).
@pytest.mark.parametrize(
    "text",
    [
        "explain the request path from the mobile app to the ledger in plain words",
        "walk me through the data flow between the scanner and the archive",
        "could you describe how the login reaches the identity provider",
    ],
)
def test_an_explanation_asked_as_an_imperative_is_a_question(text: str) -> None:
    assert frames(text).explain_request
    d, rule = settle(text, vote(Intent.VIEW_TOGGLE, confident=True, margin=0.3))
    assert (d.intent, rule) == (Intent.EXPERT_QA, "explain-request")


def test_explain_more_alone_is_not_taken_for_a_question_about_something() -> None:
    _, rule = settle("explain more", vote(Intent.CLARIFY), has_diagram=False)
    assert rule != "explain-request"


def test_an_explanation_with_an_instruction_stays_an_edit() -> None:
    text = "explain the queue to me. then add a dead letter queue next to it"
    _, rule = settle(text, vote(Intent.DSL_UPDATE, confident=True, margin=0.3))
    assert rule != "explain-request"


# Kind: a business domain named alone, with nothing drawn, is the subject of a first design.
@pytest.mark.parametrize("text", ["insurtech", "car sharing", "telehealth", "online auctions"])
def test_a_bare_business_domain_asks_for_a_first_design(text: str) -> None:
    fr = frames(text)
    assert fr.domain_subject and fr.verbless and fr.subject, fr.active()
    d, rule = settle(text, vote(Intent.CLARIFY), has_diagram=False)
    assert (d.intent, rule) == (Intent.DSL_CREATE, "bare-domain")


@pytest.mark.parametrize("text", ["a website", "serverless", "graphql?"])
def test_a_generic_kind_or_a_technology_is_not_a_domain(text: str) -> None:
    assert not frames(text).domain_subject


def test_a_domain_word_with_a_diagram_open_is_left_to_the_vote() -> None:
    _, rule = settle("logistics", vote(Intent.CLARIFY), has_diagram=True)
    assert rule != "bare-domain"


# Kind: a two-word edit asked with a question mark in a run of edits.
@pytest.mark.parametrize(
    "text", ["rate limiter on checkout?", "a bastion in front of the vpc?", "dlq for payments?"]
)
def test_a_terse_placement_question_after_an_edit_is_the_next_edit(text: str) -> None:
    assert frames(text).terse_place, frames(text).active()
    d, rule = settle(text, vote(Intent.EXPERT_QA), last=Intent.DSL_UPDATE)
    assert (d.intent, rule) == (Intent.DSL_UPDATE, "terse-edit-question")


def test_a_terse_placement_question_with_no_edit_before_is_left_to_the_vote() -> None:
    _, rule = settle("rate limiter on checkout?", vote(Intent.EXPERT_QA), last=None)
    assert rule != "terse-edit-question"


def test_a_terse_question_asking_if_needed_stays_advice() -> None:
    _, rule = settle("bastion needed for the vpc?", vote(Intent.EXPERT_QA), last=Intent.DSL_UPDATE)
    assert rule != "terse-edit-question"


def test_a_why_question_after_a_view_change_asks_for_the_reason() -> None:
    text = "ok now that it's filtered, why does billing read the audit log directly?"
    d, rule = settle(text, vote(Intent.VIEW_TOGGLE, confident=True), last=Intent.VIEW_TOGGLE)
    assert (d.intent, rule) == (Intent.EXPERT_QA, "reason-question")


# Kind: "simplify it" / "streamline this" name no part and no way: a wish, not a view.
@pytest.mark.parametrize("text", ["simplify this", "please streamline it", "simplify the design"])
def test_simplify_with_nothing_named_is_a_vague_wish(text: str) -> None:
    fr = frames(text)
    assert fr.vague_quality and not fr.view, fr.active()
    d, _ = settle(text, vote(Intent.VIEW_TOGGLE, confident=True))
    assert d.intent is Intent.CLARIFY


def test_a_simplified_view_is_still_a_view() -> None:
    assert frames("give me the simplified version of the picture").view


def test_tell_me_without_touching_anything_is_a_question_even_on_an_unsure_off_topic_vote() -> None:
    text = "only tell me where it leaks, leave the diagram untouched. do not change anything."
    d, rule = settle(text, vote(Intent.OUT_OF_SCOPE))
    assert (d.intent, rule) == (Intent.EXPERT_QA, "no-change-question")


# Kind: the text of a label given with "say" / "read" is an edit (a relabel), however polite.
@pytest.mark.parametrize(
    "text",
    [
        'Would you mind having the arrow from the kiosk to the ledger say "signed receipts"?',
        "could the box for the old billing tool read 'retired in 2025'",
    ],
)
def test_a_label_text_given_is_an_edit_operation(text: str) -> None:
    assert frames(text).edit_op, frames(text).active()


# Kind: a question first (quoted, or a complaint), then an edit asked on its own.
def test_an_edit_asked_after_a_quoted_question_is_not_an_opinion_question() -> None:
    text = (
        'the auditor wrote "why can the intern reach prod??" — fair. '
        "could you move the deploy runner behind the bastion?"
    )
    assert frames(text).later_request
    d, rule = settle(text, vote(Intent.DSL_UPDATE, confident=True, margin=0.3))
    assert (d.intent, rule) != (Intent.EXPERT_QA, "opinion-question")


def test_change_it_after_a_complaint_is_an_instruction() -> None:
    text = "I said blue for the broker, why is it green?? fix that"
    fr = frames(text)
    assert fr.later_request and policy.edit_supported(fr, Intent.DSL_CREATE), fr.active()


def test_an_advice_question_in_the_later_sentence_is_no_later_request() -> None:
    text = "we use the cache only for tokens. could we remove it or is it needed?"
    assert not frames(text).later_request


# Kind: advice asked in forms the advice frame did not read.
@pytest.mark.parametrize(
    "text",
    [
        "lambda -> fargate for the resizer, good idea or nah",
        "a second nat gateway in every az, overkill",
        "Would it be wiser to keep one region and add a warm standby?",
        "which of the queues would you retire first?",
        "can we skip the nat gateway, or does the vpc endpoint cover it?",
    ],
)
def test_advice_asked_tersely_or_formally_is_an_opinion_question(text: str) -> None:
    fr = frames(text)
    assert policy.opinion_question(fr), fr.active()
    d, rule = settle(text, vote(Intent.DSL_UPDATE), last=Intent.DSL_UPDATE)
    assert d.intent is Intent.EXPERT_QA, rule


# Kind: a topic word with a question mark as the first message, nothing drawn: a fragment.
@pytest.mark.parametrize("text", ["graphql?", "event sourcing?", "serverless??"])
def test_a_bare_topic_with_a_question_mark_and_no_context_asks_back(text: str) -> None:
    assert frames(text).bare_topic_question
    d, rule = settle(text, vote(Intent.EXPERT_QA, confident=True), has_diagram=False)
    assert (d.intent, rule) == (Intent.CLARIFY, "bare-topic-question")


@pytest.mark.parametrize("text", ["bastion needed?", "spofs anywhere?", "why?", "how come?"])
def test_a_terse_question_with_an_act_is_no_bare_topic(text: str) -> None:
    assert not frames(text).bare_topic_question


def test_a_bare_topic_after_an_answer_is_left_to_the_vote() -> None:
    _, rule = settle(
        "graphql?", vote(Intent.EXPERT_QA, confident=True), has_diagram=True, last=Intent.EXPERT_QA
    )
    assert rule != "bare-topic-question"


# Kind: a shape asked for with a count or an adjective ("two person shapes", "a proper
# hexagon shape") is a restyle, an edit.
@pytest.mark.parametrize(
    "text",
    [
        "the admins are people, make them two person shapes",
        "could the archive get a proper cylinder shape",
    ],
)
def test_a_shape_with_a_count_or_an_adjective_is_an_edit(text: str) -> None:
    assert frames(text).edit_op, frames(text).active()


def test_a_reason_given_after_a_polite_request_is_not_advice() -> None:
    text = (
        "Might you give the ledger a cylinder shape? It would help the auditors "
        "spot where money is stored."
    )
    assert not frames(text).advice
    assert frames("would a second broker help with the nightly spike?").advice
