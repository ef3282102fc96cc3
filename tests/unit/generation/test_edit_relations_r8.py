"""Edits round 8 (issue 11): general readers of three kinds of wording. Sentences of our own
on the library diagram of ``tests/support/edits.py`` (never the people-written evaluation
sets). Each test fails on main 022c68e.

1. Links stated in relative clauses and follow-up sentences (:mod:`told_links`).
2. A split that says what each part does (:mod:`split_duties`).
3. Renames and migrations told with typos or as news.
"""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.relation_words import direction, verb_lemma
from tests.support.edits import LIBRARY, applied, linked


def has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


def labelled(d: Diagram, *words: str) -> Shape:
    found = [s for s in d.shapes if all(w in s.label.lower() for w in words)]
    assert len(found) == 1, [s.label for s in d.shapes]
    return found[0]


def ids(d: Diagram) -> set[str]:
    return {s.id for s in d.shapes}


# 1. relations stated about a thing being added or changed


def test_the_lexicon_reads_every_form_and_a_typo_and_knows_the_direction() -> None:
    assert verb_lemma("embedded") == "embed" and verb_lemma("sumbits") == "submit"
    assert verb_lemma("recieves") == "receive" and verb_lemma("portal") is None
    assert direction("send", ["to"]) == "out" and direction("receive", ["from"]) == "in"
    assert direction("call", ["by"], ["is"]) == "in" and direction("consume", []) == "in"


def test_a_shape_that_should_embed_a_new_thing_gets_it_added_and_linked() -> None:
    d = applied("the loans service should embed a barcode scanner")
    scanner = labelled(d, "barcode")
    assert has(d, "core.loans", scanner.id)


def test_a_relative_clause_through_an_external_middle_adds_both_and_chains_them() -> None:
    d = applied(
        "add a reading list service which sends reminders to the notice sender through an "
        "external scheduler"
    )
    lists, scheduler = labelled(d, "reading list"), labelled(d, "scheduler")
    assert has(d, lists.id, scheduler.id) and has(d, scheduler.id, "core.notify")
    assert not linked(d, lists.id, "core.notify")


def test_with_its_own_database_adds_a_new_store_rather_than_using_the_drawn_one() -> None:
    d = applied("add a fines service with its own database")
    fines = labelled(d, "fines", "service")  # its own store is "Fines DB"
    assert not linked(d, fines.id, "books_db")
    own = [c.dst for c in d.connections if c.src == fines.id]
    assert own and all(o not in ("books_db", "hot_cache", "cold_cache") for o in own)


def test_a_follow_up_sentence_names_a_new_source_and_add_both_adds_nothing_more() -> None:
    d = applied("we want a kiosk app. it gets holds from a pager service. add both please")
    kiosk, pager = labelled(d, "kiosk"), labelled(d, "pager")
    assert has(d, pager.id, kiosk.id)
    assert not any("both" in s.label.lower() for s in d.shapes)


def test_two_predicates_after_an_add_each_give_their_link() -> None:
    d = applied(
        "add a renewal worker; the loans service talks to it and it writes into the books db"
    )
    worker = labelled(d, "renewal")
    assert has(d, "core.loans", worker.id) and has(d, worker.id, "books_db")


def test_reaching_a_new_thing_through_a_drawn_one_puts_the_drawn_one_in_the_middle() -> None:
    d = applied("patrons should reach a new self-checkout terminal through the front proxy")
    terminal = labelled(d, "terminal")
    assert has(d, "patron", "edge.proxy") and has(d, "edge.proxy", terminal.id)
    assert not linked(d, "patron", terminal.id)


def test_a_misspelt_receiving_verb_links_a_new_outside_source_into_the_shape() -> None:
    d = applied("the catalogue search recieves updates from an external isbn registry")
    registry = labelled(d, "isbn")
    assert has(d, registry.id, "core.search")


def test_a_shape_named_before_a_payload_word_is_what_flows_not_an_end() -> None:
    d = applied("the notice sender should read loan info from the loans service")
    assert has(d, "core.loans", "core.notify")
    d = applied("the notice sender should get book records from the catalogue search too")
    assert has(d, "core.search", "core.notify") and not linked(d, "core.notify", "books_db")


def test_getting_it_from_one_instead_of_reading_another_directly_moves_the_link() -> None:
    d = applied(
        "could the loans service get the book list from the catalogue search instead of "
        "reading the books db directly?"
    )
    assert has(d, "core.search", "core.loans") and not linked(d, "core.loans", "books_db")


