"""Central service: an approval is spent by the record it authorised (``approval_uses``).

One approved request covered any number of identical step records pushed later (the same case,
step, result and 核定数据): now the first accepted record binds it, and a second one is refused
(counter_central.approvals.approval_refusal). The requests already approved are bound here to the
first accepted step record of their case that names their supervisor for the same step and result
(oldest first), so an approval used before this upgrade is not good for one more record.

Revision ID: c0032_approval_uses
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0032_approval_uses"
down_revision = "c0031_case_service"
branch_labels = None
depends_on = None

# the approval points a step is recorded with (counter_rules.approval_points.approved_before_recording)
STEP_ACTIONS = ("benefit_decision", "info_sheet_review", "fingerprint_unavailable")


def upgrade() -> None:
    uses = op.create_table(
        "approval_uses",
        sa.Column("approval", sa.String(64), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("approval", name="pk_approval_uses"),
    )
    conn = op.get_bind()
    requests = sa.table("approval_requests", sa.column("id"), sa.column("action"), sa.column("case_id"),
                        sa.column("checker"), sa.column("details"), sa.column("state"), sa.column("decided_at", sa.DateTime))
    entries = sa.table("received_entries", sa.column("id"), sa.column("kind"), sa.column("aggregate_type"),
                       sa.column("aggregate_id"), sa.column("payload"), sa.column("outcome"),
                       sa.column("received_at", sa.DateTime))
    taken: set[str] = set()
    rows = []
    for rid, case_id, checker, details, decided_at in conn.execute(
            sa.select(requests.c.id, requests.c.case_id, requests.c.checker, requests.c.details, requests.c.decided_at)
            .where(requests.c.state == "approved", requests.c.action.in_(STEP_ACTIONS))
            .order_by(requests.c.decided_at, requests.c.id)):
        try:
            asked = json.loads(details or "{}")
        except ValueError:
            asked = {}
        asked = asked if isinstance(asked, dict) else {}
        for eid, text, received_at in conn.execute(
                sa.select(entries.c.id, entries.c.payload, entries.c.received_at)
                .where(entries.c.aggregate_type == "case", entries.c.aggregate_id == case_id,
                       entries.c.kind == "case.step", entries.c.outcome == "accepted")
                .order_by(entries.c.received_at, entries.c.id)):
            if eid in taken:
                continue
            try:
                body = json.loads(text)
            except ValueError:
                continue
            if not isinstance(body, dict) or str(body.get("approved_by") or "").strip() != checker:
                continue
            if any(asked.get(k) and body.get(k) != asked.get(k) for k in ("step_code", "result")):
                continue
            taken.add(eid)
            rows.append({"approval": rid, "entry_id": eid, "case_id": case_id, "used_at": received_at or decided_at})
            break
    if rows:
        op.bulk_insert(uses, rows)


def downgrade() -> None:
    op.drop_table("approval_uses")
