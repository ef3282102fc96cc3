"""A backlog is not a loss: jobs handed on to a stage whose worker is not consuming wait in its
queue, and the gateway's sweeper leaves them there (no `job.redriven`, no re-drive spent);
when a worker of that kind comes, every job finishes with one version.

A private suite on the Redis broker with short re-drive thresholds (heartbeat 0.5 s, stall
2 s, sweep 0.5 s): the jobs wait in the layout queue for several stall periods. Before the
hand-off was recorded, each of them was re-driven once a stall period (issue 10's load run
logged 1277 such re-drives). The same sweep on RabbitMQ: test_stage_attempts.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import redis

from services.gateway.queues import read_depths
from shared.events import RUNNING_JOBS_KEY
from tests.support.api import Api
from tests.support.infra import poll, start_worker
from tests.support.silence import backdate
from tests.support.suite import Suite, private_suite

pytestmark = [pytest.mark.integration, pytest.mark.slow]

JOBS = 20
STALL = 2.0
QUICK_SWEEPS = {
    "STAGE_HEARTBEAT_SECONDS": "0.5",
    "STAGE_STALL_SECONDS": str(STALL),
    "JOB_SWEEP_INTERVAL_SECONDS": "0.5",
    "JOB_DEADLINE_SECONDS": "600",
}


@pytest.fixture()
def suite(tmp_path: Path) -> Iterator[Suite]:
    with private_suite(tmp_path, QUICK_SWEEPS) as s:
        yield s


def _all_looked_at_again(r: redis.Redis, silent: dict[str, float]) -> bool:
    """The sweeper has claimed each job since it was made silent (a job left waiting in its
    queue gets a fresh score)."""
    return all((r.zscore(RUNNING_JOBS_KEY, j) or 0) > score for j, score in silent.items())


def test_jobs_queued_for_a_stopped_worker_wait_and_then_finish(suite: Suite) -> None:
    suite.workers["layout"].stop()  # the layout queue fills and nobody takes from it
    r = suite.infra.redis()
    with Api(suite.base_url) as api:
        _, headers = api.new_user()
        project = api.new_project(headers)
        jobs = [
            api.generate(headers, project, f"create a web app with a postgres database {n}")[
                "job_id"
            ]
            for n in range(JOBS)
        ]

        def all_queued_for_layout() -> bool:
            return read_depths(suite.infra.redis_url, ["layout"], 2.0)["layout"] == JOBS

        assert poll(all_queued_for_layout, timeout=120), "the jobs never reached layout"
        for _ in range(3):  # three sweeps, each finding every job silent past the stall
            silent = backdate(r, jobs, STALL * 2)
            assert poll(partial(_all_looked_at_again, r, silent), timeout=30), "no sweep came"

        assert "job.redriven" not in suite.gateway.log_text()
        assert all(r.hget(f"jobrun:{job}", "redrives") is None for job in jobs)
        assert read_depths(suite.infra.redis_url, ["layout"], 2.0)["layout"] == JOBS

        suite.workers["layout"] = start_worker("layout", suite.env, suite.log_dir, "-again")
        finished = [api.wait_job(headers, job, timeout=120) for job in jobs]
        assert [job["status"] for job in finished] == ["succeeded"] * JOBS
        numbers = sorted(job["result"]["payload"]["version_number"] for job in finished)
        assert numbers == list(range(1, JOBS + 1))  # one version per job, none twice
