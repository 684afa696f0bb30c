"""Supervision: a 差评工单's times kept as UTC, as every other stored time.

Before, a ticket opened here kept ``opened_at`` in the PC's local time (the case workflow's clock,
cases.local_now) and its 已受理 step's ``at`` the same, while a stage reached kept UTC (naive
texts, both); a ticket taken in from the centre kept what the centre served, the opening workstation's
local time. Now ``opened_at`` is naive UTC and every step's ``at`` an aware UTC text
(counter_protocol.complaints.ticket_time). The tickets already here are converted as the centre
reads the same tickets' entries: a local opening time as Beijing wall-clock time (the windows' clock),
a stage's as UTC — so this store and the centre agree on each ticket's day.

Revision ID: supervision_0002_ticket_times
"""
import json
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "supervision_0002_ticket_times"
down_revision = "supervision_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    convert(op.get_bind())


def convert(conn) -> int:
    """Every ticket's ``opened_at`` from Beijing wall-clock time to naive UTC and its steps' ``at`` to
    aware UTC texts; the number of tickets converted."""
    from counter_protocol.canonical import canonical_json
    from counter_protocol.complaints import history_times, ticket_time

    rows = list(conn.execute(sa.text("SELECT id, opened_at, history FROM complaint_tickets")))
    for ticket_id, opened_at, history in rows:
        opened = datetime.fromisoformat(ticket_time(str(opened_at), opening=True))
        try:
            steps = json.loads(history or "[]")
        except ValueError:
            steps = None
        params = {"id": ticket_id, "opened": _stored(opened.astimezone(timezone.utc))}
        if isinstance(steps, list) and all(isinstance(h, dict) for h in steps):
            params["history"] = canonical_json(history_times(steps))
            conn.execute(sa.text("UPDATE complaint_tickets SET opened_at = :opened, history = :history WHERE id = :id"),
                         params)
        else:
            conn.execute(sa.text("UPDATE complaint_tickets SET opened_at = :opened WHERE id = :id"), params)
    return len(rows)


def _stored(at: datetime) -> str:
    """A time as SQLAlchemy keeps a naive DateTime in SQLite."""
    return at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def downgrade() -> None:
    """``opened_at`` back to Beijing wall-clock time; the steps' aware texts stay (read as they say)."""
    conn = op.get_bind()
    for ticket_id, opened_at in list(conn.execute(sa.text("SELECT id, opened_at FROM complaint_tickets"))):
        opened = datetime.fromisoformat(str(opened_at)) + timedelta(hours=8)
        conn.execute(sa.text("UPDATE complaint_tickets SET opened_at = :opened WHERE id = :id"),
                     {"id": ticket_id, "opened": _stored(opened)})
