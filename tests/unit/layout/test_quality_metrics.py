"""The quality metrics find each kind of fault they claim to find (hand-built layouts)."""

from __future__ import annotations

import pytest

from services.layout.model import Box, Layout, SizedEdge, SizedGraph, SizedNode
from services.layout.quality import measure

pytestmark = pytest.mark.node


def _graph(edges: list[tuple[str, str, str]] | None = None) -> SizedGraph:
    nodes = [
        SizedNode("c", 10, 10, None, True),
        SizedNode("c.a", 40, 20, "c"),
        SizedNode("b", 40, 20),
        SizedNode("d", 40, 20),
        SizedNode("k", 10, 10, None, True),
        SizedNode("k.x", 40, 20, "k"),
    ]
    return SizedGraph(nodes, [SizedEdge(i, s, t) for i, s, t in (edges or [])])


def _boxes(**over: Box) -> dict[str, Box]:
    boxes = {
        "c": Box(0, 0, 100, 100),
        "c.a": Box(20, 40, 40, 20, "c"),
        "b": Box(200, 40, 40, 20),
        "d": Box(400, 40, 40, 20),
        "k": Box(0, 200, 100, 100),
        "k.x": Box(20, 240, 40, 20, "k"),
    }
    boxes.update(over)
    return boxes


def test_clean_layout_has_no_faults() -> None:
    g = _graph([("e1", "c.a", "b"), ("e2", "b", "d")])
    lay = Layout(_boxes(), {"e1": [(60, 50), (200, 50)], "e2": [(240, 50), (400, 50)]})
    q = measure(g, lay)
    assert q.as_dict() == {
        "overlaps": 0,
        "outside": 0,
        "detached": 0,
        "through_nodes": 0,
        "through_containers": 0,
        "crossings": 0,
        "label_boxes": 0,
        "label_labels": 0,
        "label_titles": 0,
        "shared_segments": 0,
        "against_flow": 0,
        "faults": 0,
        "label_collisions": 0,
        "unreadable": 0,
    }


def test_overlap_and_outside_are_found() -> None:
    lay = Layout(
        _boxes(b=Box(230, 40, 40, 20), d=Box(250, 50, 40, 20), **{"c.a": Box(80, 40, 40, 20, "c")}),
        {},
    )
    q = measure(_graph(), lay)
    assert q.overlaps == 1  # b and d; a container and its child never count
    assert q.outside == 1  # c.a sticks out of c


def test_edge_through_foreign_leaf_and_container() -> None:
    g = _graph([("e1", "c.a", "d"), ("e2", "b", "k.x")])
    lay = Layout(
        _boxes(),
        {
            # c.a -> d passes straight through b
            "e1": [(60, 50), (400, 50)],
            # b -> k.x dips through container c (which holds neither end) on its way
            "e2": [(200, 60), (50, 80), (50, 150), (40, 240)],
        },
    )
    q = measure(g, lay)
    assert q.through_nodes == 1
    assert q.through_containers == 1


def test_detached_edges_are_found() -> None:
    g = _graph([("e1", "b", "d"), ("e2", "d", "b")])
    lay = Layout(_boxes(), {"e1": [(230, 50), (400, 50)]})  # starts inside b; e2 missing
    assert measure(g, lay).detached == 2


def test_crossings_count_distinct_pairs() -> None:
    g = _graph([("e1", "c.a", "d"), ("e2", "b", "k.x"), ("e3", "b", "d")])
    lay = Layout(
        _boxes(),
        {
            "e1": [(60, 50), (150, 50), (150, 150), (400, 150), (420, 60)],
            "e2": [(220, 60), (220, 180), (130, 180), (130, 120), (40, 240)],
            "e3": [(240, 50), (400, 50)],
        },
    )
    assert measure(g, lay).crossings == 1  # e1 x e2 cross once (counted once); e3 crosses none
