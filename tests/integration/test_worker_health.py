"""`archdesign worker-health`: the container health check of the workers, over a real broker."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from services.cli.health import local_workers
from tests.support.infra import REPO_ROOT, ChildProcess, ServerInfra, isolated_infra

pytestmark = pytest.mark.integration


def _health(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", "worker-health", *args, "--timeout", "2"],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_running_workers_answer(infra: ServerInfra, workers: dict[str, ChildProcess]) -> None:
    done = _health(infra.env, "layout")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("layout-") and "intent-" not in done.stdout


def test_no_worker_on_the_broker_is_unhealthy() -> None:
    with isolated_infra() as empty:  # its own Redis db: no worker consumes there
        done = _health(empty.env)
    assert done.returncode == 1
    assert "no worker" in done.stderr


def test_only_this_hosts_workers_count() -> None:
    replies = ["layout-7@box", "layout-9@other"]
    assert local_workers(replies, "box", None) == ["layout-7@box"]
    assert local_workers(replies, "box", "intent") == []
    assert local_workers(replies, "other", "layout") == ["layout-9@other"]
