"""The built-in architect's knowledge base, loaded once from the YAML files in ``data/``.

The knowledge lives in data (component kinds with synonyms, reference topologies, wiring rules,
concerns, zones); this module only types it and offers look-ups: the kind a phrase names, the
generic kind of a category, and a matcher that finds every named component in a text.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from shared.stylepack import NODE_CLASSES

DATA_DIR = Path(__file__).parent / "data"


#: head nouns that make a phrase a component even when no kind of the knowledge base is named
#: ("a fare capping service", "a limits loader job"): what an add needs when its verb is weak
#: ("we need X"), and what a misspelt head is mended to ("rate limter")
COMPONENT_HEADS = frozenset(
    """service server database db queue bucket cluster gateway worker job api cache limiter
    proxy balancer broker store engine scheduler registry portal app application function
    lambda topic stream pipeline index replica router firewall vault monitor collector agent
    controller manager processor handler listener consumer producer publisher dashboard
    console warehouse lake repository storage backend frontend microservice daemon cron
    endpoint webhook bus hub node instance pool mirror sidecar adapter connector bridge
    loader exporter importer ingester indexer crawler scraper renderer generator validator
    checker scanner detector tracker logger notifier sender mailer dispatcher orchestrator
    coordinator sequencer matcher resolver translator converter transcoder encoder cdn waf
    dns vpn ledger module system platform tool table bot model feed sink tier zone layer
    shard standby primary secondary follower leader terminal kiosk device sensor camera""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    cls: str
    category: str
    zone: str
    synonyms: tuple[str, ...]
    generic: bool = False
    shape: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    # what a link into this kind says when its category's wiring label does not fit it
    # (a document store is not queried in "SQL")
    link_label: str | None = None

    def label_for(self, phrase: str | None) -> str:
        """The label for a shape this phrase named (``"grafana"`` -> ``Grafana``)."""
        if phrase and phrase in self.labels:
            return self.labels[phrase]
        return self.label


@dataclass(frozen=True)
class TopoNode:
    role: str
    kind: str
    backend: bool = False
    label: str | None = None


@dataclass(frozen=True)
class Topology:
    name: str
    label: str
    keywords: tuple[str, ...]
    implied_by: tuple[str, ...]
    public: bool
    edge: tuple[str, ...]
    nodes: tuple[TopoNode, ...]
    edges: tuple[tuple[str, str, str], ...]
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wiring:
    category: str
    from_: str | None = None
    label: str = ""
    to: str | None = None
    to_label: str = ""
    to_reverse: bool = False
    requires: str | None = None
    alt_from: str | None = None
    alt_label: str | None = None
    alt_to: str | None = None
    insert_before: str | None = None


@dataclass(frozen=True)
class Concern:
    name: str
    when: tuple[str, ...]
    add: tuple[str, ...]
    public_only: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Match:
    """A phrase of the request that names a kind, with its position."""

    kind: Kind
    phrase: str
    start: int
    end: int


