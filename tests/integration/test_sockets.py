"""WebSockets at scale (issue 10): one subscriber per gateway, small pools that a socket storm
cannot starve, the per-user cap, clients that leave early — against a real gateway, real
Redis and real workers.

The held job sockets watch jobs prepared by the gateway's own service (job row + live state)
but not enqueued, so they stay open for as long as the test needs; the test then publishes
their events with the functions the stages use. The storm's `?wait=true` submissions go
through the real pipeline.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from services.gateway.schemas import GenerateIn
from services.gateway.security import decode_access_token
from services.gateway.service import design
from shared.contracts import JobError
from shared.events import publish_final, publish_stage
from shared.stages import WORKER_KINDS
from tests.support.api import Api
from tests.support.infra import ChildProcess, ServerInfra, start_gateway

pytestmark = pytest.mark.integration

CAP = 40
POOL = 20


@pytest.fixture(scope="module")
def small_gateway(
    infra: ServerInfra, workers: dict[str, ChildProcess], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ChildProcess]]:
    """A gateway of its own (its own log) with small Redis pools and a socket cap of CAP."""
    env = {
        **infra.env,
        "GATEWAY_REDIS_POOL_MAX": str(POOL),
        "GATEWAY_LIVE_POOL_MAX": str(POOL),
        "WS_MAX_PER_USER": str(CAP),
    }
    child, base = start_gateway(env, tmp_path_factory.mktemp("small-gateway"))
    try:
        yield base, child
    finally:
        child.stop()


def _held_job(token: str, project: str) -> str:
    """A queued job (row + live state) that no worker will take: its socket stays open."""
    body = GenerateIn(project_id=project, query="create a web app with a database")
    return design.prepare(user_id=decode_access_token(token), body=body, request_id="test").job_id


def _finish(job_id: str) -> None:
    publish_stage(job_id, "intent", "started")
    publish_final(job_id, error=JobError(error_code="TEST_DONE", message="ended by the test"))


def _ws_url(base: str, path: str, token: str) -> str:
    return f"{base.replace('http://', 'ws://')}{path}?token={token}"


async def _recv(ws: ClientConnection, timeout: float = 60) -> dict[str, Any]:
    return dict(json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout)))


async def _until_closed(ws: ClientConnection, timeout: float = 60) -> list[dict[str, Any]]:
    """Every message until the server closes the socket."""
    messages = []
    try:
        while True:
            messages.append(await _recv(ws, timeout))
    except ConnectionClosed:
        return messages


def _gateway_connections(infra: ServerInfra) -> dict[str, int]:
    """Redis connections of this test run's Redis db, by client name."""
    db = infra.redis_url.rsplit("/", 1)[1]
    counts: dict[str, int] = {}
    for client in infra.redis().client_list():
        if client.get("db") == db:
            counts[client.get("name") or "-"] = counts.get(client.get("name") or "-", 0) + 1
    return counts


def test_a_socket_storm_leaves_ready_and_submissions_working(
    small_gateway: tuple[str, ChildProcess], infra: ServerInfra
) -> None:
    base, gateway = small_gateway
    with Api(base) as api:
        users = []
        for _ in range(5):
            token, headers = api.new_user()
            users.append((token, headers, api.new_project(headers)))
    jobs = {token: [_held_job(token, project) for _ in range(2)] for token, _, project in users}
    # the suite's shared gateway uses the same Redis with the same pool names: count from here
    before = _gateway_connections(infra)
    unnamed_before = before.get("-", 0)

    async def storm() -> None:
        job_sockets: list[tuple[str, ClientConnection]] = []
        note_sockets: list[tuple[str, ClientConnection]] = []

        async def open_job(token: str, job_id: str) -> None:
            ws = await connect(_ws_url(base, f"/v2/jobs/{job_id}/ws", token), max_size=None)
            first = await _recv(ws)
            assert first["type"] == "state" and first["status"] == "queued", first
            job_sockets.append((job_id, ws))

        async def open_notes(token: str) -> None:
            ws = await connect(_ws_url(base, "/v2/notifications/ws", token))
            assert (await _recv(ws))["type"] == "subscribed"
            note_sockets.append((token, ws))

        openings = [open_job(t, j) for t, ids in jobs.items() for j in ids for _ in range(10)]
        openings += [open_notes(t) for t, _, _ in users for _ in range(10)]
        try:
            await asyncio.gather(*openings)
            await held(job_sockets, note_sockets)
        finally:
            # a socket left open on a failure would fail a later test when collected
            for _, ws in job_sockets + note_sockets:
                await ws.close()

    async def held(
        job_sockets: list[tuple[str, ClientConnection]],
        note_sockets: list[tuple[str, ClientConnection]],
    ) -> None:
        assert len(job_sockets) + len(note_sockets) == 150

        # all 150 held: the gateway's Redis connections are its bounded pools and its one
        # subscriber (named), not one connection per socket (the unnamed ones: workers, this
        # test's own clients)
        named = _gateway_connections(infra)
        assert named.get("-", 0) - unnamed_before <= 10, named
        assert named.get("gateway-live", 0) - before.get("gateway-live", 0) <= POOL, named
        assert named.get("gateway-requests", 0) - before.get("gateway-requests", 0) <= POOL, named
        assert named.get("gateway-hub", 0) <= 2, named  # this gateway's and the shared one's

        async with httpx.AsyncClient(base_url=base, timeout=90) as http:
            ready = await http.get("/ready")
            assert ready.status_code == 200, ready.text
            waits = await asyncio.gather(
                *(
                    http.post(
                        "/v2/design/generate?wait=true",
                        json={"project_id": project, "query": "create a web app with a cache"},
                        headers=headers,
                    )
                    for _, headers, project in users
                )
            )
        for r in waits:
            assert r.status_code == 200, r.text
            assert r.json()["status"] == "succeeded", r.text

        # every notification socket hears of its user's new version
        for _, ws in note_sockets:
            note = await _recv(ws)
            assert note["type"] == "notification" and note["version_number"] >= 1, note

        # every job socket receives its job's events, then a normal close
        for ids in jobs.values():
            for job_id in ids:
                _finish(job_id)
        for job_id, ws in job_sockets:
            messages = await _until_closed(ws)
            assert [m["type"] for m in messages] == ["event", "result"], messages
            assert all(m["job_id"] == job_id for m in messages)
            assert messages[-1]["error"]["error_code"] == "TEST_DONE"
            assert ws.close_code == 1000
        for _, ws in note_sockets:
            await ws.close()

    asyncio.run(storm())
    assert "Traceback" not in gateway.log_text()


