"""Central service: each account's 工号 (staff number), the staff member it belongs to, so that
maker-checker compares people, not accounts (counter_central.approvals.same_person): a second account
of the same person carries the same staff number.

Accounts created before have none: until an administrator records it (``counter-central users
set-staff-no``), two accounts with the same display name in the same office count as one person.

Revision ID: c0021_staff_numbers
"""
import sqlalchemy as sa
from alembic import op

revision = "c0021_staff_numbers"
down_revision = "c0019_case_number_floors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("staff_no", sa.String(32), nullable=True))
        batch.create_index("ix_users_staff_no", ["staff_no"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_staff_no")
        batch.drop_column("staff_no")
