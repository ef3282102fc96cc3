"""Load benchmark (issue 10): one gateway holding many WebSockets while generate requests
arrive at a steady rate.

    .venv/bin/python -m bench.load.run [--sockets 1000] [--rate 100] [--duration 60]

Starts a private suite on loopback (its own PostgreSQL database and Redis db, one real
worker of each kind, one uvicorn gateway — tests/support/suite.py, as the pipeline benchmark
does), warms it, then from this process (one asyncio loop):
- holds `--sockets` WebSockets: half notification sockets (held for the whole run), half job
  sockets that each follow one submitted job to its final message, then take the next
  (oldest first), so about that many sockets are open while jobs are pending;
- submits `POST /v2/design/generate` at `--rate` a second for `--duration` seconds, open
  loop, users in turn (the four create queries of the pipeline benchmark);
- waits (at most `--drain` seconds) for every accepted job to end.

Reports: requests accepted and the rate the gateway accepted them at, server errors (5xx),
submit p50/p99 (from when the request was due: waiting for one of the `--concurrency`
client connections counts; and from when it was sent), end-to-end p50/p99 (POST -> the
job's final event on Redis; and -> the final message on a job socket, for the jobs a socket
followed), jobs succeeded/failed/not finished, sockets opened / peak open / dropped, close
codes, `/ready` during the run, the gateway's RSS and the Redis connections (CLIENT LIST of
the suite's Redis db: the gateway's by pool name, and all).

The suite's job deadline is raised to `--drain` + the run (JOB_DEADLINE_SECONDS): the
workers cannot keep up with 100 jobs/s on a small machine, so late jobs wait in the queue
and their end-to-end time is the queue's wait, reported as such rather than as timeouts.

The pipeline's workers run at a lower CPU priority (`--worker-nice`, 10 by default; 0 keeps
them equal): on one small machine they share the cores with the one gateway under test and
with this client, where in production the gateway does not share its cores with workers.
This measures what one gateway accepts, not what the workers finish; the pipeline's own
throughput is bench/pipeline. The client runs on uvloop when it is installed (uvicorn's
`standard` extra brings it), on raw asyncio protocols (bench/load/wire.py: requests built
once on keep-alive connections, WebSocket frames parsed in place, no task per socket), and
reports its own CPU beside the gateway's (CPU-seconds per accepted request: the figure
that a busy machine does not move much; bench/load/submit_cpu.py measures the gateway's
alone).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psutil
import redis

from bench.load.clients import Tally, Target, follow_jobs, hold_notifications, submit_at_rate
from bench.pipeline.queries import QUERIES
from bench.pipeline.run import FinalEvents, pct, wait_until_idle
from shared.settings import LayoutSettings
from tests.support.api import Api
from tests.support.suite import Suite, private_suite

T = TypeVar("T")

SOCKETS_PER_USER = 10  # notification sockets per user (the cap is WS_MAX_PER_USER, 50)


def raise_open_files(wanted: int) -> int:
    """Raise this process's (and so its children's) open-file limit toward `wanted`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def lower_priority(pid: int, niceness: int) -> None:
    """Renice a process and its children (a worker's pool processes) to `niceness`."""
    proc = psutil.Process(pid)
    for p in [proc, *proc.children(recursive=True)]:
        p.nice(niceness)


def run_loop(main: Coroutine[Any, Any, T]) -> tuple[T, str]:
    """Run `main` on uvloop when installed (less CPU per socket and request), else asyncio."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main), "asyncio"
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main), "uvloop"


def redis_connections(r: redis.Redis, db: str) -> Counter[str]:
    """Connections to the suite's Redis db, by client name ("-" = unnamed: workers, bench)."""
    return Counter(c.get("name") or "-" for c in r.client_list() if c.get("db") == db)


class Sampler:
    """Once a second: the gateway's RSS and the suite's Redis connections (peaks kept), and
    `/ready` (its status codes and latency: the storm must not starve it)."""

    def __init__(self, suite: Suite, tally: Tally) -> None:
        self.gateway = psutil.Process(suite.gateway.proc.pid)
        self.redis = suite.infra.redis()
        self.db = suite.infra.redis_url.rsplit("/", 1)[1]
        self.tally = tally
        self.rss_start = self.gateway.memory_info().rss
        self.rss_peak = self.rss_start
        self.peak_connections: Counter[str] = Counter()
        self.peak_total = 0
        self.ready_statuses: Counter[int] = Counter()
        self.ready_seconds: list[float] = []
        self.base_url = suite.base_url
        self.submit_cpu_seconds = 0.0
        self.client_submit_cpu_seconds = 0.0

    def sample(self) -> None:
        self.rss_peak = max(self.rss_peak, self.gateway.memory_info().rss)
        now = redis_connections(self.redis, self.db)
        self.peak_total = max(self.peak_total, sum(now.values()))
        for name, count in now.items():
            self.peak_connections[name] = max(self.peak_connections[name], count)

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=60) as http:
            while not stop.is_set():
                await asyncio.to_thread(self.sample)
                started = time.perf_counter()
                try:
                    status = (await http.get("/ready")).status_code
                except httpx.HTTPError:
                    status = 0
                self.ready_seconds.append(time.perf_counter() - started)
                self.ready_statuses[status] += 1
                await asyncio.sleep(1.0)


