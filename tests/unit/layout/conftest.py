"""Shared helpers for the layout tests: engines to run, and the Node/elkjs requirement."""

from __future__ import annotations

import pytest

from services.layout import elk


@pytest.fixture(scope="session", autouse=True)
def _node_required() -> None:
    # The default engine needs Node + elkjs (installed by `make install`); a missing one is a
    # broken environment, not a reason to skip.
    assert elk.available(), "node and node_modules/elkjs are required (npm ci)"
