"""Incremental layout: keep the previous picture and fit a small edit into it.

A fresh layered layout of an edited graph is globally re-optimised: one added node can
reorder a layer and move most of the diagram (measured: hundreds of px at 100 leaves with
ELK, see docs/layout.md). When the previous layout of the diagram is known and the edit is
small, this module keeps every unchanged box and route where it was and makes room for the
new (or resized) leaves only:

1. a free spot next to the leaf's neighbour (or its old spot), inside its container and clear
   of every box and route, is used as it is (nothing else moves);
2. a band (a column or a row) is opened near the neighbour: every coordinate on one side of a
   line is shifted by the band's width. That map is monotone, so containment, non-overlap,
   routes through free space and crossings are all preserved; containers across the line
   grow. A leaf the line cuts moves whole and its edges are routed again;
3. the new edges are routed around exactly the boxes they may not cross (router.py).

Each candidate placement is scored by the displacement it causes plus the crossings its new
routes add; one that would add many crossings is refused. Anything else (a new container, a
re-parented node, many new nodes, another direction), or no acceptable placement, returns
None: the caller lays the graph out afresh and aligns it to the old one (`align_to`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from itertools import pairwise

from .geometry import bbox, routes_cross, seg_hits_box, touch
from .model import Box, LabelBox, Layout, Point, SizedGraph, SizedNode
from .router import MARGIN
from .routing import route_all
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP
from .tree import Tree

#: more new leaves than this in one edit: lay out afresh (the picture has really changed)
MAX_NEW_LEAVES = 8
GAP = 2 * MARGIN + 10  # between a new leaf and its neighbours: room for a route on each side
_SIZE_TOLERANCE = 0.5
BAND_TRIES = 8  # candidate lines tried per axis
BANDS_KEPT = 3  # bands with room for the new leaf kept per axis, to be scored
CUT_COST = 40.0  # a leaf cut by a band counts as this many moved boxes
FAR_SPOT = 400.0  # free spots up to this far (Manhattan, px) from the ideal one are tried
FREE_TRIES = 6  # free spots scored (nearest first)
DISTANCE_WEIGHT = 0.05  # px of mean displacement one px of distance from the ideal spot costs
CROSSING_PX = 15.0  # px of mean displacement one crossing with an existing edge is worth
#: px of mean displacement an edge of the new leaf pointing back against the flow is worth
#: (a cache put between the API and the database belongs below the API, not beside it)
AGAINST_PX = 100.0
#: a placement whose new routes cross more existing ones than this is refused: the edit is
#: then laid out afresh (an incremental result must not be a tangle)
MAX_CROSSED = 6

Shift = Callable[[float], float]


def _band(at: float, amount: float) -> Shift:
    """Everything at or beyond `at` moves by `amount` (< 0: everything before `at` moves
    back by -amount): monotone, so the order of all coordinates is kept."""
    if amount >= 0:
        return lambda v: v + amount if v >= at else v
    return lambda v: v + amount if v < at else v


def _chain(tree: Tree, node: str | None) -> list[str]:
    return tree.chain(node) if node is not None else []


def _fits(
    box: Box,
    parent: Box | None,
    boxes: dict[str, Box],
    routes: Iterable[list[Point]],
    keep: set[str],
) -> bool:
    """Inside the parent's padding, clear of other boxes by GAP and of every route."""
    if parent is not None and not (
        box.x >= parent.x + CONTAINER_PAD_SIDE
        and box.right <= parent.right - CONTAINER_PAD_SIDE
        and box.y >= parent.y + CONTAINER_PAD_TOP
        and box.bottom <= parent.bottom - CONTAINER_PAD_SIDE
    ):
        return False
    for oid, b in boxes.items():
        if oid in keep:
            continue
        if not (
            box.right + GAP <= b.x
            or b.right + GAP <= box.x
            or box.bottom + GAP <= b.y
            or b.bottom + GAP <= box.y
        ):
            return False
    grown = Box(box.x - MARGIN, box.y - MARGIN, box.w + 2 * MARGIN, box.h + 2 * MARGIN)
    x0, y0, x1, y1 = grown.x, grown.y, grown.right, grown.bottom
    for pts in routes:
        for p, q in pairwise(pts):
            # cheap rejection first: most segments are nowhere near
            if max(p[0], q[0]) <= x0 or min(p[0], q[0]) >= x1:
                continue
            if max(p[1], q[1]) <= y0 or min(p[1], q[1]) >= y1:
                continue
            if seg_hits_box(p, q, grown, 0.0):
                return False
    return True


