"""Prometheus metrics shared by the gateway and the workers.

Workers expose their registry on WORKER_METRICS_PORT (when set); the gateway on /metrics.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
