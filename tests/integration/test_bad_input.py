"""Inputs that used to answer 500 (issue 10, item 6) now answer a 4xx with its code."""

from __future__ import annotations

import base64
import os
import socket
import time

import jwt
import pytest

from tests.support.api import Api
from tests.support.infra import ServerInfra

pytestmark = pytest.mark.integration

BIG = 2**31  # one past PostgreSQL's integer


def _code(response) -> str:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    return str(response.json()["error_code"])


def test_version_numbers_beyond_int4_are_refused_on_every_version_endpoint(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    for method, path in (
        ("GET", f"/v2/projects/{project}/versions/{BIG}"),
        ("GET", f"/v2/projects/{project}/versions/{BIG}.d2"),
        ("GET", f"/v2/projects/{project}/versions/{BIG}.svg"),
        ("GET", f"/v2/projects/{project}/versions/1/diff/{BIG}"),
        ("GET", f"/v2/projects/{project}/versions/{BIG * 4}/diff/1"),
        ("POST", f"/v2/projects/{project}/versions/{BIG}/revert"),
        ("GET", f"/v2/projects/{project}/versions/-1"),
    ):
        r = api.http.request(method, path, headers=headers)
        assert r.status_code == 422 and _code(r) == "VERSION_NUMBER_INVALID", (path, r.text)


def test_nul_bytes_are_refused_in_the_query_the_name_and_the_session_id(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    cases = [
        ("POST", "/v2/design/generate", {"project_id": project, "query": "add a\x00 cache"}),
        ("POST", "/v2/projects", {"name": "demo\x00"}),
        (
            "POST",
            "/v2/design/generate",
            {"project_id": project, "query": "add a cache", "session_id": "\x00" * 36},
        ),
    ]
    for method, path, body in cases:
        r = api.http.request(method, path, json=body, headers=headers)
        assert r.status_code == 422, (body, r.text)
        assert _code(r) in {"NUL_CHARACTER", "SESSION_ID_INVALID"}, r.text
    r = api.http.get(
        f"/v2/projects/{project}/history", params={"session_id": "a\x00b"}, headers=headers
    )
    assert r.status_code == 422 and _code(r) == "NUL_CHARACTER", r.text
    r = api.http.get("/v2/jobs/abc%00def", headers=headers)
    assert r.status_code == 422 and _code(r) == "NUL_CHARACTER", r.text
    r = api.http.put(f"/v2/projects/{project}/pins/a%00b", json={"x": 1, "y": 2}, headers=headers)
    assert r.status_code == 422 and _code(r) == "NUL_CHARACTER", r.text


def test_a_token_whose_sub_overflows_bigint_is_invalid(api: Api, infra: ServerInfra) -> None:
    for sub in (str(2**63), str(2**64 + 5), "0", "-3"):
        token = jwt.encode(
            {"sub": sub, "exp": int(time.time()) + 600}, infra.env["JWT_SECRET"], "HS256"
        )
        r = api.http.get("/v2/projects", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401 and _code(r) == "TOKEN_INVALID", (sub, r.text)


def test_schema_constraints_answer_with_their_codes(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    r = api.http.get("/v2/projects/bad-code/versions", headers=headers)
    assert r.status_code == 422 and _code(r) == "PROJECT_CODE_INVALID", r.text
    r = api.http.post("/v2/projects", json={"name": "   "}, headers=headers)
    assert r.status_code == 422 and _code(r) == "VALIDATION_ERROR", r.text
    r = api.http.get(f"/v2/projects/{project}/history", params={"session_id": "x"}, headers=headers)
    assert r.status_code == 422 and _code(r) == "SESSION_ID_INVALID", r.text


def test_405_names_the_allowed_methods(api: Api) -> None:
    r = api.http.delete("/v2/projects")
    assert r.status_code == 405 and _code(r) == "METHOD_NOT_ALLOWED"
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_the_openapi_document_declares_constraints_and_errors(api: Api) -> None:
    doc = api.http.get("/openapi.json").json()
    generate = doc["paths"]["/v2/design/generate"]["post"]
    assert {"200", "202", "401", "403", "404", "422", "429"} <= set(generate["responses"])
    body = doc["components"]["schemas"]["GenerateIn"]["properties"]
    assert body["query"]["maxLength"] == 512
    assert body["project_id"]["pattern"] == "^[A-Z0-9]{7}$"
    version = doc["paths"]["/v2/projects/{code}/versions/{number}"]["get"]
    params = {p["name"]: p["schema"] for p in version["parameters"]}
    assert params["number"]["maximum"] == 2**31 - 1
    assert params["code"]["pattern"] == "^[A-Z0-9]{7}$"
    error = version["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}


def test_an_over_long_websocket_upgrade_is_answered_at_once(api: Api) -> None:
    """An upgrade whose query string is far beyond any real one (12 KB) gets its answer at
    once (the connection is refused or closed with an error), not a minute of silence."""
    host, port = api.http.base_url.host, api.http.base_url.port
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /v2/notifications/ws?token={'a' * 12_000} HTTP/1.1\r\nHost: {host}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection((host, port)) as sock:
        sock.settimeout(20)
        started = time.monotonic()
        sock.sendall(request.encode())
        first = sock.recv(65536)
        answered = time.monotonic() - started
    assert first.startswith(b"HTTP/1.1 "), first[:80]
    # 20 s is far from the minute the old gateway stayed silent, and far above any answer
    assert answered < 20
