"""The architect's update path (edit grammar over the current diagram)."""

from __future__ import annotations

from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationResult


def update(request: GenerationRequest) -> GenerationResult:
    from services.dsl.generation.architect import create

    if not request.session.has_diagram:
        return create(request, note="There is no diagram yet, so I created one from your request.")
    raise NotImplementedError
