"""`make lint` type-checks all of services/ and shared/, strictly on the pure cores."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MYPY = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
STRICT_CORES = ("services.dsl.d2", "services.threats", "services.layout", "services.intent")


def test_make_lint_runs_mypy_over_every_module() -> None:
    make = (ROOT / "Makefile").read_text()
    typecheck = re.search(r"^typecheck:.*\n((?:\t.*\n)+)", make, re.M)
    assert typecheck and re.search(r"^lint:.*\btypecheck\b", make, re.M)
    assert typecheck.group(1).split() == ["$(BIN)/mypy"]  # no paths: the configured files
    assert MYPY["files"] == ["services", "shared"]


def test_the_pure_cores_are_strict_and_nothing_is_ignored() -> None:
    overrides = MYPY["overrides"]
    strict = next(o for o in overrides if "services.dsl.d2" in o["module"])
    for core in STRICT_CORES:
        assert {core, f"{core}.*"} <= set(strict["module"]), core
    assert strict["disallow_untyped_defs"] and strict["warn_return_any"]
    assert not [o for o in overrides if o.get("ignore_errors")]
