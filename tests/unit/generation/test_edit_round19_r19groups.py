"""Edits round 19 (groups): group membership changes read by structure (:mod:`regroup`):
the members, the group they leave and the group they join (drawn, or new and made where the
old one stood), wherever the words stand and in several voices.

Sentences of our own over a small harbour diagram of our own; each mechanism's sentences
fail on main 1290d98, the look-alikes hold on both."""

from __future__ import annotations

import pytest

from services.dsl.d2.model import Diagram
from tests.support.edits import applied, edit

HARBOUR = """direction: right

captain: Ship Captain {shape: person}
berth: Berth Systems {
  planner: Berth Planner
  crane: Crane Controller
  tally: Tally Service
  billing: Harbour Billing
}
stores: Stores {
  ledger_db: Ledger DB {shape: cylinder}
  manifest_db: Manifest DB {shape: cylinder}
}
yard: Yard {
  gate: Gate Service
  stacker: Stack Optimiser
}
customs: Customs Broker

captain -> berth.planner: book a slot
berth.planner -> berth.crane: schedule
berth.crane -> berth.tally: lifts
berth.tally -> stores.manifest_db: record
berth.billing -> stores.ledger_db: post
berth.tally -> berth.billing: charge
yard.gate -> customs: declare
yard.stacker -> stores.manifest_db: read
"""


def _shape(d: Diagram, word: str) -> str:
    """The one shape whose id or label holds `word`."""
    ids = [s.id for s in d.shapes if word in s.id.lower() or word in s.label.lower()]
    assert len(ids) == 1, ids
    return ids[0]


def _box(d: Diagram, word: str) -> str:
    """The id of the container whose label holds `word`."""
    ids = [s.id for s in d.shapes if word in s.label.lower() and s.children]
    assert len(ids) == 1, (word, [(s.id, s.label) for s in d.shapes])
    return ids[0]


def _parent(d: Diagram, word: str) -> str | None:
    ids = [s for s in d.shapes if word in s.label.lower() and not s.children]
    assert len(ids) == 1, ids
    return ids[0].parent


# the part leaves its group and joins a new one, made where the old one stood
OUT_INTO_NEW = [
    "move the harbour billing out of berth systems and into a separate Finance group",
    "please take Harbour Billing out of the Berth Systems box and put it in a new Finance zone",
    "Harbour Billing isn't part of the berth systems, take it out and make a new group "
    "Finance for it",
    "billing out of berth systems -> into its own Finance group pls",
    "Kindly relocate Harbour Billing from Berth Systems to a separate Finance group.",
    "harbour biling shoud go in a new Finance zone insted of berth systems",
    "the harbour billing, please give it its own little Finance zone outside berth systems",
    "I'd like Harbour Billing moved away from Berth Systems into a brand new Finance group",
    "Harbour Billing must go into its own Finance segment rather than Berth Systems",
    "get harbour billing out of berth systems and into a separate finance group, thanks",
    "billing -> out of berth systems, into a new group Finance",
    "Could you please take the harbour billing away from berth systems and give it a "
    "separate Finance zone?",
    "we want harbour billing out of the berth systems, in a new group called Finance",
    "Harbour billing: out of Berth Systems and into one new group Finance.",
    "The Harbour Billing should leave Berth Systems and go into its own Finance zone.",
    "I would prefer the harbour billing in a dedicated Finance zone instead of berth systems",
    "remove harbour billing from the berth systems group and create a new group Finance for it",
    "harbour billing doesn't belong to berth systems, make a separate Finance group for it",
    "Harbour Billing belongs in a new Finance group, not in Berth Systems",
    "please move Harbour Billing into a separate Finance group (not in Berth Systems)",
]


@pytest.mark.parametrize("query", OUT_INTO_NEW)
def test_a_part_leaves_its_group_for_a_new_one(query: str) -> None:
    d = applied(query, HARBOUR)
    finance = _box(d, "finance")
    assert _parent(d, "billing") == finance
    # the new group stands where the old one stood (the top level here)
    assert next(s for s in d.shapes if s.id == finance).parent is None
    # the rest of the old group stays; the links stay
    assert _parent(d, "tally") == "berth"
    assert any(c.dst == f"{finance}.billing" for c in d.connections)


# several parts named first or collectively go into a new group of one name
TOGETHER_NEW = [
    "The gate service and the stack optimiser, please put them together in one group Landside.",
    "Gate Service and Stack Optimiser, could you group them in a new group Landside?",
    "Would you put the Gate Service along with the Stack Optimiser in a new 'Landside' group?",
    "the gate servce and stack optimizer shoud be together in one group Landside",
    "gate service and stack optimiser need to be in a new group Landside together",
    "Please group the gate service with the stack optimiser in a new zone called Landside.",
    "the gate service & the stack optimiser -> put both into a new Landside zone",
    "can the gate service and stack optimiser share one new group Landside?",
    "the gate service and the stack optimiser, please make a new group Landside for them",
    "I want to have gate service and stack optimiser together in one group Landside",
    "gate service and stack optimiser, give them their own Landside zone",
    "Gate Service plus Stack Optimiser should go into one new Landside group.",
    "the gate service and the stack optimiser, can you make a group Landside with them",
]


@pytest.mark.parametrize("query", TOGETHER_NEW)
def test_parts_named_first_go_into_a_new_group(query: str) -> None:
    d = applied(query, HARBOUR)
    landside = _box(d, "landside")
    assert _parent(d, "gate") == landside
    assert _parent(d, "stack") == landside


