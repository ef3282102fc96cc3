"""The DSL stages: `generate` (LLM or built-in architect) and `validate` (D2 core).

A risk question about the current diagram ("is this secure?") is answered from its threat
model (generation/risk.py); with an LLM, the model's findings are in its prompt.

A VIEW reply re-validates the session's current version and applies the view to its graph,
so layout draws the view without a new version being stored.
"""

from __future__ import annotations

from services.dsl.d2 import D2Error, validate_d2
from services.dsl.generation import GenerationRequest
from services.dsl.generation import generate as run_generator
from services.dsl.generation.risk import with_risks
from services.dsl.views import apply_view, view_d2
from shared.contracts import GenerationKind, JobContext, ValidationResult, ViewSpec
from shared.errors import StageFailed


def generate(ctx: JobContext) -> JobContext:
    if ctx.intent is None:
        raise StageFailed("The job reached generation without an intent.")
    request = GenerationRequest(intent=ctx.intent.intent, query=ctx.query, session=ctx.session)
    return ctx.model_copy(update={"generation": with_risks(request, run_generator(request))})


def validate(ctx: JobContext) -> JobContext:
    gen = ctx.generation
    if gen is None:
        raise StageFailed("The job reached validation without a reply.")
    source = ctx.session.current_d2 if gen.kind == GenerationKind.VIEW else gen.d2
    if not source:
        raise StageFailed("There is no diagram to validate.", error_code="NO_DIAGRAM")
    try:
        validation = validate_d2(source)
    except D2Error as exc:
        raise StageFailed(
            "The generated D2 is invalid.",
            error_code="D2_INVALID",
            details={
                "issues": [
                    {"line": i.line, "column": i.column, "message": i.message, "code": i.code}
                    for i in exc.issues
                ]
            },
        ) from exc
    if gen.kind == GenerationKind.VIEW and gen.view is not None:
        validation = _view(validation, gen.view)
    return ctx.model_copy(update={"validation": validation})


def _view(current: ValidationResult, view: ViewSpec) -> ValidationResult:
    """The view of the current version: its own D2, compiled into the graph layout draws (so
    the answer's D2, React Flow state and SVG agree)."""
    graph = apply_view(current.graph, view)
    text = view_d2(graph)
    try:
        viewed = validate_d2(text)
    except D2Error as exc:  # the transformed graph is drawn as it is; the D2 says why not
        issue = exc.issues[0]
        return ValidationResult(
            d2=text, graph=graph, warnings=[f"view D2 {issue.line}:{issue.column} {issue.message}"]
        )
    # the view's direction is the view's choice, even where the source left it to layout
    return viewed.model_copy(
        update={"graph": viewed.graph.model_copy(update={"direction_given": graph.direction_given})}
    )
