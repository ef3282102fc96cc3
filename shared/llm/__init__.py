"""The LLM gateway every service uses: ``get_gateway().complete(...)`` / ``.complete_json(...)``.

Anthropic then OpenAI through their official SDKs, configured by :class:`LLMSettings`; with no
key configured ``available`` is False and callers use the built-in architect instead.
"""

from __future__ import annotations

import threading

from shared.llm.breaker import BreakerState, CircuitBreaker
from shared.llm.errors import (
    LLMBadJSON,
    LLMError,
    LLMRateLimited,
    LLMRequestError,
    LLMServerError,
    LLMTimeout,
    LLMUnavailable,
)
from shared.llm.gateway import LLMGateway, LLMReply, build_gateway, parse_json_object, strip_fences
from shared.settings import llm_settings

__all__ = [
    "BreakerState",
    "CircuitBreaker",
    "LLMBadJSON",
    "LLMError",
    "LLMGateway",
    "LLMRateLimited",
    "LLMReply",
    "LLMRequestError",
    "LLMServerError",
    "LLMTimeout",
    "LLMUnavailable",
    "build_gateway",
    "get_gateway",
    "parse_json_object",
    "reset_gateway",
    "strip_fences",
]

_lock = threading.Lock()
_gateway: LLMGateway | None = None


def get_gateway() -> LLMGateway:
    """The process's gateway (built once from the settings; breakers live as long as it)."""
    global _gateway
    with _lock:
        if _gateway is None:
            _gateway = build_gateway(llm_settings())
        return _gateway


def reset_gateway() -> None:
    """Forget the gateway (tests and settings reloads)."""
    global _gateway
    with _lock:
        _gateway = None
