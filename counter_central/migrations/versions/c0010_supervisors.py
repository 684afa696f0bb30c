"""Central service: the review queue (人工审核 items the standard names, counter_protocol.reviews).

Revision ID: c0010_supervisors
"""
import sqlalchemy as sa
from alembic import op

revision = "c0010_supervisors"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("clause", sa.String(16), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("service_code", sa.String(64), nullable=False, server_default=""),
        sa.Column("reference", sa.String(64), nullable=False, server_default=""),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("materials", sa.Text, nullable=False, server_default="[]"),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("maker", sa.String(64), nullable=False, server_default=""),
        sa.Column("proposal", sa.String(16), nullable=False, server_default=""),
        sa.Column("proposal_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("proposed_at", sa.DateTime),
        sa.Column("checker", sa.String(64), nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("decided_at", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_review_items"),
    )
    op.create_index("ix_review_items_office_state", "review_items", ["office_code", "state"])


def downgrade() -> None:
    op.drop_table("review_items")
