"""Audit: the workstation's audit trail, chained with SM3 (#16 finding 11).

Revision ID: audit_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "audit_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False, server_default=""),
        sa.Column("object_id", sa.String(128), nullable=False, server_default=""),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("prev_digest", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("synced_at", sa.DateTime),
    )
    op.create_index("ix_audit_records_synced", "audit_records", ["synced_at", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_records_synced", "audit_records")
    op.drop_table("audit_records")
