"""Prometheus metrics of LLM calls (one set per process, on the default registry), and the
cost of a call from its token usage and the price table of LLMSettings."""

from __future__ import annotations

import threading

import structlog
from prometheus_client import Counter, Histogram

from shared.settings import ModelPrice

log = structlog.get_logger("llm.metrics")

LLM_CALLS = Counter(
    "archdesign_llm_calls_total",
    "LLM calls by provider, model, purpose and outcome",
    ["provider", "model", "purpose", "outcome"],
)
LLM_TOKENS = Counter(
    "archdesign_llm_tokens_total",
    "LLM tokens by provider, model and direction",
    ["provider", "model", "direction"],
)
LLM_LATENCY = Histogram(
    "archdesign_llm_latency_seconds",
    "Latency of successful LLM calls",
    ["provider", "model"],
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120),
)
LLM_COST = Counter(
    "archdesign_llm_cost_usd",
    "Cost of LLM calls in USD, from their tokens and the price table (LLM_PRICES)",
    ["provider", "model"],
)

_unpriced: set[str] = set()
_unpriced_lock = threading.Lock()


def cost_usd(price: ModelPrice, input_tokens: int, output_tokens: int) -> float:
    """USD of a call: tokens times the model's price per million tokens."""
    return (input_tokens * price.input + output_tokens * price.output) / 1_000_000


def record_cost(
    prices: dict[str, ModelPrice],
    provider: str,
    model: str,
    input_tokens: int,
    output_tokens: int,
) -> float:
    """Add the call's cost to `archdesign_llm_cost_usd_total` and return it. A model without
    a price counts 0, and is logged once per process."""
    price = prices.get(model)
    if price is None:
        with _unpriced_lock:
            first = model not in _unpriced
            _unpriced.add(model)
        if first:
            log.warning("llm.model_without_price", provider=provider, model=model)
        cost = 0.0
    else:
        cost = cost_usd(price, input_tokens, output_tokens)
    LLM_COST.labels(provider, model).inc(cost)
    return cost
