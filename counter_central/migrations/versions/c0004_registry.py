"""Central service: the reference registry adapter's tables (registry_persons, registry_units).

A branch of its own from c0003 (the centre upgrades to every head).

Revision ID: c0004_registry
"""
import sqlalchemy as sa
from alembic import op

revision = "c0004_registry"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_persons",
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("office", sa.String(8)),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id_number", name="pk_registry_persons"),
    )
    op.create_table(
        "registry_units",
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("office", sa.String(8)),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("uscc", name="pk_registry_units"),
    )


def downgrade() -> None:
    op.drop_table("registry_units")
    op.drop_table("registry_persons")