def _cuts(lo: float, hi: float, leaves: dict[str, Box], axis: int) -> list[tuple[float, set[str]]]:
    """Lines across axis `axis` (x = at if 0, else y = at) between lo and hi, each with the
    leaves it cuts: one just past every leaf's far side, plus `lo` itself."""

    def span(b: Box) -> tuple[float, float]:
        return (b.x, b.right) if axis == 0 else (b.y, b.bottom)

    spans = {k: span(b) for k, b in leaves.items()}
    ats = sorted({lo} | {e + 1 for _, e in spans.values() if lo <= e + 1 <= hi})
    return [(at, {k for k, (s, e) in spans.items() if s < at <= e}) for at in ats]


class _State:
    """Boxes, routes and labels being edited; `shift` opens a band along one axis."""

    def __init__(
        self,
        boxes: dict[str, Box],
        routes: dict[str, list[Point]],
        labels: dict[str, LabelBox],
        ends: dict[str, tuple[str, str]],
    ) -> None:
        self.boxes = boxes
        self.routes = routes
        self.labels = labels
        self.ends = ends
        self.dropped: dict[str, list[Point]] = {}  # old routes of edges to be routed again

    def copy(self) -> _State:
        out = _State(dict(self.boxes), dict(self.routes), dict(self.labels), self.ends)
        out.dropped = dict(self.dropped)
        return out

    def count_beyond(self, axis: int, at: float) -> tuple[int, int]:
        """How many boxes lie (start) before and at-or-beyond the line."""
        beyond = sum(1 for b in self.boxes.values() if (b.x if axis == 0 else b.y) >= at)
        return len(self.boxes) - beyond, beyond

    def shift(self, axis: int, at: float, amount: float, leaves: set[str], cut: set[str]) -> int:
        """Open a band of `amount` at line `at`; returns how many boxes moved.

        Leaves the line cuts move whole (no box relation changes: see the module doc), and
        their edges are dropped here, to be routed again."""
        f = _band(at, amount)
        moved = 0
        for k in cut:
            b = self.boxes[k]
            self.boxes[k] = b.moved(amount, 0) if axis == 0 else b.moved(0, amount)
            moved += 1
        for k, b in self.boxes.items():
            if k in cut:
                continue
            if axis == 0:
                x0, x1 = f(b.x), f(b.right)
                nb = Box(x0, b.y, x1 - x0, b.h, b.parent)
            else:
                y0, y1 = f(b.y), f(b.bottom)
                nb = Box(b.x, y0, b.w, y1 - y0, b.parent)
            if k in leaves:  # an uncut leaf lies on one side and moves whole: keep its size
                if abs(nb.w - b.w) > 1e-6 or abs(nb.h - b.h) > 1e-6:
                    raise ValueError("a band cut a leaf")
                nb = Box(nb.x, nb.y, b.w, b.h, b.parent)
            if (nb.x, nb.y) != (b.x, b.y):
                moved += 1
            self.boxes[k] = nb
        for k in [k for k, (a, b) in self.ends.items() if a in cut or b in cut]:
            old = self.routes.pop(k, None)
            if old is not None:
                self.dropped[k] = old
            self.labels.pop(k, None)
        for k, pts in self.routes.items():
            self.routes[k] = [(f(p[0]), p[1]) if axis == 0 else (p[0], f(p[1])) for p in pts]
        for k, lb in self.labels.items():
            self.labels[k] = (
                LabelBox(f(lb.x), lb.y, lb.w, lb.h)
                if axis == 0
                else LabelBox(lb.x, f(lb.y), lb.w, lb.h)
            )
        return moved


