"""The LLM gateway over the real Anthropic and OpenAI SDKs, against a scripted local stand-in."""

from __future__ import annotations

import pytest

from shared.llm import (
    BreakerState,
    LLMBadJSON,
    LLMError,
    LLMUnavailable,
    build_gateway,
    strip_fences,
)
from shared.llm.gateway import USAGE_LOG_SIZE, LLMGateway
from tests.unit.llm.conftest import make_settings
from tests.unit.llm.standin import ANTHROPIC, OPENAI, Reply, StandIn, closed_port_url

MSG = [{"role": "user", "content": "draw a web app"}]


class Clock:
    """The breakers' clock, moved by hand (no real waiting for a breaker to half-open)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_good_answer_records_usage_model_and_temperature(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text="hello", input_tokens=42, output_tokens=9))
    gw = build_gateway(make_settings(standin.url, None))
    reply = gw.complete(system="be brief", messages=MSG, purpose="test")
    assert reply.text == "hello"
    assert reply.usage.provider == "anthropic"
    assert reply.usage.model == "claude-fast"  # short prompt -> fast model
    assert (reply.usage.input_tokens, reply.usage.output_tokens) == (42, 9)
    assert reply.usage.latency_ms > 0
    assert reply.usage.purpose == "test"
    sent = standin.calls(ANTHROPIC)[0]
    assert sent["temperature"] == pytest.approx(0.2)
    assert sent["system"] == "be brief"
    assert sent["max_tokens"] == 4096


def test_long_prompt_uses_the_strong_model(standin: StandIn) -> None:
    gw = build_gateway(make_settings(None, standin.url))
    long = [{"role": "user", "content": "x" * 800}]
    reply = gw.complete(system="s", messages=long, purpose="create", max_tokens=100)
    assert reply.usage.model == "gpt-strong"
    sent = standin.calls(OPENAI)[0]
    assert sent["messages"][0] == {"role": "system", "content": "s"}
    assert sent["max_tokens"] == 100


@pytest.mark.parametrize("status", [429, 500, 529])
def test_transient_errors_are_retried(standin: StandIn, status: int) -> None:
    standin.script(ANTHROPIC, Reply(status=status), Reply(text="second time lucky"))
    gw = build_gateway(make_settings(standin.url, None))
    assert gw.complete(system="s", messages=MSG, purpose="t").text == "second time lucky"
    assert len(standin.calls(ANTHROPIC)) == 2


def test_client_errors_are_not_retried_and_fall_back(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(status=400))
    standin.script(OPENAI, Reply(text="from openai"))
    gw = build_gateway(make_settings(standin.url, standin.url))
    reply = gw.complete(system="s", messages=MSG, purpose="t")
    assert (reply.text, reply.usage.provider) == ("from openai", "openai")
    assert len(standin.calls(ANTHROPIC)) == 1
    assert gw.breakers["anthropic"].state is BreakerState.CLOSED  # our fault, not its health


def test_slow_reply_times_out_then_falls_back(standin: StandIn) -> None:
    standin.script(ANTHROPIC, *[Reply(text="late", delay=1.0) for _ in range(3)])
    standin.script(OPENAI, Reply(text="on time"))
    settings = make_settings(standin.url, standin.url, LLM_TIMEOUT_SECONDS=0.3)
    gw = build_gateway(settings)
    reply = gw.complete(system="s", messages=MSG, purpose="t")
    assert reply.usage.provider == "openai"
    assert len(standin.calls(ANTHROPIC)) == settings.max_retries + 1


def test_all_providers_failing_raises_transient_unavailable(standin: StandIn) -> None:
    standin.script(ANTHROPIC, *[Reply(status=529) for _ in range(3)])
    standin.script(OPENAI, *[Reply(status=500) for _ in range(3)])
    gw = build_gateway(make_settings(standin.url, standin.url))
    with pytest.raises(LLMUnavailable) as err:
        gw.complete(system="s", messages=MSG, purpose="t")
    assert err.value.transient
    assert isinstance(err.value, LLMError)


def test_no_provider_configured() -> None:
    gw = build_gateway(make_settings(None, None))
    assert not gw.available
    with pytest.raises(LLMUnavailable):
        gw.complete(system="s", messages=MSG, purpose="t")


def test_provider_down_opens_breaker_then_half_opens(standin: StandIn) -> None:
    settings = make_settings(
        closed_port_url(),
        standin.url,
        LLM_MAX_RETRIES=0,
        LLM_BREAKER_FAILURES=2,
        LLM_BREAKER_RESET_SECONDS=30,
    )
    clock = Clock()
    gw = build_gateway(settings, clock=clock)
    for _ in range(2):
        assert gw.complete(system="s", messages=MSG, purpose="t").usage.provider == "openai"
    assert gw.breakers["anthropic"].state is BreakerState.OPEN
    # while open, anthropic is skipped without a connection attempt: openai answers at once
    assert gw.complete(system="s", messages=MSG, purpose="t").usage.provider == "openai"
    clock.now += 29.9
    assert gw.breakers["anthropic"].state is BreakerState.OPEN
    clock.now += 0.1
    assert gw.breakers["anthropic"].state is BreakerState.HALF_OPEN
    # the trial call fails (still down): open again
    assert gw.complete(system="s", messages=MSG, purpose="t").usage.provider == "openai"
    assert gw.breakers["anthropic"].state is BreakerState.OPEN


def test_half_open_trial_success_closes_breaker(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(status=500), Reply(status=500))
    settings = make_settings(
        standin.url,
        None,
        LLM_MAX_RETRIES=0,
        LLM_BREAKER_FAILURES=2,
        LLM_BREAKER_RESET_SECONDS=30,
    )
    clock = Clock()
    gw = build_gateway(settings, clock=clock)
    for _ in range(2):
        with pytest.raises(LLMUnavailable):
            gw.complete(system="s", messages=MSG, purpose="t")
    with pytest.raises(LLMUnavailable, match="circuit open"):
        gw.complete(system="s", messages=MSG, purpose="t")
    assert len(standin.calls(ANTHROPIC)) == 2
    clock.now += 30
    assert gw.complete(system="s", messages=MSG, purpose="t").text == "ok"
    assert gw.breakers["anthropic"].state is BreakerState.CLOSED


def test_complete_json_accepts_fenced_json(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text='Here:\n```json\n{"intent": "EXPERT_QA"}\n```'))
    gw = build_gateway(make_settings(standin.url, None))
    assert gw.complete_json(system="classify", user="q", purpose="classify") == {
        "intent": "EXPERT_QA"
    }


@pytest.mark.parametrize("text", ["not json at all", '{"intent": ', "[1, 2]"])
def test_complete_json_rejects_malformed_json(standin: StandIn, text: str) -> None:
    standin.script(ANTHROPIC, Reply(text=text))
    gw = build_gateway(make_settings(standin.url, None))
    with pytest.raises(LLMBadJSON) as err:
        gw.complete_json(system="classify", user="q", purpose="classify")
    assert not err.value.transient
    assert err.value.provider == "anthropic"


def test_malformed_http_body_is_an_llm_error(standin: StandIn) -> None:
    standin.script(OPENAI, *[Reply(raw_body="{broken") for _ in range(3)])
    gw = build_gateway(make_settings(None, standin.url))
    with pytest.raises(LLMError):
        gw.complete(system="s", messages=MSG, purpose="t")


def test_strip_fences() -> None:
    assert strip_fences("```d2\na -> b\n```") == "a -> b"
    assert strip_fences("no fence") == "no fence"


def test_the_usage_log_keeps_the_last_calls_only(standin: StandIn) -> None:
    gw = LLMGateway(
        build_gateway(make_settings(standin.url, None)).providers,
        make_settings(standin.url, None),
        usage_log_size=3,
    )
    for n in range(5):
        gw.complete(system="s", messages=MSG, purpose=f"call-{n}")
    assert [u.purpose for u in gw.usage_log] == ["call-2", "call-3", "call-4"]


def test_the_default_usage_log_is_bounded(standin: StandIn) -> None:
    gw = build_gateway(make_settings(standin.url, None))
    assert gw.usage_log.maxlen == USAGE_LOG_SIZE
