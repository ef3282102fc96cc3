"""The legacy synchronous path (`POST /v1/design`): the same stage functions, run in-process.

Same routing as the queue (shared.pipeline.next_stage), same events and storage; only the
transport differs. Used also by `archdesign ask --local`.
"""

from __future__ import annotations

from collections.abc import Callable

from services.dsl import stage as dsl_stage
from services.intent import stage as intent_stage
from services.layout import stage as layout_stage
from services.persistence import stage as persistence_stage
from shared.contracts import JobContext
from shared.events import publish_final
from shared.pipeline import error_for, next_stage

STAGE_FUNCTIONS: dict[str, Callable[[JobContext], JobContext]] = {
    "intent": intent_stage.classify,
    "generate": dsl_stage.generate,
    "validate": dsl_stage.validate,
    "layout": layout_stage.lay_out,
    "persist": persistence_stage.save,
}


def run_pipeline(ctx: JobContext) -> JobContext:
    """Run every stage in order; on failure the job is failed durably and the error re-raised."""
    stage: str | None = "intent"
    try:
        while stage is not None:
            ctx = STAGE_FUNCTIONS[stage](ctx)
            stage = next_stage(stage, ctx)
    except Exception as exc:
        error = error_for(exc)
        publish_final(ctx.job_id, error=error)
        persistence_stage.record_failure(ctx.job_id, error)
        raise
    return ctx
