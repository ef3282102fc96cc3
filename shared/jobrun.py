"""Stage attempts in Redis: how a job survives the death of the worker that held it.

Each delivery of a stage to a worker is an *attempt*. The attempt is recorded in the hash
``jobrun:{job_id}`` with the job's hop (how many hand-offs the job has made), the stage, the
context it started from, and a heartbeat the attempt renews while it works; the sorted set
``jobs:running`` scores each running job by its last sign of life. A stage that completes
stores its output and the next stage there before handing it on.

- **Begin** (atomic): a delivery of a finished job, of an earlier hop, or of a hop already
  completed is stale and dropped; a delivery of the hop a live attempt holds (heartbeat
  younger than ``STAGE_STALL_SECONDS``) is a duplicate and dropped; otherwise it becomes the
  attempt, and any older one is fenced off (its heartbeat and hand-off are refused).
- **Hand-off**: a stage that completes stores its output and next stage (phase
  ``completed``), sends the next stage, and once the broker accepted the message records
  when (``sent``). From then on the job is *waiting in a queue*, not lost: under a backlog
  the message may wait far longer than ``STAGE_STALL_SECONDS`` for a worker.
- **Re-drive**: the gateway's sweeper finds jobs silent for ``STAGE_STALL_SECONDS`` and sends
  the stage again from the context it started from (or, when the stage completed but the
  hand-off was lost, the next stage from the stored output), at most ``JOB_MAX_REDRIVES``
  times. A job whose message the broker accepted is re-driven only when that message may
  really be lost: its queue is empty (read with one passive declare a sweep, the same on
  Redis and RabbitMQ), or it has waited longer than ``STAGE_QUEUED_SECONDS``; otherwise the
  sweeper looks again a stall period later, without spending a re-drive. The depths must be
  read after the sweep listed its stalled jobs, never an answer cached from before: a job is
  listed once its hand-off is a stall period old, so that read counts its message, while an
  earlier one may predate the hand-off and call its queue empty. A message a worker
  fetched but has not begun is not counted in its queue: at worst one early re-drive, which
  Begin drops as a duplicate. A re-driven message counts as sent too. Stages are idempotent
  (the version row is unique by job id), so a re-drive that races a broker redelivery costs
  work, never a second version.

All clocks are the Redis server's (``TIME``), so workers and gateways on other hosts agree.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import redis
import structlog

from shared import stages
from shared.celery_app import send_stage
from shared.events import RUNNING_JOBS_KEY, job_run_key, job_state_key
from shared.redis_client import get_redis
from shared.settings import queue_settings

log = structlog.get_logger("jobrun")

Verdict = Literal["run", "finished", "stale", "held"]

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

# KEYS: jobstate, jobrun, running. ARGV: hop, stage, attempt, stall, ctx ('' = the stored
# output of the previous hop, if that is what the record holds), ttl, job_id
_BEGIN = (
    _NOW
    + """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'succeeded' or status == 'failed' then return 'finished' end
local cur = redis.call('HMGET', KEYS[2], 'hop', 'phase', 'beat')
local hop = tonumber(ARGV[1])
local handed = false
if cur[1] then
  local held = tonumber(cur[1])
  if hop < held then return 'stale' end
  if hop == held then
    if cur[2] == 'completed' then return 'stale' end
    if now - tonumber(cur[3]) < tonumber(ARGV[4]) then return 'held' end
  end
  handed = hop == held + 1 and cur[2] == 'completed'
end
if ARGV[5] == '' and not handed then return 'need' end
redis.call('HSET', KEYS[2], 'hop', ARGV[1], 'stage', ARGV[2], 'phase', 'started',
  'attempt', ARGV[3], 'beat', tostring(now), 'next', '', 'sent', '')
if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'ctx', ARGV[5]) end
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[3], now, ARGV[7])
return 'run'
"""
)

# KEYS: jobrun, running. ARGV: attempt, job_id, delay (seconds added to the score)
_BEAT = (
    _NOW
    + """
local cur = redis.call('HMGET', KEYS[1], 'attempt', 'phase')
if cur[1] ~= ARGV[1] or cur[2] ~= 'started' then return 0 end
if tonumber(ARGV[3]) > 0 then
  redis.call('HSET', KEYS[1], 'beat', '0')
else
  redis.call('HSET', KEYS[1], 'beat', tostring(now))
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
return 1
"""
)

# KEYS: jobrun, running. ARGV: attempt, job_id, next stage, output context
_COMPLETE = (
    _NOW
    + """
