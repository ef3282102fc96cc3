"""Golden files for the D2 core's table tests: ``golden(name, value)`` compares ``value`` with
``tests/unit/d2/golden/<name>`` (JSON for data, verbatim for text).

``D2_GOLDEN_UPDATE=1 .venv/bin/pytest tests/unit/d2`` rewrites the files from what the code
gives now (as the official repository's tests accept theirs); review the diff before committing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("D2_GOLDEN_UPDATE") == "1"

Golden = Callable[[str, object], None]


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@pytest.fixture
def golden() -> Golden:
    def check(name: str, value: object) -> None:
        path = GOLDEN / name
        text = _text(value)
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"{path} is missing: run with D2_GOLDEN_UPDATE=1, review, commit"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file (D2_GOLDEN_UPDATE=1 rewrites it; review the diff)"
        )

    return check
