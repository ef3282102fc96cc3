"""Submit-path micro-benchmark: CPU of the gateway process per `POST /v2/design/generate`.

    .venv/bin/python -m bench.load.submit_cpu [--requests 2000] [--concurrency 20]
        [--users 10] [--sessions] [--profile out.svg|out.json] [--log-level WARNING]

Starts one gateway (the uvicorn command line `archdesign up` runs) on loopback over its own
PostgreSQL database and Redis db (tests/support/infra.py) — no workers: the submitted jobs
stay in their queue, so nothing else the suite runs takes the gateway's CPU. Registers
`--users` users with a project each, warms the gateway up (200 requests), then sends
`--requests` authenticated generate requests, `--concurrency` in flight from a keep-alive
client, users in turn, and reads the gateway process's CPU time (user + system, psutil)
before and after.

The figure of merit is **gateway CPU-milliseconds per accepted request**: it does not depend
on how busy the rest of a shared machine is (the wall-clock rate does, and is printed for
information only). `--sessions` sends every request with the session id its user's first
request created (the path that loads a session), instead of a new session per request.
`--profile` samples the gateway with py-spy (`pip install py-spy`) during the measured
requests (`.svg`: a flame graph; `.json`: speedscope; `.txt`: collapsed stacks, one a line).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import httpx
import psutil

from bench.pipeline.queries import QUERIES
from tests.support.api import Api
from tests.support.infra import REPO_ROOT, isolated_infra, start_gateway

WARMUP = 200


async def send(
    base_url: str,
    users: list[tuple[str, str, str | None]],
    count: int,
    concurrency: int,
) -> Counter[int]:
    """`count` generate requests, `concurrency` in flight, users in turn; status counts."""
    statuses: Counter[int] = Counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as http:
        next_index = iter(range(count))

        async def worker() -> None:
            for i in next_index:
                token, project, session = users[i % len(users)]
                body = {"project_id": project, "query": QUERIES[i % len(QUERIES)]}
                if session:
                    body["session_id"] = session
                try:
                    r = await http.post(
                        "/v2/design/generate",
                        json=body,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                except httpx.TransportError:
                    statuses[0] += 1  # 0: no answer (reported, and fails the run)
                    continue
                statuses[r.status_code] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return statuses


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return float(times.user + times.system)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.load.submit_cpu")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--sessions", action="store_true", help="reuse one session per user")
    parser.add_argument("--profile", type=Path, help="py-spy output (.svg, .json or .txt)")
    parser.add_argument("--log-level", default="WARNING", help="the gateway's LOG_LEVEL")
    args = parser.parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-submit-"))
    with ExitStack() as stack:
        infra = stack.enter_context(isolated_infra())
        env = {**infra.env, "LOG_LEVEL": args.log_level}
        subprocess.run(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env={**os.environ, **env},
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        gateway, base = start_gateway(env, log_dir)
        stack.callback(gateway.stop)
        api = stack.enter_context(Api(base))
        users: list[tuple[str, str, str | None]] = []
        for _ in range(args.users):
            token, headers = api.new_user()
            project = api.new_project(headers)
            session = api.generate(headers, project, QUERIES[0])["session_id"]
            users.append((token, project, session if args.sessions else None))
        asyncio.run(send(base, users, WARMUP, args.concurrency))
        proc = psutil.Process(gateway.proc.pid)
        spy = None
        if args.profile:
            formats = {".json": "speedscope", ".txt": "raw"}
            fmt = formats.get(args.profile.suffix, "flamegraph")
            spy = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(proc.pid),
                    "--rate",
                    "250",
                    "--gil",  # only the thread holding the GIL: CPU, not waits on I/O
                    "--format",
                    fmt,
                    "--output",
                    str(args.profile),
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(1.0)  # py-spy attaches
        cpu_before, wall_before = cpu_seconds(proc), time.perf_counter()
        statuses = asyncio.run(send(base, users, args.requests, args.concurrency))
        cpu = cpu_seconds(proc) - cpu_before
        wall = time.perf_counter() - wall_before
        if spy is not None:
            spy.send_signal(2)  # SIGINT: py-spy writes its output
            spy.wait(timeout=60)
        tracebacks = gateway.log_text().count("Traceback")
    accepted = statuses.get(202, 0)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
        f"--requests {args.requests} --concurrency {args.concurrency} --users {args.users}"
        f"{' --sessions' if args.sessions else ''} --log-level {args.log_level}"
    )
    print(f"statuses                    {dict(statuses)}")
    print(f"gateway CPU per request     {1000 * cpu / max(1, args.requests):.2f} ms")
    print(f"gateway CPU-bound ceiling   {args.requests / cpu if cpu else 0:.0f} req/s (1 core)")
    print(f"wall rate (shared machine)  {args.requests / wall:.1f} req/s")
    print(f"gateway tracebacks          {tracebacks}")
    if accepted != args.requests:
        raise SystemExit("not every request was accepted")


if __name__ == "__main__":
    main()
