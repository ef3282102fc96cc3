"""The FastAPI application: routers, the one error format, request ids, metrics, sweeper
(re-drives jobs whose worker died, fails jobs past their deadline)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import structlog
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from services.gateway.middleware import RequestContext
from services.gateway.openapi import install_openapi
from services.gateway.queues import QueueDepthCollector
from services.gateway.readiness import ReadinessLog
from services.gateway.routes import (
    auth,
    design,
    health,
    notifications,
    pins,
    projects,
    versions,
    views,
)
from services.gateway.sockets import start_live, stop_live
from services.gateway.validation import validation_error_code
from services.gateway.webapp import mount_webapp
from shared.celery_app import broker_url
from shared.contracts import JobError
from shared.data import repository as repo
from shared.data.db import session_scope
from shared.errors import AppError
from shared.events import TERMINAL, publish_final, read_job_state
from shared.jobrun import Depths, redrive_stalled
from shared.logging import configure_logging
from shared.redis_client import get_redis
from shared.settings import auth_settings, live_settings, queue_settings
from shared.stages import WORKER_KINDS

log = structlog.get_logger("gateway")


def sweep_stale_jobs_once() -> list[str]:
    """Fail jobs left queued/running past their deadline and tell their subscribers."""
    with session_scope() as db:
        stale = repo.sweep_stale_jobs(db, grace=timedelta(seconds=5))
    for job_id in stale:
        state = read_job_state(job_id)
        if not state or state.get("status") not in TERMINAL:
            publish_final(
                job_id,
                error=JobError(
                    error_code="JOB_TIMEOUT", message="The job did not finish before its deadline."
                ),
            )
        log.warning("job.swept", job_id=job_id)
    return stale


SWEEP_LEASE_KEY = "sweeper:lease"


def take_sweep_lease(seconds: float, key: str = SWEEP_LEASE_KEY) -> bool:
    """True for one caller per `seconds` across every gateway replica. The sweep is idempotent;
    the lease only spares the database one identical query per replica and interval."""
    return bool(get_redis().set(key, "1", nx=True, px=max(1, int(seconds * 1000))))


def _sweep_if_leased(interval: float, depths: Depths) -> None:
    # 0.9: the replica holding the lease takes it again on its next tick
    if take_sweep_lease(interval * 0.9):
        # jobs whose worker died (from their last completed stage) or whose hand-off was
        # lost; the queues' depths tell a lost hand-off from one waiting in a backlog (read
        # after the sweep lists its jobs, not the gauge's answer cached from before)
        redrive_stalled(depths=depths)
        sweep_stale_jobs_once()


async def _sweeper(interval: float, depths: Depths) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(_sweep_if_leased, interval, depths)
        except Exception:  # the sweeper must outlive a database or Redis hiccup
            log.exception("sweeper.failed")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    configure_logging("gateway")
    auth_settings().signing_key()  # refuse to start without a real JWT secret
    await start_live(app)  # Redis pools, the sockets' subscriber, /ready's worker check
    sweeper = asyncio.create_task(
        _sweeper(queue_settings().sweep_interval_seconds, app.state.queue_depth.depths)
    )
    try:
        yield
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await stop_live(app)


def _error(status: int, code: str, message: str, details: object = None) -> JSONResponse:
    return JSONResponse(
        {"error_code": code, "message": message, "details": details or {}}, status_code=status
    )


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app answers at the request's path."""
    return [
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
            # the web app's static mount at "/" matches every path and method
            if not isinstance(route, Mount)
        )
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(exc.to_body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        # the code is chosen from the raw errors (their input tells a NUL byte)
        errors_raw = list(exc.errors())
        code = validation_error_code(errors_raw)
        return _error(422, code, "The request is not valid.", {"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 401: "UNAUTHORIZED"}
        response = _error(
            exc.status_code, codes.get(exc.status_code, "HTTP_ERROR"), str(exc.detail)
        )
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only the first route's
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("request.crashed")
        return _error(500, "INTERNAL_ERROR", "Something went wrong on our side.")


def install_middleware(app: FastAPI) -> None:
    # plain ASGI, not @app.middleware("http"): services/gateway/middleware.py says why
    app.add_middleware(RequestContext)


def create_app() -> FastAPI:
    app = FastAPI(
        title="archdesign",
        version="0.1.0",
        summary="Design secure system architectures by conversation.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_middleware(app)
    install_openapi(app)
    app.state.queue_depth = QueueDepthCollector(
        broker_url, WORKER_KINDS, cache_seconds=live_settings().queue_depth_cache_seconds
    )
    app.state.readiness_log = ReadinessLog()
    for module in (health, auth, projects, design, versions, views, pins, notifications):
        app.include_router(module.router)
    mount_webapp(app)  # last: the API's routes win over the app's files
    return app
