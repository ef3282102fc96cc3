"""`.env.example` documents every variable of shared/settings.py, and nothing unknown."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

import shared.settings as settings_module

ROOT = Path(__file__).resolve().parents[3]
ENV_EXAMPLE = ROOT / ".env.example"
#: variables only docker-compose.yml interpolates (documented in their own section)
COMPOSE_ONLY = {"ARCHDESIGN_IMAGE", "GATEWAY_PORT", "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD"}
#: variables uvicorn reads itself (the gateway's server)
SERVER_ONLY = {"FORWARDED_ALLOW_IPS"}


def settings_variables() -> set[str]:
    names: set[str] = set()
    for _, cls in inspect.getmembers(settings_module, inspect.isclass):
        if issubclass(cls, BaseSettings) and cls is not BaseSettings:
            names |= {f.alias or name.upper() for name, f in cls.model_fields.items()}
    return names


def documented_variables() -> dict[str, int]:
    """NAME -> line number of every `NAME=` or `# NAME=` line."""
    found: dict[str, int] = {}
    for number, line in enumerate(ENV_EXAMPLE.read_text().splitlines(), 1):
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def test_every_setting_is_documented() -> None:
    assert settings_variables() - set(documented_variables()) == set()


def test_nothing_undocumented_or_misspelled() -> None:
    assert set(documented_variables()) - settings_variables() - COMPOSE_ONLY - SERVER_ONLY == set()


def example_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values.setdefault(match.group(1), match.group(2).strip())
    return values


def test_shown_defaults_are_the_real_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`# NAME=value` must be what the setting already is (None-defaults show examples)."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    values = example_values()
    for _, cls in inspect.getmembers(settings_module, inspect.isclass):
        if not (issubclass(cls, BaseSettings) and cls is not BaseSettings):
            continue
        for name, field in cls.model_fields.items():
            alias = field.alias or name.upper()
            if field.default is None or alias == "JWT_SECRET" or alias == "ARCHDESIGN_ENV":
                continue
            for other in cls.model_fields.values():
                monkeypatch.delenv(other.alias or "", raising=False)
            assert alias in values, f"{alias} is not in .env.example"
            # what the setting is with nothing set (defaults from a factory or completed by a
            # validator included)
            expected = getattr(cls(), name)
            monkeypatch.setenv(alias, values[alias])
            parsed = getattr(cls(), name)
            assert parsed == expected, f"{alias}: example {values[alias]!r} != default"
            monkeypatch.delenv(alias)


def test_copying_the_example_changes_no_default() -> None:
    """Every assignment is commented out, so `cp .env.example .env` is a no-op."""
    for line in ENV_EXAMPLE.read_text().splitlines():
        assert not re.match(r"^[A-Z][A-Z0-9_]*=", line), line


def test_the_parser_above_sees_settings() -> None:
    """Guard against a vacuous pass: the introspection must find the core variables."""
    assert {"REDIS_URL", "DATABASE_URL", "BROKER_URL", "JWT_SECRET"} <= settings_variables()
