"""A no-op 5-stage Celery chain with the pipeline's own delivery settings: the floor that the
real pipeline is compared against. The last stage publishes on Redis so the client can time it.

Run a worker of it: `python -m bench.pipeline.noop_chain QUEUE`.
"""

from __future__ import annotations

import sys
from typing import Any

from celery import chain
from kombu import Queue

from shared.celery_app import make_celery
from shared.redis_client import get_redis

QUEUES = ["noop_intent", "noop_dsl", "noop_layout", "noop_persistence"]
STAGES = [  # same hops as the real pipeline: intent, dsl (x2), layout, persistence
    ("noop.intent", "noop_intent"),
    ("noop.generate", "noop_dsl"),
    ("noop.validate", "noop_dsl"),
    ("noop.layout", "noop_layout"),
    ("noop.persist", "noop_persistence"),
]

app = make_celery()
app.conf.task_queues = [Queue(q) for q in QUEUES]
app.conf.task_routes = {name: {"queue": queue} for name, queue in STAGES}


def _passthrough(payload: dict[str, Any]) -> dict[str, Any]:
    return payload


for _name, _ in STAGES[:-1]:
    app.task(name=_name, acks_late=True)(_passthrough)


@app.task(name="noop.persist", acks_late=True)
def persist(payload: dict[str, Any]) -> None:
    get_redis().publish(f"noop:{payload['job_id']}", "done")


def send(job_id: str) -> None:
    signatures = [app.signature(name, queue=queue) for name, queue in STAGES]
    signatures[0] = signatures[0].clone(args=({"job_id": job_id},))
    chain(*signatures).apply_async()


if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            f"--queues={sys.argv[1]}",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={sys.argv[1]}@bench",
        ]
    )
