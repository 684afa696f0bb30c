"""Cases: a document voided (作废) after it was issued — issued under an on-site approval the
centre refused. The record stays, its 文号 is never reused; ``void_reason`` says why.

Revision ID: cases_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "cases_0002"
down_revision = "cases_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_documents") as batch:
        batch.add_column(sa.Column("void_reason", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("voided_at", sa.DateTime))


def downgrade() -> None:
    with op.batch_alter_table("case_documents") as batch:
        batch.drop_column("voided_at")
        batch.drop_column("void_reason")