# a collective that names the box itself ("both dbs" of the Stores box) means its contents
HELD = [
    "both stores should go in a Restricted zone instead of Stores",
    "take the two stores out of Stores and into a separate Restricted group",
    "all stores should sit in a new Restricted zone rather than in Stores",
    "I'd like both stores in a dedicated Restricted zone instead of the Stores group",
    "the two stores need their own Restricted zone instead of Stores",
    "stores: out of Stores, into a new Restricted zone",
    "Kindly relocate both stores from Stores to a new Restricted zone.",
    "both stores go to a Restricted zone, instead of the Stores box pls",
    "could we have both stores in a separate Restricted group instead of Stores?",
    "Both stores belong in a new Restricted zone rather than the Stores box.",
    "I'd prefer the two stores in a Restricted zone rather than in Stores",
    "both stores, please put them in a new Restricted group rather than Stores",
]


@pytest.mark.parametrize("query", HELD)
def test_a_collective_of_the_source_box_means_what_it_holds(query: str) -> None:
    d = applied(query, HARBOUR)
    restricted = _box(d, "restricted")
    assert _parent(d, "ledger") == restricted
    assert _parent(d, "manifest") == restricted


# a part said not to live with the others leaves their box
NOT_WITH = [
    "the Harbour Billing really shouldn't live with the other berth systems",
    "the billing service does not belong with the rest of the berth systems",
    "The Harbour Billing must not stay with the other berth systems.",
    "harbour billing shouldnt be with the berth systems",
    "hmm, the billing service really should not sit among the berth systems",
    "billing shouldn't live among the rest of the berth systems",
    "harbor billing shud not live with berth systems",
    "honestly the harbour billing shouldn't sit with the other berth systems",
    "so harbour billing should not stay among the berth systems",
    "Harbour Billing must not live with the rest of the berth systems.",
    "the harbour billing does not really belong with the berth systems",
    "Harbour Billing should not reside with the other berth systems.",
    "harbour billing shoud not be among the other berth systems",
    "btw harbour billing should not sit with berth systems",
    "Harbour Billing: should not remain with the other berth systems",
    "the billing thing shouldn't go with the other berth systems",
]


@pytest.mark.parametrize("query", NOT_WITH)
def test_a_part_that_should_not_live_with_the_others_leaves(query: str) -> None:
    d = applied(query, HARBOUR)
    assert _parent(d, "billing") is None
    assert _parent(d, "tally") == "berth"


def test_later_clauses_still_apply_to_the_members() -> None:
    d = applied(
        "put both stores in a Restricted zone instead of the Stores box, and encrypt them too",
        HARBOUR,
    )
    restricted = _box(d, "restricted")
    for word in ("ledger", "manifest"):
        s = next(s for s in d.shapes if word in s.label.lower())
        assert s.parent == restricted
        assert "encrypt" in f"{s.tooltip} {s.label} {s.style} {s.attrs}".lower()


def test_a_dissolved_box_named_again_is_not_read_twice() -> None:
    d = applied(
        "The Yard group is not needed, please remove the group but keep the things inside of it",
        HARBOUR,
    )
    assert all(s.label != "Yard" for s in d.shapes)
    assert _parent(d, "gate") is None and _parent(d, "stack") is None


# look-alikes: a remark moves nothing, a drawn group takes no new one, "group" alone groups
def test_a_remark_about_belonging_moves_nothing() -> None:
    r = edit("the tally service is part of the berth systems", HARBOUR)
    assert r.d2 is None or _parent_in(r.d2, "tally") == "berth"


def _parent_in(d2: str, word: str) -> str | None:
    from services.dsl.d2 import compile_d2

    return _parent(compile_d2(d2), word)


# sentences main already read: they must keep their reading
HELD_BEFORE = [
    "Kindly move Harbour Billing out of Berth Systems into a separate group named Finance.",
    "Harbour Billing does not belong in Berth Systems.",
    "the Harbour Billing should really not be in the berth systems box",
]


@pytest.mark.parametrize("query", HELD_BEFORE)
def test_moves_read_before_keep_their_reading(query: str) -> None:
    d = applied(query, HARBOUR)
    assert _parent(d, "tally") == "berth"
    assert _parent(d, "billing") in (None, "finance")


def test_merging_into_one_box_makes_no_group() -> None:
    d = applied(
        "squash the gate service and the stack optimiser into one box called Landside", HARBOUR
    )
    assert len([s for s in d.shapes if "landside" in s.label.lower()]) == 1
    assert not any(s.children for s in d.shapes if "landside" in s.label.lower())


def test_a_group_said_with_its_parent_or_a_new_part_is_the_group_readers() -> None:
    d = applied(
        "put the gate service in a new box 'Landside', together with the stack optimiser", HARBOUR
    )
    assert _parent(d, "gate") == _parent(d, "stack") == _box(d, "landside")


def test_a_move_into_a_drawn_group_makes_no_new_group() -> None:
    d = applied("move the harbour billing into the Yard group", HARBOUR)
    assert _parent(d, "billing") == "yard"
    assert len([s for s in d.shapes if s.children]) == 3
    d = applied("move harbour billing into the yard, not berth systems", HARBOUR)
    assert _parent(d, "billing") == "yard"
    assert len([s for s in d.shapes if s.children]) == 3


def test_grouping_alone_stays_a_group() -> None:
    d = applied("group the gate service and the stack optimiser into Landside", HARBOUR)
    landside = _box(d, "landside")
    assert _parent(d, "gate") == landside
    d = applied("move the crane controller to the top level", HARBOUR)
    assert _parent(d, "crane") is None
    assert _parent(d, "billing") == "berth"


def test_part_of_is_no_mention_of_a_parts_service() -> None:
    base = HARBOUR.replace("tally: Tally Service", "tally: Parts Tally")
    d = applied(
        "Harbour Billing is not part of the berth systems, please move it out of Berth Systems",
        base,
    )
    assert _parent(d, "billing") is None
    assert _parent(d, "parts") == "berth"
