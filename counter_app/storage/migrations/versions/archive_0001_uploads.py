"""Archive: the package versions the centre holds in full (#16, 7.2: the package syncs to the centre).

Revision ID: archive_0001_uploads
"""
import sqlalchemy as sa
from alembic import op

revision = "archive_0001_uploads"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_uploads",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("case_no", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("bytes_sent", sa.Integer, nullable=False, server_default="0"),
        sa.Column("uploaded_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("archive_uploads")
