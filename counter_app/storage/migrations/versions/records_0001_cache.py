"""Records: the sealed cache of looked-up person / unit records (record_cache).

Revision ID: records_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "records_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_cache",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("found", sa.Boolean, nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("as_of", sa.DateTime, nullable=False),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_record_cache"),
    )


def downgrade() -> None:
    op.drop_table("record_cache")
