"""The LLM gateway's errors. `transient` says whether trying again later may succeed."""

from __future__ import annotations


class LLMError(Exception):
    """A call to a language model failed."""

    transient: bool = False

    def __init__(self, message: str, *, provider: str = "", transient: bool | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        if transient is not None:
            self.transient = transient


class LLMUnavailable(LLMError):
    """No provider could answer: none configured, every breaker open, or all of them failed."""

    transient = True


class LLMTimeout(LLMError):
    transient = True


class LLMRateLimited(LLMError):
    transient = True


class LLMServerError(LLMError):
    """5xx or overloaded (Anthropic's 529)."""

    transient = True


class LLMRequestError(LLMError):
    """The provider refused the request itself (4xx other than 408/429): do not retry."""

    transient = False


class LLMBadJSON(LLMError):
    """The model's reply was not the JSON object asked for."""

    transient = False

    def __init__(self, message: str, *, provider: str = "", text: str = "") -> None:
        super().__init__(message, provider=provider)
        self.text = text
