"""The LLM generator: prompts -> D2 -> validate -> repair (bounded) -> architect fallback.

The model's D2 is checked by the D2 core (compile, safety, style pack). Its errors, with line
and column, go back to the model for at most ``LLMSettings.max_repairs`` rounds; if it still
fails, or no provider answers, the built-in architect answers with a note saying so.
"""

from __future__ import annotations

from typing import Protocol

from services.dsl.d2 import D2Error, validate_d2
from services.dsl.generation import architect, prompts
from services.dsl.generation.expert import retrieve
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.risk import prompt_context
from shared.contracts import GenerationKind, GenerationResult, Intent, LLMUsage
from shared.llm import LLMError, LLMReply, strip_fences
from shared.settings import llm_settings


class Gateway(Protocol):
    @property
    def available(self) -> bool: ...

    def complete(
        self,
        *,
        system: str,
        messages: list[dict[str, str]],
        purpose: str,
        max_tokens: int | None = None,
    ) -> LLMReply: ...


FALLBACK_NOTE = (
    "The language model could not produce a valid diagram, so the built-in "
    "architect answered instead."
)
UNAVAILABLE_NOTE = (
    "The language model is unavailable right now, so the built-in architect answered instead."
)


def extract_d2(text: str) -> str:
    """The D2 in a reply: the fenced block when there is one, else the whole text."""
    return strip_fences(text).strip() + "\n"


def _d2_path(request: GenerationRequest, gateway: Gateway) -> GenerationResult:
    updating = request.intent is Intent.DSL_UPDATE and request.session.has_diagram
    system = (
        prompts.update_prompt(request.session.current_d2 or "")
        if updating
        else prompts.create_prompt()
    )
    messages = [*request.context_messages, {"role": "user", "content": request.query}]
    purpose = "update" if updating else "create"
    usage: list[LLMUsage] = []
    reply = gateway.complete(system=system, messages=messages, purpose=purpose)
    usage.append(reply.usage)
    d2 = extract_d2(reply.text)
    for attempt in range(llm_settings().max_repairs + 1):
        try:
            validated = validate_d2(d2)
        except D2Error as err:
            if attempt == llm_settings().max_repairs:
                break
            errors = [str(i) for i in err.issues[:20]]
            messages = [
                *messages,
                {"role": "assistant", "content": reply.text},
                {"role": "user", "content": prompts.repair_message(d2, errors)},
            ]
            reply = gateway.complete(system=system, messages=messages, purpose="repair")
            usage.append(reply.usage)
            d2 = extract_d2(reply.text)
            continue
        message = _explain(gateway, request, validated.d2, usage)
        return GenerationResult(
            kind=GenerationKind.DIAGRAM,
            message=message,
            d2=d2,
            generator="llm",
            usage=usage,
            notes=[f"repairs: {attempt}"] if attempt else [],
        )
    result = architect.answer(request)
    return result.model_copy(
        update={
            "message": f"{FALLBACK_NOTE} {result.message}",
            "usage": usage,
            "notes": [*result.notes, "llm_invalid_d2"],
        }
    )


def _explain(gateway: Gateway, request: GenerationRequest, d2: str, usage: list[LLMUsage]) -> str:
    try:
        reply = gateway.complete(
            system=prompts.explanation_prompt(),
            messages=[{"role": "user", "content": f"Request: {request.query}\n\nD2:\n{d2}"}],
            purpose="explain",
            max_tokens=300,
        )
    except LLMError:
        return "Here is the diagram for your request."
    usage.append(reply.usage)
    return reply.text.strip() or "Here is the diagram for your request."


def _expert_path(request: GenerationRequest, gateway: Gateway) -> GenerationResult:
    guidance = [g.text for g in retrieve(request.query, k=4)]
    reply = gateway.complete(
        system=prompts.expert_prompt(
            request.session.current_d2,
            guidance,
            threats=prompt_context(request.query, request.session.current_d2),
        ),
        messages=[*request.context_messages, {"role": "user", "content": request.query}],
        purpose="expert",
    )
    return GenerationResult(
        kind=GenerationKind.ANSWER, message=reply.text.strip(), generator="llm", usage=[reply.usage]
    )


def llm_answer(request: GenerationRequest, gateway: Gateway) -> GenerationResult:
    """Answer with the LLM where it adds value; views/clarify/out-of-scope stay deterministic."""
    try:
        if request.intent in (Intent.DSL_CREATE, Intent.DSL_UPDATE):
            return _d2_path(request, gateway)
        if request.intent is Intent.EXPERT_QA:
            return _expert_path(request, gateway)
    except LLMError:
        result = architect.answer(request)
        return result.model_copy(
            update={
                "message": f"{UNAVAILABLE_NOTE} {result.message}",
                "notes": [*result.notes, "llm_unavailable"],
            }
        )
    return architect.answer(request)
