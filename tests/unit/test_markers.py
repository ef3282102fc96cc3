"""Tests that start real parts carry the marker that says so (`-m "not integration"` etc.).

A test module that starts PostgreSQL or Redis must be marked `integration`, one that runs Node
(the ELK engine, the official D2 compiler) `node`, one that drives Chromium `browser` — as a
module `pytestmark` or on the tests that do it. The signals are read from the module's source:
the calls and imports that start those parts in this suite.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

#: marker -> what in a test module's source starts the real part it names
SIGNALS: dict[str, re.Pattern[str]] = {
    "integration": re.compile(
        r"^import psycopg|^import redis$|redis\.Redis\b|Embedded(Redis|Postgres)\(|"
        r"\b(isolated_infra|private_suite|rabbitmq_vhost|start_worker|start_gateway)\b",
        re.M,
    ),
    "node": re.compile(r"\blayout_graph\(|\blay_out\(|\belk\.|\bcheck_d2\b|\"--local\""),
    "browser": re.compile(r"\bchromium\b|\bplaywright\b", re.I),
}


def _test_modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if p.resolve() != Path(__file__).resolve())


def missing_markers(source: str) -> list[str]:
    """The markers a test module's source calls for and does not carry."""
    return [
        marker
        for marker, signal in SIGNALS.items()
        if signal.search(source) and f"pytest.mark.{marker}" not in source
    ]


def test_every_module_that_starts_a_real_part_is_marked() -> None:
    unmarked = {
        str(p.relative_to(TESTS)): missing
        for p in _test_modules()
        if (missing := missing_markers(p.read_text(encoding="utf-8")))
    }
    assert unmarked == {}


def test_the_check_sees_each_part() -> None:
    assert missing_markers("import psycopg\n") == ["integration"]
    assert missing_markers("g = layout_graph(x)\n") == ["node"]
    assert missing_markers("exe = shutil.which('chromium')\n") == ["browser"]
    assert missing_markers("pytestmark = pytest.mark.node\nlayout_graph(x)\n") == []
