"""The stage table (shared/stages.py) is the one list of stages, and everything follows it:
Celery's queues and routes, each worker's registered tasks, the routing between stages, and
the in-process runner. (`archdesign up`'s children and the deployment files are checked
against it in tests/unit/deploy.)"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from celery import Celery
from celery.signals import worker_ready

from shared import celery_app, stages
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    SessionSnapshot,
)
from shared.pipeline import load_function, register_worker
from shared.settings import clear_caches


@pytest.fixture()
def memory_broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BROKER_URL", "memory://")
    clear_caches()
    celery_app.get_celery.cache_clear()
    yield
    clear_caches()
    celery_app.get_celery.cache_clear()


calls: list[str] = []


class Consumer:
    """What Celery sends worker_ready from: a worker's consumer, which knows its app."""

    def __init__(self, app: Celery) -> None:
        self.app = app


def record_ready() -> None:
    calls.append("ready")


def context(kind: GenerationKind | None = None) -> JobContext:
    ctx = JobContext(
        job_id="j" * 32,
        user_id=1,
        project_id=1,
        project_code="ABCDEFG",
        query="q",
        session=SessionSnapshot(session_id="s"),
    )
    if kind is None:
        return ctx
    return ctx.model_copy(update={"generation": GenerationResult(kind=kind, message="m")})


def path(kind: GenerationKind) -> list[str]:
    """The stages a job whose reply is of `kind` goes through."""
    seen, name = [], stages.FIRST_STAGE
    ctx = context()
    while name is not None:
        seen.append(name)
        if name == "generate":
            ctx = context(kind)
        name = stages.next_stage(name, ctx)  # type: ignore[assignment]
    return seen


def test_the_table_is_sound() -> None:
    assert stages.table_problems() == []


def test_a_broken_table_is_reported() -> None:
    """table_problems must be able to fail, or the test above proves nothing."""
    validate = stages.stage("validate")
    orphan = dataclasses.replace(validate, name="orphan", task="dsl.orphan", next="nowhere")
    dangling = (*stages.TASKS, orphan)
    assert "orphan: next stage 'nowhere' does not exist" in stages.table_problems(tasks=dangling)
    looping = dataclasses.replace(validate, next="generate")
    unreached = dataclasses.replace(orphan, next=None)
    table = (*(looping if t is validate else t for t in stages.TASKS), unreached)
    problems = stages.table_problems(tasks=table)
    assert "loop: intent -> generate -> validate -> generate" in problems
    assert "stage orphan is never reached" in problems
    lonely = (*stages.WORKERS, stages.WorkerKind("audit"))
    assert stages.table_problems(workers=lonely) == ["worker kind audit runs no task"]
    assert stages.table_problems(first="nope") == ["first stage 'nope' does not exist"]


def test_every_function_of_the_table_exists() -> None:
    for spec in stages.TASKS:
        assert callable(load_function(spec.function)), spec.name
    for kind in stages.WORKERS:
        if kind.on_ready is not None:
            assert callable(load_function(kind.on_ready)), kind.name


def test_routes_follow_the_reply_kind() -> None:
    full = ["intent", "generate", "validate", "threats", "layout", "persist"]
    assert path(GenerationKind.DIAGRAM) == full
    assert path(GenerationKind.VIEW) == full
    assert path(GenerationKind.ANSWER) == ["intent", "generate", "persist"]


def test_celery_queues_and_routes_come_from_the_table(memory_broker: None) -> None:
    conf = celery_app.make_celery().conf
    assert [q.name for q in conf.task_queues] == list(stages.WORKER_KINDS)
    assert conf.task_routes == {t.task: {"queue": t.worker} for t in stages.TASKS}
    assert set(conf.task_routes) >= {"intent.classify", "persistence.record_failure"}


@pytest.mark.parametrize("kind", stages.WORKER_KINDS)
def test_a_worker_registers_the_tasks_of_its_kind(kind: str) -> None:
    app = Celery("test", broker="memory://")
    registered = register_worker(app, kind)
    expected = {t.task for t in stages.TASKS if t.worker == kind}
    assert {t.name for t in registered} == expected
    assert expected <= set(app.tasks)
    others = {t.task for t in stages.TASKS} - expected
    assert not others & set(app.tasks)


def test_a_worker_runs_its_on_ready_hook_once_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    calls.clear()
    probe = stages.WorkerKind("probe", on_ready=f"{__name__}:record_ready")
    monkeypatch.setattr(stages, "WORKERS", (*stages.WORKERS, probe))
    app, other = Celery("probe", broker="memory://"), Celery("other", broker="memory://")
    register_worker(app, "probe")
    worker_ready.send(sender=Consumer(other))  # another app's worker: not ours
    assert calls == []
    worker_ready.send(sender=Consumer(app))
    assert calls == ["ready"]


def test_the_answer_path_of_a_stage_ends_where_the_table_says() -> None:
    """An intent result alone routes as a text answer would (no reply yet): on to generate."""
    ctx = context().model_copy(
        update={
            "intent": IntentResult(
                intent=Intent.EXPERT_QA, confidence=1.0, source=IntentSource.PATTERN
            )
        }
    )
    assert stages.next_stage("intent", ctx) == "generate"
    assert stages.next_stage("persist", context(GenerationKind.DIAGRAM)) is None
