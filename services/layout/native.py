"""Pure-Python layered engine: the fallback when Node/elkjs is missing.

Compound layout by blocks, bottom-up: each container's children are laid out with a small
Sugiyama pass (cycle breaking in model order, longest-path layering, barycentre ordering,
median alignment), the container is sized to that content plus padding, and then treated as
one block by its parent. Edges are lifted to the level where they join two siblings. After
placement every edge is routed orthogonally around the boxes it must not cross (router.py).
Children can never leave their container and siblings never overlap, by construction.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Box, Layout, Point, SizedGraph
from .router import MARGIN, route_windowed, side_port
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP

NODE_GAP = 30.0
LAYER_GAP = 70.0
SWEEPS = 4


class _Tree:
    def __init__(self, graph: SizedGraph) -> None:
        self.graph = graph
        ids = {n.id for n in graph.nodes}
        self.parent: dict[str, str | None] = {
            n.id: (n.parent if n.parent in ids else None) for n in graph.nodes
        }
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for n in graph.nodes:
            self.children[self.parent[n.id]].append(n.id)
        self.size = {n.id: (n.w, n.h) for n in graph.nodes}

    def chain(self, node: str) -> list[str]:
        """node, its parent, ... up to a top-level node."""
        out = [node]
        cur = self.parent[node]
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.parent[cur]
        return out

    def lca(self, a: str, b: str) -> str | None:
        ca = self.chain(a)
        set_b = set(self.chain(b))
        return next((x for x in ca if x in set_b), None)


def _layers(items: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Longest-path layers after reversing DFS back edges, then barycentre ordering."""
    order = {n: i for i, n in enumerate(items)}
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
    state: dict[str, int] = {}
    dag: list[tuple[str, str]] = []
    for root in items:  # iterative DFS in model order; back edges are reversed
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                dag.append((nxt, node))
            else:
                dag.append((node, nxt))
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
    preds: dict[str, list[str]] = defaultdict(list)
    dsucc: dict[str, list[str]] = defaultdict(list)
    for a, b in set(dag):
        preds[b].append(a)
        dsucc[a].append(b)
    layer: dict[str, int] = {}
    indeg = {n: len(preds[n]) for n in items}
    queue = [n for n in items if indeg[n] == 0]
    while queue:
        n = queue.pop(0)
        layer[n] = max((layer[p] + 1 for p in preds[n]), default=0)
        for s in sorted(dsucc[n], key=order.__getitem__):
            indeg[s] -= 1
            if indeg[s] == 0:
                queue.append(s)
    # sinks with a single predecessor far left sit next to it: pull nodes right toward
    # their successors to shorten edges
    for n in sorted(items, key=lambda x: -layer[x]):
        if dsucc[n]:
            layer[n] = max(layer[n], min(layer[s] for s in dsucc[n]) - 1)
    count = max(layer.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(count)]
    for n in items:
        rows[layer[n]].append(n)
    nbrs: dict[str, list[str]] = defaultdict(list)
    for a, b in set(dag):
        nbrs[a].append(b)
        nbrs[b].append(a)
    for sweep in range(SWEEPS):
        seq = range(1, count) if sweep % 2 == 0 else range(count - 2, -1, -1)
        for li in seq:
            ref = rows[li - 1] if sweep % 2 == 0 else rows[li + 1]
            pos = {n: i for i, n in enumerate(ref)}
            cur = {n: i for i, n in enumerate(rows[li])}

            def bary(n: str, pos: dict[str, int] = pos, cur: dict[str, int] = cur) -> float:
                ps = [pos[m] for m in nbrs[n] if m in pos]
                return sum(ps) / len(ps) if ps else float(cur[n])

            rows[li].sort(key=lambda n: (bary(n), cur[n]))
    return rows


