"""Cost of the threats stage per job (what a new version pays on the `threats` worker).

    .venv/bin/python -m bench.threats.bench_stage [--runs 50]

The stage's whole work for an edit of a generated diagram (bench_threats.generated): compile
and analyse the new D2 and the previous one, diff them, render the Markdown report and the
Threat Dragon export — and the size of what it adds to the job context (the broker carries
it to layout and persistence). Two cases: "cold", nothing cached (both diagrams compiled and
analysed); "edit", the previous version's model still cached by the worker (it made that
version), the usual case. p50 / p99 / max after a warm-up run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from bench.threats.bench_threats import generated
from services.dsl.d2 import validate_d2
from services.threats.stage import analyse, model_of
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    SessionSnapshot,
)


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

        size = len(json.dumps(out.threats.model_dump(mode="json")))
        for name, previous in (("cold", None), ("edit", ctx.session.current_d2)):
            ms = []
            for _ in range(args.runs):
                model_of.cache_clear()
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
