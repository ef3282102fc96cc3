"""Both engines lay out generated diagrams with containers without any fault."""

from __future__ import annotations

from itertools import pairwise

import pytest

from services.layout import layout_graph, layout_sized, sized_graph
from services.layout.quality import measure
from services.layout.samples import sample_graph

pytestmark = pytest.mark.node

ENGINES = ["elk", "native"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("leaves", [10, 30, 100])
def test_generated_graphs_have_no_faults(engine: str, leaves: int) -> None:
    sg = sized_graph(sample_graph(leaves, seed=leaves))
    layout = layout_sized(sg, engine=engine)
    q = measure(sg, layout)
    assert q.faults == 0, q.as_dict()
    assert set(layout.nodes) == {n.id for n in sg.nodes}
    assert set(layout.edges) == {e.id for e in sg.edges}


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_300_leaves_have_no_faults(engine: str) -> None:
    sg = sized_graph(sample_graph(300, seed=3))
    q = measure(sg, layout_sized(sg, engine=engine))
    assert q.faults == 0, q.as_dict()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("direction", ["right", "down", "left", "up"])
def test_direction_is_followed(engine: str, direction: str) -> None:
    graph = sample_graph(0, seed=1)
    graph = graph.model_copy(update={"direction": direction})
    from shared.contracts import GraphEdge, GraphNode

    graph.nodes = [GraphNode(id=f"n{i}", label=f"step {i}") for i in range(4)]
    graph.edges = [GraphEdge(id=f"e{i}", src=f"n{i}", dst=f"n{i + 1}") for i in range(3)]
    sg = sized_graph(graph)
    layout = layout_sized(sg, engine=engine)
    centres = [layout.nodes[f"n{i}"].center for i in range(4)]
    axis, sign = {"right": (0, 1), "left": (0, -1), "down": (1, 1), "up": (1, -1)}[direction]
    steps = [sign * (b[axis] - a[axis]) for a, b in pairwise(centres)]
    assert all(s > 0 for s in steps), (direction, centres)
    assert measure(sg, layout).faults == 0


def test_sizes_follow_labels_and_containers_hold_children() -> None:
    from shared.contracts import DiagramGraph, GraphEdge, GraphNode

    graph = DiagramGraph(
        nodes=[
            GraphNode(id="vpc", label="VPC", is_container=True),
            GraphNode(id="vpc.api", label="API", parent="vpc"),
            GraphNode(
                id="vpc.db",
                label="Primary customer database (eu-west-1)",
                parent="vpc",
                shape="cylinder",
            ),
            GraphNode(id="user", label="User", shape="person"),
        ],
        edges=[
            GraphEdge(id="e1", src="user", dst="vpc.api", label="https"),
            GraphEdge(id="e2", src="vpc.api", dst="vpc.db"),
        ],
    )
    layout = layout_graph(graph)
    assert layout.nodes["vpc.db"].w > layout.nodes["vpc.api"].w * 2
    vpc = layout.nodes["vpc"]
    for child in ("vpc.api", "vpc.db"):
        b = layout.nodes[child]
        assert vpc.x < b.x and b.right < vpc.right and vpc.y < b.y and b.bottom < vpc.bottom
    for pts in layout.edges.values():
        assert len(pts) >= 2


def test_layout_is_deterministic() -> None:
    graph = sample_graph(30, seed=5)
    a, b = layout_graph(graph), layout_graph(graph)
    assert a.nodes == b.nodes and a.edges == b.edges
