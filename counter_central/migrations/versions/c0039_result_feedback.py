"""Central service: 办理结果反馈 (6.4.1.1.1.3, 6.4.2.1.1.3) — the cases whose result was fed back to
the applicant (``result_feedback``: by the SMS export, or by other means staff recorded) and the
exports for the SMS platform (``result_feedback_exports``). Nothing to fill: a case completed
before its step entries carried a feedback asks for none (counter_central.result_feedback). The
downgrade drops both tables.

Revision ID: c0039_result_feedback
"""
import sqlalchemy as sa
from alembic import op

revision = "c0039_result_feedback"
down_revision = "c0038_person_key_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "result_feedback_exports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_result_feedback_exports"),
    )
    op.create_table(
        "result_feedback",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("export_id", sa.String(36), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_result_feedback"),
    )


def downgrade() -> None:
    op.drop_table("result_feedback")
    op.drop_table("result_feedback_exports")
