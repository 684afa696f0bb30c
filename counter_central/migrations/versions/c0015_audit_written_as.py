"""Central service: an audit record written under an earlier 工作站编号 of the same store.

A workstation's number can change after records were written (the first-run wizard run again).
Its store keeps one chain, so the records written before the change reach the centre with the
new number's sign-in: they are kept in the new number's chain (``workstation_id``, the chain's
key), and ``written_as`` keeps the number the record itself carries (its digest covers it).
NULL: the record was written under the chain's own number, as every record stored before.

Revision ID: c0015_audit_written_as
"""
import sqlalchemy as sa
from alembic import op

revision = "c0015_audit_written_as"
down_revision = "c0014_approval_participants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.add_column(sa.Column("written_as", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("written_as")
