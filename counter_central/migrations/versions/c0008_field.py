"""Central service: field work (上门认证) — registry columns for the roster (address, phone, photo,
enrolled template, field flag), home-visit requests, laptop keys and received visits.

Revision ID: c0008_field
"""
import sqlalchemy as sa
from alembic import op

revision = "c0008_field"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = "c0004_registry"     # adds columns to registry_persons


def upgrade() -> None:
    with op.batch_alter_table("registry_persons") as batch:
        batch.add_column(sa.Column("address", sa.Text, nullable=True))
        batch.add_column(sa.Column("phone", sa.String(32), nullable=True))
        batch.add_column(sa.Column("photo", sa.Text, nullable=True))
        batch.add_column(sa.Column("fingerprint_template", sa.Text, nullable=True))
        batch.add_column(sa.Column("field_flag", sa.String(32), nullable=True))
    op.create_table(
        "field_requests",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("closed_by_visit", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_field_requests"),
    )
    op.create_index("ix_field_requests_office_state", "field_requests", ["office_code", "state"])
    op.create_table(
        "field_laptop_keys",
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("workstation_id", name="pk_field_laptop_keys"),
    )
    op.create_table(
        "field_visits",
        sa.Column("visit_id", sa.String(64), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("visited_at", sa.DateTime, nullable=False),
        sa.Column("staff", sa.String(140), nullable=False),
        sa.Column("sm3", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_field_visits"),
    )
    op.create_index("ix_field_visits_person", "field_visits", ["id_number", "visited_at"])


def downgrade() -> None:
    op.drop_index("ix_field_visits_person", table_name="field_visits")
    op.drop_table("field_visits")
    op.drop_table("field_laptop_keys")
    op.drop_index("ix_field_requests_office_state", table_name="field_requests")
    op.drop_table("field_requests")
    with op.batch_alter_table("registry_persons") as batch:
        for col in ("field_flag", "fingerprint_template", "photo", "phone", "address"):
            batch.drop_column(col)
