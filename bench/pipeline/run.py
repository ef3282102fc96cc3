"""Pipeline benchmark: N jobs through the running suite vs a no-op 5-stage Celery chain.

Starts a private suite (own database, Redis db, real workers, uvicorn gateway), then measures
1. idle end-to-end latency (one job at a time; POST -> final event on Redis pub/sub),
2. burst throughput (all jobs submitted at once; jobs/s until the last one finishes),
and the same two figures for the no-op chain with the same Celery delivery settings, then the
floor: the stage functions alone, in this process (bench/pipeline/floor.py).

    python -m bench.pipeline.run [--jobs 40] [--burst 120] [--layout-engine elk|native]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import redis

from bench.pipeline.floor import format_floor, measure_floor
from bench.pipeline.queries import QUERIES
from shared.settings import LayoutSettings
from tests.support.api import Api
from tests.support.infra import ChildProcess
from tests.support.suite import private_suite


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class FinalEvents:
    """Collects the time each job's final event arrives (psubscribe before any submission)."""

    def __init__(self, r: redis.Redis, pattern: str, is_final: object) -> None:
        self.done: dict[str, float] = {}
        self.cond = threading.Condition()
        self._redis = r  # the client closes its pool (and this subscription) when collected
        self._pubsub = r.pubsub()
        self._pubsub.psubscribe(pattern)
        self._is_final = is_final
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        with contextlib.suppress(redis.ConnectionError, ValueError):  # the suite shut down
            self._run()

    def _run(self) -> None:
        for message in self._pubsub.listen():
            if message["type"] != "pmessage":
                continue
            data = message["data"]
            if self._is_final(data):  # type: ignore[operator]
                job_id = message["channel"].split(":", 1)[1]
                with self.cond:
                    self.done[job_id] = time.perf_counter()
                    self.cond.notify_all()

    def wait(self, job_ids: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not all(j in self.done for j in job_ids):
                left = deadline - time.monotonic()
                if left <= 0:
                    missing = [j for j in job_ids if j not in self.done]
                    raise TimeoutError(f"{len(missing)} jobs did not finish")
                self.cond.wait(left)


def cpu_seconds(pids: list[int]) -> Callable[[], float]:
    """A reader of the CPU time used so far by these processes and their children."""
    procs = [psutil.Process(pid) for pid in pids]
    procs += [child for p in procs for child in p.children(recursive=True)]

    def cpu() -> float:
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                times = p.cpu_times()
                total += times.user + times.system
        return total

    return cpu


def cpu_seconds_of_named(name: str) -> Callable[[], float]:
    """A reader of the CPU time used since now by every process called `name` (the
    machine's PostgreSQL or Redis server: each test run has its own database on them, and
    nothing else runs during the benchmark)."""

    def snapshot() -> dict[int, float]:
        seen = {}
        for p in psutil.process_iter(["name", "cpu_times"]):
            times = p.info["cpu_times"]
            if p.info["name"] == name and times is not None:
                seen[p.pid] = times.user + times.system
        return seen

    start = snapshot()
    return lambda: sum(v - start.get(pid, 0.0) for pid, v in snapshot().items())


def wait_until_idle(pids: list[int], *, timeout: float = 120.0) -> None:
    """Until these processes and their children use under 5% of a core for a second."""
    cpu = cpu_seconds(pids)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(1.0)
        if cpu() - before < 0.05:
            return
    raise TimeoutError("the suite did not settle")


def bench_pipeline(
    api: Api, r: redis.Redis, jobs: int, burst: int, processes: dict[str, int]
) -> dict[str, float]:
    """`processes`: name -> pid of the suite's processes, whose CPU per burst job is reported
    (children included: the layout worker's ELK engine)."""
    _, headers = api.new_user()
    project = api.new_project(headers)
    events = FinalEvents(
        r, "job:*", lambda d: '"status":"succeeded"' in d or '"status":"failed"' in d
    )
    latencies = []
    for i in range(jobs):
        started = time.perf_counter()
        job_id = api.generate(headers, project, QUERIES[i % len(QUERIES)])["job_id"]
        events.wait([job_id], 60)
        latencies.append(events.done[job_id] - started)

    def submit(i: int) -> str:
        return str(api.generate(headers, project, QUERIES[i % len(QUERIES)])["job_id"])

    readers = {name: cpu_seconds([pid]) for name, pid in processes.items()}
    readers |= {server: cpu_seconds_of_named(server) for server in ("postgres", "redis-server")}
    cpu_before = {name: read() for name, read in readers.items()}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(submit, range(burst)))
    events.wait(ids, 600)
    elapsed = max(events.done[j] for j in ids) - started
    cpu = {f"cpu_{n}": (read() - cpu_before[n]) / burst * 1000 for n, read in readers.items()}
    failed = sum(
        1
        for j in ids
        if api.http.get(f"/v2/jobs/{j}", headers=headers).json()["status"] != "succeeded"
    )
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": pct(latencies, 0.99) * 1000,
        "jobs_per_s": burst / elapsed,
        "failed": failed,
        **cpu,
    }


