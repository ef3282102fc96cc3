"""Pinned nodes keep their place when the spot is free; otherwise they are reported."""

from __future__ import annotations

import pytest

from services.layout import layout_graph, sized_graph
from services.layout.quality import measure
from services.layout.samples import sample_graph
from shared.contracts import DiagramGraph, GraphEdge, GraphNode

pytestmark = pytest.mark.node


@pytest.fixture
def graph() -> DiagramGraph:
    return DiagramGraph(
        nodes=[
            GraphNode(id="web", label="Web"),
            GraphNode(id="vpc", label="VPC", is_container=True),
            GraphNode(id="vpc.api", label="API", parent="vpc"),
            GraphNode(id="vpc.db", label="DB", parent="vpc", shape="cylinder"),
            GraphNode(id="cdn", label="CDN"),
        ],
        edges=[
            GraphEdge(id="e1", src="web", dst="vpc.api"),
            GraphEdge(id="e2", src="vpc.api", dst="vpc.db"),
            GraphEdge(id="e3", src="cdn", dst="web"),
        ],
    )


def test_pinned_node_moves_to_a_free_spot_and_edges_follow(graph: DiagramGraph) -> None:
    free = layout_graph(graph)
    _, _, _, max_y = free.bounds()
    spot = (free.nodes["cdn"].x, max_y + 200)  # clear of everything
    pinned = layout_graph(graph, pinned={"cdn": spot})
    assert (pinned.nodes["cdn"].x, pinned.nodes["cdn"].y) == spot
    assert pinned.unpinned == []
    q = measure(sized_graph(graph), pinned)
    assert q.faults == 0, q.as_dict()
    assert pinned.edges["e3"] != free.edges["e3"]  # re-routed to the new place


def test_pinned_container_carries_its_children(graph: DiagramGraph) -> None:
    free = layout_graph(graph)
    vpc = free.nodes["vpc"]
    _, _, _, max_y = free.bounds()
    spot = (vpc.x, max_y + 300)
    pinned = layout_graph(graph, pinned={"vpc": spot})
    dy = spot[1] - vpc.y
    assert pinned.nodes["vpc.api"].y == pytest.approx(free.nodes["vpc.api"].y + dy)
    assert measure(sized_graph(graph), pinned).faults == 0


def test_a_taken_spot_is_refused_not_overlapped(graph: DiagramGraph) -> None:
    free = layout_graph(graph)
    web = free.nodes["web"]
    pinned = layout_graph(graph, pinned={"cdn": (web.x + 5, web.y + 5), "ghost": (0, 0)})
    assert pinned.unpinned == ["cdn"]
    assert pinned.nodes["cdn"] == free.nodes["cdn"]
    assert measure(sized_graph(graph), pinned).faults == 0


def test_pins_in_a_generated_diagram_keep_it_fault_free() -> None:
    g = sample_graph(30, seed=2)
    free = layout_graph(g)
    _, _, max_x, max_y = free.bounds()
    top = [n.id for n in g.nodes if n.parent is None and not n.is_container][:2]
    pins = {nid: (max_x + 100 + 200 * i, max_y + 100) for i, nid in enumerate(top)}
    pinned = layout_graph(g, pinned=pins)
    for nid, (x, y) in pins.items():
        assert (pinned.nodes[nid].x, pinned.nodes[nid].y) == (x, y)
    assert measure(sized_graph(g), pinned).faults == 0
