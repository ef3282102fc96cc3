"""Accounts under attack: login and register throttled per account and per client address
(429 + Retry-After), login timing that does not tell known emails from unknown ones, and a
password policy that refuses what a guesser tries first."""

from __future__ import annotations

import secrets
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.api import Api
from tests.support.infra import ServerInfra, start_gateway

pytestmark = pytest.mark.integration

PASSPHRASE = "violet harbour tractor lantern"
ACCOUNT_FAILURES = 5
ADDRESS_ATTEMPTS = 12


@pytest.fixture(scope="module")
def strict(infra: ServerInfra, log_dir: Path) -> Iterator[httpx.Client]:
    """A gateway of its own with small limits (the session's gateway lifts the address limit:
    every test registers from 127.0.0.1). Client addresses come from X-Forwarded-For, which
    uvicorn trusts from 127.0.0.1 as it would from a proxy."""
    env = {
        **infra.env,
        "AUTH_LOGIN_FAILURES_PER_ACCOUNT": f"{ACCOUNT_FAILURES}/15 minutes",
        "AUTH_REGISTER_ATTEMPTS_PER_ACCOUNT": "3/15 minutes",
        "AUTH_ATTEMPTS_PER_ADDRESS": f"{ADDRESS_ATTEMPTS}/minute",
    }
    child, base = start_gateway(env, log_dir, name="gateway-strict")
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client
    finally:
        child.stop()


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def _new_address() -> str:
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"  # documentation range


def _email() -> str:
    return f"acct-{secrets.token_hex(6)}@example.com"


def assert_throttled(response: httpx.Response, scope: str, window_seconds: int) -> None:
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["error_code"] == "TOO_MANY_ATTEMPTS", body
    assert body["details"]["scope"] == scope, body
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= window_seconds
    assert body["details"]["retry_after_seconds"] == retry_after


def test_failed_logins_of_one_account_are_throttled_even_from_many_addresses(
    strict: httpx.Client,
) -> None:
    email = _email()
    good = {"email": email, "password": PASSPHRASE}
    assert (
        strict.post("/v2/auth/register", json=good, headers=_from(_new_address())).status_code
        == 201
    )
    wrong = {"email": email, "password": "not the password at all"}
    for _ in range(ACCOUNT_FAILURES):
        r = strict.post("/v2/auth/token", json=wrong, headers=_from(_new_address()))
        assert r.status_code == 401, r.text
    # the guesser is stopped, and even the right password gets no answer that says so
    assert_throttled(
        strict.post("/v2/auth/token", json=wrong, headers=_from(_new_address())), "account", 900
    )
    assert_throttled(
        strict.post("/v2/auth/token", json=good, headers=_from(_new_address())), "account", 900
    )
    # another account is not affected
    other = {"email": _email(), "password": PASSPHRASE}
    assert (
        strict.post("/v2/auth/register", json=other, headers=_from(_new_address())).status_code
        == 201
    )
    assert (
        strict.post("/v2/auth/token", json=other, headers=_from(_new_address())).status_code == 200
    )


def test_a_success_clears_the_failures_of_an_account(strict: httpx.Client) -> None:
    good = {"email": _email(), "password": PASSPHRASE}
    wrong = {**good, "password": "not the password at all"}
    assert (
        strict.post("/v2/auth/register", json=good, headers=_from(_new_address())).status_code
        == 201
    )
    for _ in range(3):  # more failures in all than the limit, never that many in a row
        for _ in range(ACCOUNT_FAILURES - 1):
            assert (
                strict.post("/v2/auth/token", json=wrong, headers=_from(_new_address())).status_code
                == 401
            )
        assert (
            strict.post("/v2/auth/token", json=good, headers=_from(_new_address())).status_code
            == 200
        )


