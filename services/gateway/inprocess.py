"""The legacy synchronous path (`POST /v1/design`): the stage table's chain, run in-process.

Same routing as the queue (shared/stages.py), same storage; only the transport differs.
"""

from __future__ import annotations

from services.persistence import stage as persistence_stage
from shared.contracts import JobContext
from shared.events import publish_final
from shared.pipeline import error_for, run_in_process


def run_pipeline(ctx: JobContext) -> JobContext:
    """Run every stage in order; on failure the job is failed durably and the error re-raised."""
    try:
        return run_in_process(ctx)
    except Exception as exc:
        error = error_for(exc)
        publish_final(ctx.job_id, error=error)
        persistence_stage.record_failure(ctx.job_id, error)
        raise
