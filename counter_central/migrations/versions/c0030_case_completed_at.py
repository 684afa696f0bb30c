"""Central service: when each indexed case was 办结 (a 参保登记 / 注销 done before the core system knows).

``case_persons.completed_at``: when the centre learnt the case was 办结 (kept when it is archived).
The registry answer and the re-check read a 参保登记 / 注销登记 办结 at any window as the record's
status until the registry's data is as new (counter_central.samecase.registration_done,
counter_rules.registration). The rows already 办结 or 归档 take their last update's time — for an
archived case the archiving's, a little later than the 办结: the overlay then lasts a little
longer, never shorter.

Revision ID: c0030_case_completed_at
"""
import sqlalchemy as sa
from alembic import op

revision = "c0030_case_completed_at"
down_revision = "c0029_field_new_key_hold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_persons") as batch:
        batch.add_column(sa.Column("completed_at", sa.DateTime, nullable=True))
    op.execute("UPDATE case_persons SET completed_at = updated_at WHERE state IN ('completed', 'archived')")


def downgrade() -> None:
    with op.batch_alter_table("case_persons") as batch:
        batch.drop_column("completed_at")
