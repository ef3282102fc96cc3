"""docs/threats.md's comparison with OWASP pytm is the one the script gives today: each row of
its table is what bench/threats/compare_pytm.py computes on the five models."""

from __future__ import annotations

from pathlib import Path

from bench.threats.compare_pytm import NAMES, compare, table_row

DOC = Path(__file__).resolve().parents[3] / "docs" / "threats.md"


def test_the_documented_comparison_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in NAMES:
        r = compare(name)
        row = table_row(r)
        assert row in text, f"docs/threats.md is out of date; run bench.threats.compare_pytm: {row}"
        # the two tools do differ, in both directions
        assert r["ours_only_rules"] and r["pytm_only"]
