"""The contract a front end relies on (issue 17), over the real suite (gateway, workers,
PostgreSQL, Redis): the design's response envelope on `/v1/design` and `?wait=true`, an
`outcome` and the current diagram on every reply, views whose D2, SVG and React Flow state are
one picture (and can be fetched again), and undo / revert / pin in the conversation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.dsl.d2 import compile_d2
from tests.conformance.official import OfficialD2
from tests.support.api import Api

pytestmark = [pytest.mark.integration, pytest.mark.node]

# The design's own example conversation (DESIGN.md, first paragraph).
CREATE = "create a secure web application with a database and authentication"
EDIT = "put a redis cache between the api and the database"
QUESTION = "what are the STRIDE threats on the login flow?"


def _post(api: Api, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    r = api.http.post(path, json=body, headers=headers, timeout=120)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _check_envelope(reply: dict[str, Any], project: str) -> dict[str, Any]:
    """The design's DesignGenerateResponseV2 shape; returns `response`."""
    assert reply["status"] == "succeeded", reply
    assert reply["project_id"] == project
    response = reply["response"]
    assert set(response) >= {"intent", "message", "payload", "session_id", "confidence"}
    assert response["message"]
    assert reply["session_id"] == response["session_id"]
    payload = response["payload"]
    assert payload["version_id"] == reply["version_id"]
    state = payload["diagram_state"]
    assert isinstance(state["nodes"], list) and isinstance(state["edges"], list)
    assert all({"id", "position", "data"} <= set(n) for n in state["nodes"])
    assert all({"id", "source", "target"} <= set(e) for e in state["edges"])
    return dict(response)


@pytest.mark.parametrize("path", ["/v1/design", "/v2/design/generate?wait=true"])
def test_the_designs_example_round_trips_in_its_envelope(api: Api, path: str) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = _post(api, path, headers, {"project_id": project, "query": CREATE})
    response = _check_envelope(first, project)
    assert response["intent"] == "DSL_CREATE" and response["payload"]["outcome"] == "applied"
    # version_id is the version's number, as the versions API names it (not a row id)
    assert first["version_id"] == 1
    assert first["result"]["payload"]["version_number"] == 1  # the job's own fields stay
    assert response["payload"]["svg_url"] == f"/v2/projects/{project}/versions/1.svg"
    v1 = api.http.get(f"/v2/projects/{project}/versions/1", headers=headers).json()
    assert v1["d2"] == response["payload"]["d2"]

    body = {"project_id": project, "query": EDIT, "session_id": first["session_id"]}
    second = _post(api, path, headers, body)
    response = _check_envelope(second, project)
    assert response["intent"] == "DSL_UPDATE" and second["version_id"] == 2
    ids = {n["id"] for n in response["payload"]["diagram_state"]["nodes"]}
    assert any("cache" in i or "redis" in i for i in ids), ids

    body = {"project_id": project, "query": QUESTION, "session_id": first["session_id"]}
    third = _post(api, path, headers, body)
    response = _check_envelope(third, project)
    assert response["intent"] == "EXPERT_QA" and response["payload"]["outcome"] == "answered"
    # a question makes no version: the reply shows the current one, unchanged
    assert third["version_id"] == 2
    assert response["payload"]["diagram_state"] == second["response"]["payload"]["diagram_state"]


def test_an_edit_not_understood_returns_the_current_diagram_and_says_so(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, CREATE)
    sid = first["result"]["session_id"]
    current = first["result"]["payload"]
    job = api.ask(headers, project, "frobnicate the quux into the zorblax", session_id=sid)
    assert job["status"] == "succeeded", job
    payload = job["result"]["payload"]
    assert payload["outcome"] == "clarify", job["result"]
    assert payload["diagram_state"] == current["diagram_state"]
    assert payload["d2"] == current["d2"] and payload["version_number"] == 1
    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [1]

    refused = api.ask(headers, project, "write me a poem about the sea", session_id=sid)
    assert refused["result"]["intent"] == "OUT_OF_SCOPE"
    assert refused["result"]["payload"]["outcome"] == "refused"
    assert refused["result"]["payload"]["diagram_state"] == current["diagram_state"]


def _svg_texts(svg: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svg))