def bench_noop(env: dict[str, str], log_dir: Path, jobs: int, burst: int) -> dict[str, float]:
    os.environ.update(env)
    from shared.settings import clear_caches

    clear_caches()
    from bench.pipeline import noop_chain

    workers = [
        ChildProcess(q, [sys.executable, "-m", "bench.pipeline.noop_chain", q], env, log_dir)
        for q in noop_chain.QUEUES
    ]
    try:
        for w in workers:
            w.wait_for_log("ready.", 120)
        r = redis.Redis.from_url(env["REDIS_URL"], decode_responses=True)
        events = FinalEvents(r, "noop:*", lambda d: d == "done")
        latencies = []
        for _ in range(jobs):
            job_id = uuid.uuid4().hex
            started = time.perf_counter()
            noop_chain.send(job_id)
            events.wait([job_id], 60)
            latencies.append(events.done[job_id] - started)
        ids = [uuid.uuid4().hex for _ in range(burst)]
        worker_cpu = cpu_seconds([w.proc.pid for w in workers])
        cpu_before = worker_cpu()
        started = time.perf_counter()
        for job_id in ids:
            noop_chain.send(job_id)
        events.wait(ids, 600)
        elapsed = max(events.done[j] for j in ids) - started
        return {
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": pct(latencies, 0.99) * 1000,
            "jobs_per_s": burst / elapsed,
            "failed": 0,
            # the four workers only (not Redis, not the sender): a lower bound
            "cpu_ms_per_job": (worker_cpu() - cpu_before) / burst * 1000,
        }
    finally:
        for w in workers:
            w.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=120)
    parser.add_argument("--layout-engine", choices=["elk", "native"], default="elk")
    args = parser.parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    env = {
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "LAYOUT_ENGINE": args.layout_engine,
        # the production default (the test infrastructure shortens it)
        "LAYOUT_ENGINE_WARMUP": str(LayoutSettings.model_fields["engine_warmup_layouts"].default),
    }
    with private_suite(log_dir, env) as suite, Api(suite.base_url) as api:
        api.ask(*_warm(api))  # first job loads models in each worker
        # measure the steady state: the workers have finished warming up (ELK's JIT warm-up)
        wait_until_idle([w.proc.pid for w in suite.workers.values()])
        processes = {kind: w.proc.pid for kind, w in suite.workers.items()}
        processes["gateway"] = suite.gateway.proc.pid
        full = bench_pipeline(api, suite.infra.redis(), args.jobs, args.burst, processes)
        for w in suite.workers.values():  # free the cores for the floor measurement
            os.killpg(w.proc.pid, 19)  # SIGSTOP
        try:
            noop = bench_noop(suite.env, log_dir, args.jobs, args.burst)
            floor = measure_floor(args.jobs)  # same cores, still free of the suite's workers
        finally:
            for w in suite.workers.values():
                os.killpg(w.proc.pid, 18)  # SIGCONT
    print(f"{'':18}{'p50 ms':>10}{'p99 ms':>10}{'jobs/s':>10}{'failed':>8}")
    for name, row in (("full pipeline", full), ("no-op chain", noop)):
        print(
            f"{name:18}{row['p50_ms']:10.1f}{row['p99_ms']:10.1f}{row['jobs_per_s']:10.1f}"
            f"{int(row['failed']):8d}"
        )
    print(
        f"ratio: p50 {full['p50_ms'] / noop['p50_ms']:.2f}x the no-op chain, "
        f"throughput {full['jobs_per_s'] / noop['jobs_per_s']:.2f}x"
    )
    cpu = {k.removeprefix("cpu_"): v for k, v in full.items() if k.startswith("cpu_")}
    print(
        "full pipeline CPU per burst job (ms): "
        + ", ".join(f"{name} {ms:.1f}" for name, ms in cpu.items())
        + f"; in all {sum(cpu.values()):.1f}"
    )
    print(format_floor(floor))
    print(bar_against_floor(noop, floor, os.cpu_count() or 1))


def bar_against_floor(noop: dict[str, float], floor: dict[str, float], cores: int) -> str:
    """The bar, and what the floor plus the no-op chain's own cost already rule out: the
    pipeline does at least the stage work and at least the chain's transport."""
    least_p50 = floor["p50_ms"] + noop["p50_ms"]
    least_cpu = floor["cpu_ms_per_job"] + noop["cpu_ms_per_job"]
    return (
        f"bar: p50 <= {2 * noop['p50_ms']:.1f} ms and >= {0.6 * noop['jobs_per_s']:.1f} jobs/s; "
        f"floor + no-op chain, with the gateway and the database free: p50 >= {least_p50:.1f} ms, "
        f"CPU >= {least_cpu:.1f} ms a job (no-op workers {noop['cpu_ms_per_job']:.1f}), so at "
        f"most {cores * 1000 / least_cpu:.1f} jobs/s on {cores} cores"
    )


def _warm(api: Api) -> tuple[dict[str, str], str, str]:
    _, headers = api.new_user()
    return headers, api.new_project(headers), QUERIES[0]


if __name__ == "__main__":
    main()
