"""Stage attempts over real Redis (shared/jobrun.py): which deliveries begin, fencing of a
superseded attempt, re-drives of silent jobs and their bound, the ordered timeouts, and a
backlog of handed-off jobs on a real broker (Redis and RabbitMQ) that is left to wait."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from celery import Celery
from pydantic import ValidationError

from services.gateway.queues import QueueDepthCollector, read_depths
from shared import jobrun, stages
from shared.contracts import JobError
from shared.events import RUNNING_JOBS_KEY, init_job_state, job_run_key, publish_final
from shared.redis_client import get_redis
from shared.settings import QueueSettings, clear_caches
from shared.stages import WORKER_KINDS
from tests.support.infra import ServerInfra, isolated_infra, poll, rabbitmq_vhost
from tests.support.silence import backdate

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

    def empty_queues(since: float) -> dict[str, int]:
        return {}  # the re-sent messages were never queued: each is lost again

    def redrive_until_gone() -> bool:
        if r.zscore(RUNNING_JOBS_KEY, job_id) is None:
            return True
        collect: jobrun.Send = lambda s, p: sent.append((s, p))  # noqa: E731
        if job_id in jobrun.redrive_stalled(send=collect, depths=empty_queues):
            # not again within the stall time
            assert job_id not in jobrun.redrive_stalled(send=collect, depths=empty_queues)
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


@pytest.fixture(params=["redis", "rabbitmq"])
def idle_broker(request: pytest.FixtureRequest) -> Iterator[str]:
    """A broker no worker consumes from: its own Redis db, or a fresh RabbitMQ vhost."""
    if request.param == "redis":
        with isolated_infra() as idle:
            yield idle.redis_url
    else:
        with rabbitmq_vhost() as url:
            yield url


class Broker:
    """Sends stage messages to `url` and reads its queues' depths, as the gateway does."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.app = Celery("backlog", broker=url)

    def send(self, stage_name: str, payload: dict[str, object]) -> None:
        spec = stages.stage(stage_name)
        self.app.send_task(spec.task, args=[payload], queue=spec.worker)

    def depths(self, since: float = 0.0) -> dict[str, int] | None:
        return read_depths(self.url, WORKER_KINDS, 2.0)  # read now, so after any `since`

    def purge(self, queue: str) -> None:
        with self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)


def _handed_off(broker: Broker, count: int, *, sent: bool = True) -> list[str]:
    """`count` jobs whose threats stage completed and handed layout on (sent: the broker
    accepted the message; else the hand-off was lost before the send)."""
    jobs = []
    for _ in range(count):
        job_id = _job()
        _, attempt = jobrun.begin(job_id, hop=3, stage="threats", payload={"job_id": job_id})
        assert attempt is not None
        handed = {"job_id": job_id, "hop": 4}
        assert attempt.complete("layout", handed)
        if sent:
            broker.send("layout", handed)
            assert attempt.handed()
        jobs.append(job_id)
    return jobs


