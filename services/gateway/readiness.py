"""`/ready`'s worker check: a short Celery ping over the broker, its answer cached.

Each worker kind of the stage table must have at least one worker answering; the check
names the kinds that have none. The ping waits its whole timeout for replies (Celery cannot
know how many workers there are), so its answer is reused for a few seconds and concurrent
probes share one ping: `/ready` stays cheap when an orchestrator polls it often.

`ReadinessLog` says in the log why `/ready` answers 503 (which checks failed, with their
errors), once per change: an orchestrator polling every second must not flood the log, and
a single 503 between two 200s must not go unexplained.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import structlog
from fastapi.concurrency import run_in_threadpool

from shared.worker_health import kinds_answering, ping_workers

log = structlog.get_logger("gateway.readiness")


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


def failed_checks(checks: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each failed check and why: its error, or the worker kinds without a live worker."""
    failed: dict[str, str] = {}
    for name, report in checks.items():
        if report.get("ok"):
            continue
        if report.get("missing"):
            failed[name] = "no live worker of " + ", ".join(report["missing"])
        else:
            failed[name] = str(report.get("error", "not ok"))
    return failed


class ReadinessLog:
    """Logs `/ready`'s state when it changes: which checks fail (by name) and why."""

    def __init__(self) -> None:
        self._state: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
        self._lock = threading.Lock()

    def note(self, checks: dict[str, dict[str, Any]]) -> None:
        failed = failed_checks(checks)
        # the state: which checks fail and, for workers, which kinds are missing (an error's
        # text varies from probe to probe and would make every 503 a "change")
        state = frozenset((name, tuple(checks[name].get("missing") or ())) for name in failed)
        with self._lock:  # concurrent probes: one line per change, not one per probe
            if state == self._state:
                return
            self._state = state
        if failed:
            log.warning("ready.unavailable", failed=sorted(failed), reasons=failed)
        else:
            log.info("ready.recovered")
