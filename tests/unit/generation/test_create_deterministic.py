"""The architect answers the same request the same way in every process.

Python salts the hash of strings per process (PYTHONHASHSEED), so iterating a set of node ids
gives another order in each worker. The create path once wired its freshly added nodes in set
order, and a node wired first could take the link another needed (a request naming a tenant
catalog lost its links in one worker out of a few). Every create request of a people-written
development set is answered in processes with different hash seeds; the diagrams must match.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "bench" / "generation" / "people" / "creates_dev" / "cases.jsonl"

ANSWER_ALL = """
import hashlib, json, sys
from bench.generation.people import ask
from shared.contracts import Intent
for line in open(sys.argv[1]):
    if line.strip():
        d2 = ask(Intent.DSL_CREATE, json.loads(line)["query"]).d2
        print(json.loads(line)["id"], hashlib.sha256(d2.encode()).hexdigest())
"""


def _answers(seed: int) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", ANSWER_ALL, str(CASES)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return dict(line.split() for line in out.splitlines())


def test_creates_do_not_depend_on_the_hash_seed() -> None:
    first = _answers(0)
    assert len(first) >= 200
    for seed in (1, 2):
        other = _answers(seed)
        differ = sorted(k for k in first if first[k] != other.get(k))
        assert differ == [], f"PYTHONHASHSEED={seed} changed the diagrams of {differ}"
