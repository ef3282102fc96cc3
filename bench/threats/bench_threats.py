"""Speed of the threat analysis (the bar: 30 nodes <= 5 ms, 300 nodes <= 50 ms).

    .venv/bin/python -m bench.threats.bench_threats [--runs 200]

Diagrams: architecture-like, generated with a fixed seed — users behind a WAF, zones of ten
components of the knowledge base's kinds (APIs, services, workers, Postgres, Redis, S3,
Kafka, an auth service, a web app, logging), each wired into a tree from the WAF plus random
cross links, a third of the links labelled TLS. Timed: `analyze(diagram)` on the compiled
diagram (the stage's own work; compiling is the D2 core's and is printed apart), after a
warm-up run (the knowledge base and word lists load once per process). p50 / p99 / max.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from services.dsl.d2 import compile_d2
from services.threats import analyze

KINDS = [
    "API",
    "Orders service",
    "Worker",
    "Postgres",
    "Redis cache",
    "S3 bucket",
    "Kafka",
    "Auth service",
    "Web app",
    "Logging",
]
BARS = {30: 5.0, 300: 50.0}


def generated(n: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    lines = ["users: Users {shape: person}", "waf: WAF", "users -> waf: HTTPS"]
    ids: list[str] = []
    for z in range(max(1, n // 10)):
        lines.append(f"zone{z}: {{")
        for i in range(10):
            lines.append(f"  s{i}: {KINDS[(z + i) % len(KINDS)]} {z}-{i}")
            ids.append(f"zone{z}.s{i}")
        lines.append("}")
    lines.append(f"waf -> {ids[0]}: HTTPS")
    for k in range(1, len(ids)):
        lines.append(f"{ids[rnd.randrange(k)]} -> {ids[k]}: {'TLS' if k % 3 else 'call'}")
    for _ in range(n // 2):
        a, b = rnd.sample(ids, 2)
        lines.append(f"{a} -> {b}")
    return "\n".join(lines) + "\n"


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.threats.bench_threats")
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    print(
        "| nodes (shapes incl. zones) | flows | threats | analyze p50 | p99 | max | bar | "
        "compile p50 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for n, bar in BARS.items():
        text = generated(n)
        diagram = compile_d2(text)
        model = analyze(diagram)
        times = timed(lambda d=diagram: analyze(d), runs)
        compile_times = timed(lambda t=text: compile_d2(t), max(20, runs // 10))
        p50, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
        failed |= p50 > bar
        print(
            f"| {n} ({len(diagram.shapes)}) | {len(model.flows)} | {len(model.threats)} | "
            f"{p50:.2f} ms | {p99:.2f} ms | {times[-1]:.2f} ms | {bar:.0f} ms | "
            f"{statistics.median(compile_times):.2f} ms |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
