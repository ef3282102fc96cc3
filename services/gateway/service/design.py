"""Design queries: job submission (the gateway's only write path into the pipeline), waiting
on a job, and the job as its owner sees it.

Submit = validate, load or create the session, write the job row, commit, then set the live
state and enqueue (a worker never sees a job that is not in the database yet). Every path —
`/v2/design/generate` with or without `?wait=true`, `/v1/design` — goes through the queue:
the gateway never runs a stage itself.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import redis.asyncio as aioredis
import structlog
from redis.exceptions import RedisError
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from services.gateway.hub import Hub, HubUnavailable
from services.gateway.live import wait_for_final
from services.gateway.schemas import (
    DesignGenerateResponseV2,
    DesignPayloadV2,
    DesignReplyV2,
    GenerateIn,
    JobAccepted,
    JobOut,
)
from services.gateway.urls import status_url, with_links, ws_url
from services.gateway.validation import check_project_code, check_session_id, clean_query
from shared.celery_app import send_stage
from shared.contracts import JobContext, JobError, JobResult, SessionSnapshot, utcnow
from shared.data import repository as repo
from shared.data import session_store, submission
from shared.data.db import autocommit_connection
from shared.errors import Forbidden, NotFound, RateLimited, Unauthorized, ValidationFailed
from shared.events import queue_job_state, read_job_state
from shared.metrics import JOBS_ENQUEUED
from shared.redis_client import get_redis
from shared.settings import queue_settings, redis_settings
from shared.stages import FIRST_STAGE

log = structlog.get_logger("gateway.design")


def _check_rate_limit(user_id: int) -> None:
    limit = redis_settings().rate_limit_per_minute
    if limit <= 0:
        return
    window = int(utcnow().timestamp() // 60)
    key = f"ratelimit:{user_id}:{window}"
    r = get_redis()
    pipe = r.pipeline()
    pipe.incr(key)
    pipe.expire(key, 120)
    count = pipe.execute()[0]
    if int(count) > limit:
        raise RateLimited(
            f"At most {limit} queries a minute; try again shortly.",
            details={"limit_per_minute": limit},
        )


def _valid_session_id(session_id: str | None) -> str | None:
    """The session id in its canonical form, or None (none given, or not a UUID: refused
    later, in the order the checks have always come in)."""
    if session_id is None:
        return None
    try:
        return check_session_id(session_id)
    except ValidationFailed:
        return None


def _project_code_or_none(code: str) -> str | None:
    try:
        return check_project_code(code)
    except ValidationFailed:
        return None


def _session_snapshot(
    conn: Connection, target: submission.Target, *, project_id: int, session_id: str | None
) -> tuple[SessionSnapshot, bool]:
    """(the session's snapshot before this query, whether the session is new)."""
    if session_id is None:
        return SessionSnapshot(session_id=str(uuid.uuid4())), True
    sid = check_session_id(session_id)
    if target.session_project_id != project_id:
        raise NotFound("No such session in this project.", error_code="SESSION_NOT_FOUND")
    cached = session_store.cached_snapshot(sid)
    if cached is not None:
        return cached, False
    # Redis lost it: rebuilt from PostgreSQL, on the submission's own connection (a second
    # one from the pool while holding the first could wait for ever on a busy gateway)
    with Session(bind=conn) as db:
        loaded = session_store.load_snapshot(db, session_id=sid)
    assert loaded is not None
    return loaded, False


def _on_latest(
    snapshot: SessionSnapshot, latest: submission.LatestVersion | None
) -> SessionSnapshot:
    # The project's latest version is the diagram every session edits (a revert makes an
    # older diagram the latest one again).
    if latest is None or latest.id == snapshot.current_version_id:
        return snapshot
    return snapshot.model_copy(
        update={
            "current_version_id": latest.id,
            "current_version_number": latest.number,
            "current_d2": latest.d2,
        }
    )


def submit(*, user_id: int, body: GenerateIn, request_id: str) -> JobContext:
    """Create the job and hand it to the pipeline's first stage."""
    ctx = prepare(user_id=user_id, body=body, request_id=request_id)
    send_stage(FIRST_STAGE, ctx.model_dump(mode="json"))
    JOBS_ENQUEUED.inc()
    return ctx


def prepare(*, user_id: int, body: GenerateIn, request_id: str) -> JobContext:
    """Check the user, the query, the project (404, then 403) and the rate limit, then the
    session; write the job row and the new session's (committed: one autocommit statement),
    then the job's live state and the session's snapshot (one Redis round trip).

    Two SQL statements in all (shared/data/submission.py); the checks come in the order they
    always did: user (401), query (422), project code (422), project (404/403), rate limit
    (429), session id (422), session (404)."""
    with autocommit_connection() as conn:
        target = submission.lookup(
            conn,
            user_id=user_id,
            code=_project_code_or_none(body.project_id),
            session_id=_valid_session_id(body.session_id),
        )
        if not target.user_exists:
            raise Unauthorized("The token's user no longer exists.", error_code="TOKEN_INVALID")
        query = clean_query(body.query)
        check_project_code(body.project_id)
        if target.project_id is None or target.project_code is None:
            raise NotFound("No such project.", error_code="PROJECT_NOT_FOUND")
        if not target.allowed:
            raise Forbidden(
                "You do not have access to this project.", error_code="PROJECT_FORBIDDEN"
            )
        project_id, project_code = target.project_id, target.project_code
        _check_rate_limit(user_id)
        snapshot, new_session = _session_snapshot(
            conn, target, project_id=project_id, session_id=body.session_id
        )
        snapshot = _on_latest(snapshot, target.latest).model_copy(
            update={"pinned_nodes": sorted(target.pins)}
        )
        job_id = uuid.uuid4().hex
        deadline = utcnow() + timedelta(seconds=queue_settings().job_deadline_seconds)
        submission.insert_job(
            conn,
            job_id=job_id,
            user_id=user_id,
            project_id=project_id,
            session_id=snapshot.session_id,
            new_session=new_session,
            query=query,
            deadline=deadline,
        )
    pipe = get_redis().pipeline()
    queue_job_state(pipe, job_id, user_id=user_id, project_id=project_id, project_code=project_code)
    session_store.cache_snapshot(snapshot, pipe)
    pipe.execute()
    return JobContext(
        job_id=job_id,
        request_id=request_id,
        user_id=user_id,
        project_id=project_id,
        project_code=project_code,
        query=query,
        session=snapshot,
        deadline=deadline,
        previous_diagram_state=target.latest.diagram_state if target.latest else None,
        pins=target.pins,
    )


def job_view(db: Session, *, job_id: str, user_id: int) -> JobOut:
    """The job as its owner sees it: live state from Redis, else the durable row."""
    state = read_job_state(job_id)
    if state is not None and "user_id" in state:
        if int(state["user_id"]) != user_id:
            raise Forbidden("This job belongs to another user.", error_code="JOB_FORBIDDEN")
        return job_out_from_state(job_id, state)
    job = repo.get_job(db, job_id=job_id) if len(job_id) <= 32 else None
    if job is None:
        raise NotFound("No such job.", error_code="JOB_NOT_FOUND")
    if job.user_id != user_id:
        raise Forbidden("This job belongs to another user.", error_code="JOB_FORBIDDEN")
    project = repo.get_project(db, project_id=job.project_id)
    result = JobResult.model_validate(job.result) if job.result else None
    return JobOut(
        job_id=job.id,
        status=job.status,
        stage=job.stage,
        result=with_links(result, project.code if project else None) if result else None,
        error=JobError.model_validate(job.error) if job.error else None,
    )


def job_out_from_state(job_id: str, state: dict[str, Any]) -> JobOut:
    """The job from its live state (the hash in Redis), with the result's links."""
    result = JobResult.model_validate(state["result"]) if state.get("result") else None
    return JobOut(
        job_id=job_id,
        status=state.get("status", "queued"),
        stage=state.get("stage"),
        result=with_links(result, state.get("project_code")) if result else None,
        error=JobError.model_validate(state["error"]) if state.get("error") else None,
    )


def event_with_links(event: dict[str, Any], project_code: str | None) -> dict[str, Any]:
    """A job event as published by a stage, with the final result's links added."""
    if not event.get("result"):
        return event
    result = with_links(JobResult.model_validate(event["result"]), project_code)
    return {**event, "result": result.model_dump(mode="json")}


def accepted(job_id: str, session_id: str) -> JobAccepted:
    return JobAccepted(
        job_id=job_id,
        session_id=session_id,
        status="queued",
        status_url=status_url(job_id),
        ws_url=ws_url(job_id),
    )


async def wait_for_job(hub: Hub, r: aioredis.Redis, job_id: str) -> JobOut | None:
    """The finished job, or None when it did not finish within GENERATE_WAIT_TIMEOUT_SECONDS."""
    timeout = queue_settings().wait_timeout_seconds
    try:
        final = await wait_for_final(hub, r, job_id, timeout=timeout)
    except (HubUnavailable, RedisError) as exc:
        # the job is queued: answer with its id (202) rather than an error a client retries
        log.warning("wait.unavailable", job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        return None
    return job_out_from_state(job_id, final) if final is not None else None


def envelope(job: JobOut, project_code: str) -> DesignGenerateResponseV2:
    """The finished job in the design's response envelope (docs/api.md, "The design's
    response envelope"): the job's own fields, `response` = the reply, and `version_id` = the
    number of the version the reply shows (not its row id)."""
    result = job.result
    if result is None:
        return DesignGenerateResponseV2(**job.model_dump(), project_id=project_code)
    p = result.payload
    payload = DesignPayloadV2(
        version_id=p.version_number,
        d2=p.d2,
        diagram_state=p.diagram_state,
        pinned_nodes=p.pinned_nodes,
        svg_url=p.svg_url,
        outcome=p.outcome,
        view=p.view,
    )
    reply = DesignReplyV2(
        intent=result.intent.value,
        message=result.message,
        confidence=result.confidence,
        classification_source=result.classification_source.value,
        session_id=result.session_id,
        payload=payload,
    )
    return DesignGenerateResponseV2(
        **job.model_dump(),
        project_id=project_code,
        session_id=result.session_id,
        version_id=p.version_number,
        response=reply,
    )
