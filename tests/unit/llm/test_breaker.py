"""The circuit breaker's state machine, on a controlled clock."""

from __future__ import annotations

from shared.llm import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_threshold_and_half_opens_after_reset() -> None:
    clock = Clock()
    b = CircuitBreaker(3, 10.0, clock)
    for _ in range(2):
        b.record_failure()
    assert b.state is BreakerState.CLOSED and b.allow()
    b.record_failure()
    assert b.state is BreakerState.OPEN and not b.allow()
    clock.now = 10.0
    assert b.state is BreakerState.HALF_OPEN
    assert b.allow()  # one trial
    assert not b.allow()  # no second concurrent trial
    b.record_success()
    assert b.state is BreakerState.CLOSED and b.allow()


def test_failed_trial_reopens_for_a_full_period() -> None:
    clock = Clock()
    b = CircuitBreaker(1, 5.0, clock)
    b.record_failure()
    clock.now = 5.0
    assert b.allow()
    b.record_failure()
    assert b.state is BreakerState.OPEN
    clock.now = 9.0
    assert not b.allow()
    clock.now = 10.0
    assert b.allow()


def test_success_resets_the_failure_count() -> None:
    b = CircuitBreaker(2, 5.0, Clock())
    b.record_failure()
    b.record_success()
    b.record_failure()
    assert b.state is BreakerState.CLOSED
