"""Short requests about one system are not padded: "rabbitmq with 3 consumers", "vault
cluster, 3 nodes, raft storage", "site search with algolia + vercel". A reader of so few
words draws the system and what it names, plus at most the one client the words imply (a
user-facing app, site, portal...); the topology's stand-ins (Users, Web app, API, Database)
the request never spoke of are dropped, their links joined through (prune.drop_node).

A request that names fewer than four parts of its own (copies counted) keeps the skeleton, and
so does one asking for a whole product in a few words ("etsy clone with search and payments",
"canvas-like LMS on aws", "mmo backend, sharded"): the skeleton is the product's.
"""

from __future__ import annotations

import re

from services.dsl.generation.design import Design
from services.dsl.generation.prune import drop_node

#: a request of at most this many words is short
SHORT_WORDS = 8
#: a short request naming fewer parts than this (copies counted) is padded as before
MIN_DRAWN = 4
#: a whole product asked for in a few words ("etsy clone with search", "canvas-like LMS",
#: "mmo backend, sharded"): the skeleton is the product's, not padding
_PRODUCT = re.compile(
    r"\b(?:clone|like|platform|apps?|application|backend|system|software|saas|site|website|"
    r"shop|store|marketplace|game|tool|product)\b"
    r"|-like\b"
)
#: words that imply a person in front of the system: one client is kept for them
_FACING = re.compile(
    r"\b(?:apps?|site|website|portal|wiki|dashboard|ui|frontend|shop|store|blog|chat\w*|"
    r"users?|customers?|players?|staff|employees?)\b"
)


def trim_short(d: Design, query: str) -> list[str]:
    """Drop the unnamed skeleton of a short request naming parts of its own; returns the
    labels dropped."""
    if len(re.findall(r"\w+", query)) > SHORT_WORDS:
        return []
    if _PRODUCT.search(query.lower()):
        return []
    named = [n for n in d.nodes.values() if n.explicit]
    if len(named) < MIN_DRAWN:
        return []
    keep_client = bool(_FACING.search(query.lower())) and not any(
        n.category == "client" for n in named
    )
    dropped = []
    for node in [n for n in d.nodes.values() if not n.explicit]:
        if keep_client and node.category == "client":
            keep_client = False
            continue
        drop_node(d, node.id)
        dropped.append(node.label)
    return dropped
