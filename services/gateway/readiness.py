"""`/ready`'s worker check: a short Celery ping over the broker, its answer cached.

Each worker kind of the stage table must have at least one worker answering; the check
names the kinds that have none. The ping waits its whole timeout for replies (Celery cannot
know how many workers there are), so its answer is reused for a few seconds and concurrent
probes share one ping: `/ready` stays cheap when an orchestrator polls it often.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from fastapi.concurrency import run_in_threadpool

from shared.worker_health import kinds_answering, ping_workers


class WorkerCheck:
    """The cached answer of "which worker kinds answer a ping"."""

    def __init__(
        self,
        *,
        timeout: float,
        cache_seconds: float,
        ping: Callable[[float], list[str]] = ping_workers,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._timeout = timeout
        self._cache_seconds = cache_seconds
        self._ping = ping
        self._clock = clock
        self._answer: dict[str, Any] | None = None
        self._at = 0.0
        self._lock = asyncio.Lock()

    async def __call__(self) -> dict[str, Any]:
        """`{"ok", "kinds": {kind: workers answering}, "missing": [kind, ...]}`; raises when
        the ping itself fails (the broker is unreachable)."""
        async with self._lock:  # concurrent probes wait for the one ping in flight
            if self._answer is None or self._clock() - self._at >= self._cache_seconds:
                nodes = await run_in_threadpool(self._ping, self._timeout)
                self._answer = summarise(kinds_answering(nodes))
                self._at = self._clock()
            return self._answer


def summarise(kinds: dict[str, int]) -> dict[str, Any]:
    missing = [kind for kind, count in kinds.items() if count == 0]
    return {"ok": not missing, "kinds": kinds, "missing": missing}
