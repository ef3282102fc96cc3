"""Edit understanding, round 2 of containers, collectives and properties (issue 11): a
collective spelt out by the list after it, everything in / the rest of / all except, empty
named containers filled next, out of A and into B, the top level, link properties and styles
by a link's description or "it", requirements as notes, split parts in the user's case.
The sentences are ours, on the LIBRARY diagram of tests/support/edits.py."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied, linked


def _parent(d: Diagram, name: str) -> str | None:
    found = [s for s in d.shapes if s.name == name]
    assert found, name
    return found[0].parent


def _ids(d: Diagram) -> set[str]:
    return {s.id for s in d.shapes}


def _edge(d: Diagram, a: str, b: str):  # type: ignore[no-untyped-def]
    return next(c for c in d.connections if {c.src, c.dst} == {a, b})


# ---- 1. collectives


def test_a_collective_spelt_out_by_the_list_after_it() -> None:
    for q in (
        "please delete both of the caching bits, the memcache and the page cache",
        "drop the two stores: the books db and the page cache",
    ):
        d = applied(q)
        assert "cold_cache" not in _ids(d), q
    d = applied("please delete both of the caching bits, the memcache and the page cache")
    assert "hot_cache" not in _ids(d) and "books_db" in _ids(d)


def test_everything_in_a_container_and_all_except() -> None:
    d = applied("wipe out everything inside core except the notice sender, it stays")
    assert "core.notify" in _ids(d)
    assert not {"core.loans", "core.search"} & _ids(d)
    d = applied("hook every service in core up to the mailer")
    assert linked(d, "core.loans", "mailer") and linked(d, "core.search", "mailer")


def test_the_rest_of_a_container() -> None:
    d = applied("put the loans service in edge, then move the rest of core into edge as well")
    assert _parent(d, "search") == "edge" and _parent(d, "notify") == "edge"


# ---- 2. containers


def test_an_empty_named_container_inside_another_then_filled() -> None:
    d = applied(
        "set up a new empty box named 'Lending' inside core and stick the loans service in it"
    )
    lending = next(s for s in d.shapes if s.label == "Lending")
    assert lending.parent == "core"
    assert _parent(d, "loans") == lending.id


def test_a_new_container_named_by_its_words_then_them() -> None:
    d = applied("create a new Storage group, then move the books db and the page cache into it")
    box = next(s for s in d.shapes if s.label == "Storage")
    assert _parent(d, "books_db") == box.id and _parent(d, "cold_cache") == box.id


def test_out_of_one_container_and_into_another() -> None:
    d = applied("the catalogue search should come out of core and go into edge")
    assert _parent(d, "search") == "edge"
    d = applied("lift the notice sender out of core and put it alongside the mailgun box")
    assert _parent(d, "notify") is None


def test_to_the_top_level() -> None:
    d = applied("bring the front proxy up to the top level")
    assert _parent(d, "proxy") is None
    d = applied("take the loans service out of every group")
    assert _parent(d, "loans") is None


def test_rename_a_group_by_its_kind_word() -> None:
    d = applied("rename the edge zone to 'Perimeter'")
    assert any(s.label == "Perimeter" and s.children for s in d.shapes)


# ---- 3. split names keep the user's case


def test_split_parts_keep_the_users_case() -> None:
    d = applied("split the books db into a primary and a standby")
    labels = {s.label for s in d.shapes}
    assert {"Books DB primary", "Books DB standby"} <= labels
    d = applied("break the loans service up into a Loans API and a Loans Worker")
    assert {"Loans API", "Loans Worker"} <= {s.label for s in d.shapes}


# ---- 4. link properties by description, "it" for the link just named


def test_a_link_described_then_it_needs_tls() -> None:
    d = applied("the proxy -> loans service traffic is plain http today. it has to use mTLS")
    assert "mTLS" in _edge(d, "edge.proxy", "core.loans").label


def test_a_link_drawn_dashed() -> None:
    d = applied("could the line from the notice sender to mailgun be dotted")
    assert _edge(d, "core.notify", "mailer").style.get("stroke-dash") == "1"
    d = applied("make the patron -> front proxy arrow red please")
    assert _edge(d, "patron", "edge.proxy").style.get("stroke") == "red"


# ---- 5. requirements


def test_requirements_are_notes_on_the_shape() -> None:
    for q, name, said in (
        ("flag the loans service as SOX relevant", "loans", "SOX"),
        ("page cache has to be stateless", "cold_cache", "stateless"),
        ("the front proxy is publicly exposed", "proxy", "publicly"),
        ("books db requires point-in-time recovery", "books_db", "point-in-time"),
    ):
        d = applied(q)
        s = next(x for x in d.shapes if x.name == name)
        assert said.lower() in (s.tooltip or "").lower(), q


def test_a_requirement_without_a_subject_is_said_of_what_was_touched() -> None:
    d = applied("memcache must be encrypted in transit. Also snapshots are mandatory, add that too")
    tip = next(s for s in d.shapes if s.name == "hot_cache").tooltip or ""
    assert "encrypted" in tip and "snapshots" in tip
