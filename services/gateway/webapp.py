"""The browser app at /: the files Vite built into web/dist, served by the gateway itself, so
the page and the API share one origin (no CORS) and nothing is loaded from elsewhere.

Mounted after every API route, so /v2, /v1, /health ... always win. The HTML carries a strict
Content-Security-Policy (scripts and styles from this origin only, no inline script), which
keeps a label or message that contains markup inert even if the app ever rendered it as HTML.
Hashed assets are cached for a year; index.html is revalidated every time.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from shared.settings import app_settings

REPO_WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
HTML_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
ASSET_CACHE = "public, max-age=31536000, immutable"


def web_dist_dir() -> Path:
    configured = app_settings().web_dist_dir
    return Path(configured) if configured else REPO_WEB_DIST


class WebAppFiles(StaticFiles):
    """StaticFiles with the app's cache and security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if path.startswith("assets/"):
            response.headers["Cache-Control"] = ASSET_CACHE
            response.headers["X-Content-Type-Options"] = "nosniff"
        else:
            response.headers.update(HTML_HEADERS)
        return response


def mount_webapp(app: FastAPI) -> None:
    """Serve the built app at /, or say at / how to build it when it is not there."""
    dist = web_dist_dir()
    if (dist / "index.html").is_file():
        app.mount("/", WebAppFiles(directory=dist, html=True), name="webapp")
        return

    @app.get("/", include_in_schema=False)
    def webapp_missing() -> JSONResponse:
        return JSONResponse(
            {
                "error_code": "WEB_APP_NOT_BUILT",
                "message": "The web app is not built: run `make run` (or `npm run build` in web/).",
                "details": {"expected": str(dist)},
            },
            status_code=404,
        )
