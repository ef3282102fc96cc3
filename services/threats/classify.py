"""The compiled D2 diagram as a data-flow model: elements, trust boundaries and flows.

Each shape becomes an ``external_entity``, ``process``, ``data_store`` or ``trust_boundary``
(containers), decided by the first of: an override class (``threat_data_store``...), a
style-pack class that settles it (client, database...), a shape that does (person,
cylinder...), the knowledge base's kind named by the label (the label's head noun breaks ties:
"Admin portal" is a process), the icon, else ``process``. The element keeps why, its security
roles (waf, idp, log, admin...) and the sensitive data its words name. Each connection becomes
a flow in the direction of its arrow, with ``crosses_boundary`` when its ends sit in different
trust boundaries; an external entity drawn outside every container sits outside them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from services.dsl.d2.model import Connection, Diagram, Shape
from services.dsl.generation.kb import Kind, KnowledgeBase, knowledge_base
from services.threats.signals import Signals, normalise, signals
from shared.stylepack import THREAT_CLASS_PREFIX, THREAT_KIND_CLASSES
from shared.threats.model import Element, ElementKind, Flow

#: style-pack classes that settle the kind
CLASS_KIND: dict[str, ElementKind] = {
    "client": "external_entity",
    "external": "external_entity",
    "database": "data_store",
    "cache": "data_store",
    "storage": "data_store",
    "queue": "data_store",
    "zone": "trust_boundary",
}
#: D2 shapes that settle the kind
SHAPE_KIND: dict[str, ElementKind] = {
    "person": "external_entity",
    "c4-person": "external_entity",
    "cylinder": "data_store",
    "stored_data": "data_store",
    "queue": "data_store",
    "sql_table": "data_store",
}
#: shapes that annotate a diagram rather than stand for a part of the system
ANNOTATION_SHAPES = frozenset({"text", "code"})
#: knowledge-base categories -> security roles
CATEGORY_ROLES: dict[str, frozenset[str]] = {
    "waf": frozenset({"waf"}),
    "firewall": frozenset({"firewall", "pass_through"}),
    "lb": frozenset({"lb", "pass_through"}),
    "cdn": frozenset({"cdn", "pass_through"}),
    "dns": frozenset({"dns", "pass_through"}),
    "api_gateway": frozenset({"gateway"}),
    "vpn": frozenset({"vpn"}),
    "idp": frozenset({"idp"}),
    "secrets": frozenset({"secrets"}),
    "guardrails": frozenset({"guardrails"}),
    "logging": frozenset({"log"}),
    "siem": frozenset({"log", "siem"}),
    "monitoring": frozenset({"monitoring"}),
    "tracing": frozenset({"monitoring"}),
    "llm": frozenset({"llm"}),
    "orchestrator": frozenset({"llm_app"}),
    "embedding": frozenset({"ml"}),
    "ml": frozenset({"ml"}),
    "vector_db": frozenset({"vector_db"}),
    "queue": frozenset({"queue"}),
    "stream": frozenset({"queue"}),
    "iot_hub": frozenset({"queue"}),
    "cache": frozenset({"cache"}),
    "payment": frozenset({"payment", "third_party"}),
    "email": frozenset({"third_party"}),
    "sms": frozenset({"third_party"}),
    "external": frozenset({"third_party"}),
    "source": frozenset({"third_party"}),
    "client": frozenset({"user"}),
    "device": frozenset({"user", "device"}),
    "bi": frozenset({"user"}),
}
#: knowledge-base categories whose shapes hold data (besides the data classes)
STORE_CATEGORIES = frozenset({"vector_db", "logging"})
#: word lists of signals.yaml that add a role
WORD_ROLES: tuple[tuple[str, frozenset[str]], ...] = (
    ("admin", frozenset({"admin"})),
    ("audit", frozenset({"audit", "log"})),
    ("rate_limit", frozenset({"rate_limit"})),
    ("kms", frozenset({"kms"})),
    ("guardrail", frozenset({"guardrails"})),
)
#: categories whose names use data words for what they do ("Identity provider", "Secrets
#: manager"): those words do not say the shape holds such data
ROLE_NAMED = frozenset({"idp", "secrets"})
OUTSIDE = "(outside)"  # the zone of an external entity drawn outside every container


@dataclass(frozen=True, slots=True)
class _Guess:
    kind: ElementKind | None
    reason: str
    kb: Kind | None
    phrase: str = ""  # the words that named the knowledge base's kind


def _override(shape: Shape) -> str | None:
    for c in shape.classes:
        if c in THREAT_KIND_CLASSES:
            return c
    return None


def _kb_guess(kb: KnowledgeBase, sig: Signals, text: str, what: str) -> _Guess | None:
    """The kind `text` names: the knowledge base's match that ends the text wins, else the
    text's head noun, else the knowledge base's rightmost match."""
    text = normalise(text)
    found = kb.find(text)
    words = text.split()
    end = len(text)
    best = max(found, key=lambda m: (m.end, len(m.phrase))) if found else None
    if best is not None and best.end >= end:
        return _named(best.kind, best.phrase, what)
    if words:
        head = words[-1]
        for list_name, kind in (
            ("head_store", "data_store"),
            ("head_process", "process"),
            ("head_person", "external_entity"),
        ):
            if sig.find(list_name, head):
                return _Guess(
                    kind,  # type: ignore[arg-type]
                    f"{what} ends in {head!r}",
                    best.kind if best else None,
                    best.phrase if best else "",
                )
    if best is not None:
        return _named(best.kind, best.phrase, what)
    return None


def _named(kind: Kind, phrase: str, what: str) -> _Guess:
    return _Guess(_kind_of(kind), f"{what} names {phrase!r} ({kind.id})", kind, phrase)


def _kind_of(kind: Kind) -> ElementKind:
    if kind.cls in ("client", "external"):
        return "external_entity"
    if kind.cls in ("database", "cache", "storage", "queue") or kind.category in STORE_CATEGORIES:
        return "data_store"
    if kind.zone == "internet":
        return "external_entity"  # a hosted third-party service (OpenAI, Auth0...)
    return "process"


def _icon_text(icon: str | None) -> str:
    if not icon:
        return ""
    path = unquote(urlsplit(icon).path)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("_light-bg", "").replace("-", " ")


def _guess(kb: KnowledgeBase, sig: Signals, shape: Shape) -> _Guess:
    override = _override(shape)
    texts = [(shape.label, "label"), (shape.name, "id"), (_icon_text(shape.icon), "icon")]
    named: _Guess | None = None
    for text, what in texts:
        if text:
            named = _kb_guess(kb, sig, text, what)
            if named is not None:
                break
    kb_kind, phrase = (named.kb, named.phrase) if named else (None, "")
    if override is not None:
        kind = override.removeprefix(THREAT_CLASS_PREFIX)
        return _Guess(kind, f"override class {override}", kb_kind, phrase)  # type: ignore[arg-type]
    for c in shape.classes:
        if c in CLASS_KIND:
            return _Guess(CLASS_KIND[c], f"class {c}", kb_kind, phrase)
    if shape.shape in SHAPE_KIND:
        return _Guess(SHAPE_KIND[shape.shape], f"shape {shape.shape}", kb_kind, phrase)
    if named is not None and named.kind is not None:
        return named
    return _Guess("process", "no word or class names a store or an outside party", kb_kind, phrase)


def _roles(sig: Signals, shape: Shape, kind: ElementKind, kb_kind: Kind | None) -> frozenset[str]:
    roles: set[str] = set()
    if kb_kind is not None:
        roles |= CATEGORY_ROLES.get(kb_kind.category, frozenset())
        if kb_kind.id == "admin":
            roles.add("admin")
    text = f"{shape.label} {shape.name} {shape.tooltip or ''}"
    for list_name, added in WORD_ROLES:
        if sig.find(list_name, text):
            roles |= added
    if "queue" in shape.classes or shape.shape == "queue":
        roles.add("queue")
    for c in shape.classes:
        if c == f"{THREAT_CLASS_PREFIX}admin":
            roles.add("admin")
        elif c == f"{THREAT_CLASS_PREFIX}audit_log":
            roles |= {"audit", "log"}
    if kind == "external_entity" and not roles & {"user", "third_party"}:
        person = shape.shape in ("person", "c4-person") or "client" in shape.classes
        roles.add("user" if person or "admin" in roles else "third_party")
    if kind != "external_entity":
        roles -= {"user", "third_party", "device"}
    return frozenset(roles)


def _data(sig: Signals, shape: Shape, kb_kind: Kind | None, phrase: str) -> dict[str, str]:
    """Sensitive data the shape's words name, leaving out the words that named its kind
    (an "Identity provider" holds no personal data by its name alone)."""
    text = normalise(f"{shape.label} {shape.name} {shape.tooltip or ''}")
    if phrase and kb_kind is not None and kb_kind.category in ROLE_NAMED:
        text = text.replace(normalise(phrase), " ")
    found = sig.sensitive(text)
    for c in shape.classes:
        tag = c.removeprefix(THREAT_CLASS_PREFIX)
        if c.startswith(THREAT_CLASS_PREFIX) and tag in ("pii", "phi", "card", "credentials"):
            found.setdefault(tag, f"class {c}")
    return found


def _leaves_and_containers(diagram: Diagram) -> tuple[list[Shape], set[str]]:
    kept = [
        s
        for s in diagram.shapes
        if s.shape not in ANNOTATION_SHAPES and s.seq_role not in ("note", "span", "group")
    ]
    ids = {s.id for s in kept}
    containers = {s.parent for s in kept if s.parent in ids}
    return kept, {c for c in containers if c is not None}


def _alias(diagram: Diagram) -> dict[str, str]:
    """Ids of sequence-diagram spans and groups -> the shape that stands for them."""
    by_id = {s.id: s for s in diagram.shapes}
    out: dict[str, str] = {}
    for s in diagram.shapes:
        if s.seq_role in ("span", "note", "group") or s.shape in ANNOTATION_SHAPES:
            cur: Shape | None = s
            while cur is not None and (
                cur.seq_role in ("span", "note", "group") or cur.shape in ANNOTATION_SHAPES
            ):
                cur = by_id.get(cur.parent) if cur.parent else None
            if cur is not None and s.seq_role == "span":
                out[s.id] = cur.id
    return out


def elements_of(diagram: Diagram) -> list[Element]:
    kb, sig = knowledge_base(), signals()
    shapes, containers = _leaves_and_containers(diagram)
    kinds: dict[str, ElementKind] = {}
    out: list[Element] = []
    by_id = {s.id: s for s in shapes}
    for s in shapes:
        guess = _guess(kb, sig, s)
        kind = guess.kind or "process"
        reason = guess.reason
        if s.id in containers and _override(s) is None and s.shape != "sequence_diagram":
            kind, reason = "trust_boundary", "a container"
        kinds[s.id] = kind
        out.append(
            Element(
                id=s.id,
                label=s.label,
                kind=kind,
                boundary=None,
                reason=reason,
                kb_kind=guess.kb.id if guess.kb else None,
                roles=_roles(sig, s, kind, guess.kb) if kind != "trust_boundary" else frozenset(),
                data=frozenset(_data(sig, s, guess.kb, guess.phrase))
                if kind in ("data_store", "process")
                else frozenset(),
                encrypted=_rest(sig, s) if kind == "data_store" else "",
            )
        )
    for e in out:
        parent = by_id[e.id].parent
        while parent is not None and kinds.get(parent) != "trust_boundary":
            parent = by_id[parent].parent if parent in by_id else None
        e.boundary = parent
    return out


def _rest(sig: Signals, shape: Shape) -> str:
    if f"{THREAT_CLASS_PREFIX}encrypted" in shape.classes:
        return f"class {THREAT_CLASS_PREFIX}encrypted"
    phrase = sig.find("encrypted_at_rest", f"{shape.label} {shape.tooltip or ''}")
    return f"its label says {phrase!r}" if phrase else ""


def zone(element: Element) -> str:
    """The trust zone an element sits in (a boundary is its own zone)."""
    if element.kind == "trust_boundary":
        return element.id
    if element.boundary is None and element.kind == "external_entity":
        return OUTSIDE
    return element.boundary or ""


def _direction(c: Connection, alias: dict[str, str]) -> tuple[str, str, bool]:
    src, dst = alias.get(c.src, c.src), alias.get(c.dst, c.dst)
    back = c.src_arrow != "none"
    forward = c.dst_arrow != "none"
    if back and not forward:
        return dst, src, False
    return src, dst, back == forward


def flows_of(diagram: Diagram, elements: list[Element]) -> list[Flow]:
    """Every connection between two elements as a flow; stores learn from their flows' labels
    what data they hold and which key service they use, and flows carry their ends' data."""
    sig = signals()
    by_id = {e.id: e for e in elements}
    alias = _alias(diagram)
    out: list[Flow] = []
    for c in diagram.connections:
        src, dst, both = _direction(c, alias)
        a, b = by_id.get(src), by_id.get(dst)
        if a is None or b is None or src == dst:
            continue
        out.append(
            Flow(
                id=c.id,
                src=src,
                dst=dst,
                label=c.label,
                bidirectional=both,
                crosses_boundary=zone(a) != zone(b),
                encrypted=_in_transit(sig, c, a, b),
                data=frozenset(sig.sensitive(c.label)),
            )
        )
    for f in out:
        f.plaintext = "" if f.encrypted else sig.find("plaintext", f.label)
        for end, other in ((by_id[f.src], by_id[f.dst]), (by_id[f.dst], by_id[f.src])):
            if end.kind != "data_store":
                continue
            end.data = end.data | f.data
            if not end.encrypted and "kms" in other.roles:
                end.encrypted = f"keys from {other.label} ({other.id})"
    for f in out:
        f.data = f.data | by_id[f.src].data | by_id[f.dst].data
    return out


def _in_transit(sig: Signals, c: Connection, a: Element, b: Element) -> str:
    if f"{THREAT_CLASS_PREFIX}encrypted" in c.classes:
        return f"class {THREAT_CLASS_PREFIX}encrypted"
    phrase = sig.find("encrypted_in_transit", " ".join([c.label, *c.classes]))
    if phrase:
        return f"{phrase!r} on the flow"
    vpn = next((e for e in (a, b) if "vpn" in e.roles), None)
    return f"through {vpn.label} ({vpn.id})" if vpn is not None else ""
