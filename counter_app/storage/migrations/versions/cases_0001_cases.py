"""Cases: cases, applicants, transitions, ticks, steps, documents.

Revision ID: cases_0001
Revises: 0001_base
"""
import sqlalchemy as sa
from alembic import op

revision = "cases_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_no", sa.String(40), nullable=False),
        sa.Column("service_code", sa.String(40), nullable=False),
        sa.Column("catalog_version", sa.String(20), nullable=False),
        sa.Column("service_snapshot", sa.Text, nullable=False),
        sa.Column("applicant_type", sa.String(16), nullable=False),
        sa.Column("variants", sa.Text, nullable=False, server_default="[]"),
        sa.Column("facts", sa.Text, nullable=False, server_default="{}"),
        sa.Column("state", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("missing_items", sa.Text, nullable=False, server_default="[]"),
        sa.Column("reasons", sa.Text, nullable=False, server_default="[]"),
        sa.Column("office_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("accepted_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("archived_at", sa.DateTime),
        sa.Column("rating", sa.Integer),
        sa.Column("rating_comment", sa.Text),
        sa.Column("rated_at", sa.DateTime),
        sa.UniqueConstraint("case_no", name="uq_cases_case_no"),
    )
    op.create_index("ix_cases_state", "cases", ["state", "updated_at"])
    op.create_index("ix_cases_service", "cases", ["service_code", "created_at"])
    op.create_table(
        "case_applicants",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE", name="fk_case_applicants_case_id_cases"), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False, server_default=""),
        sa.Column("id_kind", sa.String(40), nullable=False, server_default=""),
        sa.Column("id_number", sa.String(32), nullable=False, server_default=""),
        sa.Column("unit_name", sa.String(120), nullable=False, server_default=""),
        sa.Column("credit_code", sa.String(18), nullable=False, server_default=""),
        sa.Column("agent_name", sa.String(60), nullable=False, server_default=""),
        sa.Column("agent_id_number", sa.String(32), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False, server_default=""),
        sa.Column("address", sa.String(200), nullable=False, server_default=""),
    )
    op.create_table(
        "case_transitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE", name="fk_case_transitions_case_id_cases"), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False, server_default=""),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("escalation", sa.String(32)),
        sa.Column("approved_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("outbox_id", sa.String(36), nullable=False, server_default=""),
    )
    op.create_index("ix_case_transitions_case", "case_transitions", ["case_id", "id"])
    op.create_table(
        "case_ticks",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE", name="fk_case_ticks_case_id_cases"), primary_key=True),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("code", sa.String(60), primary_key=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("problem", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "case_steps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE", name="fk_case_steps_case_id_cases"), nullable=False),
        sa.Column("step_code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False, server_default="{}"),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("escalation", sa.String(32)),
        sa.Column("approved_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("outbox_id", sa.String(36), nullable=False, server_default=""),
    )
    op.create_index("ix_case_steps_case", "case_steps", ["case_id", "id"])
    op.create_table(
        "case_documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE", name="fk_case_documents_case_id_cases"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("issued_id", sa.String(64)),
        sa.Column("number", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("case_id", "kind", "source", name="uq_case_documents_case_kind_source"),
    )
    op.create_index("ix_case_documents_case", "case_documents", ["case_id", "id"])


def downgrade() -> None:
    for index, table in (("ix_case_documents_case", "case_documents"), ("ix_case_steps_case", "case_steps"),
                         ("ix_case_transitions_case", "case_transitions")):
        op.drop_index(index, table)
    for table in ("case_documents", "case_steps", "case_ticks", "case_transitions", "case_applicants"):
        op.drop_table(table)
    op.drop_index("ix_cases_service", "cases")
    op.drop_index("ix_cases_state", "cases")
    op.drop_table("cases")