def test_a_view_answers_with_one_picture_that_can_be_fetched_again(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, CREATE)
    sid = first["result"]["session_id"]
    full = {n["id"] for n in first["result"]["payload"]["diagram_state"]["nodes"]}

    job = api.ask(headers, project, "show only the security components", session_id=sid)
    result = job["result"]
    assert result["intent"] == "VIEW_TOGGLE", result
    payload = result["payload"]
    assert payload["outcome"] == "view" and payload["view"]["only_kinds"] == ["security"]
    shown = {n["id"] for n in payload["diagram_state"]["nodes"]}
    assert shown < full
    # the D2 of the view is the view: its shapes are the React Flow nodes
    compiled = compile_d2(payload["d2"])
    assert {s.id for s in compiled.shapes} == shown
    assert {(c.src, c.dst) for c in compiled.connections} == {
        (e["source"], e["target"]) for e in payload["diagram_state"]["edges"]
    }
    # and the official compiler (the repo's own client of npm @terrastruct/d2) accepts it
    with OfficialD2() as official:
        verdict = official.compile("view.d2", payload["d2"])
    assert verdict["ok"] is True, verdict["error"]
    # the SVG draws the view: every shown label, none of the hidden ones
    assert payload["svg_url"] == f"/v2/projects/{project}/sessions/{sid}/view.svg"
    svg = api.http.get(payload["svg_url"], headers=headers)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    texts = _svg_texts(svg.text)
    labels = {
        n["id"]: n["data"]["label"] for n in first["result"]["payload"]["diagram_state"]["nodes"]
    }
    for node_id in shown:
        assert labels[node_id] in texts
    hidden = [
        labels[i] for i in full - shown if labels[i] not in " ".join(labels[s] for s in shown)
    ]
    assert hidden and not any(f" {label} " in texts for label in hidden)
    # fetched again: the stored view is the same picture
    stored = api.http.get(f"/v2/projects/{project}/sessions/{sid}/view", headers=headers).json()
    assert stored["d2"] == payload["d2"] and stored["diagram_state"] == payload["diagram_state"]
    assert stored["version_id"] == 1 and stored["view"]["name"] == payload["view"]["name"]
    d2 = api.http.get(f"/v2/projects/{project}/sessions/{sid}/view.d2", headers=headers)
    assert d2.text == payload["d2"]
    # the version itself is unchanged
    v1 = api.http.get(f"/v2/projects/{project}/versions/1.d2", headers=headers).text
    assert v1 == first["result"]["payload"]["d2"] != payload["d2"]


def test_undo_and_revert_in_chat_make_the_expected_versions(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, CREATE)
    sid = first["result"]["session_id"]
    second = api.ask(headers, project, EDIT, session_id=sid)
    assert second["result"]["payload"]["version_number"] == 2

    undo = api.ask(headers, project, "undo", session_id=sid)
    assert undo["status"] == "succeeded", undo
    assert undo["result"]["intent"] == "DSL_UPDATE"
    payload = undo["result"]["payload"]
    assert payload["outcome"] == "applied" and payload["version_number"] == 3
    assert payload["d2"] == first["result"]["payload"]["d2"]

    back = api.ask(headers, project, "revert to version 2", session_id=sid)
    assert back["result"]["payload"]["version_number"] == 4
    assert back["result"]["payload"]["d2"] == second["result"]["payload"]["d2"]
    one = api.ask(headers, project, "revert to version 1", session_id=sid)
    assert one["result"]["payload"]["version_number"] == 5
    assert one["result"]["payload"]["d2"] == first["result"]["payload"]["d2"]

    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [1, 2, 3, 4, 5]
    by_number = {v["number"]: v for v in versions}
    assert by_number[3]["summary"] == "Reverted to version 1."
    assert by_number[5]["parent_version_id"] == by_number[4]["version_id"]

    missing = api.ask(headers, project, "revert to version 42", session_id=sid)
    assert missing["result"]["payload"]["outcome"] == "refused"
    assert missing["result"]["payload"]["version_number"] == 5
    # the next edit builds on the reverted diagram
    nxt = api.ask(headers, project, "go back to the previous version", session_id=sid)
    assert nxt["result"]["payload"]["version_number"] == 6
    assert nxt["result"]["payload"]["d2"] == second["result"]["payload"]["d2"]


def test_pin_in_chat_keeps_the_node_on_the_next_edit(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, CREATE)
    sid = first["result"]["session_id"]
    state = first["result"]["payload"]["diagram_state"]
    api_node = next(n for n in state["nodes"] if n["id"].endswith(".api"))

    pinned = api.ask(headers, project, "pin the api where it is", session_id=sid)
    assert pinned["result"]["intent"] == "DSL_UPDATE", pinned["result"]
    assert pinned["result"]["payload"]["outcome"] == "applied", pinned["result"]
    pins = api.http.get(f"/v2/projects/{project}/pins", headers=headers).json()
    assert [p["node_id"] for p in pins] == [api_node["id"]]

    from tests.integration.test_pins import _absolute

    before = _absolute(state)[api_node["id"]]
    pin = pins[0]
    assert (pin["x"], pin["y"]) == pytest.approx(before)
    edit = api.ask(headers, project, EDIT, session_id=sid)
    payload = edit["result"]["payload"]
    assert payload["version_number"] == 2 and payload["pinned_nodes"] == [api_node["id"]]
    assert _absolute(payload["diagram_state"])[api_node["id"]] == pytest.approx(before, abs=0.5)

    unpin = api.ask(headers, project, "unpin the api", session_id=sid)
    assert unpin["result"]["payload"]["outcome"] == "applied"
    assert api.http.get(f"/v2/projects/{project}/pins", headers=headers).json() == []