def test_the_socket_over_the_cap_is_closed_with_4429(
    small_gateway: tuple[str, ChildProcess],
) -> None:
    base, _ = small_gateway
    with Api(base) as api:
        token, _ = api.new_user()
    url = _ws_url(base, "/v2/notifications/ws", token)

    async def run() -> None:
        held = [await connect(url) for _ in range(CAP)]
        for ws in held:
            assert (await _recv(ws))["type"] == "subscribed"
        extra = await connect(url)
        error = await _recv(extra)
        assert error["type"] == "error" and error["error_code"] == "TOO_MANY_SOCKETS", error
        with pytest.raises(ConnectionClosed):
            await _recv(extra)
        assert extra.close_code == 4429
        assert str(CAP) in (extra.close_reason or "")
        await held.pop().close()
        # a closed socket frees its place (the server notices the close at once)
        deadline = time.monotonic() + 10
        while True:
            again = await connect(url)
            first = await _recv(again)
            if first["type"] == "subscribed" or time.monotonic() > deadline:
                break
        assert first["type"] == "subscribed", first
        for ws in (*held, again):
            await ws.close()

    asyncio.run(run())


def test_a_client_leaving_early_is_no_error(
    small_gateway: tuple[str, ChildProcess], infra: ServerInfra
) -> None:
    base, gateway = small_gateway
    with Api(base) as api:
        token, headers = api.new_user()
        project = api.new_project(headers)
    job_id = _held_job(token, project)
    r = infra.redis()

    async def run() -> None:
        ws = await connect(_ws_url(base, f"/v2/jobs/{job_id}/ws", token))
        assert (await _recv(ws))["type"] == "state"
        assert r.pubsub_numsub(f"job:{job_id}")[0][1] == 1
        await ws.close()
        # the gateway lets go of the channel when its only socket leaves
        deadline = time.monotonic() + 10
        while r.pubsub_numsub(f"job:{job_id}")[0][1] and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert r.pubsub_numsub(f"job:{job_id}")[0][1] == 0

    asyncio.run(run())
    _finish(job_id)  # events for a socket that is gone
    time.sleep(0.5)
    assert "Traceback" not in gateway.log_text()
    assert "Exception in ASGI application" not in gateway.log_text()


def test_ready_names_a_worker_kind_without_a_worker(
    infra: ServerInfra, workers: dict[str, ChildProcess], gateway: str, tmp_path: Path
) -> None:
    from tests.support.infra import isolated_infra, start_worker

    ready = httpx.get(f"{gateway}/ready", timeout=30)
    assert ready.status_code == 200, ready.text
    checks = ready.json()["checks"]["workers"]
    assert checks["ok"] is True and checks["missing"] == []
    assert all(count >= 1 for count in checks["kinds"].values()), checks

    # a suite of its own where only two kinds run
    with isolated_infra() as partial:
        started = [start_worker(kind, partial.env, tmp_path) for kind in ("dsl", "persistence")]
        child, base = start_gateway(partial.env, tmp_path)
        try:
            r = httpx.get(f"{base}/ready", timeout=30)
            assert r.status_code == 503, r.text
            body = r.json()
            assert body["checks"]["redis"]["ok"] is True
            workers_check = body["checks"]["workers"]
            assert workers_check["ok"] is False
            running = ("dsl", "persistence")
            assert workers_check["missing"] == [k for k in WORKER_KINDS if k not in running]
            assert workers_check["kinds"]["dsl"] == 1
        finally:
            child.stop()
            for worker in started:
                worker.stop()