local cur = redis.call('HMGET', KEYS[1], 'attempt', 'phase')
if cur[1] ~= ARGV[1] or cur[2] ~= 'started' then return 0 end
redis.call('HSET', KEYS[1], 'phase', 'completed', 'next', ARGV[3], 'ctx', ARGV[4],
  'beat', tostring(now), 'sent', '')
redis.call('ZADD', KEYS[2], now, ARGV[2])
return 1
"""
)

# KEYS: jobrun, running. ARGV: attempt, phase, job_id. The broker accepted the message that
# moves the job on from this attempt's record (a hand-off, or the sweeper's re-drive of it).
_SENT = (
    _NOW
    + """
local cur = redis.call('HMGET', KEYS[1], 'attempt', 'phase')
if cur[1] ~= ARGV[1] or cur[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'sent', tostring(now))
redis.call('ZADD', KEYS[2], now, ARGV[3])
return 1
"""
)

# KEYS: jobstate, jobrun, running. ARGV: job_id, stall, max re-drives, queued ('1': the queue
# of the message that was sent holds messages, or its depth is unknown), queued bound
_CLAIM = (
    _NOW
    + """
local status = redis.call('HGET', KEYS[1], 'status')
local run = redis.call('HMGET', KEYS[2], 'phase', 'stage', 'next', 'ctx', 'redrives', 'sent',
  'attempt')
if status == 'succeeded' or status == 'failed' or not run[1] then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return {'gone'}
end
local score = redis.call('ZSCORE', KEYS[3], ARGV[1])
if not score or now - tonumber(score) < tonumber(ARGV[2]) then return {'alive'} end
local sent = tonumber(run[6] or '')
if sent and ARGV[4] == '1' and now - sent < tonumber(ARGV[5]) then
  -- waiting in its queue: look again a stall period later, without spending a re-drive
  redis.call('ZADD', KEYS[3], now, ARGV[1])
  return {'queued'}
