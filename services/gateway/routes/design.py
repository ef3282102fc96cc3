"""Design queries: enqueue (`/v2/design/generate`, and the legacy `/v1/design`, which waits),
job status and live job events. Every query goes through the queue: the gateway runs no stage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, WebSocket, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from services.gateway.deps import CurrentUser, DbSession, bearer_token
from services.gateway.live import job_events
from services.gateway.openapi import errors
from services.gateway.schemas import (
    DesignGenerateResponseV2,
    GenerateIn,
    JobAccepted,
    JobOut,
)
from services.gateway.security import decode_access_token
from services.gateway.service import design
from services.gateway.sockets import admit, serve
from services.gateway.validation import check_project_code
from shared.data import repository as repo
from shared.data.db import session_scope
from shared.errors import NotFound
from shared.events import TERMINAL
from shared.settings import queue_settings

router = APIRouter(tags=["design"], responses=errors(401, 403, 404, 422))


async def _submit(body: GenerateIn, request: Request, token: str) -> tuple[str, str]:
    """(job id, session id) of a new job, committed and enqueued (in the threadpool: the
    database and Redis calls block)."""
    request_id = request.state.request_id

    def submit() -> tuple[str, str]:
        ctx = design.submit(user_id=decode_access_token(token), body=body, request_id=request_id)
        return ctx.job_id, ctx.session.session_id

    return await run_in_threadpool(submit)


@router.post(
    "/v2/design/generate",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobAccepted,
    responses={
        **errors(409, 429, 503),
        200: {
            "model": DesignGenerateResponseV2,
            "description": "The finished job in the design's envelope (`?wait=true`)",
        },
    },
)
async def generate(
    body: GenerateIn,
    request: Request,
    token: Annotated[str, Depends(bearer_token)],
    wait: bool = False,
) -> Any:
    """Enqueue a query; 202 with the job id at once, or (`?wait=true`) the finished job in the
    design's response envelope (the job's fields plus `response` and `version_id`)."""
    job_id, session_id = await _submit(body, request, token)
    if wait:
        out = await design.wait_for_job(request.app.state.hub, request.app.state.redis, job_id)
        if out is not None:
            reply = design.envelope(out, check_project_code(body.project_id))
            return JSONResponse(reply.model_dump(mode="json"), status_code=status.HTTP_200_OK)
    return design.accepted(job_id, session_id)


@router.post(
    "/v1/design",
    response_model=DesignGenerateResponseV2,
    responses={
        **errors(409, 429, 503),
        202: {"model": JobOut, "description": "Not finished yet: its current state"},
    },
)
async def design_v1(
    body: GenerateIn, request: Request, token: Annotated[str, Depends(bearer_token)]
) -> Any:
    """Synchronous path: the same pipeline; answers with the finished job in the design's
    response envelope (202 with the job's current state if it has not finished within
    GENERATE_WAIT_TIMEOUT_SECONDS)."""
    job_id, _ = await _submit(body, request, token)
    out = await design.wait_for_job(request.app.state.hub, request.app.state.redis, job_id)
    if out is not None:
        return design.envelope(out, check_project_code(body.project_id))
    user_id = decode_access_token(token)
    current = await run_in_threadpool(_authorised_view, job_id, user_id)
    return JSONResponse(current.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)


@router.get("/v2/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: str, user: CurrentUser, db: DbSession) -> JobOut:
    """The job's status, stage, and result or error."""
    return design.job_view(db, job_id=job_id, user_id=user.id)


@router.websocket("/v2/jobs/{job_id}/ws")
async def job_ws(websocket: WebSocket, job_id: str, token: str | None = Query(None)) -> None:
    """Current state first, then each stage event, then the final result; `?token=` auth.
    Close codes: docs/api.md."""
    admitted = await admit(websocket, token, lambda user_id: _authorised_view(job_id, user_id))
    if admitted is not None:
        user_id, view = admitted
        await serve(websocket, user_id, "job", _job_messages(websocket, job_id, view))


async def _job_messages(websocket: WebSocket, job_id: str, view: JobOut) -> AsyncIterator[Any]:
    state = websocket.app.state
    timeout = queue_settings().job_deadline_seconds + 30
    project_code: str | None = None
    async for kind, payload in job_events(state.hub, state.live_redis, job_id, timeout=timeout):
        if kind == "state":
            project_code = payload.get("project_code") or project_code
            current = design.job_out_from_state(job_id, payload) if payload else view
            yield {"type": "state", **current.model_dump(mode="json")}
            if current.status in TERMINAL:
                return
            continue
        final = payload.get("status") in TERMINAL
        event = design.event_with_links(payload, project_code)
        yield {"type": "result" if final else "event", **event}


def _authorised_view(job_id: str, user_id: int) -> JobOut:
    with session_scope() as db:
        if repo.get_user(db, user_id=user_id) is None:
            raise NotFound("Unknown user.", error_code="TOKEN_INVALID", status_code=401)
        return design.job_view(db, job_id=job_id, user_id=user_id)
