"""`archdesign ask "QUERY"`: talk to a running gateway (or run the pipeline in-process with
--local).

Without --token/ARCHDESIGN_TOKEN the command uses a local CLI account kept in
`.data/cli-account.json` (registered on first use), and a project of its own unless --project
is given. Progress goes to stderr, the reply and the D2 to stdout.

--local runs the stage table's chain in this process (shared.pipeline.run_in_process) up to
the first stage that needs a server: no Redis, no PostgreSQL, nothing stored.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import connect

from shared.contracts import JobContext, SessionSnapshot
from shared.errors import AppError
from shared.pipeline import run_in_process

DEFAULT_URL = "http://127.0.0.1:8000"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archdesign ask")
    p.add_argument("query")
    p.add_argument("--project", help="project code (default: the CLI account's own project)")
    p.add_argument("--session", help="session id, to continue a conversation")
    p.add_argument("--svg", type=Path, help="write the diagram's SVG to this file")
    p.add_argument("--out-json", type=Path, help="write the React Flow JSON to this file")
    p.add_argument("--json", action="store_true", help="print the whole job as JSON")
    p.add_argument("--url", default=os.environ.get("ARCHDESIGN_URL", DEFAULT_URL))
    p.add_argument("--token", default=os.environ.get("ARCHDESIGN_TOKEN"))
    p.add_argument("--local", action="store_true", help="run the cores in-process (no servers)")
    p.add_argument("--timeout", type=float, default=120.0)
    return p


def _account_file() -> Path:
    return Path(os.environ.get("ARCHDESIGN_DATA_DIR", ".data")) / "cli-account.json"


def _login(http: httpx.Client, token: str | None) -> tuple[str, dict[str, Any]]:
    if token:
        return token, {}
    path = _account_file()
    account: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    if not account:
        account = {
            "email": f"cli-{secrets.token_hex(4)}@example.com",
            "password": secrets.token_urlsafe(18),
        }
        r = http.post("/v2/auth/register", json=account)
        r.raise_for_status()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(account))
        path.chmod(0o600)
    r = http.post(
        "/v2/auth/token", json={"email": account["email"], "password": account["password"]}
    )
    r.raise_for_status()
    return str(r.json()["access_token"]), account


def _project(http: httpx.Client, headers: dict[str, str], account: dict[str, Any]) -> str:
    if account.get("project"):
        return str(account["project"])
    r = http.post("/v2/projects", json={"name": "cli"}, headers=headers)
    r.raise_for_status()
    code = str(r.json()["project_code"])
    if account:
        account["project"] = code
        _account_file().write_text(json.dumps(account))
    return code


def _follow(url: str, job_id: str, token: str, timeout: float) -> None:
    """Print each stage event to stderr until the job ends."""
    ws_url = url.replace("http", "ws", 1) + f"/v2/jobs/{job_id}/ws?token={token}"
    with connect(ws_url, open_timeout=10) as ws:
        for raw in ws:
            event = json.loads(raw)
            if event.get("type") == "event":
                print(f"  {event['stage']}: {event['status']}", file=sys.stderr)
            elif event.get("type") in ("result", "error"):
                return


def _print_reply(
    job: dict[str, Any], args: argparse.Namespace, http: httpx.Client, headers: dict[str, str]
) -> int:
    if args.json:
        print(json.dumps(job, indent=2))
    if job.get("status") != "succeeded":
        error = job.get("error") or {}
        print(f"failed: {error.get('error_code')}: {error.get('message')}", file=sys.stderr)
        return 1
    result = job["result"]
    payload = result.get("payload") or {}
    if not args.json:
        print(f"[{result['intent']}] {result['message']}\n")
        if payload.get("d2"):
            print(payload["d2"])
        print(f"\nsession: {result['session_id']}", file=sys.stderr)
    if args.svg and payload.get("svg_url"):
        args.svg.write_text(http.get(payload["svg_url"], headers=headers).text)
        print(f"svg written to {args.svg}", file=sys.stderr)
    if args.out_json and payload.get("diagram_state"):
        args.out_json.write_text(json.dumps(payload["diagram_state"], indent=2))
        print(f"React Flow JSON written to {args.out_json}", file=sys.stderr)
    return 0


def _ask_local(args: argparse.Namespace) -> int:
    ctx = JobContext(
        job_id=uuid.uuid4().hex,
        user_id=0,
        project_id=0,
        project_code="LOCAL00",
        query=args.query,
        session=SessionSnapshot(session_id="local"),
    )
    try:
        done = run_in_process(ctx, offline=True)
    except AppError as exc:
        print(f"failed: {exc.error_code}: {exc.message}", file=sys.stderr)
        return 1
    assert done.intent is not None and done.generation is not None
    print(f"[{done.intent.intent}] {done.generation.message}\n")
    if done.validation is not None:
        print(done.validation.d2)
    if done.layout is not None:
        if args.svg:
            args.svg.write_text(done.layout.svg)
            print(f"svg written to {args.svg}", file=sys.stderr)
        if args.out_json:
            args.out_json.write_text(json.dumps(done.layout.diagram_state, indent=2))
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.local:
        return _ask_local(args)
    with httpx.Client(base_url=args.url, timeout=args.timeout) as http:
        try:
            token, account = _login(http, args.token)
        except httpx.HTTPError as exc:
            print(f"cannot reach the gateway at {args.url}: {exc}", file=sys.stderr)
            return 2
        headers = {"Authorization": f"Bearer {token}"}
        body: dict[str, Any] = {
            "project_id": args.project or _project(http, headers, account),
            "query": args.query,
        }
        if args.session:
            body["session_id"] = args.session
        r = http.post("/v2/design/generate", json=body, headers=headers)
        if r.status_code != 202:
            print(f"refused ({r.status_code}): {r.text}", file=sys.stderr)
            return 1
        job_id = r.json()["job_id"]
        print(f"job {job_id} queued", file=sys.stderr)
        try:
            _follow(args.url, job_id, token, args.timeout)
        except Exception as exc:  # progress is best effort; the poll below is the answer
            print(f"(live progress unavailable: {exc})", file=sys.stderr)
        job = http.get(f"/v2/jobs/{job_id}", headers=headers).json()
        return _print_reply(job, args, http, headers)
