"""`archdesign migrate`: wait for PostgreSQL, then apply every migration (alembic upgrade head)."""

from __future__ import annotations

import argparse

from shared.data.migrate import upgrade_to_head
from shared.logging import configure_logging


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="archdesign migrate").parse_args(argv)
    configure_logging("migrate")
    upgrade_to_head()
    print("database is at the latest migration")
    return 0
