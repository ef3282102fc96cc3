"""Waiting on a job's events in Redis pub/sub without blocking the event loop.

Subscribe first, then read the current state: an event published in between is seen twice
at worst, never missed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

from shared.events import TERMINAL, decode_job_state, job_channel, job_state_key


async def read_state(r: aioredis.Redis, job_id: str) -> dict[str, Any] | None:
    raw = await r.hgetall(job_state_key(job_id))
    return decode_job_state(raw)


async def job_events(
    r: aioredis.Redis, job_id: str, *, timeout: float
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """Yield ("state", state) once, then ("event", event) until the final one or `timeout`."""
    pubsub = r.pubsub()
    await pubsub.subscribe(job_channel(job_id))
    try:
        state = await read_state(r, job_id)
        yield "state", state or {}
        if state and state.get("status") in TERMINAL:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (remaining := deadline - loop.time()) > 0:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=min(remaining, 1.0)
            )
            if message is None or message.get("type") != "message":
                continue
            event = json.loads(message["data"])
            yield "event", event
            if event.get("status") in TERMINAL:
                return
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()


async def wait_for_final(
    r: aioredis.Redis, job_id: str, *, timeout: float
) -> dict[str, Any] | None:
    """The final state of the job, or None when it did not finish within `timeout`."""
    async for kind, payload in job_events(r, job_id, timeout=timeout):
        if kind == "state" and payload.get("status") in TERMINAL:
            return payload
        if kind == "event" and payload.get("status") in TERMINAL:
            return await read_state(r, job_id)
    return None
