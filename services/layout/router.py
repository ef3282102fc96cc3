"""Orthogonal edge router: shortest few-bend path around obstacles on a sparse (Hanan) grid.

Used by the pure-Python engine for every edge and after pinning for the edges of moved nodes.
For an edge u -> v only the boxes that may not be crossed are obstacles: the siblings along
the container chains of u and v up to their lowest common container (a foreign container is
one obstacle; its inside does not matter), and the search stays inside that common container.
So each search sees tens of boxes, not the whole diagram.

The grid lines are the obstacles' borders pushed out by a margin, plus the ports; a move
between neighbouring grid points is blocked exactly when it enters an obstacle's interior,
which numpy marks per obstacle as index slices. A* over (point, direction) states with a bend
penalty gives short routes with few bends.

Routes already drawn (`occupied`) are soft obstacles: running along one costs as much as a
long detour (two edges on one line read as one: "A -> B" and "B -> C" merged say "A -> C"),
crossing one costs a little, and a track on either side of each is added to the grid so a
parallel way exists.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right

import numpy as np

from .model import Box, Point

MARGIN = 10.0
BEND_COST = 30.0
TRACK = 8.0  # px between a route and the parallel track added next to it
SHARE_COST = 600.0  # running along an occupied route (on top of the length)
CROSS_COST = 20.0  # crossing an occupied route
_ON = 2.0  # px: a grid line this close to a route runs along it
#: occupied segments one search considers at most, nearest the straight line between the
#: ends first: each adds two grid lines, and the search grows with the grid
MAX_OCCUPIED = 200
# Weighted A*: the heuristic counts 1.6x, trading a little route length for far fewer
# expansions on big diagrams (measured: see docs/layout.md).
H_WEIGHT = 1.6

# directions: 0 = +x, 1 = -x, 2 = +y, 3 = -y
_STEP = ((1, 0), (-1, 0), (0, 1), (0, -1))


def port_side(box: Box, toward: Point, *, vertical_first: bool) -> int:
    """The side of `box` facing `toward`, as the outward direction from it."""
    cx, cy = box.center
    dx, dy = toward[0] - cx, toward[1] - cy
    use_y = vertical_first if abs(dx) * 0.5 < abs(dy) < abs(dx) * 2 else abs(dy) > abs(dx)
    if use_y:
        return 2 if dy > 0 else 3
    return 0 if dx > 0 else 1


def port_point(box: Box, side: int, offset: float = 0.5) -> Point:
    """The point `offset` (0..1) of the way along `side` of `box`."""
    if side in (2, 3):
        return (box.x + box.w * offset, box.bottom if side == 2 else box.y)
    return (box.right if side == 0 else box.x, box.y + box.h * offset)


def route_windowed(
    start: Point,
    start_dir: int,
    end: Point,
    end_dir: int,
    obstacles: list[Box],
    bounds: tuple[float, float, float, float],
    occupied: list[tuple[Point, Point]] | None = None,
) -> list[Point] | None:
    """`route`, first searched in a window around the two ends (most edges are local), then
    in growing windows up to the full bounds. Keeps big diagrams from paying for their size
    on every edge."""
    span = abs(start[0] - end[0]) + abs(start[1] - end[1])
    grow = max(120.0, 0.25 * span)
    bx0, by0, bx1, by1 = bounds
    while True:
        win = (
            max(bx0, min(start[0], end[0]) - grow),
            max(by0, min(start[1], end[1]) - grow),
            min(bx1, max(start[0], end[0]) + grow),
            min(by1, max(start[1], end[1]) + grow),
        )
        full = win == bounds
        near = [
            b
            for b in obstacles
            if b.right + MARGIN > win[0]
            and b.x - MARGIN < win[2]
            and b.bottom + MARGIN > win[1]
            and b.y - MARGIN < win[3]
        ]
        seen = [
            (p, q)
            for p, q in occupied or ()
            if max(p[0], q[0]) >= win[0]
            and min(p[0], q[0]) <= win[2]
            and max(p[1], q[1]) >= win[1]
            and min(p[1], q[1]) <= win[3]
        ]
        if len(seen) > MAX_OCCUPIED:
            seen.sort(key=lambda seg: _distance_to_line(seg, start, end))
            seen = seen[:MAX_OCCUPIED]
        pts = route(start, start_dir, end, end_dir, near, win, seen)
        if pts is not None or full:
            return pts
        grow *= 3


def route(
    start: Point,
    start_dir: int,
    end: Point,
    end_dir: int,
    obstacles: list[Box],
    bounds: tuple[float, float, float, float],
    occupied: list[tuple[Point, Point]] | None = None,
) -> list[Point] | None:
    """Orthogonal path start -> end leaving along start_dir and arriving against end_dir
    (end_dir is the outward direction of the target's side), avoiding obstacle interiors and
    staying within bounds. None when no path exists."""
    bx0, by0, bx1, by1 = bounds
    m = MARGIN
    s_out = (start[0] + _STEP[start_dir][0] * m, start[1] + _STEP[start_dir][1] * m)
    e_out = (end[0] + _STEP[end_dir][0] * m, end[1] + _STEP[end_dir][1] * m)
    xs_set = {bx0, bx1, s_out[0], e_out[0]}
    ys_set = {by0, by1, s_out[1], e_out[1]}
    for b in obstacles:
        xs_set.update((b.x - m, b.right + m))
        ys_set.update((b.y - m, b.bottom + m))
    along_h, along_v = _split(occupied or [])
    for y, _, _ in along_h:
        ys_set.update((y - TRACK, y + TRACK))
    for x, _, _ in along_v:
        xs_set.update((x - TRACK, x + TRACK))
    xs = sorted(x for x in xs_set if bx0 <= x <= bx1)
    ys = sorted(y for y in ys_set if by0 <= y <= by1)
    nx, ny = len(xs), len(ys)
    # hblock[i, j]: move (i, j) -> (i + 1, j) enters an obstacle; vblock[i, j]: (i, j) -> (i, j + 1)
    hblock = np.zeros((max(nx - 1, 1), ny), dtype=bool)
    vblock = np.zeros((nx, max(ny - 1, 1)), dtype=bool)
    node_block = np.zeros((nx, ny), dtype=bool)
    eps = 1e-6
    for b in obstacles:
        x0, x1, y0, y1 = b.x - m + eps, b.right + m - eps, b.y - m + eps, b.bottom + m - eps
        ia, ib = bisect_left(xs, x0), bisect_right(xs, x1)  # xs strictly inside
        ja, jb = bisect_left(ys, y0), bisect_right(ys, y1)
        # grid lines bounding the inflated box are at indices ia-1 and ib
        ilo, ihi = max(ia - 1, 0), min(ib, nx - 1)
        jlo, jhi = max(ja - 1, 0), min(jb, ny - 1)
        if ja < jb:
            hblock[ilo:ihi, ja:jb] = True
        if ia < ib:
            vblock[ia:ib, jlo:jhi] = True
        if ia < ib and ja < jb:
            node_block[ia:ib, ja:jb] = True
    try:
        si, sj = xs.index(s_out[0]), ys.index(s_out[1])
        ei, ej = xs.index(e_out[0]), ys.index(e_out[1])
    except ValueError:
        return None
    hcost, vcost = _route_costs(xs, ys, along_h, along_v)
    # plain nested lists: indexing a numpy array per A* step costs ~10x a list lookup
    nblk: list[list[bool]] = node_block.tolist()
    hblk: list[list[bool]] = hblock.tolist()
    vblk: list[list[bool]] = vblock.tolist()
    hc: list[list[float]] = hcost.tolist()
    vc: list[list[float]] = vcost.tolist()
    if nblk[si][sj] or nblk[ei][ej]:
        return None

    # A* over (i, j, dir); cost = length + bends * BEND_COST
    def h(i: int, j: int) -> float:
        return abs(xs[i] - xs[ei]) + abs(ys[j] - ys[ej])

    best: dict[tuple[int, int, int], float] = {(si, sj, start_dir): 0.0}
    prev: dict[tuple[int, int, int], tuple[int, int, int] | None] = {(si, sj, start_dir): None}
    heap: list[tuple[float, float, int, int, int]] = [(h(si, sj), 0.0, si, sj, start_dir)]
    found: tuple[int, int, int] | None = None
    while heap:
        _, g, i, j, d = heapq.heappop(heap)
        if g > best.get((i, j, d), float("inf")):
            continue
        if i == ei and j == ej:
            found = (i, j, d)
            break
        for nd, (di, dj) in enumerate(_STEP):
            if nd ^ 1 == d:  # no U-turn in place
                continue
            ni, nj = i + di, j + dj
            if not (0 <= ni < nx and 0 <= nj < ny) or nblk[ni][nj]:
                continue
            if di and hblk[min(i, ni)][j]:
                continue
            if dj and vblk[i][min(j, nj)]:
                continue
            length = abs(xs[ni] - xs[i]) + abs(ys[nj] - ys[j])
            extra = hc[min(i, ni)][j] if di else vc[i][min(j, nj)]
            ng = g + length + extra + (BEND_COST if nd != d else 0.0)
            key = (ni, nj, nd)
            if ng < best.get(key, float("inf")):
                best[key] = ng
                prev[key] = (i, j, d)
                heapq.heappush(heap, (ng + H_WEIGHT * h(ni, nj), ng, ni, nj, nd))
    if found is None:
        return None
    cells: list[tuple[int, int, int]] = []
    cur: tuple[int, int, int] | None = found
    while cur is not None:
        cells.append(cur)
        cur = prev[cur]
    cells.reverse()
    pts: list[Point] = [start] + [(xs[i], ys[j]) for i, j, _ in cells] + [end]
    return simplify(pts)


def _distance_to_line(seg: tuple[Point, Point], a: Point, b: Point) -> float:
    """Manhattan distance from the middle of `seg` to the box spanned by a and b."""
    mx, my = (seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2
    dx = max(min(a[0], b[0]) - mx, 0.0, mx - max(a[0], b[0]))
    dy = max(min(a[1], b[1]) - my, 0.0, my - max(a[1], b[1]))
    return dx + dy


Run = tuple[float, float, float]  # (the line's coordinate, from, to) of an axis-parallel segment


def _split(segments: list[tuple[Point, Point]]) -> tuple[list[Run], list[Run]]:
    """Horizontal runs (y, x0, x1) and vertical runs (x, y0, y1) of the occupied segments."""
    h: list[Run] = []
    v: list[Run] = []
    for p, q in segments:
        if abs(p[1] - q[1]) < 1e-6 and abs(p[0] - q[0]) > 1e-6:
            h.append((p[1], min(p[0], q[0]), max(p[0], q[0])))
        elif abs(p[0] - q[0]) < 1e-6 and abs(p[1] - q[1]) > 1e-6:
            v.append((p[0], min(p[1], q[1]), max(p[1], q[1])))
    return h, v


def _route_costs(
    xs: list[float], ys: list[float], along_h: list[Run], along_v: list[Run]
) -> tuple[np.ndarray, np.ndarray]:
    """Extra cost of each horizontal move (i -> i+1 on line j) and vertical move (j -> j+1 on
    line i): SHARE_COST along an occupied run, CROSS_COST for each run it crosses."""
    nx, ny = len(xs), len(ys)
    hcost = np.zeros((max(nx - 1, 1), ny))
    vcost = np.zeros((nx, max(ny - 1, 1)))
    for runs, along, across, cost_along, cost_across in (
        (along_h, xs, ys, hcost, vcost),
        (along_v, ys, xs, vcost.T, hcost.T),
    ):
        for at, lo, hi in runs:
            # moves along the run: on a line within _ON of it, overlapping it by more than 1 px
            ia, ib = bisect_right(along, lo + 1) - 1, bisect_left(along, hi - 1)
            ja, jb = bisect_left(across, at - _ON), bisect_right(across, at + _ON)
            if ia < ib and ja < jb:
                cost_along[max(ia, 0) : ib, ja:jb] += SHARE_COST
            # moves across it: between the two lines on either side, strictly inside its span
            j = bisect_left(across, at) - 1
            ka, kb = bisect_right(along, lo), bisect_left(along, hi)
            if 0 <= j < len(across) - 1 and across[j] < at < across[j + 1] and ka < kb:
                cost_across[ka:kb, j] += CROSS_COST
    return hcost, vcost


def simplify(points: list[Point]) -> list[Point]:
    """Drop repeated and collinear interior points."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-9 and abs(out[-1][1] - p[1]) < 1e-9:
            continue
        out.append(p)
    i = 1
    while i < len(out) - 1:
        a, b, c = out[i - 1], out[i], out[i + 1]
        if (abs(a[0] - b[0]) < 1e-9 and abs(b[0] - c[0]) < 1e-9) or (
            abs(a[1] - b[1]) < 1e-9 and abs(b[1] - c[1]) < 1e-9
        ):
            out.pop(i)
        else:
            i += 1
    return out
