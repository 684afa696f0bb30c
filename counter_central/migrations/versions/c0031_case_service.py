"""Central service: the service (事项编码) each case was opened as, kept with its state.

``case_states.service_code``: the service the first of the case's accepted entries named. A push
used to find it by reading and parsing every accepted entry the case had, once per case entry of
the batch that needed it — a batch of a thousand steps made a thousand such queries (``bench sync``
went from 2.8x to 36x its baseline). The push now keeps it when the case's first entry naming one
is accepted, and reads it with the state it already locks. The cases held before are filled here
from the entries the centre holds, as the push read them (the first accepted entry, in order of
receipt and the client's sequence, that names a service).

Revision ID: c0031_case_service
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0031_case_service"
down_revision = "c0030_case_completed_at"
branch_labels = None
depends_on = None

SERVICE_CODE_MAX = 64      # counter_central.db.SERVICE_CODE_MAX
CHUNK = 500

_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("service_code", sa.String))
_entries = sa.table("received_entries", sa.column("aggregate_type", sa.String), sa.column("aggregate_id", sa.String),
                    sa.column("payload", sa.Text), sa.column("outcome", sa.String),
                    sa.column("received_at", sa.DateTime), sa.column("client_seq", sa.BigInteger))


def _named_service(text: str | None) -> str | None:
    try:
        code = json.loads(text or "").get("service_code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) and 0 < len(code) <= SERVICE_CODE_MAX else None


def _fill(conn) -> None:
    cases = [r[0] for r in conn.execute(sa.select(_states.c.case_id))]
    for i in range(0, len(cases), CHUNK):
        part = cases[i:i + CHUNK]
        found: dict[str, str] = {}
        rows = conn.execute(sa.select(_entries.c.aggregate_id, _entries.c.payload)
                            .where(_entries.c.aggregate_type == "case", _entries.c.aggregate_id.in_(part),
                                   _entries.c.outcome == "accepted")
                            .order_by(_entries.c.aggregate_id, _entries.c.received_at, _entries.c.client_seq))
        for case_id, text in rows:
            if case_id not in found and (code := _named_service(text)) is not None:
                found[case_id] = code
        if found:
            conn.execute(_states.update().where(_states.c.case_id == sa.bindparam("case"))
                         .values(service_code=sa.bindparam("code")),
                         [{"case": k, "code": v} for k, v in found.items()])


def upgrade() -> None:
    with op.batch_alter_table("case_states") as batch:
        batch.add_column(sa.Column("service_code", sa.String(SERVICE_CODE_MAX), nullable=True))
    _fill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("case_states") as batch:
        batch.drop_column("service_code")
