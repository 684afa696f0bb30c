"""Central service: the reference 电子社保卡 platform's signing key (generated here) and issued test codes.

A branch of its own from c0003 (the centre upgrades to every head).

Revision ID: ce_essc_codes
"""
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "ce_essc_codes"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    keys = op.create_table(
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
    # this centre's own signing key, made once here (not lazily by two processes at the same time)
    op.bulk_insert(keys, [{"id": 1, "secret": secrets.token_hex(32),
                           "created_at": datetime.now(timezone.utc).replace(tzinfo=None)}])


def downgrade() -> None:
    op.drop_table("essc_codes")
    op.drop_table("essc_keys")
