"""Edits round 6, mentions, pronouns, copies and paths: sentences of our own on a small
warehouse diagram of our own (never the people-written evaluation sets). Each test fails on
main 7db0a15."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from services.dsl.generation.edit_state import compile_shared
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.mentions import scan
from tests.support.edits import applied, linked

#: a warehouse: glued ids, a box with two stores, a scanner pair linked the same way
WAREHOUSE = """direction: right

picker: Picker {shape: person}
floor: Floor {
  scanner_a: Dock Scanner A
  hub: Scan Hub
}
apps: Apps {
  wms: Stock Service
  invsvc: Inventory Service
  labels: Label Printer Service
}
vaults: Vaults {
  stockdb: Stock Ledger {shape: cylinder}
  photos: Photo Archive {shape: cylinder}
}
carrier: Carrier Gateway
courier: Courier API

picker -> floor.scanner_a: scans
floor.scanner_a -> floor.hub: MQTT over wifi
floor.hub -> apps.wms: events
apps.wms -> vaults.stockdb: writes
apps.invsvc -> vaults.photos: reads
courier -> carrier: label data
"""


def has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


def label(d: Diagram, src: str, dst: str) -> str:
    return next(c.label or "" for c in d.connections if (c.src, c.dst) == (src, dst))


def shape_like(d: Diagram, word: str) -> str:
    return next(s.id for s in d.shapes if word in s.label.lower())


# 1. mentions: a short form glued into an id; a box named as a place


def mentioned(text: str, context: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    d = compile_shared(WAREHOUSE)
    shapes = [s for s in (d.shape(i) for i in context) if s is not None]
    _, found = scan(knowledge_base(), d, WAREHOUSE, text, shapes)
    return [(m.text, m.ids) for m in found]


def test_a_short_form_written_apart_names_the_shape_whose_id_glues_it() -> None:
    assert mentioned("the inv svc and the stock ledger") == [
        ("inv svc", ["apps.invsvc"]),
        ("stock ledger", ["vaults.stockdb"]),
    ]


def test_a_box_named_after_next_to_is_the_place_of_the_new_component() -> None:
    d = applied("put a backup agent next to vaults", WAREHOUSE)
    agent = shape_like(d, "backup")
    assert agent.startswith("vaults."), agent


# 2. pronouns: by the role they play


def test_it_is_not_a_shape_its_own_clause_names() -> None:
    # the clause before touched the picker and the hub; "it" beside the hub is the picker
    found = mentioned("connect the scan hub to it", ("picker", "floor.hub"))
    assert found == [("scan hub", ["floor.hub"]), ("it", ["picker"])]


def test_it_stays_the_topic_and_means_the_one_the_operation_changes() -> None:
    d = applied(
        "the picker has to see the stock service. hook it up to the scan hub as well. and it "
        "should go in the floor box",
        WAREHOUSE,
    )
    # "it" is the picker both times: linked to the hub, then moved (the hub is in the box)
    assert linked(d, "floor.picker", "floor.hub")
    assert d.shape("floor.picker") is not None and d.shape("apps.wms") is not None


# 3. a copy made like a sibling


def test_a_second_one_in_the_same_manner_takes_the_siblings_box_and_links() -> None:
    d = applied(
        "add a second scanner, 'Dock Scanner B', connected to the scan hub in the same manner",
        WAREHOUSE,
    )
    twin = shape_like(d, "scanner b")
    assert twin.startswith("floor."), twin
    assert has(d, twin, "floor.hub") and label(d, twin, "floor.hub") == "MQTT over wifi"
    assert has(d, "picker", twin)  # the sibling's other link too


# 4. a path written with arrows turns drawn links around


def test_an_arrow_path_turns_a_link_drawn_the_other_way() -> None:
    d = applied(
        "flip that around please. carrier gateway -> courier api -> stock service",
        WAREHOUSE,
    )
    assert has(d, "carrier", "courier") and not has(d, "courier", "carrier")
    assert label(d, "carrier", "courier") == "label data"
    assert has(d, "courier", "apps.wms")