async def load(
    suite: Suite, users: list[tuple[str, str]], args: argparse.Namespace, finals: FinalEvents
) -> tuple[Tally, Sampler, float]:
    tally = Tally()
    sampler = Sampler(suite, tally)
    stop_sampling, stop_holding = asyncio.Event(), asyncio.Event()
    sampling = asyncio.create_task(sampler.run(stop_sampling))
    notes = args.sockets // 2
    target = Target.of(suite.base_url)
    holders = [
        asyncio.create_task(
            hold_notifications(
                target,
                f"/v2/notifications/ws?token={users[i % len(users)][0]}",
                tally,
                stop_holding,
            )
        )
        for i in range(notes)
    ]
    while tally.opened + tally.dropped < notes:  # all held before the first request
        await asyncio.sleep(0.2)
    tokens: dict[str, str] = {}
    jobs: asyncio.Queue[str] = asyncio.Queue()
    followers = [
        asyncio.create_task(follow_jobs(target, tokens, jobs, tally))
        for _ in range(args.sockets - notes)
    ]
    gateway_cpu, client_cpu = cpu_of(sampler.gateway), cpu_of(psutil.Process())
    # as many keep-alive connections as requests in flight; idle ones are replaced after
    # 2 s, before uvicorn's 5 s keep-alive closes them
    await submit_at_rate(
        target,
        users,
        QUERIES,
        rate=args.rate,
        duration=args.duration,
        concurrency=args.concurrency,
        tally=tally,
        tokens=tokens,
        jobs=jobs,
    )
    submit_seconds = tally.last_submit_answer - tally.first_submit
    # the gateway's CPU while requests arrived (the sockets' work during that time included)
    sampler.submit_cpu_seconds = cpu_of(sampler.gateway) - gateway_cpu
    sampler.client_submit_cpu_seconds = cpu_of(psutil.Process()) - client_cpu
    ids = list(tally.submitted)
    deadline = time.monotonic() + args.drain
    while time.monotonic() < deadline and not all(j in finals.done for j in ids):
        await asyncio.sleep(1.0)
    stop_holding.set()
    for task in followers:
        task.cancel()
    await asyncio.gather(*holders, *followers, return_exceptions=True)
    stop_sampling.set()
    await sampling
    return tally, sampler, submit_seconds


