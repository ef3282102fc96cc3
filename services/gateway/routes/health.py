"""Liveness, readiness (each dependency and each worker kind named with its state) and
Prometheus metrics."""

from __future__ import annotations

import asyncio
import time
from importlib import metadata
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from kombu import Connection
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from shared.celery_app import broker_url
from shared.data.db import get_engine
from shared.metrics import scrape_registry
from shared.settings import redis_settings

router = APIRouter(tags=["operations"])
CHECK_TIMEOUT = 3.0


STARTED = time.monotonic()
#: how long /health's dependency probes may take each (liveness stays cheap: one short ping)
HEALTH_PROBE_TIMEOUT = 0.5


def _version() -> str:
    try:
        return metadata.version("archdesign")
    except metadata.PackageNotFoundError:
        return "unknown"


async def _probe(check: Any) -> str:
    try:
        await asyncio.wait_for(check(), timeout=HEALTH_PROBE_TIMEOUT)
        return "ok"
    except Exception:  # a probe reports any failure as the dependency being down
        return "down"


@router.get("/health")
async def health(request: Request) -> dict[str, Any]:
    """Liveness: always 200 while the process serves. Says the version, the uptime and each
    dependency's status from one short ping each (the broker's is Redis's when the broker is
    that same Redis); `status` is "degraded" while any of them is down. `/ready` is the
    probe that fails."""
    redis_ping = request.app.state.redis.ping
    url = broker_url()
    broker = (
        _probe(redis_ping)
        if url == redis_settings().url
        else _probe(lambda: run_in_threadpool(_check_broker_quick))
    )
    database, redis_status, broker_status = await asyncio.gather(
        _probe(lambda: run_in_threadpool(_check_postgres)), _probe(redis_ping), broker
    )
    dependencies = {"database": database, "redis": redis_status, "broker": broker_status}
    return {
        "status": "ok" if all(s == "ok" for s in dependencies.values()) else "degraded",
        "version": _version(),
        "uptime_seconds": round(time.monotonic() - STARTED, 3),
        "dependencies": dependencies,
    }


def _check_broker_quick() -> None:
    with Connection(broker_url(), connect_timeout=HEALTH_PROBE_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=0, timeout=HEALTH_PROBE_TIMEOUT)


def _check_postgres() -> None:
    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def _check_broker() -> None:
    with Connection(broker_url(), connect_timeout=CHECK_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


async def _run(name: str, check: Any) -> tuple[str, dict[str, Any]]:
    """`check()` returns None (ok) or its own report `{"ok", ...}`."""
    try:
        report = await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT + 1)
        return name, report if isinstance(report, dict) else {"ok": True}
    except Exception as exc:  # a readiness probe reports every failure, whatever its type
        return name, {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}


@router.get(
    "/ready",
    responses={
        503: {"description": "A dependency does not answer", "content": {"application/json": {}}}
    },
)
async def ready(request: Request) -> JSONResponse:
    """Ready when Redis, PostgreSQL, the broker and a worker of each kind answer; 503 names
    the ones that do not (`checks.workers.missing`: the worker kinds without a live worker)."""
    checks = dict(
        await asyncio.gather(
            _run("redis", request.app.state.redis.ping),
            _run("postgres", lambda: run_in_threadpool(_check_postgres)),
            _run("broker", lambda: run_in_threadpool(_check_broker)),
            _run("workers", request.app.state.worker_check),
        )
    )
    ok = all(c["ok"] for c in checks.values())
    request.app.state.readiness_log.note(checks)  # why it is 503, once per change
    return JSONResponse(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> Response:
    """Prometheus metrics: of every process of the suite (gateway and workers) when
    PROMETHEUS_MULTIPROC_DIR is set (`archdesign up` sets it), else of this gateway process;
    and the depth of each worker kind's queue, read from the broker (cached briefly)."""
    registry = scrape_registry(request.app.state.queue_depth)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
