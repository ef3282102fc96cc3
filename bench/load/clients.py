"""The load benchmark's clients, in one asyncio loop: held notification sockets, job sockets
that each follow one job to its end and then take the next, and an open-loop submitter.

What counts as a dropped socket: one that could not open, or that the server closed before
the client was done with it — a notification socket closed during the run, a job socket
closed without its job's final message or with a close code other than 1000.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

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

    def closed_one(self, ws: ClientConnection, dropped: bool) -> None:
        self.open_sockets -= 1
        self.close_codes[ws.close_code or 1006] += 1
        self.dropped += int(dropped)


def ws_url(base: str, path: str, token: str) -> str:
    return f"{base.replace('http://', 'ws://', 1)}{path}?token={token}"


async def _open(url: str, tally: Tally) -> ClientConnection | None:
    try:
        # no client pings: a busy bench client must not close sockets itself (the server's
        # own keepalive pings still run, and are answered)
        ws = await connect(url, ping_interval=None, max_size=None, open_timeout=60)
    except (OSError, InvalidStatus, TimeoutError):
        tally.dropped += 1
        return None
    tally.opened_one()
    return ws


async def hold_notifications(url: str, tally: Tally, stop: asyncio.Event) -> None:
    """One notification socket, held until `stop`."""
    ws = await _open(url, tally)
    if ws is None:
        return
    reader = asyncio.create_task(_count_notifications(ws, tally))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({reader, stopping}, return_when=asyncio.FIRST_COMPLETED)
    dropped = reader.done()  # the server ended it before the run did
    reader.cancel()
    stopping.cancel()
    await ws.close()
    tally.closed_one(ws, dropped)


async def _count_notifications(ws: ClientConnection, tally: Tally) -> None:
    try:
        async for raw in ws:
            if json.loads(raw).get("type") == "notification":
                tally.notifications += 1
    except ConnectionClosed:
        return


async def follow_jobs(
    base: str, tokens: dict[str, str], jobs: asyncio.Queue[str], tally: Tally
) -> None:
    """Follow one job at a time over its socket to the end, then the next from `jobs`."""
    while True:
        job_id = await jobs.get()
        ws = await _open(ws_url(base, f"/v2/jobs/{job_id}/ws", tokens[job_id]), tally)
        if ws is None:
            continue
        final = False
        try:
            async for raw in ws:
                message: dict[str, Any] = json.loads(raw)
                if message.get("status") in TERMINAL and message["type"] in ("state", "result"):
                    final = True
                    tally.socket_final.setdefault(job_id, time.perf_counter())
        except ConnectionClosed:
            pass
        except asyncio.CancelledError:  # the run ended while this job was still going
            await ws.close()
            tally.closed_one(ws, dropped=False)
            raise
        tally.closed_one(ws, dropped=not final or ws.close_code != 1000)


async def submit_at_rate(
    http: httpx.AsyncClient,
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
    (the client's connections); a request that waits for one still counts from when it was
    due, so a slow gateway shows in the submit latency, not as a lower sending rate."""
    gate = asyncio.Semaphore(concurrency)
    # every body and header set encoded once: the client shares the gateway's cores
    headers = [
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for token, _ in users
    ]
    bodies = [
        [json.dumps({"project_id": project, "query": q}).encode() for q in queries]
        for _, project in users
    ]

    async def one(i: int, due: float) -> None:
        u, q = i % len(users), i % len(queries)
        token = users[u][0]
        async with gate:
            sent = time.perf_counter()
            try:
                r = await http.post("/v2/design/generate", content=bodies[u][q], headers=headers[u])
            except httpx.HTTPError:
                tally.transport_errors += 1
                return
        tally.last_submit_answer = answered = time.perf_counter()
        tally.submit_seconds.append(answered - due)
        tally.server_seconds.append(answered - sent)
        tally.statuses[r.status_code] += 1
        if r.status_code == 202:
            job_id = r.json()["job_id"]
            tally.submitted[job_id] = due
            tokens[job_id] = token
            jobs.put_nowait(job_id)

    total = int(rate * duration)
    tally.first_submit = start = time.perf_counter()
    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
