"""Approvals: the approval requests made here or pulled for this office (approval_requests).

Revision ID: approvals_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "approvals_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("service_code", sa.String(64), nullable=False, server_default=""),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("maker", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime, nullable=False),
        sa.Column("payload_digest", sa.String(64), nullable=False),
        sa.Column("required_level", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("details", sa.Text, nullable=False, server_default="{}"),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("checker", sa.String(64), nullable=False, server_default=""),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("mode", sa.String(8), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_approval_requests"),
    )
    op.create_index("ix_approval_requests_case_id", "approval_requests", ["case_id"])


def downgrade() -> None:
    op.drop_table("approval_requests")
