"""Real servers for the integration tests, isolated per test run.

Each run gets its own PostgreSQL database and its own Redis db number (claimed atomically in
Redis db 0), and, for the RabbitMQ leg, its own vhost; all are removed at the end.
Workers and the gateway run as real child processes of the test session.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import psycopg
import redis

from services.cli.up import gateway_command

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
RABBIT_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
REDIS_DB_RANGE = range(1, 16)
CLAIM_TTL_SECONDS = 3 * 3600


T = TypeVar("T")


def poll(
    read: Callable[[], T],
    done: Callable[[T], object] = bool,
    timeout: float = 30.0,
    interval: float = 0.05,
) -> T:
    """`read()` once `done(value)`, or its last value when `timeout` has passed.

    The one way the tests wait on another process's state (a log line, a Redis key, a metric):
    there is no event to wait on across processes, so this is the only loop that sleeps."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(interval)
        value = read()
    return value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerInfra:
    database_url: str
    redis_url: str
    env: dict[str, str] = field(default_factory=dict)

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url, decode_responses=True)


def _claim_redis_db(run_id: str) -> int:
    admin = redis.Redis.from_url(f"{REDIS_HOST_URL}/0")
    for db in REDIS_DB_RANGE:
        if admin.set(f"archdesign:test-db-claim:{db}", run_id, nx=True, ex=CLAIM_TTL_SECONDS):
            return db
    raise RuntimeError("every Redis db number 1-15 is claimed by another test run")


def _release_redis_db(db: int, run_id: str) -> None:
    admin = redis.Redis.from_url(f"{REDIS_HOST_URL}/0", decode_responses=True)
    redis.Redis.from_url(f"{REDIS_HOST_URL}/{db}").flushdb()
    if admin.get(f"archdesign:test-db-claim:{db}") == run_id:
        admin.delete(f"archdesign:test-db-claim:{db}")


@contextmanager
def isolated_infra() -> Iterator[ServerInfra]:
    run_id = f"{os.getpid()}_{secrets.token_hex(4)}"
    db_name = f"archdesign_test_{run_id}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    redis_db = _claim_redis_db(run_id)
    redis.Redis.from_url(f"{REDIS_HOST_URL}/{redis_db}").flushdb()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    infra = ServerInfra(
        database_url=f"{base}/{db_name}".replace("postgresql://", "postgresql+psycopg://", 1),
        redis_url=f"{REDIS_HOST_URL}/{redis_db}",
    )
    infra.env = {
        "ARCHDESIGN_ENV": "test",
        "JWT_SECRET": secrets.token_urlsafe(48),
        "DATABASE_URL": infra.database_url,
        "REDIS_URL": infra.redis_url,
        "LOG_LEVEL": "INFO",
        "RATE_LIMIT_PER_MINUTE": "100000",
        # every test user registers from 127.0.0.1: the address throttle would count them all
        # (tests/integration/test_accounts.py runs its own gateway with the real limits)
        "AUTH_ATTEMPTS_PER_ADDRESS": "100000/minute",
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        # A short JIT warm-up for the ELK engine: the path runs, without the full ~8 s of CPU
        # at every worker start (the pipeline benchmark sets the production default).
        "LAYOUT_ENGINE_WARMUP": "40",
    }
    try:
        yield infra
    finally:
        _release_redis_db(redis_db, run_id)
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


@contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """A fresh RabbitMQ vhost for this run; yields its amqp:// URL."""
    vhost = f"archdesign_test_{os.getpid()}_{secrets.token_hex(4)}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, timeout=60)
    subprocess.run(
        ["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        check=True,
        timeout=60,
    )
    try:
        yield f"{RABBIT_URL}/{vhost}"
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False, timeout=60)


class ChildProcess:
    """A real child process (worker or gateway) with its output kept in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            args,
            env={**os.environ, **env},
            cwd=REPO_ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float) -> None:
        def seen_or_exited() -> bool:
            return needle in self.log_text() or self.proc.poll() is not None

        poll(seen_or_exited, timeout=timeout, interval=0.1)
        if needle in self.log_text():
            return
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited early:\n{self.log_text()[-3000:]}")
        raise TimeoutError(f"{self.name} not ready after {timeout}s:\n{self.log_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._log.close()

    def stop(self, grace: float = 10.0) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def start_worker(kind: str, env: dict[str, str], log_dir: Path, suffix: str = "") -> ChildProcess:
    child = ChildProcess(
        f"worker-{kind}{suffix}",
        [sys.executable, "-m", "services.cli.main", "worker", kind, "--loglevel", "INFO"],
        env,
        log_dir,
    )
    try:
        child.wait_for_log("ready.", timeout=180)
    except BaseException:  # not the caller's to stop: it never got the child
        child.kill()
        raise
    return child


def start_gateway(
    env: dict[str, str], log_dir: Path, name: str = "gateway"
) -> tuple[ChildProcess, str]:
    port = free_port()
    child = ChildProcess(
        name,
        # the command line `archdesign up`, the Procfile and compose run (a test keeps them equal)
        [sys.executable, "-m", *gateway_command("127.0.0.1", port, 5), "--log-level", "warning"],
        env,
        log_dir,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return child, base
        except httpx.HTTPError:
            pass
        if child.proc.poll() is not None:
            raise RuntimeError(f"gateway exited:\n{child.log_text()[-3000:]}")
        time.sleep(0.2)
    child.kill()  # not the caller's to stop: it never got the child
    raise TimeoutError(f"gateway not up:\n{child.log_text()[-3000:]}")
