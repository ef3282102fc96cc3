"""`make bench`: every benchmark and evaluation, one after the other (figures go to stdout;
record them in bench/RESULTS.md with the machine and date).

    python -m bench.run_all [--only pipeline,d2,intent,generation,layout,threats,web,load]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

BENCHES: dict[str, list[list[str]]] = {
    "d2": [[sys.executable, "bench/d2/bench_d2.py"]],
    "intent": [
        [sys.executable, "bench/intent/evaluate.py"],
        [sys.executable, "bench/intent/latency.py"],
    ],
    "generation": [[sys.executable, "-m", "bench.generation.evaluate", "--repeat", "5"]],
    "layout": [
        [sys.executable, "-m", "bench.layout.run"],
        [sys.executable, "-m", "bench.layout.edits"],
    ],
    "pipeline": [[sys.executable, "-m", "bench.pipeline.run"]],
    "threats": [
        [sys.executable, "-m", "bench.threats.bench_threats"],
        [sys.executable, "-m", "bench.threats.compare_pytm"],
    ],
    "web": [[sys.executable, "-m", "bench.web.run"]],
    "load": [[sys.executable, "-m", "bench.load.run"]],
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.run_all")
    parser.add_argument("--only", default=",".join(BENCHES))
    names = [n for n in parser.parse_args().only.split(",") if n]
    failed = []
    for name in names:
        for command in BENCHES[name]:
            print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
            started = time.monotonic()
            if subprocess.run(command, check=False).returncode != 0:
                failed.append(name)
            print(f"=== {name} took {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
