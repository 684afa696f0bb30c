"""Biometrics: fingerprint templates, verifications, "continued without prints" records.

Revision ID: biometrics_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "biometrics_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fingerprint_templates",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("finger", sa.String(16), nullable=False),
        sa.Column("scheme", sa.String(32), nullable=False, server_default="plain"),
        sa.Column("template", sa.LargeBinary, nullable=False),
        sa.Column("template_digest", sa.String(64), nullable=False),
        sa.Column("image", sa.LargeBinary),
        sa.Column("image_width", sa.Integer),
        sa.Column("image_height", sa.Integer),
        sa.Column("quality", sa.String(8), nullable=False),
        sa.Column("minutiae", sa.Integer, nullable=False, server_default="0"),
        sa.Column("backend", sa.String(16), nullable=False),
        sa.Column("device", sa.String(128), nullable=False, server_default=""),
        sa.Column("captured_at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("ix_fingerprint_templates_case", "fingerprint_templates", ["case_id", "captured_at"])
    op.create_table(
        "fingerprint_verifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("template_id", sa.String(36), nullable=False),
        sa.Column("matched", sa.Boolean, nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False, server_default="certification"),
        sa.Column("verified_at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_fingerprint_verifications_case", "fingerprint_verifications", ["case_id", "verified_at"])
    op.create_table(
        "fingerprint_exemptions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("status", sa.String(24), nullable=False, server_default="awaiting_supervisor"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("supervisor", sa.String(64)),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("decision_note", sa.Text),
    )
    op.create_index("ix_fingerprint_exemptions_case", "fingerprint_exemptions", ["case_id"])
    op.create_index("ix_fingerprint_exemptions_status", "fingerprint_exemptions", ["status"])


def downgrade() -> None:
    op.drop_index("ix_fingerprint_exemptions_status", "fingerprint_exemptions")
    op.drop_index("ix_fingerprint_exemptions_case", "fingerprint_exemptions")
    op.drop_table("fingerprint_exemptions")
    op.drop_index("ix_fingerprint_verifications_case", "fingerprint_verifications")
    op.drop_table("fingerprint_verifications")
    op.drop_index("ix_fingerprint_templates_case", "fingerprint_templates")
    op.drop_table("fingerprint_templates")
