"""Liveness, readiness (each dependency named with its state) and Prometheus metrics."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from kombu import Connection
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from shared.celery_app import broker_url
from shared.data.db import get_engine

router = APIRouter(tags=["operations"])
CHECK_TIMEOUT = 3.0


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


def _check_postgres() -> None:
    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def _check_broker() -> None:
    with Connection(broker_url(), connect_timeout=CHECK_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


async def _run(name: str, check: Any) -> tuple[str, dict[str, Any]]:
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT + 1)
        return name, {"ok": True}
    except Exception as exc:  # a readiness probe reports every failure, whatever its type
        return name, {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}


@router.get(
    "/ready",
    responses={
        503: {"description": "A dependency does not answer", "content": {"application/json": {}}}
    },
)
async def ready(request: Request) -> JSONResponse:
    """Ready when Redis, PostgreSQL and the broker all answer; 503 names the ones that do not."""
    checks = dict(
        await asyncio.gather(
            _run("redis", request.app.state.redis.ping),
            _run("postgres", lambda: run_in_threadpool(_check_postgres)),
            _run("broker", lambda: run_in_threadpool(_check_broker)),
        )
    )
    ok = all(c["ok"] for c in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics() -> Response:
    """Prometheus metrics of this gateway process."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
