"""Conversations with the built-in architect keep a clear picture after every edit.

Replays two of the benchmark's conversations (bench/layout/conversations.py: a create and six
edits each, through the architect's own paths) version by version as the pipeline lays them
out, from the previous version's stored React Flow JSON, and holds every version to the bars
of bench/layout/edits.py: no fault, no label collision, no shared segment, no more crossings
than a fresh layout + 10%, no more arrows against the flow, a 1:3-3:1 shape, zones in order.
"""

from __future__ import annotations

import pytest

from bench.layout.conversations import CONVERSATIONS, replay
from bench.layout.edits import lay_out, score, unchanged
from services.layout import layout_from_reactflow, layout_graph, to_reactflow
from shared.contracts import DiagramGraph, GraphEdge, GraphNode

pytestmark = pytest.mark.node


@pytest.mark.parametrize("name", ["telehealth", "kafka"])
def test_every_version_is_as_clear_as_a_fresh_layout(name: str) -> None:
    rows = score(lay_out(replay(CONVERSATIONS[name])))
    assert len(rows) == 7
    for r in rows:
        assert r["faults"] == 0, r
        assert r["label_collisions"] == 0 and r["shared_segments"] == 0, r
        assert r["crossings_ok"] and r["aspect_ok"] and r["zones_in_order"], r
        assert r["against_flow"] <= r["fresh_against_flow"], r


def test_unchanged_nodes_are_those_with_the_same_label_shape_and_parent() -> None:
    a = DiagramGraph(nodes=[GraphNode(id="x", label="X"), GraphNode(id="y", label="Y")])
    b = DiagramGraph(nodes=[GraphNode(id="x", label="X"), GraphNode(id="y", label="Y2")])
    assert unchanged(a, b) == {"x"}


def test_the_stored_picture_keeps_its_direction_and_label_places() -> None:
    nodes = [GraphNode(id=f"s{i}", label=f"step {i}") for i in range(3)]
    edges = [GraphEdge(id=f"e{i}", src=f"s{i}", dst=f"s{i + 1}", label="calls") for i in range(2)]
    graph = DiagramGraph(nodes=nodes, edges=edges, direction_given=False)
    first = layout_graph(graph)
    back = layout_from_reactflow(to_reactflow(graph, first))
    assert back.direction == first.direction == "down"
    assert back.edge_labels.keys() == first.edge_labels.keys() == {"e0", "e1"}
    for k, lb in first.edge_labels.items():
        assert abs(back.edge_labels[k].x - lb.x) < 0.01 and abs(back.edge_labels[k].y - lb.y) < 0.01
    # an edit keeps the old picture's direction and its clear labels where they were
    more = graph.model_copy(
        update={
            "nodes": [*nodes, GraphNode(id="s3", label="step 3")],
            "edges": [*edges, GraphEdge(id="e2", src="s1", dst="s3", label="calls")],
        }
    )
    after = layout_graph(more, previous=back)
    assert after.direction == "down"
    assert after.edge_labels["e0"] == back.edge_labels["e0"]
