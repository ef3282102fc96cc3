import pytest
from pydantic import ValidationError

from shared.settings import AuthSettings


def test_a_missing_or_short_jwt_secret_is_refused_outside_development(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARCHDESIGN_ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        AuthSettings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("JWT_SECRET", "short")
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        AuthSettings(_env_file=None)  # type: ignore[call-arg]


def test_a_short_secret_is_refused_in_development_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHDESIGN_ENV", "development")
    monkeypatch.setenv("JWT_SECRET", "s" * 31)
    with pytest.raises(ValidationError, match="32"):
        AuthSettings(_env_file=None)  # type: ignore[call-arg]


def test_a_real_secret_signs_and_without_one_nothing_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARCHDESIGN_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "s" * 40)
    assert AuthSettings(_env_file=None).signing_key() == "s" * 40  # type: ignore[call-arg]
    monkeypatch.setenv("ARCHDESIGN_ENV", "development")
    monkeypatch.delenv("JWT_SECRET")
    settings = AuthSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.jwt_secret is None  # no built-in default
    with pytest.raises(RuntimeError, match="JWT_SECRET is not set"):
        settings.signing_key()
