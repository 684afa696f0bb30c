"""Materials: photographed material pages (高拍仪) and applicant signatures, encrypted at rest.

Revision ID: materials_0001
Revises: 0001_base
"""
import sqlalchemy as sa
from alembic import op

revision = "materials_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "material_images",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("material_code", sa.String(64), nullable=False),
        sa.Column("page_no", sa.Integer, nullable=False),
        sa.Column("mime", sa.String(32), nullable=False, server_default="image/jpeg"),
        sa.Column("scheme", sa.String(48), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("dpi", sa.Integer, nullable=False),
        sa.Column("device", sa.String(128), nullable=False, server_default=""),
        sa.Column("captured_at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("workstation_id", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("ix_material_images_case", "material_images", ["case_id", "material_code", "page_no"], unique=True)
    op.create_table(
        "case_signatures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("document_kind", sa.String(48), nullable=False),
        sa.Column("scheme", sa.String(48), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("backend", sa.String(16), nullable=False),
        sa.Column("device", sa.String(128), nullable=False, server_default=""),
        sa.Column("signed_at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_case_signatures_document", "case_signatures", ["document_id"], unique=True)
    op.create_index("ix_case_signatures_case", "case_signatures", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_signatures_case", "case_signatures")
    op.drop_index("ix_case_signatures_document", "case_signatures")
    op.drop_table("case_signatures")
    op.drop_index("ix_material_images_case", "material_images")
    op.drop_table("material_images")
