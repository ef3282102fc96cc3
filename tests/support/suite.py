"""A whole private suite (own database, Redis db, workers, gateway) for tests that break things
(killing workers) or swap parts (the RabbitMQ broker) without disturbing the shared one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from shared.stages import WORKER_KINDS
from tests.support.infra import (
    REPO_ROOT,
    ChildProcess,
    ServerInfra,
    isolated_infra,
    start_gateway,
    start_worker,
)


@dataclass
class Suite:
    infra: ServerInfra
    env: dict[str, str]
    base_url: str
    workers: dict[str, ChildProcess]
    log_dir: Path
    gateway: ChildProcess

    def restart_worker(self, kind: str, suffix: str) -> ChildProcess:
        self.workers[kind] = start_worker(kind, self.env, self.log_dir, suffix=suffix)
        return self.workers[kind]


@contextmanager
def private_suite(log_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Suite]:
    with ExitStack() as stack:
        infra = stack.enter_context(isolated_infra())
        env = {**infra.env, **(extra_env or {})}
        subprocess.run(
            [sys.executable, "-m", "services.cli.main", "migrate"],
            env={**__import__("os").environ, **env},
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        workers: dict[str, ChildProcess] = {}
        try:
            for kind in WORKER_KINDS:
                workers[kind] = start_worker(kind, env, log_dir)
            gateway, base = start_gateway(env, log_dir)
            stack.callback(gateway.stop)
            yield Suite(
                infra=infra,
                env=env,
                base_url=base,
                workers=workers,
                log_dir=log_dir,
                gateway=gateway,
            )
        finally:
            for child in workers.values():
                child.stop()
