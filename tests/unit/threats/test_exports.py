"""The exports: the OWASP Threat Dragon v2 model (checked with jsonschema against the checks of
Threat Dragon's published v2 schema, plus what the app needs to open it), the Markdown report,
and the model's own JSON round trip."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from services.threats import ThreatModel, analyze_text
from shared.threats.dragon import to_threat_dragon
from shared.threats.report import render

# Written from td.vue/src/assets/schema/threat-dragon-v2.schema.json (OWASP/threat-dragon):
# the same required fields, types and bounds. Threat Dragon keeps a cell's threats in
# data.threats (its demo models, its threat editor); the schema describes them on the cell, so
# the one item schema is applied in both places.
POINT = {"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"}}}
THREAT = {
    "type": "object",
    "properties": {
        "description": {"type": "string"},
        "mitigation": {"type": "string"},
        "modelType": {"type": "string"},
        "number": {"type": "integer", "minimum": 0},
        "score": {"type": "string"},
        "ruleId": {"type": "string", "minLength": 2},
        "severity": {"type": "string"},
        "status": {"type": "string"},
        "threatId": {"type": "string", "minLength": 2},
        "title": {"type": "string"},
        "type": {"type": "string"},
    },
    "required": ["description", "mitigation", "severity", "status", "title", "type"],
}
STROKE = {
    "type": "object",
    "properties": {
        "stroke": {"type": "string"},
        "strokeWidth": {"type": "number"},
        "strokeDasharray": {"type": ["string", "null"]},
    },
}
CELL = {
    "type": "object",
    "properties": {
        "attrs": {
            "type": "object",
            "properties": {
                "body": {**STROKE, "required": ["stroke", "strokeWidth", "strokeDasharray"]},
                "line": {
                    **STROKE,
                    "properties": {
                        **STROKE["properties"],
                        "sourceMarker": {"type": ["object", "string"]},
                        "targetMarker": {"type": ["object", "string"]},
                    },
                    "required": ["targetMarker"],
                },
            },
        },
        "data": {
            "type": "object",
            "properties": {
                **{
                    k: {"type": "boolean"}
                    for k in (
                        "handlesCardPayment",
                        "handlesGoodsOrServices",
                        "isALog",
                        "isBidirectional",
                        "isEncrypted",
                        "isPublicNetwork",
                        "isSigned",
                        "isTrustBoundary",
                        "isWebApplication",
                        "outOfScope",
                        "providesAuthentication",
                        "storesCredentials",
                        "storesInventory",
                        "hasOpenThreats",
                    )
                },
                **{
                    k: {"type": "string"}
                    for k in ("description", "name", "privilegeLevel", "protocol", "type")
                },
                "reasonOutOfScope": {"type": "string"},
                "threats": {"type": "array", "items": THREAT},
            },
            "required": ["hasOpenThreats", "type"],
        },
        "id": {"type": "string", "minLength": 2},
        "position": {**POINT, "required": ["x", "y"]},
        "size": {
            "type": "object",
            "properties": {
                "height": {"type": "number", "minimum": 10},
                "width": {"type": "number", "minimum": 10},
            },
            "required": ["height", "width"],
        },
        "connector": {"type": "string"},
        "source": {"type": "object", "properties": {"cell": {"type": "string"}}},
        "target": {"type": "object", "properties": {"cell": {"type": "string"}}},
        "threats": {"type": "array", "items": THREAT},
        "shape": {"type": "string"},
        "visible": {"type": "boolean"},
        "vertices": {"type": "array", "items": {**POINT, "required": ["x", "y"]}},
        "zIndex": {"type": "integer"},
    },
    "required": ["id", "shape", "zIndex"],
}
TD_V2 = {
    "type": "object",
    "properties": {
        "version": {"type": "string", "maxLength": 10},
        "summary": {
            "type": "object",
            "properties": {
                "description": {"type": "string"},
                "id": {"type": ["integer", "string"], "minimum": 0, "minLength": 2},
                "owner": {"type": "string"},
                "title": {"type": "string"},
            },
            "required": ["title"],
        },
        "detail": {
            "type": "object",
            "properties": {
                "contributors": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"name": {"type": "string"}}},
                },
                "diagrams": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "description": {"type": "string"},
                            "diagramType": {"type": "string", "minLength": 3},
                            "id": {"type": "integer", "minimum": 0},
                            "placeholder": {"type": "string"},
                            "thumbnail": {"type": "string"},
                            "title": {"type": "string"},
                            "version": {"type": "string", "maxLength": 10},
                            "cells": {"type": "array", "items": CELL},
                        },
                        "required": ["diagramType", "id", "thumbnail", "title", "version"],
                    },
                },
                "diagramTop": {"type": "integer", "minimum": 0},
                "reviewer": {"type": "string"},
                "threatTop": {"type": "integer", "minimum": 0},
            },
            "required": ["contributors", "diagrams", "diagramTop", "reviewer", "threatTop"],
        },
    },
    "required": ["version", "summary", "detail"],
}
# what Threat Dragon's app reads beyond the schema (its shapes, cell types and threat values)
CELL_TYPES = {
    "actor": "tm.Actor",
    "process": "tm.Process",
    "store": "tm.Store",
    "flow": "tm.Flow",
    "trust-boundary-box": "tm.BoundaryBox",
}
STRIDE = {
    "Spoofing",
    "Tampering",
    "Repudiation",
    "Information disclosure",
    "Denial of service",
    "Elevation of privilege",
}

DIAGRAM = """
users: Patients {shape: person}
admins: Administrators {shape: person}
dmz: {waf: WAF; portal: Patient portal}
app: {api: API; rag: RAG orchestrator}
data: {db: Patient records; vec: Vector DB}
llm: OpenAI
users -> dmz.waf: HTTPS
dmz.waf -> dmz.portal: HTTPS
admins -> dmz.portal
dmz.portal -> app.api: REST
app.api -> data.db: SQL
app.api -> data.db: replication
app.api -> app.rag
app.rag -> data.vec
app.rag -> llm: prompts
"""


def check_threat_dragon(doc: dict[str, Any]) -> None:
    """Every check a model must pass to open in Threat Dragon."""
    jsonschema.validate(doc, TD_V2)
    cells = doc["detail"]["diagrams"][0]["cells"]
    ids = [c["id"] for c in cells]
    assert len(ids) == len(set(ids))
    nodes = {c["id"] for c in cells if c["shape"] != "flow"}
    threat_ids = []
    for c in cells:
        assert CELL_TYPES[c["shape"]] == c["data"]["type"]
        if c["shape"] == "flow":
            assert c["source"]["cell"] in nodes and c["target"]["cell"] in nodes
            assert c["source"]["cell"] != c["target"]["cell"]
        else:
            assert "position" in c and "size" in c
        threats = c["data"].get("threats", [])
        assert c["data"]["hasOpenThreats"] == any(t["status"] == "Open" for t in threats)
        for t in threats:
            assert t["status"] in ("Open", "Mitigated", "NA")
            assert t["severity"] in ("TBD", "Low", "Medium", "High", "Critical")
            assert t["modelType"] == "STRIDE" and t["type"] in STRIDE
            threat_ids.append(t["id"])
    assert len(threat_ids) == len(set(threat_ids))
    assert doc["detail"]["threatTop"] >= len(threat_ids)


def test_threat_dragon_export_passes_the_schema_and_the_apps_checks() -> None:
    model = analyze_text(DIAGRAM)
    doc = to_threat_dragon(model, title="Clinic")
    check_threat_dragon(json.loads(json.dumps(doc)))
    cells = doc["detail"]["diagrams"][0]["cells"]
    shapes = sorted(c["shape"] for c in cells)
    assert shapes.count("trust-boundary-box") == 3 and shapes.count("actor") == 3
    assert shapes.count("flow") == len(model.flows) == 9
    # every threat of the model lands on its element or flow, parallel flows included
    placed = sum(len(c["data"].get("threats", [])) for c in cells)
    assert placed == len(model.threats)


def test_threat_dragon_export_is_stable_and_carries_the_evidence() -> None:
    a = to_threat_dragon(analyze_text(DIAGRAM))
    assert a == to_threat_dragon(analyze_text(DIAGRAM))
    cells = a["detail"]["diagrams"][0]["cells"]
    store = next(c for c in cells if c["data"].get("name") == "Patient records")
    assert store["data"]["isEncrypted"] is False and store["data"]["storesCredentials"] is False
    sens = next(t for t in store["data"]["threats"] if t["ruleId"] == "SENSITIVE-UNENCRYPTED")
    assert sens["severity"] == "Critical" and sens["status"] == "Open"
    assert "In this diagram: holds health data (PHI)" in sens["description"]


def test_threat_dragon_export_takes_positions_from_a_layout() -> None:
    model = analyze_text("a: API\nb: Postgres\na -> b")
    doc = to_threat_dragon(model, positions={"a": (500.0, 40.0, 150.0, 70.0)})
    cell = next(c for c in doc["detail"]["diagrams"][0]["cells"] if c["data"].get("name") == "API")
    assert cell["position"] == {"x": 500.0, "y": 40.0}
    assert cell["size"] == {"width": 150.0, "height": 70.0}
    check_threat_dragon(doc)


def test_empty_diagram_exports_a_valid_model() -> None:
    check_threat_dragon(to_threat_dragon(analyze_text("")))


def test_markdown_report() -> None:
    model = analyze_text(DIAGRAM)
    md = render(model, title="Clinic")
    assert md.startswith("# Clinic\n")
    assert "## Open threats" in md and "## Mitigated threats" in md
    assert "## Elements" in md and "## Flows" in md
    opened = [t for t in model.threats if t.status == "open"]
    # open threats appear worst first, each with its id, evidence and mitigation
    positions = [md.index(f"`{t.id}`") for t in opened]
    assert positions == sorted(positions)
    worst = opened[0]
    assert worst.severity == "critical"
    assert f"### CRITICAL — {worst.title}" in md and worst.evidence in md
    for t in model.threats:
        assert f"`{t.id}`" in md


def test_markdown_escapes_table_cells() -> None:
    md = render(analyze_text('a: "A | B"\nb: Postgres\na -> b: "x|y"'))
    assert "A \\| B" in md and "x\\|y" in md


def test_model_json_round_trip() -> None:
    model = analyze_text(DIAGRAM)
    raw = json.loads(json.dumps(model.as_json()))
    again = ThreatModel.from_json(raw)
    assert again.as_json() == model.as_json()
