"""The layout stage: positions, React Flow JSON and SVG for the validated graph."""

from __future__ import annotations

from services.layout import render
from shared.contracts import JobContext
from shared.errors import StageFailed


def lay_out(ctx: JobContext) -> JobContext:
    if ctx.validation is None:
        raise StageFailed("The job reached layout without a validated diagram.")
    return ctx.model_copy(update={"layout": render(ctx.validation.graph)})
