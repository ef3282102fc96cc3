"""Conformance of our D2 core with the official compiler over ../shared/d2-corpus.

* test_recorded: against the verdicts recorded with the official compiler (fast).
* test_live_official (slow, node): compiles every corpus file with the pinned npm
  @terrastruct/d2 in one warm `node --liftoff-only` process (streamed, bounded per file) and
  compares with ours there and then.
Both FAIL when agreement drops below recorded_figures.json, and every disagreement must be
listed with its reason in known_differences.json (never silently skipped).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.official import OfficialD2, available
from tests.conformance.oracle import compare_one, load_entry, official_results, run

HERE = Path(__file__).resolve().parent
RECORDED = json.loads((HERE / "recorded_figures.json").read_text())
KNOWN: dict[str, str] = json.loads((HERE / "known_differences.json").read_text())


def _disagreements(rows: list[dict[str, Any]]) -> set[str]:
    return {
        r["file"]
        for r in rows
        if not r["verdict_agree"] or r.get("shapes_agree") is False or r.get("conns_agree") is False
    }


def _figures(rows: list[dict[str, Any]]) -> tuple[float, float]:
    accepted = sum(r["official_ok"] for r in rows)
    same = sum(
        1
        for r in rows
        if r["official_ok"] and r["ours_ok"] and r["shapes_agree"] and r["conns_agree"]
    )
    return sum(r["verdict_agree"] for r in rows) / len(rows), same / max(1, accepted)


def test_recorded() -> None:
    rows, figures = run(official_results())
    assert figures["verdict_agreement"] >= RECORDED["verdict_agreement"]
    assert figures["identical_sets"] >= RECORDED["identical_sets"]
    assert figures["rejects_positioned"] == 1.0
    unexplained = _disagreements(rows) - set(KNOWN)
    assert not unexplained, f"new differences, not in known_differences.json: {sorted(unexplained)}"


def test_known_differences_have_reasons() -> None:
    assert all(isinstance(v, str) and len(v) > 10 for v in KNOWN.values())
    corpus = {r["file"] for r in official_results()}
    assert set(KNOWN) <= corpus, "known differences must name corpus files"


@pytest.mark.slow
@pytest.mark.node
def test_live_official() -> None:
    why = available()
    assert why is None, why
    rows: list[dict[str, Any]] = []
    timeouts: list[str] = []
    with OfficialD2(per_file_timeout_s=30) as official:
        for rec in official_results():
            text, fs = load_entry(rec["file"])
            live = official.compile(rec["file"], text, fs)
            if live["ok"] is None:
                timeouts.append(rec["file"])
                continue
            rows.append(compare_one(rec["file"], live))
    assert not timeouts, f"official compiler timed out on {timeouts}"
    verdict, sets = _figures(rows)
    # the live compiler must give what was recorded, and we must agree with it as well
    assert verdict >= RECORDED["verdict_agreement"], verdict
    assert sets >= RECORDED["identical_sets"], sets
    unexplained = _disagreements(rows) - set(KNOWN)
    assert not unexplained, f"new differences, not in known_differences.json: {sorted(unexplained)}"
    assert all(r["positioned"] for r in rows if not r["ours_ok"])
