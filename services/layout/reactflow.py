"""React Flow 12 JSON from a graph and its layout.

Containers are ``group`` nodes; a child carries ``parentId`` and a position relative to its
parent's top-left corner. Parents always come before their children in ``nodes`` (React Flow
requires it). Edge points stay absolute (flow coordinates), as React Flow draws edges there.
Arrowheads are React Flow's own ``markerEnd`` / ``markerStart``; a node's or an edge's own
D2 style (fill, stroke, font colour, dashes) rides in ``data.style`` for the browser to draw
(it checks the colours itself, as the SVG export does). The ``threats`` view's marks ride in
``data.threat`` ({severity, open_count, mitigated_count}).
"""

from __future__ import annotations

import contextlib
from typing import Any

from shared.contracts import DiagramGraph

from .icons import iconify_id, node_icon
from .model import Box, LabelBox, Layout, Point
from .sizing import node_class

#: D2 style keys passed on to React Flow (the class colours come from ``data.nodeType``)
STYLE_KEYS = ("fill", "stroke", "font-color", "stroke-dash")


def _style(style: dict[str, str]) -> dict[str, str]:
    return {k: style[k] for k in STYLE_KEYS if k in style}


def _marker(arrowhead: str) -> dict[str, str] | None:
    # React Flow draws one closed arrow kind; D2's other heads (diamond, circle...) map to it.
    return None if arrowhead == "none" else {"type": "arrowclosed"}


def _depth(node_id: str, parents: dict[str, str | None]) -> int:
    d, cur, guard = 0, parents.get(node_id), 0
    while cur is not None and guard < 64:
        d, cur, guard = d + 1, parents.get(cur), guard + 1
    return d


def to_reactflow(graph: DiagramGraph, layout: Layout) -> dict[str, Any]:
    parents = {n.id: n.parent for n in graph.nodes}
    holding = {n.parent for n in graph.nodes if n.parent}
    ordered = sorted(
        (n for n in graph.nodes if n.id in layout.nodes),
        key=lambda n: _depth(n.id, parents),  # stable: keeps source order within a depth
    )
    nodes: list[dict[str, Any]] = []
    for n in ordered:
        box = layout.nodes[n.id]
        container = n.is_container or n.id in holding
        x, y = box.x, box.y
        parent = n.parent if n.parent in layout.nodes else None
        if parent is not None:
            pb = layout.nodes[parent]
            x, y = x - pb.x, y - pb.y
        item: dict[str, Any] = {
            "id": n.id,
            "type": "group" if container else "default",
            "data": {
                "label": n.label,
                "nodeType": node_class(n.classes) or ("zone" if container else "process"),
                "iconifyId": iconify_id(n),
                "iconPath": None,
                "validated": True,
                "source": "d2",
                "shape": n.shape,
            },
            "position": {"x": round(x, 2), "y": round(y, 2)},
            "width": round(box.w, 2),
            "height": round(box.h, 2),
        }
        drawn = node_icon(n) if not container else None
        if drawn is not None:  # the icon itself, so the browser needs no icon set
            item["data"]["iconPath"] = drawn.path
            item["data"]["iconViewBox"] = drawn.view_box
        if n.style and _style(n.style):
            item["data"]["style"] = _style(n.style)
        if n.tooltip:
            item["data"]["tooltip"] = n.tooltip
        if n.threat is not None:  # the `threats` view
            item["data"]["threat"] = n.threat.model_dump()
        if parent is not None:
            item["parentId"] = parent
            item["extent"] = "parent"
        nodes.append(item)
    edges: list[dict[str, Any]] = []
    for e in graph.edges:
        if e.id not in layout.edges:
            continue
        edge: dict[str, Any] = {
            "id": e.id,
            "source": e.src,
            "target": e.dst,
            "label": e.label,
            "data": {"points": [[round(x, 2), round(y, 2)] for x, y in layout.edges[e.id]]},
        }
        for key, head in (("markerEnd", e.dst_arrow), ("markerStart", e.src_arrow)):
            marker = _marker(head)
            if marker is not None:
                edge[key] = marker
        if _style(e.style):
            edge["data"]["style"] = _style(e.style)
        if e.threat is not None:  # the `threats` view
            edge["data"]["threat"] = e.threat.model_dump()
        lb = layout.edge_labels.get(e.id)
        if lb is not None and e.label:  # where the label is drawn (absolute, as the points)
            edge["data"]["labelBox"] = {
                "x": round(lb.x, 2),
                "y": round(lb.y, 2),
                "width": round(lb.w, 2),
                "height": round(lb.h, 2),
            }
        edges.append(edge)
    out: dict[str, Any] = {"nodes": nodes, "edges": edges}
    if layout.direction:  # the direction the picture was laid out in (an edit keeps it)
        out["direction"] = layout.direction
    return out


def layout_from_reactflow(state: dict[str, Any]) -> Layout:
    """A stored React Flow graph (as `to_reactflow` wrote it) back to an absolute `Layout`,
    to pass as `previous` when the diagram is laid out again. Malformed items are skipped."""
    items = [n for n in state.get("nodes", []) if isinstance(n, dict) and "id" in n]
    by_id = {str(n["id"]): n for n in items}
    absolute: dict[str, tuple[float, float]] = {}

    def where(nid: str, depth: int = 0) -> tuple[float, float] | None:
        if nid in absolute:
            return absolute[nid]
        n = by_id.get(nid)
        if n is None or depth > 64:
            return None
        try:
            x, y = float(n["position"]["x"]), float(n["position"]["y"])
        except (KeyError, TypeError, ValueError):
            return None
        parent = n.get("parentId")
        if parent is not None:
            origin = where(str(parent), depth + 1)
            if origin is None:
                return None
            x, y = x + origin[0], y + origin[1]
        absolute[nid] = (x, y)
        return absolute[nid]

    boxes: dict[str, Box] = {}
    for nid, n in by_id.items():
        at = where(nid)
        try:
            w, h = float(n["width"]), float(n["height"])
        except (KeyError, TypeError, ValueError):
            continue
        if at is not None:
            parent = n.get("parentId")
            boxes[nid] = Box(at[0], at[1], w, h, str(parent) if parent is not None else None)
    edges: dict[str, list[Point]] = {}
    labels: dict[str, LabelBox] = {}
    for e in state.get("edges", []):
        try:
            edges[str(e["id"])] = [(float(p[0]), float(p[1])) for p in e["data"]["points"]]
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        lb = e["data"].get("labelBox")
        # no label, or an older state without its place: the label is placed again
        with contextlib.suppress(KeyError, TypeError, ValueError):
            labels[str(e["id"])] = LabelBox(
                float(lb["x"]), float(lb["y"]), float(lb["width"]), float(lb["height"])
            )
    direction = state.get("direction")
    return Layout(
        nodes=boxes,
        edges=edges,
        edge_labels=labels,
        engine="previous",
        direction=direction if direction in ("right", "down", "left", "up") else "",
    )