def _anchor(graph: SizedGraph, node: str, boxes: dict[str, Box], parent: str | None) -> str | None:
    """A placed neighbour of `node` (preferring one in the same container), else a sibling."""
    near = [e.dst if e.src == node else e.src for e in graph.edges if node in (e.src, e.dst)]
    near = [n for n in near if n in boxes and n != node]
    same = [n for n in near if boxes[n].parent == parent]
    if same or near:
        return (same or near)[0]
    return next((k for k, b in boxes.items() if b.parent == parent), None)


def _candidates(n: SizedNode, a: Box, direction: str) -> list[tuple[float, float]]:
    """Spots around the anchor, the one downstream in the flow direction first."""
    right = (a.right + GAP, a.y)
    left = (a.x - GAP - n.w, a.y)
    below = (a.x, a.bottom + GAP)
    above = (a.x, a.y - GAP - n.h)
    order = {
        "right": [right, below, above, left],
        "left": [left, below, above, right],
        "down": [below, right, left, above],
        "up": [above, right, left, below],
    }[direction]
    return order


def _place_leaf(
    graph: SizedGraph, tree: Tree, st: _State, n: SizedNode, *, hint: Box | None = None
) -> _State | None:
    """`st` with `n` placed (and the edges now complete routed), or None if it cannot be.
    `hint`: where the node was before (it changed size): that spot is tried first."""
    parent_box = st.boxes.get(n.parent) if n.parent else None
    if n.parent and parent_box is None:
        return None
    anchor = _anchor(graph, n.id, st.boxes, n.parent)
    if anchor is None and hint is not None:  # alone in its container, resized: same corner
        box = Box(hint.x, hint.y, n.w, n.h, n.parent)
        if not _fits(box, parent_box, st.boxes, st.routes.values(), set(_chain(tree, n.parent))):
            return None
        st.boxes[n.id] = box
        _route_ready(graph, st)
        return st
    if anchor is None:  # the first child of an empty spot: at the far end of the diagram
        if parent_box is not None:
            return None
        right = max((b.right for b in st.boxes.values()), default=0.0)
        top = min((b.y for b in st.boxes.values()), default=0.0)
        st.boxes[n.id] = Box(right + 2 * GAP, top, n.w, n.h, None)
        _route_ready(graph, st)
        return st
    options = _free_spots(graph, tree, st, n, anchor, hint) + _bands(graph, tree, st, n, anchor)
    if not options:
        corner = _corner(graph, tree, st, n)
        options = [corner] if corner is not None else []
    best: tuple[float, _State] | None = None
    for cost, trial in options:
        # the edges this placement completes, routed now: what they cross is part of its cost
        crossed = _route_ready(graph, trial)
        if crossed > MAX_CROSSED:
            continue
        cost += CROSSING_PX * crossed + AGAINST_PX * _against(graph, trial, n.id)
        if best is None or cost < best[0]:
            best = (cost, trial)
    return best[1] if best is not None else None


def _against(graph: SizedGraph, st: _State, node: str) -> float:
    """How many placed edges of `node` point back against the flow (one that goes sideways,
    neither forward nor back, counts half)."""
    axis = 1 if graph.direction in ("down", "up") else 0
    sign = -1.0 if graph.direction in ("left", "up") else 1.0
    count = 0.0
    for e in graph.edges:
        if node not in (e.src, e.dst) or e.src not in st.boxes or e.dst not in st.boxes:
            continue
        a, b = st.boxes[e.src], st.boxes[e.dst]
        size = min(a.h, b.h) if axis else min(a.w, b.w)
        ahead = sign * (b.center[axis] - a.center[axis])
        count += 1.0 if ahead < -size / 2 else 0.5 if ahead < size / 2 else 0.0
    return count


