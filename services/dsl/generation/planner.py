"""Keep every component a create request names, wired by what it states, then by role.

The topology step (:mod:`create`) draws a reference architecture; this module makes sure it
holds every :class:`~phrases.Mention` of the request: a mention is the node that already names
it (same words in the label, or the same named technology), else it relabels an unnamed slot
of its kind ("API" -> "Product catalog API"), else it is added (a KB kind, or the generic kind
of its head noun's category). Stated links (:class:`~phrases.Link`) are drawn as written;
mentions left unconnected are wired by the knowledge base's role rules (edge -> gateway ->
services -> data). Counts make copies ("two ec2 instances"), and "one postgres each" gives every
named service its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from services.dsl.generation.design import Node, snake_id
from services.dsl.generation.phrases import APP_HEADS, PER_SIBLING, Link, Mention, singular
from services.dsl.generation.roles import apply as role_defaults
from services.dsl.generation.roles import joined

if TYPE_CHECKING:
    from services.dsl.generation.create import Builder

REGION = "region"
EDGE_CATEGORIES = ("cdn", "firewall", "waf", "lb", "api_gateway")
#: order of roles along a request: a link between two of them runs from the lower rank
RANK = {
    "client": 0, "device": 0, "admin": 0, "dns": 1, "cdn": 1, "waf": 2, "firewall": 2, "lb": 3,
    "api_gateway": 3, "vpn": 2, "idp": 5, "web": 4, "realtime": 5, "api": 5, "service": 5,
    "function": 5, "worker": 6, "scheduler": 4, "etl": 6, "workflow": 5, "stream_processing": 6,
    "orchestrator": 5, "ingestion": 6, "iot_hub": 3, "source": 0, "queue": 6, "stream": 6,
    "cache": 7, "database": 8, "timeseries": 8, "search": 7, "storage": 8, "data_lake": 8,
    "warehouse": 8, "vector_db": 8, "llm": 8, "embedding": 7, "ml": 7, "payment": 9, "email": 9,
    "sms": 9, "external": 9, "secrets": 9, "monitoring": 9, "logging": 9, "tracing": 9,
    "siem": 10, "bi": 10, "notifications": 7, "guardrails": 6,
}  # fmt: skip


#: categories a design holds one of unless the request names more ("the WAF", "the IdP")
ONE_PER_DESIGN = frozenset({*EDGE_CATEGORIES, "idp"})

#: the unnamed slots a mention of a category may take ("a todo app" names the web app)
SLOT_FOR = {"service": ("api", "web"), "api": ("service",), "web": ("api",)}


#: one word for a thing the user may write long or short ("mobile application" = "mobile app")
SAME_WORD = {"application": "app", "svc": "service", "database": "db"}


def _word(w: str) -> str:
    w = singular(w)
    return SAME_WORD.get(w, w)


def _words(label: str) -> set[str]:
    return {_word(w) for w in snake_id(label, 200).split("_") if w}


#: a slot's role kept after the user's words: "Booking system (API)"
_ROLE = re.compile(r"\s*\([^()]*\)$")


def _find(b: Builder, m: Mention, taken: set[str]) -> Node | None:
    """The node of the design that already is this mention."""
    want = {_word(w) for w in m.words}
    for n in b.d.nodes.values():
        # "signup form -> api": a slot another mention took keeps its role in brackets
        # ("Signup form (API)"), which names that mention's role, not a second component
        label = _ROLE.sub("", n.label) if n.id in taken else n.label
        if want <= _words(label) | (_words(n.id) if n.id not in taken else _words(label)):
            return n
    if m.kind is not None:
        same = [n for n in b.d.nodes.values() if n.kind == m.kind.id and n.id not in taken]
        # "egress gateway" beside an "Ingress gateway": sharing only the kind's own word
        # ("gateway") is no naming; the other's qualifier makes it another part
        own = _kind_words(b, m)
        named = [n for n in same if _words(n.label) & want and _may_name(b, n, want, own)]
        # "a web application firewall" when the design has its one WAF: the words are only
        # the kind's own name, so they name that node, not a second firewall
        only_kind = len(same) == 1 and m.category in ONE_PER_DESIGN and _only_the_kind(b, m)
        if named or (same and (not m.kind.generic or only_kind)):
            node = (named or same)[0]
            extra = " ".join(w for w in m.words if _word(w) not in _words(node.label))
            same_role = any(f.kind.category == node.category for f in b.kb.find(extra))
            if m.headed and extra and not same_role:
                node.label = m.label  # "redis cart": the named Redis is the cart's store
            elif m.kind.generic and extra and node.label == m.kind.label:
                node.label = m.label  # "overdue notice worker" names the topology's worker
            elif extra and not same_role and _unnamed(b, node):
                # "s3 raw": the user's qualifier names the store ("S3 raw", not "S3 bucket");
                # a second qualified mention of the kind then gets its own node
                node.label = m.label
            return node
    if m.kind is not None and not m.kind.generic:
        # "Aurora PostgreSQL": the node of another product the same words name is this one
        kinds = {f.kind.id for f in b.kb.find(" ".join(m.words)) if not f.kind.generic}
        kinds = {k for k in kinds if b.kb.kinds[k].category == m.category}
        for n in b.d.nodes.values():
            if n.kind in kinds and n.id not in taken:
                return n
    if m.kind is not None and m.kind.generic and len(m.words) == 1:
        same = [n for n in b.d.nodes.values() if n.kind == m.kind.id and n.id not in taken]
        if same:
            if _unnamed(b, same[0]) and m.label != m.kind.label:
                same[0].label = m.label  # "alerts" names the topology's monitoring
            return same[0]
    return None


def _kind_words(b: Builder, m: Mention) -> set[str]:
    """The words of `m` that only name its kind ("gateway" in "egress gateway")."""
    phrase = " ".join(m.words)
    assert m.kind is not None
    return {_word(w) for f in b.kb.find(phrase) if f.kind.id == m.kind.id for w in f.phrase.split()}


def _may_name(b: Builder, n: Node, want: set[str], own: set[str]) -> bool:
    """May a mention of words `want` be node `n`? Not when `n` carries a qualifier of the
    user's own that the mention does not share ("Ingress gateway" for "egress gateway")."""
    if _unnamed(b, n):
        return True
    theirs = _words(_ROLE.sub("", n.label)) - own
    return not theirs or bool(theirs & want)


