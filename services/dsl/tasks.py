"""Celery tasks of the dsl worker: `dsl.generate` and `dsl.validate` (one queue, `dsl`)."""

from __future__ import annotations

from services.dsl import stage
from shared.celery_app import get_celery
from shared.pipeline import register_stage

app = get_celery()

generate = register_stage(app, "generate", stage.generate)
validate = register_stage(app, "validate", stage.validate)
