"""Apply Alembic migrations programmatically (used by `archdesign migrate` and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_exponential

from shared.data.db import get_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@retry(
    retry=retry_if_exception_type(OperationalError),
    wait=wait_exponential(multiplier=0.2, max=3),
    stop=stop_after_delay(60),
    reraise=True,
)
def wait_for_database() -> None:
    """Block until PostgreSQL accepts connections (containers start in any order)."""
    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def upgrade_to_head() -> None:
    wait_for_database()
    command.upgrade(alembic_config(), "head")
