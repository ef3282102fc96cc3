"""What changed between two threat models (a version and the one before it): threats that
are new or reopened, threats the change mitigated, threats that no longer apply because what
they were about is gone — and the sentence a version's message carries about them
("adding the WAF mitigated 3 high-severity threats")."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.threats.model import Severity, Threat, ThreatModel, severity_rank


@dataclass
class ThreatDiff:
    new: list[Threat] = field(default_factory=list)  # open now, not open before
    mitigated: list[Threat] = field(default_factory=list)  # open before, mitigated now (as now)
    removed: list[Threat] = field(default_factory=list)  # open before, gone now (as before)
    still_open: list[Threat] = field(default_factory=list)

    @property
    def closed(self) -> list[Threat]:
        return self.mitigated + self.removed

    def at_least(self, severity: Severity) -> ThreatDiff:
        """The same diff keeping only threats of `severity` or worse."""
        floor = severity_rank(severity)

        def keep(ts: list[Threat]) -> list[Threat]:
            return [t for t in ts if severity_rank(t.severity) >= floor]

        return ThreatDiff(
            keep(self.new), keep(self.mitigated), keep(self.removed), keep(self.still_open)
        )


def _worst_first(ts: list[Threat]) -> list[Threat]:
    return sorted(ts, key=lambda t: (-severity_rank(t.severity), t.id))


def diff(before: ThreatModel | None, after: ThreatModel) -> ThreatDiff:
    """Threats of `after` against `before` (None: the first version, everything open is new)."""
    old = {t.id: t for t in before.threats} if before else {}
    now = {t.id: t for t in after.threats}
    out = ThreatDiff()
    for tid, t in now.items():
        was = old.get(tid)
        if t.status == "open":
            (out.still_open if was is not None and was.status == "open" else out.new).append(t)
        elif was is not None and was.status == "open":
            out.mitigated.append(t)
    out.removed = [t for tid, t in old.items() if t.status == "open" and tid not in now]
    out.new, out.mitigated = _worst_first(out.new), _worst_first(out.mitigated)
    out.removed, out.still_open = _worst_first(out.removed), _worst_first(out.still_open)
    return out


def _count(n: int, severity: str) -> str:
    word = "threat" if n == 1 else "threats"
    return f"{n} {severity}-severity {word}"


def _titles(ts: list[Threat], limit: int = 3) -> str:
    named = "; ".join(t.title for t in ts[:limit])
    return named + (f"; and {len(ts) - limit} more" if len(ts) > limit else "")


def sentence(d: ThreatDiff, *, change: str = "", severity: Severity = "high") -> str:
    """One or two sentences on the threats of `severity` or worse that this change closed
    and opened ("" when it changed none). `change` names the change ("adding the WAF")."""
    worse = d.at_least(severity)
    who = change or "This change"
    parts = []
    if worse.closed:
        verb = "mitigated" if worse.mitigated and not worse.removed else "closed"
        parts.append(
            f"{who} {verb} {_count(len(worse.closed), severity)} ({_titles(worse.closed)})."
        )
    if worse.new:
        lead = "It opened" if parts else f"{who} opened"
        parts.append(f"{lead} {_count(len(worse.new), severity)}: {_titles(worse.new)}.")
    text = " ".join(parts)
    return text[:1].upper() + text[1:] if text else ""


def version_sentence(d: ThreatDiff, *, change: str = "") -> str:
    """What a new version's message says about its threats: how many the change mitigated
    (of any severity, how many of them high or critical), the high- and critical-severity
    threats it opened, and those that no longer apply (what they were about is gone or no
    longer exposed); "" when none of these changed. "Adding WAF mitigated 7 threats
    (Tampering with Web app; ...). It opened 1 high-severity threat: ..." """
    who = change or "This change"
    high = d.at_least("high")
    parts = []
    if d.mitigated:
        n = len(d.mitigated)
        serious = f", {len(high.mitigated)} of them high or critical" if high.mitigated else ""
        word = "threat" if n == 1 else "threats"
        parts.append(f"{who} mitigated {n} {word}{serious} ({_titles(d.mitigated)}).")
    if high.new:
        lead = "It opened" if parts else f"{who} opened"
        parts.append(f"{lead} {_count(len(high.new), 'high')}: {_titles(high.new)}.")
    if high.removed:
        n = len(high.removed)
        verb = "no longer applies" if n == 1 else "no longer apply"
        parts.append(f"{_count(n, 'high')} {verb} ({_titles(high.removed)}).")
    text = " ".join(parts)
    return text[:1].upper() + text[1:] if text else ""
