"""Edge labels: where each one is drawn, placed clear of boxes, titles and other labels.

Every engine's result (ELK, native, an incremental edit, pins) goes through `place_labels`
last. A label the engine already put in a clear spot stays there (ELK reserves room for its
labels between layers, and a kept edge's label should not jump after an edit); any other is
moved to the best spot along its own route:

- hard: not over a leaf, a container's title, or another label (with a few px of air);
- soft: not over another edge's line, not across a container's border, near the middle of
  the route, on the line rather than beside it (a label on its line with a white backing
  reads as that line's, as D2 draws them).

`drawn_label_rects` says where the SVG export draws each label, placed or not; the quality
metrics judge the same rectangles.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from .geometry import Rect, cells, rects_overlap, seg_hits_rect
from .model import Box, LabelBox, Layout, Point, SizedEdge, SizedGraph
from .sizing import CONTAINER_PAD_TOP

AIR = 3.0  # px kept between a label and a box, a title or another label
TITLE_BAND = CONTAINER_PAD_TOP - 10  # the top of a container its title occupies
STEP = 10.0  # px between candidate spots along a segment
MAX_SPOTS = 240  # candidates per label (long routes are sampled more coarsely)
OVER_EDGE = 100.0  # cost of a label over another edge's line
OVER_BORDER = 60.0  # cost of a label across a container's border
BESIDE = 25.0  # cost of a label beside its line instead of on it
OFF_MIDDLE = 0.15  # cost per px between the label and the middle of its route


def title_rect(box: Box, min_w: float) -> Rect:
    """The band at the top of a container where its title is drawn (`min_w`: the container's
    minimum width, which sizing derives from its title)."""
    return (box.x, box.y, min(box.right, box.x + min_w), box.y + TITLE_BAND)


def _default_rect(e: SizedEdge, pts: list[Point]) -> Rect:
    """Where the SVG draws a label that was never placed: on the middle segment."""
    mid = len(pts) // 2
    cx, cy = (pts[mid - 1][0] + pts[mid][0]) / 2, (pts[mid - 1][1] + pts[mid][1]) / 2
    return (cx - e.label_w / 2, cy - e.label_h / 2, cx + e.label_w / 2, cy + e.label_h / 2)


def drawn_label_rects(graph: SizedGraph, layout: Layout) -> dict[str, Rect]:
    """The rectangle of every labelled edge's label as the SVG export draws it."""
    out: dict[str, Rect] = {}
    for e in graph.edges:
        pts = layout.edges.get(e.id)
        if e.label_w <= 0 or not pts or len(pts) < 2:
            continue
        lb = layout.edge_labels.get(e.id)
        out[e.id] = (lb.x, lb.y, lb.x + lb.w, lb.y + lb.h) if lb else _default_rect(e, pts)
    return out


