"""The floor under the pipeline: its stage functions run back to back in one process.

No queue, no HTTP, no database: intent (MiniLM + FAISS), generation (built-in architect),
validation (D2 compile + style pack) and layout (ELK in its warm Node process, React Flow,
SVG) are called directly on the benchmark's queries, one job at a time. What this costs is
what any transport, however fast, must add to; persistence is left out, so the floor is an
under-estimate. Reported per job: wall-clock p50 per stage and in all, and CPU (this process
plus the ELK engine's own report).

    python -m bench.pipeline.floor [--jobs 40]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bench.pipeline.queries import QUERIES
from services.dsl import stage as dsl_stage
from services.intent import stage as intent_stage
from services.layout import elk
from services.layout import stage as layout_stage
from shared.contracts import JobContext, SessionSnapshot
from shared.settings import layout_settings

STAGES: list[tuple[str, Callable[[JobContext], JobContext]]] = [
    ("intent", intent_stage.classify),
    ("generate", dsl_stage.generate),
    ("validate", dsl_stage.validate),
    ("layout", layout_stage.lay_out),
]


def _context(query: str) -> JobContext:
    return JobContext(
        job_id="0" * 32,
        request_id="floor",
        user_id=1,
        project_id=1,
        project_code="FLOOR00",
        query=query,
        session=SessionSnapshot(session_id="floor"),
    )


def _run_job(query: str, times: dict[str, list[float]] | None) -> None:
    ctx = _context(query)
    for name, fn in STAGES:
        started = time.perf_counter()
        ctx = fn(ctx)
        if times is not None:
            times[name].append(time.perf_counter() - started)


def _engine_cpu_seconds() -> float:
    return elk.engine().child_cpu_seconds if layout_settings().engine == "elk" else 0.0


def _wait_for_engine_warm_up(timeout: float = 120.0) -> None:
    """Measure the steady state: let the ELK engine finish its idle-time JIT warm-up."""
    if layout_settings().engine != "elk":
        return
    deadline = time.monotonic() + timeout
    while elk.engine().warm_left not in (0, None) and time.monotonic() < deadline:
        time.sleep(0.5)
        _run_job(QUERIES[0], None)  # each reply tells how much warm-up is left


def measure_floor(jobs: int) -> dict[str, float]:
    """Per-stage and total p50 (ms) and CPU per job (ms) over `jobs` in-process jobs."""
    for query in QUERIES:  # load the model, the knowledge base and the engine
        _run_job(query, None)
    _wait_for_engine_warm_up()
    times: dict[str, list[float]] = {name: [] for name, _ in STAGES}
    totals: list[float] = []
    cpu_started = time.process_time() + _engine_cpu_seconds()
    for i in range(jobs):
        started = time.perf_counter()
        _run_job(QUERIES[i % len(QUERIES)], times)
        totals.append(time.perf_counter() - started)
    cpu = time.process_time() + _engine_cpu_seconds() - cpu_started
    row = {f"{name}_p50_ms": statistics.median(v) * 1000 for name, v in times.items()}
    row["p50_ms"] = statistics.median(totals) * 1000
    row["cpu_ms_per_job"] = cpu / jobs * 1000
    return row


def format_floor(row: dict[str, float]) -> str:
    stages = " + ".join(f"{name} {row[f'{name}_p50_ms']:.1f}" for name, _ in STAGES)
    return (
        f"floor (stage functions in one process, no transport, no persistence): "
        f"p50 {row['p50_ms']:.1f} ms ({stages}), CPU {row['cpu_ms_per_job']:.1f} ms per job"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=40)
    args = parser.parse_args()
    print(format_floor(measure_floor(args.jobs)))


if __name__ == "__main__":
    main()
