"""Make jobs look silent without waiting: move their recorded signs of life back in time.

The attempt records of shared/jobrun.py keep their times on the Redis server's clock (the
`jobs:running` score, the record's `beat` and `sent`). A test that needs a job silent past a
threshold moves those times back by that much instead of sleeping through it."""

from __future__ import annotations

from collections.abc import Iterable

import redis

from shared.events import RUNNING_JOBS_KEY, job_run_key


def backdate(r: redis.Redis, job_ids: Iterable[str], seconds: float) -> dict[str, float]:
    """Move each job's last sign of life, heartbeat and hand-off time `seconds` back; returns
    each job's new `jobs:running` score."""
    scores: dict[str, float] = {}
    for job_id in job_ids:
        score = r.zincrby(RUNNING_JOBS_KEY, -seconds, job_id)
        assert score is not None  # None only inside a pipeline
        scores[job_id] = float(score)
        for field in ("beat", "sent"):
            value = r.hget(job_run_key(job_id), field)
            if value and float(value) > 0:  # '' = not sent; '0' = a beat told to wait
                r.hset(job_run_key(job_id), field, str(float(value) - seconds))
    return scores