def _route_ready(graph: SizedGraph, st: _State) -> int:
    """Route every edge both of whose ends are placed but which has no route yet; returns how
    many more existing routes the new ones cross than the old routes of the same edges did
    (about the crossings this step adds)."""
    todo = {
        e.id
        for e in graph.edges
        if e.id not in st.routes and e.src in st.boxes and e.dst in st.boxes
    }
    if not todo:
        return 0
    fresh = route_all(graph, st.boxes, todo, kept=st.routes)
    old = [st.dropped.pop(k) for k in todo if k in st.dropped]

    boxes = [(bbox(pts), pts) for pts in st.routes.values()]

    def crossed(routes: list[list[Point]]) -> int:
        total = 0
        for r in routes:
            rb = bbox(r)
            total += sum(1 for pb, pts in boxes if touch(rb, pb) and routes_cross(pts, r))
        return total

    added = crossed(list(fresh.values())) - crossed(old)
    st.routes.update(fresh)
    return added


def _free_spots(
    graph: SizedGraph, tree: Tree, st: _State, n: SizedNode, anchor: str, hint: Box | None
) -> list[tuple[float, _State]]:
    """Free spots next to the anchor, or next to a sibling not far away: nothing moves."""
    parent_box = st.boxes.get(n.parent) if n.parent else None
    keep = set(_chain(tree, n.parent))
    spots = _candidates(n, st.boxes[anchor], graph.direction)
    if hint is not None:  # its old top-left corner, or its old centre
        spots = [
            (hint.x, hint.y),
            (hint.x + (hint.w - n.w) / 2, hint.y + (hint.h - n.h) / 2),
            *spots,
        ]
    ideal = spots[0]
    near = sorted(
        (
            spot
            for k, b in st.boxes.items()
            if b.parent == n.parent and k != anchor
            for spot in _candidates(n, b, graph.direction)
        ),
        key=lambda p: abs(p[0] - ideal[0]) + abs(p[1] - ideal[1]),
    )
    spots += [p for p in near if abs(p[0] - ideal[0]) + abs(p[1] - ideal[1]) <= FAR_SPOT]
    out: list[tuple[float, _State]] = []
    for x, y in spots:
        box = Box(x, y, n.w, n.h, n.parent)
        if _fits(box, parent_box, st.boxes, st.routes.values(), keep):
            trial = st.copy()
            trial.boxes[n.id] = box
            # a far spot makes a long edge: a little cost per px from the ideal spot
            out.append(((abs(x - ideal[0]) + abs(y - ideal[1])) * DISTANCE_WEIGHT, trial))
            if len(out) >= FREE_TRIES:
                break
    return out


def _bands(
    graph: SizedGraph, tree: Tree, st: _State, n: SizedNode, anchor: str
) -> list[tuple[float, _State]]:
    """For each axis, the cheapest band (column or row) near the anchor with room for `n`.
    Cost: the mean displacement it causes (px), a cut leaf counting as CUT_COST boxes."""
    containers = graph.containers()
    parent_box = st.boxes.get(n.parent) if n.parent else None
    keep = set(_chain(tree, n.parent))
    a = st.boxes[anchor]
    leaf_ids = {k for k in st.boxes if k not in containers}
    leaves = {k: st.boxes[k] for k in leaf_ids}
    out: list[tuple[float, _State]] = []
    for axis in (0, 1):
        size = (n.w if axis == 0 else n.h) + 2 * GAP
        if parent_box is not None:
            lo, hi = (
                (parent_box.x, parent_box.right) if axis == 0 else (parent_box.y, parent_box.bottom)
            )
        else:
            lo, hi = (
                (a.x - 4 * a.w, a.right + 4 * a.w)
                if axis == 0
                else (a.y - 4 * a.h, a.bottom + 4 * a.h)
            )
        mid = a.center[axis]
        # the lines cutting fewest leaves first, then nearest the anchor
        lines = sorted(
            _cuts(lo + 1, hi - 1, leaves, axis), key=lambda ln: (len(ln[1]), abs(ln[0] - mid))
        )
        found = 0
        for at, cut in lines[:BAND_TRIES]:
            trial = st.copy()
            # open the band towards the side with fewer boxes: they are the ones that move
            ahead, beyond = st.count_beyond(axis, at)
            amount = size if beyond <= ahead else -size
            moved = trial.shift(axis, at, amount, leaf_ids, cut) + CUT_COST * len(cut)
            pb = trial.boxes.get(n.parent) if n.parent else None
            start = at if amount > 0 else at - size
            for x, y in _band_spots(n, trial.boxes[anchor], axis, start, trial, pb):
                box = Box(x, y, n.w, n.h, n.parent)
                if _fits(box, pb, trial.boxes, trial.routes.values(), keep):
                    trial.boxes[n.id] = box
                    out.append((moved * size / max(1, len(st.boxes)), trial))
                    found += 1
                    break
            if found >= BANDS_KEPT:
                break
    return out


