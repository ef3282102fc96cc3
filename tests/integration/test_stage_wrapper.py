"""The stage wrapper and the sweeper over real Redis + PostgreSQL (+ the persistence worker)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from shared.contracts import JobContext, SessionSnapshot, utcnow
from shared.errors import StageFailed
from shared.events import init_job_state, read_job_state
from shared.pipeline import run_stage
from tests.support.infra import ChildProcess, ServerInfra

pytestmark = pytest.mark.integration


def _job(deadline_in: float) -> JobContext:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        user = repo.create_user(db, email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
        project = repo.create_project(db, owner_id=user.id, name="p")
        chat = repo.create_session(
            db, session_id=str(uuid.uuid4()), project_id=project.id, user_id=user.id
        )
        job_id = uuid.uuid4().hex
        deadline = utcnow() + timedelta(seconds=deadline_in)
        repo.create_job(
            db,
            job_id=job_id,
            user_id=user.id,
            project_id=project.id,
            session_id=chat.id,
            query="q",
            deadline=deadline,
        )
        ctx = JobContext(
            job_id=job_id,
            user_id=user.id,
            project_id=project.id,
            project_code=project.code,
            query="q",
            session=SessionSnapshot(session_id=chat.id),
            deadline=deadline,
        )
    init_job_state(
        job_id, user_id=ctx.user_id, project_id=ctx.project_id, project_code=ctx.project_code
    )
    return ctx


def _db_status(job_id: str) -> tuple[str, dict[str, object] | None]:
    from shared.data import repository as repo
    from shared.data.db import session_scope

    with session_scope() as db:
        job = repo.get_job(db, job_id=job_id)
        assert job is not None
        return job.status, job.error


def _wait_db_status(job_id: str, status: str, timeout: float = 30) -> dict[str, object] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current, error = _db_status(job_id)
        if current == status:
            return error
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never became {status}")


def test_a_failing_stage_ends_the_job_failed_with_its_code(
    infra: ServerInfra, workers: dict[str, ChildProcess]
) -> None:
    ctx = _job(deadline_in=60)

    def broken(_: JobContext) -> JobContext:
        raise StageFailed("cannot draw this", error_code="D2_INVALID", details={"line": 3})

    run_stage("validate", broken, ctx.model_dump(mode="json"), task=None)
    state = read_job_state(ctx.job_id)
    assert state is not None and state["status"] == "failed"
    assert state["error"]["error_code"] == "D2_INVALID"
    error = _wait_db_status(ctx.job_id, "failed")  # made durable by the persistence worker
    assert error is not None and error["error_code"] == "D2_INVALID"


def test_an_unexpected_crash_is_an_internal_error_not_a_stuck_job(
    infra: ServerInfra, workers: dict[str, ChildProcess]
) -> None:
    ctx = _job(deadline_in=60)

    def crashing(_: JobContext) -> JobContext:
        raise KeyError("bug")

    run_stage("layout", crashing, ctx.model_dump(mode="json"), task=None)
    state = read_job_state(ctx.job_id)
    assert state is not None and state["error"]["error_code"] == "INTERNAL_ERROR"
    _wait_db_status(ctx.job_id, "failed")


def test_redelivered_context_of_a_finished_job_is_dropped(infra: ServerInfra) -> None:
    ctx = _job(deadline_in=60)
    calls: list[str] = []

    def stage(c: JobContext) -> JobContext:
        calls.append(c.job_id)
        raise StageFailed("first run fails")

    run_stage("intent", stage, ctx.model_dump(mode="json"), task=None)
    run_stage("intent", stage, ctx.model_dump(mode="json"), task=None)
    assert calls == [ctx.job_id]


def test_past_deadline_job_is_failed_by_the_stage_and_by_the_sweeper(infra: ServerInfra) -> None:
    from services.gateway.app import sweep_stale_jobs_once

    late = _job(deadline_in=-1)
    run_stage("intent", lambda c: c, late.model_dump(mode="json"), task=None)
    assert read_job_state(late.job_id)["error"]["error_code"] == "JOB_TIMEOUT"  # type: ignore[index]

    stuck = _job(deadline_in=-10)  # e.g. its message was lost with a broker
    swept = sweep_stale_jobs_once()
    assert stuck.job_id in swept
    status, error = _db_status(stuck.job_id)
    assert status == "failed" and error is not None and error["error_code"] == "JOB_TIMEOUT"
    state = read_job_state(stuck.job_id)
    assert state is not None and state["status"] == "failed"


def test_one_gateway_replica_sweeps_per_interval(infra: ServerInfra) -> None:
    from services.gateway.app import take_sweep_lease

    key = f"test:sweeper:{uuid.uuid4().hex}"  # not the live gateway's lease
    assert take_sweep_lease(0.5, key=key)
    assert not take_sweep_lease(0.5, key=key)  # a second replica in the same interval skips
    time.sleep(0.6)
    assert take_sweep_lease(0.5, key=key)  # the next interval has a sweeper again


def test_transient_faults_are_retried_then_the_stage_succeeds(infra: ServerInfra) -> None:
    import redis
    from celery import Celery

    from shared.pipeline import register_stage

    ctx = _job(deadline_in=60)
    calls: list[int] = []

    def flaky(c: JobContext) -> JobContext:
        calls.append(1)
        if len(calls) < 3:
            raise redis.ConnectionError("connection reset")
        return c

    app = Celery("retry-test", broker=infra.redis_url)
    task = register_stage(app, "persist", flaky)  # last stage: nothing is sent on
    task.apply(args=[ctx.model_dump(mode="json")])  # eager: each retry runs at once
    assert len(calls) == 3
    state = read_job_state(ctx.job_id)
    assert state is not None and state["status"] == "running" and state["stage"] == "persist"


def test_transient_faults_past_the_retry_budget_fail_the_job(infra: ServerInfra) -> None:
    import redis
    from celery import Celery

    from shared.pipeline import register_stage
    from shared.settings import queue_settings

    ctx = _job(deadline_in=60)
    calls: list[int] = []

    def down(_: JobContext) -> JobContext:
        calls.append(1)
        raise redis.ConnectionError("still down")

    app = Celery("retry-test", broker=infra.redis_url)
    register_stage(app, "persist", down).apply(args=[ctx.model_dump(mode="json")])
    assert len(calls) == queue_settings().stage_max_retries + 1
    state = read_job_state(ctx.job_id)
    assert state is not None and state["status"] == "failed"
    assert state["error"]["error_code"] == "SERVICE_UNAVAILABLE"
