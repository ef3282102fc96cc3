"""Compare our D2 core with recorded or live official verdicts over the corpus.

`.venv/bin/python tests/conformance/oracle.py [-v]` prints agreement figures against the
recorded official results (-v: every difference); test_conformance.py uses the same functions,
and its live test feeds them the official compiler's answers of the same run.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from services.dsl.d2.core import check
from shared.settings import D2CorpusSettings

REPO = Path(__file__).resolve().parents[2]


class CorpusMissing(RuntimeError):
    """The corpus is not where the D2_CORPUS_DIR setting says."""


def corpus_dir() -> Path:
    """The corpus directory (setting ``D2_CORPUS_DIR``; relative to the repository root)."""
    path = Path(D2CorpusSettings().corpus_dir)
    return path if path.is_absolute() else (REPO / path).resolve()


def load_entry(rel: str) -> tuple[str, dict[str, str] | None]:
    """The entry text and, for a bundle (a directory with index.d2), its in-memory files."""
    p = corpus_dir() / rel
    if p.is_dir():
        fs = {
            str(f.relative_to(p)): f.read_text(encoding="utf-8", errors="replace")
            for f in sorted(p.rglob("*.d2"))
        }
        return fs.get("index.d2", ""), fs
    return p.read_text(encoding="utf-8", errors="replace"), None


def official_results() -> list[dict[str, Any]]:
    """The official compiler's recorded verdict for every corpus source."""
    results = corpus_dir() / "official_results.jsonl"
    if not results.is_file():
        raise CorpusMissing(
            f"the D2 corpus is not at {corpus_dir()} (no official_results.jsonl there): set "
            "D2_CORPUS_DIR (default ../shared/d2-corpus, relative to the repository root) to "
            "a copy of it; see docs/d2.md"
        )
    with open(results, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _shape_set(shapes: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(s["id"], s["label"], s["shape"]) for s in shapes}


def _conn_multiset(conns: list[dict[str, Any]]) -> Counter[tuple[str, ...]]:
    return Counter(
        (c["src"], c["dst"], c["src_arrow"], c["dst_arrow"], c["label"] or "") for c in conns
    )


def compare_one(rel: str, official: dict[str, Any]) -> dict[str, Any]:
    text, fs = load_entry(rel)
    ours = check(text, fs)
    row: dict[str, Any] = {
        "file": rel,
        "official_ok": bool(official["ok"]),
        "ours_ok": ours.ok,
        "verdict_agree": bool(official["ok"]) == ours.ok,
        "positioned": all(e.line >= 1 and e.column >= 1 for e in ours.errors),
        "errors": [str(e) for e in ours.errors[:3]],
        "official_error": official.get("error"),
    }
    if official["ok"] and ours.ok:
        row["shapes_agree"] = _shape_set(official["shapes"]) == _shape_set(ours.shapes)
        row["conns_agree"] = _conn_multiset(official["connections"]) == _conn_multiset(
            ours.connections
        )
        if not row["shapes_agree"]:
            a, b = _shape_set(official["shapes"]), _shape_set(ours.shapes)
            row["missing"] = sorted(a - b)[:4]
            row["extra"] = sorted(b - a)[:4]
        if not row["conns_agree"]:
            a2, b2 = _conn_multiset(official["connections"]), _conn_multiset(ours.connections)
            row["cmissing"] = sorted((a2 - b2).elements())[:3]
            row["cextra"] = sorted((b2 - a2).elements())[:3]
    return row


def run(official: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    rows = [compare_one(r["file"], r) for r in official]
    n = len(rows)
    accepted = [r for r in rows if r["official_ok"] and r["ours_ok"]]
    both = [r for r in accepted if r["shapes_agree"] and r["conns_agree"]]
    rejected = [r for r in rows if not r["ours_ok"]]
    figures = {
        "files": n,
        "verdict_agreement": sum(r["verdict_agree"] for r in rows) / n,
        "official_accepted": sum(r["official_ok"] for r in rows),
        "identical_sets": len(both) / max(1, sum(r["official_ok"] for r in rows)),
        "rejects_positioned": sum(r["positioned"] for r in rejected) / max(1, len(rejected)),
    }
    return rows, figures


def main(argv: list[str]) -> int:
    rows, figures = run(official_results())
    verbose = "-v" in argv
    for r in rows:
        if not r["verdict_agree"]:
            if verbose:
                print("VERDICT", r["file"], r["official_ok"], r["errors"], r["official_error"])
        elif (r.get("shapes_agree") is False or r.get("conns_agree") is False) and verbose:
            print(
                "SETS",
                r["file"],
                r.get("missing"),
                r.get("extra"),
                r.get("cmissing"),
                r.get("cextra"),
            )
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
