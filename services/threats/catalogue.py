"""Threats made from the rule catalogue (shared/threats/catalogue.py, ``rules.yaml``): the
one way threats are made, so ids and wording stay the same everywhere. Each threat keeps the
words its texts were filled with beyond its element's or flow's names (``words``), so a
stored model can leave the texts out and get them back from the catalogue."""

from __future__ import annotations

from shared.threats.catalogue import catalogue, fill
from shared.threats.model import SEVERITIES, Element, Flow, Severity, Status, Threat

_LEVEL = {s: i for i, s in enumerate(SEVERITIES)}


def bump(severity: Severity, *raises: bool) -> Severity:
    """`severity` raised one level for each true condition, at most to critical."""
    level = _LEVEL[severity] + sum(1 for r in raises if r)
    return SEVERITIES[min(level, len(SEVERITIES) - 1)]


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
        words=dict(words),
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
        words=dict(words),
    )