def test_attempts_from_one_address_are_throttled(strict: httpx.Client) -> None:
    address = _new_address()
    for i in range(ADDRESS_ATTEMPTS):  # a new email each time: only the address throttle counts
        path = "/v2/auth/token" if i % 2 else "/v2/auth/register"
        body = {"email": _email(), "password": "some wrong password" if i % 2 else PASSPHRASE}
        r = strict.post(path, json=body, headers=_from(address))
        assert r.status_code in (201, 401), r.text
    assert_throttled(
        strict.post(
            "/v2/auth/token",
            json={"email": _email(), "password": PASSPHRASE},
            headers=_from(address),
        ),
        "address",
        60,
    )
    assert_throttled(
        strict.post(
            "/v2/auth/register",
            json={"email": _email(), "password": PASSPHRASE},
            headers=_from(address),
        ),
        "address",
        60,
    )
    # another address is served
    r = strict.post(
        "/v2/auth/register",
        json={"email": _email(), "password": PASSPHRASE},
        headers=_from(_new_address()),
    )
    assert r.status_code == 201, r.text


def test_registrations_of_one_email_are_throttled(strict: httpx.Client) -> None:
    body = {"email": _email(), "password": PASSPHRASE}
    codes = [
        strict.post("/v2/auth/register", json=body, headers=_from(_new_address())).status_code
        for _ in range(3)
    ]
    assert codes == [201, 409, 409]
    assert_throttled(
        strict.post("/v2/auth/register", json=body, headers=_from(_new_address())), "account", 900
    )


def test_login_takes_as_long_for_an_unknown_email_as_for_a_known_one(api: Api) -> None:
    email = _email()
    good = {"email": email, "password": PASSPHRASE}
    assert api.http.post("/v2/auth/register", json=good).status_code == 201
    known: list[float] = []
    unknown: list[float] = []

    def timed(body: dict[str, str]) -> float:
        started = time.perf_counter()
        r = api.http.post("/v2/auth/token", json=body)
        elapsed = time.perf_counter() - started
        assert r.status_code == 401, r.text
        return elapsed

    for i in range(16):  # interleaved, so load on the machine hits both sides alike
        known.append(timed({"email": email, "password": f"wrong password {i}"}))
        unknown.append(timed({"email": _email(), "password": f"wrong password {i}"}))
        if i % 4 == 3:  # clear the account's failures before its throttle would answer
            assert api.http.post("/v2/auth/token", json=good).status_code == 200
    ratio = statistics.median(known) / statistics.median(unknown)
    print(
        f"login median: known {statistics.median(known) * 1000:.1f} ms, "
        f"unknown {statistics.median(unknown) * 1000:.1f} ms, ratio {ratio:.2f}"
    )
    assert 0.5 <= ratio <= 2.0, (known, unknown)


@pytest.mark.parametrize(
    "password",
    ["        ", "aaaaaaaa", "password1", "12345678", "qwertyuiop", "abcabcabcabc", "PASSWORD"],
)
def test_easily_guessed_passwords_are_refused(api: Api, password: str) -> None:
    r = api.http.post("/v2/auth/register", json={"email": _email(), "password": password})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error_code"] == "PASSWORD_TOO_WEAK", body
    assert "guess" in body["message"]
    assert body["details"]["score"] < body["details"]["min_score"]


def test_a_password_built_from_the_email_is_refused(api: Api) -> None:
    name = f"harriet{secrets.token_hex(2)}"
    r = api.http.post(
        "/v2/auth/register",
        json={"email": f"{name}@example.com", "password": f"{name}@example.com"},
    )
    assert r.status_code == 422 and r.json()["error_code"] == "PASSWORD_TOO_WEAK", r.text


def test_a_passphrase_is_accepted_whatever_its_characters(api: Api) -> None:
    for password in (PASSPHRASE, "Zürich grün Fahrräder 🚲 parken", "m7#Qv!x2pLw9"):
        body = {"email": _email(), "password": password}
        assert api.http.post("/v2/auth/register", json=body).status_code == 201
        assert api.http.post("/v2/auth/token", json=body).status_code == 200


def test_a_password_shorter_than_8_characters_is_refused(api: Api) -> None:
    r = api.http.post("/v2/auth/register", json={"email": _email(), "password": "Zq7#vX!"})
    assert r.status_code == 422 and r.json()["error_code"] == "VALIDATION_ERROR", r.text
