"""Central service: offices, users, workstations, tokens, received entries, case states, changes, reference data.

Revision ID: c0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "c0001_initial"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("roles", sa.String(128), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "workstations",
        sa.Column("workstation_id", sa.String(32), primary_key=True),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_tokens_family", "tokens", ["family"])
    op.create_table(
        "received_entries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("client_seq", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("aggregate_type", sa.String(32), nullable=False),
        sa.Column("aggregate_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("payload_digest", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("pushed_by", sa.String(64), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("supersedes", sa.String(36)),
        sa.Column("created_at", sa.DateTime),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("suggested_action", sa.Text),
    )
    op.create_index("ix_received_entries_aggregate", "received_entries", ["aggregate_type", "aggregate_id"])
    op.create_table(
        "case_states",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("last_entry_id", sa.String(36)),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("cursor", BigId, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("aggregate_type", sa.String(32), nullable=False),
        sa.Column("aggregate_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("office_code", sa.String(8)),
        sa.Column("workstation_id", sa.String(32)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "reference_data",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("version", sa.String(32), primary_key=True),
        sa.Column("effective_from", sa.String(10)),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for name in ("reference_data", "changes", "case_states", "received_entries", "tokens", "workstations", "users", "offices"):
        op.drop_table(name)
