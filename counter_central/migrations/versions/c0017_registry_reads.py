"""Central service: who read which 参保档案 (参保档案查询留痕).

One row per person or unit look-up at the centre, written by the centre itself, the subject masked
as the workstation's own ``record.lookup`` audit record masks it.

Revision ID: c0017_registry_reads
"""
import sqlalchemy as sa
from alembic import op

revision = "c0017_registry_reads"
down_revision = "c0016_changes_aggregate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_reads",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("workstation_id", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("subject", sa.String(32), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_registry_reads_at", "registry_reads", ["at"])
    op.create_index("ix_registry_reads_subject", "registry_reads", ["subject"])


def downgrade() -> None:
    op.drop_index("ix_registry_reads_subject", table_name="registry_reads")
    op.drop_index("ix_registry_reads_at", table_name="registry_reads")
    op.drop_table("registry_reads")
