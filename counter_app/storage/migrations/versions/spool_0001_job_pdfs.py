"""Spool: a print job's PDF is kept in the encrypted store, not as a clear file in print-spool (#16).

Revision ID: spool_0001
Revises: 0001_base

``job_id`` names a ``print_jobs`` row (printing area); no foreign key, so this branch needs no order
against the printing branch.
"""
import sqlalchemy as sa
from alembic import op

revision = "spool_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_job_pdfs",
        sa.Column("job_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sm3", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("print_job_pdfs")
