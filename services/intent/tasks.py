"""Celery task of the intent worker (thin: load context, call the classifier, hand on)."""

from __future__ import annotations

from typing import Any

from celery.signals import worker_ready

from services.intent import stage
from services.intent.classifier import get_classifier
from shared.celery_app import get_celery
from shared.pipeline import register_stage

app = get_celery()

classify = register_stage(app, "intent", stage.classify)


@worker_ready.connect
def _warm_up(**_: Any) -> None:
    """Load the model and index before the first job, not during it."""
    get_classifier().classify("warm up", has_diagram=False)
