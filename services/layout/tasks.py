"""Celery task of the layout worker."""

from __future__ import annotations

from typing import Any

from celery.signals import worker_ready

from services.layout import elk, stage
from shared.celery_app import get_celery
from shared.pipeline import register_stage
from shared.settings import layout_settings

app = get_celery()

render = register_stage(app, "layout", stage.lay_out)


@worker_ready.connect
def _start_engine(**_: Any) -> None:
    """Start ELK with the worker, so its warm-up runs before the first job arrives."""
    if layout_settings().engine == "elk" and elk.available():
        elk.engine().start()
