"""The Celery app every worker and the gateway's producer share: queues, routing, delivery.

Queues and routes come from the stage table (shared/stages.py): one queue per worker kind,
each task routed to its worker's queue.

Reliable delivery: late acks, reject on worker loss, prefetch 1, and on Redis a visibility
timeout longer than the slowest stage. No result backend: job state is ours (Redis hash +
PostgreSQL row), so a producer never polls or subscribes for Celery results.
"""

from __future__ import annotations

from functools import lru_cache

from celery import Celery
from kombu import Queue

from shared.errors import ServiceUnavailable
from shared.settings import queue_settings, redis_settings
from shared.stages import TASKS, WORKER_KINDS, task


def broker_url() -> str:
    url = queue_settings().broker_url or redis_settings().url
    if not url:
        raise ServiceUnavailable(
            "Neither BROKER_URL nor REDIS_URL is set", error_code="BROKER_NOT_CONFIGURED"
        )
    return url


def make_celery() -> Celery:
    settings = queue_settings()
    app = Celery("archdesign", broker=broker_url())
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout_seconds,
            # Sweep for messages of dead workers every `restore_interval` seconds (kombu's
            # default interval x throttle is 100 s on top of the visibility timeout).
            "unacked_restore_interval": settings.restore_interval_seconds,
            "unacked_restore_throttle": 1,
        },
        broker_connection_retry_on_startup=True,
        task_queues=[Queue(kind) for kind in WORKER_KINDS],
        task_default_queue=WORKER_KINDS[0],
        task_routes={t.task: {"queue": t.worker} for t in TASKS},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
        # on: `archdesign worker-health` pings the workers through it (container health checks)
        worker_enable_remote_control=True,
    )
    return app


@lru_cache
def get_celery() -> Celery:
    return make_celery()


def send_stage(name: str, payload: dict[str, object]) -> None:
    """Enqueue the task `name` of the stage table (a stage, with the serialised job context,
    or `record_failure`) on its worker's queue. Used by the gateway and every stage."""
    spec = task(name)
    # argsrepr: Celery would otherwise walk the whole context to build a printable copy for
    # the message headers (a quarter of the send's CPU) and put the user's text there.
    get_celery().send_task(
        spec.task,
        args=[payload],
        queue=spec.worker,
        argsrepr=f"(job {payload.get('job_id')},)",
        kwargsrepr="{}",
    )
