"""Sync: how each pulled case update was applied (outcome + note kept on the inbox row).

Revision ID: sync_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "sync_0002"
down_revision = "sync_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_inbox") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16)))
        batch.add_column(sa.Column("note", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("sync_inbox") as batch:
        batch.drop_column("note")
        batch.drop_column("outcome")
