"""Risk questions answered from a diagram's threat model, without an LLM: "is this secure?",
"what could go wrong with the database?", "what are the HIPAA risks?". The question's words
pick the elements (by id, label or the knowledge base's kinds: "the database" finds a store
labelled "PostgreSQL"), the STRIDE categories and the kind of data it is about; the answer
lists the open threats worst first with the diagram's evidence and the fix, and what is
already mitigated, citing every element by label and id."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.dsl.generation.kb import knowledge_base
from services.threats.facts import DATA_WORDS
from services.threats.model import Element, Threat, ThreatModel, severity_rank
from services.threats.signals import normalise

RISK = re.compile(
    r"\b(secure|security|insecure|risks?|risky|threats?|vulnerab\w*|attack\w*|stride|"
    r"exposed|exposure|go wrong|weak\w*|safe|hipaa|pci|gdpr|complian\w*|breach\w*|leak\w*|"
    r"harden\w*|spoof\w*|tamper\w*|repudiat\w*|disclos\w*|denial of service|dos|ddos|"
    r"privilege|mitigat\w*)\b"
)
CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("S", r"spoof\w*|impersonat\w*|authenticat\w*|identity|login"),
    ("T", r"tamper\w*|inject\w*|integrity|modif\w*|alter\w*"),
    ("R", r"repudiat\w*|audit\w*|logging|traceab\w*|accountab\w*"),
    (
        "I",
        r"leak\w*|disclos\w*|confidential\w*|eavesdrop\w*|exfiltrat\w*|privacy|encrypt\w*|steal\w*",
    ),
    ("D", r"denial|dos|ddos|availab\w*|flood\w*|outage|downtime|rate limit\w*"),
    ("E", r"privilege\w*|escalat\w*|authori[sz]\w*|access control"),
)
DATA_QUESTION: tuple[tuple[str, str], ...] = (
    ("phi", r"hipaa|phi|patients?|health|medical|clinical"),
    ("card", r"pci(?:[ -]dss)?|cards?|cardholder|payments?"),
    ("pii", r"gdpr|pii|personal data|privacy|personal information"),
)
STORE_WORDS = re.compile(r"\b(data ?stores?|storage|stored data|data at rest)\b")
#: knowledge-base categories that name a data store ("the database", "the cache")
STORE_CATEGORIES = frozenset(
    {"database", "cache", "storage", "data_lake", "warehouse", "vector_db", "timeseries"}
)
FLOW_WORDS = re.compile(r"\b(flows?|traffic|in transit|network|connections?)\b")
MOST = 6


@dataclass
class RiskAnswer:
    text: str
    elements: list[str] = field(default_factory=list)  # cited element ids, in order
    threats: list[Threat] = field(default_factory=list)  # the threats the answer is built on


def is_risk_question(question: str) -> bool:
    """Whether a question asks about security risks (so it can be answered from the model)."""
    return bool(RISK.search(question.lower()))


def focus(model: ThreatModel, question: str) -> list[Element]:
    """The elements a question is about: named by id or label, else by a knowledge-base kind."""
    low = normalise(question)
    parts = [e for e in model.elements if e.kind != "trust_boundary"]
    named = [
        e
        for e in parts
        if re.search(rf"(?<![a-z0-9]){re.escape(normalise(e.label))}(?![a-z0-9])", low)
        or re.search(rf"(?<![a-z0-9.]){re.escape(e.id.lower())}(?![a-z0-9])", question.lower())
    ]
    zones = [
        b.id
        for b in model.elements
        if b.kind == "trust_boundary" and re.search(rf"\b{re.escape(normalise(b.label))}\b", low)
    ]
    named += [e for e in parts if e.boundary in zones and e not in named]
    if named:
        return named
    kb = knowledge_base()
    out: list[Element] = []
    for m in kb.find(question):
        same = [e for e in parts if e.kb_kind == m.kind.id]
        if not same:
            same = [
                e
                for e in parts
                if e.kb_kind in kb.kinds and kb.kinds[e.kb_kind].category == m.kind.category
            ]
        out += [e for e in same if e not in out]
    asks_store = any(m.kind.category in STORE_CATEGORIES for m in kb.find(question))
    if not out and (asks_store or STORE_WORDS.search(question.lower())):
        # "the database" of a diagram whose store no kind names ("Patient records"): its
        # data stores
        out = [e for e in parts if e.kind == "data_store"]
    return out


def _cite(model: ThreatModel, t: Threat) -> str:
    if t.flow is not None:
        a, b = model.element(t.flow[0]), model.element(t.flow[1])
        names = f"{a.label if a else t.flow[0]} → {b.label if b else t.flow[1]}"
        return f"{names} (`{t.flow[0]}` → `{t.flow[1]}`)"
    e = model.element(t.element or "")
    return f"{e.label} (`{e.id}`)" if e else f"`{t.element}`"


def _line(model: ThreatModel, t: Threat) -> str:
    return (
        f"- [{t.severity.upper()}] {t.title} — {_cite(model, t)}: {t.evidence}. Fix: {t.mitigation}"
    )


def _targets(t: Threat) -> tuple[str, ...]:
    return t.flow if t.flow is not None else (t.element or "",)


def _data_of(model: ThreatModel, t: Threat) -> frozenset[str]:
    if t.flow is not None:
        for f in model.flows:
            if (f.src, f.dst) == t.flow:
                return f.data
        return frozenset()
    e = model.element(t.element or "")
    return e.data if e else frozenset()


def answer(model: ThreatModel, question: str) -> RiskAnswer:
    low = question.lower()
    about = focus(model, question)
    cats = {c for c, words in CATEGORY_WORDS if re.search(rf"\b(?:{words})\b", low)}
    tags = {tag for tag, words in DATA_QUESTION if re.search(rf"\b(?:{words})\b", low)}
    flows_only = bool(FLOW_WORDS.search(low)) and not about
    chosen = list(model.threats)
    ids = {e.id for e in about}
    if about:
        chosen = [t for t in chosen if ids & set(_targets(t))]
    if flows_only:
        chosen = [t for t in chosen if t.flow is not None]
    if cats:
        chosen = [t for t in chosen if t.category in cats]
    if tags:
        chosen = [t for t in chosen if _data_of(model, t) & tags]
    opened = sorted(
        (t for t in chosen if t.status == "open"), key=lambda t: (-severity_rank(t.severity), t.id)
    )
    done = [t for t in chosen if t.status == "mitigated"]
    lines = [_lead(model, about, tags, opened, done)]
    lines += [_line(model, t) for t in opened[:MOST]]
    if len(opened) > MOST:
        lines.append(f"- and {len(opened) - MOST} more open (lower severity).")
    if done:
        shown = "; ".join(f"{t.title} ({t.evidence})" for t in done[:3])
        more = f", and {len(done) - 3} more" if len(done) > 3 else ""
        lines.append(f"Already mitigated in the diagram: {shown}{more}.")
    cited: list[str] = [e.id for e in about]
    for t in opened[:MOST] + done[:3]:
        cited += [x for x in _targets(t) if x not in cited]
    return RiskAnswer(text="\n".join(lines), elements=cited, threats=opened + done)


def _lead(
    model: ThreatModel,
    about: list[Element],
    tags: set[str],
    opened: list[Threat],
    done: list[Threat],
) -> str:
    serious = [t for t in opened if severity_rank(t.severity) >= severity_rank("high")]
    scope = ""
    if about:
        scope = " for " + ", ".join(f"{e.label} (`{e.id}`)" for e in about[:4])
    elif tags:
        holders = [e for e in model.elements if e.data & tags]
        words = " and ".join(DATA_WORDS[t] for t in sorted(tags))
        if not holders:
            return (
                f"No element of this diagram is labelled as holding {words}, so I cannot tie "
                "those risks to it. If it does, name it in the store's label (\"Patient "
                'records", "Card vault") or add a class such as threat_phi, and ask again.'
            )
        where = ", ".join(f"{e.label} (`{e.id}`)" for e in holders[:4])
        scope = f" for {words} (held or carried by {where})"
    if not opened and not done:
        return f"I found no threat{scope} in this diagram's model."
    if serious:
        verdict = f"Not yet: {len(serious)} high or critical threat(s) are open{scope}."
    elif opened:
        verdict = f"No high or critical threat is open{scope}, but {len(opened)} lesser one(s) are."
    else:
        verdict = f"Every threat found{scope} is mitigated in the diagram."
    return f"{verdict} ({len(opened)} open, {len(done)} mitigated.)"
