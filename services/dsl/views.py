"""Views of a diagram (VIEW_TOGGLE): pure transforms of the compiled graph.

A view never changes the stored D2; it is kept as the session's current view and re-laid-out.
"""

from __future__ import annotations

from shared.contracts import DiagramGraph, GraphEdge, GraphNode, ViewSpec

#: style-pack class -> DFD element kind
DFD_KIND = {
    "client": "external_entity",
    "external": "external_entity",
    "database": "data_store",
    "cache": "data_store",
    "storage": "data_store",
    "queue": "data_store",
    "zone": "trust_boundary",
}
DFD_SHAPE = {"external_entity": "rectangle", "process": "oval", "data_store": "stored_data"}


def _kind(node: GraphNode) -> str | None:
    return node.classes[0] if node.classes else None


def _with_ancestors(graph: DiagramGraph, keep: set[str]) -> set[str]:
    parents = {n.id: n.parent for n in graph.nodes}
    out = set(keep)
    for node_id in keep:
        parent = parents.get(node_id)
        while parent:
            out.add(parent)
            parent = parents.get(parent)
    return out


def _filter(graph: DiagramGraph, kinds: set[str]) -> DiagramGraph:
    matching = {n.id for n in graph.nodes if not n.is_container and _kind(n) in kinds}
    keep = _with_ancestors(graph, matching)
    nodes = [n for n in graph.nodes if n.id in keep]
    edges = [e for e in graph.edges if e.src in keep and e.dst in keep]
    return graph.model_copy(update={"nodes": nodes, "edges": edges})


def _dataflow(graph: DiagramGraph) -> DiagramGraph:
    nodes: list[GraphNode] = []
    for node in graph.nodes:
        kind = DFD_KIND.get(_kind(node) or "", "process")
        if node.is_container:
            style = {**node.style, "stroke-dash": "4", "stroke": "#dc2626"}
            nodes.append(node.model_copy(update={"style": style}))
            continue
        nodes.append(node.model_copy(update={"shape": DFD_SHAPE.get(kind, "rectangle")}))
    edges = [e if e.label else e.model_copy(update={"label": "data"}) for e in graph.edges]
    return graph.model_copy(update={"nodes": nodes, "edges": edges})


def apply_view(graph: DiagramGraph, view: ViewSpec) -> DiagramGraph:
    out = graph
    if view.only_kinds:
        out = _filter(out, set(view.only_kinds))
    if view.dataflow:
        out = _dataflow(out)
    if view.hide_labels:
        out = out.model_copy(
            update={"edges": [GraphEdge(**{**e.model_dump(), "label": ""}) for e in out.edges]}
        )
    if view.direction:
        out = out.model_copy(update={"direction": view.direction, "direction_given": True})
    return out
