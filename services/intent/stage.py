"""The intent stage: classify the user's message in the context of the session."""

from __future__ import annotations

from services.intent.classifier import get_classifier
from shared.contracts import JobContext


def classify(ctx: JobContext) -> JobContext:
    # the open diagram lets the classifier see that "triton -> kserve" names two of its boxes
    result = get_classifier().classify(
        ctx.query,
        has_diagram=ctx.session.has_diagram,
        last_intent=ctx.session.last_intent,
        diagram=ctx.session.current_d2,
    )
    return ctx.model_copy(update={"intent": result})


def warm_up() -> None:
    """Load the model and index when the worker starts, not during its first job."""
    get_classifier().classify("warm up", has_diagram=False)
