"""The base of the embedded servers: a child process we own, and what both servers share.

`ChildServer` locks the data directory, spawns the server with a parent-death signal,
waits until it answers a real query and stops it with escalation; `EmbeddedRedis` and
`EmbeddedPostgres` fill in how to start and probe. The passwords of both servers and the
URL redaction used when printing them live here too.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from services.cli.embedded.process import (
    LOCALHOST,
    parent_death_signal,
    process_alive,
    process_cmdline,
    read_pid_file,
    tail,
)


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be prepared, started or reached."""


def redact_url(url: str) -> str:
    """The URL with any password replaced by `***` (for printing)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, hostpart = rest.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{hostpart}"


def load_credentials(data_dir: Path) -> dict[str, str]:
    """Passwords of the embedded servers: generated on first use, then reused (mode 0600)."""
    path = data_dir / "credentials.json"
    creds: dict[str, str] = {}
    if path.exists():
        creds = json.loads(path.read_text())
    changed = False
    for key in ("redis_password", "postgres_password"):
        if not creds.get(key):
            creds[key] = secrets.token_urlsafe(24)
            changed = True
    if changed:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(creds, fh, indent=2)
    return creds


class ChildServer:
    """A server process we own: lock, start, wait until ready, stop with escalation."""

    name = "server"
    stop_signal = signal.SIGTERM

    def __init__(self, data_dir: Path, log_dir: Path, *, host: str = LOCALHOST) -> None:
        self.data_dir = data_dir.resolve()
        self.log_dir = log_dir.resolve()
        self.host = host
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._lock_fh: IO[str] | None = None
        self._log_fh: IO[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _lock(self) -> None:
        """Hold an exclusive lock on the data directory for as long as we run."""
        lock_path = self.data_dir.parent / f".{self.name}.lock"
        fh = open(lock_path, "a+")  # noqa: SIM115 - held for the server's lifetime
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            owner = fh.read().strip() or "another process"
            fh.close()
            raise EmbeddedServerError(
                f"{self.name} data directory {self.data_dir} is in use by pid {owner} "
                "(is another `archdesign up` running here?)"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh

    def _unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def _stop_orphan(self, pid_file: Path, marker: str, sig: int) -> None:
        """Stop a server left running by a previous `up` that was killed."""
        pid = read_pid_file(pid_file)
        if pid is None or not process_alive(pid) or marker not in process_cmdline(pid):
            return
        os.kill(pid, sig)
        deadline = time.monotonic() + 30
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)

    def _spawn(self, argv: list[str], **kwargs: object) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._log_fh = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # type: ignore[call-overload]
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal reaches `up` only
            preexec_fn=parent_death_signal(self.stop_signal),
            **kwargs,
        )

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise EmbeddedServerError(
                f"{self.name} exited with code {self.process.returncode} while starting; "
                f"last lines of {self.log_path}:\n{tail(self.log_path)}"
            )

    def wait_ready(self, timeout: float = 60.0, should_stop: Callable[[], bool] = bool) -> None:
        """Block until the server answers a real query (or raise after `timeout`)."""
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            self._check_alive()
            if should_stop():
                raise EmbeddedServerError(f"interrupted while waiting for {self.name}")
            try:
                self._probe()
                return
            except Exception as exc:  # the server is not up yet: any client error
                last_error = exc
                time.sleep(0.1)
        raise EmbeddedServerError(
            f"{self.name} not ready after {timeout:.0f}s ({last_error}); "
            f"see {self.log_path}:\n{tail(self.log_path)}"
        )

    def _probe(self) -> None:
        raise NotImplementedError

    def stop(self, timeout: float = 30.0) -> int | None:
        """Clean shutdown (`stop_signal`), SIGKILL after `timeout`; returns the exit code."""
        code: int | None = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(self.stop_signal)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            code = self.process.returncode
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None
        self._unlock()
        return code
