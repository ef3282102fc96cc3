"""The pipeline's stage table: the one place that lists the stages, their workers and routes.

Everything that needs to know the pipeline reads it from here: Celery's queues and routes
(shared/celery_app.py), each worker's task registration (shared/pipeline.py,
`register_worker`), the routing between stages (`next_stage`), the in-process runner of
`archdesign ask --local`, the worker kinds `archdesign worker` accepts, the children of
`archdesign up`, and the deployment files (deploy/Procfile, docker-compose.yml; a test checks
that they agree with this table).

Functions are named by import path ("module:function"), never imported here: the gateway
reads this table to enqueue, and must not load the classifier, the generators or the layout
engine to do so. Adding a stage is one `Stage` entry here plus its function
(docs/architecture.md, "Adding a stage").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from shared.contracts import GenerationKind, JobContext


@dataclass(frozen=True)
class WorkerKind:
    """A kind of worker process: `archdesign worker NAME`, the queue it consumes, the
    compose service and `up` child of that name."""

    name: str
    #: "module:function" called once when the worker is ready for tasks (warm-ups), or None
    on_ready: str | None = None


@dataclass(frozen=True)
class Task:
    """A Celery task: its short name, the worker kind (= queue) that runs it, the Celery task
    name, and the function it calls ("module:function")."""

    name: str
    worker: str
    task: str
    function: str


@dataclass(frozen=True)
class Stage(Task):
    """A pipeline stage: a plain ``JobContext -> JobContext`` function run by the stage wrapper
    (shared/pipeline.py), and where the context goes after it."""

    #: the next stage, or None when this stage ends the job
    next: str | None = None
    #: per kind of reply, a different next stage (the short paths); None ends the job
    short_paths: Mapping[GenerationKind, str | None] = field(default_factory=dict)
    #: runs without Redis or PostgreSQL (`archdesign ask --local` runs the chain up to the
    #: first stage that does not)
    offline: bool = True


WORKERS: tuple[WorkerKind, ...] = (
    WorkerKind("intent", on_ready="services.intent.stage:warm_up"),
    WorkerKind("dsl"),
    WorkerKind("threats", on_ready="services.threats.stage:warm_up"),
    WorkerKind("layout", on_ready="services.layout.stage:start_engine"),
    WorkerKind("persistence"),
)

STAGES: tuple[Stage, ...] = (
    Stage(
        "intent",
        worker="intent",
        task="intent.classify",
        function="services.intent.stage:classify",
        next="generate",
    ),
    Stage(
        "generate",
        worker="dsl",
        task="dsl.generate",
        function="services.dsl.stage:generate",
        next="validate",
        # A text answer (expert, clarify, out of scope) has no diagram to check or draw. A
        # view re-validates the current version and is laid out again: the normal path.
        # A history or pin command (revert, undo, pin) is carried out by persistence.
        short_paths={GenerationKind.ANSWER: "persist", GenerationKind.ACTION: "persist"},
    ),
    Stage(
        "validate",
        worker="dsl",
        task="dsl.validate",
        function="services.dsl.stage:validate",
        next="threats",
    ),
    Stage(
        # every new version's threat model; a `threats` view's colours and counts
        "threats",
        worker="threats",
        task="threats.analyse",
        function="services.threats.stage:analyse",
        next="layout",
    ),
    Stage(
        "layout",
        worker="layout",
        task="layout.render",
        function="services.layout.stage:lay_out",
        next="persist",
    ),
    Stage(
        "persist",
        worker="persistence",
        task="persistence.save",
        function="services.persistence.stage:save",
        offline=False,
    ),
)

#: where every job starts
FIRST_STAGE = "intent"

#: makes a failed job durable; sent by the stage wrapper, not a stage (no events, no next)
RECORD_FAILURE = Task(
    "record_failure",
    worker="persistence",
    task="persistence.record_failure",
    function="services.persistence.stage:record_failure",
)

TASKS: tuple[Task, ...] = (*STAGES, RECORD_FAILURE)

WORKER_KINDS: tuple[str, ...] = tuple(w.name for w in WORKERS)

_STAGE_BY_NAME: Mapping[str, Stage] = MappingProxyType({s.name: s for s in STAGES})
_TASK_BY_NAME: Mapping[str, Task] = MappingProxyType({t.name: t for t in TASKS})


def stage(name: str) -> Stage:
    """The stage called `name` (KeyError for none)."""
    return _STAGE_BY_NAME[name]


def task(name: str) -> Task:
    """The task called `name`: a stage or RECORD_FAILURE (KeyError for none)."""
    return _TASK_BY_NAME[name]


def worker(name: str) -> WorkerKind:
    for kind in WORKERS:
        if kind.name == name:
            return kind
    raise KeyError(name)


def tasks_of(worker_name: str) -> tuple[Task, ...]:
    """The tasks a worker of this kind registers and runs."""
    return tuple(t for t in TASKS if t.worker == worker_name)


def next_stage(name: str, ctx: JobContext) -> str | None:
    """Where the context goes after stage `name`: the stage the context asks for (`route`,
    set by a stage that sends the job back), else its short path for the reply's kind, else
    its `next`. A context without a reply yet routes as a text answer would."""
    current = _STAGE_BY_NAME[name]
    if ctx.route is not None:
        return stage(ctx.route).name
    kind = ctx.generation.kind if ctx.generation is not None else GenerationKind.ANSWER
    return current.short_paths.get(kind, current.next)


def table_problems(
    workers: tuple[WorkerKind, ...] = WORKERS,
    tasks: tuple[Task, ...] = TASKS,
    first: str = FIRST_STAGE,
) -> list[str]:
    """What is inconsistent in a table (empty when sound): unknown workers or stages,
    duplicate names, a worker without tasks, a stage no job can reach, a loop."""
    problems: list[str] = []
    worker_names = [w.name for w in workers]
    by_name = {t.name: t for t in tasks if isinstance(t, Stage)}
    for names, what in (
        (worker_names, "worker kind"),
        ([t.name for t in tasks], "task name"),
        ([t.task for t in tasks], "Celery task name"),
    ):
        problems += [f"duplicate {what} {n!r}" for n in sorted(set(names)) if names.count(n) > 1]
    for t in tasks:
        if t.worker not in worker_names:
            problems.append(f"{t.name}: unknown worker kind {t.worker!r}")
        module, _, attr = t.function.partition(":")
        if not module or not attr:
            problems.append(f"{t.name}: function {t.function!r} is not 'module:function'")
    used = {t.worker for t in tasks}
    problems += [f"worker kind {w} runs no task" for w in worker_names if w not in used]
    for s in by_name.values():
        for target in (s.next, *s.short_paths.values()):
            if target is not None and target not in by_name:
                problems.append(f"{s.name}: next stage {target!r} does not exist")
    if first not in by_name:
        problems.append(f"first stage {first!r} does not exist")
    if problems:
        return problems
    # Every path from the first stage must end (no loop) and every stage must be on one.
    reached: set[str] = set()

    def walk(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            problems.append("loop: " + " -> ".join((*path, name)))
            return
        reached.add(name)
        s = by_name[name]
        for target in sorted({t for t in (s.next, *s.short_paths.values()) if t is not None}):
            walk(target, (*path, name))

    walk(first, ())
    problems += [f"stage {n} is never reached" for n in by_name if n not in reached]
    return problems
