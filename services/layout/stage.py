"""The layout stage: positions, React Flow JSON and SVG for the validated graph.

An edit is laid out from the previous version's picture (unchanged nodes keep their place);
a view or a first diagram is laid out afresh. The project's pins (nodes the user dragged) are
honoured in every new version; a view is a transient picture and ignores them.
"""

from __future__ import annotations

from services.layout import elk, layout_from_reactflow, render
from shared.contracts import GenerationKind, JobContext
from shared.errors import StageFailed
from shared.settings import layout_settings


def lay_out(ctx: JobContext) -> JobContext:
    if ctx.validation is None:
        raise StageFailed("The job reached layout without a validated diagram.")
    is_edit = ctx.generation is not None and ctx.generation.kind == GenerationKind.DIAGRAM
    previous = (
        layout_from_reactflow(ctx.previous_diagram_state)
        if is_edit and ctx.previous_diagram_state
        else None
    )
    pinned = ctx.pins if is_edit and ctx.pins else None
    return ctx.model_copy(
        update={"layout": render(ctx.validation.graph, pinned=pinned, previous=previous)}
    )


def start_engine() -> None:
    """Start ELK with the worker, so its warm-up runs before the first job arrives."""
    if layout_settings().engine == "elk" and elk.available():
        elk.engine().start()
