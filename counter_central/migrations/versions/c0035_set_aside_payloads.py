"""Central service: rows whose sealed payload does not open, set aside (``set_aside_payloads``).

A received entry or published change altered in the database (its SM4-GCM seal does not open
under the entry key version it names) could not be sealed again, so ``counter-central entry-key
retire`` refused and that version could never be retired. A person may now move such rows here
(``entry-key retire VERSION --set-aside-unreadable``): the sealed text kept as it was with its key
version, the row's other columns as JSON, who, when and why — nothing deleted silently
(counter_central.entry_key.set_aside_unreadable; each row also audited, ``entry.key_set_aside``).
The downgrade drops the table (the rows set aside stay out of ``received_entries`` / ``changes``:
they do not open under any key the file holds).

Revision ID: c0035_set_aside_payloads
"""
import sqlalchemy as sa
from alembic import op

revision = "c0035_set_aside_payloads"
down_revision = "c0034_changes_sealed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "set_aside_payloads",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("source_table", sa.String(32), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload_key", sa.Integer, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("row_data", sa.Text, nullable=False),
        sa.Column("stored_at", sa.DateTime),
        sa.Column("set_aside_at", sa.DateTime, nullable=False),
        sa.Column("set_aside_by", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_set_aside_payloads"),
    )
    op.create_index("ix_set_aside_payloads_source", "set_aside_payloads", ["source_table", "source_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_set_aside_payloads_source", table_name="set_aside_payloads")
    op.drop_table("set_aside_payloads")
