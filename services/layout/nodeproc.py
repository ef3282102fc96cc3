"""A long-lived child process speaking one JSON object per line over stdio.

One instance per worker process: started lazily on first use, reused for every request,
restarted when it died or timed out, and re-created after a fork (a Celery prefork child must
not share its parent's pipes). Requests are serialised by a lock, so it is thread-safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
from typing import Any


class EngineError(RuntimeError):
    """The engine process failed, answered garbage, or reported a layout error."""


class EngineTimeout(EngineError):
    """The engine did not answer in time; the process has been killed."""


class NodeProcess:
    def __init__(
        self,
        argv: list[str],
        *,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        greeting: dict[str, Any] | None = None,
    ):
        """`greeting`: a message written to every newly started child before any request; the
        child answers nothing to it (the ELK server takes its warm-up graphs this way)."""
        self._argv = argv
        self._greeting = greeting
        self._env = env
        self._cwd = cwd
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        self._pid_owner = 0
        self._seq = 0
        self.starts = 0  # how many times the child was (re)started; for tests and metrics
        #: the child's "warm_left" in its last reply (work it still does while idle), if any
        self.warm_left: int | None = None
        #: CPU seconds the child reported spending on requests (its `cpu_us` reply field)
        self.child_cpu_seconds = 0.0

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _alive(self) -> bool:
        return (
            self._proc is not None and self._pid_owner == os.getpid() and self._proc.poll() is None
        )

    def start(self) -> None:
        """Start the child now (e.g. at worker start) instead of on the first request."""
        with self._lock:
            if not self._alive():
                self._start()

    def _start(self) -> None:
        self._kill()
        self._lines = queue.Queue()
        proc = subprocess.Popen(
            self._argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._env,
            cwd=self._cwd,
        )
        lines = self._lines
        stdout = proc.stdout
        assert stdout is not None

        def pump() -> None:  # a thread so reads can time out without non-blocking pipes
            for line in stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, name="nodeproc-reader", daemon=True).start()
        self._proc = proc
        self._pid_owner = os.getpid()
        self.starts += 1
        if self._greeting is not None and proc.stdin is not None:
            line = json.dumps(self._greeting, separators=(",", ":")).encode() + b"\n"
            with contextlib.suppress(BrokenPipeError, OSError):  # a dead child shows on use
                proc.stdin.write(line)
                proc.stdin.flush()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or self._pid_owner != os.getpid():
            return  # a forked child must not kill its parent's engine
        try:
            proc.kill()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def close(self) -> None:
        with self._lock:
            self._kill()

    def request(self, payload: dict[str, Any], *, timeout: float) -> dict[str, Any]:
        """Send `payload` (an `id` is added) and return the child's reply for it."""
        with self._lock:
            for attempt in (1, 2):
                if not self._alive():
                    self._start()
                self._seq += 1
                msg = dict(payload, id=self._seq)
                proc = self._proc
                assert proc is not None and proc.stdin is not None
                try:
                    proc.stdin.write(json.dumps(msg, separators=(",", ":")).encode() + b"\n")
                    proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    if attempt == 2:
                        raise EngineError("engine process is not accepting input") from None
                    self._kill()
                    continue
                try:
                    return self._read_reply(self._seq, timeout)
                except EngineTimeout:
                    raise
                except EngineError:
                    # It died under us (killed, out of memory) before answering. Layout is a
                    # pure function of the request, so one retry on a fresh process is safe.
                    if attempt == 2:
                        raise
        raise EngineError("unreachable")  # pragma: no cover

    def _read_reply(self, seq: int, timeout: float) -> dict[str, Any]:
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                self._kill()
                raise EngineTimeout(f"engine gave no answer within {timeout:.0f} s") from None
            if line is None:
                self._kill()
                raise EngineError("engine process exited")
            try:
                reply: dict[str, Any] = json.loads(line)
            except ValueError:
                self._kill()
                raise EngineError("engine answered something that is not JSON") from None
            if reply.get("id") == seq:
                cpu = reply.get("cpu_us")
                if isinstance(cpu, int | float):
                    self.child_cpu_seconds += cpu / 1e6
                warm_left = reply.get("warm_left")
                if isinstance(warm_left, int):
                    self.warm_left = warm_left
                return reply
            # A stale answer to a request that timed out earlier: skip it.
