"""Central service: the highest case number (办件编号) per workstation and day, kept beside the 文号
floors in ``issued_number_floors`` (series ``ws|case|YYYYMMDD``, counter_protocol.numbers.case_series).

Backfilled from the case entries already received, so a centre upgraded after cases were pushed
sends their floors at the next pull (a workstation restored from a backup then never issues one of
those numbers again). No schema change.

Revision ID: c0019_case_number_floors
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0019_case_number_floors"
down_revision = "c0018_field_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from counter_protocol.numbers import case_series, parse_case_number

    bind = op.get_bind()
    received = sa.table("received_entries", sa.column("workstation_id"), sa.column("aggregate_type"),
                        sa.column("outcome"), sa.column("payload"), sa.column("received_at", sa.DateTime))
    floors = sa.table("issued_number_floors", sa.column("workstation_id"), sa.column("series"),
                      sa.column("last_seq"), sa.column("last_number"), sa.column("updated_at", sa.DateTime))
    q = (sa.select(received.c.workstation_id, received.c.payload, received.c.received_at)
         .where(received.c.aggregate_type == "case", received.c.outcome == "accepted"))
    best: dict[tuple[str, str], tuple[int, str, object]] = {}
    for ws, payload, at in bind.execute(q.execution_options(yield_per=1000)):
        if "case_no" not in payload:
            continue
        try:
            number = json.loads(payload).get("case_no")
        except (ValueError, AttributeError):
            continue
        parsed = parse_case_number(number)
        if parsed is None or parsed["ws"] != ws:
            continue
        key = (ws, case_series(parsed))
        if key not in best or best[key][0] < parsed["seq"]:
            best[key] = (parsed["seq"], number.strip(), at)
    held = {(ws, series) for ws, series in bind.execute(
        sa.select(floors.c.workstation_id, floors.c.series).where(floors.c.series.like("%|case|%")))}
    rows = [dict(workstation_id=ws, series=series, last_seq=seq, last_number=number, updated_at=at)
            for (ws, series), (seq, number, at) in best.items() if (ws, series) not in held]
    if rows:
        op.bulk_insert(floors, rows)


def downgrade() -> None:
    op.execute("DELETE FROM issued_number_floors WHERE series LIKE '%|case|%'")
