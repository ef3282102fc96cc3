"""Layout quality metrics, shared by the tests and the benchmarks.

All metrics take the graph structure (parents, edge ends, label sizes) and a Layout, so any
engine's result (ours, ELK, Graphviz dot converted to polylines) is judged by the same code.

Faults (a picture with any of these is wrong):

- ``overlaps``: pairs of nodes, neither inside the other's subtree, whose boxes intersect;
- ``outside``: nodes not fully inside their parent container's box;
- ``detached``: edges whose route does not start on the source's border and end on the
  target's border (or that have fewer than two points);
- ``through_nodes``: edges passing through the interior of a leaf that is not one of their ends;
- ``through_containers``: edges entering a container that holds neither end (and is neither end).

Readability (a picture with any of these misleads or cannot be read):

- ``label_boxes``: an edge label over a leaf's box;
- ``label_labels``: two edge labels over each other;
- ``label_titles``: an edge label over a container's title (the band at its top);
- ``shared_segments``: pairs of edges that run along the same line for a stretch (one reads as
  the other's continuation: "A -> B" and "B -> C" merged look like "A -> C").

And degree: ``crossings`` (distinct pairs of edges whose routes properly cross),
``against_flow`` (edges between two leaves whose target lies before its source along the
picture's direction: an arrow that points back reads as a reply, not a request), and the
picture's ``aspect`` (width / height, see `aspect`).

A spatial hash keeps every check near-linear, so 1000-node graphs are measured in well under
a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from itertools import pairwise

from .geometry import Rect, box_index, cells, proper_cross, rects_overlap, seg_hits_box, shared_run
from .labels import drawn_label_rects, title_rect
from .model import Box, Layout, Point, SizedGraph
from .tree import ancestors

TOL = 0.5  # px of slack: engines round coordinates
BORDER_TOL = 2.0  # how far an edge end may be from its node's border
LABEL_TOL = 1.0  # px two rectangles may share before a label counts as colliding
#: two parallel segments closer than this (px, across) run "along the same line" ...
SHARED_GAP = 2.0
#: ... when they overlap by more than this (px, along): a touch at a corner does not count
SHARED_MIN = 4.0
#: the readable range of width / height: a page or a screen, from a tall column to a wide row
ASPECT_MIN, ASPECT_MAX = 1 / 3, 3.0


@dataclass
class Quality:
    overlaps: int = 0
    outside: int = 0
    detached: int = 0
    through_nodes: int = 0
    through_containers: int = 0
    crossings: int = 0
    label_boxes: int = 0
    label_labels: int = 0
    label_titles: int = 0
    shared_segments: int = 0
    against_flow: int = 0

    @property
    def faults(self) -> int:
        """Geometric faults (crossings, a matter of degree, and readability excluded)."""
        return (
            self.overlaps
            + self.outside
            + self.detached
            + self.through_nodes
            + self.through_containers
        )

    @property
    def label_collisions(self) -> int:
        return self.label_boxes + self.label_labels + self.label_titles

    @property
    def unreadable(self) -> int:
        """Label collisions plus shared segments: what makes a faultless picture misleading."""
        return self.label_collisions + self.shared_segments

    def as_dict(self) -> dict[str, int]:
        return dict(
            asdict(self),
            faults=self.faults,
            label_collisions=self.label_collisions,
            unreadable=self.unreadable,
        )


def _on_border(p: Point, b: Box) -> bool:
    inside_x = b.x - BORDER_TOL <= p[0] <= b.right + BORDER_TOL
    inside_y = b.y - BORDER_TOL <= p[1] <= b.bottom + BORDER_TOL
    if not (inside_x and inside_y):
        return False
    near = min(abs(p[0] - b.x), abs(p[0] - b.right), abs(p[1] - b.y), abs(p[1] - b.bottom))
    return near <= BORDER_TOL


def _seg_cells(p0: Point, p1: Point) -> list[tuple[int, int]]:
    return list(cells(min(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[0], p1[0]), max(p0[1], p1[1])))


def measure(graph: SizedGraph, layout: Layout) -> Quality:
    q = Quality()
    parents = {n.id: n.parent for n in graph.nodes}
    containers = graph.containers()
    boxes = {nid: b for nid, b in layout.nodes.items() if nid in parents}
    anc = {nid: ancestors(nid, parents) for nid in parents}
    index = box_index(boxes)

    # overlaps (pairs found through shared cells, each pair once)
    seen: set[tuple[str, str]] = set()
    for ids in index.values():
        for i, a in enumerate(ids):
            for bid in ids[i + 1 :]:
                pair = (a, bid) if a < bid else (bid, a)
                if pair in seen:
                    continue
                seen.add(pair)
                if a in anc[bid] or bid in anc[a]:
                    continue
                ba, bb = boxes[a], boxes[bid]
                if rects_overlap(
                    (ba.x, ba.y, ba.right, ba.bottom), (bb.x, bb.y, bb.right, bb.bottom), TOL
                ):
                    q.overlaps += 1
    q.overlaps += sum(1 for nid in parents if nid not in boxes)  # an unplaced node is a fault

    for nid, b in boxes.items():
        p = parents[nid]
        if p is not None and p in boxes:
            pb = boxes[p]
            if (
                b.x < pb.x - TOL
                or b.y < pb.y - TOL
                or b.right > pb.right + TOL
                or b.bottom > pb.bottom + TOL
            ):
                q.outside += 1

    seg_cells: dict[tuple[int, int], list[tuple[int, Point, Point]]] = defaultdict(list)
    k = 0
    for e in graph.edges:
        pts = layout.edges.get(e.id)
        if e.src not in boxes or e.dst not in boxes or not pts or len(pts) < 2:
            q.detached += 1
            continue
        if not (_on_border(pts[0], boxes[e.src]) and _on_border(pts[-1], boxes[e.dst])):
            q.detached += 1
        allowed = {e.src, e.dst} | anc[e.src] | anc[e.dst]
        hit_leaf = hit_container = False
        for p0, p1 in pairwise(pts):
            near: set[str] = set()
            for c in _seg_cells(p0, p1):
                near.update(index.get(c, ()))
            for nid in near - allowed:
                if seg_hits_box(p0, p1, boxes[nid], 1.0):
                    if nid in containers:
                        hit_container = True
                    else:
                        hit_leaf = True
        q.through_nodes += hit_leaf
        q.through_containers += hit_container
        for p0, p1 in pairwise(pts):
            for c in _seg_cells(p0, p1):
                seg_cells[c].append((k, p0, p1))
        k += 1

    crossing: set[tuple[int, int]] = set()
    shared: set[tuple[int, int]] = set()
    for segs in seg_cells.values():
        for i, (ka, a0, a1) in enumerate(segs):
            for kb, b0, b1 in segs[i + 1 :]:
                if ka == kb:
                    continue
                kk = (ka, kb) if ka < kb else (kb, ka)
                if kk not in crossing and proper_cross(a0, a1, b0, b1):
                    crossing.add(kk)
                if kk not in shared and shared_run(a0, a1, b0, b1, SHARED_GAP) > SHARED_MIN:
                    shared.add(kk)
    q.crossings = len(crossing)
    q.shared_segments = len(shared)
    q.against_flow = against_flow(graph, layout, containers)
    _measure_labels(q, graph, layout, boxes, containers)
    return q


def against_flow(graph: SizedGraph, layout: Layout, containers: set[str]) -> int:
    """Edges between two leaves whose target's centre lies before its source's centre along
    the direction the layout was made in (by more than half the smaller box)."""
    direction = layout.direction or graph.direction
    axis = 1 if direction in ("down", "up") else 0
    sign = -1.0 if direction in ("left", "up") else 1.0
    count = 0
    for e in graph.edges:
        a, b = layout.nodes.get(e.src), layout.nodes.get(e.dst)
        if a is None or b is None or e.src in containers or e.dst in containers:
            continue
        size = min(a.h, b.h) if axis else min(a.w, b.w)
        if sign * (b.center[axis] - a.center[axis]) < -size / 2:
            count += 1
    return count


def _measure_labels(
    q: Quality, graph: SizedGraph, layout: Layout, boxes: dict[str, Box], containers: set[str]
) -> None:
    """Edge labels over leaves, over each other and over containers' titles."""
    rects = drawn_label_rects(graph, layout)
    if not rects:
        return
    sizes = {n.id: n.w for n in graph.nodes}
    obstacles: dict[tuple[int, int], list[tuple[str, Rect]]] = defaultdict(list)
    for nid, b in boxes.items():
        r = title_rect(b, sizes[nid]) if nid in containers else (b.x, b.y, b.right, b.bottom)
        kind = "title" if nid in containers else "box"
        for c in cells(*r):
            obstacles[c].append((kind, r))
    label_cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for eid, r in rects.items():
        for c in cells(*r):
            label_cells[c].append(eid)
    for r in rects.values():
        hit: set[tuple[str, Rect]] = set()
        for c in cells(*r):
            hit.update(o for o in obstacles.get(c, ()) if rects_overlap(r, o[1], LABEL_TOL))
        q.label_boxes += sum(1 for kind, _ in hit if kind == "box")
        q.label_titles += sum(1 for kind, _ in hit if kind == "title")
    seen: set[tuple[str, str]] = set()
    for ids in label_cells.values():
        for i, one in enumerate(ids):
            for two in ids[i + 1 :]:
                pair = (one, two) if one < two else (two, one)
                if (
                    one != two
                    and pair not in seen
                    and rects_overlap(rects[one], rects[two], LABEL_TOL)
                ):
                    seen.add(pair)
    q.label_labels = len(seen)


def aspect(layout: Layout) -> float:
    """Width over height of the drawn picture (every box, route and label); 1.0 when empty."""
    x0, y0, x1, y1 = layout.bounds()
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return 1.0
    return (x1 - x0) / (y1 - y0)


def aspect_ok(layout: Layout) -> bool:
    """Between a 1:3 column and a 3:1 row."""
    return ASPECT_MIN <= aspect(layout) <= ASPECT_MAX


def mean_displacement(before: Layout, after: Layout, *, ignore: set[str] | None = None) -> float:
    """Mean distance (px) the top-left corner of each node present in both layouts moved."""
    common = [n for n in before.nodes if n in after.nodes and n not in (ignore or set())]
    if not common:
        return 0.0
    total = 0.0
    for n in common:
        a, b = before.nodes[n], after.nodes[n]
        total += ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
    return total / len(common)
