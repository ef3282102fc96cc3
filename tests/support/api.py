"""A small HTTP + WebSocket client for the gateway, used by integration and e2e tests."""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

import httpx
from websockets.sync.client import connect as ws_connect


class Api:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.emails: dict[str, str] = {}  # bearer header -> email of the user it belongs to

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    # -- accounts ---------------------------------------------------------------------
    def new_user(self) -> tuple[str, dict[str, str]]:
        email = f"user-{secrets.token_hex(6)}@example.com"
        password = secrets.token_urlsafe(16)
        r = self.http.post("/v2/auth/register", json={"email": email, "password": password})
        assert r.status_code == 201, r.text
        r = self.http.post("/v2/auth/token", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        self.emails[f"Bearer {token}"] = email
        return token, {"Authorization": f"Bearer {token}"}

    def email_of(self, headers: dict[str, str]) -> str:
        return self.emails[headers["Authorization"]]

    def new_project(self, headers: dict[str, str], name: str = "demo") -> str:
        r = self.http.post("/v2/projects", json={"name": name}, headers=headers)
        assert r.status_code == 201, r.text
        return str(r.json()["project_code"])

    # -- jobs -------------------------------------------------------------------------
    def generate(
        self, headers: dict[str, str], project: str, query: str, session_id: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"project_id": project, "query": query}
        if session_id:
            body["session_id"] = session_id
        r = self.http.post("/v2/design/generate", json=body, headers=headers)
        assert r.status_code == 202, r.text
        return dict(r.json())

    def wait_job(self, headers: dict[str, str], job_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = self.http.get(f"/v2/jobs/{job_id}", headers=headers)
            assert r.status_code == 200, r.text
            job = dict(r.json())
            if job["status"] in ("succeeded", "failed"):
                return job
            time.sleep(0.05)
        raise TimeoutError(f"job {job_id} did not finish in {timeout}s")

    def ask(
        self, headers: dict[str, str], project: str, query: str, session_id: str | None = None
    ) -> dict[str, Any]:
        accepted = self.generate(headers, project, query, session_id)
        return self.wait_job(headers, accepted["job_id"])

    def ws_messages(
        self,
        path: str,
        token: str,
        timeout: float = 60,
        first_message: threading.Event | None = None,
    ) -> list[dict[str, Any]]:
        """Every message of a job WebSocket until the server closes it (`first_message` is set
        as soon as one has arrived)."""
        url = self.base_url.replace("http://", "ws://") + f"{path}?token={token}"
        out: list[dict[str, Any]] = []
        with ws_connect(url, open_timeout=10, close_timeout=5) as ws:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    raw = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
                except Exception:  # closed by the server: the stream is complete
                    break
                out.append(json.loads(raw))
                if first_message is not None:
                    first_message.set()
        return out
