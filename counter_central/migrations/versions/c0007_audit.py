"""Central service: workstation audit records and the anchor of each chain (#16 finding 11).

A branch of its own from c0003 (the centre upgrades to every head).

Revision ID: c0007_audit
"""
import sqlalchemy as sa
from alembic import op

revision = "c0007_audit"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("workstation_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("workstation_id", name="pk_audit_anchors"),
    )
    op.create_table(
        "audit_records",
        sa.Column("workstation_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(128), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_digest", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("workstation_id", "seq", name="pk_audit_records"),
    )
    op.create_index("ix_audit_records_at", "audit_records", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_records_at", "audit_records")
    op.drop_table("audit_records")
    op.drop_table("audit_anchors")
