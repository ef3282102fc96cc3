"""Edge routes over placed boxes: which boxes an edge may not cross, where it leaves and
enters its nodes (ports), and the orthogonal route between them (router.py).

Used by the native engine for every edge, by the incremental layout for the edges of an
edit, and by the pins for the edges of moved nodes. Two rules keep edges apart, so that no two
read as one line:

- ports: the edges meeting one side of a node get distinct points on it, spread along the
  side in the order of their other ends (so they do not cross each other on the way out), and
  clear of the points where routes already drawn (`kept`) meet it;
- routes: each new route treats the routes drawn before it (kept ones and the new ones so
  far) as soft obstacles (router.py: never along them, rarely across them).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from .model import Box, Point, SizedGraph
from .router import MARGIN, port_point, port_side, route_windowed
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP
from .tree import Tree

PORT_GAP = 10.0  # px between two ports on one side of a node
#: more routes than this in one call (a big diagram laid out afresh by the native engine):
#: routes ignore each other, as bundles along shared channels. Measured at 300 leaves: 0.6 s
#: so, 90 s with each route avoiding all the others (every route adds grid lines to the
#: searches after it); an edit routes a few edges and always avoids the kept ones.
MAX_AVOIDING = 60
Segment = tuple[Point, Point]


def obstacles_for(
    tree: Tree, boxes: dict[str, Box], src: str, dst: str
) -> tuple[list[Box], str | None]:
    """Boxes an edge src -> dst must not cross, and the container it must stay inside."""
    chain_s, chain_d = tree.chain(src), tree.chain(dst)
    lca = tree.lca(src, dst)
    on_chain = set(chain_s) | set(chain_d)
    if lca is not None:
        on_chain |= set(tree.chain(lca))
    holders = {tree.parent[x] for x in on_chain if x != lca} | {lca}
    if lca in (src, dst):
        holders.add(lca)
    obstacles = [
        boxes[c]
        for h in holders
        for c in tree.children.get(h, [])
        if c not in on_chain and c in boxes
    ]
    return obstacles, lca


def route_edge(
    tree: Tree,
    boxes: dict[str, Box],
    src: str,
    dst: str,
    total: tuple[float, float, float, float],
    *,
    vertical: bool,
    offsets: tuple[float, float] = (0.5, 0.5),
    occupied: list[Segment] | None = None,
) -> list[Point]:
    obstacles, lca = obstacles_for(tree, boxes, src, dst)
    if lca is not None:
        lb = boxes[lca]
        bounds = (lb.x + 1, lb.y + 1, lb.right - 1, lb.bottom - 1)
    else:
        bounds = total
    sb, db = boxes[src], boxes[dst]
    if src == dst:  # self loop: out of the right side, back in through the top
        s, sd = (sb.right, sb.y + sb.h * 0.6), 0
        d, dd = (sb.x + sb.w * 0.6, sb.y), 3
    elif lca == src:  # container to something inside it: start inside, below its label
        s, sd = (sb.x + CONTAINER_PAD_SIDE / 2, sb.y + CONTAINER_PAD_TOP - MARGIN), 2
        dd = port_side(db, s, vertical_first=vertical)
        d = port_point(db, dd, offsets[1])
    elif lca == dst:
        d, dd = (db.x + CONTAINER_PAD_SIDE / 2, db.y + CONTAINER_PAD_TOP - MARGIN), 2
        sd = port_side(sb, d, vertical_first=vertical)
        s = port_point(sb, sd, offsets[0])
    else:
        sd = port_side(sb, db.center, vertical_first=vertical)
        dd = port_side(db, sb.center, vertical_first=vertical)
        s, d = port_point(sb, sd, offsets[0]), port_point(db, dd, offsets[1])
    pts = route_windowed(s, sd, d, dd, obstacles, bounds, occupied)
    if pts is None:  # no free path (should not happen with padded containers): go straight
        pts = [s, (s[0], d[1]) if vertical else (d[0], s[1]), d]
    return pts


def _side_of(p: Point, b: Box) -> int | None:
    """The side of `b` point `p` lies on (router directions: 0 right, 1 left, 2 bottom, 3
    top), if it lies on one."""
    near = [(abs(p[0] - b.right), 0), (abs(p[0] - b.x), 1), (abs(p[1] - b.bottom), 2)]
    near.append((abs(p[1] - b.y), 3))
    gap, side = min(near)
    return side if gap <= 2.0 else None


def _along(p: Point, b: Box, side: int) -> float:
    """How far along `side` of `b` point `p` lies (px from the side's start)."""
    return p[1] - b.y if side in (0, 1) else p[0] - b.x


def _offsets(
    graph: SizedGraph,
    boxes: dict[str, Box],
    todo: list[str],
    kept: dict[str, list[Point]],
    vertical: bool,
) -> dict[str, list[float]]:
    """Where along its side each end of each edge in `todo` meets its node (0..1)."""
    tree = Tree(graph)
    ends = {e.id: (e.src, e.dst) for e in graph.edges}
    at: dict[tuple[str, int], list[tuple[float, str, int]]] = defaultdict(list)
    for eid in todo:
        src, dst = ends[eid]
        lca = tree.lca(src, dst)
        sb, db = boxes[src], boxes[dst]
        if src == dst:
            continue
        if lca != src:
            toward = db.center if lca != dst else (db.x, db.y + CONTAINER_PAD_TOP)
            side = port_side(sb, toward, vertical_first=vertical)
            key = 1 if side in (0, 1) else 0
            at[(src, side)].append((toward[key], eid, 0))
        if lca != dst:
            toward = sb.center if lca != src else (sb.x, sb.y + CONTAINER_PAD_TOP)
            side = port_side(db, toward, vertical_first=vertical)
            key = 1 if side in (0, 1) else 0
            at[(dst, side)].append((toward[key], eid, 1))
    taken: dict[tuple[str, int], list[float]] = defaultdict(list)
    for eid, pts in kept.items():
        if eid not in ends or len(pts) < 2:
            continue
        for node, p in ((ends[eid][0], pts[0]), (ends[eid][1], pts[-1])):
            b = boxes.get(node)
            on = _side_of(p, b) if b is not None else None
            if b is not None and on is not None:
                taken[(node, on)].append(_along(p, b, on))
    out: dict[str, list[float]] = {eid: [0.5, 0.5] for eid in todo}
    for (node, side), items in at.items():
        items.sort()
        b = boxes[node]
        length = b.h if side in (0, 1) else b.w
        used = taken.get((node, side), [])
        n = len(items) + len(used)
        slots = [(k + 1) / (n + 1) for k in range(n)]
        free = [f for f in slots if all(abs(f * length - u) >= PORT_GAP for u in used)]
        if len(free) < len(items):  # crowded: finer slots between the taken points
            fine = [(k + 1) / (2 * n + 2) for k in range(2 * n + 1)]
            free = sorted(
                set(free)
                | {f for f in fine if all(abs(f * length - u) >= PORT_GAP / 2 for u in used)}
            )
        if len(free) < len(items):
            free = slots[: len(items)] if len(slots) >= len(items) else [0.5] * len(items)
        # spread the items over the free slots, keeping their order
        step = len(free) / len(items)
        for k, (_, eid, which) in enumerate(items):
            out[eid][which] = free[min(len(free) - 1, int(k * step + step / 2))]
    return out


def route_all(
    graph: SizedGraph,
    boxes: dict[str, Box],
    edge_ids: set[str] | None = None,
    kept: dict[str, list[Point]] | None = None,
) -> dict[str, list[Point]]:
    """Routes for the edges in `edge_ids` (default: all) whose ends are placed, clear of the
    boxes each may not cross and of the routes in `kept` (other edges' routes, left as they are)
    and of each other."""
    tree = Tree(graph)
    xs = [b.x for b in boxes.values()] + [b.right for b in boxes.values()]
    ys = [b.y for b in boxes.values()] + [b.bottom for b in boxes.values()]
    pad = 4 * MARGIN
    total = (
        min(xs, default=0) - pad,
        min(ys, default=0) - pad,
        max(xs, default=0) + pad,
        max(ys, default=0) + pad,
    )
    vertical = graph.direction in ("down", "up")
    kept = {k: v for k, v in (kept or {}).items() if edge_ids is None or k not in edge_ids}
    todo = [
        e
        for e in graph.edges
        if (edge_ids is None or e.id in edge_ids) and e.src in boxes and e.dst in boxes
    ]
    offsets = _offsets(graph, boxes, [e.id for e in todo], kept, vertical)
    occupied: list[Segment] = [seg for pts in kept.values() for seg in pairwise(pts)]
    avoid = len(todo) <= MAX_AVOIDING
    routes: dict[str, list[Point]] = {}
    for e in todo:
        off = offsets[e.id]
        pts = route_edge(
            tree,
            boxes,
            e.src,
            e.dst,
            total,
            vertical=vertical,
            offsets=(off[0], off[1]),
            occupied=occupied if avoid or kept else None,
        )
        routes[e.id] = pts
        if avoid:
            occupied.extend(pairwise(pts))
    return routes
