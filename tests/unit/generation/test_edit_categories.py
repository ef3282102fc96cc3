"""Edits as operations + mentions, round 2: one test per category of wording the first round
missed, on sentences and diagrams of our own (not the people-written evaluation set). Each
test fails on main 7fc5098 (wrong edit, no edit, or an edit where a question was due)."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit, linked

#: two stores, one named "DB", the other only drawn as a database
STORES = """shop: Shop API
orders_db: Orders DB {shape: cylinder}
archive: Archive {shape: cylinder}
shop -> orders_db
shop -> archive
"""


def new_shape(d: Diagram, word: str) -> str:
    return next(s.id for s in d.shapes if word in s.label.lower())


def test_an_added_component_is_wired_as_its_relative_clause_says() -> None:
    d = applied(
        "please add a fine calculator that consumes from the loans service "
        "and writes into the books db"
    )
    fine = new_shape(d, "fine")
    assert any(c.src == "core.loans" and c.dst == fine for c in d.connections)
    assert any(c.src == fine and c.dst == "books_db" for c in d.connections)


def test_an_added_component_named_in_a_container_with_its_caller_after_a_comma() -> None:
    d = applied("add a rate limiter (envoy) in the edge, the front proxy calls it")
    limiter = new_shape(d, "limiter")
    assert limiter.startswith("edge.") and linked(d, "edge.proxy", limiter)


def test_a_kind_word_naming_several_shapes_asks_back_with_both() -> None:
    result = edit("remove the db", STORES)
    assert result.kind != GenerationKind.DIAGRAM
    assert "Orders DB" in result.message and "Archive" in result.message


def test_ungroup_told_over_two_sentences() -> None:
    d = applied("remove the 'Core' box. the services inside it should stay.")
    assert d.shape("core") is None
    assert {"loans", "search", "notify"} <= {s.id for s in d.shapes}


def test_label_it_after_a_clause_that_names_a_link() -> None:
    d = applied("the call from the front proxy to the catalogue search, please label it 'lookup'")
    link = next(c for c in d.connections if (c.src, c.dst) == ("edge.proxy", "core.search"))
    assert link.label == "lookup"


def test_no_longer_living_in_a_container_moves_out() -> None:
    d = applied("the notice sender does not need to live in core anymore")
    assert d.shape("notify") is not None and d.shape("core.notify") is None


def test_directly_not_through_reroutes() -> None:
    d = applied("the catalogue search reads the books db directly now, not through the memcache")
    assert linked(d, "core.search", "books_db") and not linked(d, "core.search", "hot_cache")


def test_a_misspelt_operation_word_is_repaired() -> None:
    d = applied("renmae the mailer to 'Postmark'")
    labels = {s.label for s in d.shapes}
    assert "Postmark" in labels and "Mailgun" not in labels


def test_split_it_after_the_parts_were_told() -> None:
    d = applied(
        "the loans service is really two things: a lending api and a reminder job. split it"
    )
    labels = {s.label.lower() for s in d.shapes}
    assert {"lending api", "reminder job"} <= labels and d.shape("core.loans") is None


def test_replace_both_of_a_collective() -> None:
    d = applied("swap both caches for redis")
    assert d.shape("hot_cache") is None and d.shape("cold_cache") is None
    assert sum("redis" in s.label.lower() for s in d.shapes) == 2


def test_words_added_to_the_labels_of_several_shapes() -> None:
    d = applied("could you add 'v2' to the labels of both caches?")
    assert all("v2" in s.label for s in d.shapes if s.id in ("hot_cache", "cold_cache"))


def test_a_list_stops_where_the_next_predicate_starts() -> None:
    d = applied("rip out the mailer, the notice sender sends mail itself now")
    assert d.shape("mailer") is None and d.shape("core.notify") is not None


def test_all_the_shapes_in_a_container() -> None:
    d = applied("all the services in core must call the memcache")
    assert all(linked(d, f"core.{s}", "hot_cache") for s in ("loans", "search", "notify"))


def test_put_behind_a_new_component() -> None:
    d = applied("put the loans service behind a load balancer")
    lb = new_shape(d, "load balancer")
    assert linked(d, lb, "core.loans") and linked(d, "edge.proxy", lb)


def test_a_remark_without_a_link_does_not_stop_the_request() -> None:
    d = applied("sends to mailgun are slow, so add a queue between the notice sender and mailgun")
    q = new_shape(d, "queue")
    assert linked(d, "core.notify", q) and linked(d, q, "mailer")


def test_a_link_asked_for_in_the_other_direction_is_drawn() -> None:
    d = applied("add a link so the books db can push changes back to the loans service")
    assert any((c.src, c.dst) == ("books_db", "core.loans") for c in d.connections)


def test_a_predicate_after_a_disconnect_is_read_too() -> None:
    d = applied(
        "the mailer should not be called by the notice sender, the loans service calls it directly"
    )
    assert not linked(d, "core.notify", "mailer") and linked(d, "core.loans", "mailer")


#: a name that is one shape's id and heads its label, and qualifies another's
TEAM = """gate: Gate
wiki: Team Wiki
wiki_db: Wiki Postgres
pay: Payments (Adyen)
gate -> wiki
wiki -> wiki_db
gate -> pay
"""


def test_the_shape_a_name_heads_is_meant_not_the_one_it_qualifies() -> None:
    d = applied("rename the wiki to 'Handbook'", TEAM)
    assert {"Handbook", "Wiki Postgres"} <= {s.label for s in d.shapes}


def test_replacing_the_product_of_a_role_keeps_the_role() -> None:
    d = applied("payments: adyen -> stripe", TEAM)
    assert any(s.label == "Payments (Stripe)" for s in d.shapes)


def test_a_new_component_keeps_the_users_name_for_its_kind() -> None:
    d = applied("add a content filter between the gate and the wiki", TEAM)
    f = new_shape(d, "content filter")
    assert linked(d, "gate", f) and linked(d, f, "wiki")


def test_split_into_different_roles_is_a_pipeline() -> None:
    d = applied("split the wiki db into a change feed and a search index", TEAM)
    feed, index = new_shape(d, "change feed"), new_shape(d, "search")
    assert linked(d, "wiki", feed) and linked(d, feed, index)


def test_a_link_to_a_component_introduced_with_an_article_adds_it() -> None:
    d = applied("every service in core should send its events to a new audit store, please add it")
    store = new_shape(d, "audit store")
    assert all(linked(d, f"core.{s}", store) for s in ("loans", "search", "notify"))
    assert not any(s.label.lower() == "it" for s in d.shapes)


def test_a_need_followed_by_an_add_of_it_is_the_component() -> None:
    d = applied("we need a rate limiter, put it between the front proxy and the loans service")
    limiter = new_shape(d, "rate limiter")
    assert linked(d, "edge.proxy", limiter) and linked(d, limiter, "core.loans")
