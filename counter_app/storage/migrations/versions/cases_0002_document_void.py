"""Cases: a document voided (作废) after it was issued — issued under an on-site approval the
centre refused. The record stays, its 文号 is never reused; ``void_reason`` says why.

The archive table (归档外移, growth_0003) takes the same columns: housekeeping refuses to move
rows whose columns the archive lacks. So this revision runs after growth_0003 (``depends_on``),
which made ``archive_case_documents`` from the hot table as it was before these columns.

Revision ID: cases_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "cases_0002"
down_revision = "cases_0001"
branch_labels = None
depends_on = "growth_0003"


TABLES = ("case_documents", "archive_case_documents")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("void_reason", sa.Text, nullable=False, server_default=""))
            batch.add_column(sa.Column("voided_at", sa.DateTime))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("voided_at")
            batch.drop_column("void_reason")
