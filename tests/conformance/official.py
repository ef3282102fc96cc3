"""A client for the official D2 compiler (npm @terrastruct/d2) in one warm Node process.

``OfficialD2`` starts ``node --liftoff-only official_check.mjs`` once and streams files to
it: one JSON line per request, one JSON line back per file, read with a bounded wait. The
Node side enforces a per-file timeout (and replaces its WASM worker when one expires), so a
slow or looping file costs at most that timeout and never blocks the run.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPT = HERE / "official_check.mjs"


class OfficialError(RuntimeError):
    """The Node process died or stopped answering."""


def available() -> str | None:
    """Why the official compiler cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (REPO / "node_modules" / "@terrastruct" / "d2").is_dir():
        return "node_modules/@terrastruct/d2 is missing: run `npm ci`"
    return None


class OfficialD2:
    def __init__(self, per_file_timeout_s: float = 20.0) -> None:
        self.timeout_s = per_file_timeout_s
        node = shutil.which("node")
        if node is None:
            raise OfficialError("node is not installed")
        env = dict(os.environ, D2_TIMEOUT_MS=str(int(per_file_timeout_s * 1000)))
        self.proc = subprocess.Popen(
            [node, "--liftoff-only", str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            cwd=REPO,
            env=env,
        )
        assert self.proc.stdout is not None
        self._sel = selectors.DefaultSelector()
        self._sel.register(self.proc.stdout, selectors.EVENT_READ)

    def compile(self, name: str, text: str, fs: dict[str, str] | None = None) -> dict[str, Any]:
        """The official verdict and diagram summary for one file (see official_check.mjs)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps({"file": name, "text": text, "fs": fs}) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise OfficialError(f"node exited: {exc}") from None
        # the first compile also loads the WASM; the Node side bounds each file itself, the
        # margin here only guards against a dead or wedged process
        if not self._sel.select(timeout=self.timeout_s + 60):
            self.close()
            raise OfficialError(f"no answer from node for {name}")
        line = self.proc.stdout.readline()
        if not line:
            raise OfficialError(f"node exited while compiling {name}")
        out: dict[str, Any] = json.loads(line)
        return out

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._sel.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> OfficialD2:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
