"""Pinned nodes keep their place: move them (with their content) back where the user put them.

After the engine ran, each pinned node whose spot is free — inside its container's padding,
clear of every box outside its own subtree and chain by a routing gap — is translated there
with everything inside it. Edges touching a moved node, or now crossing one, are re-routed
with the orthogonal router. A pin that cannot be honoured is listed in ``Layout.unpinned``
rather than forced into an overlap.
"""

from __future__ import annotations

from itertools import pairwise

from .geometry import seg_hits_box
from .model import Box, Layout, SizedGraph
from .router import MARGIN
from .routing import route_all
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP
from .tree import Tree

GAP = 2 * MARGIN + 2  # room left for a route between a pinned box and its neighbours


def _fits(box: Box, parent: Box | None) -> bool:
    if parent is None:
        return True
    return (
        box.x >= parent.x + CONTAINER_PAD_SIDE / 2
        and box.right <= parent.right - CONTAINER_PAD_SIDE / 2
        and box.y >= parent.y + CONTAINER_PAD_TOP - 4
        and box.bottom <= parent.bottom - CONTAINER_PAD_SIDE / 2
    )


def _clear(box: Box, other: Box) -> bool:
    return (
        box.right + GAP <= other.x
        or other.right + GAP <= box.x
        or box.bottom + GAP <= other.y
        or other.bottom + GAP <= box.y
    )


def apply_pins(graph: SizedGraph, layout: Layout, pinned: dict[str, tuple[float, float]]) -> Layout:
    tree = Tree(graph)
    boxes = dict(layout.nodes)
    moved: set[str] = set()
    unpinned: list[str] = []
    for nid, (px, py) in pinned.items():
        box = boxes.get(nid)
        if box is None:
            continue  # not in this version of the diagram
        dx, dy = px - box.x, py - box.y
        if abs(dx) < 0.5 and abs(dy) < 0.5:
            continue
        inside = tree.subtree(nid)
        keep = set(inside) | set(tree.chain(nid))
        new = box.moved(dx, dy)
        parent = boxes.get(tree.parent[nid] or "")
        if not _fits(new, parent) or not all(
            _clear(new, b) for oid, b in boxes.items() if oid not in keep
        ):
            unpinned.append(nid)
            continue
        for n in inside:
            boxes[n] = boxes[n].moved(dx, dy)
        moved.update(inside)
    if not moved:
        return Layout(
            layout.nodes,
            layout.edges,
            layout.edge_labels,
            layout.engine,
            layout.width,
            layout.height,
            unpinned,
        )
    parents = tree.parent
    redo: set[str] = set()
    for e in graph.edges:
        if e.src in moved or e.dst in moved:
            redo.add(e.id)
            continue
        allowed = {e.src, e.dst} | set(tree.chain(e.src)) | set(tree.chain(e.dst))
        pts = layout.edges.get(e.id, [])
        for n in moved - allowed:
            if any(seg_hits_box(p, q, boxes[n], 1.0) for p, q in pairwise(pts)):
                redo.add(e.id)
                break
    del parents
    edges = dict(layout.edges)
    edges.update(route_all(graph, boxes, redo, kept=layout.edges))
    labels = {k: v for k, v in layout.edge_labels.items() if k not in redo}
    right = max((b.right for b in boxes.values()), default=0.0)
    bottom = max((b.bottom for b in boxes.values()), default=0.0)
    return Layout(
        boxes,
        edges,
        labels,
        layout.engine,
        max(layout.width, right),
        max(layout.height, bottom),
        unpinned,
    )
