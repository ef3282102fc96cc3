"""Views of a diagram (VIEW_TOGGLE): pure transforms of the compiled graph, and the view
written back as D2 (:func:`view_d2`).

A view never changes the stored D2; it is kept as the session's current view and re-laid-out.
The validate stage compiles the view's own D2 into the graph that layout draws, so the D2, the
React Flow state and the SVG of a view answer are one picture. A new kind of view is one more
field of `ViewSpec` and one more transform in :func:`apply_view`: the D2, the picture and the
stored view follow from the transformed graph.
"""

from __future__ import annotations

from services.dsl.d2.edit_source import split_id
from services.dsl.d2.formatter import key_string, value_string
from shared.contracts import DiagramGraph, GraphEdge, GraphNode, ViewSpec
from shared.stylepack import NODE_CLASSES, classes_block

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


# ------------------------------------------------------------------ the view as D2 source


def _key(node_id: str) -> str:
    return key_string(split_id(node_id)[-1])


def _path(node_id: str) -> str:
    return ".".join(key_string(p) for p in split_id(node_id))


def _style_lines(style: dict[str, str], pad: str) -> list[str]:
    return [f"{pad}style.{k}: {value_string(v)}" for k, v in sorted(style.items())]


def _node_lines(
    node: GraphNode, children: dict[str | None, list[GraphNode]], pad: str
) -> list[str]:
    lines = [f"{pad}{_key(node.id)}: {{", f"{pad}  label: {value_string(node.label)}"]
    inner = pad + "  "
    if node.shape and node.shape != "rectangle":
        lines.append(f"{inner}shape: {value_string(node.shape)}")
    if node.classes:
        names = "; ".join(value_string(c) for c in node.classes)
        lines.append(
            f"{inner}class: [{names}]" if len(node.classes) > 1 else f"{inner}class: {names}"
        )
    for attr in ("icon", "tooltip", "link"):
        value = getattr(node, attr)
        if value:
            lines.append(f"{inner}{attr}: {value_string(value)}")
    lines += _style_lines(node.style, inner)
    for child in children.get(node.id, []):
        lines += _node_lines(child, children, inner)
    lines.append(f"{pad}}}")
    return lines


_OPERATOR = {(False, True): "->", (True, False): "<-", (True, True): "<->", (False, False): "--"}


def _edge_lines(edge: GraphEdge) -> list[str]:
    op = _OPERATOR[(edge.src_arrow != "none", edge.dst_arrow != "none")]
    head = f"{_path(edge.src)} {op} {_path(edge.dst)}"
    attrs = _style_lines(edge.style, "  ")
    for end, arrow in (("source-arrowhead", edge.src_arrow), ("target-arrowhead", edge.dst_arrow)):
        if arrow not in ("none", "triangle"):
            attrs.append(f"  {end}.shape: {value_string(arrow)}")
    label = f": {value_string(edge.label)}" if edge.label else ""
    if not attrs:
        return [head + label]
    return [f"{head}{label} {{", *attrs, "}"]


def view_d2(graph: DiagramGraph) -> str:
    """A viewed graph written back as D2: the source of exactly the picture the view draws
    (its shapes, containers, connections, direction and the style-pack classes it uses), so a
    view answer's D2, React Flow state and SVG describe the same diagram."""
    children: dict[str | None, list[GraphNode]] = {}
    for node in graph.nodes:
        children.setdefault(node.parent, []).append(node)
    used = {c for n in graph.nodes for c in n.classes if c in NODE_CLASSES}
    out = [f"direction: {graph.direction}", ""] if graph.direction_given else []
    if used:
        out += [classes_block([c for c in NODE_CLASSES if c in used]), ""]
    for node in children.get(None, []):
        out += _node_lines(node, children, "")
    if graph.edges:
        out.append("")
    for edge in graph.edges:
        out += _edge_lines(edge)
    return "\n".join(out).rstrip() + "\n"
