"""Lean loopback clients for the load bench: HTTP/1.1 keep-alive requests and WebSockets,
each an asyncio Protocol that parses only what the bench checks.

Why not httpx and websockets' connection objects: the bench client shares the machine's two
cores with the gateway it measures, and those libraries cost it ~6 ms of CPU per accepted
request (a full HTTP model per response, a reader task and a frame assembler per socket).
Here a request is bytes built once, sent on a kept-alive connection; the answer is read as
far as its status line, its length (Content-Length or chunks) and its body. A WebSocket is
a handshake (the Sec-WebSocket-Accept checked), then frames parsed from the byte stream in
`data_received`: text messages go to a callback, pings are answered, a close frame's code
is kept — a socket that ends without one counts as 1006, as websockets reports it. No
extension is offered, so no frame is compressed.

Pure core first (frames, handshake, responses), then the two protocols.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
NO_CLOSE_FRAME = 1006  # RFC 6455 7.1.5: the connection ended without a close frame
NO_STATUS = 1005  # a close frame without a code


class ProtocolError(Exception):
    """The server sent something this client does not accept."""


# --------------------------------------------------------------------------- pure core


def http_request(method: str, host: str, path: str, headers: dict[str, str], body: bytes) -> bytes:
    """One HTTP/1.1 request, keep-alive, as bytes (built once, sent many times)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    keep_alive: bool


