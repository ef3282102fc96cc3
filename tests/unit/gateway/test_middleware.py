"""The gateway's plain ASGI middleware (services/gateway/middleware.py) on a small app: request
id, NUL refusal, metrics by route template; and no BaseHTTPMiddleware left in the gateway."""

from __future__ import annotations

from fastapi import FastAPI, Request, WebSocket
from fastapi.testclient import TestClient
from starlette.middleware.base import BaseHTTPMiddleware

from services.gateway.app import create_app
from services.gateway.middleware import RequestContext
from shared.metrics import HTTP_REQUESTS


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(RequestContext)

    @app.get("/items/{item}")
    async def item(item: str, request: Request) -> dict[str, str]:
        return {"item": item, "request_id": request.state.request_id}

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hi")
        await websocket.close()

    return app


def _count(path: str, status: str) -> float:
    return float(HTTP_REQUESTS.labels("GET", path, status)._value.get())


def test_the_request_id_reaches_the_route_and_the_response() -> None:
    client = TestClient(_app())
    given = client.get("/items/a", headers={"x-request-id": "r" * 100})
    assert given.json()["request_id"] == "r" * 64
    assert given.headers["x-request-id"] == "r" * 64
    made = client.get("/items/a")
    assert len(made.headers["x-request-id"]) == 32
    assert made.json()["request_id"] == made.headers["x-request-id"]


def test_a_nul_in_the_path_or_query_is_refused_before_any_route() -> None:
    client = TestClient(_app())
    before = _count("unmatched", "422")
    r = client.get("/items/a?q=%00")
    assert r.status_code == 422 and r.headers["x-request-id"]
    assert r.json() == {
        "error_code": "NUL_CHARACTER",
        "message": "The request holds a NUL character.",
        "details": {},
    }
    assert _count("unmatched", "422") == before + 1


def test_requests_are_counted_by_route_template_and_sockets_pass_through() -> None:
    client = TestClient(_app())
    before = _count("/items/{item}", "200")
    client.get("/items/a")
    client.get("/items/b")
    assert _count("/items/{item}", "200") == before + 2
    with client.websocket_connect("/ws") as ws:
        assert ws.receive_text() == "hi"


def test_the_gateway_has_no_base_http_middleware() -> None:
    # each one runs the app in a task group with memory streams: ~15 % of a submission's CPU
    kinds = [m.cls for m in create_app().user_middleware]
    assert RequestContext in kinds
    assert not any(isinstance(k, type) and issubclass(k, BaseHTTPMiddleware) for k in kinds)
