"""Cost of the threats stage per job (what a new version pays on the `threats` worker).

    .venv/bin/python -m bench.threats.bench_stage [--runs 50]

The stage's whole work for an edit of a generated diagram (bench_threats.generated): analyse
the new diagram from the graph validate made, the previous one from the cache or its D2,
diff them, write the compact model — and the size of what it adds to the job context (the
broker carries it to layout and persistence). Two cases: "cold", nothing cached (the
previous version compiled and analysed); "edit", the previous version's model still cached
by the worker (it made that version), the usual case. p50 / p99 after a warm-up run. Then
what the gateway pays per request of the rendered files: the stored model read back whole,
the Markdown report, the Threat Dragon export.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from bench.threats.bench_threats import generated
from services.dsl.d2 import validate_d2
from services.threats.stage import analyse, forget, model_of
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    SessionSnapshot,
)
from shared.threats import report
from shared.threats.dragon import to_threat_dragon
from shared.threats.model import ThreatModel


def context(n: int) -> JobContext:
    after = generated(n, seed=1)
    before = "\n".join(after.splitlines()[:-3])  # the previous version: a few links fewer
    return JobContext(
        job_id="b" * 32,
        user_id=1,
        project_id=1,
        project_code="BENCH01",
        query="bench",
        session=SessionSnapshot(session_id="s", current_d2=before),
        intent=IntentResult(intent=Intent.DSL_UPDATE, confidence=1.0, source=IntentSource.PATTERN),
        generation=GenerationResult(kind=GenerationKind.DIAGRAM, message="m", d2=after),
        validation=validate_d2(after),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    for n in (30, 300):
        ctx = context(n)
        out = analyse(ctx)  # warm-up
        assert out.threats is not None

        size = len(out.model_dump_json()) - len(ctx.model_dump_json())
        for name, previous in (("cold", None), ("edit", ctx.session.current_d2)):
            ms = []
            for _ in range(args.runs):
                forget()
                if previous is not None:  # made by the previous job: cached, not timed
                    model_of(previous)
                t0 = time.perf_counter()
                analyse(ctx)
                ms.append((time.perf_counter() - t0) * 1000)
            ms.sort()
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            print(
                f"{n:>4} nodes {name}: p50 {statistics.median(ms):8.2f} ms  p99 {p99:8.2f} ms  "
                f"threats {len(out.threats.model['threats'])}  context +{size / 1024:.0f} KiB"
            )
        stored = json.loads(json.dumps(out.threats.model))  # as the database gives it back
        for name, render in (
            ("read back", lambda m: m),
            ("report.md", report.render),
            ("dragon", to_threat_dragon),
        ):
            ms = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                render(ThreatModel.from_json(stored))  # type: ignore[operator]
                ms.append((time.perf_counter() - t0) * 1000)
            print(f"{n:>4} nodes gateway {name}: p50 {statistics.median(ms):8.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
