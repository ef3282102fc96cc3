"""Edits round 18a: "updates" states a write link, like "writes to", also in the relative
clause of a new part ("add a worker that updates the stock db" draws worker -> stock db).

Sentences of our own over the shared library diagram; the first two fail on main 64d5a6c,
the last holds look-alikes (a link already read there, and "update" as the edit itself)."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied


def _has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


def _new_id(d: Diagram, word: str) -> str:
    ids = [s.id for s in d.shapes if word in s.id]
    assert len(ids) == 1, ids
    return ids[0]


def test_new_part_in_a_box_that_updates_a_store_writes_to_it() -> None:
    d = applied("add a renewals worker in core that updates the books db")
    assert _has(d, _new_id(d, "renewals"), "books_db")


def test_new_part_that_updates_a_cache_writes_to_it() -> None:
    d = applied("please add a fines service which updates the page cache")
    assert _has(d, _new_id(d, "fines"), "cold_cache")


def test_look_alikes_keep_their_reading() -> None:
    d = applied("add a fines service. it updates the books db")
    assert _has(d, _new_id(d, "fines"), "books_db")
    d = applied("update the books db label to Book Store")
    assert any(s.label == "Book Store" for s in d.shapes)
    assert len(d.connections) == 7
