"""`archdesign up`: the whole suite on this machine, started and supervised by one process.

    archdesign up [--host 127.0.0.1] [--port 8000] [--grace 20] [--start-timeout 120]

1. Settings are read first: outside development a missing JWT secret refuses to start; in
   development `up` makes one in the data folder (services/cli/jwt_secret.py).
2. Without `REDIS_URL` / `DATABASE_URL`, real embedded servers start under the data directory
   (`ARCHDESIGN_DATA_DIR`, default `./.data`; see services/cli/embedded/), and their URLs
   reach every child through the environment (`BROKER_URL` then defaults to `REDIS_URL`).
3. `archdesign migrate` runs as a child (the same one-shot step as the compose `migrate`
   service); a failed migration stops everything with exit code 1.
4. The gateway (uvicorn, app factory) and one worker per kind start as children, each in its
   own session (so a terminal Ctrl-C reaches `up` alone, which then stops them in order),
   each logging to `<data_dir>/logs/<name>.log`.

Supervision (decided here, documented in docs/operations.md; the restart and stop mechanics
are services/cli/supervisor.py, the embedded servers services/cli/embedded/):
- A gateway or worker that exits while `up` runs is logged and restarted after a backoff of
  1, 2, 4, ... up to 30 s; the backoff resets once a child has run for 60 s. A worker's
  in-flight task is not lost: with late acks the broker redelivers it.
- An embedded server that dies is fatal: every child is stopped and `up` exits 1 (the URLs
  the children hold would point at nothing; an outer supervisor may restart `up`).
- If the gateway is not healthy within `--start-timeout`, `up` stops everything and exits 1.
- Ctrl-C / SIGTERM / SIGHUP: the gateway and workers get SIGTERM at once (uvicorn drains
  requests; Celery does a warm shutdown, finishing the task in hand), whatever still runs
  after `--grace` seconds is SIGKILLed with its process group, and the embedded servers stop
  last (Redis: SIGTERM, PostgreSQL: fast shutdown). A second Ctrl-C skips the grace period.
  Exit code 0 after a requested stop.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from pydantic import ValidationError

from services.cli import jwt_secret
from services.cli.embedded import (
    EmbeddedPostgres,
    EmbeddedRedis,
    EmbeddedServerError,
    load_credentials,
    parent_death_signal,
    redact_url,
    tail,
)
from services.cli.supervisor import ChildSpec, Supervisor, describe_exit, log
from shared.settings import (
    app_settings,
    auth_settings,
    database_settings,
    queue_settings,
    redis_settings,
)
from shared.stages import WORKER_KINDS

GATEWAY_FACTORY = "services.gateway.app:create_app"
POLL_SECONDS = 0.2


# --------------------------------------------------------------------------- pure core


def gateway_command(host: str, port: int | str, drain: int | str) -> tuple[str, ...]:
    """The gateway's uvicorn command line; deploy/Procfile and docker-compose.yml run the same
    (a test checks it). Proxy headers are uvicorn's default, trusted from the addresses in
    FORWARDED_ALLOW_IPS (docs/operations.md)."""
    return (
        "uvicorn",
        GATEWAY_FACTORY,
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        "--timeout-graceful-shutdown",
        str(drain),
        # wsproto answers an over-long upgrade request at once; uvicorn's default WebSocket
        # implementation held it open for a minute (issue 10, item 6)
        "--ws",
        "wsproto",
    )


def service_specs(
    python: str, host: str, port: int, grace: float, kinds: tuple[str, ...] = WORKER_KINDS
) -> list[ChildSpec]:
    """The gateway and one worker per kind (from the stage table), as `up` runs them."""
    drain = max(1, int(grace) - 2)  # uvicorn closes websockets before our SIGKILL
    gateway = ChildSpec("gateway", (python, "-m", *gateway_command(host, port, drain)))
    workers = [
        ChildSpec(f"worker-{kind}", (python, "-m", "services.cli.main", "worker", kind))
        for kind in kinds
    ]
    return [gateway, *workers]


def probe_host(host: str) -> str:
    """Where to reach a server bound to `host` from this machine."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """HTTP status of a GET (None when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            status: int = resp.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- the command


class _Signals:
    """First SIGINT/SIGTERM/SIGHUP asks for a clean stop; a second one skips the grace."""

    def __init__(self) -> None:
        self.stop = False
        self.force = False
        self.received: str | None = None

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.stop:
            self.force = True
        self.stop = True
        self.received = signal.Signals(signum).name


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="archdesign up", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="gateway bind address")
    parser.add_argument("--port", type=int, default=8000, help="gateway port")
    parser.add_argument(
        "--grace",
        type=float,
        default=20.0,
        help="seconds children get to stop after SIGTERM before SIGKILL (default 20)",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=120.0,
        help="seconds to wait for each server and for the gateway to be healthy (default 120)",
    )
    return parser.parse_args(argv)


@dataclass(frozen=True)
class _Config:
    data_dir: Path
    redis_url: str | None
    database_url: str | None
    broker_url: str | None
    dev_secret: bool


def _check_settings() -> _Config | str:
    """What `up` needs from shared/settings.py, or why the settings are refused."""
    try:
        app = app_settings()
        auth = auth_settings()
        return _Config(
            data_dir=Path(app.data_dir).resolve(),
            redis_url=redis_settings().url or None,
            database_url=database_settings().url or None,
            broker_url=queue_settings().broker_url or None,
            dev_secret=auth.jwt_secret is None,
        )
    except ValidationError as exc:
        return "; ".join(str(err.get("msg", err)) for err in exc.errors())


