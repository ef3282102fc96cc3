"""Celery task of the layout worker."""

from __future__ import annotations

from services.layout import stage
from shared.celery_app import get_celery
from shared.pipeline import register_stage

app = get_celery()

render = register_stage(app, "layout", stage.lay_out)
