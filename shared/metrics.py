"""Prometheus metrics shared by the gateway and the workers.

Every process counts in its own registry. With PROMETHEUS_MULTIPROC_DIR set (`archdesign up`
sets it for the gateway and every worker it starts), each process also writes its values
there and the gateway's `/metrics` shows the sum over all of them (prometheus-client's
multiprocess mode); a worker with WORKER_METRICS_PORT set serves its own values on that port
(the way to scrape workers in separate containers). Gauges say how they add up over
processes (`multiprocess_mode`); the queue depth is not a process's value at all but read
from the broker at scrape time (services/gateway/queues.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    multiprocess,
)
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

STAGE_SECONDS = Histogram(
    "archdesign_stage_seconds",
    "Time spent in each pipeline stage",
    ["stage", "outcome"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
STAGE_TOTAL = Counter("archdesign_stage_total", "Stage executions", ["stage", "outcome"])
JOBS_ENQUEUED = Counter("archdesign_jobs_enqueued_total", "Jobs accepted by the gateway")
JOBS_FINISHED = Counter("archdesign_jobs_finished_total", "Jobs finished", ["status"])
HTTP_REQUESTS = Counter(
    "archdesign_http_requests_total", "HTTP requests", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "archdesign_http_request_seconds", "HTTP request latency", ["method", "route"]
)

#: per stage and per intent (the intent the job was classified as; "none" before the intent
#: stage has decided, i.e. for a failed classification)
STAGE_INTENT_TOTAL = Counter(
    "archdesign_stage_intent_total", "Stage executions by intent", ["stage", "intent", "outcome"]
)
STAGE_INTENT_SECONDS = Histogram(
    "archdesign_stage_intent_seconds",
    "Time spent in each pipeline stage, by intent",
    ["stage", "intent"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
WEBSOCKETS = Gauge(
    "archdesign_websocket_connections",
    "Open WebSocket connections",
    ["kind"],
    multiprocess_mode="livesum",
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class _ThisProcess:
    """The default registry's metrics (this process's own), as one collector."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def scrape_registry(*extra: Collector) -> CollectorRegistry:
    """The registry `/metrics` serves: the sum over every process writing to
    PROMETHEUS_MULTIPROC_DIR when it is set, else this process's own; plus `extra`
    collectors read at scrape time (the gateway's queue depth)."""
    registry = CollectorRegistry()
    if multiprocess_dir() is None:
        registry.register(_ThisProcess())
    else:
        multiprocess.MultiProcessCollector(registry)
    for collector in extra:
        registry.register(collector)
    return registry
