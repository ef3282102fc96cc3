"""`archdesign ask` against the running gateway, as a user would type it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.api import Api
from tests.support.infra import REPO_ROOT, ServerInfra

pytestmark = pytest.mark.integration


def test_ask_prints_the_reply_and_d2_and_writes_the_svg(
    api: Api, infra: ServerInfra, tmp_path: Path
) -> None:
    svg = tmp_path / "first.svg"
    env = {**os.environ, **infra.env, "ARCHDESIGN_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.main",
            "ask",
            "create a secure web application with a database and authentication",
            "--url",
            api.base_url,
            "--svg",
            str(svg),
        ],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[DSL_CREATE]")
    assert "->" in done.stdout and "classes: {" in done.stdout
    assert "queued" in done.stderr and "persist" in done.stderr  # live progress
    assert svg.read_text().lstrip().startswith(("<svg", "<?xml"))
    # A second run reuses the saved CLI account and project.
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.main",
            "ask",
            "what is a WAF?",
            "--url",
            api.base_url,
            "--json",
        ],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert again.returncode == 0, again.stderr
    assert '"status": "succeeded"' in again.stdout
