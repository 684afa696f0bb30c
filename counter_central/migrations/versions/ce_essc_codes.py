"""Central service: the reference 电子社保卡 platform's signing key and issued test codes.

A branch of its own from c0003 (the centre upgrades to every head).

Revision ID: ce_essc_codes
"""
import sqlalchemy as sa
from alembic import op

revision = "ce_essc_codes"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "essc_keys",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_essc_keys"),
    )
    op.create_table(
        "essc_codes",
        sa.Column("nonce", sa.String(32), nullable=False),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("nonce", name="pk_essc_codes"),
    )


def downgrade() -> None:
    op.drop_table("essc_codes")
    op.drop_table("essc_keys")
