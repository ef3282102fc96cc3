"""One adapter per provider over its official SDK: a chat call in, text and token counts out,
SDK exceptions mapped onto the gateway's error types. SDK-level retries are off: the gateway
retries (tenacity) so that backoff, breaker and fallback see every failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, cast

import anthropic
import openai

from shared.llm.errors import (
    LLMError,
    LLMRateLimited,
    LLMRequestError,
    LLMServerError,
    LLMTimeout,
)


@dataclass(frozen=True)
class RawReply:
    text: str
    input_tokens: int
    output_tokens: int


class Provider(Protocol):
    name: str
    fast_model: str
    strong_model: str

    def call(
        self,
        *,
        system: str,
        messages: list[dict[str, str]],
        model: str,
        max_tokens: int,
        temperature: float,
    ) -> RawReply: ...


def _map_status(provider: str, status: int, message: str) -> LLMError:
    if status == 429:
        return LLMRateLimited(f"{provider}: rate limited: {message}", provider=provider)
    if status == 408:
        return LLMTimeout(f"{provider}: request timeout: {message}", provider=provider)
    if status >= 500:  # includes Anthropic's 529 overloaded
        return LLMServerError(f"{provider}: server error {status}: {message}", provider=provider)
    return LLMRequestError(f"{provider}: request refused ({status}): {message}", provider=provider)


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        timeout: float,
        fast_model: str,
        strong_model: str,
    ) -> None:
        self.fast_model, self.strong_model = fast_model, strong_model
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0
        )

    def call(
        self,
        *,
        system: str,
        messages: list[dict[str, str]],
        model: str,
        max_tokens: int,
        temperature: float,
    ) -> RawReply:
        try:
            # this SDK version has no `temperature` argument; the API still takes it
            msg = self._client.messages.create(
                model=model,
                system=system,
                messages=cast(Any, messages),
                max_tokens=max_tokens,
                extra_body={"temperature": temperature},
            )
        except anthropic.APITimeoutError as exc:
            raise LLMTimeout(f"anthropic: timed out: {exc}", provider=self.name) from exc
        except anthropic.APIConnectionError as exc:
            raise LLMServerError(
                f"anthropic: connection failed: {exc}", provider=self.name
            ) from exc
        except anthropic.APIStatusError as exc:
            raise _map_status(self.name, exc.status_code, str(exc)) from exc
        except anthropic.AnthropicError as exc:
            raise LLMRequestError(f"anthropic: {exc}", provider=self.name) from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # a reply the SDK cannot read (broken JSON body): a provider fault, maybe passing
            raise LLMServerError(f"anthropic: malformed reply: {exc}", provider=self.name) from exc
        text = "".join(getattr(b, "text", "") for b in msg.content)
        usage: Any = msg.usage
        return RawReply(text, int(usage.input_tokens or 0), int(usage.output_tokens or 0))


class OpenAIProvider:
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        timeout: float,
        fast_model: str,
        strong_model: str,
    ) -> None:
        self.fast_model, self.strong_model = fast_model, strong_model
        self._client = openai.OpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0
        )

    def call(
        self,
        *,
        system: str,
        messages: list[dict[str, str]],
        model: str,
        max_tokens: int,
        temperature: float,
    ) -> RawReply:
        chat = [{"role": "system", "content": system}, *messages]
        try:
            res = self._client.chat.completions.create(
                model=model,
                messages=chat,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
            )
        except openai.APITimeoutError as exc:
            raise LLMTimeout(f"openai: timed out: {exc}", provider=self.name) from exc
        except openai.APIConnectionError as exc:
            raise LLMServerError(f"openai: connection failed: {exc}", provider=self.name) from exc
        except openai.APIStatusError as exc:
            raise _map_status(self.name, exc.status_code, str(exc)) from exc
        except openai.OpenAIError as exc:
            raise LLMRequestError(f"openai: {exc}", provider=self.name) from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # a reply the SDK cannot read (broken JSON body): a provider fault, maybe passing
            raise LLMServerError(f"openai: malformed reply: {exc}", provider=self.name) from exc
        if not res.choices:
            raise LLMServerError("openai: reply without choices", provider=self.name)
        text = res.choices[0].message.content or ""
        usage: Any = res.usage
        return RawReply(
            text,
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
        )
