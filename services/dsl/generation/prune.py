"""Step the reference topology aside where the request drew its own architecture.

A topology (:mod:`create`) starts from a reference skeleton ("data sources -> ingestion ->
lake -> ETL -> warehouse -> BI"). When the request names most of its architecture itself,
the skeleton's unnamed parts sit between the components the request joined ("IoT Core ->
Stream processor -> time-series DB" where the request said the data goes from IoT Core to the
time-series DB) and swell the diagram past what was asked for. Once the request names
:data:`NAMED_ENOUGH` components, an unnamed part is dropped and its neighbours are joined
through it (predecessors to successors), so no named component loses its place in the flow.

Kept whatever the request names: the design's only application or store (the request relies
on one being there, unless it named where its data rests: a time-series DB, a lake, a bucket),
clients (the way in; unless the request named :data:`CROWDED` parts, when it drew its own
way in or has none: a batch backend has no "Users"), network and security middlemen (a reader
looks through them, and concerns such as "secure" or "scale" added them), and an
unnamed part the request's wording claimed (``explicit``) or spoke of in other words (a word of
its label, compared on its stem: "ingest" keeps the ingestion pipeline). Pure function over a
:class:`~design.Design`.
"""

from __future__ import annotations

import re

from services.dsl.generation.design import Design, Edge

#: how many named components make the request's own architecture the one drawn
NAMED_ENOUGH = 4
#: ... or this many, when the request also wrote the flow between them ("a -> b -> c")
NAMED_DRAWN = 3
#: named parts past which even the default clients step aside
CROWDED = 8
#: named parts that make the request's whole architecture: no unnamed store or application
#: is slipped in beside them
OWN_PARTS = 8
#: words that speak of the data the request keeps ("keep a copy", "history per shipment"):
#: the unnamed store holds it even when the request named its whole architecture
KEEPING = re.compile(
    r"\b(?:keep|kept|keeps|stor(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|persist\w*|histor(?:y|ies)"
    r"|records?|archiv\w*|data)\b",
    re.IGNORECASE,
)
#: unnamed parts kept whatever the request names
KEEP_CATEGORIES = frozenset({"client", "device", "admin"})
KEEP_CLASSES = frozenset({"network", "security"})
#: an unnamed application or store stays unless the request named one of its tier
TIERS = (
    frozenset({"api", "service", "web", "function", "realtime"}),
    frozenset({"database"}),
)
#: what stands in for the design's one store: a request that named any of these holds its
#: data there, so the reference topology's unnamed database has nothing left to hold
HOLDERS = frozenset(
    {"database", "timeseries", "warehouse", "data_lake", "vector_db", "search", "storage", "cache"}
)
#: a site of static files ("static site on s3", "jamstack blog"): nothing for a database to hold
STATIC = re.compile(
    r"\bstatic\s+(?:web\s*)?(?:site|website|hosting)s?\b|\bjamstack\b",
    re.IGNORECASE,
)
#: the categories of stores an application stands in front of
DATA_CATEGORIES = frozenset({"database", "cache", "storage", "search"})
#: a word of a part's label the request used, compared on its first letters ("ingest")
STEM = 5


def prune_unnamed(d: Design, text: str, *, drawn: bool = False, whole: bool = False) -> list[str]:
    """Drop the topology's unnamed parts when the request (`text`) named enough of its own;
    returns the labels dropped. `drawn`: the request stated the links between most of its
    components itself (fewer named ones are enough); `whole`: its stated links join every
    component it names ("kafka -> flink -> iceberg"), so the flow it wrote is the architecture
    and no unnamed application or store is slipped into it."""
    named = [n for n in d.nodes.values() if n.explicit]
    if STATIC.search(text) and not any(n.category in TIERS[1] for n in named):
        # a static site serves files: the skeleton's database holds nothing of it
        for node in [n for n in d.nodes.values() if not n.explicit and n.category in TIERS[1]]:
            drop_node(d, node.id)
    if len(named) < (NAMED_DRAWN if drawn else NAMED_ENOUGH):
        return []
    stems = {w[:STEM] for w in re.findall(r"[a-z]{5,}", text.lower())}
    dropped = []
    # a request naming this many parts drew its own way in (or has none): the default
    # "Users" / "IoT devices" stand aside with the rest of the skeleton
    crowded = len(named) >= CROWDED
    for node in list(d.nodes.values()):
        if node.explicit or node.cls in KEEP_CLASSES:
            continue
        if node.category in KEEP_CATEGORIES and not crowded:
            continue
        tier = next((t for t in TIERS if node.category in t), None)
        # the one store stays unless the request named a store of its own, of any sort
        cats = HOLDERS if tier is TIERS[1] else (tier or frozenset())
        if (
            tier is not None
            and not whole
            and (len(named) < OWN_PARTS or (tier is TIERS[1] and KEEPING.search(text)))
            and not any(n.category in cats for n in named)
        ):
            continue  # the one application or store the design has: the request relies on it
        if {w[:STEM] for w in re.findall(r"[a-z]{5,}", node.label.lower())} & stems:
            continue  # the request spoke of it in other words ("ingest" for the pipeline)
        if tier is TIERS[0] and _bridges_edge_to_data(d, node.id):
            continue  # dropping it would wire a gateway or firewall straight to a data store
        drop_node(d, node.id)
        dropped.append(node.label)
    return dropped


def drop_node(d: Design, node_id: str) -> None:
    """Remove `node_id`, joining its predecessors to its successors."""
    into = [e.src for e in d.edges if e.dst == node_id and e.src != node_id]
    out = [e for e in d.edges if e.src == node_id and e.dst != node_id]
    d.edges = [e for e in d.edges if node_id not in (e.src, e.dst)]
    for src in dict.fromkeys(into):
        for e in out:
            if src != e.dst and not _joined(d, src, e.dst):
                d.edges.append(Edge(src, e.dst, e.label))
    del d.nodes[node_id]


def _bridges_edge_to_data(d: Design, node_id: str) -> bool:
    """Is `node_id` an application between a network/security middleman and a store?"""
    before = {d.nodes[e.src].cls for e in d.edges if e.dst == node_id and e.src in d.nodes}
    after = {d.nodes[e.dst].category for e in d.edges if e.src == node_id and e.dst in d.nodes}
    return bool(before & KEEP_CLASSES) and bool(after & DATA_CATEGORIES)


def _joined(d: Design, x: str, y: str) -> bool:
    return any({e.src, e.dst} == {x, y} for e in d.edges)
