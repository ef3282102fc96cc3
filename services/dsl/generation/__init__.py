"""Generation: intent + the user's words + the current diagram -> new D2, an answer or a view.

Two generators behind one function. :func:`generate` uses the LLM path when
:mod:`shared.llm` has a provider configured (its D2 goes through validate -> repair, then falls
back to the built-in architect with a note), else the built-in architect, which needs nothing.
"""

from __future__ import annotations

from services.dsl.generation import architect
from services.dsl.generation.request import GenerationRequest
from shared.chat_commands import parse_action
from shared.contracts import GenerationKind, GenerationResult, Intent

__all__ = ["GenerationRequest", "generate"]


def generate(request: GenerationRequest) -> GenerationResult:
    """Answer a request with the configured generator (never raises for a well-formed request)."""
    action = parse_action(request.query) if request.intent is Intent.DSL_UPDATE else None
    if action is not None:
        # "undo", "revert to version 2", "pin X": persistence carries it out (no generator)
        return GenerationResult(
            kind=GenerationKind.ACTION, message="", action=action, generator="command"
        )
    # The LLM path loads the providers' SDKs: only when a request gets this far.
    from shared.llm import get_gateway

    gateway = get_gateway()
    if gateway.available:
        from services.dsl.generation.llm_generator import llm_answer

        return llm_answer(request, gateway)
    return architect.answer(request)
