"""Waiting on a job's events through the process's subscriber (services/gateway/hub.py).

Listen first (the hub returns once Redis confirmed the subscription), then read the current
state: an event published in between is seen twice at worst, never missed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

from services.gateway.fanout import RESYNC
from services.gateway.hub import Hub
from shared.events import TERMINAL, decode_job_state, job_channel, job_state_key


async def read_state(r: aioredis.Redis, job_id: str) -> dict[str, Any] | None:
    raw = await r.hgetall(job_state_key(job_id))
    return decode_job_state(raw)


async def job_events(
    hub: Hub, r: aioredis.Redis, job_id: str, *, timeout: float
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """Yield ("state", state) once, then ("event", event) until the final one or `timeout`.
    After the subscriber reconnected, a state that ended meanwhile comes as ("state", ...).
    `r` reads the state (a pool the caller picks); SlowConsumer if the reader falls behind."""
    async with hub.listen(job_channel(job_id)) as listener:
        state = await read_state(r, job_id)
        yield "state", state or {}
        if state and state.get("status") in TERMINAL:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (remaining := deadline - loop.time()) > 0:
            data = await listener.get(timeout=remaining)
            if data is None:
                continue
            if data == RESYNC:
                state = await read_state(r, job_id)
                if state and state.get("status") in TERMINAL:
                    yield "state", state
                    return
                continue
            event = json.loads(data)
            yield "event", event
            if event.get("status") in TERMINAL:
                return


async def wait_for_final(
    hub: Hub, r: aioredis.Redis, job_id: str, *, timeout: float
) -> dict[str, Any] | None:
    """The final state of the job, or None when it did not finish within `timeout`."""
    async for kind, payload in job_events(hub, r, job_id, timeout=timeout):
        if kind == "state" and payload.get("status") in TERMINAL:
            return payload
        if kind == "event" and payload.get("status") in TERMINAL:
            return await read_state(r, job_id)
    return None
