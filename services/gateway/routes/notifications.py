"""The user's notifications: a list, and a WebSocket of live ones (`user:{id}` channel)."""

from __future__ import annotations

import asyncio
import contextlib
import json

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool

from services.gateway.deps import CurrentUser, DbSession
from services.gateway.openapi import errors
from services.gateway.schemas import NotificationOut
from services.gateway.security import decode_access_token
from shared.data import repository as repo
from shared.data.db import session_scope
from shared.errors import AppError, Unauthorized
from shared.events import user_channel

router = APIRouter(prefix="/v2/notifications", tags=["notifications"], responses=errors(401))


@router.get("", response_model=list[NotificationOut])
def list_notifications(user: CurrentUser, db: DbSession) -> list[NotificationOut]:
    """The caller's latest notifications, newest first."""
    return [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            project_id=n.project_id,
            version_id=n.version_id,
            payload=n.payload,
            created_at=n.created_at,
        )
        for n in repo.list_notifications(db, user_id=user.id)
    ]


def _known_user(user_id: int) -> None:
    with session_scope() as db:
        if repo.get_user(db, user_id=user_id) is None:
            raise Unauthorized("Unknown user.", error_code="TOKEN_INVALID")


@router.websocket("/ws")
async def notifications_ws(websocket: WebSocket, token: str | None = Query(None)) -> None:
    """Live notifications (new versions in the user's projects) until the client leaves."""
    await websocket.accept()
    try:
        user_id = decode_access_token(token or "")
        await run_in_threadpool(_known_user, user_id)
    except AppError as exc:
        await websocket.send_json({"type": "error", **exc.to_body()})
        await websocket.close(code=4000 + exc.status_code)
        return
    pubsub = websocket.app.state.redis.pubsub()
    await pubsub.subscribe(user_channel(user_id))
    await websocket.send_json({"type": "subscribed", "user_id": user_id})

    async def client_gone() -> None:
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                await websocket.receive_text()

    watcher = asyncio.create_task(client_gone())
    try:
        while not watcher.done():
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message and message.get("type") == "message":
                await websocket.send_json({"type": "notification", **json.loads(message["data"])})
    except WebSocketDisconnect:
        pass
    finally:
        watcher.cancel()
        await pubsub.unsubscribe()
        await pubsub.aclose()
