"""sessions.current_version_id: the foreign key 0001 declared but never created

0001 gave the constraint `use_alter=True` inside `create_table`, and a CREATE TABLE leaves
such constraints for a later ALTER that never came: the column had no foreign key, so a
session could point at a version that was gone. `alembic check` in the tests found it
(tests/integration/test_migrations.py). Rows pointing at a missing version are cleared first.

Revision ID: 0004_session_version_fk
Revises: 0003_version_threats
Create Date: 2026-12-04 17:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_session_version_fk"
down_revision: str | None = "0003_version_threats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "sessions_current_version_id_fkey"


def upgrade() -> None:
    op.execute(
        "UPDATE sessions SET current_version_id = NULL WHERE current_version_id IS NOT NULL "
        "AND current_version_id NOT IN (SELECT id FROM diagram_versions)"
    )
    op.create_foreign_key(
        FK, "sessions", "diagram_versions", ["current_version_id"], ["id"], ondelete="SET NULL"
    )


def downgrade() -> None:
    op.drop_constraint(FK, "sessions", type_="foreignkey")
