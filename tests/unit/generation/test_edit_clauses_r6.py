"""Edits round 6, compound requests and what a clause carries: sentences of our own on the
library diagram of ``tests/support/edits.py`` (never the people-written evaluation sets).
Each test fails on main 7db0a15."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from services.dsl.generation.clauses import clauses
from tests.support.edits import applied


def has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


def new_shape(d: Diagram, word: str) -> str:
    return next(s.id for s in d.shapes if word in s.label.lower())


def texts(query: str) -> list[str]:
    return [c.text for c in clauses(query)]


# 1. compound requests: each clause with an operation is applied


def test_an_aside_opened_by_while_you_are_at_it_is_a_second_request() -> None:
    d = applied(
        "add a Fine Calculator, and while you're at it put a Redis cache in front of the books db"
    )
    cache = new_shape(d, "redis")
    assert new_shape(d, "fine")
    assert has(d, cache, "books_db") and has(d, "core.loans", cache)


def test_a_dash_before_a_pronoun_and_a_verb_wires_what_was_just_added() -> None:
    d = applied("add a Reading Tracker — it would pull from the Catalogue Search I think")
    tracker = new_shape(d, "reading tracker")
    assert has(d, "core.search", tracker)
    assert "it will" not in next(s.label for s in d.shapes if s.id == tracker).lower()


def test_plus_between_two_new_components_does_not_merge_their_names() -> None:
    assert texts("add a hold queue, plus an overdue scanner") == [
        "add a hold queue",
        "add an overdue scanner",
    ]


def test_sending_what_a_component_emits_to_a_missing_one_adds_it() -> None:
    d = applied("add a Fine Calculator, and pipe loans service errors to Opsgenie")
    pager = new_shape(d, "opsgenie")
    assert has(d, "core.loans", pager)
    assert new_shape(d, "fine")


def test_sending_what_a_component_emits_to_an_existing_one_links_them() -> None:
    d = applied("route the catalogue search alerts to the notice sender")
    assert has(d, "core.search", "core.notify")
    assert sum(1 for s in d.shapes if "notice" in s.label.lower()) == 1


# 2. what an add carries


def test_the_topic_before_a_colon_is_the_neighbour_of_the_new_component() -> None:
    d = applied("books db: add a nightly snapshot store, retention 30 days")
    store = new_shape(d, "snapshot")
    assert has(d, "books_db", store)
    assert "retention" not in next(s.label for s in d.shapes if s.id == store).lower()


def test_a_dependency_slapped_on_a_component_is_a_link_from_it() -> None:
    d = applied("slap a Consul dependency on the loans service for secrets")
    consul = new_shape(d, "consul")
    assert has(d, "core.loans", consul)
    assert not any("dependency" in s.label.lower() for s in d.shapes)


def test_a_dependency_on_it_means_the_component_the_clause_before_touched() -> None:
    d = applied("mark Mailgun as external — and slap a Vault dependency on it")
    assert has(d, "mailer", new_shape(d, "vault"))


def test_a_cache_in_front_of_a_store_leaves_the_store_reachable_by_its_readers() -> None:
    d = applied("add a varnish cache in front of the books db")
    cache = new_shape(d, "varnish")
    assert has(d, "core.loans", cache) and has(d, cache, "books_db")
    assert has(d, "core.loans", "books_db")


def test_a_watcher_on_a_port_of_a_box_goes_inside_it_and_links_to_what_it_watches() -> None:
    d = applied(
        "Add a packet recorder on a mirror port off the core box — passive, watching "
        "loans service↔books db traffic."
    )
    recorder = new_shape(d, "packet recorder")
    assert recorder.startswith("core.")
    assert any({c.src, c.dst} == {recorder, "core.loans"} for c in d.connections)


# 3. a rule told as policy


def test_an_order_word_after_the_middleman_is_no_part_of_its_name() -> None:
    d = applied(
        "the front proxy must never call the catalogue search directly, everything goes "
        "through a rate limiter first"
    )
    limiter = new_shape(d, "rate limiter")
    assert "first" not in limiter
    assert has(d, "edge.proxy", limiter) or any(
        c.dst == limiter and c.src.endswith("proxy") for c in d.connections
    )
    assert not has(d, "edge.proxy", "core.search")


def test_an_acronym_the_user_wrote_stays_in_the_name_of_the_new_component() -> None:
    d = applied("slap a KMS dependency on the loans service")
    kms = new_shape(d, "kms")
    assert has(d, "core.loans", kms)
    assert any("KMS" in s.label and "dependency" not in s.label for s in d.shapes)


def test_two_new_components_in_one_add_are_two_shapes() -> None:
    d = applied("add a Hold Queue, plus a hold store behind it")
    queue, store = new_shape(d, "hold queue"), new_shape(d, "hold store")
    assert queue != store and has(d, queue, store)


def test_a_feeder_told_after_a_dash_with_it_at_the_end_wires_the_new_one() -> None:
    d = applied("add a Due Date Reminder — the loans service feeds it")
    assert has(d, "core.loans", new_shape(d, "reminder"))


# 3. rules told as policy


def test_may_only_talk_to_through_a_new_middleman_reroutes_the_link() -> None:
    d = applied("the front proxy may only talk to the catalogue search through a query gateway")
    gateway = new_shape(d, "query gateway")
    assert has(d, "edge.proxy", gateway) and has(d, gateway, "core.search")
    assert not has(d, "edge.proxy", "core.search")


def test_reaching_a_shape_only_via_a_middleman_reroutes_the_link() -> None:
    d = applied("the notice sender reaches Mailgun only via a mail relay")
    relay = new_shape(d, "mail relay")
    assert has(d, "core.notify", relay) and has(d, relay, "mailer")
    assert not has(d, "core.notify", "mailer")


def test_should_not_call_a_shape_directly_is_never_a_rename() -> None:
    d = applied("the loans service should not call the books db directly")
    assert any(s.id == "books_db" and s.label == "Books DB" for s in d.shapes)
    assert not has(d, "core.loans", "books_db")
