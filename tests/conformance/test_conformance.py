"""Conformance of our D2 core with the official compiler over ../shared/d2-corpus.

* test_recorded: against the verdicts recorded with the official compiler (fast).
* test_live_official (slow): compiles every corpus file with the pinned npm
  @terrastruct/d2 in one warm `node --liftoff-only` process and compares with ours.
Both FAIL when agreement drops below recorded_figures.json, and every disagreement must be
listed with its reason in known_differences.json (never silently skipped).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oracle import REPO, compare_one, corpus_dir, load_entry, official_results, run

HERE = Path(__file__).resolve().parent
RECORDED = json.loads((HERE / "recorded_figures.json").read_text())
KNOWN = json.loads((HERE / "known_differences.json").read_text())


def _disagreements(rows: list[dict]) -> set[str]:
    return {
        r["file"]
        for r in rows
        if not r["verdict_agree"] or r.get("shapes_agree") is False or r.get("conns_agree") is False
    }


def test_recorded() -> None:
    rows, figures = run(official_results())
    assert figures["verdict_agreement"] >= RECORDED["verdict_agreement"]
    assert figures["identical_sets"] >= RECORDED["identical_sets"]
    assert figures["rejects_positioned"] == 1.0
    unexplained = _disagreements(rows) - set(KNOWN)
    assert not unexplained, f"new differences, not in known_differences.json: {sorted(unexplained)}"


@pytest.mark.slow
def test_live_official() -> None:
    node = shutil.which("node")
    assert node, "node is required for the live conformance test"
    assert (REPO / "node_modules" / "@terrastruct" / "d2").is_dir(), "run `npm ci` first"
    files = [r["file"] for r in official_results()]
    reqs = []
    for rel in files:
        text, fs = load_entry(rel)
        reqs.append(json.dumps({"file": rel, "text": text, "fs": fs}))
    proc = subprocess.run(
        [node, "--liftoff-only", str(HERE / "official_check.mjs")],
        input="\n".join(reqs) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=1800,
        check=True,
    )
    live = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(live) == len(files)
    rows = [compare_one(o["file"], o) for o in live]
    n = len(rows)
    verdict = sum(r["verdict_agree"] for r in rows) / n
    sets = sum(
        1
        for r in rows
        if r["official_ok"] and r["ours_ok"] and r["shapes_agree"] and r["conns_agree"]
    ) / max(1, sum(r["official_ok"] for r in rows))
    assert verdict >= RECORDED["verdict_agreement"] - 0.002
    assert sets >= RECORDED["identical_sets"] - 0.002
    assert corpus_dir().is_dir()
