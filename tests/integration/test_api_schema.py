"""schemathesis against the running gateway: every operation of its OpenAPI document, with
generated inputs (bounded examples), authenticated as a real registered user. No answer may be
a server error, an undocumented status code, or a body that does not match its schema."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.infra import ServerInfra, start_gateway

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def schema_gateway(infra: ServerInfra, log_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A gateway of its own (no workers: jobs stay queued; `?wait=true` waits 1 s) and the
    bearer header of a user registered on it."""
    env = {**infra.env, "GENERATE_WAIT_TIMEOUT_SECONDS": "1"}
    child, base = start_gateway(env, log_dir, name="gateway-schemathesis")
    try:
        creds = {
            "email": f"st-{secrets.token_hex(6)}@example.com",
            "password": secrets.token_urlsafe(16),
        }
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.post("/v2/auth/register", json=creds).status_code == 201
            token = http.post("/v2/auth/token", json=creds).json()["access_token"]
            # a project of the user's, so not every generated code is someone else's
            assert (
                http.post(
                    "/v2/projects",
                    json={"name": "schema"},
                    headers={"Authorization": f"Bearer {token}"},
                ).status_code
                == 201
            )
        yield base, {"Authorization": f"Bearer {token}"}
    finally:
        child.stop()


def test_every_operation_answers_as_documented(
    schema_gateway: tuple[str, dict[str, str]],
) -> None:
    base, auth = schema_gateway
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    tested: list[str] = []
    statuses: Counter[int] = Counter()

    for result in schema.get_all_operations():
        operation = result.ok()
        tested.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: schemathesis.Case) -> None:
            headers = {
                k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
            }
            case.headers = {**headers, **auth}
            # /ready's 503 is its documented answer while a dependency is missing (this
            # gateway has no workers), not a server error
            checks = CHECKS[1:] if case.operation.label == "GET /ready" else CHECKS
            response = case.call_and_validate(base_url=base, checks=checks, timeout=30)
            statuses[response.status_code] += 1

        try:
            run()
        except Exception as exc:  # every operation is run; the failures are reported together
            failures.append(f"{operation.label}: {exc}"[:3000])
    print(f"schemathesis: {len(tested)} operations, {sum(statuses.values())} calls, {statuses}")
    assert len(tested) >= 20, tested
    assert sum(statuses.values()) >= len(tested) * 2, statuses
    assert not failures, "\n\n".join(failures)