def test_a_backlog_waiting_for_its_worker_is_not_redriven(
    short_stall: None, idle_broker: str
) -> None:
    broker = Broker(idle_broker)
    backlog: list[str] = []
    lost = ""
    try:
        backlog = _handed_off(broker, 150)
        lost = _handed_off(broker, 1, sent=False)[0]
        mine = {*backlog, lost}
        backdate(get_redis(), mine, STALL + 0.2)  # every one silent past the stall threshold
        sent: list[tuple[str, dict[str, object]]] = []
        for _ in range(3):  # sweep after sweep: the backlog still waits, nothing is spent
            redriven = jobrun.redrive_stalled(
                send=lambda s, p: sent.append((s, p)), depths=broker.depths
            )
            assert not set(redriven) & set(backlog)
            backdate(get_redis(), mine, STALL + 0.1)
        r = get_redis()
        assert all(r.hget(job_run_key(j), "redrives") is None for j in backlog)
        assert broker.depths() == {**dict.fromkeys(WORKER_KINDS, 0), "layout": 150}
        # the hand-off that never reached the broker is re-driven, backlog or not; once
        # re-sent it waits in the queue like the others
        assert [(s, p) for s, p in sent if p["job_id"] in mine] == [
            ("layout", {"job_id": lost, "hop": 4})
        ]

        # the broker lost the queue (e.g. restarted without persistence): now they are lost
        broker.purge("layout")
        redriven = jobrun.redrive_stalled(
            send=lambda s, p: sent.append((s, p)), depths=broker.depths
        )
        assert set(backlog) <= set(redriven)
    finally:
        broker.app.close()
        for job_id in (*backlog, lost):
            if job_id:
                publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_a_depth_read_before_the_hand_off_does_not_call_it_lost(
    short_stall: None, idle_broker: str
) -> None:
    """The gateway's depths are cached for `/metrics`; an answer taken while the layout queue
    was still empty must not count the jobs handed to it since as lost hand-offs."""
    broker = Broker(idle_broker)
    reads: list[str] = []  # one entry per read of the broker

    def url() -> str:
        reads.append(idle_broker)
        return idle_broker

    gauge = QueueDepthCollector(url, WORKER_KINDS, cache_seconds=60)
    jobs: list[str] = []
    try:
        before = gauge.depths()  # a scrape (or an earlier sweep) before anything reached layout
        assert before is not None and before["layout"] == 0
        jobs = _handed_off(broker, 3)
        backdate(get_redis(), jobs, STALL + 0.2)  # silent past the stall, still in the queue
        sent: list[tuple[str, dict[str, object]]] = []
        # the gateway's sweeper is given the gauge's own method
        redriven = jobrun.redrive_stalled(
            send=lambda s, p: sent.append((s, p)), depths=gauge.depths
        )
        assert not set(redriven) & set(jobs)
        assert not [p for _, p in sent if p["job_id"] in jobs]
        r = get_redis()
        assert all(r.hget(job_run_key(j), "redrives") is None for j in jobs)
        assert len(reads) == 2  # the scrape's, then one for the whole sweep
        after = gauge.depths()  # the sweep's read is the gauge's answer too, not read again
        assert after is not None and after["layout"] == 3 and len(reads) == 2
    finally:
        broker.app.close()
        for job_id in jobs:
            publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_a_handed_job_waiting_past_its_bound_is_redriven(
    short_stall: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGE_QUEUED_SECONDS", str(STALL * 3))
    clear_caches()
    sent: list[tuple[str, dict[str, object]]] = []
    job_id = _job()
    _, attempt = jobrun.begin(job_id, hop=1, stage="generate", payload={"job_id": job_id})
    assert attempt is not None and attempt.complete("validate", {"job_id": job_id, "hop": 2})
    assert attempt.handed()

    def always_busy(since: float) -> dict[str, int]:
        return dict.fromkeys(WORKER_KINDS, 1000)

    def unreachable(since: float) -> dict[str, int]:
        raise ConnectionError("the broker does not answer")

    def redriven(depths: jobrun.Depths) -> bool:
        return job_id in jobrun.redrive_stalled(
            send=lambda s, p: sent.append((s, p)), depths=depths
        )

    backdate(get_redis(), [job_id], STALL + 0.1)
    # a busy queue, or one nobody can read: the message may be waiting there
    assert not redriven(always_busy) and not redriven(unreachable)
    # far past the bound, the message may be lost however busy its queue looks
    backdate(get_redis(), [job_id], STALL * 3 + 0.1)
    assert poll(lambda: redriven(always_busy), timeout=10)
    assert sent == [("validate", {"job_id": job_id, "hop": 2})]
    publish_final(job_id, error=JobError(error_code="X", message="ended"))


def test_the_queued_bound_is_not_below_the_stall_threshold() -> None:
    with pytest.raises(ValidationError, match="STAGE_QUEUED_SECONDS"):
        QueueSettings(STAGE_QUEUED_SECONDS=10, STAGE_STALL_SECONDS=30)
