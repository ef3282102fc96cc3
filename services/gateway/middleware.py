"""The gateway's one HTTP middleware, as plain ASGI: request id, NUL refusal, metrics.

It was two `@app.middleware("http")` functions (Starlette's BaseHTTPMiddleware), each of
which runs the rest of the app in a task group and passes the body and the response through
memory streams: about a fifth of the gateway's CPU per `POST /v2/design/generate`
(bench/load/submit_cpu.py). A plain ASGI callable does the same on the request's own task.

Per HTTP request:
- the request id (`x-request-id` from the client, cut to 64 characters, else a new one) in
  `request.state.request_id`, in the log context while the request runs, and in the
  response's `x-request-id` header;
- a path or query string holding a NUL character answered 422 `NUL_CHARACTER` before any
  route runs (PostgreSQL text cannot hold one);
- `archdesign_http_requests_total` and `archdesign_http_request_seconds` by route template,
  observed when the response starts.
WebSockets and lifespan pass through untouched.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.metrics import HTTP_REQUESTS, HTTP_SECONDS

REQUEST_ID_HEADER = b"x-request-id"
REQUEST_ID_MAX = 64

_NUL_BODY = json.dumps(
    {
        "error_code": "NUL_CHARACTER",
        "message": "The request holds a NUL character.",
        "details": {},
    },
    separators=(",", ":"),
).encode()


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers") or ():
        if name == REQUEST_ID_HEADER and value:
            return value.decode("latin-1")[:REQUEST_ID_MAX]
    return uuid.uuid4().hex


def _has_nul(scope: Scope) -> bool:
    return "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"")


class RequestContext:
    """ASGI middleware: request id, NUL refusal and HTTP metrics (module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        header = (REQUEST_ID_HEADER, request_id.encode("latin-1"))
        method = scope["method"]
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
                route: Any = scope.get("route")
                path = getattr(route, "path", "unmatched")
                HTTP_REQUESTS.labels(method, path, str(message["status"])).inc()
                HTTP_SECONDS.labels(method, path).observe(time.perf_counter() - started)
            await send(message)

        if _has_nul(scope):
            await _refuse_nul(send_with_id)
            return
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")


async def _refuse_nul(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_NUL_BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _NUL_BODY})