def _corner(graph: SizedGraph, tree: Tree, st: _State, n: SizedNode) -> tuple[float, _State] | None:
    """A column and a row at the container's far corner: an empty cell by construction."""
    parent_box = st.boxes.get(n.parent) if n.parent else None
    if parent_box is None:
        return None
    containers = graph.containers()
    leaf_ids = {k for k in st.boxes if k not in containers}
    trial = st.copy()
    x_at = parent_box.right - CONTAINER_PAD_SIDE + 1
    y_at = parent_box.bottom - CONTAINER_PAD_SIDE + 1
    x_cut = _cuts(x_at, x_at, {k: trial.boxes[k] for k in leaf_ids}, 0)[0][1]
    moved = trial.shift(0, x_at, n.w + 2 * GAP, leaf_ids, x_cut)
    y_cut = _cuts(y_at, y_at, {k: trial.boxes[k] for k in leaf_ids}, 1)[0][1]
    moved += trial.shift(1, y_at, n.h + 2 * GAP, leaf_ids, y_cut)
    box = Box(x_at + GAP, y_at + GAP, n.w, n.h, n.parent)
    pb = trial.boxes[n.parent] if n.parent else None
    if not _fits(box, pb, trial.boxes, trial.routes.values(), set(_chain(tree, n.parent))):
        return None
    trial.boxes[n.id] = box
    return (moved * (n.w + n.h) / max(1, len(st.boxes)), trial)


def _band_spots(
    n: SizedNode, a: Box, axis: int, at: float, st: _State, pb: Box | None
) -> list[tuple[float, float]]:
    """Spots in a freshly opened band, the one level with the anchor first, then along it."""
    if axis == 0:
        x = at + GAP
        lo = pb.y + CONTAINER_PAD_TOP if pb else a.y - 4000
        hi = pb.bottom - CONTAINER_PAD_SIDE - n.h if pb else a.y + 4000
        levels = {a.y, lo, hi}
        for b in st.boxes.values():
            levels |= {b.bottom + GAP, b.y - GAP - n.h}
        for pts in st.routes.values():
            levels |= {p[1] + MARGIN + 1 for p in pts} | {p[1] - MARGIN - 1 - n.h for p in pts}
        ok = sorted((v for v in levels if lo <= v <= hi), key=lambda v: abs(v - a.y))
        return [(x, y) for y in ok[:60]]
    y = at + GAP
    lo = pb.x + CONTAINER_PAD_SIDE if pb else a.x - 4000
    hi = pb.right - CONTAINER_PAD_SIDE - n.w if pb else a.x + 4000
    levels = {a.x, lo, hi}
    for b in st.boxes.values():
        levels |= {b.right + GAP, b.x - GAP - n.w}
    for pts in st.routes.values():
        levels |= {p[0] + MARGIN + 1 for p in pts} | {p[0] - MARGIN - 1 - n.w for p in pts}
    ok = sorted((v for v in levels if lo <= v <= hi), key=lambda v: abs(v - a.x))
    return [(x, y) for x in ok[:60]]


