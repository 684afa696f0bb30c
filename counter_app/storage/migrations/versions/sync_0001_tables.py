"""Sync: pulled reference data and case updates, offline-login verifiers, re-keyed outbox entries.

Revision ID: sync_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "sync_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_reference",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("version", sa.String(32), primary_key=True),
        sa.Column("effective_from", sa.String(10)),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sync_inbox",
        sa.Column("cursor", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("aggregate_type", sa.String(32), nullable=False),
        sa.Column("aggregate_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("applied_at", sa.DateTime),
    )
    op.create_index("ix_sync_inbox_aggregate", "sync_inbox", ["aggregate_type", "aggregate_id"])
    op.create_table(
        "sync_offline_credentials",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("verifier", sa.Text, nullable=False),
        sa.Column("user_json", sa.Text, nullable=False),
        sa.Column("central_url", sa.String(256), nullable=False),
        sa.Column("last_online_login_at", sa.DateTime, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "sync_superseded",
        sa.Column("old_id", sa.String(36), primary_key=True),
        sa.Column("new_id", sa.String(36), nullable=False),
        sa.Column("why", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sync_superseded_new_id", "sync_superseded", ["new_id"])


def downgrade() -> None:
    op.drop_index("ix_sync_superseded_new_id", "sync_superseded")
    op.drop_table("sync_superseded")
    op.drop_table("sync_offline_credentials")
    op.drop_index("ix_sync_inbox_aggregate", "sync_inbox")
    op.drop_table("sync_inbox")
    op.drop_table("sync_reference")
