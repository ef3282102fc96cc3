"""The load bench's lean clients (bench/load/wire.py) read what real servers send: uvicorn's
HTTP/1.1 answers on kept-alive connections, and a websockets server's messages, pings and
close codes — so the bench counts statuses, drops and close codes truthfully."""

from __future__ import annotations

import asyncio
import contextlib
import json
import struct
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.server import ServerConnection, serve

from bench.load import wire

# --------------------------------------------------------------------------- pure core


def test_frames_split_anywhere_come_out_whole() -> None:
    stream = (
        bytes([0x81, 5])
        + b"hello"
        + bytes([0x01, 3])
        + b"par"  # a text message in two fragments
        + bytes([0x80, 2])
        + b"ts"
        + bytes([0x81, 126])
        + struct.pack("!H", 300)
        + b"x" * 300
    )
    for cut in range(1, len(stream)):
        buf = bytearray(stream[:cut])
        first, used = wire.parse_frames(buf)
        del buf[:used]
        buf += stream[cut:]
        rest, used = wire.parse_frames(buf)
        assert used == len(buf)
        assert [f[2] for f in first + rest] == [b"hello", b"par", b"ts", b"x" * 300]


def test_a_masked_server_frame_is_refused() -> None:
    with pytest.raises(wire.ProtocolError):
        wire.parse_frames(bytearray(wire.encode_frame(wire.OP_TEXT, b"hi")))


def test_client_frames_are_masked_and_unmask_to_the_payload() -> None:
    frame = wire.encode_frame(wire.OP_TEXT, b"abcdefg", mask=b"\x01\x02\x03\x04")
    assert frame[1] & 0x80 and frame[2:6] == b"\x01\x02\x03\x04"
    assert wire.mask_bytes(frame[6:], b"\x01\x02\x03\x04") == b"abcdefg"


