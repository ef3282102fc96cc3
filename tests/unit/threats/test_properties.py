"""Generated diagrams: the analysis never fails on a diagram that compiles, and its model is
consistent — unique threat ids on existing targets, zones that explain every crossing, a
JSON round trip and a Threat Dragon export that passes the checks."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from services.dsl.d2 import compile_d2
from services.threats import ThreatModel, analyze
from services.threats.classify import zone
from shared.threats.dragon import to_threat_dragon

LABELS = [
    "Users",
    "Admin console",
    "Patient records",
    "Postgres",
    "Redis",
    "WAF",
    "API gateway",
    "Keycloak",
    "OpenAI",
    "RAG orchestrator",
    "Vector DB",
    "Guardrails",
    "Audit log",
    "Stripe",
    "Load balancer",
    "CloudFront",
    "S3 bucket",
    "Kafka",
    "Worker",
    "VPN gateway",
    "Card vault",
    "AWS KMS",
    "Frobnicator",
    "Secrets manager",
    "Web app",
]
EDGE_LABELS = ["", "HTTPS", "HTTP", "SQL", "mTLS", "login (OIDC)", "patient data", "rate limited"]
SHAPES = ["", "person", "cylinder", "queue", "text", "stored_data"]
ARROWS = ["->", "<-", "<->", "--"]


@st.composite
def diagrams(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 12))
    ids: list[str] = []
    lines: list[str] = []
    zones = draw(st.integers(0, 3))
    for i in range(n):
        z = draw(st.integers(-1, zones - 1)) if zones else -1
        sid = f"z{z}.s{i}" if z >= 0 else f"s{i}"
        if z >= 0 and draw(st.booleans()):
            sid = f"z{z}.inner.s{i}"
        label = draw(st.sampled_from(LABELS))
        shape = draw(st.sampled_from(SHAPES))
        attrs = f"{{shape: {shape}}}" if shape else ""
        lines.append(f'{sid}: "{label}" {attrs}')
        ids.append(sid)
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        label = draw(st.sampled_from(EDGE_LABELS))
        arrow = draw(st.sampled_from(ARROWS))
        lines.append(f"{a} {arrow} {b}" + (f": {label}" if label else ""))
    return "\n".join(lines) + "\n"


def check(model: ThreatModel) -> None:
    ids = [t.id for t in model.threats]
    assert len(ids) == len(set(ids))
    elements = {e.id: e for e in model.elements}
    pairs = {(f.src, f.dst) for f in model.flows}
    for t in model.threats:
        if t.flow is not None:
            assert t.flow in pairs
        else:
            assert t.element in elements and elements[t.element].kind != "trust_boundary"
    for f in model.flows:
        assert f.crosses_boundary == (zone(elements[f.src]) != zone(elements[f.dst]))
        assert not (f.encrypted and f.plaintext)
    for e in model.elements:
        if e.boundary is not None:
            assert elements[e.boundary].kind == "trust_boundary"


@settings(max_examples=80, deadline=None)
@given(diagrams())
def test_generated_diagrams(source: str) -> None:
    model = analyze(compile_d2(source))
    check(model)
    assert analyze(compile_d2(source)).as_json() == model.as_json()
    assert ThreatModel.from_json(json.loads(json.dumps(model.as_json()))).as_json() == (
        model.as_json()
    )
    doc = to_threat_dragon(model)
    cells = doc["detail"]["diagrams"][0]["cells"]
    assert sum(len(c["data"].get("threats", [])) for c in cells) == len(model.threats)
