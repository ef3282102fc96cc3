"""Creates keep what the user named, in the user's words (issue 11, round 3): qualified
mentions of one kind stay apart, subject pronouns keep the link, prose is no component, a
list's items share a relation, and everyday business words call for components."""

from __future__ import annotations

from services.dsl.generation.capabilities import capability_mentions
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from tests.unit.generation.test_create_phrases import diagram, labels, linked


def _names(text: str) -> list[str]:
    return [m.label.lower() for m in read(knowledge_base(), text)[0]]


# 1. qualifiers ------------------------------------------------------------------------------
def test_a_qualified_store_keeps_the_users_words() -> None:
    d = diagram("a video app: uploads land in an s3 staging area, transcoder writes s3 renditions")
    got = " | ".join(labels(d))
    assert "staging" in got and "renditions" in got


def test_a_store_head_wins_over_a_people_word() -> None:
    kinds = {
        m.label.lower(): m.category for m in read(knowledge_base(), "invoices db, users db")[0]
    }
    assert kinds["users db"] == "database"


# 2. pronoun subjects ------------------------------------------------------------------------
def test_a_subject_pronoun_points_back_to_the_component_before_it() -> None:
    mentions, links = read(knowledge_base(), "the billing worker, it reads from rabbitmq")
    names = [m.label.lower() for m in mentions]
    pairs = {(names[x.src], names[x.dst]) for x in links if not x.weak}
    assert any("billing" in a and "rabbit" in b for a, b in pairs)


# 3. noise -----------------------------------------------------------------------------------
def test_the_verb_after_a_subject_is_no_part_of_a_name() -> None:
    names = _names("we tutor adult learners, video lessons, bookings api")
    assert not any(n.startswith("tutor") for n in names)


def test_leading_and_trailing_gerunds_leave_the_component() -> None:
    names = _names("Building order event stream; Flink jobs enriching, then the warehouse")
    assert "order event stream" in names
    assert any(n.startswith("flink") and "enrich" not in n for n in names)


def test_a_plural_is_not_respelt_as_another_word() -> None:
    names = _names("artists, albums, tracks, postgres")
    assert "tracks" in names and "trackers" not in names


# 4. fan-out -------------------------------------------------------------------------------
def test_every_item_of_a_list_states_the_forward_link() -> None:
    d = diagram("billing api, search api and profile api all write to cockroachdb")
    assert all(linked(d, f"{x} api", "cockroach") for x in ("billing", "search", "profile"))


# 5. business prose ------------------------------------------------------------------------
def test_everyday_words_call_for_components() -> None:
    kb = knowledge_base()
    text = "Members pay monthly dues and we remind them by text. Staff sign in with work accounts."
    got = {m.category for m in capability_mentions(kb, text, [])}
    assert {"payment", "sms", "idp"} <= got


def test_a_named_product_is_not_doubled_by_the_lexicon() -> None:
    kb = knowledge_base()
    mentions = read(kb, "tutors get paid through stripe")[0]
    assert not capability_mentions(kb, "tutors get paid through stripe", mentions)
