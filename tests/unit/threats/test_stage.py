"""The threats stage (services/threats/stage.py) as the pipeline runs it: a new version gets
its model, report and Threat Dragon export, and a message that says which high-severity
threats the change closed or opened; a `threats` view marks the graph, and layout carries the
marks into the React Flow JSON (data.threat) and the SVG (colours, count badges)."""

from __future__ import annotations

import re

import pytest

from services.dsl.d2 import validate_d2
from services.dsl.stage import validate
from services.layout.stage import lay_out
from services.threats import analyze_text
from services.threats.stage import analyse, change_name, model_of
from services.threats.view import COLOURS
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    SessionSnapshot,
    ViewSpec,
)

pytestmark = pytest.mark.node  # the layout stage runs ELK in Node

BEFORE = """
users: Users {shape: person}
app: {web: Web app; api: API}
data: {db: Customer DB {shape: cylinder}}
users -> app.web: HTTPS
app.web -> app.api
app.api -> data.db: SQL
"""
WITH_WAF = BEFORE.replace(
    "users -> app.web: HTTPS",
    "edge: {waf: WAF}\nusers -> edge.waf: HTTPS\nedge.waf -> app.web: HTTPS",
)


def ctx(d2: str, previous: str | None = None, view: ViewSpec | None = None) -> JobContext:
    kind = GenerationKind.VIEW if view is not None else GenerationKind.DIAGRAM
    return JobContext(
        job_id="j" * 32,
        user_id=1,
        project_id=1,
        project_code="ABCDEFG",
        query="q",
        session=SessionSnapshot(session_id="s", current_d2=previous),
        intent=IntentResult(intent=Intent.DSL_UPDATE, confidence=1.0, source=IntentSource.PATTERN),
        generation=GenerationResult(
            kind=kind, message="Here it is.", d2=None if view else d2, view=view
        ),
        validation=validate_d2(d2),
    )


def test_a_new_version_gets_its_model_report_and_export() -> None:
    out = analyse(ctx(BEFORE))
    assert out.threats is not None
    model = analyze_text(BEFORE)
    assert out.threats.model == model.as_json()
    assert out.threats.counts == model.counts() and out.threats.counts["critical"] >= 1
    assert out.threats.report_md.startswith("# Threat model — ABCDEFG")
    assert "`app.web`" in out.threats.report_md
    assert out.threats.dragon["version"] and out.threats.dragon["detail"]["diagrams"][0]["cells"]
    # the first version: nothing to compare with, the message is the generator's
    assert out.threats.sentence == "" and out.generation is not None
    assert out.generation.message == "Here it is."


def test_adding_a_waf_says_which_threats_it_mitigated_and_opened() -> None:
    out = analyse(ctx(WITH_WAF, previous=BEFORE))
    assert out.threats is not None and out.generation is not None
    before = {t.id: t for t in analyze_text(BEFORE).threats}
    after = {t.id: t for t in analyze_text(WITH_WAF).threats}
    mitigated = {
        tid
        for tid, t in after.items()
        if t.status == "mitigated" and tid in before and before[tid].status == "open"
    }
    serious = {"high", "critical"}
    gone = {
        tid
        for tid, t in before.items()
        if t.status == "open" and t.severity in serious and tid not in after
    }
    opened = {
        tid
        for tid, t in after.items()
        if t.status == "open"
        and t.severity in serious
        and (tid not in before or before[tid].status != "open")
    }
    assert mitigated and {"P-T:app.web", "P-D:app.web"} <= mitigated
    assert set(out.threats.mitigated) == mitigated
    assert set(out.threats.closed_high) == gone | (
        mitigated & {tid for tid in mitigated if after[tid].severity in serious}
    )
    assert set(out.threats.opened_high) == opened
    said = out.threats.sentence
    assert said.startswith(f"Adding WAF mitigated {len(mitigated)} threats")
    if opened:
        assert f"It opened {len(opened)} high-severity threat" in said
    assert out.generation.message == f"Here it is.\n\n{said}"


