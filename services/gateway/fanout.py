"""Fan-out of pub/sub messages to the gateway's sockets: pure bookkeeping, no Redis.

One Redis subscriber connection per gateway process (services/gateway/hub.py) receives every
channel any socket of this process listens to; `Fanout` keeps, per channel, the listeners
that want it (a reference count: the first listener makes the hub SUBSCRIBE, the last one
leaving makes it UNSUBSCRIBE) and hands each message to each listener's bounded queue.

A listener whose queue is full (its client reads slower than events arrive) is marked
overflowed and receives nothing more: memory per socket stays bounded, and its socket is
closed with CLOSE_SLOW_CONSUMER. `SocketCap` counts the open sockets of each user of this
process, so one user cannot hold more than the cap (CLOSE_TOO_MANY_SOCKETS).

Close codes (docs/api.md): 4000 + the HTTP status they resemble, as the socket routes'
authentication errors already do (4401, 4403, 4404).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: the user already holds the most sockets the gateway allows (WS_MAX_PER_USER)
CLOSE_TOO_MANY_SOCKETS = 4429
#: the client read slower than its events arrived and its send queue filled (WS_SEND_QUEUE)
CLOSE_SLOW_CONSUMER = 4413
#: live events are unavailable (the gateway's subscriber could not reach Redis)
CLOSE_UNAVAILABLE = 4503

#: what a listener's queue yields after the subscriber reconnected: events may have been
#: missed, so a reader re-reads the state it watches
RESYNC = "\x00resync"


class SlowConsumer(Exception):
    """The listener's queue overflowed: its socket must be closed."""


class TooManySockets(Exception):
    """The user already holds the most sockets allowed."""


@dataclass(eq=False)
class Listener:
    """One socket's subscription: a bounded queue of raw messages (JSON text)."""

    channel: str
    limit: int
    queue: asyncio.Queue[str] = field(init=False)
    overflowed: bool = False

    def __post_init__(self) -> None:
        # +1: the RESYNC marker always fits beside a full queue of messages
        self.queue = asyncio.Queue(maxsize=self.limit + 1)

    def offer(self, data: str) -> bool:
        """Queue a message; False (and marked overflowed) when the queue is full."""
        if self.overflowed:
            return False
        if self.queue.qsize() >= self.limit:
            self.overflowed = True
            self.queue.put_nowait(RESYNC)  # wakes a waiting reader, which then raises
            return False
        self.queue.put_nowait(data)
        return True

    async def get(self, timeout: float) -> str | None:
        """The next message, RESYNC, or None after `timeout` seconds; SlowConsumer once the
        queue has overflowed."""
        if self.overflowed:
            raise SlowConsumer(self.channel)
        try:
            data = await asyncio.wait_for(self.queue.get(), timeout=max(timeout, 0.0))
        except TimeoutError:
            return None
        if self.overflowed:
            raise SlowConsumer(self.channel)
        return data


class Fanout:
    """Channel -> listeners, with the reference counts that decide (un)subscribing."""

    def __init__(self) -> None:
        self._listeners: dict[str, set[Listener]] = {}

    @property
    def channels(self) -> list[str]:
        return sorted(self._listeners)

    def listeners(self, channel: str) -> int:
        return len(self._listeners.get(channel, ()))

    def add(self, listener: Listener) -> bool:
        """Register a listener; True when its channel is new (the hub must SUBSCRIBE)."""
        members = self._listeners.setdefault(listener.channel, set())
        members.add(listener)
        return len(members) == 1

    def remove(self, listener: Listener) -> bool:
        """Drop a listener; True when it was its channel's last (the hub must UNSUBSCRIBE)."""
        members = self._listeners.get(listener.channel)
        if not members or listener not in members:
            return False
        members.discard(listener)
        if members:
            return False
        del self._listeners[listener.channel]
        return True

    def deliver(self, channel: str, data: str) -> int:
        """Hand a message to every listener of `channel`; returns how many took it."""
        return sum(1 for listener in self._listeners.get(channel, ()) if listener.offer(data))

    def resync(self) -> None:
        """Tell every listener that messages may have been lost (the subscriber reconnected)."""
        for members in self._listeners.values():
            for listener in members:
                if not listener.overflowed and listener.queue.qsize() < listener.limit:
                    listener.queue.put_nowait(RESYNC)


class SocketCap:
    """Open sockets per user, at most `limit` each (0 = no cap)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open: Counter[int] = Counter()

    def open_sockets(self, user_id: int) -> int:
        return self._open[user_id]

    @property
    def total(self) -> int:
        return sum(self._open.values())

    @contextmanager
    def hold(self, user_id: int) -> Iterator[None]:
        """Count one socket of `user_id` while the block runs; TooManySockets over the cap."""
        if self.limit and self._open[user_id] >= self.limit:
            raise TooManySockets(f"at most {self.limit} sockets per user")
        self._open[user_id] += 1
        try:
            yield
        finally:
            self._open[user_id] -= 1
            if self._open[user_id] <= 0:
                del self._open[user_id]
