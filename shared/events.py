"""The event bus and live job state, both in Redis.

- Job state: a hash ``jobstate:{job_id}`` (status, stage, result, error, owner) that the
  gateway reads for polling and for the first WebSocket message. PostgreSQL keeps the durable
  copy (written by the gateway at enqueue and by the persistence stage at the end).
- Stage attempts: ``jobrun:{job_id}`` and the set ``jobs:running`` (shared/jobrun.py) let the
  sweeper re-drive a job whose worker died; both are dropped when the job ends.
- Events: every stage publishes ``{job_id, stage, status, at}`` on ``job:{job_id}``; new
  versions and other user-facing news go to ``user:{user_id}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import redis
from redis.client import Pipeline

from shared.contracts import JobError, JobResult, JobStatus, StageEvent, utcnow
from shared.redis_client import get_redis
from shared.settings import redis_settings

TERMINAL = frozenset({JobStatus.SUCCEEDED.value, JobStatus.FAILED.value})


def job_channel(job_id: str) -> str:
    return f"job:{job_id}"


def user_channel(user_id: int) -> str:
    return f"user:{user_id}"


def job_state_key(job_id: str) -> str:
    return f"jobstate:{job_id}"


def job_run_key(job_id: str) -> str:
    """The running job's stage attempt (shared/jobrun.py): hop, stage, heartbeat, context."""
    return f"jobrun:{job_id}"


#: running jobs scored by their last sign of life (shared/jobrun.py)
RUNNING_JOBS_KEY = "jobs:running"


def _client(client: redis.Redis | None) -> redis.Redis:
    return client if client is not None else get_redis()


def init_job_state(
    job_id: str,
    *,
    user_id: int,
    project_id: int,
    project_code: str,
    client: redis.Redis | None = None,
) -> None:
    pipe = _client(client).pipeline()
    queue_job_state(pipe, job_id, user_id=user_id, project_id=project_id, project_code=project_code)
    pipe.execute()


def queue_job_state(
    pipe: Pipeline, job_id: str, *, user_id: int, project_id: int, project_code: str
) -> None:
    """Add a new job's live state (queued, its owner; with its TTL) to `pipe`: the submit path
    sends it in one round trip with the session's snapshot."""
    key = job_state_key(job_id)
    pipe.hset(
        key,
        mapping={
            "status": JobStatus.QUEUED.value,
            "stage": "queued",
            "user_id": str(user_id),
            "project_id": str(project_id),
            "project_code": project_code,
            "updated_at": utcnow().isoformat(),
        },
    )
    pipe.expire(key, redis_settings().job_state_ttl_seconds)


def read_job_state(job_id: str, client: redis.Redis | None = None) -> dict[str, Any] | None:
    raw: dict[str, str] = _client(client).hgetall(job_state_key(job_id))  # type: ignore[assignment]
    return decode_job_state(raw)


def decode_job_state(raw: Mapping[Any, Any]) -> dict[str, Any] | None:
    """The job-state hash as a dict, with `result` and `error` parsed from JSON."""
    if not raw:
        return None
    state: dict[str, Any] = {str(k): v for k, v in raw.items()}
    for field in ("result", "error"):
        if state.get(field):
            state[field] = json.loads(state[field])
    return state


# One round trip, atomic: skip if the job already ended (a sweeper or a failing stage may have
# finished it), else record the stage and publish the event.
_PUBLISH_STAGE_LUA = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'succeeded' or status == 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'running', 'stage', ARGV[1], 'updated_at', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1
"""


def publish_stage(job_id: str, stage: str, status: str, client: redis.Redis | None = None) -> bool:
    """Record that `stage` started/completed and tell subscribers. Never overrides a final state;
    returns False when the job had already ended."""
    r = _client(client)
    event = StageEvent(job_id=job_id, stage=stage, status=status)  # type: ignore[arg-type]
    script = r.register_script(_PUBLISH_STAGE_LUA)
    done = script(
        keys=[job_state_key(job_id), job_channel(job_id)],
        args=[
            stage,
            event.at.isoformat(),
            event.model_dump_json(),
            redis_settings().job_state_ttl_seconds,
        ],
    )
    return bool(done)


def publish_final(
    job_id: str,
    *,
    result: JobResult | None = None,
    error: JobError | None = None,
    client: redis.Redis | None = None,
) -> StageEvent:
    """Mark the job succeeded (with its result) or failed (with its error) and publish it."""
    status = JobStatus.SUCCEEDED if error is None else JobStatus.FAILED
    event = StageEvent(
        job_id=job_id,
        stage="done" if error is None else "failed",
        status=status,
        result=result,
        error=error,
    )
    mapping: dict[Any, Any] = {
        "status": status.value,
        "stage": event.stage,
        "updated_at": event.at.isoformat(),
    }
    if result is not None:
        mapping["result"] = result.model_dump_json()
    if error is not None:
        mapping["error"] = error.model_dump_json()
    r = _client(client)
    pipe = r.pipeline()
    pipe.hset(job_state_key(job_id), mapping=mapping)
    pipe.expire(job_state_key(job_id), redis_settings().job_state_ttl_seconds)
    pipe.publish(job_channel(job_id), event.model_dump_json())
    pipe.delete(job_run_key(job_id))  # nothing left to re-drive
    pipe.zrem(RUNNING_JOBS_KEY, job_id)
    pipe.execute()
    return event


def publish_user_event(
    user_id: int, payload: dict[str, Any], client: redis.Redis | None = None
) -> None:
    _client(client).publish(user_channel(user_id), json.dumps(payload, default=str))
