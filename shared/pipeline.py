"""The wrapper that turns a stage function into a reliable task, and the two ways to run the
stage table (shared/stages.py): as Celery tasks, or in one process.

A stage function is plain: ``JobContext -> JobContext``. The wrapper adds what every stage
needs around it: enforce the deadline, begin an attempt (dropping late redeliveries and
duplicates, and beating while the stage works, so the sweeper can re-drive the job of a
killed worker: shared/jobrun.py), publish started/completed events, retry transient faults
with backoff, fail the job with a code for everything else, and hand the context to the next
stage (routing: `stages.next_stage`).

`register_worker` registers a worker kind's tasks from the table; `run_in_process` runs the
chain without a broker (`archdesign ask --local`). Both import the stage functions by their
path in the table, so only the process that runs a stage ever loads it.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any, cast

import redis
import structlog
from celery import Celery, Task
from celery.signals import worker_ready
from sqlalchemy.exc import DBAPIError, OperationalError

from shared import jobrun, stages
from shared.celery_app import send_stage
from shared.contracts import JobContext, JobError, utcnow
from shared.errors import AppError
from shared.events import TERMINAL, publish_final, publish_stage, read_job_state
from shared.metrics import (
    JOBS_FINISHED,
    STAGE_INTENT_SECONDS,
    STAGE_INTENT_TOTAL,
    STAGE_SECONDS,
    STAGE_TOTAL,
)
from shared.settings import app_settings, queue_settings

log = structlog.get_logger("pipeline")

StageFn = Callable[[JobContext], JobContext]

TRANSIENT_EXCEPTIONS: tuple[type[BaseException], ...] = (
    redis.ConnectionError,
    redis.TimeoutError,
    OperationalError,
    TimeoutError,
    ConnectionError,
)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, AppError):
        return exc.transient
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, TRANSIENT_EXCEPTIONS) or bool(getattr(exc, "transient", False))


def fail_job(ctx: JobContext, error: JobError) -> None:
    """End the job as failed: live state + event now, durable row through persistence."""
    publish_final(ctx.job_id, error=error)
    JOBS_FINISHED.labels(status="failed").inc()
    send_stage("record_failure", {"job_id": ctx.job_id, "error": error.model_dump()})


def error_for(exc: BaseException) -> JobError:
    if isinstance(exc, AppError):
        return JobError(error_code=exc.error_code, message=exc.message, details=exc.details)
    if is_transient(exc):
        return JobError(
            error_code="SERVICE_UNAVAILABLE",
            message="A service the pipeline needs did not answer after retries; try again.",
            details={"type": type(exc).__name__},
        )
    return JobError(
        error_code="INTERNAL_ERROR",
        message="The pipeline hit an unexpected error; the job was stopped.",
        details={"type": type(exc).__name__},
    )


def _maybe_inject_fault(stage: str) -> None:
    """Chaos drills and the worker-loss tests: sleep inside the named stage (never in
    production, whatever the environment says)."""
    settings = queue_settings()
    named = (settings.fault_delay_stage or "").split(",")
    if (
        stage in named
        and settings.fault_delay_seconds > 0
        and app_settings().environment != "production"
    ):
        time.sleep(settings.fault_delay_seconds)


def _past_deadline(ctx: JobContext) -> bool:
    if not (ctx.deadline and utcnow() > ctx.deadline):
        return False
    state = read_job_state(ctx.job_id) or {}
    if state.get("status") not in TERMINAL:
        fail_job(ctx, JobError(error_code="JOB_TIMEOUT", message="The job ran past its deadline."))
    return True


def run_stage(stage: str, fn: StageFn, payload: dict[str, Any], task: Task | None) -> None:
    ctx = JobContext.model_validate(payload)
    structlog.contextvars.bind_contextvars(
        job_id=ctx.job_id, request_id=ctx.request_id, stage=stage
    )
    try:
        if _past_deadline(ctx):
            return
        # The attempt: a late redelivery (the job ended or moved on) or a duplicate of a stage
        # a live worker holds is dropped here (shared/jobrun.py).
        verdict, attempt = jobrun.begin(ctx.job_id, hop=ctx.hop, stage=stage, payload=payload)
        if attempt is None or not publish_stage(ctx.job_id, stage, "started"):
            log.info("stage.skip_delivery", verdict=verdict)
            return
        attempt.start_beating(queue_settings().stage_heartbeat_seconds)
        try:
            _attempt_stage(stage, fn, ctx, task, attempt)
        finally:
            attempt.stop_beating()
    finally:
        structlog.contextvars.unbind_contextvars("job_id", "request_id", "stage")


def _attempt_stage(
    stage: str, fn: StageFn, ctx: JobContext, task: Task | None, attempt: jobrun.Attempt
) -> None:
    _maybe_inject_fault(stage)
    started = time.perf_counter()
    try:
        out = fn(ctx)
    # Exception, not BaseException: a worker told to stop (KeyboardInterrupt, SystemExit)
    # must leave the message unacknowledged for redelivery, not fail the job.
    except Exception as exc:
        elapsed = time.perf_counter() - started
        retries = task.request.retries if task is not None else 0
        max_retries = queue_settings().stage_max_retries
        if is_transient(exc) and task is not None and retries < max_retries:
            STAGE_TOTAL.labels(stage=stage, outcome="retry").inc()
            log.warning("stage.retry", error=repr(exc), attempt=retries + 1)
            countdown = min(2**retries, 30)
            attempt.stop_beating()
            attempt.beat(delay=countdown)  # the retry takes the stage over when it comes
            raise task.retry(exc=exc, countdown=countdown) from exc
        STAGE_SECONDS.labels(stage=stage, outcome="failed").observe(elapsed)
        STAGE_TOTAL.labels(stage=stage, outcome="failed").inc()
        _count_intent(stage, ctx, "failed", elapsed)
        if isinstance(exc, AppError):
            log.warning("stage.failed", error_code=exc.error_code, error=exc.message)
        else:
            log.exception("stage.crashed")
        fail_job(ctx, error_for(exc))
        return
    elapsed = time.perf_counter() - started
    STAGE_SECONDS.labels(stage=stage, outcome="ok").observe(elapsed)
    log.info("stage.done", ms=round(elapsed * 1000, 2))
    STAGE_TOTAL.labels(stage=stage, outcome="ok").inc()
    _count_intent(stage, out, "ok", elapsed)
    following = stages.next_stage(stage, out)
    if following is None:
        return
    handed = out.model_copy(update={"hop": ctx.hop + 1, "route": None}).model_dump(mode="json")
    if not attempt.complete(following, handed):
        log.info("stage.superseded")  # a re-drive took the stage over; it hands on
        return
    publish_stage(ctx.job_id, stage, "completed")
    send_stage(following, handed)
    # only now is the job waiting in a queue rather than lost (the sweeper tells them apart)
    attempt.handed()


def _count_intent(stage: str, ctx: JobContext, outcome: str, elapsed: float) -> None:
    intent = ctx.intent.intent.value if ctx.intent is not None else "none"
    STAGE_INTENT_TOTAL.labels(stage=stage, intent=intent, outcome=outcome).inc()
    STAGE_INTENT_SECONDS.labels(stage=stage, intent=intent).observe(elapsed)


def register_stage(app: Celery, stage: str, fn: StageFn) -> Task:
    """Register `fn` as the Celery task of `stage` (its task name from the stage table)."""

    # shared=False: the task belongs to this app only (Celery's default adds it to every app)
    @app.task(
        name=stages.stage(stage).task,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        shared=False,
    )
    def stage_task(self: Task, payload: dict[str, Any]) -> None:
        run_stage(stage, fn, payload, self)

    return stage_task


FailureFn = Callable[[str, JobError], None]


def register_failure_recorder(app: Celery, fn: FailureFn) -> Task:
    """Register `fn(job_id, error)` as the task `fail_job` sends (retried: it must land)."""

    @app.task(
        name=stages.RECORD_FAILURE.task,
        acks_late=True,
        autoretry_for=(Exception,),
        retry_backoff=True,
        max_retries=5,
        shared=False,
    )
    def record_failure(payload: dict[str, Any]) -> None:
        fn(payload["job_id"], JobError.model_validate(payload["error"]))

    return record_failure


def load_function(path: str) -> Callable[..., Any]:
    """The function a table entry names ("module:function")."""
    module, _, attr = path.partition(":")
    return cast(Callable[..., Any], getattr(importlib.import_module(module), attr))


def register_worker(app: Celery, kind: str) -> list[Task]:
    """Register the tasks of worker `kind` from the stage table, and its on-ready hook."""
    registered: list[Task] = []
    for spec in stages.tasks_of(kind):
        fn = load_function(spec.function)
        if spec is stages.RECORD_FAILURE:
            registered.append(register_failure_recorder(app, fn))
        else:
            registered.append(register_stage(app, spec.name, fn))
    hook = stages.worker(kind).on_ready
    if hook is not None:
        ready = load_function(hook)

        def on_ready(sender: Any = None, **_: Any) -> None:
            if getattr(sender, "app", None) is app:  # a worker of this app, not another one
                ready()

        worker_ready.connect(on_ready, weak=False)
    return registered


def run_in_process(ctx: JobContext, *, offline: bool = False) -> JobContext:
    """Run the chain in this process, from the first stage, routed as the queue routes it.

    No events, retries or durable failure: the caller sees the stage's exception. With
    `offline`, stop before the first stage that needs Redis or PostgreSQL.
    """
    name: str | None = stages.FIRST_STAGE
    while name is not None:
        spec = stages.stage(name)
        if offline and not spec.offline:
            break
        ctx = load_function(spec.function)(ctx)
        name = stages.next_stage(name, ctx)
        if ctx.route is not None:
            ctx = ctx.model_copy(update={"route": None})
    return ctx
