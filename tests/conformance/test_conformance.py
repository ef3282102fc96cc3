"""Conformance of our D2 core with the official compiler over the D2 corpus.

The corpus is where the setting D2_CORPUS_DIR says (default ../shared/d2-corpus, beside the
repository); when it is not there every test here fails and names the setting (docs/d2.md).

* test_recorded: against the verdicts recorded with the official compiler (fast).
* test_live_official (slow, node): compiles every corpus file with the pinned npm
  @terrastruct/d2 in one warm `node --liftoff-only` process (streamed, bounded per file) and
  compares with ours there and then.
Both FAIL when a figure differs from recorded_figures.json or the files we disagree on are not
exactly those listed with their reason in known_differences.json (never silently skipped;
`python -m tests.conformance.make_known` rewrites both after a deliberate change).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.official import OfficialD2, available
from tests.conformance.oracle import (
    CorpusMissing,
    compare_one,
    load_entry,
    official_results,
    run,
)

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
    assert figures == RECORDED
    assert figures["rejects_positioned"] == 1.0
    assert _disagreements(rows) == set(KNOWN), "differences not (or no longer) as listed"


def test_recorded_figures_agree_with_the_known_differences() -> None:
    """The figures cover the whole corpus, and are 100 % exactly when nothing is listed;
    every listed difference names a corpus file and says why."""
    corpus = {r["file"] for r in official_results()}
    assert RECORDED["files"] == len(corpus)
    full = RECORDED["verdict_agreement"] == 1.0 and RECORDED["identical_sets"] == 1.0
    assert full == (not KNOWN)
    assert set(KNOWN) <= corpus, "known differences must name corpus files"
    assert all(isinstance(v, str) and len(v) > 10 for v in KNOWN.values())


def test_a_missing_corpus_fails_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("D2_CORPUS_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(CorpusMissing, match="D2_CORPUS_DIR") as e:
        official_results()
    assert str(tmp_path / "nowhere") in str(e.value)


@pytest.mark.slow
@pytest.mark.node
def test_live_official() -> None:
    why = available()
    assert why is None, why
    rows: list[dict[str, Any]] = []
    timeouts: list[str] = []
    # the bound is per file; the largest corpus files take the official compiler (with its
    # layout) tens of seconds on a busy 2-core machine, where 30 s timed out
    with OfficialD2(per_file_timeout_s=120) as official:
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
    assert (verdict, sets) == (RECORDED["verdict_agreement"], RECORDED["identical_sets"])
    assert _disagreements(rows) == set(KNOWN), "differences not (or no longer) as listed"
    assert all(r["positioned"] for r in rows if not r["ours_ok"])
