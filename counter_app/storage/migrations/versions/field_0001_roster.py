"""Field: the roster on a field laptop (field_assignments, sealed) and its visits (field_visit_records).

Revision ID: field_0001_roster
"""
import sqlalchemy as sa
from alembic import op

revision = "field_0001_roster"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_assignments",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("pulled_by", sa.String(64), nullable=False),
        sa.Column("pulled_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("template", sa.LargeBinary, nullable=True),
        sa.Column("photo", sa.LargeBinary, nullable=True),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_field_assignments"),
    )
    op.create_index("ix_field_assignments_user", "field_assignments", ["pulled_by", "valid_until"])
    op.create_table(
        "field_visit_records",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("assignment_key", sa.String(64), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("visited_at", sa.DateTime, nullable=False),
        sa.Column("staff", sa.String(140), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_field_visit_records"),
    )
    op.create_index("ix_field_visit_records_recorded", "field_visit_records", ["recorded_by", "visited_at"])


def downgrade() -> None:
    op.drop_index("ix_field_visit_records_recorded", table_name="field_visit_records")
    op.drop_table("field_visit_records")
    op.drop_index("ix_field_assignments_user", table_name="field_assignments")
    op.drop_table("field_assignments")
