"""Edits round 2, new components and reroutes: sentences of our own on the library diagram of
``tests/support/edits.py`` (never the people-written evaluation sets). Each test fails on main
74081e8."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from services.dsl.generation.edit_state import State, new_spec
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.mentions import scan
from tests.support.edits import LIBRARY, applied, linked


def new_shape(d: Diagram, word: str) -> str:
    return next(s.id for s in d.shapes if word in s.label.lower())


def has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


# 1. new components with the links their own sentence states


def test_a_new_component_off_a_shape_is_fed_by_it_and_the_caller_after_the_comma_calls_it() -> None:
    d = applied("we need a hold-queue gateway off the loans service, the patron polls it")
    gw = new_shape(d, "hold-queue")
    assert has(d, "core.loans", gw) and linked(d, "patron", gw)


def test_a_definite_new_name_that_borrows_a_shape_word_is_added_with_its_caller() -> None:
    d = applied("add the Loans Reminder Scheduler, the notice sender is asking it for due dates")
    sched = new_shape(d, "reminder")
    assert has(d, "core.notify", sched)
    assert d.shape("core.loans") is not None  # the borrowed word named nothing to change


def test_a_pronoun_subject_with_an_uncommon_verb_links_the_new_component() -> None:
    d = applied("add a fines ledger service. it'll also dump nightly totals into the books db")
    assert linked(d, new_shape(d, "ledger"), "books_db")


# 2. weak add verbs


def test_needing_access_is_a_link_request_not_a_new_component() -> None:
    d = applied(
        "connect the patron to the page cache. they need read rights to the page cache "
        "for previews. label it 'previews'"
    )
    assert not any("read rights" in s.label.lower() for s in d.shapes)
    link = next(c for c in d.connections if (c.src, c.dst) == ("patron", "cold_cache"))
    assert link.label == "previews"


# 3. typos in a new component's name


def test_a_misspelt_new_component_is_mended_against_the_knowledge_base() -> None:
    label, _, kind = new_spec(knowledge_base(), "a redis cahce")
    assert "cache" in label.lower() or (kind is not None and kind.id == "redis")
    d = applied("put a rate limtier between the front proxy and the loans service")
    assert any("limiter" in s.label.lower() for s in d.shapes)


def test_a_short_acronym_is_not_mended() -> None:
    label, _, _ = new_spec(knowledge_base(), "an sftp drop")
    assert "sftp" in label.lower()
    assert "limiter" in new_spec(knowledge_base(), "a request limter")[0].lower()


# 4. trailing generic words, remarks between clauses


def _mentions(text: str) -> list[str]:
    st = State(knowledge_base(), LIBRARY)
    return [m.text for m in scan(st.kb, st.diagram, st.d2, text)[1]]


def test_a_generic_head_after_a_name_is_part_of_the_mention() -> None:
    assert _mentions("connect the Memcache service to the notice sender") == [
        "memcache service",
        "notice sender",
    ]


def test_a_phrase_opened_by_an_indefinite_article_names_no_shape() -> None:
    assert _mentions("route the patron through a new loans gateway") == ["patron"]
    d = applied("route the loans service through a new loans gateway")
    assert any("loans gateway" in s.label.lower() for s in d.shapes)


# 5. negative links and reroutes


def test_must_not_call_directly_then_route_through_a_new_component_in_a_container() -> None:
    d = applied(
        "the loans service must not hit the books db directly. "
        "please route those queries through a new loans data service in core"
    )
    mid = new_shape(d, "loans data")
    assert mid.startswith("core.")
    assert not linked(d, "core.loans", "books_db")
    assert linked(d, "core.loans", mid) and linked(d, mid, "books_db")


def test_after_a_cut_link_the_subject_must_go_via_an_existing_shape() -> None:
    d = applied(
        "the front proxy can not reach the catalogue search on its own. "
        "the catalogue search has to go via the loans service"
    )
    assert not linked(d, "edge.proxy", "core.search")
    assert has(d, "edge.proxy", "core.loans") and has(d, "core.loans", "core.search")


def test_the_one_calling_it_not_the_other() -> None:
    d = applied(
        "rename the mailer to 'Postmark' — and the loans service should be the one calling "
        "it, not the notice sender"
    )
    pm = new_shape(d, "postmark")
    assert linked(d, "core.loans", pm) and not linked(d, "core.notify", pm)
