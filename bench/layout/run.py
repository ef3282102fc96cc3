"""Layout benchmark: ours (ELK tuned, and the native fallback) vs ELK reference vs Graphviz dot.

    .venv/bin/python -m bench.layout.run [--sizes 10 30 100 300 1000] [--out FILE.json]

Same generated graphs (services/layout/samples.py, seed 1, containers nested up to 3 deep) for
every engine, in the same run. Time: warm (one untimed run first; Node's JIT is warm), the
median of several runs for small graphs; wall time and CPU time (ours + the engine's child
process), since the machine is shared. Quality from services/layout/quality.py. Then memory
(peak RSS of this process and of the Node engine) and stability (mean displacement of the
unchanged nodes after adding one node).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from services.layout import elk, native
from services.layout.core import layout_sized, sized_graph
from services.layout.model import Layout, SizedGraph
from services.layout.quality import mean_displacement, measure
from services.layout.samples import sample_graph, strip_labels, with_one_more_node

from .engines import dot, elk_reference

_TICK = os.sysconf("SC_CLK_TCK")


def _node_cpu() -> float:
    pid = elk.engine().pid
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _cpu() -> float:
    return time.process_time() + _node_cpu() + _children_cpu()


ENGINES: dict[str, Callable[[SizedGraph], Layout]] = {
    "ours (ELK tuned)": lambda g: layout_sized(g, engine="elk"),
    "ours (native fallback)": native.layout_native,
    "ELK reference": elk_reference,
    "Graphviz dot": dot,
}


def bench_size(leaves: int, engines: list[str]) -> list[dict[str, object]]:
    sg = strip_labels(sized_graph(sample_graph(leaves, seed=1)))
    rows = []
    repeats = 3 if leaves <= 100 else 1
    for name in engines:
        run = ENGINES[name]
        if leaves <= 300:
            run(sg)  # warm-up
        walls, cpus = [], []
        layout = None
        for _ in range(repeats):
            c0, t0 = _cpu(), time.perf_counter()
            layout = run(sg)
            walls.append(time.perf_counter() - t0)
            cpus.append(_cpu() - c0)
        assert layout is not None
        q = measure(sg, layout)
        row = {
            "leaves": leaves,
            "nodes": len(sg.nodes),
            "edges": len(sg.edges),
            "engine": name,
            "wall_ms": round(statistics.median(walls) * 1000),
            "cpu_ms": round(statistics.median(cpus) * 1000),
            **q.as_dict(),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def stability(leaves: int) -> list[dict[str, object]]:
    out = []
    base = sample_graph(leaves, seed=1)
    for name, engine in (("ours (ELK tuned)", "elk"), ("ours (native fallback)", "native")):
        values = []
        for seed in range(1, 6):
            edited, new_id = with_one_more_node(base, seed=seed)
            before = layout_sized(sized_graph(base), engine=engine)
            after = layout_sized(sized_graph(edited), engine=engine)
            values.append(mean_displacement(before, after, ignore={new_id}))
        row = {
            "leaves": leaves,
            "engine": name,
            "mean_displacement_px": round(statistics.mean(values), 1),
            "max_over_5_edits_px": round(max(values), 1),
        }
        print(json.dumps(row), flush=True)
        out.append(row)
    return out


def memory() -> dict[str, float]:
    py_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    node_peak = 0.0
    pid = elk.engine().pid
    if pid is not None:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                node_peak = int(line.split()[1]) / 1024
    row = {"python_peak_rss_mb": round(py_peak, 1), "node_engine_peak_rss_mb": round(node_peak, 1)}
    print(json.dumps(row), flush=True)
    return row


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100, 300, 1000])
    p.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    p.add_argument("--stability", type=int, nargs="*", default=[30, 100])
    p.add_argument("--out", default="bench/layout/results.json")
    args = p.parse_args()
    rows = [r for n in args.sizes for r in bench_size(n, args.engines)]
    stab = [r for n in args.stability for r in stability(n)]
    mem = memory()
    Path(args.out).write_text(
        json.dumps({"rows": rows, "stability": stab, "memory": mem}, indent=1)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
