"""Process utilities of the embedded servers: free ports, pid files, /proc, parent death.

Pure helpers over the operating system, with no knowledge of Redis or PostgreSQL; the
servers (services/cli/embedded/server.py and its subclasses) and `archdesign up`'s
supervisor use them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

LOCALHOST = "127.0.0.1"

_PR_SET_PDEATHSIG = 1


def free_port(host: str = LOCALHOST) -> int:
    """A TCP port that is free on `host` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def read_pid_file(path: Path) -> int | None:
    """First line of a pid file as an int (postmaster.pid, redis.pid), else None."""
    try:
        first = path.read_text().splitlines()[0].strip()
        return int(first)
    except (OSError, IndexError, ValueError):
        return None


def process_alive(pid: int) -> bool:
    """True if a process with this pid exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("State:"):
                    return "Z" not in line.split()[1]
        except OSError:
            return False
    return True


def process_cmdline(pid: int) -> str:
    """The command line of `pid` (Linux /proc), '' when unknown."""
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def tail(path: Path, lines: int = 20) -> str:
    """Last `lines` lines of a text file ('' if absent), to explain a failed start."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def parent_death_signal(sig: int) -> Callable[[], None] | None:
    """A `preexec_fn` that makes the child receive `sig` when its parent dies (Linux).

    Runs in the child after any uid switch (the kernel clears the setting on credential
    changes, so it must come after). `up` starts children from its only thread, which is
    what makes `preexec_fn` safe here.
    """
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    parent = os.getpid()

    def _preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, sig)
        if os.getppid() != parent:  # the parent died before prctl: act on it now
            os.kill(os.getpid(), sig)

    return _preexec
