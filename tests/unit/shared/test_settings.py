import pytest
from pydantic import ValidationError

from shared.settings import DEV_JWT_SECRET, AuthSettings


def test_default_jwt_secret_is_refused_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHDESIGN_ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        AuthSettings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("JWT_SECRET", "short")
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        AuthSettings(_env_file=None)  # type: ignore[call-arg]


def test_a_real_secret_is_accepted_and_development_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARCHDESIGN_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "s" * 40)
    assert AuthSettings(_env_file=None).jwt_secret.get_secret_value() == "s" * 40  # type: ignore[call-arg]
    monkeypatch.setenv("ARCHDESIGN_ENV", "development")
    monkeypatch.delenv("JWT_SECRET")
    settings = AuthSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.jwt_secret.get_secret_value() == DEV_JWT_SECRET
