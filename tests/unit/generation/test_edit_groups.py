"""Edits round 3 (issue 11, collectives, containers, merge/split, link labels and properties,
shape properties): one test per category, on sentences and a diagram of our own. Each fails
on main 851f807."""

from __future__ import annotations

from shared.contracts import GenerationKind
from tests.support.edits import LIBRARY, applied, edit, linked


def test_a_plural_pronoun_means_the_list_before_it_in_the_clause() -> None:
    d = applied(
        "the loans service and the notice sender are owned by one team — wrap them as 'Desk'"
    )
    desk = next(s for s in d.shapes if s.label == "Desk")
    assert {s.parent for s in d.shapes if s.name in ("loans", "notify")} == {desk.id}


def test_merge_told_as_news_then_asked_into_one_box_called_a_name() -> None:
    d = applied(
        "the memcache and the page cache are one cluster now, we merged them last month — "
        "squash them into one box called Cache Tier"
    )
    assert sum("cache" in s.label.lower() for s in d.shapes) == 1
    assert any(s.label == "Cache Tier" for s in d.shapes)


def test_a_passive_split_into_roles_keeps_the_wholes_links_on_each_part() -> None:
    d = applied("the catalogue search ought to be split into a leader and a follower")
    parts = [s for s in d.shapes if "catalogue search" in s.label.lower()]
    assert len(parts) == 2
    assert all(linked(d, "edge.proxy", p.id) for p in parts)


def test_a_container_removed_with_its_members_left_where_they_are() -> None:
    d = applied("get rid of the core box but leave the services in it as they are")
    assert d.shape("core") is None
    assert {"loans", "search", "notify"} <= {s.id for s in d.shapes}


def test_a_new_link_is_drawn_and_labelled_in_the_next_sentence() -> None:
    d = applied("please draw an arrow from the notice sender to the books db. name it 'reads'")
    link = next(c for c in d.connections if (c.src, c.dst) == ("core.notify", "books_db"))
    assert link.label == "reads"
    assert not any("arrow" in s.label.lower() for s in d.shapes)


def test_a_property_on_every_link_out_of_a_shape() -> None:
    d = applied("every connection leaving the front proxy has to be mTLS")
    out = [c for c in d.connections if c.src == "edge.proxy"]
    assert len(out) == 2 and all("mtls" in c.label.lower() for c in out)


def test_a_list_of_shapes_reshaped_and_a_kind_drawn_as_its_shape() -> None:
    d = applied("show the memcache and the page cache as hexagons")
    assert {s.shape for s in d.shapes if s.id in ("hot_cache", "cold_cache")} == {"hexagon"}
    d = applied("honestly the mailgun should look like a database")
    assert any(s.id == "mailer" and s.shape == "cylinder" for s in d.shapes)


def test_a_modifier_whose_readings_are_named_plainly_is_no_question() -> None:
    base = LIBRARY.replace("search: Catalogue Search", "search: Book Search")
    result = edit("the book search should read book data from the books db", base)
    assert result.kind == GenerationKind.DIAGRAM, result.message
