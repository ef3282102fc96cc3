"""The container tree of a sized graph: parents, children, ancestor chains, common containers.

Shared by the engines, the router's obstacle choice, the incremental layout and the pins, which
all ask the same questions of the nesting ("which containers hold this node?", "where do these
two nodes' chains meet?").
"""

from __future__ import annotations

from collections import defaultdict

from .model import SizedGraph


class Tree:
    """Parents and children of `graph`'s nodes (a parent that is not a node counts as none)."""

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
        """The innermost node on both chains (a container, or `a`/`b` itself), else None."""
        ca = self.chain(a)
        set_b = set(self.chain(b))
        return next((x for x in ca if x in set_b), None)

    def subtree(self, node: str) -> list[str]:
        """`node` and everything inside it."""
        out, stack = [], [node]
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(self.children.get(n, []))
        return out

    def child_under(self, node: str, container: str | None) -> str | None:
        """The child of `container` that is `node` or holds it (None if outside)."""
        cur: str | None = node
        guard = 0
        while cur is not None and guard < 1000:
            if self.parent[cur] == container:
                return cur
            cur = self.parent[cur]
            guard += 1
        return None


def ancestors(node: str, parents: dict[str, str | None]) -> set[str]:
    """Every container holding `node`, from a plain parent map (cycles tolerated)."""
    out: set[str] = set()
    cur = parents.get(node)
    while cur is not None and cur not in out:
        out.add(cur)
        cur = parents.get(cur)
    return out
