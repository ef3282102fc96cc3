"""The rule catalogue (``data/rules.yaml``): each rule's category, texts and references, and
the one way threats are made from it, so ids and wording stay the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from services.threats.model import SEVERITIES, Category, Element, Flow, Severity, Status, Threat

DATA = Path(__file__).parent / "data" / "rules.yaml"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    title: str
    description: str
    mitigation: str
    references: tuple[str, ...]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    with DATA.open(encoding="utf-8") as fh:
        raw: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    return {
        rid: Rule(
            id=rid,
            category=r["category"],
            title=r["title"],
            description=r["description"],
            mitigation=r["mitigation"],
            references=tuple(r["references"]),
        )
        for rid, r in raw.items()
    }


_LEVEL = {s: i for i, s in enumerate(SEVERITIES)}


def bump(severity: Severity, *raises: bool) -> Severity:
    """`severity` raised one level for each true condition, at most to critical."""
    level = _LEVEL[severity] + sum(1 for r in raises if r)
    return SEVERITIES[min(level, len(SEVERITIES) - 1)]


def fill(template: str, words: dict[str, str]) -> str:
    """`template` with its {placeholders} replaced (the catalogue's texts use no other braces;
    plain replacing is several times faster than str.format on thousands of threats)."""
    for key, value in words.items():
        template = template.replace("{" + key + "}", value)
    return template


def element_threat(
    rule_id: str,
    element: Element,
    *,
    severity: Severity,
    evidence: str,
    mitigated: bool,
    **words: str,
) -> Threat:
    rule = catalogue()[rule_id]
    fmt = {"name": element.label, **words}
    status: Status = "mitigated" if mitigated else "open"
    return Threat(
        id=f"{rule_id}:{element.id}",
        rule=rule_id,
        category=rule.category,
        title=fill(rule.title, fmt),
        description=fill(rule.description, fmt),
        severity=severity,
        mitigation=fill(rule.mitigation, fmt),
        references=rule.references,
        status=status,
        evidence=evidence,
        element=element.id,
    )


def flow_threat(
    rule_id: str,
    flow: Flow,
    labels: tuple[str, str],
    *,
    severity: Severity,
    evidence: str,
    mitigated: bool,
    nth: int = 0,
    **words: str,
) -> Threat:
    rule = catalogue()[rule_id]
    fmt = {"src": labels[0], "dst": labels[1], **words}
    status: Status = "mitigated" if mitigated else "open"
    suffix = f"#{nth}" if nth else ""
    return Threat(
        id=f"{rule_id}:{flow.key}{suffix}",
        rule=rule_id,
        category=rule.category,
        title=fill(rule.title, fmt),
        description=fill(rule.description, fmt),
        severity=severity,
        mitigation=fill(rule.mitigation, fmt),
        references=rule.references,
        status=status,
        evidence=evidence,
        flow=(flow.src, flow.dst),
    )
