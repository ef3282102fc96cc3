"""`archdesign up`'s JWT secret: made once per data folder (0600), kept across restarts,
handed to the children; never the old public default; refused beyond loopback."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest

from services.cli import jwt_secret
from services.cli.up import main
from services.gateway.security import create_access_token, decode_access_token
from shared.settings import clear_caches

#: the constant earlier versions signed every development token with (public in the source)
OLD_PUBLIC_DEFAULT = "dev-only-insecure-secret-change-me"


@pytest.fixture()
def no_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no .env of a checkout is read
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.setenv("ARCHDESIGN_ENV", "development")
    monkeypatch.setenv("ARCHDESIGN_DATA_DIR", str(tmp_path / ".data"))
    clear_caches()
    yield tmp_path / ".data"
    monkeypatch.undo()
    clear_caches()


def test_a_fresh_start_makes_a_private_secret_and_a_restart_reuses_it(no_secret: Path) -> None:
    assert jwt_secret.provide(no_secret, "127.0.0.1") is None
    path = no_secret / "jwt_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = os.environ["JWT_SECRET"]
    assert len(first) >= 32 and path.read_text().strip() == first

    token, _ = create_access_token(7)
    assert decode_access_token(token) == 7
    with pytest.raises(jwt.InvalidSignatureError):  # the public default verifies nothing
        jwt.decode(token, OLD_PUBLIC_DEFAULT, algorithms=["HS256"])
    forged = jwt.encode({"sub": "7", "exp": 2**31}, OLD_PUBLIC_DEFAULT, algorithm="HS256")
    with pytest.raises(Exception, match="invalid"):
        decode_access_token(forged)

    # a restart: a new process (no JWT_SECRET in its environment) reads the same file
    os.environ.pop("JWT_SECRET")
    clear_caches()
    path.chmod(0o644)
    assert jwt_secret.provide(no_secret, "localhost") is None
    assert os.environ["JWT_SECRET"] == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert decode_access_token(token) == 7  # tokens outlive the restart


def test_another_data_folder_gets_another_secret(tmp_path: Path) -> None:
    assert jwt_secret.load_or_create(tmp_path / "a") != jwt_secret.load_or_create(tmp_path / "b")


def test_without_a_secret_nothing_signs(no_secret: Path) -> None:
    with pytest.raises(RuntimeError, match="JWT_SECRET is not set"):
        create_access_token(1)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.org"])
def test_listening_beyond_loopback_without_a_secret_is_refused(
    no_secret: Path, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--host", host, "--port", "0"]) == 2
    out = capsys.readouterr().out
    assert "refusing to start" in out and "JWT_SECRET is not set" in out and host in out
    assert not (no_secret / "jwt_secret").exists()


def test_a_given_secret_is_kept_on_any_address(
    no_secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET", "g" * 40)
    clear_caches()
    assert jwt_secret.provide(no_secret, "0.0.0.0") is None
    assert os.environ["JWT_SECRET"] == "g" * 40
    assert not (no_secret / "jwt_secret").exists()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("[::1]", True), ("LOCALHOST", True), ("0.0.0.0", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert jwt_secret.is_loopback(host) is loopback
