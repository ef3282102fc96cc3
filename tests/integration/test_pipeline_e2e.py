"""End to end over real Redis, PostgreSQL, Celery workers and the uvicorn gateway."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

import pytest

from tests.support.api import Api
from tests.support.infra import ChildProcess, poll

pytestmark = pytest.mark.integration


def _ws_collect(
    api: Api, job_id: str, token: str, out: list[dict[str, Any]], first: threading.Event
) -> None:
    out.extend(api.ws_messages(f"/v2/jobs/{job_id}/ws", token, first_message=first))


def test_conversation_versions_diff_revert_and_history(
    api: Api, workers: dict[str, ChildProcess]
) -> None:
    token, headers = api.new_user()
    project = api.new_project(headers)

    # Hold the intent worker so the WebSocket is attached before any stage runs.
    intent_pid = workers["intent"].proc.pid
    os.killpg(intent_pid, signal.SIGSTOP)
    try:
        accepted = api.generate(
            headers, project, "create a secure web application with a database and authentication"
        )
        messages: list[dict[str, Any]] = []
        attached = threading.Event()
        reader = threading.Thread(
            target=_ws_collect, args=(api, accepted["job_id"], token, messages, attached)
        )
        reader.start()
        assert attached.wait(30), "the job WebSocket sent nothing"
    finally:
        os.killpg(intent_pid, signal.SIGCONT)
    reader.join(timeout=90)

    assert accepted["status"] == "queued"
    assert messages[0]["type"] == "state" and messages[0]["status"] == "queued"
    stages = [m["stage"] for m in messages if m["type"] == "event"]
    for stage in ("intent", "generate", "validate", "layout", "persist"):
        assert stage in stages, stages
    final = messages[-1]
    assert final["type"] == "result" and final["status"] == "succeeded", final

    job = api.wait_job(headers, accepted["job_id"])
    assert job["status"] == "succeeded"
    assert job["result"] == final["result"]
    result = job["result"]
    assert result["intent"] == "DSL_CREATE"
    assert result["session_id"] == accepted["session_id"]
    payload = result["payload"]
    assert payload["version_number"] == 1 and "->" in payload["d2"]
    assert payload["diagram_state"]["nodes"] and payload["diagram_state"]["edges"]
    # the gateway links the stored picture (on the WebSocket too: the results are equal)
    assert payload["svg_url"] == f"/v2/projects/{project}/versions/1.svg"

    v1 = api.http.get(f"/v2/projects/{project}/versions/1", headers=headers).json()
    assert v1["d2"] == payload["d2"] and v1["parent_version_id"] is None
    assert api.http.get(f"/v2/projects/{project}/versions/1.d2", headers=headers).text == v1["d2"]
    svg = api.http.get(f"/v2/projects/{project}/versions/1.svg", headers=headers)
    assert svg.status_code == 200 and svg.text.lstrip().startswith(("<svg", "<?xml"))

    update = api.ask(
        headers,
        project,
        "add a redis cache between the api and the database",
        session_id=accepted["session_id"],
    )
    assert update["status"] == "succeeded", update
    assert update["result"]["intent"] == "DSL_UPDATE"
    v2 = api.http.get(f"/v2/projects/{project}/versions/2", headers=headers).json()
    assert v2["parent_version_id"] == v1["version_id"]
    assert v2["d2"] != v1["d2"]

    # The edit keeps the picture: only the zone the cache goes into (the data tier) makes room
    # for it; every other node present in both versions stays exactly where it was.
    before = {n["id"]: n for n in v1["diagram_state"]["nodes"]}
    moved = {
        n["id"]: abs(n["position"]["x"] - before[n["id"]]["position"]["x"])
        + abs(n["position"]["y"] - before[n["id"]]["position"]["y"])
        for n in v2["diagram_state"]["nodes"]
        if n["id"] in before and n.get("parentId") == before[n["id"]].get("parentId")
    }
    outside = [m for nid, m in moved.items() if nid.split(".")[0] != "data"]
    assert len(outside) >= 8 and not any(outside), moved

    diff = api.http.get(f"/v2/projects/{project}/versions/1/diff/2", headers=headers).json()
    assert diff["unified"].startswith("--- v1.d2")
    assert diff["nodes_added"], diff

    reverted = api.http.post(f"/v2/projects/{project}/versions/1/revert", headers=headers)
    assert reverted.status_code == 201, reverted.text
    v3 = reverted.json()
    assert v3["number"] == 3 and v3["d2"] == v1["d2"]
    assert v3["parent_version_id"] == v2["version_id"]
    listed = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    assert [v["number"] for v in listed] == [1, 2, 3]

    history = api.http.get(f"/v2/projects/{project}/history", headers=headers).json()
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    assert history[0]["content"].startswith("create a secure web application")


def test_answer_only_intent_takes_the_short_path_and_makes_no_version(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    job = api.ask(headers, project, "what is the weather like in Paris today?")
    assert job["status"] == "succeeded", job
    assert job["result"]["intent"] == "OUT_OF_SCOPE"
    assert job["result"]["payload"]["version_id"] is None
    assert job["result"]["payload"]["svg_url"] is None
    assert api.http.get(f"/v2/projects/{project}/versions", headers=headers).json() == []


def test_wait_true_returns_the_finished_job(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    r = api.http.post(
        "/v2/design/generate?wait=true",
        json={"project_id": project, "query": "design a microservices shop with kafka"},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "succeeded"
    assert r.json()["result"]["payload"]["version_number"] == 1


def test_legacy_v1_waits_on_the_job_the_workers_run(
    api: Api, workers: dict[str, ChildProcess]
) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    r = api.http.post(
        "/v1/design",
        json={"project_id": project, "query": "create a web app with postgres and a load balancer"},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "succeeded"
    assert body["result"]["payload"]["version_number"] == 1
    assert "->" in body["result"]["payload"]["d2"]
    assert body["result"]["payload"]["svg_url"] == f"/v2/projects/{project}/versions/1.svg"
    # the stages ran in the workers, not in the gateway (each logs a stage before it hands
    # the job on; the last one publishes the result first, then logs)
    for kind in ("intent", "dsl", "layout"):
        assert body["job_id"] in workers[kind].log_text(), kind
    workers["persistence"].wait_for_log(body["job_id"], timeout=30)


def test_notifications_websocket_announces_new_versions(api: Api) -> None:
    token, headers = api.new_user()
    project = api.new_project(headers)
    received: list[dict[str, Any]] = []

    def listen() -> None:
        url = api.base_url.replace("http://", "ws://") + f"/v2/notifications/ws?token={token}"
        from websockets.sync.client import connect

        with connect(url, open_timeout=10) as ws:
            import json

            received.append(json.loads(ws.recv(timeout=10)))  # subscribed
            ready.set()
            received.append(json.loads(ws.recv(timeout=60)))

    ready = threading.Event()
    listener = threading.Thread(target=listen)
    listener.start()
    assert ready.wait(15)
    api.ask(headers, project, "create a secure web application with a database")
    listener.join(timeout=60)
    assert received[0]["type"] == "subscribed"
    assert received[1]["type"] == "notification"
    assert received[1]["project_code"] == project and received[1]["version_number"] == 1


def test_request_id_and_job_id_reach_every_worker_log(
    api: Api, workers: dict[str, ChildProcess]
) -> None:
    import json

    _, headers = api.new_user()
    project = api.new_project(headers)
    request_id = "req-" + os.urandom(6).hex()
    r = api.http.post(
        "/v2/design/generate",
        json={"project_id": project, "query": "create a web app with a postgres database"},
        headers={**headers, "X-Request-ID": request_id},
    )
    assert r.status_code == 202 and r.headers["x-request-id"] == request_id
    job_id = r.json()["job_id"]
    assert api.wait_job(headers, job_id)["status"] == "succeeded"
    for kind, child in workers.items():
        # a worker logs stage.done after it hands the job on: wait for the line, not a while
        def done_lines(child: ChildProcess = child) -> list[dict[str, Any]]:
            lines = [
                json.loads(line)
                for line in child.log_text().splitlines()
                if line.startswith("{") and job_id in line
            ]
            return [ln for ln in lines if ln.get("event") == "stage.done"]

        done = poll(done_lines)
        assert done, f"no stage.done log line for the job in the {kind} worker"
        assert all(ln["request_id"] == request_id and ln["job_id"] == job_id for ln in done)


def test_views_and_expert_answers_use_the_current_version_without_new_versions(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    created = api.ask(
        headers, project, "create a secure web application with a database and authentication"
    )
    assert created["status"] == "succeeded", created
    session = created["result"]["session_id"]
    full_nodes = created["result"]["payload"]["diagram_state"]["nodes"]

    view = api.ask(headers, project, "show only the data stores", session)
    assert view["status"] == "succeeded", view
    assert view["result"]["intent"] == "VIEW_TOGGLE"
    shown = view["result"]["payload"]["diagram_state"]["nodes"]
    leaves = [n for n in shown if n.get("type") != "group"]
    assert leaves and len(shown) < len(full_nodes)
    assert {n["data"]["nodeType"] for n in leaves} <= {"database", "cache", "storage"}
    # a view links its own picture, stored on the session (the version's is the full diagram)
    assert view["result"]["payload"]["version_number"] == 1
    assert (
        view["result"]["payload"]["svg_url"]
        == f"/v2/projects/{project}/sessions/{session}/view.svg"
    )

    answer = api.ask(headers, project, "which components store personal data?", session)
    assert answer["status"] == "succeeded", answer
    assert answer["result"]["intent"] == "EXPERT_QA"
    assert "data.database" in answer["result"]["message"]

    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [1]
    history = api.http.get(
        f"/v2/projects/{project}/history", params={"session_id": session}, headers=headers
    ).json()
    assert len(history) == 6
