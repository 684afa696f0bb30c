"""Central service: a key check value per person key version (``person_key_checks``).

A person key file put in place of the one the 人员索引 was made under — another host's, or one made
anew after the file was lost while a centre ran — was read as it was: every 重复受理 look-up then
silently found nothing, and new digests were made under a key that matched none of the old ones.
Now each version's key check value (HMAC-SM3 of a fixed label under the key, truncated: nothing
usable about the key) is stored here, and a key file whose value differs is refused
(counter_central.samecase.checked_ring). Nothing to fill here: the centre records its file's
values at its next start. The downgrade drops the table.

Revision ID: c0038_person_key_checks
"""
import sqlalchemy as sa
from alembic import op

revision = "c0038_person_key_checks"
down_revision = "c0036_entry_key_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_key_checks",
        sa.Column("version", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("check_value", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_person_key_checks"),
    )


def downgrade() -> None:
    op.drop_table("person_key_checks")