class _Grid:
    """Rectangles in a spatial hash, each with a tag (what it is, whose it is)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, Rect]]] = defaultdict(list)

    def add(self, tag: str, r: Rect, area: Rect | None = None) -> None:
        """File `r` under the cells of `area` (default: `r` itself)."""
        for c in cells(*(area or r)):
            self.cells[c].append((tag, r))

    def near(self, r: Rect) -> set[tuple[str, Rect]]:
        out: set[tuple[str, Rect]] = set()
        for c in cells(*r):
            out.update(self.cells.get(c, ()))
        return out


def _grow(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def _spots(e: SizedEdge, pts: list[Point]) -> list[tuple[float, Rect]]:
    """Candidate rectangles along the route, each with its base cost (distance from the
    route's middle, beside rather than on the line)."""
    w, h = e.label_w, e.label_h
    lengths = [abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in pairwise(pts)]
    total = sum(lengths)
    step = max(STEP, total / MAX_SPOTS * 3)
    out: list[tuple[float, Rect]] = []
    walked = 0.0
    for (p, q), length in zip(pairwise(pts), lengths, strict=True):
        horizontal = abs(q[1] - p[1]) < 1e-6
        along = w if horizontal else h
        # spots whose label lies within the segment, ends kept clear for arrowheads and bends
        lo, hi = along / 2 + 4, length - along / 2 - 4
        ts = [length / 2] if hi < lo else [lo + i * step for i in range(int((hi - lo) // step) + 1)]
        if hi >= lo and ts[-1] < hi:
            ts.append(hi)
        for t in ts:
            f = t / length if length else 0.5
            cx, cy = p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f
            off = abs(walked + t - total / 2) * OFF_MIDDLE + (0.0 if hi >= lo else BESIDE)
            out.append((off, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
            if horizontal:
                for dy in (-(h / 2 + 2), h / 2 + 2):
                    r = (cx - w / 2, cy + dy - h / 2, cx + w / 2, cy + dy + h / 2)
                    out.append((off + BESIDE, r))
            else:
                for dx in (-(w / 2 + 2), w / 2 + 2):
                    r = (cx + dx - w / 2, cy - h / 2, cx + dx + w / 2, cy + h / 2)
                    out.append((off + BESIDE, r))
        walked += length
    out.sort(key=lambda c: c[0])
    return out


def place_labels(graph: SizedGraph, layout: Layout) -> Layout:
    """`layout` with every edge label in a clear spot (or the least bad one there is)."""
    labelled = [e for e in graph.edges if e.label_w > 0 and len(layout.edges.get(e.id) or []) >= 2]
    if not labelled:
        return layout
    containers = graph.containers()
    sizes = {n.id: n.w for n in graph.nodes}
    hard = _Grid()  # leaves and titles, then the labels placed so far
    # edges' segments (tag: the edge id) and containers' borders, as (x0, y0, x1, y1) ends
    soft = _Grid()
    for nid, b in layout.nodes.items():
        if nid in containers:
            hard.add("title", title_rect(b, sizes.get(nid, b.w)))
            for side in (
                (b.x, b.y, b.right, b.y),
                (b.x, b.bottom, b.right, b.bottom),
                (b.x, b.y, b.x, b.bottom),
                (b.right, b.y, b.right, b.bottom),
            ):
                soft.add("|border", side)
        elif nid in sizes:
            hard.add("box", (b.x, b.y, b.right, b.bottom))
    for eid, pts in layout.edges.items():
        for p, q in pairwise(pts):
            area = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
            soft.add(eid, (p[0], p[1], q[0], q[1]), area)

    def cost(eid: str, r: Rect) -> float | None:
        """None when `r` is over a box, a title or a placed label; else its soft cost."""
        grown = _grow(r, AIR)
        if any(rects_overlap(grown, o) for _, o in hard.near(grown)):
            return None
        total = 0.0
        for tag, seg in soft.near(r):
            if tag == eid:
                continue
            if seg_hits_rect((seg[0], seg[1]), (seg[2], seg[3]), r):
                total += OVER_BORDER if tag == "|border" else OVER_EDGE
        return total

    placed: dict[str, LabelBox] = {}
    todo = []
    for e in labelled:  # a clear label the engine (or the last version) placed stays
        lb = layout.edge_labels.get(e.id)
        r = (lb.x, lb.y, lb.x + lb.w, lb.y + lb.h) if lb is not None else None
        if r is not None and lb is not None and cost(e.id, r) == 0.0:
            placed[e.id] = lb
            hard.add("label", r)
        else:
            todo.append(e)
    for e in todo:
        best: tuple[float, Rect] | None = None
        fallback: Rect | None = None
        for base, r in _spots(e, layout.edges[e.id]):
            if best is not None and base >= best[0]:
                break  # candidates come cheapest first: nothing later can win
            fallback = fallback or r
            c = cost(e.id, r)
            if c is not None and (best is None or base + c < best[0]):
                best = (base + c, r)
        r = best[1] if best is not None else fallback or _default_rect(e, layout.edges[e.id])
        placed[e.id] = LabelBox(r[0], r[1], r[2] - r[0], r[3] - r[1])
        hard.add("label", r)
    out = Layout(
        layout.nodes,
        layout.edges,
        placed,
        layout.engine,
        layout.width,
        layout.height,
        list(layout.unpinned),
        layout.direction,
    )
    return out
