"""The gateway's CPU per `POST /v2/design/generate`, alone: no workers (the jobs stay queued).

    .venv/bin/python -m bench.pipeline.gateway_cpu [--requests 300]

A gateway over this run's own PostgreSQL database and Redis db (tests/support/infra.py),
30 requests to warm it up, then the gateway process's CPU time over `--requests` more, and
its RSS. The full benchmark (bench/pipeline/run.py) reports the gateway's share of a burst
too; this one isolates it, so two trees can be compared on a busy machine by alternating.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil

from tests.support.api import Api
from tests.support.infra import REPO_ROOT, isolated_infra, start_gateway

QUERY = "create a web app with postgres"


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.pipeline.gateway_cpu")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with isolated_infra() as infra:
        env = {**infra.env, "RATE_LIMIT_PER_MINUTE": "0", "LOG_LEVEL": "WARNING"}
        subprocess.run(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env={**os.environ, **env},
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        child, base = start_gateway(env, Path(tempfile.mkdtemp(prefix="bench-gateway-")))
        try:
            with Api(base) as api:
                _, headers = api.new_user()
                project = api.new_project(headers)
                for _ in range(30):
                    api.generate(headers, project, QUERY)
                proc = psutil.Process(child.proc.pid)
                before = sum(proc.cpu_times()[:2])
                for _ in range(args.requests):
                    api.generate(headers, project, QUERY)
                per_post = (sum(proc.cpu_times()[:2]) - before) / args.requests * 1000
                rss = proc.memory_info().rss / 1e6
                print(f"gateway CPU per POST {per_post:.2f} ms, RSS {rss:.0f} MB ({REPO_ROOT})")
        finally:
            child.stop()


if __name__ == "__main__":
    main()
