"""The supervisor of `archdesign up`: start children, restart the ones that die, stop in order.

A child that exits while `up` runs is restarted after a backoff of 1, 2, 4, ... up to 30 s;
the backoff resets once a child has run for 60 s (`STABLE_AFTER_SECONDS`). Stopping sends
each child its stop signal, waits `grace` seconds, then SIGKILLs whatever still runs with its
process group. The clock is injected (`clock=`), so the restart schedule is tested without
waiting. `archdesign up` (services/cli/up.py) decides what the children are.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from services.cli.embedded import parent_death_signal

BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0


def log(message: str) -> None:
    print(f"archdesign up: {message}", flush=True)


def describe_exit(code: int) -> str:
    """'0', '3', or 'SIGTERM' for a child killed by a signal (Popen's negative codes)."""
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return str(code)


def backoff_delay(
    failures: int, base: float = BACKOFF_BASE_SECONDS, cap: float = BACKOFF_CAP_SECONDS
) -> float:
    """Seconds to wait before restarting a child that has failed `failures` times in a row."""
    if failures <= 0:
        return 0.0
    return float(min(cap, base * 2 ** (failures - 1)))


@dataclass(frozen=True)
class ChildSpec:
    """One supervised process: its name (also its log file) and its argv."""

    name: str
    argv: tuple[str, ...]
    stop_signal: int = signal.SIGTERM


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0
    restart_at: float | None = None
    log_fh: IO[bytes] | None = field(default=None, repr=False)


class Supervisor:
    """Starts children, restarts the ones that die (with backoff), stops them all in order."""

    def __init__(
        self,
        specs: list[ChildSpec],
        env: Mapping[str, str],
        log_dir: Path,
        *,
        stable_after: float = STABLE_AFTER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        report: Callable[[str], None] = log,
    ) -> None:
        self.children = [Child(spec) for spec in specs]
        self.env = dict(env)
        self.log_dir = log_dir
        self.stable_after = stable_after
        self.clock = clock
        self.report = report

    def _spawn(self, child: Child) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if child.log_fh is None:
            child.log_fh = open(self.log_dir / f"{child.spec.name}.log", "ab")  # noqa: SIM115
        child.process = subprocess.Popen(
            list(child.spec.argv),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=child.log_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=parent_death_signal(child.spec.stop_signal),
        )
        child.started_at = self.clock()
        child.restart_at = None

    def start_all(self) -> None:
        for child in self.children:
            self._spawn(child)

    def check(self) -> list[str]:
        """Reap children that exited, schedule their restart, start those that are due."""
        events: list[str] = []
        now = self.clock()
        for child in self.children:
            proc = child.process
            if proc is not None and proc.poll() is not None:
                ran = now - child.started_at
                child.failures = 1 if ran >= self.stable_after else child.failures + 1
                delay = backoff_delay(child.failures)
                child.restart_at = now + delay
                child.process = None
                events.append(
                    f"{child.spec.name} (pid {proc.pid}) exited ({describe_exit(proc.returncode)}) "
                    f"after {ran:.1f}s; restarting in {delay:.0f}s "
                    f"(see {self.log_dir / (child.spec.name + '.log')})"
                )
            elif proc is None and child.restart_at is not None and now >= child.restart_at:
                self._spawn(child)
                events.append(f"{child.spec.name} restarted (pid {child.process.pid})")  # type: ignore[union-attr]
        for event in events:
            self.report(event)
        return events

    def running(self) -> dict[str, int]:
        return {
            c.spec.name: c.process.pid
            for c in self.children
            if c.process is not None and c.process.poll() is None
        }

    def stop_all(self, grace: float, force: Callable[[], bool] = lambda: False) -> dict[str, int]:
        """Stop signal to every child, SIGKILL (whole process group) after `grace` seconds."""
        live = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in live:
            assert child.process is not None
            child.process.send_signal(child.spec.stop_signal)
        deadline = time.monotonic() + grace
        while any(c.process.poll() is None for c in live if c.process) and not force():
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        codes: dict[str, int] = {}
        for child in live:
            proc = child.process
            assert proc is not None
            if proc.poll() is None:
                self.report(f"{child.spec.name} (pid {proc.pid}) did not stop in time: SIGKILL")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            codes[child.spec.name] = proc.returncode
        for child in self.children:
            child.restart_at = None
            if child.log_fh is not None:
                child.log_fh.close()
                child.log_fh = None
        return codes