def _only_the_kind(b: Builder, m: Mention) -> bool:
    """Are the mention's words nothing but a name of its (generic) kind ("identity provider",
    "web application firewall"), with no qualifier of the user's own?"""
    if m.kind is None:
        return False
    phrase = " ".join(m.words)
    return any(f.kind.id == m.kind.id and f.end - f.start == len(phrase) for f in b.kb.find(phrase))


def _unnamed(b: Builder, node: Node) -> bool:
    """A node still carrying a knowledge-base label, not words the user wrote."""
    kind = b.kb.kinds[node.kind]
    return node.label == kind.label or node.label in kind.labels.values()


def _slot(b: Builder, m: Mention, taken: set[str]) -> Node | None:
    """An unnamed generic node of the mention's category it may take over."""
    for cat in (m.category, *SLOT_FOR.get(m.category, ())):
        for n in b.d.of_category(cat):
            kind = b.kb.kinds[n.kind]
            if n.id not in taken and kind.generic and n.label == kind.label:
                return n
    return None


def place_mentions(b: Builder, mentions: list[Mention]) -> dict[int, str]:
    """Map every mention to a node id, adding or relabelling nodes; edge ones wait (None)."""
    placed: dict[int, str] = {}
    taken: set[str] = set()
    for i, m in enumerate(mentions):
        if m.category == REGION:
            continue  # a region is a container (regions.py), not a component
        if m.category in EDGE_CATEGORIES and m.count <= 1:
            continue  # the edge chain is built later; matched in :func:`finish`
        node = _find(b, m, taken)
        if node is not None:
            node.explicit = True  # the request named it ("web applications" is the web app)
        if node is None:
            node = _slot(b, m, taken)
            if node is not None:
                role = node.label  # the slot's role stays readable: "Booking system (API)"
                keep = _words(role) <= {_word(w) for w in m.words}
                node.label, node.explicit = (m.label if keep else f"{m.label} ({role})"), True
                b._rename(node.id, b.d.new_id(snake_id(m.label)))
        if node is None:
            kind = m.kind or b.kb.generic(m.category)
            node = b.add(
                kind,
                m.label,
                explicit=True,
                base_id=snake_id(m.label),
                backend=kind.category in ("api", "service", "web"),
            )
            node.explicit = True
        placed[i] = node.id
        taken.add(node.id)
    return placed


def finish(
    b: Builder, mentions: list[Mention], links: list[Link], placed: dict[int, str], added: list[str]
) -> None:
    """After the edge chain: stated links, role wiring of what is still alone, counts."""
    for i, m in enumerate(mentions):
        if i in placed or m.category == REGION:
            continue
        node = _find(b, m, set())
        if node is None:
            kind = m.kind or b.kb.generic(m.category)
            node = b.add(kind, m.label, explicit=True, base_id=snake_id(m.label))
            added.append(node.id)
        placed[i] = node.id
    for link in links:
        src, dst = placed.get(link.src), placed.get(link.dst)
        if src is None or dst is None or src == dst:
            continue
        if _linked(b, src, dst):
            continue
        a, c = b.d.nodes[src], b.d.nodes[dst]
        if link.weak and joined(b, a.id, c.id, unnamed=not link.near):
            continue  # "a web app with mongodb": the design already joins them its own way
        if link.near and not may_link(a, c):
            continue  # "cart, checkout": peers of a list; a phone never reads a database
        ra, rc = RANK.get(a.category, 5), RANK.get(c.category, 5)
        if not link.via and (ra > rc + 1 or (link.near and ra > rc)):
            src, dst = dst, src  # "postgres for the api": requests run from the api
        b.d.connect(src, dst, _label(b, b.d.nodes[dst]))
    _apart(b, links, placed)
    for nid in added:
        if nid in b.d.nodes and not any(nid in (e.src, e.dst) for e in b.d.edges):
            node = b.d.nodes[nid]
            if node.category in EDGE_CATEGORIES:
                _front(b, node)
            else:
                b.wire(node)
    _counts(b, mentions, placed)
    apps = {placed[i] for i, m in enumerate(mentions) if i in placed and (m.headed or m.kind)}
    role_defaults(b, apps)


