"""Session fixtures for integration tests: an isolated database + Redis db, migrations,
real Celery workers (one per kind) and a real gateway (uvicorn) as child processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.settings import clear_caches
from shared.stages import WORKER_KINDS
from tests.support.api import Api
from tests.support.infra import (
    ChildProcess,
    ServerInfra,
    isolated_infra,
    start_gateway,
    start_worker,
)


@pytest.fixture(scope="session")
def infra() -> Iterator[ServerInfra]:
    with isolated_infra() as infra:
        saved = {k: os.environ.get(k) for k in infra.env}
        os.environ.update(infra.env)
        clear_caches()
        from shared.data.db import reset_engine
        from shared.data.migrate import upgrade_to_head

        reset_engine()
        upgrade_to_head()
        try:
            yield infra
        finally:
            reset_engine()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            clear_caches()


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="session")
def workers(infra: ServerInfra, log_dir: Path) -> Iterator[dict[str, ChildProcess]]:
    started: dict[str, ChildProcess] = {}
    try:
        for kind in WORKER_KINDS:
            started[kind] = start_worker(kind, infra.env, log_dir)
        yield started
    finally:
        for child in started.values():
            child.stop()


@pytest.fixture(scope="session")
def gateway(infra: ServerInfra, log_dir: Path) -> Iterator[str]:
    child, base = start_gateway(infra.env, log_dir)
    try:
        yield base
    finally:
        child.stop()


@pytest.fixture()
def api(gateway: str, workers: dict[str, ChildProcess]) -> Iterator[Api]:
    with Api(gateway) as client:
        yield client
