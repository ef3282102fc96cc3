"""The sockets' fan-out bookkeeping: reference-counted channels, bounded queues, the cap."""

from __future__ import annotations

import asyncio

import pytest

from services.gateway.fanout import (
    RESYNC,
    Fanout,
    Listener,
    SlowConsumer,
    SocketCap,
    TooManySockets,
)
from services.gateway.readiness import WorkerCheck
from shared.worker_health import kind_of, kinds_answering


def test_the_first_listener_subscribes_and_the_last_unsubscribes() -> None:
    fanout = Fanout()
    a, b = Listener("job:1", 4), Listener("job:1", 4)
    assert fanout.add(a) is True
    assert fanout.add(b) is False
    assert fanout.channels == ["job:1"]
    assert fanout.remove(a) is False
    assert fanout.remove(a) is False  # twice: no effect
    assert fanout.remove(b) is True
    assert fanout.channels == []


def test_a_message_reaches_every_listener_of_its_channel_only() -> None:
    async def run() -> None:
        fanout = Fanout()
        listeners = [Listener("job:1", 4) for _ in range(3)]
        other = Listener("user:7", 4)
        for listener in (*listeners, other):
            fanout.add(listener)
        assert fanout.deliver("job:1", '{"n": 1}') == 3
        assert fanout.deliver("job:unknown", "{}") == 0
        assert [await x.get(timeout=1) for x in listeners] == ['{"n": 1}'] * 3
        assert await other.get(timeout=0.01) is None

    asyncio.run(run())


def test_a_slow_listener_overflows_instead_of_growing() -> None:
    async def run() -> None:
        fanout = Fanout()
        slow = Listener("user:1", 2)
        fanout.add(slow)
        assert fanout.deliver("user:1", "a") == 1
        assert fanout.deliver("user:1", "b") == 1
        assert fanout.deliver("user:1", "c") == 0  # full: overflowed, nothing queued
        assert slow.overflowed and slow.queue.qsize() <= 3
        with pytest.raises(SlowConsumer):
            await slow.get(timeout=1)

    asyncio.run(run())


def test_a_waiting_reader_learns_of_the_overflow_at_once() -> None:
    async def run() -> None:
        listener = Listener("job:1", 1)
        waiting = asyncio.create_task(listener.get(timeout=30))
        await asyncio.sleep(0)
        listener.queue.put_nowait("x")  # taken by the reader
        assert await waiting == "x"
        listener.offer("y")
        listener.offer("z")  # overflows
        with pytest.raises(SlowConsumer):
            await listener.get(timeout=30)

    asyncio.run(run())


def test_resync_reaches_every_listener() -> None:
    async def run() -> None:
        fanout = Fanout()
        a = Listener("job:1", 4)
        fanout.add(a)
        fanout.resync()
        assert await a.get(timeout=1) == RESYNC

    asyncio.run(run())


def test_the_socket_cap_counts_per_user_and_frees_on_exit() -> None:
    cap = SocketCap(2)
    with cap.hold(1), cap.hold(1), cap.hold(2):
        assert cap.open_sockets(1) == 2 and cap.total == 3
        with pytest.raises(TooManySockets), cap.hold(1):
            pass
        assert cap.open_sockets(1) == 2
    assert cap.total == 0
    with cap.hold(1):
        assert cap.open_sockets(1) == 1
    unlimited = SocketCap(0)
    with unlimited.hold(1), unlimited.hold(1), unlimited.hold(1):
        assert unlimited.open_sockets(1) == 3


def test_worker_kinds_from_node_names() -> None:
    assert kind_of("layout-123@box") == "layout"
    assert kind_of("persistence-9@host-with-dashes") == "persistence"
    nodes = ["intent-1@a", "dsl-2@a", "dsl-3@b", "stranger@a"]
    assert kinds_answering(nodes, ("intent", "dsl", "layout")) == {
        "intent": 1,
        "dsl": 2,
        "layout": 0,
    }


def test_the_worker_check_pings_once_per_cache_period() -> None:
    now = [0.0]
    pings: list[float] = []

    def ping(timeout: float) -> list[str]:
        pings.append(timeout)
        return ["intent-1@a", "dsl-1@a", "layout-1@a"]

    async def run() -> None:
        check = WorkerCheck(timeout=0.5, cache_seconds=5, ping=ping, clock=lambda: now[0])
        answers = await asyncio.gather(*(check() for _ in range(5)))
        assert len(pings) == 1
        assert answers[0]["ok"] is False and answers[0]["missing"] == ["persistence"]
        now[0] = 4.9
        await check()
        assert len(pings) == 1
        now[0] = 5.0
        await check()
        assert pings == [0.5, 0.5]

    asyncio.run(run())
