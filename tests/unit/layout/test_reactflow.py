"""React Flow 12 JSON: group nodes, parent-relative positions, parents first, edge points."""

from __future__ import annotations

import pytest

from services.layout import layout_graph, render, to_reactflow
from services.layout.samples import sample_graph
from shared.contracts import DiagramGraph, GraphEdge, GraphNode

pytestmark = pytest.mark.node


def test_reactflow_shape_and_relative_positions() -> None:
    graph = sample_graph(30, seed=9)
    layout = layout_graph(graph)
    rf = to_reactflow(graph, layout)
    by_id = {n["id"]: n for n in rf["nodes"]}
    assert set(by_id) == {n.id for n in graph.nodes}
    seen: set[str] = set()
    for item in rf["nodes"]:
        node = next(n for n in graph.nodes if n.id == item["id"])
        box = layout.nodes[node.id]
        assert set(item["data"]) >= {"label", "nodeType", "iconifyId", "validated", "source"}
        assert item["data"]["label"] == node.label
        assert item["width"] == round(box.w, 2) and item["height"] == round(box.h, 2)
        if node.parent:
            assert item["parentId"] == node.parent
            assert node.parent in seen  # a parent always comes before its children
            pb = layout.nodes[node.parent]
            assert abs(item["position"]["x"] - (box.x - pb.x)) < 0.01
            assert abs(item["position"]["y"] - (box.y - pb.y)) < 0.01
        else:
            assert "parentId" not in item
            assert abs(item["position"]["x"] - box.x) < 0.01
        assert item["type"] == ("group" if node.is_container else "default")
        seen.add(item["id"])
    assert {e["id"] for e in rf["edges"]} == {e.id for e in graph.edges}
    for e in rf["edges"]:
        assert e["data"]["points"] == [[round(x, 2), round(y, 2)] for x, y in layout.edges[e["id"]]]


def test_node_type_and_icon_come_from_the_style_pack() -> None:
    graph = DiagramGraph(
        nodes=[
            GraphNode(id="db", label="DB", classes=["database"], shape="cylinder"),
            GraphNode(id="pg", label="PG", icon="https://api.iconify.design/logos/postgresql.svg"),
        ],
        edges=[GraphEdge(id="e", src="pg", dst="db", label="sql")],
    )
    result = render(graph)
    nodes = {n["id"]: n for n in result.diagram_state["nodes"]}
    assert nodes["db"]["data"]["nodeType"] == "database"
    assert nodes["db"]["data"]["iconifyId"] == "mdi:database"
    assert nodes["pg"]["data"]["iconifyId"] == "logos:postgresql"
    assert result.diagram_state["edges"][0]["label"] == "sql"
    assert result.svg.startswith("<svg")


def test_arrowheads_styles_and_tooltips_reach_the_browser() -> None:
    graph = DiagramGraph(
        nodes=[
            GraphNode(id="a", label="A", style={"fill": "#ff0000", "opacity": "0.5"}, tooltip="t"),
            GraphNode(id="b", label="B"),
        ],
        edges=[
            GraphEdge(id="ab", src="a", dst="b"),
            GraphEdge(id="both", src="a", dst="b", src_arrow="triangle", style={"stroke": "red"}),
            GraphEdge(id="line", src="b", dst="a", dst_arrow="none"),
        ],
    )
    state = render(graph).diagram_state
    nodes = {n["id"]: n for n in state["nodes"]}
    assert nodes["a"]["data"]["style"] == {"fill": "#ff0000"}  # only what the browser draws
    assert nodes["a"]["data"]["tooltip"] == "t"
    assert "style" not in nodes["b"]["data"] and "tooltip" not in nodes["b"]["data"]
    edges = {e["id"]: e for e in state["edges"]}
    assert edges["ab"]["markerEnd"] == {"type": "arrowclosed"} and "markerStart" not in edges["ab"]
    assert edges["both"]["markerStart"] == edges["both"]["markerEnd"] == {"type": "arrowclosed"}
    assert edges["both"]["data"]["style"] == {"stroke": "red"}
    assert "markerEnd" not in edges["line"] and "markerStart" not in edges["line"]
