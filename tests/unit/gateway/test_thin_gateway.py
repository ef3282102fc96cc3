"""The gateway process stays thin: serving requests (`/v1/design` included) loads no stage —
not the classifier, the generators, the layout engine, the LLM SDKs or the embedding stack.

The app is built and started (lifespan) in a fresh interpreter, as uvicorn would, and asked a
few requests; then its loaded modules are listed. The static rules (which package may import
which, function-level imports included) are in tests/unit/test_import_rules.py.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from tests.support.infra import REPO_ROOT

#: prefixes the gateway must never load: worker stages, the CLI, LLM and embedding stacks
FORBIDDEN = (
    "services.intent",
    "services.dsl",
    "services.layout",
    "services.persistence",
    "services.cli",
    "shared.llm",
    "shared.embeddings",
    "shared.pipeline",
    "anthropic",
    "openai",
    "torch",
    "numpy",
    "faiss",
    "tokenizers",
    "sentence_transformers",
    "transformers",
)

PROBE = """
import json, sys
from fastapi.testclient import TestClient
from services.gateway.app import create_app
with TestClient(create_app()) as client:
    codes = [
        client.get("/health").status_code,
        client.get("/openapi.json").status_code,
        client.post("/v1/design", json={"project_id": "ABCDEFG", "query": "q"}).status_code,
        client.post("/v2/design/generate", json={}).status_code,
    ]
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def forbidden(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in FORBIDDEN)]


def test_the_gateway_loads_no_stage_and_no_model() -> None:
    env = {
        **os.environ,
        # never reached: the probe's requests stop at authentication
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "ARCHDESIGN_ENV": "test",
        "JWT_SECRET": secrets.token_urlsafe(48),
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["codes"] == [200, 200, 401, 401]
    modules = report["modules"]
    assert "services.gateway.routes.design" in modules  # the probe did load the gateway
    assert forbidden(modules) == []


def test_the_check_above_can_fail() -> None:
    assert forbidden(["services.layout.elk", "numpy.core", "shared.llm.gateway"]) == [
        "services.layout.elk",
        "numpy.core",
        "shared.llm.gateway",
    ]
    assert forbidden(["shared.stages", "services.gateway.app", "numpyish"]) == []
