"""The threat model as plain data: elements, flows and threats, and their JSON form.

What the analysis produces and what the command line, the exports, the diff, the answers and
the React Flow view read. JSON round-trips (:meth:`ThreatModel.from_json`), so a model stored
with a version can be compared with the next one without the diagram it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from shared.threats.catalogue import Category, catalogue, fill

ElementKind = Literal["external_entity", "process", "data_store", "trust_boundary"]
Severity = Literal["low", "medium", "high", "critical"]
Status = Literal["open", "mitigated"]

ELEMENT_KINDS: tuple[ElementKind, ...] = (
    "external_entity",
    "process",
    "data_store",
    "trust_boundary",
)
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
STRIDE_NAMES: dict[Category, str] = {
    "S": "Spoofing",
    "T": "Tampering",
    "R": "Repudiation",
    "I": "Information disclosure",
    "D": "Denial of service",
    "E": "Elevation of privilege",
}


_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 (low) .. 3 (critical); -1 for anything else."""
    return _RANK.get(severity, -1)


@dataclass(slots=True)
class Element:
    id: str  # the absolute dotted D2 id
    label: str
    kind: ElementKind
    boundary: str | None  # innermost trust boundary around it, None at the top level
    reason: str  # why it got its kind ("class database", "override threat_process", ...)
    kb_kind: str | None = None  # the knowledge base's kind ("postgres"), when one matched
    roles: frozenset[str] = frozenset()  # what it does for security: waf, idp, log, admin...
    data: frozenset[str] = frozenset()  # sensitive data it holds or handles: pii, phi, card...
    encrypted: str = ""  # evidence of encryption at rest ("" when none is shown)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "boundary": self.boundary,
            "reason": self.reason,
            "kb_kind": self.kb_kind,
            "roles": sorted(self.roles),
            "data": sorted(self.data),
            "encrypted": self.encrypted,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Element:
        return cls(
            id=raw["id"],
            label=raw.get("label", raw["id"]),
            kind=raw["kind"],
            boundary=raw.get("boundary"),
            reason=raw.get("reason", ""),
            kb_kind=raw.get("kb_kind"),
            roles=frozenset(raw.get("roles", ())),
            data=frozenset(raw.get("data", ())),
            encrypted=raw.get("encrypted", ""),
        )


@dataclass(slots=True)
class Flow:
    id: str  # the D2 connection id, "(a -> b)[0]"
    src: str  # where the data comes from (the arrow's tail; `a <- b` reads b -> a)
    dst: str
    label: str = ""
    bidirectional: bool = False  # `<->` or `--`
    crosses_boundary: bool = False
    encrypted: str = ""  # evidence of encryption in transit ("" when none is shown)
    plaintext: str = ""  # a protocol on it that is known to be clear text ("http", "ftp")
    data: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.src}->{self.dst}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "src": self.src,
            "dst": self.dst,
            "label": self.label,
            "bidirectional": self.bidirectional,
            "crosses_boundary": self.crosses_boundary,
            "encrypted": self.encrypted,
            "plaintext": self.plaintext,
            "data": sorted(self.data),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Flow:
        return cls(
            id=raw.get("id", f"({raw['src']} -> {raw['dst']})[0]"),
            src=raw["src"],
            dst=raw["dst"],
            label=raw.get("label", ""),
            bidirectional=bool(raw.get("bidirectional", False)),
            crosses_boundary=bool(raw.get("crosses_boundary", False)),
            encrypted=raw.get("encrypted", ""),
            plaintext=raw.get("plaintext", ""),
            data=frozenset(raw.get("data", ())),
        )