def cpu_of(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return float(times.user + times.system)


def job_outcomes(r: redis.Redis, ids: list[str]) -> Counter[str]:
    pipe = r.pipeline()
    for job_id in ids:
        pipe.hget(f"jobstate:{job_id}", "status")
    return Counter(str(s) for s in pipe.execute())


def report(
    args: argparse.Namespace,
    tally: Tally,
    sampler: Sampler,
    submit_seconds: float,
    finals: FinalEvents,
    outcomes: Counter[str],
) -> dict[str, Any]:
    accepted = tally.statuses.get(202, 0)
    e2e = [finals.done[j] - t for j, t in tally.submitted.items() if j in finals.done]
    via_socket = [tally.socket_final[j] - tally.submitted[j] for j in tally.socket_final]
    finished = [finals.done[j] for j in tally.submitted if j in finals.done]
    drain = (max(finished) - tally.first_submit) if finished else 0.0
    ms = 1000.0

    def p(values: list[float], q: float) -> float:
        return pct(values, q) * ms if values else float("nan")

    return {
        "requests": int(args.rate * args.duration),
        "accepted_202": accepted,
        "accepted_per_s": accepted / submit_seconds if submit_seconds else 0.0,
        "server_errors_5xx": sum(n for code, n in tally.statuses.items() if code >= 500),
        "other_statuses": {c: n for c, n in tally.statuses.items() if c != 202 and c < 500},
        "transport_errors": tally.transport_errors,
        "submit_p50_ms": p(tally.submit_seconds, 0.5),
        "submit_p99_ms": p(tally.submit_seconds, 0.99),
        "submit_server_p50_ms": p(tally.server_seconds, 0.5),
        "submit_server_p99_ms": p(tally.server_seconds, 0.99),
        "e2e_p50_ms": p(e2e, 0.5),
        "e2e_p99_ms": p(e2e, 0.99),
        "e2e_socket_p50_ms": p(via_socket, 0.5),
        "e2e_socket_p99_ms": p(via_socket, 0.99),
        "jobs_followed_by_socket": len(via_socket),
        "jobs": dict(outcomes),
        "pipeline_jobs_per_s": len(finished) / drain if drain else 0.0,
        "sockets_target": args.sockets,
        "sockets_opened": tally.opened,
        "sockets_peak_open": tally.peak_open,
        "sockets_dropped": tally.dropped,
        "close_codes": dict(tally.close_codes),
        "notifications_received": tally.notifications,
        "ready_statuses": dict(sampler.ready_statuses),
        "ready_p50_ms": p(sampler.ready_seconds, 0.5),
        "ready_p99_ms": p(sampler.ready_seconds, 0.99),
        "gateway_rss_mb_start": sampler.rss_start / 2**20,
        "gateway_rss_mb_peak": sampler.rss_peak / 2**20,
        "redis_connections_peak_by_name": dict(sampler.peak_connections),
        "redis_connections_peak_total": sampler.peak_total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.load.run")
    parser.add_argument("--sockets", type=int, default=1000, help="WebSockets held")
    parser.add_argument("--rate", type=float, default=100.0, help="generate requests a second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of submitting")
    parser.add_argument("--drain", type=float, default=300.0, help="seconds to wait for jobs")
    parser.add_argument(
        "--concurrency", type=int, default=100, help="generate requests in flight at most"
    )
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the workers' niceness (0: as the gateway)"
    )
    args = parser.parse_args()
    limit = raise_open_files(4 * args.sockets + 1024)  # client + gateway ends, and spare
    log_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "LAYOUT_ENGINE_WARMUP": str(LayoutSettings.model_fields["engine_warmup_layouts"].default),
        "JOB_DEADLINE_SECONDS": str(int(args.duration + args.drain + 60)),
    }
    users_needed = max(1, -(-(args.sockets // 2) // SOCKETS_PER_USER))
    with private_suite(log_dir, env) as suite, Api(suite.base_url) as api:
        users = []
        for _ in range(users_needed):
            token, headers = api.new_user()
            users.append((token, api.new_project(headers)))
        warm_headers = {"Authorization": f"Bearer {users[0][0]}"}
        api.ask(warm_headers, users[0][1], QUERIES[0])  # first job loads models
        wait_until_idle([w.proc.pid for w in suite.workers.values()])
        for worker in suite.workers.values():
            lower_priority(worker.proc.pid, args.worker_nice)
        finals = FinalEvents(
            suite.infra.redis(),
            "job:*",
            lambda d: '"status":"succeeded"' in d or '"status":"failed"' in d,
        )
        load_before = os.getloadavg()
        gateway, me = psutil.Process(suite.gateway.proc.pid), psutil.Process()
        cpu_before = cpu_of(gateway), cpu_of(me)
        (tally, sampler, submit_seconds), loop = run_loop(load(suite, users, args, finals))
        cpu_gateway, cpu_client = cpu_of(gateway) - cpu_before[0], cpu_of(me) - cpu_before[1]
        outcomes = job_outcomes(suite.infra.redis(), list(tally.submitted))
        figures = report(args, tally, sampler, submit_seconds, finals, outcomes)
        accepted = max(1, tally.statuses.get(202, 0))
        figures["gateway_cpu_ms_per_accepted_submitting"] = (
            1000 * sampler.submit_cpu_seconds / accepted
        )
        figures["client_cpu_ms_per_accepted_submitting"] = (
            1000 * sampler.client_submit_cpu_seconds / accepted
        )
        # the whole run, sockets and drain included, per accepted request
        figures["gateway_cpu_ms_per_accepted"] = 1000 * cpu_gateway / accepted
        figures["client_cpu_ms_per_accepted"] = 1000 * cpu_client / accepted
        gateway_errors = suite.gateway.log_text().count("Traceback")
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, python {platform.python_version()}; "
        f"open-file limit {limit}; load average before {load_before[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}"
    )
    print(
        f"--sockets {args.sockets} --rate {args.rate:g} --duration {args.duration:g} "
        f"--drain {args.drain:g} --concurrency {args.concurrency} "
        f"--worker-nice {args.worker_nice}; client loop: {loop}"
    )
    for key, value in figures.items():
        print(f"{key:34} {value:.1f}" if isinstance(value, float) else f"{key:34} {value}")
    print(f"{'gateway_tracebacks':34} {gateway_errors}")


if __name__ == "__main__":
    main()
