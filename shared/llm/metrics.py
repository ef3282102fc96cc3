"""Prometheus metrics of LLM calls (one set per process, on the default registry)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
