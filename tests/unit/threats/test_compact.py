"""The compact model (what the job context carries and a version stores) reads back whole,
and the analysis of validate's graph equals the analysis of the compiled D2 — on the
benchmark's models and generated diagrams, so the stage can skip the second compile and the
gateway can render the report and the export from what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.threats.bench_threats import generated
from services.dsl.d2 import validate_d2
from services.threats.analyze import analyze_graph, analyze_text
from shared.threats import report
from shared.threats.dragon import to_threat_dragon
from shared.threats.model import ThreatModel

MODELS = Path(__file__).resolve().parents[3] / "bench" / "threats" / "models"
SEQUENCE = """shop: {shape: sequence_diagram
  user: User {shape: person}
  api: API
  db: Orders DB {shape: cylinder}
  user.t1
  user.t1 -> api: HTTPS
  api -> db
}
"""
CLASSES = """edge: {waf: WAF}
vpc: {vault: Card vault {shape: cylinder}; api: API {class: threat_admin}}
users: Users {shape: person}
users -> edge.waf: HTTPS
edge.waf -> vpc.api: {class: threat_encrypted}
vpc.api -> vpc.vault
"""
CASES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(MODELS.glob("*.d2"))}
CASES |= {"generated-30": generated(30, seed=1), "generated-80": generated(80, seed=3)}
CASES |= {"sequence": SEQUENCE, "flow-classes": CLASSES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_graph_gives_the_model_the_d2_gives(name: str) -> None:
    d2 = CASES[name]
    assert analyze_graph(validate_d2(d2).graph).as_json() == analyze_text(d2).as_json()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_compact_model_reads_back_whole(name: str) -> None:
    model = analyze_text(CASES[name])
    stored = json.loads(json.dumps(model.compact_json()))  # as the database gives it back
    assert all("title" not in t and "description" not in t for t in stored["threats"])
    whole = ThreatModel.from_json(stored)
    assert whole.as_json() == model.as_json()
    assert report.render(whole) == report.render(model)
    assert to_threat_dragon(whole) == to_threat_dragon(model)


def test_compact_is_a_fraction_of_whole() -> None:
    model = analyze_text(CASES["generated-30"])
    compact, whole = json.dumps(model.compact_json()), json.dumps(model.as_json())
    assert len(compact) < len(whole) / 2


def test_a_model_stored_whole_still_reads() -> None:
    """Rows written before migration 0005 hold the whole model."""
    model = analyze_text(CASES["three_tier"])
    assert ThreatModel.from_json(model.as_json()).as_json() == model.as_json()
