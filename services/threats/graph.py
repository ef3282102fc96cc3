"""Who can reach what: the flows as a graph of who talks to whom, walked from the outside.

An arrow `a -> b` lets `a` reach `b`; `<->` and `--` go both ways; reaching a container
reaches what is inside it. Walks start at the external entities and never relay through
another one (an outside party is a source of requests, not a hop inside the system).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from shared.threats.model import Element, Flow


class Reach:
    """Reachability over one model; every walk is cached, so rules may ask freely."""

    def __init__(self, elements: list[Element], flows: list[Flow]) -> None:
        self.by_id = {e.id: e for e in elements}
        self.flows = flows
        self.out: dict[str, list[str]] = {e.id: [] for e in elements}
        self.touching: dict[str, list[Flow]] = {e.id: [] for e in elements}
        for f in flows:
            self.out[f.src].append(f.dst)
            if f.bidirectional:
                self.out[f.dst].append(f.src)
            self.touching[f.src].append(f)
            self.touching[f.dst].append(f)
        for e in elements:
            if e.kind != "trust_boundary" and e.boundary is not None:
                self.out[e.boundary].append(e.id)
        self.externals = [e.id for e in elements if e.kind == "external_entity"]
        self._walks: dict[tuple[tuple[str, ...], frozenset[str]], dict[str, str | None]] = {}
        self._roles: dict[frozenset[str], frozenset[str]] = {}

    def walk(
        self, starts: Iterable[str], blocked: frozenset[str] = frozenset()
    ) -> dict[str, str | None]:
        """Every element reachable from `starts` without entering `blocked` or relaying through
        an external entity: element -> the element it was reached from (None for a start)."""
        key = (tuple(sorted(starts)), blocked)
        cached = self._walks.get(key)
        if cached is not None:
            return cached
        came: dict[str, str | None] = {s: None for s in key[0]}
        queue = deque(key[0])
        while queue:
            cur = queue.popleft()
            if came[cur] is not None and self.by_id[cur].kind == "external_entity":
                continue
            for nxt in self.out[cur]:
                if nxt not in came and nxt not in blocked:
                    came[nxt] = cur
                    queue.append(nxt)
        self._walks[key] = came
        return came

    def with_roles(self, roles: frozenset[str]) -> frozenset[str]:
        found = self._roles.get(roles)
        if found is None:
            found = frozenset(e.id for e in self.by_id.values() if e.roles & roles)
            self._roles[roles] = found
        return found

    def exposed(self) -> dict[str, str | None]:
        """Elements an external entity reaches (the externals themselves included)."""
        return self.walk(self.externals)

    def is_exposed(self, element_id: str) -> bool:
        """Whether an outside party (another one, for an external entity) reaches it."""
        if self.by_id[element_id].kind == "external_entity":
            came = self.walk([x for x in self.externals if x != element_id])
        else:
            came = self.exposed()
        return came.get(element_id, None) is not None

    def unguarded(self, element_id: str, guards: frozenset[str]) -> list[str] | None:
        """A path from the outside to `element_id` that passes no element in `guards`
        (externals first), or None when every path passes one (or there is none)."""
        if element_id in guards:
            return None
        came = self.walk([x for x in self.externals if x != element_id], guards)
        if element_id not in came or came[element_id] is None:
            return None
        return self.path(came, element_id)

    @staticmethod
    def path(came: dict[str, str | None], element_id: str) -> list[str]:
        out = [element_id]
        cur = came.get(element_id)
        while cur is not None:
            out.append(cur)
            cur = came.get(cur)
        return out[::-1]

    def guards_before(self, element_id: str, guards: frozenset[str]) -> list[str]:
        """The guards from which `element_id` can be reached (the ones "in front" of it)."""
        return sorted(g for g in guards if g != element_id and element_id in self.walk([g]))

    def neighbours(self, element_id: str) -> list[tuple[Flow, Element]]:
        """Each flow touching the element with the element at its other end."""
        out = []
        for f in self.touching[element_id]:
            other = f.dst if f.src == element_id else f.src
            out.append((f, self.by_id[other]))
        return out

    def entries(
        self, pass_through: frozenset[str], sources: Iterable[str] | None = None
    ) -> dict[str, list[str]]:
        """Public entry points: elements (not external) reached from the outside (`sources`,
        all external entities by default) through pass-through network plumbing only (CDN,
        load balancer, DNS, firewall, a container), with the path that reaches each."""
        plumbing = frozenset(
            e for e in self.by_id if e in pass_through or self.by_id[e].kind == "trust_boundary"
        )
        out: dict[str, list[str]] = {}
        for ext in self.externals if sources is None else sources:
            came: dict[str, str | None] = {ext: None}
            queue = deque([ext])
            while queue:
                cur = queue.popleft()
                if cur != ext and cur not in plumbing:
                    out.setdefault(cur, self.path(came, cur))
                    continue
                for nxt in self.out[cur]:
                    if nxt not in came and self.by_id[nxt].kind != "external_entity":
                        came[nxt] = cur
                        queue.append(nxt)
        return out

    def downstream(self, element_id: str) -> dict[str, str | None]:
        """What an element reaches through processes only (stores and outside parties end a
        path: they answer, they do not pass requests on)."""
        came: dict[str, str | None] = {element_id: None}
        queue = deque([element_id])
        while queue:
            cur = queue.popleft()
            if cur != element_id and self.by_id[cur].kind in ("data_store", "external_entity"):
                continue
            for nxt in self.out[cur]:
                if nxt not in came:
                    came[nxt] = cur
                    queue.append(nxt)
        return came
