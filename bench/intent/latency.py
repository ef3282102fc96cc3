"""Latency and memory of the intent classifier, one thread (BLAS and FAISS set explicitly).

    .venv/bin/python bench/intent/latency.py [--repeat 3]

Times `classify()` per message over the messages of the three evaluation sets, split by the
path that decided: the pattern path (rules only: patterns, injection families, decisive
frames) and the embedding path (frames + MiniLM encode + FAISS kNN + linear head + policy).
Reports p50/p99 in ms, start-up time, the process's RSS after warm-up and after the run
(VmRSS / VmHWM from /proc), and whether torch was ever imported.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("EMBEDDINGS_NUM_THREADS", "1")
os.environ.setdefault("INTENT_FAISS_THREADS", "1")


def _status(field: str) -> int:
    """A /proc/self/status field in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return -1


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="passes over the messages")
    args = p.parse_args(argv)

    rss_start = _status("VmRSS")
    t0 = time.perf_counter()
    from services.intent.classifier import IntentClassifier
    from services.intent.evaluation import ALL_SETS, load_eval

    clf = IntentClassifier(use_llm=False)
    clf.warm_up()
    startup = time.perf_counter() - t0
    rss_warm = _status("VmRSS")

    from threadpoolctl import threadpool_info

    blas_threads = sorted({i["num_threads"] for i in threadpool_info()})
    import faiss

    items = [it for path in ALL_SETS for it in load_eval(path)]
    timings: dict[str, list[float]] = {"pattern": [], "embedding": []}
    for _ in range(args.repeat):
        for it in items:
            start = time.perf_counter()
            r = clf.classify(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
            elapsed = (time.perf_counter() - start) * 1000
            timings["pattern" if r.source.value == "pattern" else "embedding"].append(elapsed)

    print(
        f"messages: {len(items)} x {args.repeat} passes; BLAS threads {blas_threads}, "
        f"FAISS threads {faiss.omp_get_max_threads()}"
    )
    print(f"start-up (import + model + bank index + head): {startup:.2f} s")
    for path, ts in timings.items():
        print(
            f"{path:<10} n={len(ts):>5}  p50={_pct(ts, 0.5):7.2f} ms  p99={_pct(ts, 0.99):7.2f} ms"
            f"  max={max(ts):7.2f} ms"
        )
    print(
        f"RSS: start {rss_start} MiB, after warm-up {rss_warm} MiB, after run "
        f"{_status('VmRSS')} MiB, peak (VmHWM) {_status('VmHWM')} MiB"
    )
    print(f"torch imported: {'torch' in sys.modules}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
