"""`archdesign ask --local`: the stage table's chain in one process, with no server at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.infra import REPO_ROOT

pytestmark = pytest.mark.node


def ask_local(query: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        # Unreachable on purpose: --local must not need Redis or PostgreSQL.
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "BROKER_URL": "redis://127.0.0.1:1/0",
        "LAYOUT_ENGINE_WARMUP": "0",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", "ask", "--local", query, *extra],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_diagram_is_generated_checked_and_drawn(tmp_path: Path) -> None:
    svg, flow = tmp_path / "out.svg", tmp_path / "out.json"
    done = ask_local(
        "create a web app with postgres and a load balancer",
        "--svg",
        str(svg),
        "--out-json",
        str(flow),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[DSL_CREATE]")
    assert "->" in done.stdout and "classes: {" in done.stdout  # the validated D2
    assert svg.read_text().lstrip().startswith("<svg")
    assert '"nodes"' in flow.read_text()


def test_an_answer_takes_the_short_path() -> None:
    done = ask_local("what is a WAF?")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[EXPERT_QA]") and "->" not in done.stdout
