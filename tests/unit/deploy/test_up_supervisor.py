"""The supervisor of `archdesign up`, on real child processes (small Python programs)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from services.cli.supervisor import (
    BACKOFF_CAP_SECONDS,
    ChildSpec,
    Supervisor,
    backoff_delay,
    describe_exit,
)
from services.cli.up import GATEWAY_FACTORY, main, port_is_free, probe_host, service_specs
from shared.stages import WORKER_KINDS


class Clock:
    """A clock the test moves by hand (the supervisor's restart schedule depends on it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def py(code: str) -> tuple[str, ...]:
    return (sys.executable, "-c", code)


def wait_exit(sup: Supervisor, name: str, timeout: float = 20) -> None:
    child = next(c for c in sup.children if c.spec.name == name)
    assert child.process is not None
    child.process.wait(timeout)


@given(st.integers(0, 200))
def test_backoff_grows_and_is_capped(failures: int) -> None:
    delay = backoff_delay(failures)
    assert 0 <= delay <= BACKOFF_CAP_SECONDS
    assert backoff_delay(failures + 1) >= delay


def test_backoff_doubles_from_one_second() -> None:
    assert [backoff_delay(n) for n in range(7)] == [0, 1, 2, 4, 8, 16, 30]


def test_specs_run_the_gateway_factory_and_one_worker_per_kind_of_the_table() -> None:
    specs = service_specs("/py", "0.0.0.0", 8123, grace=20)
    gateway, *workers = specs
    assert GATEWAY_FACTORY in gateway.argv and "--factory" in gateway.argv
    assert gateway.argv[gateway.argv.index("--port") + 1] == "8123"
    assert tuple(w.argv[-1] for w in workers) == WORKER_KINDS
    assert all(w.argv[:4] == ("/py", "-m", "services.cli.main", "worker") for w in workers)


def test_exit_codes_read_as_signals() -> None:
    assert [describe_exit(c) for c in (0, 3, -15, -9)] == ["0", "3", "SIGTERM", "SIGKILL"]


def test_probe_host_reaches_wildcard_binds_locally() -> None:
    assert probe_host("0.0.0.0") == "127.0.0.1"
    assert probe_host("10.1.2.3") == "10.1.2.3"


def test_a_dead_child_is_restarted_after_its_backoff(tmp_path: Path) -> None:
    clock = Clock()
    events: list[str] = []
    sup = Supervisor(
        [ChildSpec("flaky", py("import sys; print('hi'); sys.exit(3)"))],
        os.environ,
        tmp_path,
        clock=clock,
        report=events.append,
    )
    sup.start_all()
    assert sup.children[0].process is not None
    first_pid = sup.children[0].process.pid
    wait_exit(sup, "flaky")
    clock.now += 5  # ran 5 s: not stable, so the first failure waits 1 s
    sup.check()
    assert "exited (3)" in events[-1] and "restarting in 1s" in events[-1]
    assert sup.children[0].process is None
    sup.check()  # not due yet
    assert sup.children[0].process is None
    clock.now += 1
    sup.check()
    assert "restarted" in events[-1]
    assert sup.children[0].process is not None
    assert sup.children[0].process.pid != first_pid
    wait_exit(sup, "flaky")
    clock.now += 1
    sup.check()
    assert "restarting in 2s" in events[-1]  # second failure in a row: backoff doubles
    sup.stop_all(grace=5)
    assert (tmp_path / "flaky.log").read_text().count("hi") == 2


def test_backoff_resets_after_a_stable_run(tmp_path: Path) -> None:
    clock = Clock()
    events: list[str] = []
    sup = Supervisor(
        [ChildSpec("w", py("raise SystemExit(1)"))],
        os.environ,
        tmp_path,
        clock=clock,
        report=events.append,
        stable_after=60,
    )
    sup.start_all()
    sup.children[0].failures = 4
    wait_exit(sup, "w")
    clock.now += 61
    sup.check()
    assert "restarting in 1s" in events[-1]
    sup.stop_all(grace=1)


def test_stop_all_is_graceful_then_kills_what_ignores_sigterm(tmp_path: Path) -> None:
    ready = "print('up', flush=True); time.sleep(60)"
    polite = f"import signal, sys, time; signal.signal(15, lambda *a: sys.exit(0)); {ready}"
    stubborn = f"import signal, time; signal.signal(15, signal.SIG_IGN); {ready}"
    events: list[str] = []
    sup = Supervisor(
        [ChildSpec("polite", py(polite)), ChildSpec("stubborn", py(stubborn))],
        os.environ,
        tmp_path,
        report=events.append,
    )
    sup.start_all()
    deadline = time.monotonic() + 20  # both have installed their handlers
    while time.monotonic() < deadline and not all(
        "up" in (tmp_path / f"{n}.log").read_text() for n in ("polite", "stubborn")
    ):
        time.sleep(0.05)
    pids = sup.running()
    codes = sup.stop_all(grace=1.0)
    assert codes == {"polite": 0, "stubborn": -signal.SIGKILL}
    assert any("stubborn" in e and "SIGKILL" in e for e in events)
    for pid in pids.values():
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        assert not alive
    assert sup.running() == {}


def test_up_refuses_a_busy_port(capsys) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert not port_is_free("127.0.0.1", port)
        assert main(["--port", str(port)]) == 2
    assert "already in use" in capsys.readouterr().out


def test_up_refuses_the_default_secret_outside_development(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from shared.settings import clear_caches

    monkeypatch.setenv("ARCHDESIGN_ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    clear_caches()
    try:
        assert main(["--port", "0"]) == 2
    finally:
        monkeypatch.undo()
        clear_caches()
    assert "JWT_SECRET" in capsys.readouterr().out
