"""`/ready`'s log of why it is not ready: once per change of the failing checks, naming each
failed check with its reason."""

from __future__ import annotations

from typing import Any

from structlog.testing import capture_logs

from services.gateway.readiness import ReadinessLog, failed_checks

OK: dict[str, dict[str, Any]] = {
    "redis": {"ok": True},
    "postgres": {"ok": True},
    "broker": {"ok": True},
    "workers": {"ok": True, "kinds": {"layout": 1}, "missing": []},
}
BROKER_DOWN = {**OK, "broker": {"ok": False, "error": "OperationalError: refused"}}
NO_LAYOUT = {**OK, "workers": {"ok": False, "kinds": {"layout": 0}, "missing": ["layout"]}}
NO_INTENT = {**OK, "workers": {"ok": False, "kinds": {"intent": 0}, "missing": ["intent"]}}


def test_each_failed_check_is_named_with_its_reason() -> None:
    assert failed_checks(OK) == {}
    assert failed_checks(BROKER_DOWN) == {"broker": "OperationalError: refused"}
    assert failed_checks(NO_LAYOUT) == {"workers": "no live worker of layout"}


def test_a_state_is_logged_once_until_it_changes() -> None:
    readiness = ReadinessLog()
    with capture_logs() as logs:
        readiness.note(OK)  # ready from the start: nothing to say
        for n in range(3):  # the error's text varies; the state does not
            readiness.note({**OK, "broker": {"ok": False, "error": f"TimeoutError: {n}"}})
        readiness.note(NO_LAYOUT)  # another check fails now: said again
        readiness.note(NO_LAYOUT)
        readiness.note(NO_INTENT)  # another kind is missing now
        readiness.note(OK)
        readiness.note(OK)
        readiness.note(BROKER_DOWN)  # a lone 503 between two 200s is explained too
    assert [(e["event"], e.get("failed")) for e in logs] == [
        ("ready.unavailable", ["broker"]),
        ("ready.unavailable", ["workers"]),
        ("ready.unavailable", ["workers"]),
        ("ready.recovered", None),
        ("ready.unavailable", ["broker"]),
    ]
    assert logs[0]["reasons"] == {"broker": "TimeoutError: 0"}
    assert logs[2]["reasons"] == {"workers": "no live worker of intent"}
    assert logs[0]["log_level"] == "warning"
