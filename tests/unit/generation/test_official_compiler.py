"""Everything the architect emits — creates over a broad set of requests and the edits of the
evaluation set — compiles with the official D2 compiler (@terrastruct/d2, one warm Node process)
and passes our validator."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench.generation.requests import CREATE_CASES, EDIT_CASES
from services.dsl.d2 import validate_d2
from services.dsl.generation import GenerationRequest, generate
from services.dsl.generation.kb import knowledge_base
from shared.contracts import Intent, SessionSnapshot

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("d2_compile.mjs")

EXTRA = [
    "a secure banking app with mfa login, an api gateway, postgres and audit logging",
    "a scalable saas platform with redis, elasticsearch and s3, top down",
    "a pci compliant checkout with stripe, a waf and vault",
    "a multi-tenant b2b app with keycloak, kafka and a data warehouse",
    "a chatbot with guardrails, openai and a vector database",
    "left to right: users, cloudflare, nginx, django, mysql, celery and rabbitmq",
    "an iot fleet tracking system with mqtt, kinesis, dynamodb and grafana",
    "a global news site with a cdn, varnish and wordpress",
    "a serverless image pipeline with s3 uploads, lambda and sns notifications",
    "an ml platform with spark, a feature store and model serving",
]


def cases() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def ask(query: str, intent: Intent, base: str | None) -> str | None:
        session = SessionSnapshot(session_id="t", current_d2=base)
        return generate(GenerationRequest(intent=intent, query=query, session=session)).d2

    for query in [c[0] for c in CREATE_CASES] + EXTRA:
        out.append((query, ask(query, Intent.DSL_CREATE, None) or ""))
    for topo in knowledge_base().topologies.values():
        out.append((topo.name, ask(f"a {topo.keywords[0]} system", Intent.DSL_CREATE, None) or ""))
    for base_q, edit, _ in EDIT_CASES:
        d2 = ask(edit, Intent.DSL_UPDATE, ask(base_q, Intent.DSL_CREATE, None))
        if d2:
            out.append((f"{base_q} / {edit}", d2))
    return out


@pytest.mark.node
@pytest.mark.slow
def test_generated_d2_compiles_with_the_official_compiler_and_our_validator() -> None:
    generated = cases()
    assert len(generated) > 50
    for _name, d2 in generated:
        validate_d2(d2)  # raises D2Error with positions on any problem
    lines = "".join(json.dumps({"id": i, "d2": d2}) + "\n" for i, (_, d2) in enumerate(generated))
    proc = subprocess.run(
        ["node", "--liftoff-only", str(SCRIPT)],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(generated)
    failed = [(generated[r["id"]][0], r["error"]) for r in results if not r["ok"]]
    assert failed == []
    # the official compiler sees every shape we declared
    for r in results:
        assert r["shapes"], generated[r["id"]][0]
