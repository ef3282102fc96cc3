"""A local stand-in for the Anthropic and OpenAI HTTP APIs, scripted per test.

It speaks ``POST /v1/messages`` (Anthropic) and ``POST /v1/chat/completions`` (OpenAI) well
enough for the official SDKs: each call pops the next scripted reply for that API (a text
answer, an HTTP error with the provider's error body, a delay, or a broken body) and records
the request it got. When the script is empty it answers the `default` text.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ANTHROPIC = "/v1/messages"
OPENAI = "/v1/chat/completions"


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0
    raw_body: str | None = None  # sent as is (malformed bodies)
    input_tokens: int = 11
    output_tokens: int = 7


@dataclass
class StandIn:
    server: ThreadingHTTPServer
    scripts: dict[str, deque[Reply]] = field(default_factory=dict)
    requests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    default: str = "ok"

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, path: str, *replies: Reply) -> None:
        self.scripts.setdefault(path, deque()).extend(replies)

    def calls(self, path: str) -> list[dict[str, Any]]:
        return self.requests.get(path, [])


def _error_body(path: str, status: int) -> dict[str, Any]:
    if path == ANTHROPIC:
        kind = {429: "rate_limit_error", 529: "overloaded_error", 500: "api_error"}.get(
            status, "invalid_request_error"
        )
        return {"type": "error", "error": {"type": kind, "message": f"scripted {status}"}}
    return {"error": {"message": f"scripted {status}", "type": "server_error", "code": None}}


def _ok_body(path: str, reply: Reply, model: str) -> dict[str, Any]:
    if path == ANTHROPIC:
        return {
            "id": "msg_standin",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": reply.text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
        }
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": reply.text},
            }
        ],
        "usage": {
            "prompt_tokens": reply.input_tokens,
            "completion_tokens": reply.output_tokens,
            "total_tokens": reply.input_tokens + reply.output_tokens,
        },
    }


def start_standin() -> StandIn:
    state: dict[str, StandIn] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            return

        def do_POST(self) -> None:
            stand = state["s"]
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            path = self.path
            stand.requests.setdefault(path, []).append(body)
            queue = stand.scripts.get(path)
            reply = queue.popleft() if queue else Reply(text=stand.default)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.raw_body is not None:
                payload = reply.raw_body.encode()
            elif reply.status == 200:
                payload = json.dumps(_ok_body(path, reply, body.get("model", "?"))).encode()
            else:
                payload = json.dumps(_error_body(path, reply.status)).encode()
            try:
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout test): nothing to answer
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand = StandIn(server)
    state["s"] = stand
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stand


def closed_port_url() -> str:
    """The URL of a port nothing listens on (a provider that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