def test_a_purpose_after_the_request_is_no_request_of_its_own() -> None:
    base = ids(compile_d2(LIBRARY))
    for said in (
        "I want a cache before the books db, so the loans service is not going to the "
        "database every time",
        "put a cache in front of the books db so that the loans service does not read the "
        "database on every request",
    ):
        d = applied(said)
        (cache,) = ids(d) - base
        assert linked(d, cache, "books_db") and linked(d, "core.loans", cache), said


def test_a_compound_word_is_not_mended_into_another_product_and_a_typo_head_still_adds() -> None:
    d = applied("add a chatbot service that the front proxy talks to")
    bot = labelled(d, "chatbot")
    assert has(d, "edge.proxy", bot.id)
    d = applied("need a suport chat servce that the loans service talks too")
    assert has(d, "core.loans", labelled(d, "chat").id)


# 2. a split that says what each part does


def test_a_split_with_what_each_part_keeps_hands_each_its_links() -> None:
    d = applied(
        "split the loans service into Lending and Returns: Lending keeps the books db, "
        "Returns keeps the page cache"
    )
    lending, returns = labelled(d, "lending"), labelled(d, "returns")
    assert "core.loans" not in ids(d)
    assert linked(d, lending.id, "books_db") and not linked(d, returns.id, "books_db")
    assert linked(d, returns.id, "cold_cache") and not linked(d, lending.id, "cold_cache")
    # the link no duty names goes to both parts
    assert has(d, "edge.proxy", lending.id) and has(d, "edge.proxy", returns.id)


def test_parts_with_which_clauses_take_the_callers_and_stores_they_name() -> None:
    d = applied(
        "break the catalogue search up into a Query API, which the front proxy calls, and an "
        "Indexer, which fills the memcache"
    )
    query, indexer = labelled(d, "query"), labelled(d, "indexer")
    assert has(d, "edge.proxy", query.id) and not linked(d, "edge.proxy", indexer.id)
    assert linked(d, indexer.id, "hot_cache") and not linked(d, query.id, "hot_cache")


def test_what_the_parts_do_told_in_the_next_sentence_is_read_with_the_split() -> None:
    d = applied(
        "The notice sender please divide in two: Email Notices and Push Notices. "
        "Email notices is sending to mailgun."
    )
    email, push = labelled(d, "email"), labelled(d, "push")
    assert linked(d, email.id, "mailer") and not linked(d, push.id, "mailer")


def test_a_part_named_later_by_one_misspelt_word_of_its_name_takes_its_link() -> None:
    d = applied(
        "split the loans service into loan desk and loan ledger, the ledgr one persists to "
        "the books db"
    )
    desk, ledger = labelled(d, "desk"), labelled(d, "ledger")
    assert linked(d, ledger.id, "books_db") and not linked(d, desk.id, "books_db")


# 3. renames and migrations with typos or told as news


def test_a_new_name_keeps_a_word_the_verb_reader_would_have_made_plain() -> None:
    d = applied("renmae the notice sender to Messaging Hub")
    hub = labelled(d, "messaging hub")
    assert hub.label == "Messaging Hub" and has(d, hub.id, "mailer")


def test_ditched_x_and_went_with_y_replaces_x_with_y() -> None:
    d = applied("we ditched mailgun and went with Postmark")
    postmark = labelled(d, "postmark")
    assert "mailer" not in ids(d) and has(d, "core.notify", postmark.id)


def test_going_with_y_after_ripping_out_x_replaces_x() -> None:
    d = applied("rip out the page cache, we're going fully managed with Valkey")
    valkey = labelled(d, "valkey")
    assert "cold_cache" not in ids(d) and linked(d, "core.loans", valkey.id)


def test_a_misspelt_switch_from_x_to_y_is_a_migration() -> None:
    d = applied("we swithced from mailgun to Sendgrid last month")
    sendgrid = labelled(d, "sendgrid")
    assert "mailer" not in ids(d) and has(d, "core.notify", sendgrid.id)


def test_opting_for_y_after_x_is_gone_replaces_x() -> None:
    d = applied("the memcache is gone, we opted for Dragonfly")
    dragonfly = labelled(d, "dragonfly")
    assert "hot_cache" not in ids(d) and linked(d, "core.search", dragonfly.id)


