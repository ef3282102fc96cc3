"""`archdesign threats [--json | --md | --dragon] FILE.d2...`: the threat model of D2 files.

``--json`` prints one JSON line per file (the format others script against):
``{"file", "ok", "errors", "elements": [{"id", "kind"}], "flows": [{"src", "dst",
"crosses_boundary"}], "threats": [{"id", "element" | "flow", "category", "title", "severity",
"mitigation", "status", "references"}]}``. ``--md`` prints the Markdown report, ``--dragon``
the OWASP Threat Dragon v2 model (one file only). Without a flag: a readable table.
Exit status: 0 when every file compiled, 1 otherwise, 2 for a usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from services.dsl.d2 import D2Error, D2Issue
from services.threats.analyze import analyze_text
from shared.threats.dragon import to_threat_dragon
from shared.threats.model import ThreatModel
from shared.threats.report import render, summary

USAGE = "usage: archdesign threats [--json | --md | --dragon] FILE.d2..."
FLAGS = ("--json", "--md", "--dragon")


def as_line(name: str, model: ThreatModel | None, errors: list[D2Issue]) -> dict[str, Any]:
    """The JSON line of one file, in the fixed format."""
    threats = []
    for t in model.threats if model else []:
        item: dict[str, Any] = {"id": t.id}
        if t.flow is not None:
            item["flow"] = list(t.flow)
        else:
            item["element"] = t.element
        item.update(
            category=t.category,
            title=t.title,
            severity=t.severity,
            mitigation=t.mitigation,
            status=t.status,
            references=list(t.references),
        )
        threats.append(item)
    return {
        "file": name,
        "ok": model is not None,
        "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in errors],
        "elements": [{"id": e.id, "kind": e.kind} for e in model.elements] if model else [],
        "flows": [
            {"src": f.src, "dst": f.dst, "crosses_boundary": f.crosses_boundary}
            for f in (model.flows if model else [])
        ],
        "threats": threats,
    }


def table(name: str, model: ThreatModel) -> str:
    """A readable table: one line per threat, open ones first, worst first."""
    flows = len(model.flows)
    crossing = sum(1 for f in model.flows if f.crosses_boundary)
    lines = [
        f"{name}: {len(model.elements)} elements, {flows} flows ({crossing} crossing a trust "
        f"boundary), {len(model.threats)} threats — {summary(model)}",
    ]
    rows = [("SEVERITY", "STATUS", "CAT", "TARGET", "THREAT")]
    rows += [(t.severity, t.status, t.category, t.target, t.title) for t in model.threats]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(r[:4])) + "  " + r[4])
    return "\n".join(lines)


def _load(name: str) -> tuple[ThreatModel | None, list[D2Issue]]:
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [D2Issue(1, 1, f"cannot read: {exc}", "READ")]
    try:
        return analyze_text(text), []
    except D2Error as exc:
        return None, exc.issues


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a in FLAGS]
    files = [a for a in argv if a not in FLAGS]
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    if not files or len(flags) > 1 or (flags == ["--dragon"] and len(files) != 1):
        print(USAGE, file=sys.stderr)
        return 2
    mode = flags[0] if flags else "table"
    status = 0
    for name in files:
        model, errors = _load(name)
        if model is None:
            status = 1
        if mode == "--json":
            print(json.dumps(as_line(name, model, errors), ensure_ascii=False))
        elif model is None:
            for issue in errors:
                print(f"{name}:{issue}", file=sys.stderr)
        elif mode == "--md":
            sys.stdout.write(render(model, title=f"Threat model — {Path(name).name}"))
        elif mode == "--dragon":
            print(json.dumps(to_threat_dragon(model, title=Path(name).stem), indent=2))
        else:
            print(table(name, model))
    return status
