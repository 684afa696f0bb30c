"""Central service: who pushed an approval request (the signed-in user of the push), so that
neither its maker nor its pusher decides it (counter_protocol.approvals.decision_refusal).

Requests stored before keep an empty pusher: the rule then compares the maker only.

Revision ID: c0012_approval_pusher
"""
import sqlalchemy as sa
from alembic import op

revision = "c0012_approval_pusher"
down_revision = "c0006_approvals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.add_column(sa.Column("pushed_by", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.drop_column("pushed_by")
