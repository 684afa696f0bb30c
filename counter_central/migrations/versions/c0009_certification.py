"""Central service: 资格认证 — certifications received, suspensions of payment (暂停发放 → 恢复发放),
and the audit of reminder exports (counter_central.certification).

A branch of its own from c0003 (the centre upgrades to every head).

Revision ID: c0009_certification
"""
import sqlalchemy as sa
from alembic import op

revision = "c0009_certification"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certifications",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("certified_on", sa.Date, nullable=False),
        sa.Column("certified_at", sa.DateTime, nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("second_staff", sa.String(64), nullable=False, server_default=""),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("case_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("case_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certifications"),
    )
    op.create_index("ix_certifications_id_number", "certifications", ["id_number"])
    op.create_table(
        "payment_suspensions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("lapsed_on", sa.Date),
        sa.Column("last_certified", sa.Date),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("suspend_request_id", sa.String(36), nullable=False),
        sa.Column("resume_request_id", sa.String(36)),
        sa.Column("certification_id", sa.String(36)),
        sa.Column("back_pay_months", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payment_suspensions"),
    )
    op.create_index("ix_payment_suspensions_person", "payment_suspensions", ["id_number", "reason", "lapsed_on"])
    op.create_table(
        "certification_exports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certification_exports"),
    )


def downgrade() -> None:
    op.drop_table("certification_exports")
    op.drop_index("ix_payment_suspensions_person", "payment_suspensions")
    op.drop_table("payment_suspensions")
    op.drop_index("ix_certifications_id_number", "certifications")
    op.drop_table("certifications")
