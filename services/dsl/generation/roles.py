"""Role-based defaults of a create: join what the request named the way an architect would.

After the topology, the stated links and the side-by-side links (:mod:`planner`), a named
component can still sit apart from the parts it works with. These rules close the usual gaps,
each only where the design does not already join the two (directly or through network/security
middlemen):

- a service, API, function or worker named as such ("... service") with no store of its own
  uses the primary store (the first named database, else the first database);
- a named worker or stream processor with no feed consumes from the first queue or stream;
- a CDN with named object storage in the design serves from it (the storage is its origin);
- a named external system (payments, email, SMS, a partner API) with no caller is called by the
  service whose name shares a word with it, else by the main backend;
- a named client with no way in reaches the entry point.

Pure functions over the builder's :class:`~design.Design`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.dsl.generation.design import Node, snake_id
from services.dsl.generation.phrases import singular

if TYPE_CHECKING:
    from services.dsl.generation.create import Builder

DATA = frozenset(
    {
        "database", "storage", "cache", "data_lake", "warehouse", "timeseries", "vector_db",
        "search",
    }
)  # fmt: skip
SERVICES = frozenset({"service", "api", "function", "worker"})
FEEDS = ("queue", "stream")
EXTERNAL = frozenset({"payment", "email", "sms", "external"})
#: classes a reader looks through when following a link (load balancer, gateway, WAF...)
MIDDLEMEN = frozenset({"network", "security"})


def joined(b: Builder, x: str, y: str, *, unnamed: bool = False) -> bool:
    """A link between x and y, directly or through network/security middlemen (and, with
    `unnamed`, through the topology's own unnamed parts: "web app -> API -> database")."""
    adjacent: dict[str, set[str]] = {}
    for e in b.d.edges:
        adjacent.setdefault(e.src, set()).add(e.dst)
        adjacent.setdefault(e.dst, set()).add(e.src)
    frontier, seen = [x], {x}
    while frontier:
        for nxt in adjacent.get(frontier.pop(), ()):
            if nxt == y:
                return True
            node = b.d.nodes[nxt]
            if nxt not in seen and (node.cls in MIDDLEMEN or (unnamed and not node.explicit)):
                seen.add(nxt)
                frontier.append(nxt)
    return False


def _label(b: Builder, dst: Node) -> str:
    wiring = b.kb.wiring.get(dst.category)
    label = wiring.label if wiring is not None and wiring.from_ else ""
    return b.kb.label_into(b.kb.kinds.get(dst.kind), label)


def _neighbours(b: Builder, node: Node) -> list[Node]:
    out = [b.d.nodes[e.dst] for e in b.d.edges if e.src == node.id]
    return out + [b.d.nodes[e.src] for e in b.d.edges if e.dst == node.id]


def _words(node: Node) -> set[str]:
    return {singular(w) for w in snake_id(node.label, 200).split("_") if len(w) > 2}


def apply(b: Builder, apps: set[str]) -> None:
    """Add the role-based links the design still lacks; `apps` are the nodes the request
    plainly named as applications ("... service", a known framework), not unknown names."""
    nodes = list(b.d.nodes.values())
    stores = [n for n in nodes if n.category == "database"]
    primary = next((n for n in stores if n.explicit), stores[0] if stores else None)
    for n in nodes:
        if n.id not in apps or n.category not in SERVICES or primary is None:
            continue
        if not any(m.category in DATA for m in _neighbours(b, n)):
            b.d.connect(n.id, primary.id, _label(b, primary))
    feeds = [n for n in nodes if n.category in FEEDS]
    for n in nodes:
        if not (n.explicit and n.category in ("worker", "stream_processing") and feeds):
            continue
        if not any(e.dst == n.id and b.d.nodes[e.src].category in FEEDS for e in b.d.edges):
            b.d.connect(feeds[0].id, n.id, "consume")
    origins = [n for n in nodes if n.category == "storage" and n.explicit]
    for cdn in (n for n in nodes if n.category == "cdn"):
        if origins and not any(joined(b, cdn.id, o.id) for o in origins):
            b.d.connect(cdn.id, origins[0].id, "origin")
    callers = [n for n in nodes if n.category in SERVICES or n.category == "web"]
    for n in nodes:
        if not n.explicit or n.category not in EXTERNAL or not callers:
            continue
        if any(m.category in SERVICES for m in _neighbours(b, n)):
            continue
        words = _words(n)
        caller = next((c for c in callers if _words(c) & words), None)
        caller = caller or (b.select("backend") or callers)[0]
        if caller.id != n.id and not joined(b, caller.id, n.id):
            b.d.connect(caller.id, n.id, _label(b, n))
    for n in nodes:
        if n.explicit and n.category == "client" and not any(e.src == n.id for e in b.d.edges):
            for t in b.select("entry")[:1]:
                b.d.connect(n.id, t.id, "HTTPS")
