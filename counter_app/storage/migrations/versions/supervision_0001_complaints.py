"""Supervision: the 差评 complaint tickets (complaint_tickets).

Revision ID: supervision_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "supervision_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_tickets",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("service_code", sa.String(64), nullable=False, server_default=""),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False, server_default=""),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("due", sa.Date),
        sa.Column("history", sa.Text, nullable=False, server_default="[]"),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_complaint_tickets"),
    )
    op.create_index("ix_complaint_tickets_case_id", "complaint_tickets", ["case_id"])


def downgrade() -> None:
    op.drop_table("complaint_tickets")
