"""The gateway serves the built app at / with a strict CSP, after (never instead of) the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.gateway.app import install_error_handlers
from services.gateway.webapp import mount_webapp
from shared.settings import clear_caches


@pytest.fixture()
def dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("WEB_DIST_DIR", str(tmp_path))
    clear_caches()
    yield tmp_path
    clear_caches()


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/v2/ping")
    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    mount_webapp(app)
    return app


def test_serves_the_app_with_its_headers_and_leaves_the_api_alone(dist: Path) -> None:
    (dist / "assets").mkdir()
    (dist / "index.html").write_text("<!doctype html><title>archdesign</title>")
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    client = TestClient(_app())

    page = client.get("/")
    assert page.status_code == 200 and "archdesign" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["cache-control"] == "no-cache"

    asset = client.get("/assets/index-abc.js")
    assert asset.status_code == 200 and "immutable" in asset.headers["cache-control"]

    assert client.get("/v2/ping").json() == {"pong": "yes"}
    missing = client.get("/v2/no-such-route")
    assert missing.status_code == 404 and missing.json()["error_code"] == "NOT_FOUND"
    assert client.get("/no-such-file.js").json()["error_code"] == "NOT_FOUND"


def test_says_how_to_build_the_app_when_it_is_not_built(dist: Path) -> None:
    response = TestClient(_app()).get("/")
    assert response.status_code == 404
    body = response.json()
    assert body["error_code"] == "WEB_APP_NOT_BUILT" and set(body) == {
        "error_code",
        "message",
        "details",
    }
