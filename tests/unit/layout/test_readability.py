"""Readability: the metrics find label collisions, shared segments and arrows against the
flow (hand-built layouts); label placement and routing avoid them; the direction is chosen by
the picture's shape unless the diagram gives one; trust zones keep their flow order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.layout import layout_graph, layout_sized, sized_graph
from services.layout.labels import place_labels, title_rect
from services.layout.model import Box, LabelBox, Layout, SizedEdge, SizedGraph, SizedNode
from services.layout.quality import ASPECT_MAX, aspect, aspect_ok, measure
from services.layout.routing import route_all
from shared.contracts import DiagramGraph, GraphEdge, GraphNode

pytestmark = pytest.mark.node


def _row() -> SizedGraph:
    nodes = [
        SizedNode("z", 300, 64, None, True),
        SizedNode("z.a", 100, 40, "z"),
        SizedNode("b", 100, 40),
        SizedNode("c", 100, 40),
    ]
    edges = [SizedEdge("e1", "z.a", "b", 40, 19), SizedEdge("e2", "b", "c", 40, 19)]
    return SizedGraph(nodes, edges)


def _row_layout(**labels: LabelBox) -> Layout:
    boxes = {
        "z": Box(0, 0, 300, 200),
        "z.a": Box(20, 80, 100, 40, "z"),
        "b": Box(400, 80, 100, 40),
        "c": Box(700, 80, 100, 40),
    }
    routes = {"e1": [(120, 100), (400, 100)], "e2": [(500, 100), (700, 100)]}
    return Layout(boxes, routes, dict(labels))


def test_clear_labels_count_nothing() -> None:
    lay = _row_layout(e1=LabelBox(200, 60, 40, 19), e2=LabelBox(580, 60, 40, 19))
    q = measure(_row(), lay)
    assert q.label_collisions == 0 and q.unreadable == 0


def test_label_over_a_box_a_label_and_a_title_are_counted() -> None:
    over_box = LabelBox(420, 90, 40, 19)  # on b
    assert measure(_row(), _row_layout(e1=over_box)).label_boxes == 1
    twins = _row_layout(e1=LabelBox(300, 130, 40, 19), e2=LabelBox(310, 135, 40, 19))
    assert measure(_row(), twins).label_labels == 1
    on_title = _row_layout(e1=LabelBox(30, 5, 40, 19))  # the top band of container z
    assert measure(_row(), on_title).label_titles == 1


def test_unplaced_labels_are_judged_where_the_svg_draws_them() -> None:
    g = _row()
    lay = _row_layout()
    lay.edges["e2"] = [(500, 100), (520, 100), (520, 250), (700, 250), (700, 120)]
    lay.nodes["d"] = Box(480, 160, 100, 40)  # under the middle of the middle segment
    g.nodes.append(SizedNode("d", 100, 40))
    assert measure(g, lay).label_boxes >= 1


def test_placement_moves_labels_off_boxes_titles_and_each_other() -> None:
    bad = _row_layout(e1=LabelBox(30, 5, 40, 19), e2=LabelBox(420, 90, 40, 19))
    assert measure(_row(), bad).label_collisions == 2
    fixed = place_labels(_row(), bad)
    assert measure(_row(), fixed).label_collisions == 0
    for eid, pts in fixed.edges.items():  # each label sits on (or next to) its own edge
        lb = fixed.edge_labels[eid]
        assert pts[0][0] <= lb.x + lb.w / 2 <= pts[-1][0]
        assert abs(lb.y + lb.h / 2 - pts[0][1]) <= lb.h + 3


def test_a_clear_label_stays_where_it_was() -> None:
    kept = LabelBox(200, 60, 40, 19)
    assert place_labels(_row(), _row_layout(e1=kept)).edge_labels["e1"] == kept


def test_title_band_spans_the_title() -> None:
    assert title_rect(Box(10, 20, 300, 200), 120) == (10, 20, 130, 54)


def _twins() -> tuple[SizedGraph, dict[str, Box]]:
    nodes = [SizedNode("a", 100, 40), SizedNode("b", 100, 40), SizedNode("c", 100, 40)]
    edges = [SizedEdge("e1", "a", "b"), SizedEdge("e2", "a", "b"), SizedEdge("e3", "b", "c")]
    boxes = {"a": Box(0, 0, 100, 40), "b": Box(300, 0, 100, 40), "c": Box(600, 0, 100, 40)}
    return SizedGraph(nodes, edges), boxes


def test_shared_segments_are_counted() -> None:
    g, boxes = _twins()
    straight = [(100.0, 20.0), (300.0, 20.0)]
    lay = Layout(boxes, {"e1": straight, "e2": list(straight), "e3": [(400, 20), (600, 20)]})
    assert measure(g, lay).shared_segments == 1
    apart = Layout(
        boxes, {"e1": straight, "e2": [(100, 30), (300, 30)], "e3": [(400, 20), (600, 20)]}
    )
    assert measure(g, apart).shared_segments == 0


def test_new_routes_keep_off_kept_ones() -> None:
    g, boxes = _twins()
    kept = {"e1": [(100.0, 20.0), (300.0, 20.0)], "e3": [(400.0, 20.0), (600.0, 20.0)]}
    # control: routed on its own, the second edge takes the same straight line
    alone = route_all(g, boxes, {"e2"})
    assert measure(g, Layout(boxes, {**kept, **alone})).shared_segments == 1
    routed = route_all(g, boxes, {"e2"}, kept=kept)
    q = measure(g, Layout(boxes, {**kept, **routed}))
    assert q.shared_segments == 0 and q.faults == 0


def test_arrows_against_the_flow_are_counted() -> None:
    g, boxes = _twins()
    routes = {"e1": [(100, 20), (300, 20)], "e2": [(100, 30), (300, 30)]}
    routes["e3"] = [(400, 20), (600, 20)]
    assert measure(g, Layout(boxes, routes, direction="right")).against_flow == 0
    assert measure(g, Layout(boxes, routes, direction="left")).against_flow == 3


def _chain(n: int, *, given: bool, direction: str = "right") -> DiagramGraph:
    nodes = [GraphNode(id=f"s{i}", label=f"step {i}") for i in range(n)]
    edges = [
        GraphEdge(id=f"e{i}", src=f"s{i}", dst=f"s{i + 1}", label="calls") for i in range(n - 1)
    ]
    return DiagramGraph(direction=direction, direction_given=given, nodes=nodes, edges=edges)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["elk", "native"])
def test_without_a_direction_the_shape_decides(engine: str) -> None:
    chosen = layout_sized(sized_graph(_chain(3, given=False)), engine=engine)
    assert aspect_ok(chosen), aspect(chosen)
    assert chosen.direction == "down"  # three boxes in a row: far wider than 3:1
    # control: the same chain with `direction: right` written is honoured, however wide
    honoured = layout_sized(sized_graph(_chain(3, given=True)), engine=engine)
    assert honoured.direction == "right" and aspect(honoured) > ASPECT_MAX


def test_a_long_chain_is_wrapped_into_rows() -> None:
    graph = sized_graph(_chain(8, given=False))
    for direction in ("right", "down"):  # control: neither a row nor a column is readable
        assert not aspect_ok(
            layout_sized(replace(graph, direction_given=True, direction=direction))
        )
    wrapped = layout_sized(graph)
    assert aspect_ok(wrapped), aspect(wrapped)
    q = measure(graph, wrapped)
    assert q.faults == 0 and q.unreadable == 0


def test_a_given_direction_is_kept_by_edits() -> None:
    before = layout_graph(_chain(4, given=True, direction="right"))
    after = layout_graph(_chain(5, given=True, direction="right"), previous=before)
    assert after.direction == "right"
    centres = [after.nodes[f"s{i}"].center[0] for i in range(5)]
    assert centres == sorted(centres)


def test_trust_zones_keep_their_flow_order() -> None:
    # a pipeline that goes back and forth between the private network and the data tier:
    # ordered by its edges alone, the data tier would come first
    zone = {"internet": "Internet", "private": "Private network", "data": "Data tier"}
    nodes = [
        GraphNode(id=z, label=lbl, classes=["zone"], is_container=True) for z, lbl in zone.items()
    ]
    leaves = [
        ("data.kafka", "Kafka"),
        ("data.lake", "Data lake"),
        ("private.ingest", "Ingestion"),
        ("private.etl", "ETL"),
        ("internet.sources", "Sources"),
    ]
    nodes += [GraphNode(id=i, label=lbl, parent=i.split(".")[0]) for i, lbl in leaves]
    pairs = [
        ("data.kafka", "private.ingest"),
        ("private.ingest", "data.lake"),
        ("data.lake", "private.etl"),
        ("internet.sources", "private.ingest"),
    ]
    edges = [GraphEdge(id=f"e{i}", src=a, dst=b) for i, (a, b) in enumerate(pairs)]
    graph = DiagramGraph(nodes=nodes, edges=edges, direction_given=False)
    layout = layout_graph(graph)
    axis = 1 if layout.direction == "down" else 0
    starts = [layout.nodes[z].center[axis] for z in ("internet", "private", "data")]
    assert starts == sorted(starts), (layout.direction, starts)
    assert measure(replace(sized_graph(graph), direction=layout.direction), layout).faults == 0
