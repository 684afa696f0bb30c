"""Central service: the centre's copy of the case archive packages (7.2, #16; counter_central.archive).

A branch of its own from c0003 (the centre upgrades to every head). The parts' bytes are kept in the
database in this reference implementation (BLOB / bytea); a deployment keeps them in write-once
object storage (docs/sync.md, “Archive packages”).

Revision ID: c0011_archive
"""
import sqlalchemy as sa
from alembic import op

revision = "c0011_archive"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_packages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("archive_code", sa.String(128), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("offered_by", sa.String(64), nullable=False),
        sa.Column("offered_at", sa.DateTime, nullable=False),
        sa.Column("completed_at", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_archive_packages"),
        sa.UniqueConstraint("case_no", "version", name="uq_archive_packages_case_no"),
    )
    op.create_table(
        "archive_parts",
        sa.Column("package_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("sm3", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary),
        sa.Column("completed_at", sa.DateTime),
        sa.PrimaryKeyConstraint("package_id", "name", name="pk_archive_parts"),
    )
    op.create_table(
        "archive_chunks",
        sa.Column("package_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("byte_offset", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("package_id", "name", "byte_offset", name="pk_archive_chunks"),
    )


def downgrade() -> None:
    op.drop_table("archive_chunks")
    op.drop_table("archive_parts")
    op.drop_table("archive_packages")