@dataclass(slots=True)
class Threat:
    id: str  # stable: "<rule>:<element id>" or "<rule>:<src>-><dst>" (+ "#n" for parallel flows)
    rule: str
    category: Category
    title: str
    description: str
    severity: Severity
    mitigation: str
    references: tuple[str, ...]
    status: Status
    evidence: str  # what in the diagram decided the status
    element: str | None = None
    flow: tuple[str, str] | None = None
    #: the words its rule's texts were filled with besides the names ({"data": "Card data"})
    words: dict[str, str] = field(default_factory=dict)

    @property
    def flow_nth(self) -> int:
        """Which of several flows between the same two elements (the id's "#n"; 0 for the
        first or only one)."""
        tail = self.id.rsplit(":", 1)[-1]
        return int(tail.rsplit("#", 1)[1]) if self.flow is not None and "#" in tail else 0

    @property
    def target(self) -> str:
        return self.element if self.element is not None else "->".join(self.flow or ("", ""))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.flow is not None:
            out["flow"] = list(self.flow)
        else:
            out["element"] = self.element
        out.update(
            rule=self.rule,
            category=self.category,
            title=self.title,
            description=self.description,
            severity=self.severity,
            mitigation=self.mitigation,
            status=self.status,
            evidence=self.evidence,
            references=list(self.references),
        )
        return out

    def compact_json(self) -> dict[str, Any]:
        """The threat without its catalogue texts (title, description, mitigation,
        references, rule): what the job context carries and a version stores."""
        out: dict[str, Any] = {"id": self.id}
        if self.flow is not None:
            out["flow"] = list(self.flow)
        else:
            out["element"] = self.element
        out.update(
            category=self.category,
            severity=self.severity,
            status=self.status,
            evidence=self.evidence,
        )
        if self.words:
            out["words"] = dict(self.words)
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any], names: dict[str, str] | None = None) -> Threat:
        """A threat from its JSON, full or compact; a compact one gets its texts back from
        the rule catalogue, filled with its element's or flow's ends' labels (`names`: id ->
        label; an id stands for itself when it is missing)."""
        flow = raw.get("flow")
        rule = raw.get("rule", raw["id"].split(":", 1)[0])
        words: dict[str, str] = dict(raw.get("words", {}))
        if "title" in raw:
            title, description = raw["title"], raw.get("description", "")
            mitigation, references = raw.get("mitigation", ""), tuple(raw.get("references", ()))
        else:
            names = names or {}
            if flow:
                fmt = {"src": names.get(flow[0], flow[0]), "dst": names.get(flow[1], flow[1])}
            else:
                fmt = {"name": names.get(raw["element"], raw["element"])}
            fmt.update(words)
            texts = catalogue()[rule]
            title, description = fill(texts.title, fmt), fill(texts.description, fmt)
            mitigation, references = fill(texts.mitigation, fmt), texts.references
        return cls(
            id=raw["id"],
            rule=rule,
            category=raw["category"],
            title=title,
            description=description,
            severity=raw["severity"],
            mitigation=mitigation,
            references=references,
            status=raw["status"],
            evidence=raw.get("evidence", ""),
            element=raw.get("element"),
            flow=(flow[0], flow[1]) if flow else None,
            words=words,
        )


@dataclass(slots=True)
class ThreatModel:
    elements: list[Element] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)

    def element(self, element_id: str) -> Element | None:
        for e in self.elements:
            if e.id == element_id:
                return e
        return None

    def open_threats(self) -> list[Threat]:
        return [t for t in self.threats if t.status == "open"]

    def counts(self) -> dict[str, int]:
        """Open threats by severity, plus the mitigated total."""
        out: dict[str, int] = {s: 0 for s in SEVERITIES}
        out["mitigated"] = 0
        for t in self.threats:
            if t.status == "open":
                out[t.severity] += 1
            else:
                out["mitigated"] += 1
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "elements": [e.as_json() for e in self.elements],
            "flows": [f.as_json() for f in self.flows],
            "threats": [t.as_json() for t in self.threats],
        }

    def compact_json(self) -> dict[str, Any]:
        """The model with its threats compact (:meth:`Threat.compact_json`): what the job
        context carries and a version stores; :meth:`from_json` reads it back whole."""
        return {
            "elements": [e.as_json() for e in self.elements],
            "flows": [f.as_json() for f in self.flows],
            "threats": [t.compact_json() for t in self.threats],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ThreatModel:
        """A model from its JSON, full (:meth:`as_json`) or compact (:meth:`compact_json`)."""
        elements = [Element.from_json(e) for e in raw.get("elements", [])]
        names = {e.id: e.label for e in elements}
        return cls(
            elements=elements,
            flows=[Flow.from_json(f) for f in raw.get("flows", [])],
            threats=[Threat.from_json(t, names) for t in raw.get("threats", [])],
        )