def test_a_handshake_that_does_not_accept_the_key_is_refused() -> None:
    key = wire.ws_key()
    good = f"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: {wire.ws_accept(key)}"
    wire.check_handshake(good.encode(), key)
    with pytest.raises(wire.ProtocolError):
        wire.check_handshake(good.encode(), wire.ws_key())
    with pytest.raises(wire.ProtocolError):
        wire.check_handshake(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0", key)


def test_a_response_is_read_only_when_its_body_is_complete() -> None:
    raw = b'HTTP/1.1 202 Accepted\r\ncontent-length: 11\r\n\r\n{"job": 1}\nHTTP/1.1'
    assert wire.parse_response(bytearray(raw[:40])) is None
    parsed = wire.parse_response(bytearray(raw))
    assert parsed is not None
    response, used = parsed
    assert (response.status, response.body, response.keep_alive) == (202, b'{"job": 1}\n', True)
    assert raw[used:] == b"HTTP/1.1"
    closing = (
        b"HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    assert wire.parse_response(bytearray(closing))[0] == wire.Response(500, b"", False)  # type: ignore[index]
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    assert wire.parse_response(bytearray(chunked[:-2])) is None
    assert wire.parse_response(bytearray(chunked)) == (
        wire.Response(200, b"abcde", True),
        len(chunked),
    )


# --------------------------------------------------------------------------- real servers


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers with the status the path names and the client's port (connection reuse)."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    status = int(scope["path"].strip("/") or 200)
    payload = json.dumps({"port": scope["client"][1], "echo": body.decode()}).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


@contextlib.asynccontextmanager
async def _uvicorn(keep_alive: float = 5.0) -> AsyncIterator[int]:
    config = uvicorn.Config(
        _app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        timeout_keep_alive=keep_alive,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.should_exit = True
        await task


async def test_requests_reuse_a_kept_alive_connection_and_read_any_status() -> None:
    async with _uvicorn() as port:
        pool = wire.HttpPool("127.0.0.1", port, size=1)
        post = wire.http_request("POST", f"127.0.0.1:{port}", "/202", {}, b"body one")
        _, first = await pool.request(post)
        _, second = await pool.request(post)
        _, failed = await pool.request(wire.http_request("GET", "h", "/503", {}, b""))
        await pool.close()
    assert (first.status, failed.status) == (202, 503)
    assert json.loads(first.body)["echo"] == "body one"
    assert json.loads(first.body)["port"] == json.loads(second.body)["port"]


async def test_a_connection_the_server_closed_while_idle_is_replaced() -> None:
    async with _uvicorn(keep_alive=0.2) as port:
        pool = wire.HttpPool("127.0.0.1", port, size=1, idle_seconds=60)
        request = wire.http_request("GET", "h", "/200", {}, b"")
        _, first = await pool.request(request)
        await asyncio.sleep(0.6)  # uvicorn closes it
        _, second = await pool.request(request)
        await pool.close()
    assert second.status == 200
    assert json.loads(first.body)["port"] != json.loads(second.body)["port"]


async def _socket_server(handler: Any, **options: Any) -> Any:
    return await serve(handler, "127.0.0.1", 0, compression=None, **options)


async def test_a_socket_gets_whole_messages_answers_pings_and_keeps_the_close_code() -> None:
    async def handler(ws: ServerConnection) -> None:
        await ws.send('{"type": "state"}')
        await ws.send(["frag", "mented"])  # one message in two frames
        await asyncio.sleep(0.5)  # server pings meanwhile; unanswered, it would close 1011
        await ws.send("last")
        await ws.close(code=4429, reason="too many")

    received: list[bytes] = []
    async with await _socket_server(handler, ping_interval=0.1, ping_timeout=0.3) as server:
        port = server.sockets[0].getsockname()[1]
        ws = await wire.open_socket("127.0.0.1", port, "/x?token=t", received.append)
        code = await asyncio.wait_for(ws.closed, 5)
    assert received == [b'{"type": "state"}', b"fragmented", b"last"]
    assert code == 4429


async def test_a_socket_cut_without_a_close_frame_counts_as_1006() -> None:
    async def handler(ws: ServerConnection) -> None:
        ws.transport.abort()
        await asyncio.sleep(0.1)

    async with await _socket_server(handler) as server:
        port = server.sockets[0].getsockname()[1]
        ws = await wire.open_socket("127.0.0.1", port, "/", lambda _: None)
        assert await asyncio.wait_for(ws.closed, 5) == wire.NO_CLOSE_FRAME


async def test_a_client_close_is_a_normal_close_on_both_ends() -> None:
    seen: list[int | None] = []

    async def handler(ws: ServerConnection) -> None:
        await ws.wait_closed()
        seen.append(ws.close_code)

    async with await _socket_server(handler) as server:
        port = server.sockets[0].getsockname()[1]
        ws = await wire.open_socket("127.0.0.1", port, "/", lambda _: None)
        assert await ws.close() == 1000
        await asyncio.sleep(0.1)
    assert seen == [1000]


async def test_a_refused_upgrade_raises() -> None:
    async with _uvicorn() as port:  # plain HTTP: no 101
        with pytest.raises((wire.ProtocolError, ConnectionError)):
            await wire.open_socket("127.0.0.1", port, "/403", lambda _: None, timeout=5)


def test_both_clients_run_on_uvloop() -> None:
    """The bench runs on uvloop, whose transports are not asyncio.Transport subclasses."""
    uvloop = pytest.importorskip("uvloop")

    async def both() -> tuple[int, list[bytes], int]:
        async def handler(ws: ServerConnection) -> None:
            await ws.send("hello")
            await ws.close()

        async with _uvicorn() as port:
            pool = wire.HttpPool("127.0.0.1", port, size=1)
            _, response = await pool.request(wire.http_request("GET", "h", "/202", {}, b""))
            await pool.close()
        received: list[bytes] = []
        async with await _socket_server(handler) as server:
            ws_port = server.sockets[0].getsockname()[1]
            ws = await wire.open_socket("127.0.0.1", ws_port, "/", received.append)
            code = await asyncio.wait_for(ws.closed, 5)
        return response.status, received, code

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        assert runner.run(both()) == (202, [b"hello"], 1000)


async def test_an_answer_that_never_comes_is_a_timeout_not_a_hang() -> None:
    answered = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1000)
        await answered.wait()  # never before the client gave up
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pool = wire.HttpPool("127.0.0.1", port, size=1, timeout=0.3)
    with pytest.raises(TimeoutError):
        await pool.request(wire.http_request("GET", "h", "/", {}, b""))
    await pool.close()
    answered.set()
    server.close()
    await server.wait_closed()
