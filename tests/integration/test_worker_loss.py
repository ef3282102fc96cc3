"""A worker killed (`kill -9`) while it holds a job mid-stage: the job still finishes, with
exactly one version, within a minute of the worker's restart — for every worker kind, on the
Redis broker and on RabbitMQ. And a late delivery of the finished job's stage is a no-op.

One private suite per broker (real Redis, PostgreSQL, RabbitMQ, Celery workers, gateway).
Every stage sleeps FAULT_DELAY_SECONDS (test-only fault injection) so it can be killed inside
it; the restarted worker runs without the delay. The re-drive thresholds are short here
(heartbeat 0.5 s, stall 2 s, sweep 0.5 s). On Redis the visibility timeout is far longer than
the test's minute, so only the sweeper's re-drive can save the job (the old behaviour: the
job waited for the redelivery and failed JOB_TIMEOUT first).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from celery import Celery

from shared.stages import STAGES, WORKER_KINDS, stage
from tests.support.api import Api
from tests.support.infra import poll, rabbitmq_vhost, start_worker
from tests.support.suite import Suite, private_suite

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DELAY_SECONDS = 2.5
FAST_RECOVERY = {
    "FAULT_DELAY_STAGE": ",".join(s.name for s in STAGES),
    "FAULT_DELAY_SECONDS": str(DELAY_SECONDS),
    "STAGE_HEARTBEAT_SECONDS": "0.5",
    "STAGE_STALL_SECONDS": "2",
    "JOB_SWEEP_INTERVAL_SECONDS": "0.5",
    "JOB_MAX_REDRIVES": "30",
    # far beyond the test's minute: on Redis, only a re-drive can bring the task back in time
    "BROKER_VISIBILITY_TIMEOUT": "900",
    "JOB_DEADLINE_SECONDS": "1200",
}
#: the stage each worker kind is killed in (every kind of the stage table: a test checks)
STAGE_OF_KIND = {
    "intent": "intent",
    "dsl": "generate",
    "threats": "threats",
    "layout": "layout",
    "persistence": "persist",
}


@pytest.fixture(scope="module", params=["redis", "rabbitmq"])
def suite(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Suite]:
    log_dir = tmp_path_factory.mktemp(f"loss-{request.param}")
    if request.param == "redis":
        with private_suite(log_dir, FAST_RECOVERY) as s:
            yield s
    else:
        with (
            rabbitmq_vhost() as amqp,
            private_suite(log_dir, {**FAST_RECOVERY, "BROKER_URL": amqp}) as s,
        ):
            yield s


def _versions_of_job(suite: Suite, job_id: str) -> int:
    url = suite.infra.database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM diagram_versions WHERE job_id = %s", (job_id,))
        return int(row.fetchone()[0])  # type: ignore[index]


def _deliver_again(suite: Suite, stage_name: str, payload: dict[str, Any]) -> None:
    """Put a stage's message on its queue again, as a late broker redelivery would."""
    spec = stage(stage_name)
    app = Celery("late-delivery", broker=suite.env.get("BROKER_URL") or suite.env["REDIS_URL"])
    try:
        app.send_task(spec.task, args=[payload], queue=spec.worker)
    finally:
        app.close()


def test_every_worker_kind_is_killed_in_one_of_its_stages() -> None:
    assert set(STAGE_OF_KIND) == set(WORKER_KINDS)
    assert all(stage(name).worker == kind for kind, name in STAGE_OF_KIND.items())


@pytest.mark.parametrize("kind", list(STAGE_OF_KIND))
def test_killed_worker_job_finishes_with_one_version(suite: Suite, kind: str) -> None:
    stage_name = STAGE_OF_KIND[kind]
    r = suite.infra.redis()
    with Api(suite.base_url) as api:
        _, headers = api.new_user()
        project = api.new_project(headers)
        job_id = api.generate(headers, project, "create a web app with a postgres database")[
            "job_id"
        ]
        deadline = time.monotonic() + 90
        while r.hget(f"jobstate:{job_id}", "stage") != stage_name:
            assert time.monotonic() < deadline, f"the job never reached {stage_name}"
            time.sleep(0.02)
        held: dict[str, Any] = json.loads(r.hget(f"jobrun:{job_id}", "ctx") or "{}")
        suite.workers[kind].kill()  # mid-stage: inside the injected delay
        assert r.hget(f"jobstate:{job_id}", "status") == "running"

        calm = {k: v for k, v in suite.env.items() if not k.startswith("FAULT_DELAY")}
        suite.workers[kind] = start_worker(kind, calm, suite.log_dir, suffix=f"-{kind}-again")
        job = api.wait_job(headers, job_id, timeout=60)  # a minute from the restart
        assert job["status"] == "succeeded", job
        assert _versions_of_job(suite, job_id) == 1
        versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
        assert [v["number"] for v in versions] == [1]

        # The killed delivery comes back late (RabbitMQ already re-queued it; Redis would after
        # its visibility timeout): the finished job ignores it.
        _deliver_again(suite, stage_name, held)
        worker = suite.workers[kind]
        skipped = poll(
            lambda: any(
                "stage.skip_delivery" in line and job_id in line
                for line in worker.log_text().splitlines()
            )
        )
        assert skipped, "the late delivery was never consumed"
        assert _versions_of_job(suite, job_id) == 1
        assert r.hget(f"jobstate:{job_id}", "status") == "succeeded"
        assert api.wait_job(headers, job_id)["result"]["payload"]["version_number"] == 1
