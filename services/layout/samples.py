"""Generated architecture-like graphs with nested containers, for tests and benchmarks.

Deterministic for a given (leaves, seed). Leaves are spread over a tree of containers up to
three deep; edges are mostly local (inside a container or to a neighbouring one) with some
long cross-container edges, about 1.3 edges per leaf — the shape of real system diagrams.
"""

from __future__ import annotations

import random

from shared.contracts import DiagramGraph, GraphEdge, GraphNode
from shared.stylepack import NODE_CLASSES

from .model import SizedEdge, SizedGraph, SizedNode
from .sizing import sized_graph

_WORDS = [
    "api",
    "auth",
    "user",
    "order",
    "billing",
    "cache",
    "queue",
    "worker",
    "search",
    "gateway",
    "ledger",
    "report",
    "mail",
    "stream",
    "index",
    "ingest",
    "audit",
    "vault",
    "token",
    "session",
    "catalog",
    "pricing",
    "media",
    "feed",
    "notify",
]
_LEAF_CLASSES = [c for c in NODE_CLASSES if c != "zone"]


def sample_graph(leaves: int, *, seed: int = 1, direction: str = "right") -> DiagramGraph:
    rng = random.Random(seed * 7919 + leaves)
    n_containers = max(1, leaves // 6)
    containers: list[GraphNode] = []
    for i in range(n_containers):
        # earlier containers may hold later ones: a forest up to three levels deep
        parent = None
        if i > 0 and rng.random() < 0.45:
            cand = containers[rng.randrange(len(containers))]
            if cand.id.count(".") < 2:
                parent = cand.id
        cid = f"{parent}.zone{i}" if parent else f"zone{i}"
        label = f"{rng.choice(_WORDS).title()} zone {i}"
        containers.append(
            GraphNode(id=cid, label=label, parent=parent, classes=["zone"], is_container=True)
        )
    nodes = list(containers)
    leaf_ids: list[str] = []
    for i in range(leaves):
        # contiguous runs of leaves share a container, so "near in creation order" edges
        # are mostly local, as in real diagrams; a few leaves sit elsewhere or at the top
        r = rng.random()
        if r < 0.8:
            parent = containers[min(n_containers - 1, i * n_containers // leaves)].id
        elif r < 0.92:
            parent = containers[rng.randrange(n_containers)].id
        else:
            parent = None
        cls = rng.choice(_LEAF_CLASSES)
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))
        lid = f"{parent}.n{i}" if parent else f"n{i}"
        nodes.append(
            GraphNode(
                id=lid,
                label=f"{words} {i}",
                parent=parent,
                classes=[cls],
                shape=NODE_CLASSES[cls].shape,
            )
        )
        leaf_ids.append(lid)
    edges: list[GraphEdge] = []
    seen: set[tuple[str, str]] = set()
    target = int(leaves * 1.3)
    tries = 0
    while len(edges) < target and tries < target * 20 and leaves > 1:
        tries += 1
        i = rng.randrange(leaves)
        # mostly near in creation order (same or neighbouring container), sometimes far
        j = i + rng.randint(1, 4) if rng.random() < 0.9 else rng.randrange(leaves)
        if j >= leaves or j == i:
            continue
        a, b = leaf_ids[i], leaf_ids[j]
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        label = rng.choice(["", "", "https", "reads", "events"])
        edges.append(GraphEdge(id=f"({a} -> {b})[0]", src=a, dst=b, label=label))
    # Containers must exist as nodes only if they hold something; drop empty ones.
    used = {n.parent for n in nodes if n.parent}
    changed = True
    while changed:
        changed = False
        for n in list(nodes):
            if n.is_container and n.id not in used:
                nodes.remove(n)
                used = {m.parent for m in nodes if m.parent}
                changed = True
    return DiagramGraph(direction=direction, nodes=nodes, edges=edges)  # type: ignore[arg-type]


def sample_sized(leaves: int, *, seed: int = 1) -> SizedGraph:
    """The same graphs with fixed sizes (for engine comparisons that bypass text metrics)."""
    return sized_graph(sample_graph(leaves, seed=seed))


def strip_labels(graph: SizedGraph) -> SizedGraph:
    return SizedGraph(
        [SizedNode(n.id, n.w, n.h, n.parent, n.is_container) for n in graph.nodes],
        [SizedEdge(e.id, e.src, e.dst) for e in graph.edges],
        graph.direction,
    )


def with_one_more_node(graph: DiagramGraph, *, seed: int = 1) -> tuple[DiagramGraph, str]:
    """`graph` plus one new leaf (in the container of a random leaf, wired to it): the
    typical small edit of a conversation ("add a cache next to the api")."""
    rng = random.Random(seed)
    leaves = [n for n in graph.nodes if not n.is_container]
    anchor = leaves[rng.randrange(len(leaves))]
    new_id = f"{anchor.parent}.added" if anchor.parent else "added"
    node = GraphNode(
        id=new_id, label="added cache", parent=anchor.parent, classes=["cache"], shape="cylinder"
    )
    edge = GraphEdge(id=f"({anchor.id} -> {new_id})[0]", src=anchor.id, dst=new_id)
    return (
        graph.model_copy(update={"nodes": [*graph.nodes, node], "edges": [*graph.edges, edge]}),
        new_id,
    )
