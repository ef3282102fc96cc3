"""The threat model as a readable Markdown report: a summary, the open threats (worst first)
with what the diagram is missing, the mitigated ones with the evidence, then the elements and
flows the analysis saw, so a reader can check its reading of the diagram."""

from __future__ import annotations

from shared.threats.model import (
    ELEMENT_KINDS,
    SEVERITIES,
    STRIDE_NAMES,
    Threat,
    ThreatModel,
)

KIND_NAMES = {
    "external_entity": "external entities",
    "process": "processes",
    "data_store": "data stores",
    "trust_boundary": "trust boundaries",
}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def target(t: Threat) -> str:
    return f"`{t.element}`" if t.flow is None else f"`{t.flow[0]}` → `{t.flow[1]}`"


def summary(model: ThreatModel) -> str:
    """One line: how many open threats of each severity and how many are mitigated."""
    counts = model.counts()
    open_parts = [f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s]]
    opened = ", ".join(open_parts) if open_parts else "none"
    return f"open threats: {opened}; mitigated: {counts['mitigated']}"


def render(model: ThreatModel, title: str = "Threat model") -> str:
    lines = [f"# {title}", ""]
    kinds = {k: sum(1 for e in model.elements if e.kind == k) for k in ELEMENT_KINDS}
    crossing = sum(1 for f in model.flows if f.crosses_boundary)
    lines.append(
        ", ".join(f"{n} {KIND_NAMES[k]}" for k, n in kinds.items())
        + f"; {len(model.flows)} flows ({crossing} cross a trust boundary)."
    )
    lines += ["", f"**{summary(model)[0].upper()}{summary(model)[1:]}.**", ""]
    opened = [t for t in model.threats if t.status == "open"]
    done = [t for t in model.threats if t.status == "mitigated"]
    lines += ["## Open threats", ""]
    if not opened:
        lines += ["None: the diagram shows a control for every threat found.", ""]
    for t in opened:
        lines += [
            f"### {t.severity.upper()} — {t.title}",
            "",
            f"- **Id:** `{t.id}` · **Target:** {target(t)} · "
            f"**STRIDE:** {STRIDE_NAMES[t.category]} ({t.category})",
            f"- **What can happen:** {t.description}",
            f"- **Why it is open:** {t.evidence}",
            f"- **Mitigation:** {t.mitigation}",
            f"- **References:** {', '.join(t.references)}",
            "",
        ]
    lines += ["## Mitigated threats", ""]
    if done:
        lines += ["| severity | threat | target | evidence in the diagram |", "|---|---|---|---|"]
        lines += [
            f"| {t.severity} | {cell(t.title)} (`{t.id}`) | {target(t)} | {cell(t.evidence)} |"
            for t in done
        ]
    else:
        lines.append("None.")
    lines += ["", "## Elements", "", "| id | label | kind | zone | roles | data | why |"]
    lines.append("|---|---|---|---|---|---|---|")
    for e in model.elements:
        lines.append(
            f"| `{e.id}` | {cell(e.label)} | {e.kind} | {e.boundary or '—'} | "
            f"{', '.join(sorted(e.roles)) or '—'} | {', '.join(sorted(e.data)) or '—'} | "
            f"{cell(e.reason)} |"
        )
    lines += ["", "## Flows", "", "| from | to | label | crosses a boundary | encrypted |"]
    lines.append("|---|---|---|---|---|")
    for f in model.flows:
        lines.append(
            f"| `{f.src}` | `{f.dst}` | {cell(f.label) or '—'} | "
            f"{'yes' if f.crosses_boundary else 'no'} | {cell(f.encrypted) or 'not shown'} |"
        )
    return "\n".join(lines) + "\n"
