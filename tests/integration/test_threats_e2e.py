"""Threat modelling in the running pipeline (real Redis, PostgreSQL, Celery workers — the
`threats` worker among them — and the gateway): a created version has its threat model;
adding a WAF in chat mitigates threats and the version's message says so; the model as JSON,
Markdown and Threat Dragon; the `threats` view; risk questions answered from the model."""

from __future__ import annotations

import pytest

from tests.support.api import Api
from tests.support.infra import ChildProcess

pytestmark = pytest.mark.integration


def test_versions_get_threat_models_and_a_waf_mitigates_threats(
    api: Api, workers: dict[str, ChildProcess]
) -> None:
    assert "threats" in workers  # its own worker kind, started from the stage table
    _, headers = api.new_user()
    project = api.new_project(headers)
    created = api.ask(headers, project, "create a web application with a postgres database")
    assert created["status"] == "succeeded", created
    session = created["result"]["session_id"]
    base = f"/v2/projects/{project}/versions"

    r = api.http.get(f"{base}/1/threats", headers=headers)
    assert r.status_code == 200, r.text
    v1 = r.json()
    assert v1["version_number"] == 1
    kinds = {e["id"]: e["kind"] for e in v1["elements"]}
    assert kinds["users"] == "external_entity" and kinds["postgres"] == "data_store"
    assert kinds["api"] == "process"
    assert any(f["src"] == "api" and f["dst"] == "postgres" for f in v1["flows"])
    assert v1["threats"] and {t["status"] for t in v1["threats"]} <= {"open", "mitigated"}
    opened = [t for t in v1["threats"] if t["status"] == "open"]
    assert sum(v for k, v in v1["counts"].items() if k != "mitigated") == len(opened)
    assert all(t["references"] and t["category"] in "STRIDE" for t in v1["threats"])

    md = api.http.get(f"{base}/1/threats.md", headers=headers)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith(f"# Threat model — {project}")
    assert "## Open threats" in md.text and "`postgres`" in md.text
    dragon = api.http.get(f"{base}/1/threats.dragon.json", headers=headers)
    assert dragon.status_code == 200
    cells = dragon.json()["detail"]["diagrams"][0]["cells"]
    assert {c["data"]["type"] for c in cells} >= {"tm.Actor", "tm.Process", "tm.Store", "tm.Flow"}

    waf = api.ask(headers, project, "add a WAF in front of the web app", session)
    assert waf["status"] == "succeeded", waf
    assert waf["result"]["intent"] == "DSL_UPDATE"
    v2 = api.http.get(f"{base}/2/threats", headers=headers).json()
    was = {t["id"]: t for t in v1["threats"]}
    mitigated = [
        t
        for t in v2["threats"]
        if t["status"] == "mitigated" and was.get(t["id"], {}).get("status") == "open"
    ]
    assert mitigated, "adding the WAF mitigated nothing"
    message = waf["result"]["message"]
    assert f"Adding WAF mitigated {len(mitigated)} threats" in message, message
    # the stored version says it too
    listed = api.http.get(base, headers=headers).json()
    assert f"Adding WAF mitigated {len(mitigated)} threats" in listed[1]["summary"]

    # a revert carries the threat model of the version it restores
    reverted = api.http.post(f"{base}/1/revert", headers=headers)
    assert reverted.status_code == 201, reverted.text
    v3 = api.http.get(f"{base}/3/threats", headers=headers).json()
    assert v3["threats"] == v1["threats"]


def test_the_threats_view_and_risk_answers(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    created = api.ask(headers, project, "create a web application with a postgres database")
    assert created["status"] == "succeeded", created
    session = created["result"]["session_id"]
    model = api.http.get(f"/v2/projects/{project}/versions/1/threats", headers=headers).json()

    view = api.ask(headers, project, "show threats", session)
    assert view["status"] == "succeeded", view
    assert view["result"]["intent"] == "VIEW_TOGGLE"
    state = view["result"]["payload"]["diagram_state"]
    leaves = [n for n in state["nodes"] if n.get("type") != "group"]
    assert leaves and all("threat" in n["data"] for n in leaves)
    for n in leaves:  # the marks are the stored model's
        mine = [t for t in model["threats"] if t.get("element") == n["id"]]
        assert n["data"]["threat"]["open_count"] == sum(t["status"] == "open" for t in mine)
    db = next(n for n in leaves if n["id"] == "postgres")["data"]["threat"]
    assert db["severity"] in ("medium", "high", "critical") and db["open_count"] > 0
    assert all("threat" in e["data"] for e in state["edges"])
    # the view's picture, as the answer links it: coloured, with the counts as badges
    svg = api.http.get(view["result"]["payload"]["svg_url"], headers=headers)
    assert svg.status_code == 200, svg.text
    assert svg.text.count('class="threat-badge"') == sum(
        1 for item in [*leaves, *state["edges"]] if item["data"]["threat"]["open_count"] > 0
    )

    answer = api.ask(headers, project, "what could go wrong with the database?", session)
    assert answer["status"] == "succeeded", answer
    assert answer["result"]["intent"] == "EXPERT_QA"
    first = answer["result"]["message"].splitlines()[0]
    assert "PostgreSQL (`postgres`)" in first, answer["result"]["message"]
    secure = api.ask(headers, project, "is this secure?", session)
    assert secure["result"]["intent"] == "EXPERT_QA"
    assert secure["result"]["message"].startswith(("Not yet:", "No high or critical"))
    assert "`" in secure["result"]["message"]  # elements cited by id

    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [1]  # views and answers make no version


def test_threat_endpoints_check_access_and_inputs(api: Api) -> None:
    _, owner = api.new_user()
    project = api.new_project(owner)
    assert api.ask(owner, project, "create a web app with a database")["status"] == "succeeded"
    _, stranger = api.new_user()
    base = f"/v2/projects/{project}/versions"
    for suffix in ("threats", "threats.md", "threats.dragon.json"):
        r = api.http.get(f"{base}/1/{suffix}", headers=stranger)
        assert r.status_code == 403 and r.json()["error_code"], r.text
        assert api.http.get(f"{base}/1/{suffix}").status_code == 401
        missing = api.http.get(f"{base}/9/{suffix}", headers=owner)
        assert missing.status_code == 404
        assert missing.json()["error_code"] == "VERSION_NOT_FOUND"
        assert api.http.get(f"{base}/x/{suffix}", headers=owner).status_code == 422
