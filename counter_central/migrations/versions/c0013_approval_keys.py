"""Central service: the supervisors' approval keys, one per user and workstation, that prove an
on-site decision (现场授权) was made by the supervisor on that screen
(counter_protocol.approvals.decision_proof).

Empty at first: a supervisor gets their key for a workstation at the next online login there.

Revision ID: c0013_approval_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "c0013_approval_keys"
down_revision = "c0012_approval_pusher"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_keys",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("username", "workstation_id", name="pk_approval_keys"),
    )


def downgrade() -> None:
    op.drop_table("approval_keys")
