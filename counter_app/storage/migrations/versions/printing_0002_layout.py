"""Printing: the layout version each document was issued under (counter_app.printing.layout).

Documents issued before this revision keep NULL, read as layout 1 (the layout before versioning).

Revision ID: printing_0002_layout
Revises: printing_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "printing_0002_layout"
down_revision = "printing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("layout", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("layout")
