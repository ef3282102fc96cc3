"""What the pipeline will build on: the diff of two threat models and its sentence, risk
answers from a model (citing elements), and the threats view on React Flow JSON and graphs."""

from __future__ import annotations

import pytest

from services.dsl.d2 import compile_d2, to_graph
from services.layout import layout_graph, to_reactflow
from services.threats import analyze_text
from services.threats.answers import answer, is_risk_question
from services.threats.diff import diff, sentence
from services.threats.view import COLOURS, annotate_reactflow, threat_graph

pytestmark = pytest.mark.node

BEFORE = """
users: Users {shape: person}
app: {web: Web app; api: API}
data: {db: Customer DB}
users -> app.web: HTTPS
app.web -> app.api
app.api -> data.db: SQL
"""
WITH_WAF = BEFORE.replace(
    "users -> app.web: HTTPS",
    "edge: {waf: WAF}\nusers -> edge.waf: HTTPS\nedge.waf -> app.web: HTTPS",
)


def test_adding_a_waf_mitigates_threats() -> None:
    d = diff(analyze_text(BEFORE), analyze_text(WITH_WAF))
    mitigated = {t.id for t in d.mitigated}
    assert {"P-T:app.web", "P-D:app.web"} <= mitigated
    assert "EDGE-NO-RATE-LIMIT:app.web" in {t.id for t in d.removed}  # no longer an entry
    assert all(t.status == "mitigated" for t in d.mitigated)
    assert {t.id for t in d.new} >= {"P-I:edge.waf"}
    text = sentence(d, change="adding the WAF", severity="medium")
    assert text.startswith("Adding the WAF closed ")
    assert "medium-severity threats (" in text


def test_first_version_has_everything_open_as_new() -> None:
    after = analyze_text(BEFORE)
    d = diff(None, after)
    assert len(d.new) == len(after.open_threats()) and not d.closed


def test_sentence_is_empty_without_change_and_names_new_threats() -> None:
    m = analyze_text(BEFORE)
    assert sentence(diff(m, analyze_text(BEFORE))) == ""
    worse = analyze_text(BEFORE + "users -> data.db\n")
    text = sentence(diff(m, worse))
    assert text.startswith("This change opened ") and "high-severity threat" in text
    assert "Customer DB is reachable from the outside" in text


def test_risk_questions_are_recognised() -> None:
    for q in ("is this secure?", "what could go wrong with the database?", "HIPAA risks?"):
        assert is_risk_question(q)
    for q in ("add a redis cache", "make it top-down", "what is a load balancer?"):
        assert not is_risk_question(q)


def test_is_this_secure_cites_the_worst_open_threats() -> None:
    a = answer(analyze_text(BEFORE), "is this secure?")
    first = a.text.splitlines()[0]
    assert first.startswith("Not yet: ") and "high or critical threat(s) are open" in first
    assert (
        "[CRITICAL] No authentication on the public entry Web app — Web app (`app.web`)" in a.text
    )
    assert a.elements[0] == "app.web"


def test_what_could_go_wrong_with_the_database() -> None:
    a = answer(analyze_text(BEFORE), "what could go wrong with the database?")
    assert a.elements[0] == "data.db"
    assert all("data.db" in (t.flow or (t.element,)) for t in a.threats)
    assert "Customer DB (`data.db`)" in a.text
    assert "not shown encrypted at rest" in a.text


def test_category_and_data_words_narrow_the_answer() -> None:
    m = analyze_text(BEFORE)
    a = answer(m, "could anyone eavesdrop on the traffic?")
    assert a.threats and all(t.category == "I" and t.flow is not None for t in a.threats)
    a = answer(m, "what are the HIPAA risks?")
    assert a.text.startswith("No element of this diagram is labelled as holding health data")
    a = answer(analyze_text(BEFORE.replace("Customer DB", "Patient records")), "HIPAA risks?")
    assert "health data (PHI) (held or carried by Patient records (`data.db`)" in a.text


def test_reactflow_view_colours_nodes_and_edges_by_worst_open_severity() -> None:
    diagram = compile_d2(BEFORE)
    graph = to_graph(diagram)
    rf = to_reactflow(graph, layout_graph(graph))
    model = analyze_text(BEFORE)
    view = annotate_reactflow(rf, model)
    assert rf["nodes"][0].get("style") is None or "borderColor" not in rf["nodes"][0]["style"]
    nodes = {n["id"]: n for n in view["nodes"]}
    web = nodes["app.web"]["data"]["threats"]
    assert web["worst"] == "critical" and int(web["badge"]) == web["open"] > 0
    assert nodes["app.web"]["style"]["borderColor"] == COLOURS["critical"][0]
    assert "threats" not in nodes["app"]["data"]  # containers are left as they are
    edges = {(e["source"], e["target"]): e for e in view["edges"]}
    sql = edges[("app.api", "data.db")]["data"]["threats"]
    assert sql["worst"] == "high" and "FLOW-I:app.api->data.db" in sql["ids"]  # customer data
    https = edges[("users", "app.web")]["data"]["threats"]
    assert https["open"] == 1 and https["mitigated"] == 2  # only FLOW-D is open


def test_graph_view_for_the_svg() -> None:
    graph = to_graph(compile_d2(BEFORE))
    out = threat_graph(graph, analyze_text(BEFORE))
    web = next(n for n in out.nodes if n.id == "app.web")
    assert web.style["stroke"] == COLOURS["critical"][0] and web.label == "Web app"
    assert web.threat is not None and web.threat.severity == "critical"
    assert web.threat.open_count == len(
        [t for t in analyze_text(BEFORE).open_threats() if t.element == "app.web"]
    )
    sql = next(e for e in out.edges if (e.src, e.dst) == ("app.api", "data.db"))
    assert sql.threat is not None and sql.threat.severity == "high"
    zone = next(n for n in out.nodes if n.id == "app")
    assert zone == next(n for n in graph.nodes if n.id == "app")
