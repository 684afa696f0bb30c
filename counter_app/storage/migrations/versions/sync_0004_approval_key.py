"""Sync: a supervisor's approval key (现场授权), kept on the offline credential row sealed under
the supervisor's password (counter_app.sync.central_hash.seal_approval_key).

Rows from before this revision have none: the supervisor's next online login here brings it; until
then an on-site decision offline is refused (the centre would reject it).

Revision ID: sync_0004_approval_key
"""
import sqlalchemy as sa
from alembic import op

revision = "sync_0004_approval_key"
down_revision = "sync_0003_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_offline_credentials") as batch:
        batch.add_column(sa.Column("approval_key_sealed", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("sync_offline_credentials") as batch:
        batch.drop_column("approval_key_sealed")