def _apart(b: Builder, links: list[Link], placed: dict[int, str]) -> None:
    """ "A talks to B through M": the request put M between A and B, so a direct edge the
    topology drew between them goes (the stated path replaces the default one)."""
    into: dict[int, set[int]] = {}
    for link in links:
        if link.via:
            into.setdefault(link.dst, set()).add(link.src)
    for link in links:
        if not link.via or link.src not in into:
            continue
        for a in into[link.src]:
            x, y = placed.get(a), placed.get(link.dst)
            if x is None or y is None or x == y:
                continue
            b.d.edges = [e for e in b.d.edges if {e.src, e.dst} != {x, y}]


#: where data rests: clients never link to these directly
DATA = frozenset(
    {
        "database",
        "storage",
        "cache",
        "data_lake",
        "warehouse",
        "timeseries",
        "vector_db",
        "search",
    }
)
CLIENTS = frozenset(("client", "device", "admin"))


def may_link(a: Node, c: Node) -> bool:
    """Whether two components named side by side are ones an architect would join."""
    if a.category == c.category and a.category not in ("monitoring", "bi"):
        return False
    cats = {a.category, c.category}
    if cats <= DATA:
        return False  # two stores are joined by what writes to them, not by each other
    return not (cats & CLIENTS and (cats & DATA or cats <= CLIENTS))


def _label(b: Builder, dst: Node) -> str:
    """The knowledge base's word for a link into `dst` ("SQL" into a database)."""
    wiring = b.kb.wiring.get(dst.category)
    if wiring is None or not wiring.from_:
        return ""
    return b.kb.label_into(b.kb.kinds.get(dst.kind), wiring.label)


def _linked_any(b: Builder, node: Node) -> bool:
    return any(node.id in (e.src, e.dst) for e in b.d.edges)


def _linked(b: Builder, x: str, y: str) -> bool:
    return any({e.src, e.dst} == {x, y} for e in b.d.edges)


def _front(b: Builder, node: Node) -> None:
    """An extra edge component goes in front of the entry point."""
    for t in b.select("entry") or b.select("backend"):
        if t.id != node.id:
            b.d.connect(node.id, t.id)
            return


def _copy(b: Builder, node: Node, label: str) -> Node:
    kind = b.kb.kinds[node.kind]
    twin = b.add(kind, label, explicit=True, base_id=snake_id(label), backend=node.backend)
    twin.shape, twin.cls = node.shape, node.cls
    for e in list(b.d.edges):
        if e.src == node.id:
            b.d.connect(twin.id, e.dst, e.label)
        elif e.dst == node.id:
            b.d.connect(e.src, twin.id, e.label)
    return twin


def _counts(b: Builder, mentions: list[Mention], placed: dict[int, str]) -> None:
    services = [
        n
        for n in b.d.of_category("service", "api")
        if n.backend and (b.kb.kinds[n.kind].generic or n.category == "api")
    ]
    # "each service owning its database": the services named as such, when there are some
    named = [n for n in services if snake_id(n.label).split("_")[-1] in APP_HEADS]
    services = named if len(named) > 1 else services
    for i, m in enumerate(mentions):
        if i not in placed:
            continue
        node = b.d.nodes[placed[i]]
        if m.count == PER_SIBLING and len(services) > 1:
            generic = b.kb.kinds[node.kind]
            base = generic.label if generic.generic else node.label
            own = [
                s
                for s in services
                if not any(
                    e.src == s.id and b.d.nodes[e.dst].category == node.category for e in b.d.edges
                )
            ]
            for k, svc in enumerate(own):
                target = (
                    node
                    if k == 0 and not _linked_any(b, node)
                    else _copy(b, node, f"{base} ({svc.label})")
                )
                if target is node:
                    node.label = f"{base} ({svc.label})"
                for e in [e for e in b.d.edges if e.dst == target.id]:
                    if b.d.nodes[e.src].category in ("service", "api"):
                        b.d.edges.remove(e)
                b.d.connect(svc.id, target.id)
        elif m.count > 1:
            # copies of this node only: other parts of its category are not what was counted
            base = node.label
            unit = f"{m.per} " if m.per else ""
            node.label = f"{base} ({unit}1)" if unit else f"{base} 1"
            for k in range(2, m.count + 1):
                _copy(b, node, f"{base} ({unit}{k})" if unit else f"{base} {k}")
