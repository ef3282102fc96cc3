"""The Celery app every worker and the gateway's producer share: queues, routing, delivery.

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

#: worker kind -> the queue it consumes
QUEUES: dict[str, str] = {
    "intent": "intent",
    "dsl": "dsl",
    "layout": "layout",
    "persistence": "persistence",
}

#: stage -> (task name, queue)
STAGE_TASKS: dict[str, tuple[str, str]] = {
    "intent": ("intent.classify", "intent"),
    "generate": ("dsl.generate", "dsl"),
    "validate": ("dsl.validate", "dsl"),
    "layout": ("layout.render", "layout"),
    "persist": ("persistence.save", "persistence"),
    "record_failure": ("persistence.record_failure", "persistence"),
}

#: the module that defines each worker kind's tasks
TASK_MODULES: dict[str, str] = {
    "intent": "services.intent.tasks",
    "dsl": "services.dsl.tasks",
    "layout": "services.layout.tasks",
    "persistence": "services.persistence.tasks",
}


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
        task_queues=[Queue(q) for q in QUEUES.values()],
        task_default_queue="intent",
        task_routes={name: {"queue": queue} for name, queue in STAGE_TASKS.values()},
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


def send_stage(stage: str, payload: dict[str, object]) -> None:
    """Enqueue `stage` with the serialised job context (used by the gateway and every stage)."""
    task_name, queue = STAGE_TASKS[stage]
    # argsrepr: Celery would otherwise walk the whole context to build a printable copy for
    # the message headers (a quarter of the send's CPU) and put the user's text there.
    get_celery().send_task(
        task_name,
        args=[payload],
        queue=queue,
        argsrepr=f"(job {payload.get('job_id')},)",
        kwargsrepr="{}",
    )
