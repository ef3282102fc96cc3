"""Serving the gateway's WebSockets: the live parts a process starts (pools, the hub, the
worker check), admitting a socket (authentication, the per-user cap) and streaming to it.

A socket ends in one of these ways (close codes in docs/api.md): its stream ended (1000),
its user holds too many sockets (4429), it read too slowly (4413), live events are
unavailable (4503), or the client left — not an error: logged at debug level, no traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import structlog
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from starlette.websockets import WebSocketState

from services.gateway.fanout import (
    CLOSE_SLOW_CONSUMER,
    CLOSE_TOO_MANY_SOCKETS,
    CLOSE_UNAVAILABLE,
    SlowConsumer,
    TooManySockets,
)
from services.gateway.hub import Hub, HubUnavailable
from services.gateway.readiness import WorkerCheck
from services.gateway.security import decode_access_token
from shared.errors import AppError
from shared.metrics import WEBSOCKETS
from shared.redis_client import new_async_pool_client
from shared.settings import live_settings

log = structlog.get_logger("gateway.sockets")
T = TypeVar("T")


async def start_live(app: FastAPI) -> None:
    """The process's Redis pools, its one subscriber (the hub) and `/ready`'s worker check.
    Requests and sockets use separate pools, so a socket storm cannot starve `/ready` or
    `?wait=true`; the sockets' events all come through the hub's one connection."""
    settings = live_settings()
    timeout = settings.pool_timeout_seconds
    app.state.redis = new_async_pool_client(
        max_connections=settings.request_pool_max, timeout=timeout, name="gateway-requests"
    )
    app.state.live_redis = new_async_pool_client(
        max_connections=settings.live_pool_max, timeout=timeout, name="gateway-live"
    )
    hub = Hub(
        new_async_pool_client(max_connections=1, timeout=timeout, name="gateway-hub"),
        queue_size=settings.ws_send_queue,
        max_per_user=settings.ws_max_per_user,
    )
    hub.start()
    app.state.hub = hub
    app.state.handshakes = asyncio.Semaphore(settings.ws_handshake_concurrency)
    app.state.worker_check = WorkerCheck(
        timeout=settings.worker_ping_timeout_seconds,
        cache_seconds=settings.worker_ping_cache_seconds,
    )


async def stop_live(app: FastAPI) -> None:
    await app.state.hub.stop()
    await app.state.live_redis.aclose()
    await app.state.redis.aclose()


async def close_with(websocket: WebSocket, code: int, error_code: str, message: str) -> None:
    """Tell the client why (an error message, then the close frame with a reason)."""
    with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
        await websocket.send_json(
            {"type": "error", "error_code": error_code, "message": message, "details": {}}
        )
        await websocket.close(code=code, reason=message[:120])


async def admit(
    websocket: WebSocket, token: str | None, authorise: Callable[[int], T]
) -> tuple[int, T] | None:
    """Accept the socket and authenticate its `?token=`; `authorise(user_id)` (blocking, in
    a thread) raises AppError to refuse. None when refused (the socket is closed with 4000 +
    the error's HTTP status). At most WS_HANDSHAKE_CONCURRENCY run at once."""
    await websocket.accept()
    async with websocket.app.state.handshakes:
        try:
            user_id = decode_access_token(token or "")
            extra = await run_in_threadpool(authorise, user_id)
        except AppError as exc:
            with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
                await websocket.send_json({"type": "error", **exc.to_body()})
                await websocket.close(code=4000 + exc.status_code)
            return None
    return user_id, extra


async def serve(
    websocket: WebSocket, user_id: int, kind: str, messages: AsyncIterator[dict[str, Any]]
) -> None:
    """Send `messages` to the socket while it counts against its user's cap, then close it
    normally; a client that leaves first ends it quietly. While it is served it counts in
    `archdesign_websocket_connections{kind}` (kind: "job" or "notifications")."""
    with WEBSOCKETS.labels(kind).track_inprogress():
        await _serve(websocket, user_id, messages)


async def _serve(
    websocket: WebSocket, user_id: int, messages: AsyncIterator[dict[str, Any]]
) -> None:
    hub: Hub = websocket.app.state.hub
    try:
        with hub.cap.hold(user_id):
            left = await _pump(websocket, messages)
        if left:
            log.debug("socket.client_left", path=websocket.url.path)
            return
        with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
            await websocket.close()
    except TooManySockets:
        limit = hub.cap.limit
        await close_with(
            websocket,
            CLOSE_TOO_MANY_SOCKETS,
            "TOO_MANY_SOCKETS",
            f"At most {limit} open sockets per user; close one first.",
        )
    except SlowConsumer:
        await close_with(
            websocket,
            CLOSE_SLOW_CONSUMER,
            "SLOW_CONSUMER",
            "The client read too slowly; reconnect to get the current state.",
        )
    except HubUnavailable:
        log.warning("socket.live_unavailable", path=websocket.url.path)
        await close_with(
            websocket, CLOSE_UNAVAILABLE, "LIVE_UNAVAILABLE", "Live events are unavailable."
        )
    except (WebSocketDisconnect, OSError) as exc:
        log.debug("socket.client_left", path=websocket.url.path, error=type(exc).__name__)
    except RuntimeError:
        if websocket.client_state != WebSocketState.DISCONNECTED:
            raise
        log.debug("socket.client_left", path=websocket.url.path)


async def _client_gone(websocket: WebSocket) -> None:
    """Returns when the client closes (what else it sends is ignored)."""
    with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass


async def _pump(websocket: WebSocket, messages: AsyncIterator[dict[str, Any]]) -> bool:
    """Send every message; True when the client left before the stream ended."""
    gone = asyncio.create_task(_client_gone(websocket))
    try:
        while True:
            following = asyncio.ensure_future(anext(messages))
            await asyncio.wait({following, gone}, return_when=asyncio.FIRST_COMPLETED)
            if not following.done():
                following.cancel()
                with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                    await following
                return True
            try:
                message = following.result()
            except StopAsyncIteration:
                return False
            await websocket.send_json(message)
    finally:
        gone.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await gone
        aclose = getattr(messages, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(RuntimeError):
                await aclose()
