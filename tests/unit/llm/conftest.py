"""Fixtures of the LLM gateway tests: the provider stand-in and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.settings import LLMSettings
from tests.unit.llm.standin import StandIn, start_standin


@pytest.fixture
def standin() -> Iterator[StandIn]:
    stand = start_standin()
    yield stand
    stand.server.shutdown()
    stand.server.server_close()


def make_settings(
    anthropic_url: str | None, openai_url: str | None, **extra: object
) -> LLMSettings:
    values: dict[str, object] = {
        "LLM_TIMEOUT_SECONDS": 2.0,
        "LLM_MAX_RETRIES": 2,
        "LLM_RETRY_BACKOFF_SECONDS": 0.01,
        "LLM_BREAKER_FAILURES": 3,
        "LLM_BREAKER_RESET_SECONDS": 30.0,
        "ANTHROPIC_FAST_MODEL": "claude-fast",
        "ANTHROPIC_STRONG_MODEL": "claude-strong",
        "OPENAI_FAST_MODEL": "gpt-fast",
        "OPENAI_STRONG_MODEL": "gpt-strong",
        "LLM_STRONG_MODEL_PROMPT_CHARS": 500,
    }
    if anthropic_url:
        values["ANTHROPIC_API_KEY"] = "test-key"
        values["ANTHROPIC_BASE_URL"] = anthropic_url
    if openai_url:
        values["OPENAI_API_KEY"] = "test-key"
        values["OPENAI_BASE_URL"] = openai_url + "/v1"
    values.update(extra)
    return LLMSettings(_env_file=None, **values)  # type: ignore[call-arg]
