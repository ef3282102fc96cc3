"""LLM cost per provider and model (issue 17): after a call through the real SDKs against
the local stand-in, `archdesign_llm_cost_usd_total` grew by the call's tokens times the
model's price; a model without a price counts 0 and is logged once."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from structlog.testing import capture_logs

from shared.llm import build_gateway
from shared.settings import DEFAULT_LLM_PRICES, LLMSettings
from tests.unit.llm.conftest import make_settings
from tests.unit.llm.standin import ANTHROPIC, OPENAI, Reply, StandIn

MSG = [{"role": "user", "content": "draw a web app"}]
COST = "archdesign_llm_cost_usd_total"


def _cost(provider: str, model: str) -> float:
    return REGISTRY.get_sample_value(COST, {"provider": provider, "model": model}) or 0.0


def test_the_cost_counter_is_tokens_times_the_price(standin: StandIn) -> None:
    prices = {"claude-fast": {"input": 3, "output": 15}, "gpt-fast": {"input": 0.4, "output": 1.6}}
    gw = build_gateway(make_settings(standin.url, standin.url, LLM_PRICES=prices))
    before = _cost("anthropic", "claude-fast"), _cost("openai", "gpt-fast")
    standin.script(ANTHROPIC, Reply(text="a", input_tokens=1200, output_tokens=300))
    standin.script(ANTHROPIC, Reply(text="b", input_tokens=800, output_tokens=100))
    gw.complete(system="s", messages=MSG, purpose="test")
    gw.complete(system="s", messages=MSG, purpose="test")
    expected = ((1200 + 800) * 3 + (300 + 100) * 15) / 1_000_000
    assert _cost("anthropic", "claude-fast") - before[0] == pytest.approx(expected)
    # the fallback provider's calls count under its own labels
    standin.script(ANTHROPIC, Reply(status=400))
    standin.script(OPENAI, Reply(text="c", input_tokens=5000, output_tokens=2000))
    assert gw.complete(system="s", messages=MSG, purpose="test").usage.provider == "openai"
    openai = (5000 * 0.4 + 2000 * 1.6) / 1_000_000
    assert _cost("openai", "gpt-fast") - before[1] == pytest.approx(openai)
    assert _cost("anthropic", "claude-fast") - before[0] == pytest.approx(expected)


def test_a_model_without_a_price_costs_nothing_and_is_logged_once(standin: StandIn) -> None:
    gw = build_gateway(make_settings(standin.url, None, ANTHROPIC_FAST_MODEL="claude-unpriced"))
    before = _cost("anthropic", "claude-unpriced")
    with capture_logs() as logs:
        for _ in range(3):
            gw.complete(system="s", messages=MSG, purpose="test")
    assert _cost("anthropic", "claude-unpriced") == before == 0.0
    sample = REGISTRY.get_sample_value(COST, {"provider": "anthropic", "model": "claude-unpriced"})
    assert sample == 0.0  # the series exists, at 0
    warnings = [e for e in logs if e["event"] == "llm.model_without_price"]
    assert len(warnings) == 1 and warnings[0]["model"] == "claude-unpriced"


def test_the_default_models_have_prices_and_llm_prices_adds_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = LLMSettings(_env_file=None)  # type: ignore[call-arg]
    for model in (
        settings.anthropic_fast_model,
        settings.anthropic_strong_model,
        settings.openai_fast_model,
        settings.openai_strong_model,
    ):
        assert settings.prices[model] == DEFAULT_LLM_PRICES[model]
    monkeypatch.setenv(
        "LLM_PRICES", '{"gpt-4.1": {"input": 1, "output": 2}, "x": {"input": 5, "output": 6}}'
    )
    extra = LLMSettings(_env_file=None)  # type: ignore[call-arg]
    assert (extra.prices["gpt-4.1"].input, extra.prices["x"].output) == (1.0, 6.0)
    assert extra.prices["claude-sonnet-4-5"] == DEFAULT_LLM_PRICES["claude-sonnet-4-5"]
