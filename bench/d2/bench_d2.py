"""Parse+compile time of our D2 core vs the official compiler, per file, in the same run.

Run: .venv/bin/python bench/d2/bench_d2.py [--limit N] [--edits-only | --ours-only]

Ours: `check()` (parse + compile + summary), best of 3 per file. Official: npm
@terrastruct/d2 in one warm `node --liftoff-only` process (tests/conformance/official.py);
its only entry point compiles AND lays out (dagre), so its time includes layout. The first
official file pays the WASM start-up and is left out of the official figures. The corpus is
where the setting D2_CORPUS_DIR says (default ../shared/d2-corpus; docs/d2.md).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root, for tests.*
from services.dsl.d2 import edits
from services.dsl.d2.core import check
from tests.conformance.official import OfficialD2
from tests.conformance.oracle import load_entry, official_results


def generated(n: int) -> str:
    """n shapes in zones of 10, chained inside each zone (an architecture-like diagram)."""
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


def ours_ms(text: str, fs: dict[str, str] | None) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        check(text, fs)
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def _p(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * q))]


def edit_timings() -> None:
    """Structural edits on a 30-shape diagram, each on a fresh text (no cache reuse)."""
    base = generated(30)
    cases: list[tuple[str, tuple[str, ...]]] = [
        ("insert_between", ("mid", "zone0.s1", "zone0.s2")),
        ("add_shape", ("newone",)),
        ("rename_shape", ("zone1.s3", "zone1.renamed")),
        ("connect", ("zone0.s1", "zone2.s5")),
        ("remove_shape", ("zone1.s4",)),
    ]
    for name, args in cases:
        fn = getattr(edits, name)
        best = float("inf")
        for i in range(10):
            text = base + f"# {name} {i}\n"  # unseen text: no cached parse
            t0 = time.perf_counter()
            fn(text, *args)
            best = min(best, (time.perf_counter() - t0) * 1000)
        print(f"edit {name:<15} {best:6.2f} ms (30 shapes, best of 10)")


def _print_ours(ours: dict[str, float], files: list[str]) -> None:
    print(
        f"ours     median {statistics.median(ours[f] for f in files):.2f} ms, "
        f"p95 {_p([ours[f] for f in files], 0.95):.2f} ms, "
        f"total {sum(ours[f] for f in files) / 1000:.1f} s"
    )


def main(argv: list[str]) -> int:
    edit_timings()
    if "--edits-only" in argv:
        return 0
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    files = [r["file"] for r in official_results()][:limit]
    cases = [(f, *load_entry(f)) for f in files]
    cases += [(f"generated-{n}", generated(n), None) for n in (10, 100, 1000)]
    ours: dict[str, float] = {}
    off: dict[str, float] = {}
    t_start = time.perf_counter()
    if "--ours-only" in argv:  # ours alone: seconds instead of minutes, for before/after runs
        for name, text, fs in cases:
            ours[name] = ours_ms(text, fs)
        _print_ours(ours, files)
        for n in (10, 100, 1000):
            print(f"generated {n:>4} shapes: ours {ours[f'generated-{n}']:8.2f} ms")
        return 0
    with OfficialD2(per_file_timeout_s=60) as official:
        for name, text, fs in cases:
            ours[name] = ours_ms(text, fs)
            off[name] = official.compile(name, text, fs)["ms"]
    corpus = files[1:]
    print(f"corpus files: {len(files)} (official figures leave out the first, warm-up)")
    _print_ours(ours, files)
    print(
        f"official median {statistics.median(off[f] for f in corpus):.2f} ms, "
        f"p95 {_p([off[f] for f in corpus], 0.95):.2f} ms, "
        f"total {sum(off[f] for f in corpus) / 1000:.1f} s  (compile + dagre layout)"
    )
    faster = sum(ours[f] <= off[f] for f in corpus)
    print(f"ours no slower than official on {faster}/{len(corpus)} files")
    for n in (10, 100, 1000):
        k = f"generated-{n}"
        print(f"generated {n:>4} shapes: ours {ours[k]:8.2f} ms, official {off[k]:8.2f} ms")
    print(f"wall time {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
