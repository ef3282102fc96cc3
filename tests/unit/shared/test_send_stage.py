"""What a stage message carries besides the context: no copy of the user's text in its headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from celery.signals import before_task_publish

from shared import celery_app, stages
from shared.settings import clear_caches


@pytest.fixture()
def memory_broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BROKER_URL", "memory://")
    clear_caches()
    celery_app.get_celery.cache_clear()
    yield
    clear_caches()
    celery_app.get_celery.cache_clear()


def test_headers_name_the_job_but_do_not_repeat_the_context(memory_broker: None) -> None:
    published: list[dict[str, Any]] = []

    def capture(headers: dict[str, Any], **_: Any) -> None:
        published.append(headers)

    before_task_publish.connect(capture, weak=False)
    try:
        payload = {"job_id": "ab" * 16, "query": "design a vault for patient records"}
        celery_app.send_stage("intent", payload)
    finally:
        before_task_publish.disconnect(capture)
    (headers,) = published
    assert headers["task"] == stages.stage("intent").task
    assert "ab" * 16 in headers["argsrepr"]
    assert "patient records" not in headers["argsrepr"] + headers["kwargsrepr"]
