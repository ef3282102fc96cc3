"""Stage attempts over real Redis (shared/jobrun.py): which deliveries begin, fencing of a
superseded attempt, re-drives of silent jobs and their bound, and the ordered timeouts."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from shared import jobrun
from shared.contracts import JobError
from shared.events import RUNNING_JOBS_KEY, init_job_state, job_run_key, publish_final
from shared.redis_client import get_redis
from shared.settings import QueueSettings, clear_caches
from tests.support.infra import ServerInfra, poll

pytestmark = pytest.mark.integration

STALL = 0.4


@pytest.fixture()
def short_stall(infra: ServerInfra, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("STAGE_HEARTBEAT_SECONDS", "0.1")
    monkeypatch.setenv("STAGE_STALL_SECONDS", str(STALL))
    monkeypatch.setenv("JOB_MAX_REDRIVES", "2")
    clear_caches()
    yield
    monkeypatch.undo()
    clear_caches()


def _job() -> str:
    job_id = uuid.uuid4().hex
    init_job_state(job_id, user_id=1, project_id=1, project_code="ABCDEFG")
    return job_id


def test_a_delivery_begins_once_per_hop(short_stall: None) -> None:
    job_id = _job()
    payload = {"job_id": job_id, "hop": 0}
    verdict, first = jobrun.begin(job_id, hop=0, stage="intent", payload=payload)
    assert verdict == "run" and first is not None
    # the same hop while its attempt is alive: a duplicate (e.g. a visibility-timeout redelivery)
    assert jobrun.begin(job_id, hop=0, stage="intent", payload=payload)[0] == "held"
    assert first.complete("generate", {"job_id": job_id, "hop": 1})
    assert jobrun.begin(job_id, hop=0, stage="intent", payload=payload)[0] == "stale"
    verdict, second = jobrun.begin(job_id, hop=1, stage="generate", payload=payload)
    assert verdict == "run" and second is not None
    assert jobrun.begin(job_id, hop=0, stage="intent", payload=payload)[0] == "stale"
    publish_final(job_id, error=JobError(error_code="X", message="ended"))
    assert jobrun.begin(job_id, hop=2, stage="validate", payload=payload)[0] == "finished"
    r = get_redis()
    assert not r.exists(job_run_key(job_id)) and r.zscore(RUNNING_JOBS_KEY, job_id) is None


def test_a_silent_attempt_is_taken_over_and_fenced_off(short_stall: None) -> None:
    job_id = _job()
    payload = {"job_id": job_id, "hop": 0}
    _, dead = jobrun.begin(job_id, hop=0, stage="layout", payload=payload)
    assert dead is not None
    time.sleep(STALL + 0.1)  # no heartbeat: its worker is gone
    verdict, taker = jobrun.begin(job_id, hop=0, stage="layout", payload=payload)
    assert verdict == "run" and taker is not None
    # the presumed-dead attempt comes back: it may neither beat nor hand the job on
    assert not dead.beat()
    assert not dead.complete("persist", {"job_id": job_id, "hop": 1})
    assert taker.beat()
    assert taker.complete("persist", {"job_id": job_id, "hop": 1})
    publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_a_beating_attempt_is_never_redriven(short_stall: None) -> None:
    job_id = _job()
    _, attempt = jobrun.begin(job_id, hop=0, stage="layout", payload={"job_id": job_id})
    assert attempt is not None
    attempt.start_beating(0.1)
    try:
        time.sleep(STALL * 3)
        assert job_id not in jobrun.stalled_jobs()
        assert get_redis().hget(job_run_key(job_id), "redrives") is None
    finally:
        attempt.stop_beating()
        publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_a_silent_job_is_redriven_a_bounded_number_of_times(short_stall: None) -> None:
    job_id = _job()
    # a stage that completed, but whose hand-off was lost: the re-drive sends the next stage
    _, attempt = jobrun.begin(job_id, hop=0, stage="layout", payload={"job_id": job_id})
    assert attempt is not None and attempt.complete("persist", {"job_id": job_id, "hop": 1})
    # the messages are collected here, not sent (this session's workers would run them; the
    # worker-loss tests send them for real)
    sent: list[tuple[str, dict[str, object]]] = []
    r = get_redis()

    def redrive_until_gone() -> bool:
        if r.zscore(RUNNING_JOBS_KEY, job_id) is None:
            return True
        if job_id in jobrun.redrive_stalled(send=lambda s, p: sent.append((s, p))):
            # not again within the stall time
            assert job_id not in jobrun.redrive_stalled(send=lambda s, p: sent.append((s, p)))
        return False

    assert poll(redrive_until_gone, timeout=20)
    # JOB_MAX_REDRIVES times, the next stage from the stored output; then the deadline decides
    mine = [(stage, payload) for stage, payload in sent if payload["job_id"] == job_id]
    assert mine == [("persist", {"job_id": job_id, "hop": 1})] * 2
    assert r.hget(job_run_key(job_id), "redrives") == "2"
    publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_timeouts_must_let_recovery_come_before_the_deadline() -> None:
    with pytest.raises(ValidationError, match="BROKER_VISIBILITY_TIMEOUT"):
        QueueSettings(BROKER_VISIBILITY_TIMEOUT=300, JOB_DEADLINE_SECONDS=180)
    with pytest.raises(ValidationError, match="STAGE_STALL_SECONDS"):
        QueueSettings(STAGE_STALL_SECONDS=200, JOB_DEADLINE_SECONDS=180)
    with pytest.raises(ValidationError, match="STAGE_HEARTBEAT_SECONDS"):
        QueueSettings(STAGE_HEARTBEAT_SECONDS=20, STAGE_STALL_SECONDS=30)
    defaults = QueueSettings()
    assert (
        defaults.visibility_timeout_seconds + defaults.restore_interval_seconds
        < defaults.job_deadline_seconds
    )