end
local done = tonumber(run[5] or '0')
if done >= tonumber(ARGV[3]) then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return {'exhausted'}
end
redis.call('HSET', KEYS[2], 'redrives', tostring(done + 1))
redis.call('ZADD', KEYS[3], now, ARGV[1])
local target = run[2]
if run[1] == 'completed' then target = run[3] end
return {'redrive', target, run[4], run[7] or '', run[1]}
"""
)


def _run_ttl() -> int:
    """How long an attempt record outlives its last write (past the deadline, with margin)."""
    return int(queue_settings().job_deadline_seconds) * 2 + 60


@dataclass
class Attempt:
    """This process's attempt at a stage of a job; `beating` renews its heartbeat."""

    job_id: str
    id: str
    client: redis.Redis
    _stop: threading.Event
    _thread: threading.Thread | None = None

    def beat(self, *, delay: float = 0.0) -> bool:
        """Renew the heartbeat (False: another attempt took the stage over). With `delay`,
        release the stage instead: a retry of it may begin at once, and the sweeper waits
        `delay` more seconds before re-driving it."""
        script = self.client.register_script(_BEAT)
        keys = [job_run_key(self.job_id), RUNNING_JOBS_KEY]
        return bool(script(keys=keys, args=[self.id, self.job_id, delay]))

    def start_beating(self, interval: float) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    if not self.beat():
                        return
                except redis.RedisError:  # a Redis hiccup: the next beat may land
                    log.warning("jobrun.beat_failed", job_id=self.job_id)

        self._thread = threading.Thread(target=loop, name=f"beat-{self.job_id}", daemon=True)
        self._thread.start()

    def stop_beating(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def complete(self, next_stage: str, out: dict[str, Any]) -> bool:
        """Record the output and the next stage; False when this attempt was fenced off (its
        output must not be handed on)."""
        script = self.client.register_script(_COMPLETE)
        keys = [job_run_key(self.job_id), RUNNING_JOBS_KEY]
        return bool(script(keys=keys, args=[self.id, self.job_id, next_stage, json.dumps(out)]))

    def handed(self) -> bool:
        """Record that the broker accepted the next stage's message: from now on the job waits
        in a queue, and the sweeper re-drives it only when that message can be lost."""
        return _mark_sent(self.client, self.job_id, self.id, "completed")


def _mark_sent(r: redis.Redis, job_id: str, attempt_id: str, phase: str) -> bool:
    script = r.register_script(_SENT)
    keys = [job_run_key(job_id), RUNNING_JOBS_KEY]
    return bool(script(keys=keys, args=[attempt_id, phase, job_id]))


def begin(
    job_id: str, *, hop: int, stage: str, payload: dict[str, Any], client: redis.Redis | None = None
) -> tuple[Verdict, Attempt | None]:
    """Try to make this delivery the attempt of `stage` at `hop` (see the module docstring).

    The context a stage starts from is stored for re-drives; the usual hand-off already
    stored it (the previous stage's output), so it is sent only when Redis asks for it."""
    r = client if client is not None else get_redis()
    attempt_id = uuid.uuid4().hex
    script = r.register_script(_BEGIN)
    settings = queue_settings()
    verdict = "need"
    for full in (hop == 0, True):
        ctx = json.dumps(payload) if full else ""
        verdict = _text(
            script(
                keys=[job_state_key(job_id), job_run_key(job_id), RUNNING_JOBS_KEY],
                args=[
                    hop,
                    stage,
                    attempt_id,
                    settings.stage_stall_seconds,
                    ctx,
                    _run_ttl(),
                    job_id,
                ],
            )
        )
        if verdict != "need":
            break
    if verdict != "run":
        return verdict, None  # type: ignore[return-value]
    return "run", Attempt(job_id=job_id, id=attempt_id, client=r, _stop=threading.Event())


def stalled_jobs(client: redis.Redis | None = None, limit: int = 500) -> list[str]:
    """Running jobs with no sign of life for STAGE_STALL_SECONDS."""
    r = client if client is not None else get_redis()
    seconds, micros = r.time()
    cutoff = seconds + micros / 1_000_000 - queue_settings().stage_stall_seconds
    return [str(j) for j in r.zrangebyscore(RUNNING_JOBS_KEY, "-inf", cutoff, 0, limit)]


Send = Callable[[str, dict[str, Any]], None]
#: messages waiting in each worker kind's queue, read from the broker no earlier than the
#: `time.monotonic()` value given (None: unreachable)
Depths = Callable[[float], dict[str, int] | None]


def redrive_stalled(
    client: redis.Redis | None = None,
    send: Send = send_stage,
    depths: Depths | None = None,
) -> list[str]:
    """Send every stalled job again from its last known context (`send(stage, payload)`, the
    broker by default); returns the re-driven ids. `depths` tells whether a handed-off job's
    message may still be waiting in its queue; read at most once a sweep, after the listing
    of the stalled jobs, and without it (or when the broker does not answer) every queue
    counts as holding messages."""
    r = client if client is not None else get_redis()
    settings = queue_settings()
    script = r.register_script(_CLAIM)
    redriven: list[str] = []
    known: dict[str, int] | None = None
    read = False
    stalled = stalled_jobs(r)
    listed = time.monotonic()  # the depths must be read after this (module docstring)
    for job_id in stalled:
        phase, current, following, sent = r.hmget(
            job_run_key(job_id), ["phase", "stage", "next", "sent"]
        )
        queued = True  # unknown: the message may be waiting, only the longer bound applies
        if sent and phase is not None:
            if not read:
                known, read = _read_depths(depths, listed), True
            target = _text(following if _text(phase) == "completed" else current)
            queue = _queue_of(target)
            queued = known is None or queue is None or known.get(queue, 0) > 0
        claim = script(
            keys=[job_state_key(job_id), job_run_key(job_id), RUNNING_JOBS_KEY],
            args=[
                job_id,
                settings.stage_stall_seconds,
                settings.job_max_redrives,
                "1" if queued else "0",
                settings.stage_queued_seconds,
            ],
        )
        outcome = _text(claim[0])
        if outcome == "exhausted":
            log.warning("job.redrives_exhausted", job_id=job_id)  # the deadline ends it
        if outcome != "redrive":
            continue
        stage = _text(claim[1])
        send(stage, json.loads(_text(claim[2])))
        # the re-sent message may wait in a backlog too: not re-sent again while it does
        _mark_sent(r, job_id, _text(claim[3]), _text(claim[4]))
        log.warning("job.redriven", job_id=job_id, stage=stage, was_sent=bool(sent))
        redriven.append(job_id)
    return redriven


def _queue_of(task_name: str) -> str | None:
    try:
        return stages.task(task_name).worker
    except KeyError:  # a name an older release stored: its queue is unknown
        return None


def _read_depths(depths: Depths | None, since: float) -> dict[str, int] | None:
    if depths is None:
        return None
    try:
        return depths(since)
    except Exception as exc:  # an unreadable broker must not stop the sweep
        log.warning("jobrun.depths_unavailable", error=f"{type(exc).__name__}: {exc}")
        return None


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
