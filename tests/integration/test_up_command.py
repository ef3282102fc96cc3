"""`archdesign up` on a machine with no REDIS_URL / DATABASE_URL: the README's `make run`.

Runs the real command in an empty temporary directory, so it starts an embedded Redis and an
embedded PostgreSQL under ./.data, migrates, starts the gateway and one worker per kind;
then a user registers, creates a project and gets a diagram back through every queue.
SIGTERM must then stop every process `up` started (servers last) and exit 0.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import jwt
import pytest

from services.cli.embedded.process import process_alive, process_cmdline

pytestmark = [pytest.mark.integration, pytest.mark.slow]

START_TIMEOUT = 240.0  # first start: initdb + migrations + imports on a loaded 2-core box
STOP_TIMEOUT = 90.0
JOB_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def descendants(root: int) -> set[int]:
    """Every live process below `root` (Linux /proc), children of children included."""
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'
            parent_of[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in parent_of.items() if ppid in frontier} - found
        found |= frontier
    return found


def wait_ready(base: str, up: subprocess.Popen[bytes], output: Path) -> float:
    started = time.monotonic()
    deadline = started + START_TIMEOUT
    with httpx.Client(base_url=base, timeout=5) as http:
        while time.monotonic() < deadline:
            if up.poll() is not None:
                pytest.fail(f"`up` exited with {up.returncode}:\n{output.read_text()}")
            try:
                if http.get("/health").status_code == 200 and http.get("/ready").status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.25)
    pytest.fail(f"not ready after {START_TIMEOUT:.0f}s:\n{output.read_text()}")


def test_up_serves_a_design_on_embedded_servers_and_stops_cleanly(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "BROKER_URL", "ARCHDESIGN_DATA_DIR", "JWT_SECRET"}
    }
    env["ARCHDESIGN_ENV"] = "development"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = tmp_path / "up.out"
    script = Path(sys.executable).with_name("archdesign")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "services.cli.main"]
    with open(output, "wb") as out:
        up = subprocess.Popen(
            [*argv, "up", "--port", str(port), "--grace", "15"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    seen: set[int] = set()
    try:
        elapsed = wait_ready(base, up, output)
        print(f"`archdesign up` ready in {elapsed:.1f}s (embedded servers)")
        seen = descendants(up.pid)
        text = output.read_text()
        secret_file = tmp_path / ".data" / "jwt_secret"  # made for this data folder, private
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
        assert "embedded redis ready" in text and "embedded postgres ready" in text
        assert (tmp_path / ".data" / "postgres" / "PG_VERSION").exists()
        assert (tmp_path / ".data" / "redis" / "appendonly.aof").exists()

        with httpx.Client(base_url=base, timeout=90) as http:
            creds = {"email": "ops@example.com", "password": "correct horse battery staple"}
            assert http.post("/v2/auth/register", json=creds).status_code == 201
            token = http.post("/v2/auth/token", json=creds).json()["access_token"]
            # signed with the data folder's secret; the old public default verifies nothing
            jwt.decode(token, secret_file.read_text().strip(), algorithms=["HS256"])
            with pytest.raises(jwt.InvalidSignatureError):
                jwt.decode(token, "dev-only-insecure-secret-change-me", algorithms=["HS256"])
            auth = {"Authorization": f"Bearer {token}"}
            created = http.post("/v2/projects", json={"name": "ops"}, headers=auth)
            assert created.status_code == 201, created.text
            code = created.json()["project_code"]
            reply = http.post(
                "/v2/design/generate",
                params={"wait": "true"},
                json={
                    "project_id": code,
                    "query": "create a secure web application with a database and authentication",
                },
                headers=auth,
            )
            # ?wait=true is bounded (GENERATE_WAIT_TIMEOUT_SECONDS): on a loaded machine the
            # first job (models loading in fresh workers) may outlast it and come back 202.
            assert reply.status_code in (200, 202), reply.text
            job = reply.json()
            deadline = time.monotonic() + JOB_TIMEOUT
            while job["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
                time.sleep(0.5)
                job = http.get(f"/v2/jobs/{job['job_id']}", headers=auth).json()
            assert job["status"] == "succeeded", job
            payload = job["result"]["payload"]
            assert payload["version_id"]
            assert "->" in payload["d2"]
            versions = http.get(f"/v2/projects/{code}/versions", headers=auth)
            assert versions.status_code == 200 and len(versions.json()) == 1

        seen |= descendants(up.pid)
        kinds = " ".join(process_cmdline(pid) for pid in seen)
        for expected in (
            "redis-server",
            "postgres",
            "uvicorn",
            *(f"worker {k}" for k in ("intent", "dsl", "layout", "persistence")),
        ):
            assert expected in kinds, f"{expected} is not running under `up`"

        up.send_signal(signal.SIGTERM)
        assert up.wait(STOP_TIMEOUT) == 0, output.read_text()
        deadline = time.monotonic() + 10
        while any(process_alive(p) for p in seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {p: process_cmdline(p) for p in seen if process_alive(p)}
        assert left == {}, f"still running after `up` exited: {left}"
        text = output.read_text()
        assert "SIGTERM received: stopping" in text
        assert text.rfind("embedded redis stopped") > text.rfind("stopped gateway")
    finally:
        if up.poll() is None:
            up.send_signal(signal.SIGTERM)
            try:
                up.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                up.kill()
                up.wait()
