"""Reliability over real parts: Redis losing sessions, RabbitMQ (a worker killed mid-stage:
test_worker_loss.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.api import Api
from tests.support.infra import ServerInfra, rabbitmq_vhost
from tests.support.suite import private_suite

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_session_survives_a_redis_flush(api: Api, infra: ServerInfra) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, "create a web application with a postgres database")
    assert first["status"] == "succeeded", first
    session_id = first["result"]["session_id"]
    infra.redis().flushdb()
    second = api.ask(headers, project, "add a redis cache in front of the database", session_id)
    assert second["status"] == "succeeded", second
    assert second["result"]["intent"] == "DSL_UPDATE"
    v2 = api.http.get(f"/v2/projects/{project}/versions/2", headers=headers).json()
    assert v2["parent_version_id"] == first["result"]["payload"]["version_id"]
    cached = infra.redis().get(f"session:{session_id}")
    assert cached is not None and '"current_version_number":2' in cached.replace(" ", "")


def test_pipeline_runs_on_rabbitmq(tmp_path: Path) -> None:
    with (
        rabbitmq_vhost() as amqp_url,
        private_suite(tmp_path, {"BROKER_URL": amqp_url}) as suite,
        Api(suite.base_url) as api,
    ):
        _, headers = api.new_user()
        project = api.new_project(headers)
        job = api.ask(headers, project, "create a secure web application with a database")
        assert job["status"] == "succeeded", job
        assert job["result"]["payload"]["version_number"] == 1
        ready = api.http.get("/ready").json()
        assert ready["checks"]["broker"]["ok"] is True


def test_ready_names_the_dependency_that_is_down(infra: ServerInfra, tmp_path: Path) -> None:
    from tests.support.infra import free_port, start_gateway

    env = {**infra.env, "BROKER_URL": f"amqp://guest:guest@127.0.0.1:{free_port()}//"}
    gateway, base = start_gateway(env, tmp_path)
    try:
        with Api(base) as api:
            r = api.http.get("/ready")
            assert r.status_code == 503, r.text
            checks = r.json()["checks"]
            assert checks["redis"]["ok"] is True and checks["postgres"]["ok"] is True
            assert checks["broker"]["ok"] is False and checks["broker"]["error"]
            assert api.http.get("/ready").status_code == 503
            assert api.http.get("/health").status_code == 200
        # the log says why, once for the two 503s
        said = [line for line in gateway.log_text().splitlines() if "ready.unavailable" in line]
        assert len(said) == 1 and "broker" in said[0], said
    finally:
        gateway.stop()
