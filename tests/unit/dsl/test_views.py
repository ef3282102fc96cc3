from services.dsl.views import apply_view
from shared.contracts import DiagramGraph, GraphEdge, GraphNode, ViewSpec


def sample() -> DiagramGraph:
    return DiagramGraph(
        nodes=[
            GraphNode(id="users", label="Users", classes=["client"]),
            GraphNode(id="private", label="Private", classes=["zone"], is_container=True),
            GraphNode(id="private.api", label="API", classes=["process"], parent="private"),
            GraphNode(id="private.auth", label="Auth", classes=["security"], parent="private"),
            GraphNode(id="private.db", label="DB", classes=["database"], parent="private"),
        ],
        edges=[
            GraphEdge(id="e0", src="users", dst="private.api", label="HTTPS"),
            GraphEdge(id="e1", src="private.api", dst="private.db"),
            GraphEdge(id="e2", src="private.api", dst="private.auth"),
        ],
    )


def test_only_kinds_keeps_matching_nodes_their_containers_and_edges_between_them():
    out = apply_view(sample(), ViewSpec(only_kinds=["database", "process"]))
    assert {n.id for n in out.nodes} == {"private", "private.api", "private.db"}
    assert [(e.src, e.dst) for e in out.edges] == [("private.api", "private.db")]


def test_direction_and_hidden_labels():
    out = apply_view(sample(), ViewSpec(direction="down", hide_labels=True))
    assert out.direction == "down"
    assert all(e.label == "" for e in out.edges)
    assert len(out.nodes) == 5


def test_dataflow_view_maps_kinds_to_dfd_elements_and_marks_trust_boundaries():
    out = {n.id: n for n in apply_view(sample(), ViewSpec(dataflow=True)).nodes}
    assert out["users"].shape == "rectangle"
    assert out["private.api"].shape == "oval"
    assert out["private.db"].shape == "stored_data"
    assert out["private"].style["stroke-dash"] == "4"


def test_view_does_not_mutate_the_source_graph():
    graph = sample()
    apply_view(graph, ViewSpec(dataflow=True, hide_labels=True, only_kinds=["database"]))
    assert graph == sample()
