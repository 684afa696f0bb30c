"""Printing: number counters, issued documents, print queue and log, archive records.

Revision ID: printing_0001
Revises: 0001_base
"""
import sqlalchemy as sa
from alembic import op

revision = "printing_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_counters",
        sa.Column("series", sa.String(96), primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(48), nullable=False),
        sa.Column("number", sa.String(96), nullable=False, unique=True),
        sa.Column("series", sa.String(96), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_documents_case", "documents", ["case_id", "created_at"])
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", name="fk_print_jobs_document_id_documents")),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("pdf_path", sa.Text, nullable=False),
        sa.Column("printer", sa.String(128), nullable=False, server_default=""),
        sa.Column("copies", sa.Integer, nullable=False, server_default="1"),
        sa.Column("state", sa.String(16), nullable=False, server_default="queued"),
        sa.Column("reason", sa.String(24)),
        sa.Column("detail", sa.Text),
        sa.Column("reprint", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("backend_job_id", sa.String(64)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("done_at", sa.DateTime),
    )
    op.create_index("ix_print_jobs_state", "print_jobs", ["state", "id"])
    op.create_table(
        "print_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("print_jobs.id", name="fk_print_events_job_id_print_jobs"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("actor", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_print_events_job", "print_events", ["job_id", "id"])
    op.create_table(
        "archive_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("archive_no", sa.String(96), nullable=False, unique=True),
        sa.Column("case_id", sa.String(64), nullable=False, unique=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("retention", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("filed_date", sa.String(10), nullable=False),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("archive_records")
    op.drop_index("ix_print_events_job", "print_events")
    op.drop_table("print_events")
    op.drop_index("ix_print_jobs_state", "print_jobs")
    op.drop_table("print_jobs")
    op.drop_index("ix_documents_case", "documents")
    op.drop_table("documents")
    op.drop_table("number_counters")
