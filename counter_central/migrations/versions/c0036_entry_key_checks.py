"""Central service: a key check value per entry key version (``entry_key_checks``).

Whether a key file's version was *the* key of the rows sealed under it was only inferred by
opening rows: a version whose only row was altered could not be told from a wrong key file
(``entry-key retire --set-aside-unreadable`` refused there), and two centre workers started with
different key files on an empty database — or on a version with no rows yet, just after a
rotation on one host — both sealed under the same version number with different keys, each
unable to read the other's rows. Now each version's key check value (HMAC-SM3 of a fixed label
under the key, truncated: nothing usable about the key) is stored here by the first transaction
sealing under it (or, for a version with rows, once one of them opens), and a key file whose
value differs is refused (counter_central.entry_key). Nothing to fill here: the centre records the
values of a database from before at its start, once a row of each version opens. The downgrade
drops the table.

Revision ID: c0036_entry_key_checks
"""
import sqlalchemy as sa
from alembic import op

revision = "c0036_entry_key_checks"
down_revision = "c0035_set_aside_payloads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_key_checks",
        sa.Column("version", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("check_value", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_entry_key_checks"),
    )


def downgrade() -> None:
    op.drop_table("entry_key_checks")
