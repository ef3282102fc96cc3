"""Plane geometry of boxes and orthogonal routes, shared by the metrics, the router's callers,
the incremental layout, the pins and the edge-label placement.

Everything works on the plain data of ``model.py`` (boxes, points, polylines); a spatial hash
(`cells`, `box_index`) keeps whole-diagram questions near-linear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from .model import Box, Point

CELL = 160.0  # px: the side of a spatial-hash cell

Rect = tuple[float, float, float, float]  # (x0, y0, x1, y1)


def cells(x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
    """The spatial-hash cells a rectangle touches."""
    for cx in range(int(x0 // CELL), int(x1 // CELL) + 1):
        for cy in range(int(y0 // CELL), int(y1 // CELL) + 1):
            yield (cx, cy)


def box_index(boxes: dict[str, Box]) -> dict[tuple[int, int], list[str]]:
    """Cell -> ids of the boxes touching it."""
    index: dict[tuple[int, int], list[str]] = defaultdict(list)
    for nid, b in boxes.items():
        for c in cells(b.x, b.y, b.right, b.bottom):
            index[c].append(nid)
    return index


def seg_hits_box(p: Point, q: Point, b: Box, shrink: float) -> bool:
    """Does segment pq pass through the interior of `b` shrunk by `shrink` (Liang-Barsky)?"""
    return seg_hits_rect(p, q, (b.x + shrink, b.y + shrink, b.right - shrink, b.bottom - shrink))


def seg_hits_rect(p: Point, q: Point, r: Rect) -> bool:
    """Does segment pq pass through the open rectangle `r`?"""
    x0, y0, x1, y1 = r
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            if qk <= 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def proper_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do segments ab and cd cross at a single point interior to both?"""

    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    eps = 1e-6
    return ((o1 > eps and o2 < -eps) or (o1 < -eps and o2 > eps)) and (
        (o3 > eps and o4 < -eps) or (o3 < -eps and o4 > eps)
    )


def rects_overlap(a: Rect, b: Rect, tol: float = 0.0) -> bool:
    """Do two rectangles share interior (by more than `tol` on both axes)?"""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def bbox(pts: list[Point]) -> Rect:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def touch(a: Rect, b: Rect) -> bool:
    """Do two closed rectangles meet (touching counts)?"""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def seg_bbox(p: Point, q: Point) -> Rect:
    return (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))


def routes_cross(a: list[Point], b: list[Point]) -> bool:
    """Does a segment of route `b` properly cross a segment of route `a`?"""
    ab = bbox(a)
    for p, q in pairwise(b):
        sb = seg_bbox(p, q)
        if not touch(ab, sb):
            continue
        for r, t in pairwise(a):
            if touch(sb, seg_bbox(r, t)) and proper_cross(p, q, r, t):
                return True
    return False


def shared_run(p: Point, q: Point, r: Point, t: Point, tol: float) -> float:
    """How long axis-parallel segments pq and rt run along each other: both horizontal (or both
    vertical), at most `tol` apart across, overlapping along. 0 for anything else."""
    if abs(p[1] - q[1]) < 1e-9 and abs(r[1] - t[1]) < 1e-9 and abs(p[1] - r[1]) <= tol:
        lo, hi = max(min(p[0], q[0]), min(r[0], t[0])), min(max(p[0], q[0]), max(r[0], t[0]))
        return max(0.0, hi - lo)
    if abs(p[0] - q[0]) < 1e-9 and abs(r[0] - t[0]) < 1e-9 and abs(p[0] - r[0]) <= tol:
        lo, hi = max(min(p[1], q[1]), min(r[1], t[1])), min(max(p[1], q[1]), max(r[1], t[1]))
        return max(0.0, hi - lo)
    return 0.0
