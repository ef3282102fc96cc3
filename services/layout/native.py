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

from .model import Box, Layout, SizedGraph
from .routing import route_all
from .sizing import CONTAINER_PAD_SIDE, CONTAINER_PAD_TOP
from .tree import Tree

NODE_GAP = 30.0
LAYER_GAP = 70.0
SWEEPS = 4


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
    tree: Tree, container: str | None, rel: dict[str, tuple[float, float]]
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
        a = tree.child_under(e.src, container)
        b = tree.child_under(e.dst, container)
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


def layout_native(graph: SizedGraph) -> Layout:
    tree = Tree(graph)
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
