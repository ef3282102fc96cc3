"""Access control (401/403/404) and bad inputs (4xx with the standard body, never a 500)."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from tests.support.api import Api
from tests.support.infra import ServerInfra

pytestmark = pytest.mark.integration

STANDARD_KEYS = {"error_code", "message", "details"}


def assert_error(response, status: int, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == STANDARD_KEYS, body
    if code:
        assert body["error_code"] == code, body


def _unsigned_token(user_id: int) -> str:
    def b64(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64({'sub': str(user_id), 'exp': 2**31})}."


def test_other_users_get_403_on_the_project_and_its_jobs(api: Api) -> None:
    _, owner = api.new_user()
    project = api.new_project(owner)
    job = api.ask(owner, project, "create a web app with a database")
    _, stranger = api.new_user()

    for path in (
        f"/v2/projects/{project}/versions",
        f"/v2/projects/{project}/versions/1",
        f"/v2/projects/{project}/versions/1.d2",
        f"/v2/projects/{project}/history",
        f"/v2/jobs/{job['job_id']}",
    ):
        assert_error(api.http.get(path, headers=stranger), 403)
    assert_error(
        api.http.post(
            "/v2/design/generate",
            json={"project_id": project, "query": "add a cache"},
            headers=stranger,
        ),
        403,
    )
    assert_error(api.http.post(f"/v2/projects/{project}/versions/1/revert", headers=stranger), 403)
    listed = api.http.get("/v2/projects", headers=stranger).json()
    assert project not in [p["project_code"] for p in listed]


def test_missing_bad_expired_and_alg_none_tokens_get_401(api: Api, infra: ServerInfra) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    me = jwt.decode(headers["Authorization"].split()[1], options={"verify_signature": False})
    secret = infra.env["JWT_SECRET"]
    expired = jwt.encode({"sub": me["sub"], "exp": int(time.time()) - 10}, secret, "HS256")
    forged = jwt.encode({"sub": me["sub"], "exp": int(time.time()) + 600}, "x" * 40, "HS256")
    cases = {
        "missing": {},
        "garbage": {"Authorization": "Bearer not-a-token"},
        "expired": {"Authorization": f"Bearer {expired}"},
        "forged": {"Authorization": f"Bearer {forged}"},
        "alg_none": {"Authorization": f"Bearer {_unsigned_token(int(me['sub']))}"},
    }
    for name, bad in cases.items():
        r = api.http.get(f"/v2/projects/{project}/versions", headers=bad)
        assert_error(r, 401)
        assert r.json()["error_code"].startswith("TOKEN_"), name
    r = api.http.get(f"/v2/projects/{project}/versions", headers=cases["expired"])
    assert r.json()["error_code"] == "TOKEN_EXPIRED"


def test_job_websocket_refuses_a_bad_token(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    job = api.ask(headers, project, "create a web app with a database")
    messages = api.ws_messages(f"/v2/jobs/{job['job_id']}/ws", "bad-token", timeout=10)
    assert messages == [
        {
            "type": "error",
            "error_code": "TOKEN_INVALID",
            "message": messages[0]["message"],
            "details": {},
        }
    ]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"query": ""}, 422, "QUERY_EMPTY"),
        ({"query": "   \n\t "}, 422, "QUERY_EMPTY"),
        ({"query": "a" * 513}, 422, "QUERY_TOO_LONG"),
        ({"query": "create a fucking database"}, 422, "QUERY_PROFANE"),
        ({"query": "create a db", "session_id": "not-a-uuid"}, 422, "SESSION_ID_INVALID"),
        (
            {"query": "create a db", "session_id": "7d1e9c9e-3c5b-4c1e-9a57-2b0f7d6f1a10"},
            404,
            "SESSION_NOT_FOUND",
        ),
        ({"query": 42}, 422, "VALIDATION_ERROR"),
        ({"query": "create a db", "extra": True}, 422, "VALIDATION_ERROR"),
        ({}, 422, "VALIDATION_ERROR"),
    ],
)
def test_bad_generate_bodies_get_a_4xx_with_the_standard_body(
    api: Api, body: dict[str, object], status: int, code: str
) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    r = api.http.post("/v2/design/generate", json={"project_id": project, **body}, headers=headers)
    assert_error(r, status, code)


def test_unknown_and_malformed_projects(api: Api) -> None:
    _, headers = api.new_user()
    r = api.http.post(
        "/v2/design/generate",
        json={"project_id": "ZZZZZZZ", "query": "create a db"},
        headers=headers,
    )
    assert_error(r, 404, "PROJECT_NOT_FOUND")
    r = api.http.post(
        "/v2/design/generate",
        json={"project_id": "bad code!", "query": "create a db"},
        headers=headers,
    )
    assert_error(r, 422, "PROJECT_CODE_INVALID")
    assert_error(api.http.get("/v2/projects/ZZZZZZZ/versions", headers=headers), 404)
    assert_error(api.http.get("/v2/jobs/" + "0" * 32, headers=headers), 404, "JOB_NOT_FOUND")


def test_malformed_json_and_wrong_shapes(api: Api) -> None:
    _, headers = api.new_user()
    r = api.http.post(
        "/v2/design/generate",
        content=b"{not json",
        headers={**headers, "content-type": "application/json"},
    )
    assert_error(r, 422, "VALIDATION_ERROR")
    r = api.http.post("/v2/design/generate", json=["a", "list"], headers=headers)
    assert_error(r, 422, "VALIDATION_ERROR")
    r = api.http.post("/v2/auth/register", json={"email": "not-an-email", "password": "x" * 10})
    assert_error(r, 422, "VALIDATION_ERROR")
    r = api.http.post("/v2/auth/token", json={"email": "nobody@example.com", "password": "x" * 10})
    assert_error(r, 401, "BAD_CREDENTIALS")
    assert_error(api.http.get("/v2/no-such-route"), 404)


def test_duplicate_registration_is_a_conflict(api: Api) -> None:
    body = {"email": "same@example.com", "password": "long-enough-password"}
    api.http.post("/v2/auth/register", json=body)
    assert_error(api.http.post("/v2/auth/register", json=body), 409, "EMAIL_TAKEN")


def test_health_ready_and_metrics(api: Api) -> None:
    health = api.http.get("/health").json()
    assert health["status"] == "ok"
    assert health["dependencies"] == {"database": "ok", "redis": "ok", "broker": "ok"}
    assert health["version"] and health["uptime_seconds"] > 0
    ready = api.http.get("/ready")
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["checks"]) == {"redis", "postgres", "broker", "workers"}
    metrics = api.http.get("/metrics").text
    assert "archdesign_http_requests_total" in metrics


def test_members_share_the_project_and_its_notifications(api: Api) -> None:
    _, owner = api.new_user()
    project = api.new_project(owner)
    member_token, member = api.new_user()
    before = api.http.get("/v2/projects", headers=member).json()  # no access yet
    assert project not in [p["project_code"] for p in before]
    _, outsider = api.new_user()
    me = jwt.decode(member_token, options={"verify_signature": False})
    member_email = api.email_of(member)
    assert_error(
        api.http.post(
            f"/v2/projects/{project}/members", json={"email": member_email}, headers=outsider
        ),
        403,
    )
    r = api.http.post(
        f"/v2/projects/{project}/members", json={"email": member_email}, headers=owner
    )
    assert r.status_code == 201, r.text
    assert project in [
        p["project_code"] for p in api.http.get("/v2/projects", headers=member).json()
    ]
    job = api.ask(member, project, "create a web app with a database")
    assert job["status"] == "succeeded", job
    owner_notes = api.http.get("/v2/notifications", headers=owner).json()
    assert owner_notes and owner_notes[0]["kind"] == "version_created"
    assert owner_notes[0]["payload"]["actor_id"] == int(me["sub"])
    assert_error(
        api.http.post(
            f"/v2/projects/{project}/members", json={"email": "nobody@example.com"}, headers=owner
        ),
        404,
        "USER_NOT_FOUND",
    )
