"""The gateway's one Redis subscriber: every socket and every `?wait=true` of this process
listens through it (services/gateway/fanout.py holds the bookkeeping).

A socket used to hold its own pub/sub connection from the gateway's pool, so a hundred
sockets emptied the pool that `/ready` and submissions need (issue 10). Now a process holds
exactly one subscriber connection, whatever its number of sockets: channels are subscribed
when their first listener comes and unsubscribed when the last one leaves.

`listen(channel)` returns only after Redis confirmed the SUBSCRIBE, so a caller that reads a
job's state afterwards misses no event published in between (it may see one twice). After
the connection was lost and re-made (redis-py subscribes again to every channel), each
listener receives RESYNC and re-reads the state it watches.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
import structlog
from redis.exceptions import RedisError

from services.gateway.fanout import Fanout, Listener, SocketCap

log = structlog.get_logger("gateway.hub")

#: seconds to wait for Redis to confirm a SUBSCRIBE
CONFIRM_TIMEOUT = 5.0


class HubUnavailable(Exception):
    """The subscriber could not subscribe (Redis unreachable)."""


class Hub:
    """One pub/sub connection fanning out to this process's listeners."""

    def __init__(self, client: aioredis.Redis, *, queue_size: int, max_per_user: int) -> None:
        self._client = client
        self._pubsub = client.pubsub()
        self._queue_size = queue_size
        self.fanout = Fanout()
        self.cap = SocketCap(max_per_user)
        #: per channel, one future per SUBSCRIBE sent and not yet confirmed (oldest first)
        self._pending: dict[str, deque[asyncio.Future[None]]] = {}
        self._reader: asyncio.Task[None] | None = None
        #: a channel of its own keeps the connection subscribed while no socket listens
        self._own_channel = f"gateway-hub:{uuid.uuid4().hex}"

    def start(self) -> None:
        """Start reading (the gateway starts even while Redis is down; `/ready` says so)."""
        self._reader = asyncio.create_task(self._read_forever(), name="hub-reader")

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        with contextlib.suppress(RedisError, OSError):
            await self._pubsub.aclose()
        await self._client.aclose()

    @asynccontextmanager
    async def listen(self, channel: str) -> AsyncIterator[Listener]:
        """A listener of `channel` for the block's duration (subscribed and confirmed)."""
        listener = Listener(channel, self._queue_size)
        first = self.fanout.add(listener)
        try:
            confirmed: asyncio.Future[None] | None
            if first:
                confirmed = asyncio.get_running_loop().create_future()
                self._pending.setdefault(channel, deque()).append(confirmed)
                await self._pubsub.subscribe(channel)
            else:
                confirmed = self._latest_pending(channel)
            if confirmed is not None:
                await asyncio.wait_for(asyncio.shield(confirmed), timeout=CONFIRM_TIMEOUT)
        except (RedisError, OSError, TimeoutError) as exc:
            self._leave(listener)
            raise HubUnavailable(f"cannot subscribe to {channel}: {exc}") from exc
        except BaseException:
            self._leave(listener)
            raise
        try:
            yield listener
        finally:
            self._leave(listener)

    def _latest_pending(self, channel: str) -> asyncio.Future[None] | None:
        pending = self._pending.get(channel)
        return pending[-1] if pending else None

    def _leave(self, listener: Listener) -> None:
        if self.fanout.remove(listener):
            # fire and forget: the reader skips messages of channels nobody listens to
            task = asyncio.ensure_future(self._unsubscribe(listener.channel))
            task.add_done_callback(_log_failure)

    async def _unsubscribe(self, channel: str) -> None:
        if self.fanout.listeners(channel) == 0:
            await self._pubsub.unsubscribe(channel)

    def _handle(self, message: dict[str, Any]) -> None:
        kind, channel = message.get("type"), message.get("channel")
        if not isinstance(channel, str):
            return
        if kind == "message" and isinstance(message.get("data"), str):
            self.fanout.deliver(channel, message["data"])
        elif kind == "subscribe":
            pending = self._pending.get(channel)
            if pending:
                future = pending.popleft()
                if not future.done():
                    future.set_result(None)
                if not pending:
                    del self._pending[channel]

    async def _read_forever(self) -> None:
        backoff = 0.2
        while True:
            try:
                await self._pubsub.subscribe(self._own_channel)
                break
            except (RedisError, OSError) as exc:
                log.warning("hub.cannot_subscribe", error=f"{type(exc).__name__}: {exc}")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
        lost = False
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except (RedisError, OSError) as exc:
                if not lost:
                    log.warning("hub.connection_lost", error=f"{type(exc).__name__}: {exc}")
                lost = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if lost:
                log.info("hub.reconnected", channels=len(self.fanout.channels))
                lost, backoff = False, 0.2
                self.fanout.resync()
            if message is not None:
                self._handle(message)


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("hub.unsubscribe_failed", error=str(task.exception()))
