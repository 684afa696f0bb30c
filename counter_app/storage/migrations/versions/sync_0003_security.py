"""Sync, security: the offline verifier's MAC (keyed from the keyring) and the offline lockout.

A verifier row without a valid MAC grants nothing (rows from before this revision included: the
next online login writes a MAC'd one).

Revision ID: sync_0003_security
"""
import sqlalchemy as sa
from alembic import op

revision = "sync_0003_security"
down_revision = "sync_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_offline_credentials") as batch:
        batch.add_column(sa.Column("mac", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime))


def downgrade() -> None:
    with op.batch_alter_table("sync_offline_credentials") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")
        batch.drop_column("mac")
