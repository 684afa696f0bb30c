"""Central service: approval requests (maker-checker) and the users' approval level.

Existing supervisors get level 1 (科长); a 中心主任 is set with ``counter-central users set-level``.

Revision ID: c0006_approvals
"""
import sqlalchemy as sa
from alembic import op

revision = "c0006_approvals"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("approval_level", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE users SET approval_level = 1 WHERE roles LIKE '%supervisor%'")
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("service_code", sa.String(64), nullable=False, server_default=""),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
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
    op.create_index("ix_approval_requests_office_state", "approval_requests", ["office_code", "state"])
    op.create_index("ix_approval_requests_case", "approval_requests", ["case_id", "action"])


def downgrade() -> None:
    op.drop_table("approval_requests")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("approval_level")