def _route_starts_at(pts: list[Point], src: Box, dst: Box) -> bool:
    def near(p: Point, b: Box) -> bool:
        return b.x - 1 <= p[0] <= b.right + 1 and b.y - 1 <= p[1] <= b.bottom + 1

    return len(pts) >= 2 and near(pts[0], src) and near(pts[-1], dst)


def incremental(graph: SizedGraph, previous: Layout) -> Layout | None:
    """`graph` laid out by editing `previous`, or None when the edit is not a small one."""
    if previous.direction and previous.direction != graph.direction:
        return None  # the whole picture turns: lay it out afresh
    prev = previous.nodes
    containers = graph.containers()
    new: list[SizedNode] = []
    resized: list[SizedNode] = []  # leaves whose label changed: placed again, near their spot
    for n in graph.nodes:
        old = prev.get(n.id)
        if old is None:
            if n.id in containers:
                return None  # a new container: its content needs a real layout
            new.append(n)
            continue
        if old.parent != n.parent:
            return None
        if n.id in containers:
            if old.w + _SIZE_TOLERANCE < n.w or old.h + _SIZE_TOLERANCE < n.h:
                return None
        elif abs(old.w - n.w) > _SIZE_TOLERANCE or abs(old.h - n.h) > _SIZE_TOLERANCE:
            resized.append(n)
    changed = len(new) + len(resized)
    kept = len(graph.nodes) - changed
    if changed > MAX_NEW_LEAVES or kept < 2 * changed:
        return None  # not a small edit of this picture (or another diagram altogether)
    ids = {n.id for n in graph.nodes} - {n.id for n in resized}
    tree = Tree(graph)
    boxes = {k: b for k, b in prev.items() if k in ids}
    routes: dict[str, list[Point]] = {}
    labels: dict[str, LabelBox] = {}
    for e in graph.edges:
        pts = previous.edges.get(e.id)
        if (
            pts
            and e.src in boxes
            and e.dst in boxes
            and _route_starts_at(pts, boxes[e.src], boxes[e.dst])
        ):
            routes[e.id] = list(pts)
            lb = previous.edge_labels.get(e.id)
            if lb is not None and abs(lb.w - e.label_w) <= _SIZE_TOLERANCE:
                labels[e.id] = lb  # (a changed label is drawn at the route's middle)
    ends = {e.id: (e.src, e.dst) for e in graph.edges}
    start = _State(boxes, routes, labels, ends)
    for k, pts in previous.edges.items():  # routes of resized leaves: the crossing baseline
        if k in ends and k not in routes:
            start.dropped[k] = list(pts)
    st: _State | None = start
    for n in [*resized, *new]:
        assert st is not None
        st = _place_leaf(graph, tree, st, n, hint=prev.get(n.id))
        if st is None:
            return None
    assert st is not None
    _route_ready(graph, st)  # edges between nodes that were already there
    out = Layout(st.boxes, st.routes, st.labels, "incremental")
    _, _, out.width, out.height = out.bounds()
    return out


def align_to(layout: Layout, previous: Layout) -> Layout:
    """`layout` translated so that the nodes both share move least (median offset)."""
    common = [k for k in layout.nodes if k in previous.nodes]
    if not common:
        return layout
    dx = statistics.median(previous.nodes[k].x - layout.nodes[k].x for k in common)
    dy = statistics.median(previous.nodes[k].y - layout.nodes[k].y for k in common)
    if abs(dx) < 0.5 and abs(dy) < 0.5:
        return layout
    return Layout(
        {k: b.moved(dx, dy) for k, b in layout.nodes.items()},
        {k: [(p[0] + dx, p[1] + dy) for p in pts] for k, pts in layout.edges.items()},
        {k: LabelBox(lb.x + dx, lb.y + dy, lb.w, lb.h) for k, lb in layout.edge_labels.items()},
        layout.engine,
        layout.width,
        layout.height,
        list(layout.unpinned),
    )
