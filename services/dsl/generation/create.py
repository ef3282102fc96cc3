"""The built-in architect's create path: a request in plain English -> a :class:`Design`.

Steps, each driven by the knowledge base: find the components the request names (named
technologies win over generic kinds), pick a reference topology, place each named component in
its topology slot or wire it in by its category's rule, add what the stated concerns call for
(security, login, scale, compliance...), put edge components (CDN, WAF, LB, API gateway) in
front of the entry point (neither when the request named six or more components of its own:
it drew its architecture), and group into security zones when the design is security-minded or
large enough for zones to help.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from services.dsl.generation.capabilities import capability_links, capability_mentions
from services.dsl.generation.create_short import trim_short
from services.dsl.generation.create_told import draw as draw_told
from services.dsl.generation.design import Design, Node, snake_id
from services.dsl.generation.held_data import fold_held
from services.dsl.generation.kb import Kind, KnowledgeBase, Match, Topology
from services.dsl.generation.phrase_features import feature_mentions
from services.dsl.generation.phrase_uncounted import uncount
from services.dsl.generation.phrase_vocab import vocabulary
from services.dsl.generation.phrases import Link, Mention
from services.dsl.generation.phrases import read as read_phrases
from services.dsl.generation.pipeline_steps import add_steps
from services.dsl.generation.planner import finish, place_mentions
from services.dsl.generation.prune import prune_unnamed
from services.dsl.generation.regions import REGION, regions_asked
from services.dsl.generation.regions import held as held_per_region
from services.dsl.generation.regions import mark as mark_regions
from services.dsl.generation.regions import split as split_regions
from services.dsl.generation.sign_in import link_sign_in
from services.dsl.generation.subject import drop_subject

EDGE_CATEGORIES = ("cdn", "firewall", "waf", "lb", "api_gateway")
COMPATIBLE = {
    "api": ("web", "service", "function"),
    "web": ("api",),
    "service": ("api",),
    "function": ("api",),
    "external": ("source",),
    "payment": ("source",),
}
MAX_FANOUT = 3
#: a request of at most this many words is short: the reply says what the design assumed
SHORT_REQUEST_WORDS = 6
#: the share of named components a request's stated links must join for its flow to be drawn
DRAWN_SHARE = 0.5
#: named components that make the request's own architecture: concerns ("secure", "scale")
#: and the topology's default edge (WAF, LB, CDN) then add no boxes the request did not name
OWN_ARCHITECTURE = 6

_SERVICE_STOP_WORDS = """
a an the and with of for our my some several multiple many few other core domain
    business separate independent small main backend back web micro cloud aws gcp azure
    internal external managed supporting two three four five six seven 2 3 4 5 6 7 its their
    different various distinct new existing legacy following"""
_SERVICE_STOP = frozenset(_SERVICE_STOP_WORDS.split())
_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
    "6": 6,
}
_DEFAULT_SERVICES = ("user", "order", "payment", "catalog", "inventory", "shipping")


def parse_direction(text: str) -> str | None:
    low = text.lower()
    if re.search(r"\b(top[- ]?down|top to bottom|vertical(ly)?|downwards?)\b", low):
        return "down"
    if re.search(r"\b(bottom[- ]?up|bottom to top|upwards?)\b", low):
        return "up"
    if re.search(r"\bright to left\b", low):
        return "left"
    if re.search(r"\b(left to right|horizontal(ly)?)\b", low):
        return "right"
    return None


def has_phrase(text: str, phrases: tuple[str, ...] | list[str]) -> str | None:
    for p in phrases:
        if re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", text):
            return p
    return None


def service_names(text: str) -> list[str]:
    """Named microservices: "user, order and payment services" -> [user, order, payment]."""
    word = r"[a-z][a-z-]*"
    lists = [
        rf"({word}(?:\s*,\s*{word})*(?:\s*,?\s*and\s+{word})?)\s+(?:micro-?)?services?\b",
        rf"\b(?:micro-?)?services?\s*(?:for|:|\(|like|such as|including|named)\s*"
        rf"({word}(?:\s*,\s*{word})*(?:\s*,?\s*and\s+{word})?)",
    ]
    for pattern in lists:
        for m in re.finditer(pattern, text):
            names = [w for w in re.split(r"\s*,\s*|\s*,?\s*\band\b\s*", m.group(1)) if w]
            names = [n for n in names if n not in _SERVICE_STOP and not n.endswith("-based")]
            if names:
                return list(dict.fromkeys(names))[:6]
    count = re.search(r"\b(two|three|four|five|six|[2-6])\s+(?:micro-?)?services\b", text)
    if count:
        return list(_DEFAULT_SERVICES[: _NUMBERS[count.group(1)]])
    return []


def choose_topology(kb: KnowledgeBase, text: str, matches: list[Match]) -> Topology:
    """The topology the request points to: keyword phrases first, then implied categories."""
    scores: dict[str, float] = {}
    cats = {m.kind.category for m in matches}
    for topo in kb.topologies.values():
        score = 0.0
        for kw in topo.keywords:
            if has_phrase(text, (kw,)):
                score += 2.0 + len(kw) / 100  # longer keywords are more specific
        score += sum(1.0 for c in topo.implied_by if c in cats)
        if score:
            scores[topo.name] = score
    # "simple" only wins when nothing more specific was asked for
    if "simple_web" in scores and len(scores) > 1:
        specific = max(v for k, v in scores.items() if k != "simple_web")
        if specific >= 2.0:
            scores["simple_web"] = min(scores["simple_web"], specific - 0.5)
    if not scores:
        return kb.topologies["three_tier"]
    return kb.topologies[max(scores, key=lambda k: scores[k])]


@dataclass
class CreateOutcome:
    design: Design
    topology: Topology
    added: list[str] = field(default_factory=list)  # notes on what concerns added
    named: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)  # a short request: what it did not say


class Builder:
    """Places kinds into a design following the knowledge base's wiring rules."""

    def __init__(self, kb: KnowledgeBase, topo: Topology) -> None:
        self.kb = kb
        self.topo = topo
        self.d = Design(zone_labels=dict(kb.zones))

    # ------------------------------------------------------------------ nodes
    def add(
        self,
        kind: Kind,
        label: str | None = None,
        *,
        backend: bool = False,
        explicit: bool = False,
        base_id: str | None = None,
    ) -> Node:
        label = label or kind.label
        nid = self.d.new_id(base_id or (kind.id if not kind.generic else snake_id(label)))
        node = Node(
            nid, label, kind.cls, kind.id, kind.category, kind.zone, backend, kind.shape, explicit
        )
        self.d.nodes[nid] = node
        return node

    def retype(self, node: Node, kind: Kind, phrase: str, role_label: str | None) -> None:
        label = kind.label_for(phrase)
        if role_label and not kind.generic:
            label = f"{role_label} ({label})"
        base = snake_id(role_label or kind.id)
        if base != node.id:  # a node keeps an id that already names it ("user_db", not "_2")
            self._rename(node.id, self.d.new_id(base))
        node.kind, node.label, node.cls, node.zone = kind.id, label, kind.cls, kind.zone
        node.shape, node.explicit = kind.shape, True

    def _rename(self, old: str, new: str) -> None:
        if old == new:
            return
        node = self.d.nodes.pop(old)
        node.id = new
        # keep insertion order: rebuild the dict
        items = list(self.d.nodes.items())
        self.d.nodes = {}
        for k, v in items:
            self.d.nodes[k] = v
        self.d.nodes[new] = node
        for e in self.d.edges:
            e.src = new if e.src == old else e.src
            e.dst = new if e.dst == old else e.dst

    # ------------------------------------------------------------------ selection
    def select(self, selector: str | None) -> list[Node]:
        if not selector:
            return []
        d = self.d
        if selector == "backend":
            nodes = [n for n in d.nodes.values() if n.backend]
            if not nodes:
                nodes = d.of_category("api", "service", "function", "web")
            return nodes[:MAX_FANOUT]
        if selector == "entry":
            gw = d.of_category("api_gateway")
            if gw:
                return gw[:1]
            clients = {n.id for n in d.of_category("client")}
            targets = [d.nodes[e.dst] for e in d.edges if e.src in clients]
            targets = [
                n
                for n in targets
                if n.category in ("web", "api", "service", "function", "realtime")
            ]
            unique = list({n.id: n for n in targets}.values())
            return unique[:MAX_FANOUT] or self.select("backend")
        if selector == "clients":
            return [n for n in d.of_category("client") if n.kind != "admin"] or d.of_category(
                "client"
            )
        if selector == "processes":
            return [
                n
                for n in d.nodes.values()
                if n.cls == "process" or n.category in ("orchestrator", "api_gateway")
            ][:6]
        if selector in self.kb.kinds:
            kinds = [n for n in d.nodes.values() if n.kind == selector]
            if kinds:
                return kinds
        return d.of_category(selector)

    # ------------------------------------------------------------------ wiring
    def wire(self, node: Node) -> None:
        w = self.kb.wiring.get(node.category)
        if w is None:
            self._fallback(node)
            return
        if w.requires and not self.d.of_category(w.requires) and self.topo.name != "microservices":
            self.add(self.kb.generic(w.requires))
        connected = False
        if w.insert_before:
            into = [e for e in self.d.edges if self.d.nodes[e.dst].category == w.insert_before]
            for e in into:
                target = e.dst
                e.dst = node.id
                self.d.connect(node.id, target, w.label)
                connected = True
            if not into:
                for t in self.select(w.insert_before):
                    self.d.connect(node.id, t.id, w.label)
        if w.from_:
            srcs = self.select(w.from_)
            label = w.label
            if not [s for s in srcs if s.id != node.id] and w.alt_from:
                srcs, label = self.select(w.alt_from), w.alt_label or w.label
            for s in srcs:
                if s.id != node.id:
                    self.d.connect(s.id, node.id, label)
                    connected = True
        if w.to:
            dsts = [t for t in self.select(w.to) if t.id != node.id]
            if not dsts and w.alt_to:
                dsts = [t for t in self.select(w.alt_to) if t.id != node.id]
            for t in dsts:
                if w.to_reverse:
                    self.d.connect(t.id, node.id, w.to_label or w.label)
                else:
                    self.d.connect(node.id, t.id, w.to_label or w.label)
                connected = True
        if not connected:
            self._fallback(node)

    def _fallback(self, node: Node) -> None:
        for s in self.select("backend") or self.select("processes"):
            if s.id != node.id:
                self.d.connect(s.id, node.id)
                return

    # ------------------------------------------------------------------ placement
    def place(self, kind: Kind, phrase: str, explicit_generic: set[str]) -> Node | None:
        """Put a named kind into its slot, or add it and wire it in. None when already there."""
        cat = kind.category
        same = [n for n in self.d.nodes.values() if n.kind == kind.id]
        if same and kind.generic:
            for n in same:
                n.explicit = True
            if phrase in kind.labels and same[0].label == kind.label:
                # "payments via stripe": the generic kind, but a named product
                same[0].label = kind.label_for(phrase)
                self._rename(same[0].id, self.d.new_id(snake_id(same[0].label)))
            return None
        if (
            kind.generic
            and cat != "client"
            and any(n.category == cat and n.explicit for n in self.d.nodes.values())
        ):
            return None  # "redis caching": the named cache is the cache
        if cat in EDGE_CATEGORIES:
            return None  # the edge chain is built at the end
        slots = [n for n in self.d.of_category(cat) if not n.explicit]
        if not slots:
            slots = [
                n
                for c in COMPATIBLE.get(cat, ())
                for n in self.d.of_category(c)
                if not n.explicit and self.kb.kinds[n.kind].generic
            ]
        if cat == "client" and kind.id != "users" and "users" in explicit_generic:
            slots = []
        if slots:
            if kind.generic:
                slots[0].explicit = True
                return None
            every_db = self.topo.name == "microservices" and cat == "database"
            targets = slots if every_db else slots[:1]
            for slot in targets:
                self.retype(slot, kind, phrase, self._role_label(slot))
            return None
        label = kind.label_for(phrase)
        if any(n.kind == kind.id and n.label == label for n in self.d.nodes.values()):
            return None
        node = self.add(kind, kind.label_for(phrase), explicit=True)
        self.wire(node)
        return node

    def _role_label(self, node: Node) -> str | None:
        generic = self.kb.kinds[node.kind]
        return node.label if node.label != generic.label else None

    def ensure(self, category: str) -> Node | None:
        if self.d.of_category(category):
            return None
        kind = self.kb.generic(category)
        if category in EDGE_CATEGORIES:
            node = self.add(kind)
            return node
        node = self.add(kind)
        self.wire(node)
        return node

    # ------------------------------------------------------------------ edge chain
    def build_edge_chain(self) -> None:
        chain = [n for cat in EDGE_CATEGORIES for n in self.d.of_category(cat)]
        if not chain:
            return
        edge_ids = {n.id for n in chain}
        clients = {n.id for n in self.d.of_category("client", "device")}
        entry_edges = [
            e
            for e in self.d.edges
            if e.src in clients
            and e.dst not in edge_ids
            and self.d.nodes[e.dst].category not in ("idp", "dns", "iot_hub")
        ]
        if not entry_edges:
            first_app = self.select("backend")
            entry_edges = []
            for c in clients or {n.id for n in self.add_default_client()}:
                for app in first_app[:1]:
                    self.d.connect(c, app.id, "HTTPS")
            entry_edges = [e for e in self.d.edges if e.src in clients and e.dst not in edge_ids]
        for a, b in itertools.pairwise(chain):
            self.d.connect(a.id, b.id, "HTTPS" if a.category != "lb" else "")
        for e in entry_edges:
            label = e.label
            self.d.edges.remove(e)
            self.d.connect(e.src, chain[0].id, label or "HTTPS")
            self.d.connect(
                chain[-1].id, e.dst, "REST" if chain[-1].category == "api_gateway" else "HTTPS"
            )

    def add_default_client(self) -> list[Node]:
        return [self.add(self.kb.generic("client"))]