def _run_migrations(
    env: Mapping[str, str], log_dir: Path, timeout: float, signals: _Signals
) -> int:
    log_path = log_dir / "migrate.log"
    with open(log_path, "ab") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=parent_death_signal(signal.SIGTERM),
        )
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if signals.stop or time.monotonic() > deadline:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                reason = "interrupted" if signals.stop else f"timed out after {timeout:.0f}s"
                log(f"migrations {reason}")
                return 1
            time.sleep(POLL_SECONDS)
    if proc.returncode != 0:
        log(f"migrations failed (exit {proc.returncode}); {log_path}:\n{tail(log_path)}")
    return proc.returncode


def _wait_gateway(
    base: str,
    sup: Supervisor,
    servers: list[EmbeddedRedis | EmbeddedPostgres],
    timeout: float,
    signals: _Signals,
) -> bool:
    """True once /health answers 200 (and /ready, bounded by the same deadline)."""
    deadline = time.monotonic() + timeout
    healthy = False
    while time.monotonic() < deadline and not signals.stop:
        sup.check()
        if any(not s.is_running() for s in servers):
            return False
        if not healthy:
            healthy = http_status(f"{base}/health") == 200
        if healthy and http_status(f"{base}/ready") == 200:
            return True
        time.sleep(POLL_SECONDS)
    if healthy and not signals.stop:
        log(f"warning: {base}/ready is not 200 yet; continuing (dependencies still starting?)")
        return True
    return False


def metrics_dir(env: Mapping[str, str], data_dir: Path) -> Path:
    """The prometheus-client multiprocess directory every child writes its metrics to (the
    gateway's /metrics sums them): PROMETHEUS_MULTIPROC_DIR if set, else under the data dir;
    emptied at start, as prometheus-client requires (old processes' files would count)."""
    path = Path(env.get("PROMETHEUS_MULTIPROC_DIR") or data_dir / "metrics")
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return path


def main(argv: list[str]) -> int:
    args = _parse(argv)
    started = time.monotonic()
    checked = _check_settings()
    if isinstance(checked, str):
        log(f"refusing to start: {checked}")
        return 2
    cfg = checked
    data_dir = cfg.data_dir
    if refusal := jwt_secret.provide(data_dir, args.host):  # sets JWT_SECRET for the children
        log(f"refusing to start: {refusal}")
        return 2
    if not port_is_free(args.host, args.port):
        log(f"port {args.port} on {args.host} is already in use (choose another with --port)")
        return 2

    signals = _Signals()
    signals.install()
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(PYTHONUNBUFFERED="1", ARCHDESIGN_DATA_DIR=str(data_dir))
    env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir(env, data_dir))

    servers: list[EmbeddedRedis | EmbeddedPostgres] = []
    sup: Supervisor | None = None
    code = 0
    try:
        creds = load_credentials(data_dir) if None in (cfg.redis_url, cfg.database_url) else {}
        if cfg.redis_url is None:
            servers.append(EmbeddedRedis(data_dir / "redis", log_dir, creds["redis_password"]))
        if cfg.database_url is None:
            servers.append(
                EmbeddedPostgres(data_dir / "postgres", log_dir, creds["postgres_password"])
            )
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready(args.start_timeout, should_stop=lambda: signals.stop)
            log(f"embedded {server.name} ready (pid {server.pid}): {redact_url(server.url())}")
            env["REDIS_URL" if server.name == "redis" else "DATABASE_URL"] = server.url()

        if _run_migrations(env, log_dir, args.start_timeout, signals) != 0:
            return 1

        sup = Supervisor(
            service_specs(sys.executable, args.host, args.port, args.grace), env, log_dir
        )
        sup.start_all()
        base = f"http://{probe_host(args.host)}:{args.port}"
        if not _wait_gateway(base, sup, servers, args.start_timeout, signals):
            if signals.stop:
                return 0
            log(
                f"the gateway did not become healthy; see {log_dir / 'gateway.log'}:\n"
                f"{tail(log_dir / 'gateway.log')}"
            )
            return 1

        log(f"ready in {time.monotonic() - started:.1f}s: gateway {base} (docs {base}/docs)")
        for name, pid in sup.running().items():
            log(f"  {name:<20} pid {pid:<8} log {log_dir / (name + '.log')}")
        broker = cfg.broker_url or env.get("REDIS_URL") or cfg.redis_url or "(unset)"
        log(f"  broker {redact_url(broker)}")
        log(f"data in {data_dir}; Ctrl-C stops everything")

        while not signals.stop:
            sup.check()
            dead = [s for s in servers if not s.is_running()]
            if dead:
                log(f"embedded {dead[0].name} died (see {dead[0].log_path}); stopping everything")
                code = 1
                break
            time.sleep(POLL_SECONDS)
        if signals.received:
            log(f"{signals.received} received: stopping")
        return code
    except EmbeddedServerError as exc:
        log(str(exc))
        return 0 if signals.stop else 1
    finally:
        if sup is not None:
            codes = sup.stop_all(0 if signals.force else args.grace, force=lambda: signals.force)
            log(
                "stopped " + ", ".join(f"{n} ({describe_exit(c)})" for n, c in codes.items())
                if codes
                else "stopped"
            )
        for server in reversed(servers):
            server.stop()
            log(f"embedded {server.name} stopped")
