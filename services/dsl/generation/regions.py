"""Multi-region creates: "two regions", "active-active in eu and us" -> region containers.

A request that asks for more than one region (a count before "regions", "multi-region",
"active-active", "active-passive", "cross-region", a DR region) gets one container per region,
named after the regions it names ("eu", "us-east-1", "frankfurt"...; vocabulary in
``data/phrases.yaml``, ``regions:``) or numbered. The regional tier (applications, workers,
balancers, stores, queues) is in every region; what is global by nature (clients, DNS, CDN,
WAF, identity, monitoring, outside systems, analytics) or named global ("global load
balancer", "spanner multi-region") stays outside and links to every region's copy. Databases
replicate from the first region to the others. Pure functions over the design.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from rapidfuzz.distance import OSA

from services.dsl.generation.design import Design, Edge, Node, snake_id
from services.dsl.generation.kb import DATA_DIR, KnowledgeBase
from services.dsl.generation.phrases import NUMBERS, Mention

MAX_REGIONS = 4
REGIONAL = frozenset(
    {
        "web", "api", "service", "function", "worker", "realtime", "cache", "database", "queue",
        "stream", "search", "lb", "stream_processing", "timeseries", "scheduler", "storage",
        "orchestrator", "ml", "vector_db",
    }
)  # fmt: skip
_COUNT = re.compile(r"\b(\w+)[- ](?:aws |gcp |azure |cloud )?regions\b")
_CUE = re.compile(
    r"\b(multi[- ]?region(al)?|active[- ](active|passive)|cross[- ]region|dr region|"
    r"(second|secondary|standby|failover|backup) region|geo[- ]redundan\w*)\b"
)
_GLOBAL = re.compile(r"\b(global|multi[- ]?region(al)?|dual[- ]region|geo)\b", re.I)
_AWS_REGION = re.compile(r"\b(?:us|eu|ap|sa|ca|me|af)-[a-z]+-\d\b")

#: what a part counted per region keeps as its place (``Mention.per``)
REGION = "region"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return {str(k): str(v) for k, v in raw["regions"].items()}


def _spell(word: str) -> str:
    """ "regoin" -> "region": one slip (OSA distance 1, transpositions included)."""
    core = word.strip(",.;:!?()")
    if core in ("region", "regions"):
        return word
    for right in ("region", "regions"):
        if len(core) >= 5 and OSA.distance(core, right) == 1:
            return word.replace(core, right)
    return word


def regions_asked(text: str) -> list[str]:
    """The region labels a request asks for, or [] when it asks for one region (or none)."""
    low = " ".join(_spell(w) for w in text.lower().split())
    count = 0
    for m in _COUNT.finditer(low):
        count = max(count, NUMBERS.get(m.group(1), 0))
    cue = bool(_CUE.search(low))
    if not count and not cue:
        return []
    found: list[str] = []
    for m in _AWS_REGION.finditer(low):
        found.append(m.group(0))
    names = _names()
    for word in re.findall(r"[a-z]+", _AWS_REGION.sub(" ", low)):
        if word in names and names[word] not in found:
            found.append(names[word])
    found = list(dict.fromkeys(found))
    if len(found) < 2:
        found = []
    n = min(max(count, len(found), 2), MAX_REGIONS)
    return (found + [f"Region {k}" for k in range(len(found) + 1, n + 1)])[:n]


def mark(mentions: list[Mention], labels: list[str], text: str = "") -> None:
    """Mentions that name one of the regions ("frankfurt") are regions, not components. When
    the design is split into regions (two labels or more), the split copies the regional tier
    into each: a part counted per region ("each region has an API") is drawn once before the
    split, and the words a count of regions stands on ("two AWS regions", "2 regoins
    active/active") name the regions, not a counted part."""
    named = {label.lower() for label in labels}
    names = _names()
    for m in mentions:
        words = {names.get(w, w).lower() for w in m.words}
        if words and words <= named:
            m.category, m.kind = "region", None
    if len(labels) < 2:
        return
    low = " ".join(_spell(w) for w in text.lower().split())
    for m in mentions:
        if m.per and _spell(m.per) in ("region", "regions"):
            m.count, m.per = 1, REGION  # split() draws one in every region; held() keeps it
            continue
        own = any(_spell(w) in ("region", "regions") for w in m.words)
        before = re.search(r"\b" + re.escape(" ".join(m.words)) + r"[- ]regions?\b", low)
        if m.count > 1 and m.kind is None and (own or before):
            m.category, m.kind = "region", None


def held(kb: KnowledgeBase, d: Design, mentions: list[Mention], placed: list[Node]) -> list[Node]:
    """What each region holds when the request said so ("3 regions, one relay pool each"):
    the parts counted per region (`placed`: the nodes of the counted mentions), the products
    it named and the balancer in front of each region's copies; [] when it did not say."""
    if not any(m.per == REGION for m in mentions):
        return []
    extra = [
        n
        for n in d.nodes.values()
        if n.category == "lb" or (n.explicit and not kb.kinds[n.kind].generic)
    ]
    return [n for n in placed + extra if d.nodes.get(n.id) is n]


def split(d: Design, labels: list[str], held: list[Node] | None = None) -> None:
    """Put the regional tier of `d` into one container per region, copied into each; when
    the request said what each region holds (`held`: "3 regions, one game server fleet
    each"), only that is copied, the rest is drawn once."""
    regional = [
        n for n in d.nodes.values() if n.category in REGIONAL and not _GLOBAL.search(n.label)
    ]
    if held:
        regional = [n for n in d.nodes.values() if any(n is h for h in held)]
    if not regional or len(labels) < 2:
        return
    rids = []
    for label in labels:
        base = snake_id(label)
        rid = base if base not in d.nodes else f"{base}_region"
        d.regions[rid] = label if label.startswith("Region") else f"{label} region"
        rids.append(rid)
    ids = {n.id for n in regional}
    for n in regional:
        n.region = rids[0]
    edges = list(d.edges)
    for rid in rids[1:]:
        copy: dict[str, str] = {}
        for n in regional:
            twin = Node(**{**n.__dict__, "id": d.new_id(n.id), "region": rid})
            d.nodes[twin.id] = twin
            copy[n.id] = twin.id
        for e in edges:
            if e.src in ids or e.dst in ids:
                d.edges.append(Edge(copy.get(e.src, e.src), copy.get(e.dst, e.dst), e.label))
        for n in regional:
            if n.category == "database":
                d.connect(n.id, copy[n.id], "replication")
