"""Parse+compile time of our D2 core vs the official compiler (npm, warm node) in one run.

Run: .venv/bin/python bench/d2/bench_d2.py [--limit N]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "conformance"))
from oracle import load_entry, official_results  # noqa: E402

from services.dsl.d2.core import check  # noqa: E402


def generated(n: int) -> str:
    lines = ["direction: right"]
    zones = max(1, n // 10)
    for z in range(zones):
        lines.append(f"zone{z}: {{")
        lines.append(f"  label: Zone {z}")
        for i in range(10):
            lines.append(f"  s{i}: {{label: Service {z}-{i}}}")
        lines.append("}")
    for z in range(zones):
        for i in range(9):
            lines.append(f"zone{z}.s{i} -> zone{z}.s{i + 1}: call")
    return "\n".join(lines) + "\n"


def main() -> None:
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    files = [r["file"] for r in official_results()][:limit]
    cases = [(f, *load_entry(f)) for f in files]
    cases += [(f"generated-{n}", generated(n), None) for n in (10, 100, 1000)]
    ours: dict[str, float] = {}
    for name, text, fs in cases:
        t0 = time.perf_counter()
        check(text, fs)
        ours[name] = (time.perf_counter() - t0) * 1000
    reqs = "\n".join(json.dumps({"file": n, "text": t, "fs": fs}) for n, t, fs in cases) + "\n"
    proc = subprocess.run(
        ["node", "--liftoff-only", str(REPO / "tests/conformance/official_check.mjs")],
        input=reqs,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=3600,
    )
    off = {o["file"]: o["ms"] for o in map(json.loads, proc.stdout.splitlines())}
    corpus = [f for f in files]
    warm = corpus[1:]  # the first official compile pays the WASM start-up
    print(f"corpus files: {len(corpus)}")
    print(
        f"ours median {statistics.median(ours[f] for f in corpus):.2f} ms, "
        f"p95 {sorted(ours[f] for f in corpus)[int(len(corpus) * 0.95)]:.2f} ms"
    )
    print(
        "official (compile incl. layout, warm) median "
        f"{statistics.median(off[f] for f in warm):.2f} ms, "
        f"p95 {sorted(off[f] for f in warm)[int(len(warm) * 0.95)]:.2f} ms"
    )
    for n in (10, 100, 1000):
        k = f"generated-{n}"
        print(f"generated {n} shapes: ours {ours[k]:.2f} ms, official {off[k]:.2f} ms")


if __name__ == "__main__":
    main()
