"""Celery tasks of the persistence worker: the final `save` stage and durable failures."""

from __future__ import annotations

from typing import Any

from services.persistence import stage
from shared.celery_app import STAGE_TASKS, get_celery
from shared.contracts import JobError
from shared.pipeline import register_stage

app = get_celery()

save = register_stage(app, "persist", stage.save)


@app.task(
    name=STAGE_TASKS["record_failure"][0],
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def record_failure(payload: dict[str, Any]) -> None:
    stage.record_failure(payload["job_id"], JobError.model_validate(payload["error"]))