def test_an_unchanged_diagram_adds_no_sentence() -> None:
    out = analyse(ctx(BEFORE, previous=BEFORE))
    assert out.threats is not None and out.threats.sentence == ""
    assert out.threats.opened_high == [] and out.threats.closed_high == []


def test_removing_the_waf_says_what_it_opened() -> None:
    out = analyse(ctx(BEFORE, previous=WITH_WAF))
    assert out.threats is not None and out.threats.opened_high
    assert out.threats.sentence.startswith("Removing WAF opened ")


def test_change_name() -> None:
    a, b = analyze_text(BEFORE), analyze_text(WITH_WAF)
    assert change_name(a, b) == "adding WAF"
    assert change_name(b, a) == "removing WAF"
    assert change_name(a, a) == ""


def test_a_view_other_than_threats_passes_through() -> None:
    c = ctx(BEFORE, view=ViewSpec(direction="down", name="top-down"))
    assert analyse(c) == c


def view_run() -> JobContext:
    """validate -> threats -> layout for a `threats` view, as the workers run it."""
    c = ctx(BEFORE, previous=BEFORE, view=ViewSpec(threats=True, name="threats"))
    c = c.model_copy(update={"validation": None})
    return lay_out(analyse(validate(c)))


def test_the_threats_view_in_the_react_flow_json() -> None:
    out = view_run()
    assert out.threats is None  # a view makes no version and stores nothing
    assert out.layout is not None
    model = analyze_text(BEFORE)
    nodes = {n["id"]: n for n in out.layout.diagram_state["nodes"]}
    web = nodes["app.web"]["data"]
    opened = [t for t in model.open_threats() if t.element == "app.web"]
    assert web["threat"] == {
        "severity": "critical",
        "open_count": len(opened),
        "mitigated_count": len([t for t in model.threats if t.element == "app.web"]) - len(opened),
    }
    assert web["style"]["stroke"] == COLOURS["critical"][0]
    assert "threat" not in nodes["app"]["data"]  # zones are not marked
    edges = {(e["source"], e["target"]): e for e in out.layout.diagram_state["edges"]}
    sql = edges[("app.api", "data.db")]["data"]
    assert sql["threat"]["severity"] == "high" and sql["threat"]["open_count"] >= 1
    assert sql["style"]["stroke"] == COLOURS["high"][0]


def test_the_threats_view_in_the_svg() -> None:
    out = view_run()
    assert out.layout is not None
    svg = out.layout.svg
    web = re.search(r'<g class="node" data-id="app.web">(.*?)</g></g>', svg, re.S)
    assert web is not None, svg[:400]
    assert f'stroke="{COLOURS["critical"][0]}"' in web.group(1)
    assert f'fill="{COLOURS["critical"][1]}"' in web.group(1)
    opened = len([t for t in analyze_text(BEFORE).open_threats() if t.element == "app.web"])
    assert f">{opened}</tspan>" in web.group(1) and 'class="threat-badge"' in web.group(1)
    assert svg.count('class="threat-badge"') >= 5


def test_without_the_view_there_are_no_marks() -> None:
    c = ctx(BEFORE).model_copy(update={"validation": None})
    out = lay_out(analyse(validate(c)))
    assert out.layout is not None
    assert "threat-badge" not in out.layout.svg
    assert all("threat" not in n["data"] for n in out.layout.diagram_state["nodes"])


def test_the_previous_version_is_not_analysed_again() -> None:
    model_of.cache_clear()
    analyse(ctx(BEFORE))  # the job that made the version
    stored = validate_d2(BEFORE).d2  # what the version stores, the next job's current D2
    analyse(ctx(WITH_WAF, previous=stored))  # the next edit finds its model cached
    info = model_of.cache_info()
    assert info.misses == 2 and info.hits == 1
