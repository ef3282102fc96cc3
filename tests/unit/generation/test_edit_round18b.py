"""Edits round 18b: the whole-request cues read with their typos put right.

- "rotue them through it", "pas them thru it": a cue word with two neighbouring letters swapped
  is read by the request-level readers (the bypass of a direct link) as it is by the clauses;
- look-alikes: a real word near a cue word ("rout", "root") is no typo, and without a bypass
  cue the direct link stays.

Sentences and diagram of our own; each typo test fails on main 64d5a6c."""

from __future__ import annotations

import pytest

from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.clauses import respelt_request
from tests.support.edits import applied, linked

#: a small harbour: pilots and a tower app, a berth registry, a tide feed
HARBOUR = """direction: right

pilot: Harbour Pilot {shape: person}
tower: Tower App
berths: Berth Registry {shape: cylinder}
tides: Tide Feed

pilot -> berths: book
tower -> berths: read
tides -> tower
"""


def _d(query: str) -> Diagram:
    return applied(query, HARBOUR)


def _new(d: Diagram, words: str) -> Shape:
    hits = [s for s in d.shapes if words in s.label.lower()]
    assert hits, [s.label for s in d.shapes]
    return hits[0]


@pytest.mark.parametrize("cue", ["rotue", "ruote"])
def test_swapped_route_still_drops_the_direct_link(cue: str) -> None:
    d = _d(
        f"add a Pilot Console for the harbour pilots and {cue} them through it "
        "to the berth registry"
    )
    console = _new(d, "pilot console")
    assert not linked(d, "pilot", "berths")
    assert linked(d, "pilot", console.id) and linked(d, console.id, "berths")


def test_look_alike_connecting_a_new_part_keeps_the_direct_link() -> None:
    d = _d("add a Pilot Console for the harbour pilots and link it to the berth registry")
    console = _new(d, "pilot console")
    assert linked(d, "pilot", "berths")
    assert linked(d, console.id, "berths")


@pytest.mark.parametrize("word", ["rout", "root", "form", "from", "note", "router"])
def test_look_alike_real_words_near_a_cue_are_no_typo(word: str) -> None:
    assert respelt_request(f"the {word} of it") == f"the {word} of it"


def test_swapped_cue_word_put_right_in_the_whole_request() -> None:
    assert respelt_request("then rotue them thru it") == "then route them thru it"
