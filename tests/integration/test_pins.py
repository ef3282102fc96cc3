"""Pins over the real suite: stored for the project, checked, and honoured by the next layout."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import Api

pytestmark = pytest.mark.integration

CREATE = "create a secure web application with a database and authentication"
EDIT = "add a redis cache between the api and the database"


def _absolute(state: dict[str, Any]) -> dict[str, tuple[float, float]]:
    nodes = {n["id"]: n for n in state["nodes"]}

    def at(nid: str) -> tuple[float, float]:
        n = nodes[nid]
        x, y = n["position"]["x"], n["position"]["y"]
        if n.get("parentId"):
            px, py = at(n["parentId"])
            return px + x, py + y
        return x, y

    return {nid: at(nid) for nid in nodes}


def test_a_pinned_node_keeps_its_place_in_the_next_version(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    pins = f"/v2/projects/{project}/pins"

    early = api.http.put(f"{pins}/users", json={"x": 1, "y": 2}, headers=headers)
    assert early.status_code == 404 and early.json()["error_code"] == "VERSION_NOT_FOUND"

    first = api.ask(headers, project, CREATE)
    assert first["status"] == "succeeded", first
    state = first["result"]["payload"]["diagram_state"]
    top = next(n for n in state["nodes"] if not n.get("parentId"))
    child = next(n for n in state["nodes"] if n.get("parentId"))
    right = max(n["position"]["x"] + n["width"] for n in state["nodes"] if not n.get("parentId"))
    spot = {"x": right + 240.0, "y": 0.0}

    r = api.http.put(f"{pins}/{top['id']}", json=spot, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["node_id"] == top["id"] and (r.json()["x"], r.json()["y"]) == (spot["x"], 0)
    # a dotted id (a node inside a zone) goes in the path as it is
    assert api.http.put(f"{pins}/{child['id']}", json=spot, headers=headers).status_code == 200
    assert api.http.delete(f"{pins}/{child['id']}", headers=headers).status_code == 204
    assert [p["node_id"] for p in api.http.get(pins, headers=headers).json()] == [top["id"]]

    second = api.ask(headers, project, EDIT, session_id=first["result"]["session_id"])
    assert second["status"] == "succeeded", second
    payload = second["result"]["payload"]
    assert payload["version_number"] == 2
    assert payload["pinned_nodes"] == [top["id"]]
    x, y = _absolute(payload["diagram_state"])[top["id"]]
    assert abs(x - spot["x"]) < 0.5 and abs(y - spot["y"]) < 0.5
    v2 = api.http.get(f"/v2/projects/{project}/versions/2", headers=headers).json()
    assert v2["pinned_nodes"] == [top["id"]]


def test_pins_are_checked_and_private_to_the_project(api: Api) -> None:
    _, headers = api.new_user()
    _, stranger = api.new_user()
    project = api.new_project(headers)
    pins = f"/v2/projects/{project}/pins"
    assert api.ask(headers, project, CREATE)["status"] == "succeeded"

    unknown = api.http.put(f"{pins}/no_such_node", json={"x": 1, "y": 2}, headers=headers)
    assert unknown.status_code == 404 and unknown.json()["error_code"] == "NODE_NOT_FOUND"
    far = api.http.put(f"{pins}/internet", json={"x": 1e12, "y": 2}, headers=headers)
    assert far.status_code == 422 and far.json()["error_code"] == "VALIDATION_ERROR"
    nan = api.http.put(
        f"{pins}/internet",
        content='{"x": NaN, "y": 0}',
        headers={**headers, "content-type": "application/json"},
    )
    assert nan.status_code == 422
    extra = api.http.put(f"{pins}/internet", json={"x": 1, "y": 2, "z": 3}, headers=headers)
    assert extra.status_code == 422
    long_id = api.http.put(f"{pins}/{'a' * 300}", json={"x": 1, "y": 2}, headers=headers)
    assert long_id.status_code == 422 and long_id.json()["error_code"] == "NODE_ID_INVALID"

    foreign = api.http.put(f"{pins}/internet", json={"x": 1, "y": 2}, headers=stranger)
    assert foreign.status_code == 403 and foreign.json()["error_code"] == "PROJECT_FORBIDDEN"
    assert api.http.get(pins, headers=stranger).status_code == 403
    gone = api.http.delete(f"{pins}/internet", headers=headers)
    assert gone.status_code == 404 and gone.json()["error_code"] == "PIN_NOT_FOUND"
    assert api.http.get(pins, headers=headers).json() == []
