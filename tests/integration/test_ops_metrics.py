"""Operational metrics and health (issue 17): queue depth read from the broker at scrape time,
open WebSockets by kind, and `/health` naming a dependency that is down.

A suite of its own (database, Redis db) with a gateway in multiprocess mode (as `archdesign
up` runs it) and no worker at all, so the jobs it submits stay in their queue and their
sockets stay open for as long as the test needs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from kombu import Connection, Exchange, Producer, Queue
from prometheus_client.parser import text_string_to_metric_families
from websockets.sync.client import ClientConnection, connect

from services.gateway.queues import read_depths
from shared.stages import WORKER_KINDS
from tests.support.api import Api
from tests.support.infra import (
    ChildProcess,
    ServerInfra,
    free_port,
    isolated_infra,
    poll,
    rabbitmq_vhost,
    start_gateway,
)

pytestmark = pytest.mark.integration

N = 4
NOTES = "/v2/notifications/ws"


def _samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name
    }


def _until(read: Callable[[], Any], expected: Any, timeout: float = 30.0) -> Any:
    """`read()` once it equals `expected` (the server handles a close after the client sent
    it), or its last value after `timeout`."""
    return poll(read, lambda value: value == expected, timeout)


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerInfra, str]]:
    """Migrated infra and a multiprocess-mode gateway, with no worker."""
    tmp = tmp_path_factory.mktemp("ops-metrics")
    prom = tmp / "prom"
    prom.mkdir()
    with isolated_infra() as infra:
        env = {**infra.env, "PROMETHEUS_MULTIPROC_DIR": str(prom)}
        migrate = subprocess.run(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert migrate.returncode == 0, migrate.stderr
        gateway, base = start_gateway(env, tmp)
        try:
            yield infra, base
        finally:
            gateway.stop()


def test_queue_depth_counts_the_messages_waiting_in_each_queue(
    suite: tuple[ServerInfra, str],
) -> None:
    _, base = suite

    def depths() -> dict[str, float]:
        text = httpx.get(f"{base}/metrics").text
        return {dict(k)["queue"]: v for k, v in _samples(text, "archdesign_queue_depth").items()}

    before = depths()
    assert set(before) == set(WORKER_KINDS)  # every worker kind's queue is reported
    with Api(base) as api:
        _, headers = api.new_user()
        project = api.new_project(headers)
        for _ in range(N):
            api.generate(headers, project, "create a web shop with postgres")  # no worker takes it
    # only the first stage's queue holds the N new jobs (read again once the cache expired)
    expected = {kind: before[kind] + (N if kind == "intent" else 0) for kind in WORKER_KINDS}
    assert _until(depths, expected) == expected


def test_websocket_connections_by_kind(suite: tuple[ServerInfra, str]) -> None:
    _, base = suite
    ws_base = base.replace("http://", "ws://")

    def open_sockets() -> dict[str, float]:
        text = httpx.get(f"{base}/metrics").text
        return {
            dict(k)["kind"]: v
            for k, v in _samples(text, "archdesign_websocket_connections").items()
        }

    with Api(base) as api:
        token, headers = api.new_user()
        project = api.new_project(headers)
        job_id = api.generate(headers, project, "create a web app with a database")["job_id"]
    sockets: list[ClientConnection] = []
    try:
        for path in (NOTES, NOTES, f"/v2/jobs/{job_id}/ws"):
            ws = connect(f"{ws_base}{path}?token={token}")
            sockets.append(ws)
            ws.recv(timeout=30)  # served: subscribed / the job's current state
        assert open_sockets() == {"notifications": 2, "job": 1}
    finally:
        for ws in sockets:
            ws.close()
    assert _until(open_sockets, {"notifications": 0, "job": 0}) == {"notifications": 0, "job": 0}


def test_health_reports_a_broker_that_is_down_and_stays_quick(
    suite: tuple[ServerInfra, str], tmp_path: Path
) -> None:
    infra, _ = suite
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    gateway: ChildProcess
    gateway, base = start_gateway({**infra.env, "BROKER_URL": closed}, tmp_path)
    try:
        started = time.monotonic()
        r = httpx.get(f"{base}/health", timeout=10)
        took = time.monotonic() - started
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "degraded"
        assert body["dependencies"] == {"database": "ok", "redis": "ok", "broker": "down"}
        assert took < 5, took  # one short probe each, not the broker's connect retries
        # /metrics still answers, without the queue depth it cannot read
        metrics = httpx.get(f"{base}/metrics", timeout=10)
        assert metrics.status_code == 200
        assert "archdesign_http_requests_total" in metrics.text
        assert "archdesign_queue_depth" not in metrics.text
    finally:
        gateway.stop()


def test_queue_depth_on_rabbitmq_is_the_queues_message_count() -> None:
    with rabbitmq_vhost() as url:
        assert read_depths(url, ["intent", "dsl"], timeout=5) == {"intent": 0, "dsl": 0}
        with Connection(url) as conn:
            queue = Queue("dsl", Exchange("dsl", type="direct"), routing_key="dsl")
            producer = Producer(conn.channel())
            for i in range(N):
                producer.publish(
                    {"n": i}, exchange=queue.exchange, routing_key="dsl", declare=[queue]
                )
        assert read_depths(url, ["intent", "dsl"], timeout=5) == {"intent": 0, "dsl": N}
