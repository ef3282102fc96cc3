"""The LLM gateway: model choice by prompt size, retries with backoff on transient errors,
a circuit breaker per provider, fallback Anthropic -> OpenAI, usage, latency and cost per
call.

The usage of the last `USAGE_LOG_SIZE` calls stays in memory (`usage_log`, for the process
that made them); the running totals are the Prometheus counters of shared/llm/metrics.py.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from shared.contracts import LLMUsage
from shared.llm.breaker import CircuitBreaker
from shared.llm.errors import LLMBadJSON, LLMError, LLMUnavailable
from shared.llm.metrics import LLM_CALLS, LLM_LATENCY, LLM_TOKENS, record_cost
from shared.llm.providers import AnthropicProvider, OpenAIProvider, Provider
from shared.settings import LLMSettings


@dataclass(frozen=True)
class LLMReply:
    text: str
    usage: LLMUsage


#: calls whose usage `LLMGateway.usage_log` keeps (older ones drop off; totals are in metrics)
USAGE_LOG_SIZE = 256

_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n(.*?)```", re.S)


def strip_fences(text: str) -> str:
    """The body of the first fenced block when the reply has one, else the text itself."""
    m = _FENCE.search(text)
    return m.group(1).strip() if m else text.strip()


def parse_json_object(text: str) -> dict[str, Any]:
    """A JSON object from a model reply (fenced or not, with chatter around it)."""
    body = strip_fences(text)
    try:
        value = json.loads(body)
    except json.JSONDecodeError:
        start, end = body.find("{"), body.rfind("}")
        if start < 0 or end <= start:
            raise LLMBadJSON("the model's reply holds no JSON object", text=text) from None
        try:
            value = json.loads(body[start : end + 1])
        except json.JSONDecodeError as exc:
            raise LLMBadJSON(f"the model's reply is not valid JSON: {exc}", text=text) from None
    if not isinstance(value, dict):
        raise LLMBadJSON("the model's reply is JSON but not an object", text=text)
    return value


class LLMGateway:
    def __init__(
        self,
        providers: list[Provider],
        settings: LLMSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        usage_log_size: int = USAGE_LOG_SIZE,
    ) -> None:
        self.providers = providers
        self.settings = settings
        self.breakers = {
            p.name: CircuitBreaker(
                settings.breaker_failure_threshold, settings.breaker_reset_seconds, clock=clock
            )
            for p in providers
        }
        self.usage_log: deque[LLMUsage] = deque(maxlen=usage_log_size)

    @property
    def available(self) -> bool:
        return bool(self.providers)

    def _model(self, provider: Provider, prompt_chars: int) -> str:
        strong = prompt_chars >= self.settings.strong_model_prompt_chars
        return provider.strong_model if strong else provider.fast_model

    def _call_with_retries(self, provider: Provider, **kwargs: Any) -> Any:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_retries + 1),
            wait=wait_exponential_jitter(
                initial=self.settings.retry_backoff_seconds,
                max=max(self.settings.retry_backoff_seconds * 8, 0.001),
                jitter=self.settings.retry_backoff_seconds / 2,
            ),
            retry=retry_if_exception(lambda e: isinstance(e, LLMError) and e.transient),
            reraise=True,
        )
        return retrying(provider.call, **kwargs)

    def complete(
        self,
        *,
        system: str,
        messages: list[dict[str, str]],
        purpose: str,
        max_tokens: int | None = None,
    ) -> LLMReply:
        """Ask the first provider that answers; raises LLMUnavailable when none does."""
        if not self.providers:
            raise LLMUnavailable("no LLM provider is configured")
        prompt_chars = len(system) + sum(len(m.get("content", "")) for m in messages)
        errors: list[LLMError] = []
        for provider in self.providers:
            breaker = self.breakers[provider.name]
            if not breaker.allow():
                errors.append(
                    LLMUnavailable(f"{provider.name}: circuit open", provider=provider.name)
                )
                continue
            model = self._model(provider, prompt_chars)
            started = time.perf_counter()
            try:
                raw = self._call_with_retries(
                    provider,
                    system=system,
                    messages=messages,
                    model=model,
                    max_tokens=max_tokens or self.settings.max_tokens,
                    temperature=self.settings.temperature,
                )
            except LLMError as exc:
                LLM_CALLS.labels(provider.name, model, purpose, type(exc).__name__).inc()
                # a refused request is our fault, not the provider's health
                if exc.transient:
                    breaker.record_failure()
                else:
                    breaker.record_success()
                errors.append(exc)
                continue
            latency = time.perf_counter() - started
            breaker.record_success()
            usage = LLMUsage(
                provider=provider.name,
                model=model,
                input_tokens=raw.input_tokens,
                output_tokens=raw.output_tokens,
                latency_ms=latency * 1000,
                purpose=purpose,
            )
            LLM_CALLS.labels(provider.name, model, purpose, "ok").inc()
            LLM_TOKENS.labels(provider.name, model, "input").inc(raw.input_tokens)
            LLM_TOKENS.labels(provider.name, model, "output").inc(raw.output_tokens)
            LLM_LATENCY.labels(provider.name, model).observe(latency)
            record_cost(
                self.settings.prices, provider.name, model, raw.input_tokens, raw.output_tokens
            )
            self.usage_log.append(usage)
            return LLMReply(raw.text, usage)
        detail = "; ".join(str(e) for e in errors)
        raise LLMUnavailable(
            f"no LLM provider answered: {detail}",
            transient=any(e.transient for e in errors),
        )

    def complete_json(self, *, system: str, user: str, purpose: str) -> dict[str, Any]:
        """A JSON object from the model; raises LLMBadJSON when the reply is not one."""
        reply = self.complete(
            system=system + "\nAnswer with one JSON object only, no prose, no code fence.",
            messages=[{"role": "user", "content": user}],
            purpose=purpose,
            max_tokens=self.settings.json_max_tokens,
        )
        try:
            return parse_json_object(reply.text)
        except LLMBadJSON as exc:
            exc.provider = reply.usage.provider
            raise


def build_gateway(
    settings: LLMSettings, *, clock: Callable[[], float] = time.monotonic
) -> LLMGateway:
    """Providers in fallback order (Anthropic, then OpenAI), those with a key only; `clock`
    drives the circuit breakers (tests move it by hand)."""
    providers: list[Provider] = []
    if settings.anthropic_api_key:
        providers.append(
            AnthropicProvider(
                api_key=settings.anthropic_api_key.get_secret_value(),
                base_url=settings.anthropic_base_url,
                timeout=settings.timeout_seconds,
                fast_model=settings.anthropic_fast_model,
                strong_model=settings.anthropic_strong_model,
            )
        )
    if settings.openai_api_key:
        providers.append(
            OpenAIProvider(
                api_key=settings.openai_api_key.get_secret_value(),
                base_url=settings.openai_base_url,
                timeout=settings.timeout_seconds,
                fast_model=settings.openai_fast_model,
                strong_model=settings.openai_strong_model,
            )
        )
    return LLMGateway(providers, settings, clock=clock)
