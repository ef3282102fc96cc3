"""version_threats: the Markdown report and the Threat Dragon export are no longer stored

They are rendered from the stored model on request (shared/threats, docs/threats.md "Cost"):
the columns held 300 KiB per 30-node version that nobody may have asked for. Rows made before
keep their model (full, which the renderers read as well as the compact one). A downgrade
brings the columns back empty; the code of that revision serves what they hold.

Revision ID: 0005_threats_render_on_demand
Revises: 0004_session_version_fk
Create Date: 2026-12-04 19:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_threats_render_on_demand"
down_revision: str | None = "0004_session_version_fk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_column("version_threats", "dragon")
    op.drop_column("version_threats", "report_md")


def downgrade() -> None:
    op.add_column(
        "version_threats",
        sa.Column("report_md", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column(
        "version_threats",
        sa.Column(
            "dragon",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            server_default=sa.text("'{}'"),
        ),
    )
