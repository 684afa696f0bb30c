"""Field: how long a laptop keeps a synced visit's content (field_visit_records.keep_until).

A visit's outbox payload carries the ID number, address, photo and signature. Once the visit has
synced and the roster it was recorded against has expired, the laptop clears them
(counter_app.workflows.field.wipe). Visits recorded before this revision have no keep_until: theirs
are cleared once synced.

Revision ID: field_0002_visit_keep_until
"""
import sqlalchemy as sa
from alembic import op

revision = "field_0002_visit_keep_until"
down_revision = "field_0001_roster"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("field_visit_records") as batch:
        batch.add_column(sa.Column("keep_until", sa.DateTime))


def downgrade() -> None:
    with op.batch_alter_table("field_visit_records") as batch:
        batch.drop_column("keep_until")
