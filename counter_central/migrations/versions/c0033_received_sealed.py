"""Central service: the received entries' payloads sealed at rest.

``received_entries.payload`` held every pushed entry's payload as received — names, phones,
addresses, certification results — so a copy of the database read them. It is now sealed with
SM4-GCM under the centre's entry key (counter_central.entry_key: a file outside the database, made
here when missing), ``payload_key`` naming the key's version of each row. ``number``: the 办件编号
(case entries) or 文号 (others) the payload names, so the push finds a number already held without
opening payloads (it searched the clear text with LIKE). Existing rows are sealed in batches of
500. The downgrade opens them again (the key file is needed) and drops both columns.

(c0031 is left to another change under way at the same time; this one stands on c0030.)

Revision ID: c0033_received_sealed
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0033_received_sealed"
down_revision = "c0032_approval_uses"
branch_labels = None
depends_on = None

BATCH = 500


def _table():
    return sa.table("received_entries", sa.column("id"), sa.column("kind"), sa.column("aggregate_type"), sa.column("payload"),
                    sa.column("payload_key"), sa.column("number"))


def _rows(bind, received, where, after: str):
    return bind.execute(sa.select(received.c.id, received.c.kind, received.c.aggregate_type, received.c.payload, received.c.payload_key)
                        .where(where, received.c.id > after).order_by(received.c.id).limit(BATCH)).all()


def upgrade() -> None:
    from counter_central.entry_key import entry_keys, number_of

    with op.batch_alter_table("received_entries") as batch:
        batch.add_column(sa.Column("payload_key", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("number", sa.Text, nullable=True))
    op.create_index("ix_received_entries_number", "received_entries", ["aggregate_type", "number"])
    bind = op.get_bind()
    received = _table()
    keys = None
    after = ""
    while True:
        rows = _rows(bind, received, received.c.payload_key == 0, after)
        if not rows:
            break
        after = rows[-1][0]
        if keys is None:
            keys = entry_keys(create=True)       # no row is sealed yet: a key made now seals them all
        updates = []
        for row_id, kind, aggregate_type, text, _ in rows:
            try:
                payload = json.loads(text)
            except ValueError:
                payload = None
            version, sealed = keys.seal(row_id, text)
            updates.append({"row_id": row_id, "new_payload": sealed, "new_key": version,
                            "new_number": number_of(kind, aggregate_type, payload)})
        bind.execute(received.update().where(received.c.id == sa.bindparam("row_id"))
                     .values(payload=sa.bindparam("new_payload"), payload_key=sa.bindparam("new_key"),
                             number=sa.bindparam("new_number")), updates)


def downgrade() -> None:
    from counter_central.entry_key import entry_keys

    bind = op.get_bind()
    received = _table()
    after = ""
    keys = None
    while True:
        rows = _rows(bind, received, received.c.payload_key != 0, after)
        if not rows:
            break
        after = rows[-1][0]
        keys = keys or entry_keys()
        bind.execute(received.update().where(received.c.id == sa.bindparam("row_id"))
                     .values(payload=sa.bindparam("new_payload")),
                     [{"row_id": row_id, "new_payload": keys.open(row_id, version, stored)}
                      for row_id, _, _, stored, version in rows])
    op.drop_index("ix_received_entries_number", "received_entries")
    with op.batch_alter_table("received_entries") as batch:
        batch.drop_column("number")
        batch.drop_column("payload_key")
