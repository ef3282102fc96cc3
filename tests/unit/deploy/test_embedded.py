"""Embedded Redis and PostgreSQL: pure helpers, then the real servers (started here)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st

from services.cli.embedded.postgres_server import EmbeddedPostgres, postgres_command, postgres_url
from services.cli.embedded.process import process_alive, read_pid_file
from services.cli.embedded.redis_server import EmbeddedRedis, redis_url, render_redis_config
from services.cli.embedded.server import EmbeddedServerError, load_credentials, redact_url

passwords = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40
)


@given(passwords, st.integers(1, 65535))
def test_redis_url_round_trips_any_password(password: str, port: int) -> None:
    parts = urlsplit(redis_url("127.0.0.1", port, password))
    assert parts.scheme == "redis"
    assert parts.port == port
    assert unquote(parts.password or "") == password


@given(passwords, passwords)
def test_postgres_url_round_trips_user_and_password(user: str, password: str) -> None:
    parts = urlsplit(postgres_url("127.0.0.1", 5433, user, password, "archdesign"))
    assert parts.scheme == "postgresql+psycopg"
    assert (unquote(parts.username or ""), unquote(parts.password or "")) == (user, password)
    assert parts.path == "/archdesign"


@given(passwords)
def test_redact_url_hides_the_password(password: str) -> None:
    url = postgres_url("db.internal", 5432, "postgres", password, "archdesign")
    assert redact_url(url) == "postgresql+psycopg://postgres:***@db.internal:5432/archdesign"
    assert redact_url(redis_url("h", 1, password)) == "redis://:***@h:1/0"


def test_redact_url_leaves_urls_without_credentials() -> None:
    assert redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    assert redact_url("not a url") == "not a url"


def test_redis_config_persists_with_aof_only(tmp_path: Path) -> None:
    conf = render_redis_config(port=6390, data_dir=tmp_path, password="s3cret")
    lines = set(conf.splitlines())
    assert {"bind 127.0.0.1", "port 6390", "appendonly yes", 'save ""'} <= lines
    assert 'requirepass "s3cret"' in lines
    assert f'dir "{tmp_path}"' in lines


def test_postgres_listens_on_tcp_only(tmp_path: Path) -> None:
    argv = postgres_command(tmp_path / "bin", tmp_path / "pg", 5599)
    assert "listen_addresses=127.0.0.1" in argv
    assert "port=5599" in argv
    assert "unix_socket_directories=" in argv


@pytest.mark.parametrize(
    ("content", "expected"), [("1234\n/data\n", 1234), ("", None), ("abc\n", None)]
)
def test_read_pid_file(tmp_path: Path, content: str, expected: int | None) -> None:
    path = tmp_path / "x.pid"
    path.write_text(content)
    assert read_pid_file(path) == expected
    assert read_pid_file(tmp_path / "missing.pid") is None


def test_credentials_are_generated_once_and_private(tmp_path: Path) -> None:
    first = load_credentials(tmp_path)
    again = load_credentials(tmp_path)
    assert first == again
    assert first["redis_password"] != first["postgres_password"]
    assert (tmp_path / "credentials.json").stat().st_mode & 0o077 == 0


# --------------------------------------------------------------------------- real servers


@pytest.mark.integration
@pytest.mark.slow
def test_redis_starts_answers_persists_and_stops(tmp_path: Path) -> None:
    password = load_credentials(tmp_path)["redis_password"]
    server = EmbeddedRedis(tmp_path / "redis", tmp_path / "logs", password)
    server.start()
    try:
        server.wait_ready(30)
        client = redis.Redis.from_url(server.url())
        client.set("archdesign:test", "kept")
        client.close()
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=server.port, password="wrong").ping()
    finally:
        assert server.stop() == 0
    assert not server.is_running()

    again = EmbeddedRedis(tmp_path / "redis", tmp_path / "logs", password)
    again.start()
    try:
        again.wait_ready(30)
        client = redis.Redis.from_url(again.url())
        assert client.get("archdesign:test") == b"kept"  # the AOF was replayed
        client.close()
    finally:
        again.stop()


@pytest.mark.integration
@pytest.mark.slow
def test_a_second_owner_of_the_data_dir_is_refused(tmp_path: Path) -> None:
    password = load_credentials(tmp_path)["redis_password"]
    first = EmbeddedRedis(tmp_path / "redis", tmp_path / "logs", password)
    first.start()
    try:
        second = EmbeddedRedis(tmp_path / "redis", tmp_path / "logs", password)
        with pytest.raises(EmbeddedServerError, match="in use"):
            second.start()
        assert first.is_running()
    finally:
        first.stop()


@pytest.mark.integration
@pytest.mark.slow
def test_postgres_starts_creates_the_database_keeps_data_and_stops(tmp_path: Path) -> None:
    password = load_credentials(tmp_path)["postgres_password"]
    server = EmbeddedPostgres(tmp_path / "postgres", tmp_path / "logs", password)
    server.start()
    try:
        server.wait_ready(60)
        dsn = server.url().replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(dsn, autocommit=True) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("archdesign",)
            conn.execute("CREATE TABLE kept (v text)")
            conn.execute("INSERT INTO kept VALUES ('yes')")
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(dsn.replace(password, "wrong"), connect_timeout=5).close()
    finally:
        assert server.stop() == 0  # fast shutdown exits cleanly
    assert not server.is_running()
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()

    again = EmbeddedPostgres(tmp_path / "postgres", tmp_path / "logs", password)
    again.start()
    try:
        again.wait_ready(60)
        dsn = again.url().replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT v FROM kept").fetchone() == ("yes",)
    finally:
        again.stop()


@pytest.mark.integration
@pytest.mark.slow
def test_servers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL the owner: the parent-death signal stops both servers, no orphans."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from services.cli.embedded import EmbeddedPostgres, EmbeddedRedis, load_credentials
        d = Path({str(tmp_path)!r})
        c = load_credentials(d)
        r = EmbeddedRedis(d / "redis", d / "logs", c["redis_password"])
        p = EmbeddedPostgres(d / "postgres", d / "logs", c["postgres_password"])
        r.start(); p.start(); r.wait_ready(30); p.wait_ready(60)
        print(r.pid, p.pid, flush=True)
        time.sleep(600)
        """
    )
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    pids = [int(x) for x in owner.stdout.readline().split()]
    assert len(pids) == 2 and all(process_alive(pid) for pid in pids)
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    owner.stdout.close()
    deadline = time.monotonic() + 30
    while any(process_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(process_alive(pid) for pid in pids)

    # and the next owner starts cleanly on the same data directories
    password = load_credentials(tmp_path)["postgres_password"]
    server = EmbeddedPostgres(tmp_path / "postgres", tmp_path / "logs", password)
    server.start()
    try:
        server.wait_ready(60)
    finally:
        server.stop()
