"""Metrics that count (issue 17): after N jobs through real workers, the counters say N per
stage and per intent, scraped from each worker process (its own port) and summed over every
process by the gateway's /metrics (prometheus-client multiprocess mode, as `archdesign up`
runs it). Its own suite (database, Redis db, gateway, workers) so no other test's jobs count."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from shared.stages import STAGES, WORKER_KINDS, stage
from tests.support.api import Api
from tests.support.infra import ChildProcess, free_port, isolated_infra, start_gateway, start_worker

pytestmark = pytest.mark.integration

N = 3
CREATE = "create a web shop with postgres and a payment provider"


def _samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    out: dict[tuple[tuple[str, str], ...], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                key = tuple(sorted(sample.labels.items()))
                out[key] = out.get(key, 0.0) + sample.value
    return out


def _count(samples: dict[tuple[tuple[str, str], ...], float], **labels: str) -> float:
    return sum(v for k, v in samples.items() if set(labels.items()) <= set(k))


def test_counters_say_n_per_stage_and_intent_from_each_process(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "prom"
    metrics_dir.mkdir()
    with isolated_infra() as infra:
        env = {**infra.env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        migrate = subprocess.run(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env={**__import__("os").environ, **env},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert migrate.returncode == 0, migrate.stderr
        children: list[ChildProcess] = []
        ports: dict[str, int] = {}
        try:
            for kind in WORKER_KINDS:
                ports[kind] = free_port()
                children.append(
                    start_worker(
                        kind, {**env, "WORKER_METRICS_PORT": str(ports[kind])}, tmp_path, "-m"
                    )
                )
            gateway, base = start_gateway(env, tmp_path)
            children.append(gateway)
            with Api(base) as api:
                _, headers = api.new_user()
                for _ in range(N):
                    project = api.new_project(headers)
                    assert api.ask(headers, project, CREATE)["status"] == "succeeded"
                # each worker process, scraped on its own port: its own stages, N each
                for s in STAGES:
                    text = httpx.get(f"http://127.0.0.1:{ports[s.worker]}/metrics").text
                    own = _samples(text, "archdesign_stage_intent_total")
                    assert _count(own, stage=s.name, intent="DSL_CREATE", outcome="ok") == N, s
                    # and only its own: a worker never counts another kind's stage
                    others = {st.name for st in STAGES if st.worker != s.worker}
                    assert not any(dict(k)["stage"] in others for k in own)
                # the gateway sums every process
                text = api.http.get("/metrics").text
                total = _samples(text, "archdesign_stage_intent_total")
                for s in STAGES:
                    assert _count(total, stage=s.name, intent="DSL_CREATE", outcome="ok") == N
                finished = _samples(text, "archdesign_jobs_finished_total")
                assert _count(finished, status="succeeded") == N
                hist = _samples(text, "archdesign_stage_intent_seconds_count")
                assert _count(hist, stage=stage("layout").name, intent="DSL_CREATE") == N
                enqueued = _samples(text, "archdesign_jobs_enqueued_total")
                assert _count(enqueued) == N
        finally:
            for child in reversed(children):
                child.stop()


def test_the_grafana_dashboard_reads_metrics_that_exist() -> None:
    import re

    from prometheus_client import REGISTRY

    import shared.llm.metrics
    import shared.metrics
    from services.gateway.queues import QUEUE_DEPTH

    dashboard = json.loads(
        (Path(__file__).resolve().parents[2] / "deploy/grafana/archdesign.json").read_text()
    )
    assert shared.llm.metrics.LLM_CALLS and shared.metrics.STAGE_TOTAL
    known: set[str] = set()
    for family in REGISTRY.collect():
        known |= {family.name, f"{family.name}_total", f"{family.name}_bucket"}
        known |= {f"{family.name}_count", f"{family.name}_sum"}
    known.add(QUEUE_DEPTH)  # the gateway's scrape-time collector (read from the broker)
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert exprs
    shown: set[str] = set()
    for expr in exprs:
        names = set(re.findall(r"\barchdesign_[a-z_]+", expr))
        assert names and names <= known, (expr, names - known)
        shown |= names
    # queue depth, LLM cost and open sockets each have a panel
    wanted = {QUEUE_DEPTH, "archdesign_llm_cost_usd_total", "archdesign_websocket_connections"}
    assert wanted <= shown, wanted - shown
