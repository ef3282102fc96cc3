"""Edits round 5 (issue 11, structure): split parts read from the user's words, merges and
groups named later or with "with the name", marks with the list before the verb, moves from
one container to another. Sentences and diagram of our own; each fails on main 40c1016."""

from __future__ import annotations

from tests.support.edits import applied, linked


def test_divide_in_two_reads_parts_that_share_words_with_shapes() -> None:
    d = applied("please divide the catalogue search in two: Search Indexer and Loans Lookup")
    labels = {s.label for s in d.shapes}
    assert {"Search Indexer", "Loans Lookup"} <= labels and "Catalogue Search" not in labels


def test_a_part_named_as_the_whole_keeps_the_whole() -> None:
    d = applied("separate the notice sender into Notice Sender and SMS Sender")
    sms = next(s for s in d.shapes if s.label == "SMS Sender")
    assert any(s.id == "core.notify" for s in d.shapes) and linked(d, sms.id, "mailer")


def test_both_after_a_split_means_the_parts() -> None:
    d = applied(
        "split the page cache into Hot Pages and Cold Pages. both should go through the mailgun"
    )
    parts = [s.id for s in d.shapes if s.label in ("Hot Pages", "Cold Pages")]
    assert len(parts) == 2 and all(linked(d, p, "mailer") for p in parts)


def test_merge_into_one_kind_with_a_name_is_a_new_whole() -> None:
    d = applied("combine memcache and page cache to one cache with name Shelf Cache")
    assert any(s.label == "Shelf Cache" for s in d.shapes)
    assert not any(s.label in ("Memcache", "Page Cache") for s in d.shapes)


def test_call_it_names_the_box_just_made() -> None:
    d = applied(
        "loans and notices in their own box — the loans service and the notice sender. "
        "call it Desk maybe"
    )
    desk = next(s for s in d.shapes if s.label == "Desk")
    assert {s.parent for s in d.shapes if s.name in ("loans", "notify")} == {desk.id}


def test_a_group_given_with_the_name() -> None:
    d = applied("put memcache and page cache together in one group with the name Caching")
    box = next(s for s in d.shapes if s.label == "Caching")
    assert {s.parent for s in d.shapes if s.name in ("hot_cache", "cold_cache")} == {box.id}


def test_put_inside_fills_the_container_just_made() -> None:
    d = applied("create a group 'Stores' and place inside memcache, page cache and the books db")
    box = next(s for s in d.shapes if s.label == "Stores")
    assert {s.parent for s in d.shapes if s.name in ("hot_cache", "cold_cache", "books_db")} == {
        box.id
    }


def test_the_list_before_a_mark_verb_and_the_link_between_them() -> None:
    d = applied(
        "the loan bits (loans service and books db) pls flag as SOX, and the link between "
        "them two must use mTLS"
    )
    assert all("SOX" in (s.tooltip or "") for s in d.shapes if s.name in ("loans", "books_db"))
    edge = next(c for c in d.connections if {c.src, c.dst} == {"core.loans", "books_db"})
    assert "mtls" in (edge.label or "").lower()


def test_a_mark_verb_in_any_form_with_the_list_set_off_by_dashes() -> None:
    d = applied("tagging both caches here — memcache and the page cache — as holding reader data")
    assert all("reader data" in (s.tooltip or "") for s in d.shapes if "cache" in s.name)


def test_make_x_a_shape_with_words_after_it() -> None:
    d = applied("and make the mailgun a hexagon if that's ok")
    assert next(s for s in d.shapes if s.name == "mailer").shape == "hexagon"


def test_relocate_from_one_container_to_another() -> None:
    d = applied("relocate the notice sender from the core to the edge, it talks to the outside")
    assert next(s for s in d.shapes if s.name == "notify").parent == "edge"


def test_a_terse_arrow_into_a_container() -> None:
    d = applied("mailgun -> inside core")
    assert next(s for s in d.shapes if s.name == "mailer").parent == "core"
