"""Approvals: an on-site decision (现场授权) the centre refused, as the counter reconciled it
(``centre_refusal``: JSON of the refused decision, the centre's reason, the entries it refused
and the documents voided under it; "" when none).

Revision ID: approvals_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "approvals_0002"
down_revision = "approvals_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.add_column(sa.Column("centre_refusal", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.drop_column("centre_refusal")
