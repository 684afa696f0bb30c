"""Central service: field laptops' key history and roster pulls (上门认证).

``field_keys`` keeps every public key a field laptop registered (``field_laptop_keys`` kept only the
last one: a roster pull with another key stranded every visit sealed before it), with its
revocation; ``field_roster_pulls`` records each roster generated for a laptop and the key it
presented, so a visit dated before its roster existed is refused. Both are filled from what the
centre already held: the current keys, and the roster pulls of the registry-read record (查询留痕),
each taken as made with its workstation's current key and valid for 14 days.

Revision ID: c0018_field_keys
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "c0018_field_keys"
down_revision = "c0017_registry_reads"
branch_labels = None
depends_on = "c0008_field"

ROSTER_VALID_DAYS = 14      # counter_central.field.ROSTER_VALID_DAYS when this revision was written


def upgrade() -> None:
    keys = op.create_table(
        "field_keys",
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("workstation_id", "key_id", name="pk_field_keys"),
    )
    pulls = op.create_table(
        "field_roster_pulls",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("generated_at", sa.DateTime, nullable=False),
        sa.Column("valid_until", sa.DateTime, nullable=False),
    )
    op.create_index("ix_field_roster_pulls_ws_key", "field_roster_pulls", ["workstation_id", "key_id"])
    conn = op.get_bind()
    old_keys = sa.table("field_laptop_keys", sa.column("workstation_id", sa.String), sa.column("key_id", sa.String),
                        sa.column("public_key", sa.Text), sa.column("registered_by", sa.String),
                        sa.column("registered_at", sa.DateTime))
    reads = sa.table("registry_reads", sa.column("at", sa.DateTime), sa.column("username", sa.String),
                     sa.column("workstation_id", sa.String), sa.column("office_code", sa.String),
                     sa.column("kind", sa.String))
    rows = [dict(r._mapping) for r in conn.execute(sa.select(old_keys))]
    if rows:
        op.bulk_insert(keys, rows)
    current = {r["workstation_id"]: r["key_id"] for r in rows}
    earlier = [{"workstation_id": ws, "office_code": office, "username": user, "key_id": current[ws],
                "generated_at": at, "valid_until": at + timedelta(days=ROSTER_VALID_DAYS)}
               for at, user, ws, office in conn.execute(
                   sa.select(reads.c.at, reads.c.username, reads.c.workstation_id, reads.c.office_code)
                   .where(reads.c.kind == "roster"))
               if ws in current]
    if earlier:
        op.bulk_insert(pulls, earlier)


def downgrade() -> None:
    op.drop_index("ix_field_roster_pulls_ws_key", table_name="field_roster_pulls")
    op.drop_table("field_roster_pulls")
    op.drop_table("field_keys")