def parse_response(buf: bytearray) -> tuple[Response, int] | None:
    """The first complete response in `buf` and the bytes it took, or None while incomplete
    (a Content-Length or a chunked body; every answer here has one or the other)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = bytes(buf[:end]).decode("latin-1").split("\r\n")
    parts = head[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ProtocolError(f"not an HTTP/1.x status line: {head[0]!r}")
    length: int | None = None
    chunked = False
    keep_alive = parts[0] == "HTTP/1.1"
    for line in head[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection":
            keep_alive = value.strip().lower() != "close"
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
    if chunked:
        read = _chunked_body(buf, end + 4)
        if read is None:
            return None
        body, total = read
        return Response(int(parts[1]), body, keep_alive), total
    if length is None:
        raise ProtocolError("a response without Content-Length or chunks")
    total = end + 4 + length
    if len(buf) < total:
        return None
    return Response(int(parts[1]), bytes(buf[end + 4 : total]), keep_alive), total


def _chunked_body(buf: bytearray, pos: int) -> tuple[bytes, int] | None:
    """The body of a chunked response starting at `pos` and where it ends, or None while
    incomplete (trailers are not expected and not read)."""
    chunks: list[bytes] = []
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
        start = eol + 2
        if len(buf) < start + size + 2:
            return None
        if size == 0:
            return b"".join(chunks), start + 2
        chunks.append(bytes(buf[start : start + size]))
        pos = start + size + 2


def ws_key() -> str:
    return base64.b64encode(os.urandom(16)).decode()


def ws_accept(key: str) -> str:
    """The Sec-WebSocket-Accept a server must answer `key` with (RFC 6455 4.2.2)."""
    return base64.b64encode(hashlib.sha1(key.encode() + WS_GUID).digest()).decode()


def ws_handshake(host: str, path: str, key: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode("latin-1")


def check_handshake(head: bytes, key: str) -> None:
    """Raise ProtocolError unless `head` (up to the blank line) is a 101 that accepts `key`."""
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)
    if len(status) < 2 or status[1] != "101":
        raise ProtocolError(f"upgrade refused: {lines[0]!r}")
    fields = {n.strip().lower(): v.strip() for n, _, v in (x.partition(":") for x in lines[1:])}
    if fields.get("sec-websocket-accept") != ws_accept(key):
        raise ProtocolError("wrong Sec-WebSocket-Accept")


def encode_frame(opcode: int, payload: bytes = b"", mask: bytes | None = None) -> bytes:
    """A final client frame (masked, as a client's must be, RFC 6455 5.3)."""
    mask = os.urandom(4) if mask is None else mask
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + mask_bytes(payload, mask)


def mask_bytes(payload: bytes, mask: bytes) -> bytes:
    if not payload:
        return b""
    key = int.from_bytes((mask * (len(payload) // 4 + 1))[: len(payload)], "big")
    return (int.from_bytes(payload, "big") ^ key).to_bytes(len(payload), "big")


def parse_frames(buf: bytearray) -> tuple[list[tuple[int, bool, bytes]], int]:
    """The complete frames at the start of `buf` as (opcode, fin, payload), and the bytes
    they took. A server's frames are never masked; a masked one is refused."""
    frames: list[tuple[int, bool, bytes]] = []
    pos, size = 0, len(buf)
    while size - pos >= 2:
        b0, b1 = buf[pos], buf[pos + 1]
        if b1 & 0x80:
            raise ProtocolError("a masked frame from the server")
        if b0 & 0x70:
            raise ProtocolError("reserved bits set (no extension was agreed)")
        n, at = b1 & 0x7F, pos + 2
        if n == 126:
            if size - at < 2:
                break
            n, at = struct.unpack_from("!H", buf, at)[0], at + 2
        elif n == 127:
            if size - at < 8:
                break
            n, at = struct.unpack_from("!Q", buf, at)[0], at + 8
        if size - at < n:
            break
        frames.append((b0 & 0x0F, bool(b0 & 0x80), bytes(buf[at : at + n])))
        pos = at + n
    return frames, pos


def close_code(payload: bytes) -> int:
    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else NO_STATUS


# --------------------------------------------------------------------------- protocols


class HttpConnection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.waiter: asyncio.Future[Response] | None = None
        self.open = False
        self.last_used = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it
        self.transport, self.open = cast(asyncio.Transport, transport), True

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if self.waiter is None or self.waiter.done():
            return
        try:
            parsed = parse_response(self.buf)
        except (ProtocolError, ValueError) as exc:
            self.waiter.set_exception(exc)
            self.close()
            return
        if parsed is not None:
            response, used = parsed
            del self.buf[:used]
            if not response.keep_alive:
                self.close()
            self.waiter.set_result(response)

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed before the answer"))

    async def request(self, data: bytes) -> Response:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        try:
            return await self.waiter
        finally:
            self.last_used = asyncio.get_running_loop().time()

    def close(self) -> None:
        self.open = False
        if self.transport is not None:
            self.transport.close()


class HttpPool:
    """At most `size` connections to one host; a connection idle for longer than
    `idle_seconds` is replaced (uvicorn closes idle ones after 5 s); an answer that takes
    longer than `timeout` seconds raises TimeoutError."""

    def __init__(
        self, host: str, port: int, size: int, idle_seconds: float = 2.0, timeout: float = 120.0
    ) -> None:
        self.host, self.port, self.idle_seconds, self.timeout = host, port, idle_seconds, timeout
        self.free: asyncio.LifoQueue[HttpConnection | None] = asyncio.LifoQueue()
        for _ in range(size):
            self.free.put_nowait(None)

    async def request(self, data: bytes) -> tuple[float, Response]:
        """(perf_counter when a connection was had and the request sent, the response)."""
        conn = await self.free.get()
        try:
            loop = asyncio.get_running_loop()
            if conn is not None and (
                not conn.open or loop.time() - conn.last_used > self.idle_seconds
            ):
                conn.close()
                conn = None
            if conn is None:
                _, conn = await loop.create_connection(HttpConnection, self.host, self.port)
            sent = time.perf_counter()
            # a gateway that never answers ends as TimeoutError (an OSError), not a hung run
            response = await asyncio.wait_for(conn.request(data), self.timeout)
        except BaseException:
            if conn is not None:
                conn.close()
            self.free.put_nowait(None)
            raise
        self.free.put_nowait(conn if conn.open else None)
        return sent, response

    async def close(self) -> None:
        while not self.free.empty():
            conn = self.free.get_nowait()
            if conn is not None:
                conn.close()


class WebSocketClient(asyncio.Protocol):
    """One client WebSocket: `on_text(payload)` for each text message; `closed` resolves to
    the server's close code (NO_CLOSE_FRAME when the connection ended without one)."""

    def __init__(self, host: str, path: str, on_text: Callable[[bytes], None]) -> None:
        loop = asyncio.get_running_loop()
        self.request, self.key = path, ws_key()
        self.host = host
        self.on_text = on_text
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[int] = loop.create_future()
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.upgraded = False
        self.fragments: list[bytes] = []
        self.fragment_op = OP_TEXT
        self.close_sent = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.transport.write(ws_handshake(self.host, self.request, self.key))

    def data_received(self, data: bytes) -> None:
        self.buf += data
        try:
            if not self.upgraded and not self._upgrade():
                return
            frames, used = parse_frames(self.buf)
        except ProtocolError as exc:
            self._fail(exc)
            return
        del self.buf[:used]
        for opcode, fin, payload in frames:
            self._frame(opcode, fin, payload)

    def _upgrade(self) -> bool:
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        check_handshake(bytes(self.buf[:end]), self.key)
        del self.buf[: end + 4]
        self.upgraded = True
        self.opened.set_result(None)
        return True

    def _frame(self, opcode: int, fin: bool, payload: bytes) -> None:
        assert self.transport is not None
        if opcode in (OP_TEXT, OP_BINARY, OP_CONT):
            if opcode != OP_CONT:
                self.fragment_op = opcode
            self.fragments.append(payload)
            if fin:
                message, self.fragments = b"".join(self.fragments), []
                if self.fragment_op == OP_TEXT:
                    self.on_text(message)
        elif opcode == OP_PING:
            self.transport.write(encode_frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            code = close_code(payload)
            if not self.close_sent:  # echo it (RFC 6455 5.5.1); the server closes TCP
                self.transport.write(encode_frame(OP_CLOSE, payload[:2]))
                self.close_sent = True
            if not self.closed.done():
                self.closed.set_result(code)
            self.transport.close()

    def _fail(self, exc: Exception) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc)
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(NO_CLOSE_FRAME)

    async def close(self, timeout: float = 10.0) -> int:
        """Send a normal close and wait for the server's; the code the socket ended with."""
        if self.transport is not None and not self.closed.done() and not self.close_sent:
            self.close_sent = True
            self.transport.write(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
        try:
            return await asyncio.wait_for(asyncio.shield(self.closed), timeout)
        except TimeoutError:
            if self.transport is not None:
                self.transport.close()
            return await self.closed


async def open_socket(
    host: str, port: int, path: str, on_text: Callable[[bytes], None], timeout: float = 60.0
) -> WebSocketClient:
    """A WebSocket, upgraded; raises OSError, ProtocolError or TimeoutError when it is not."""
    loop = asyncio.get_running_loop()

    async def connect() -> WebSocketClient:
        _, proto = await loop.create_connection(
            lambda: WebSocketClient(f"{host}:{port}", path, on_text), host, port
        )
        await proto.opened
        return proto

    return await asyncio.wait_for(connect(), timeout)