def build(kb: KnowledgeBase, query: str) -> CreateOutcome:
    """Design the architecture a request describes."""
    text = " ".join(query.lower().split())
    matches = kb.find(text)
    topo = choose_topology(kb, text, matches)
    b = Builder(kb, topo)
    outcome = CreateOutcome(b.d, topo)

    # 1. the topology's own nodes
    role_ids: dict[str, str] = {}
    for tn in topo.nodes:
        kind = kb.kinds[tn.kind]
        node = b.add(
            kind, tn.label, backend=tn.backend, base_id=snake_id(tn.label) if tn.label else None
        )
        role_ids[tn.role] = node.id
    for src, dst, label in topo.edges:
        b.d.connect(role_ids[src], role_ids[dst], label)
    service_set: set[str] = set()
    if topo.name == "microservices":
        told = service_names(text)
        names = told or list(topo.services)
        service_set = set(names)
        db_kind = kb.generic("database")
        for name in names:
            title = name.replace("-", " ").capitalize()
            # services the request listed by name are its own ("kyc" is too short for the
            # pruner to recognise by its words), the topology's stand-ins are not
            svc = b.add(
                kb.generic("service"),
                f"{title} service",
                backend=True,
                base_id=f"{name}_service",
                explicit=bool(told),
            )
            db = b.add(db_kind, f"{title} DB", base_id=f"{name}_db")
            b.d.connect(svc.id, db.id, "SQL")
            for client in b.d.of_category("client"):
                b.d.connect(client.id, svc.id, "HTTPS")

    # 2. what the request names
    explicit_generic = {m.kind.id for m in matches if m.kind.generic}
    seen: set[tuple[str, str]] = set()
    named_edge: dict[str, Kind] = {}
    # named technologies take their slots before generic words can claim them
    for m in sorted(_one_product(text, matches), key=lambda m: m.kind.generic):
        key = (m.kind.id, m.kind.label_for(m.phrase))
        if key in seen or (topo.name == "microservices" and m.kind.category == "service"):
            continue
        if m.phrase in service_set:  # "payment" in "payment service" names a service
            continue
        seen.add(key)
        if not m.kind.generic:
            outcome.named.append(m.kind.label_for(m.phrase))
        if m.kind.category in EDGE_CATEGORIES:
            if m.kind.category not in named_edge or not m.kind.generic:
                named_edge[m.kind.category] = m.kind
            continue
        b.place(m.kind, m.phrase, explicit_generic)

    # 2b. every component the request names, by its noun phrases (docs: planner)
    mentions, links = drop_subject(query, *read_phrases(kb, query))
    mentions, links = fold_held(query, mentions, links)  # "tokens in vault DB": its content
    found = capability_mentions(kb, query, mentions)
    found += feature_mentions(query, mentions + found)
    links += capability_links(query, mentions, found)
    mentions += found
    if service_set:
        _uncount_services(mentions)
    regions = regions_asked(query)
    mark_regions(mentions, regions, query)
    uncount(vocabulary(kb), mentions)  # "3 locations", "6 languages": no copies
    before = set(b.d.nodes)
    placed = place_mentions(b, mentions)
    held = [b.d.nodes[placed[i]] for i, m in enumerate(mentions) if i in placed and m.per == REGION]
    # in the order they were added: the wiring below depends on it (a set's order follows
    # the string hash, which changes from process to process)
    fresh = [n for n in b.d.nodes if n not in before]

    # 3. what the stated concerns call for
    own = _own_architecture(b)
    edge_cats = set(named_edge) if own else set(topo.edge) | set(named_edge)
    for concern in kb.concerns:
        if not has_phrase(text, concern.when) or own:
            continue
        added = []
        for cat in concern.add:
            if cat in concern.public_only and not topo.public:
                continue
            if cat in EDGE_CATEGORIES:
                if cat not in edge_cats:
                    edge_cats.add(cat)
                    added.append(cat)
            elif b.ensure(cat) is not None:
                added.append(cat)
        if added:
            outcome.added.append(concern.note)

    # 4. edge components in front of the entry point (public apps only, unless named)
    if not topo.public:
        edge_cats = set(named_edge)
    for cat in EDGE_CATEGORIES:
        if cat in edge_cats:
            kind = named_edge.get(cat) or kb.generic(cat)
            phrase = next((m.phrase for m in matches if m.kind.id == kind.id), None)
            b.add(kind, kind.label_for(phrase), explicit=cat in named_edge)
    b.build_edge_chain()
    finish(b, mentions, links, placed, fresh)
    add_steps(b, query)  # "packets get decoded and stored in X": a Decoder before X
    draw_told(kb, b.d, query)
    link_sign_in(b.d, query)  # "staff log in with Entra ID": the app they reach uses it
    drawn = _drawn(mentions, links)
    prune_unnamed(b.d, query, drawn=drawn >= DRAWN_SHARE, whole=drawn >= 1.0)
    trim_short(b.d, query)  # "rabbitmq with 3 consumers": no Users/Web app/API

    # 5. idp edges may have been wired before the gateway existed: validate at the entry
    _rewire_idp(b)
    # the topology and the wiring speak of a generic store; links into a named one use its term
    for e in b.d.edges:
        e.label = kb.label_into(kb.kinds.get(b.d.nodes[e.dst].kind), e.label)

    # 6. presentation
    # only a direction the user asked for is written: without one, layout chooses the
    # direction by the diagram's shape (docs/layout.md, "Direction and shape")
    b.d.direction = parse_direction(text) or ""
    security = any(
        c.name in ("security", "audit") and has_phrase(text, c.when) for c in kb.concerns
    )
    b.d.zoned = security or len(b.d.nodes) >= 7
    if len(re.findall(r"\w+", query)) <= SHORT_REQUEST_WORDS:
        outcome.assumed = [n.label for n in b.d.nodes.values() if not n.explicit]
    if regions:
        split_regions(b.d, regions, held_per_region(kb, b.d, mentions, held))
        if b.d.regions:
            outcome.added.append(
                f"the regional tier in each of {len(regions)} regions ({', '.join(regions)}), "
                "databases replicating between them"
            )
            b.d.zoned = False
    return outcome


