"""Central service: the highest 文号 received per workstation and series (issued_number_floors).

Backfilled from the ``document.issued`` entries already received, so a centre upgraded after
documents were pushed still knows their numbers.

Revision ID: c0002_issued_number_floors
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0002_issued_number_floors"
down_revision = "c0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    floors = op.create_table(
        "issued_number_floors",
        sa.Column("workstation_id", sa.String(32), primary_key=True),
        sa.Column("series", sa.String(64), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_number", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    _backfill(floors)


def _backfill(floors: sa.Table) -> None:
    from counter_protocol.numbers import number_series, parse_number

    bind = op.get_bind()
    received = sa.table("received_entries", sa.column("workstation_id"), sa.column("kind"), sa.column("outcome"),
                        sa.column("payload"), sa.column("received_at", sa.DateTime))
    q = (sa.select(received.c.workstation_id, received.c.payload, received.c.received_at)
         .where(received.c.kind == "document.issued", received.c.outcome == "accepted"))
    best: dict[tuple[str, str], tuple[int, str, object]] = {}
    for ws, payload, at in bind.execute(q.execution_options(yield_per=1000)):
        try:
            number = json.loads(payload).get("number")
        except (ValueError, AttributeError):
            continue
        parsed = parse_number(number)
        if parsed is None:
            continue
        key = (ws, number_series(parsed))
        if key not in best or best[key][0] < parsed["seq"]:
            best[key] = (parsed["seq"], number, at)
    if best:
        op.bulk_insert(floors, [dict(workstation_id=ws, series=series, last_seq=seq, last_number=number, updated_at=at)
                                for (ws, series), (seq, number, at) in best.items()])


def downgrade() -> None:
    op.drop_table("issued_number_floors")
