"""Sync: ``sync_reference.published_seq`` — the centre's change cursor of the ``reference.published``
change that announced the version: the centre's publication order. The version in force is the
newest publication by it (counter_protocol.reference_names.choose_in_force), never by the time this
machine received it (every version pulled in one round has the same ``received_at``).

Rows from before this revision have none: they are ordered before every row that has one, among
themselves by ``received_at`` as before; pulling the change again (a cursor reset) fills it in.

Revision ID: sync_0005_reference_order
"""
import sqlalchemy as sa
from alembic import op

revision = "sync_0005_reference_order"
down_revision = "sync_0004_approval_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_reference") as batch:
        batch.add_column(sa.Column("published_seq", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("sync_reference") as batch:
        batch.drop_column("published_seq")
