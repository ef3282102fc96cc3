"""The load benchmark's clients, in one asyncio loop: held notification sockets, job sockets
that each follow one job to its end and then take the next, and an open-loop submitter.

They run on bench/load/wire.py (asyncio protocols over raw HTTP/1.1 and WebSocket frames, no
task per socket): the client shares the gateway's cores, so it must cost little per request.
It still checks everything it counts: every response's status (5xx counted, a 202's job id
read from its JSON body), every socket's handshake and close code, every message parsed.

What counts as a dropped socket: one that could not open, or that the server closed before
the client was done with it — a notification socket closed during the run, a job socket
closed without its job's final message or with a close code other than 1000 (a socket that
ended without a close frame counts as 1006).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.load.wire import (
    HttpPool,
    ProtocolError,
    WebSocketClient,
    http_request,
    open_socket,
)

TERMINAL = ("succeeded", "failed")


@dataclass
class Tally:
    """Everything the clients observed."""

    open_sockets: int = 0
    peak_open: int = 0
    opened: int = 0
    dropped: int = 0
    close_codes: Counter[int] = field(default_factory=Counter)
    notifications: int = 0
    submitted: dict[str, float] = field(default_factory=dict)  # job id -> submit start
    submit_seconds: list[float] = field(default_factory=list)  # answer - when it was due
    server_seconds: list[float] = field(default_factory=list)  # answer - when it was sent
    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    socket_final: dict[str, float] = field(default_factory=dict)  # job id -> result received
    first_submit: float = 0.0
    last_submit_answer: float = 0.0

    def opened_one(self) -> None:
        self.opened += 1
        self.open_sockets += 1
        self.peak_open = max(self.peak_open, self.open_sockets)

    def closed_one(self, code: int, dropped: bool) -> None:
        self.open_sockets -= 1
        self.close_codes[code] += 1
        self.dropped += int(dropped)


@dataclass(frozen=True)
class Target:
    """The gateway's address, from its base URL."""

    host: str
    port: int

    @classmethod
    def of(cls, base: str) -> Target:
        parts = urlsplit(base)
        return cls(parts.hostname or "127.0.0.1", parts.port or 80)


async def _open(target: Target, path: str, tally: Tally, on_text: Any) -> WebSocketClient | None:
    try:
        ws = await open_socket(target.host, target.port, path, on_text, timeout=60)
    except (OSError, ProtocolError, TimeoutError):
        tally.dropped += 1
        return None
    tally.opened_one()
    return ws


async def hold_notifications(target: Target, path: str, tally: Tally, stop: asyncio.Event) -> None:
    """One notification socket, held until `stop`."""

    def count(raw: bytes) -> None:
        if json.loads(raw).get("type") == "notification":
            tally.notifications += 1

    ws = await _open(target, path, tally, count)
    if ws is None:
        return
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({ws.closed, stopping}, return_when=asyncio.FIRST_COMPLETED)
    dropped = ws.closed.done()  # the server ended it before the run did
    stopping.cancel()
    tally.closed_one(await ws.close(), dropped)


async def follow_jobs(
    target: Target, tokens: dict[str, str], jobs: asyncio.Queue[str], tally: Tally
) -> None:
    """Follow one job at a time over its socket to the end, then the next from `jobs`."""
    while True:
        job_id = await jobs.get()
        final = False

        def on_text(raw: bytes, job_id: str = job_id) -> None:
            nonlocal final
            message: dict[str, Any] = json.loads(raw)
            if message.get("status") in TERMINAL and message["type"] in ("state", "result"):
                final = True
                tally.socket_final.setdefault(job_id, time.perf_counter())

        path = f"/v2/jobs/{job_id}/ws?token={tokens[job_id]}"
        ws = await _open(target, path, tally, on_text)
        if ws is None:
            continue
        try:
            code = await asyncio.shield(ws.closed)
        except asyncio.CancelledError:  # the run ended while this job was still going
            tally.closed_one(await ws.close(), dropped=False)
            raise
        tally.closed_one(code, dropped=not final or code != 1000)


async def submit_at_rate(
    target: Target,
    users: list[tuple[str, str]],
    queries: list[str],
    *,
    rate: float,
    duration: float,
    concurrency: int,
    tally: Tally,
    tokens: dict[str, str],
    jobs: asyncio.Queue[str],
) -> None:
    """POST /v2/design/generate at `rate` a second for `duration` seconds, open loop: request
    i is due at start + i/rate whatever happened before. At most `concurrency` are in flight
    (the client's keep-alive connections); a request that waits for one still counts from
    when it was due, so a slow gateway shows in the submit latency, not as a lower sending
    rate."""
    pool = HttpPool(target.host, target.port, concurrency)
    host = f"{target.host}:{target.port}"
    # every request encoded once: the client shares the gateway's cores
    requests = [
        [
            http_request(
                "POST",
                host,
                "/v2/design/generate",
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                json.dumps({"project_id": project, "query": q}).encode(),
            )
            for q in queries
        ]
        for token, project in users
    ]

    async def one(i: int, due: float) -> None:
        u, q = i % len(users), i % len(queries)
        try:
            sent, r = await pool.request(requests[u][q])
        except (OSError, ProtocolError, ValueError):
            tally.transport_errors += 1
            return
        tally.last_submit_answer = answered = time.perf_counter()
        tally.submit_seconds.append(answered - due)
        tally.server_seconds.append(answered - sent)
        tally.statuses[r.status] += 1
        if r.status == 202:
            job_id = json.loads(r.body)["job_id"]
            tally.submitted[job_id] = due
            tokens[job_id] = users[u][0]
            jobs.put_nowait(job_id)

    total = int(rate * duration)
    tally.first_submit = start = time.perf_counter()
    tasks = []
    try:
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
    finally:
        await pool.close()
