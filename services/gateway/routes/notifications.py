"""The user's notifications: a list, and a WebSocket of live ones (`user:{id}` channel)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Query, WebSocket

from services.gateway.deps import CurrentUser, DbSession
from services.gateway.fanout import RESYNC
from services.gateway.hub import Hub
from services.gateway.openapi import errors
from services.gateway.schemas import NotificationOut
from services.gateway.sockets import admit, serve
from shared.data import repository as repo
from shared.data.db import session_scope
from shared.errors import Unauthorized
from shared.events import user_channel

router = APIRouter(prefix="/v2/notifications", tags=["notifications"], responses=errors(401))


@router.get("", response_model=list[NotificationOut])
def list_notifications(user: CurrentUser, db: DbSession) -> list[NotificationOut]:
    """The caller's latest notifications, newest first."""
    return [NotificationOut.model_validate(n) for n in repo.list_notifications(db, user_id=user.id)]


def _known_user(user_id: int) -> None:
    with session_scope() as db:
        if repo.get_user(db, user_id=user_id) is None:
            raise Unauthorized("Unknown user.", error_code="TOKEN_INVALID")


@router.websocket("/ws")
async def notifications_ws(websocket: WebSocket, token: str | None = Query(None)) -> None:
    """Live notifications (new versions in the user's projects) until the client leaves.
    Close codes: docs/api.md."""
    admitted = await admit(websocket, token, _known_user)
    if admitted is not None:
        user_id, _ = admitted
        await serve(
            websocket, user_id, "notifications", _notifications(websocket.app.state.hub, user_id)
        )


async def _notifications(hub: Hub, user_id: int) -> AsyncIterator[dict[str, Any]]:
    async with hub.listen(user_channel(user_id)) as listener:
        yield {"type": "subscribed", "user_id": user_id}
        while True:
            data = await listener.get(timeout=60.0)
            if data is not None and data != RESYNC:
                yield {"type": "notification", **json.loads(data)}