def _place_block(
    tree: _Tree, container: str | None, rel: dict[str, tuple[float, float]]
) -> tuple[float, float]:
    """Place `container`'s children relative to its top-left; return its size."""
    items = tree.children[container]
    for c in items:
        if tree.children.get(c):
            tree.size[c] = _max_size(tree.size[c], _place_block(tree, c, rel))
    index = {}
    for c in items:
        index[c] = c
    lifted: list[tuple[str, str]] = []
    for e in tree.graph.edges:
        if e.src not in tree.parent or e.dst not in tree.parent:
            continue
        a = _child_under(tree, e.src, container)
        b = _child_under(tree, e.dst, container)
        if a is not None and b is not None and a != b:
            lifted.append((a, b))
    rows = _layers(items, lifted)
    horizontal = tree.graph.direction in ("right", "left")

    # main axis = across layers, cross axis = within a layer
    def main(n: str) -> float:
        return tree.size[n][0] if horizontal else tree.size[n][1]

    def cross(n: str) -> float:
        return tree.size[n][1] if horizontal else tree.size[n][0]

    centre: dict[str, float] = {}
    preds: dict[str, list[str]] = defaultdict(list)
    for a, b in lifted:
        preds[b].append(a)
        preds[a].append(b)
    for row in rows:
        # wanted cross-centre: median of already placed neighbours, else stacked
        pos = 0.0
        for n in row:
            placed = sorted(centre[m] for m in preds[n] if m in centre)
            want = placed[len(placed) // 2] if placed else pos + cross(n) / 2
            at = max(want, pos + cross(n) / 2)
            centre[n] = at
            pos = at + cross(n) / 2 + NODE_GAP
    main_at = 0.0
    pad_main = CONTAINER_PAD_SIDE if container is not None else 0.0
    min_cross = min((centre[n] - cross(n) / 2 for n in items), default=0.0)
    extent_main = extent_cross = 0.0
    for row in rows:
        thick = max(main(n) for n in row)
        for n in row:
            m0 = main_at + (thick - main(n)) / 2
            c0 = centre[n] - cross(n) / 2 - min_cross
            rel[n] = (m0, c0) if horizontal else (c0, m0)
            extent_cross = max(extent_cross, c0 + cross(n))
        main_at += thick + LAYER_GAP
        extent_main = main_at - LAYER_GAP
    if tree.graph.direction in ("left", "up"):  # mirror along the main axis
        for n in items:
            x, y = rel[n]
            w, h = tree.size[n]
            rel[n] = (extent_main - x - w, y) if horizontal else (x, extent_main - y - h)
    w, h = (extent_main, extent_cross) if horizontal else (extent_cross, extent_main)
    if container is None:
        return (w, h)
    for n in items:  # shift into the padding
        x, y = rel[n]
        rel[n] = (x + pad_main, y + CONTAINER_PAD_TOP)
    return (w + 2 * CONTAINER_PAD_SIDE, h + CONTAINER_PAD_TOP + CONTAINER_PAD_SIDE)


def _max_size(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (max(a[0], b[0]), max(a[1], b[1]))


def _child_under(tree: _Tree, node: str, container: str | None) -> str | None:
    """The child of `container` that is `node` or holds it (None if outside)."""
    cur: str | None = node
    guard = 0
    while cur is not None and guard < 1000:
        if tree.parent[cur] == container:
            return cur
        cur = tree.parent[cur]
        guard += 1
    return None


def obstacles_for(
    tree: _Tree, boxes: dict[str, Box], src: str, dst: str
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
    tree: _Tree,
    boxes: dict[str, Box],
    src: str,
    dst: str,
    total: tuple[float, float, float, float],
    *,
    vertical: bool,
    offsets: tuple[float, float] = (0.5, 0.5),
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
        d, dd = side_port(db, s, vertical_first=vertical, offset=offsets[1])
    elif lca == dst:
        d, dd = (db.x + CONTAINER_PAD_SIDE / 2, db.y + CONTAINER_PAD_TOP - MARGIN), 2
        s, sd = side_port(sb, d, vertical_first=vertical, offset=offsets[0])
    else:
        s, sd = side_port(sb, db.center, vertical_first=vertical, offset=offsets[0])
        d, dd = side_port(db, sb.center, vertical_first=vertical, offset=offsets[1])
    pts = route_windowed(s, sd, d, dd, obstacles, bounds)
    if pts is None:  # no free path (should not happen with padded containers): go straight
        pts = [s, (s[0], d[1]) if vertical else (d[0], s[1]), d]
    return pts


def route_all(
    graph: SizedGraph, boxes: dict[str, Box], edge_ids: set[str] | None = None
) -> dict[str, list[Point]]:
    tree = _Tree(graph)
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
    # spread ports: the k-th of n edges leaving a node uses offset (k+1)/(n+1) of its side
    outs: dict[str, list[str]] = defaultdict(list)
    ins: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, tuple[str, str]] = {}
    for e in graph.edges:
        outs[e.src].append(e.id)
        ins[e.dst].append(e.id)
        ends[e.id] = (e.src, e.dst)
    # order the ports on a side by where the other end lies, so bundles do not cross
    axis = 0 if vertical else 1

    def other_pos(eid: str, far: int) -> float:
        b = boxes.get(ends[eid][far])
        return b.center[axis] if b is not None else 0.0

    for lst in outs.values():
        lst.sort(key=lambda eid: other_pos(eid, 1))
    for lst in ins.values():
        lst.sort(key=lambda eid: other_pos(eid, 0))
    routes: dict[str, list[Point]] = {}
    for e in graph.edges:
        if (
            (edge_ids is not None and e.id not in edge_ids)
            or e.src not in boxes
            or e.dst not in boxes
        ):
            continue
        ko, kn = outs[e.src].index(e.id), ins[e.dst].index(e.id)
        off = ((ko + 1) / (len(outs[e.src]) + 1), (kn + 1) / (len(ins[e.dst]) + 1))
        routes[e.id] = route_edge(tree, boxes, e.src, e.dst, total, vertical=vertical, offsets=off)
    return routes


def layout_native(graph: SizedGraph) -> Layout:
    tree = _Tree(graph)
    rel: dict[str, tuple[float, float]] = {}
    w, h = _place_block(tree, None, rel)
    boxes: dict[str, Box] = {}

    def place(container: str | None, ox: float, oy: float) -> None:
        for c in tree.children.get(container, []):
            x, y = rel[c][0] + ox, rel[c][1] + oy
            cw, ch = tree.size[c]
            boxes[c] = Box(x, y, cw, ch, tree.parent[c])
            place(c, x, y)

    margin = 12.0
    place(None, margin, margin)
    return Layout(
        nodes=boxes,
        edges=route_all(graph, boxes),
        engine="native",
        width=w + 2 * margin,
        height=h + 2 * margin,
    )
