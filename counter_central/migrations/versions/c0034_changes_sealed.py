"""Central service: the published changes' payloads sealed at rest.

``changes.payload`` held what the centre publishes for counters to pull in clear — escalations and
approval requests with case details, the rosters of 上门认证 with pensioners' names, ID numbers and
addresses, decisions — so a copy of the database read them (PIPL art. 51). It is now sealed with
SM4-GCM under the centre's entry key, as ``received_entries.payload`` is (c0033;
counter_central.entry_key), ``payload_key`` naming the key's version of each row and ``seal_id``
the row's own random id its seal is bound to, with its kind, aggregate and addressees
(entry_key.change_bound: the cursor is given only at insert). Existing rows are sealed in batches
of 500 — under the key file the received entries are sealed under (made here only while no row of
either table is sealed: never a new key over rows sealed under a lost one). The downgrade opens
them again (the key file is needed) and drops both columns.

Revision ID: c0034_changes_sealed
"""
import os

import sqlalchemy as sa
from alembic import op

revision = "c0034_changes_sealed"
down_revision = "c0033_received_sealed"
branch_labels = None
depends_on = None

BATCH = 500


def _table():
    return sa.table("changes", sa.column("cursor"), sa.column("kind"), sa.column("aggregate_type"),
                    sa.column("aggregate_id"), sa.column("office_code"), sa.column("workstation_id"),
                    sa.column("payload"), sa.column("payload_key"), sa.column("seal_id"))


def _rows(bind, changes, where, after: int):
    return bind.execute(sa.select(changes.c.cursor, changes.c.kind, changes.c.aggregate_type, changes.c.aggregate_id,
                                  changes.c.office_code, changes.c.workstation_id, changes.c.seal_id,
                                  changes.c.payload_key, changes.c.payload)
                        .where(where, changes.c.cursor > after).order_by(changes.c.cursor).limit(BATCH)).all()


def upgrade() -> None:
    from counter_central.entry_key import change_bound, entry_keys

    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("payload_key", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("seal_id", sa.String(32), nullable=False, server_default=""))
    bind = op.get_bind()
    changes = _table()
    keys = None
    after = 0
    while True:
        rows = _rows(bind, changes, changes.c.payload_key == 0, after)
        if not rows:
            break
        after = rows[-1].cursor
        if keys is None:
            received = sa.table("received_entries", sa.column("payload_key"))
            sealed_before = bind.execute(sa.select(received.c.payload_key).where(received.c.payload_key != 0)
                                         .limit(1)).first() is not None
            keys = entry_keys(create=not sealed_before)
        updates = []
        for row in rows:
            seal_id = os.urandom(16).hex()
            version, sealed = keys.seal_change(change_bound(seal_id, row.kind, row.aggregate_type, row.aggregate_id,
                                                            row.office_code, row.workstation_id), row.payload)
            updates.append({"row_cursor": row.cursor, "new_payload": sealed, "new_key": version, "new_seal": seal_id})
        bind.execute(changes.update().where(changes.c.cursor == sa.bindparam("row_cursor"))
                     .values(payload=sa.bindparam("new_payload"), payload_key=sa.bindparam("new_key"),
                             seal_id=sa.bindparam("new_seal")), updates)


def downgrade() -> None:
    from counter_central.entry_key import entry_keys, opened_change

    bind = op.get_bind()
    changes = _table()
    after = 0
    keys = None
    while True:
        rows = _rows(bind, changes, changes.c.payload_key != 0, after)
        if not rows:
            break
        after = rows[-1].cursor
        keys = keys or entry_keys()         # (a missing file: EntryKeyError, nothing downgraded)
        bind.execute(changes.update().where(changes.c.cursor == sa.bindparam("row_cursor"))
                     .values(payload=sa.bindparam("new_payload")),
                     [{"row_cursor": row.cursor, "new_payload": opened_change(row)} for row in rows])
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("seal_id")
        batch.drop_column("payload_key")