class KnowledgeBase:
    def __init__(self, components: dict[str, Any], topo: dict[str, Any]) -> None:
        self.kinds: dict[str, Kind] = {}
        for kid, raw in components.items():
            if raw["class"] not in NODE_CLASSES:
                raise ValueError(f"kind {kid}: unknown style-pack class {raw['class']!r}")
            self.kinds[kid] = Kind(
                id=kid,
                label=raw["label"],
                cls=raw["class"],
                category=raw["category"],
                zone=raw["zone"],
                synonyms=tuple(s.lower() for s in raw.get("synonyms", [])),
                generic=bool(raw.get("generic", False)),
                shape=raw.get("shape"),
                labels={k.lower(): v for k, v in (raw.get("labels") or {}).items()},
                link_label=raw.get("link_label"),
            )
        self.topologies: dict[str, Topology] = {}
        for name, raw in topo["topologies"].items():
            self.topologies[name] = Topology(
                name=name,
                label=raw["label"],
                keywords=tuple(raw.get("keywords", [])),
                implied_by=tuple(raw.get("implied_by", [])),
                public=bool(raw.get("public", False)),
                edge=tuple(raw.get("edge", [])),
                nodes=tuple(
                    TopoNode(n["role"], n["kind"], bool(n.get("backend")), n.get("label"))
                    for n in raw.get("nodes", [])
                ),
                edges=tuple((e[0], e[1], e[2]) for e in raw.get("edges", [])),
                services=tuple(raw.get("services", [])),
            )
        self.edge_chain: tuple[str, ...] = tuple(topo["edge_chain"])
        self.wiring: dict[str, Wiring] = {
            cat: Wiring(
                category=cat,
                from_=w.get("from"),
                label=w.get("label", ""),
                to=w.get("to"),
                to_label=w.get("to_label", ""),
                to_reverse=bool(w.get("to_reverse", False)),
                requires=w.get("requires"),
                alt_from=w.get("alt_from"),
                alt_label=w.get("alt_label"),
                alt_to=w.get("alt_to"),
                insert_before=w.get("insert_before"),
            )
            for cat, w in topo["wiring"].items()
        }
        self.concerns: tuple[Concern, ...] = tuple(
            Concern(
                c["name"],
                tuple(c["when"]),
                tuple(c["add"]),
                tuple(c.get("public_only", [])),
                c["note"],
            )
            for c in topo["concerns"]
        )
        self.defaults: dict[str, str] = dict(topo["defaults"])
        self.zones: dict[str, str] = {z: v["label"] for z, v in topo["zones"].items()}
        self._check()
        self._phrases: dict[str, Kind] = {}
        for kind in self.kinds.values():
            for phrase in (*kind.synonyms, kind.label.lower(), kind.id.replace("_", " ")):
                # the first kind to claim a phrase keeps it (file order = priority)
                self._phrases.setdefault(phrase, kind)
        alternatives = sorted(self._phrases, key=len, reverse=True)
        self._matcher = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(p) for p in alternatives) + r")(?![\w-])"
        )

    def _check(self) -> None:
        for cat, kid in self.defaults.items():
            if kid not in self.kinds:
                raise ValueError(f"default for {cat}: unknown kind {kid}")
        for topo in self.topologies.values():
            for n in topo.nodes:
                if n.kind not in self.kinds:
                    raise ValueError(f"topology {topo.name}: unknown kind {n.kind}")
        for kind in self.kinds.values():
            if kind.zone not in self.zones:
                raise ValueError(f"kind {kind.id}: unknown zone {kind.zone}")

    def label_into(self, kind: Kind | None, label: str) -> str:
        """`label` on a link into a shape of `kind`: the kind's own link label where `label` is
        its category's wiring label ("SQL" into MongoDB reads "queries")."""
        if kind is None or not kind.link_label:
            return label
        wiring = self.wiring.get(kind.category)
        return kind.link_label if wiring is not None and label == wiring.label else label

    def generic(self, category: str) -> Kind:
        return self.kinds[self.defaults[category]]

    @property
    def vocab(self) -> list[str]:
        """Every word of the phrases the kinds go by (what a misspelt new name is mended to)."""
        if not hasattr(self, "_vocab"):
            words = {w for p in self._phrases for w in re.findall(r"[a-z0-9]+", p)}
            words |= COMPONENT_HEADS
            self._vocab = sorted(w for w in words if len(w) >= 4 and w.isalpha())
        return self._vocab

    @property
    def vocab_set(self) -> frozenset[str]:
        if not hasattr(self, "_vocab_set"):
            self._vocab_set = frozenset(self.vocab)
        return self._vocab_set

    def find(self, text: str) -> list[Match]:
        """Every kind named in `text` (lower-cased), longest phrase first, left to right."""
        low = text.lower()
        return [
            Match(self._phrases[m.group(1)], m.group(1), m.start(1), m.end(1))
            for m in self._matcher.finditer(low)
        ]

    def kind_for(self, phrase: str) -> Kind | None:
        """The kind a whole phrase names ("the db" -> database), or None."""
        low = phrase.lower().strip()
        low = re.sub(r"^(the|a|an|our|my)\s+", "", low)
        if low in self._phrases:
            return self._phrases[low]
        if low.endswith("s") and low[:-1] in self._phrases:
            return self._phrases[low[:-1]]
        return None


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    with (DATA_DIR / "components.yaml").open(encoding="utf-8") as fh:
        components = yaml.safe_load(fh)
    with (DATA_DIR / "topologies.yaml").open(encoding="utf-8") as fh:
        topo = yaml.safe_load(fh)
    kb = KnowledgeBase(components, topo)
    # The p99 of an update was a full (generation 2) garbage collection: by now the process
    # holds ~200k long-lived objects (the LLM SDKs :func:`generate` imports, pydantic models,
    # this knowledge base) and every full collection walked them all, 100-150 ms, once every
    # ~20 updates. Freezing them (after collecting what is already garbage) keeps them out of
    # every later collection; they live as long as the process anyway.
    gc.collect()
    gc.freeze()
    return kb