def test_making_a_shape_another_product_instead_replaces_it_but_a_shape_word_does_not() -> None:
    d = applied("make the page cache a redis insted")
    assert "cold_cache" not in ids(d) and any("redis" in s.label.lower() for s in d.shapes)
    d = applied("the books db should be a Postgres instead")
    assert "books_db" not in ids(d) and any("postgres" in s.label.lower() for s in d.shapes)
    d = applied("turn the page cache into a DynamoDB table")
    assert "cold_cache" not in ids(d)
    d = applied("make the books db a cylinder")
    assert "books_db" in ids(d)


# 4. the wording around a request


def test_a_negative_remark_of_ours_after_a_removal_is_no_request() -> None:
    d = applied("remvoe memcache and the page cache, we dont use either of them anymore")
    assert not {"hot_cache", "cold_cache"} & ids(d)


def test_fronting_a_shape_with_a_new_one_puts_it_in_front() -> None:
    d = applied("front the loans service with a rate limiter")
    limiter = labelled(d, "rate limiter")
    assert has(d, "edge.proxy", limiter.id) and has(d, limiter.id, "core.loans")
    assert not linked(d, "edge.proxy", "core.loans")


def test_a_pronoun_that_needs_or_gets_its_own_thing_gets_a_new_one_linked() -> None:
    d = applied("add a fines service; it gets its own database")
    fines = labelled(d, "fines", "service")  # its own store is "Fines DB"
    own = [c.dst for c in d.connections if c.src == fines.id]
    assert own and "books_db" not in own
    d = applied("hook up a leak detector to the loans service, and it needs its own rule engine")
    detector, engine = labelled(d, "leak"), labelled(d, "rule engine")
    assert has(d, detector.id, "core.loans") and has(d, detector.id, engine.id)


def test_connecting_a_new_thing_to_a_drawn_one_adds_it_first() -> None:
    d = applied("wire a new label printer to the loans service")
    assert has(d, labelled(d, "printer").id, "core.loans")


def test_split_parts_named_with_capitals_keep_their_words_and_which_clauses() -> None:
    d = applied(
        "break up the loans service into Provisioning, which writes to the books db, and "
        "Inventory, which the front proxy calls"
    )
    prov, inv = labelled(d, "provisioning"), labelled(d, "inventory")
    assert prov.label == "Provisioning"
    assert linked(d, prov.id, "books_db") and not linked(d, inv.id, "books_db")
    assert has(d, "edge.proxy", inv.id) and not linked(d, "edge.proxy", prov.id)


def test_news_with_a_time_or_an_it_is_now_replaces_the_old_one() -> None:
    d = applied("ditched mailgun last week and went with Postmark")
    assert "mailer" not in ids(d) and has(d, "core.notify", labelled(d, "postmark").id)
    d = applied("we moved off the page cache, it's Varnish now")
    assert "cold_cache" not in ids(d) and linked(d, "core.loans", labelled(d, "varnish").id)


def test_a_reduced_relative_after_a_new_thing_makes_the_named_shape_its_caller() -> None:
    d = applied("we need a holds service the loans service calls, with its own database")
    holds = labelled(d, "holds", "service")  # its own store is "Holds DB"
    assert has(d, "core.loans", holds.id)
    own = [c.dst for c in d.connections if c.src == holds.id]
    assert own and "books_db" not in own and "core.loans" not in own


def test_a_gapped_rename_with_a_misspelt_verb_renames_both() -> None:
    d = applied("renmae memcache to Hot Tier and the page cache to Cold Tier")
    assert labelled(d, "hot tier").id and labelled(d, "cold tier").id
    assert not any(s.label in ("Memcache", "Page Cache") for s in d.shapes)


def test_is_now_called_takes_a_new_name_that_shares_a_word_with_another_shape() -> None:
    d = applied("the notice sender is now called Patron Mailer")
    assert labelled(d, "patron mailer").label == "Patron Mailer"
    assert "patron" in ids(d)


def test_swapped_out_for_and_gone_then_with_are_migrations() -> None:
    d = applied("we swapped mailgun out for Postmark last sprint")
    assert "mailer" not in ids(d) and has(d, "core.notify", labelled(d, "postmark").id)
    d = applied("mailgun's gone, we're with Sendgrid now")
    assert "mailer" not in ids(d) and has(d, "core.notify", labelled(d, "sendgrid").id)


def test_parts_with_articles_then_a_phrase_naming_one_part_split_the_links() -> None:
    d = applied(
        "can we break the loans service into a Lending svc and a Renewals svc, renewals one "
        "only talks to the page cache"
    )
    lend, renew = labelled(d, "lending"), labelled(d, "renewals")
    assert linked(d, renew.id, "cold_cache") and not linked(d, lend.id, "cold_cache")