def _own_architecture(b: Builder) -> bool:
    """The request named its own architecture (:data:`OWN_ARCHITECTURE` components or more):
    a reader drew that, so no default middlemen or concern boxes are slipped in beside it."""
    return sum(n.explicit for n in b.d.nodes.values()) >= OWN_ARCHITECTURE


def _uncount_services(mentions: list[Mention]) -> None:
    """ "5 microservices": the topology drew the five services already; the collective word
    is no sixth service to copy five times."""
    for m in mentions:
        if m.count > 1 and all(w in _COLLECTIVE_SERVICES for w in m.words):
            m.count = 1


_COLLECTIVE_SERVICES = frozenset({"microservices", "micro-services", "services", "microservice"})


def _one_product(text: str, matches: list[Match]) -> list[Match]:
    """Two named products of one category written side by side name one thing ("Aurora
    PostgreSQL" is Aurora, not Aurora and a PostgreSQL): the second is dropped."""
    named = sorted((m for m in matches if not m.kind.generic), key=lambda m: m.start)
    same = {
        id(b)
        for a, b in itertools.pairwise(named)
        if a.kind.category == b.kind.category
        and a.kind.id != b.kind.id
        and a.end <= b.start
        and not text[a.end : b.start].strip()
    }
    return [m for m in matches if id(m) not in same]


def _drawn(mentions: list[Mention], links: list[Link]) -> float:
    """How much of its flow the request wrote: the share of what it names that its stated
    links join (0 when it states fewer than two links)."""
    stated = [k for k in links if not k.weak and not k.near]
    ends = {i for k in stated for i in (k.src, k.dst)}
    if len(stated) < 2 or not mentions:
        return 0.0
    return len(ends) / len(mentions)


def _rewire_idp(b: Builder) -> None:
    gateways = b.d.of_category("api_gateway")
    if not gateways:
        return
    for idp in b.d.of_category("idp"):
        validators = [e for e in b.d.edges if e.dst == idp.id and e.label == "validate tokens"]
        for e in validators:
            b.d.edges.remove(e)
        b.d.connect(gateways[0].id, idp.id, "validate tokens")
