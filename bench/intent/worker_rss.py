"""Resident memory of a real intent worker (`archdesign worker intent`) once it is warm.

    .venv/bin/python bench/intent/worker_rss.py

Starts one worker as a child process on a Redis db number of its own (claimed in db 0 the
way the test suite claims one, flushed and released at the end), waits until the worker
answers a Celery ping — the worker warms the classifier (model, index, head, knowledge base)
before it takes work, so a ping answer means warm — and prints VmRSS / VmHWM of the worker
process from /proc. The figure goes in bench/RESULTS.md; the bar is 512 MB per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis

from shared.celery_app import get_celery

REDIS_HOST_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
REPO = Path(__file__).resolve().parents[2]


def _claim_db(run_id: str) -> int:
    admin = redis.Redis.from_url(f"{REDIS_HOST_URL}/0")
    for db in range(1, 16):
        if admin.set(f"archdesign:test-db-claim:{db}", run_id, nx=True, ex=3600):
            return db
    raise RuntimeError("every Redis db number 1-15 is claimed")


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return -1


def main() -> int:
    run_id = f"intent-rss-{uuid.uuid4().hex[:8]}"
    db = _claim_db(run_id)
    url = f"{REDIS_HOST_URL}/{db}"
    env = {**os.environ, "REDIS_URL": url, "BROKER_URL": url, "EMBEDDINGS_NUM_THREADS": "1"}
    worker = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "archdesign"), "worker", "intent", "--loglevel=WARNING"],
        env=env,
        cwd=REPO,
    )
    try:
        os.environ.update({"REDIS_URL": url, "BROKER_URL": url})
        app = get_celery()
        start = time.monotonic()
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None or time.monotonic() - start > 300:
                print("the worker did not come up", file=sys.stderr)
                return 1
        ready = time.monotonic() - start
        print(f"intent worker pid {worker.pid}: warm after {ready:.1f} s")
        print(
            f"RSS {_status(worker.pid, 'VmRSS')} MiB, "
            f"peak (VmHWM) {_status(worker.pid, 'VmHWM')} MiB"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        redis.Redis.from_url(url).flushdb()
        admin = redis.Redis.from_url(f"{REDIS_HOST_URL}/0", decode_responses=True)
        if admin.get(f"archdesign:test-db-claim:{db}") == run_id:
            admin.delete(f"archdesign:test-db-claim:{db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
