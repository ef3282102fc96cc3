"""Regenerate known_differences.json and recorded_figures.json from the recorded oracle.

Run `.venv/bin/python -m tests.conformance.make_known` after improving the core; review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conformance.oracle import official_results, run

HERE = Path(__file__).resolve().parent


def reason(row: dict) -> str:
    if not row["verdict_agree"]:
        off = row.get("official_error") or ""
        if "Markdown" in off:
            return "official validates markdown as HTML; we do not render markdown"
        if "sequence" in off or "actor" in off or "Go json.Marshal" in off:
            return "official sequence-diagram layout error (a layout stage, not the language)"
        if row["official_ok"]:
            return "we reject valid input: " + "; ".join(row["errors"][:1])
        return "we accept; official rejects with: " + off.splitlines()[0][:160] if off else "?"
    cm = json.dumps(row.get("cmissing") or [])
    if "lifeline-end" in cm:
        return "official layout adds sequence-diagram lifeline edges (layout, not language)"
    return "shape/connection sets differ: missing " + json.dumps(row.get("missing"))[:160]


def main() -> None:
    rows, figures = run(official_results())
    path = HERE / "known_differences.json"
    # reasons written by hand are kept; new differences get a generated first reason
    old = json.loads(path.read_text()) if path.exists() else {}
    known = {
        r["file"]: old.get(r["file"]) or reason(r)
        for r in rows
        if not r["verdict_agree"] or r.get("shapes_agree") is False or r.get("conns_agree") is False
    }
    (HERE / "known_differences.json").write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")
    (HERE / "recorded_figures.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1), len(known))


if __name__ == "__main__":
    main()
