"""Sync: the cases the centre received before it kept its person index are announced to it once.

The centre's 重复受理 index (counter_central.samecase, its migration c0025) holds a case from the
first transition that carried the 参保人 beside it (``OutboxItem.person``); a case synced before
that entered the index only at its next transition, so a second case of the same person elsewhere
went unnoticed meanwhile. This queues, once (this migration), one ``case.samecase`` outbox entry
(counter_protocol.samecase.ANNOUNCE_KIND) per case of a person in a state that can block a second
case under some rule (受理审核, 已退回, 已受理, 办结 not yet archived: counter_rules.second_case). The
payload is the case's number, service and state only; the ID number goes beside it when sent, as
for a transition (counter_app.sync.outbox._PERSON_SQL), and the centre indexes the case in the state
it holds it in, or does nothing when it has it already. The actor is the clerk of the case's
latest queued entry (else the case's creator). The downgrade leaves the entries queued.

Revision ID: growth_0009_samecase_announce
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "growth_0009_samecase_announce"
down_revision = "growth_0008_waiting"
branch_labels = None
depends_on = None

_CASES = """
    SELECT c.id, c.case_no, c.service_code, c.state, c.workstation_id,
           coalesce((SELECT o.actor FROM outbox o WHERE o.aggregate_type = 'case' AND o.aggregate_id = c.id
                       AND o.actor <> '' ORDER BY o.seq DESC LIMIT 1), c.created_by, '')
    FROM cases c JOIN case_applicants a ON a.case_id = c.id
    WHERE c.state IN ({states}) AND c.applicant_type <> 'unit'
      AND length(a.id_number) BETWEEN 15 AND 18 AND a.id_number NOT GLOB '*[^0-9A-Za-z]*'
    ORDER BY c.created_at, c.id
"""


def upgrade() -> None:
    from counter_app.storage.uow import new_id
    from counter_protocol.canonical import canonical_json, payload_digest
    from counter_protocol.samecase import ANNOUNCE_KIND
    from counter_rules.second_case import BLOCKING_STATES

    conn = op.get_bind()
    states = sorted({st.value for rule_states in BLOCKING_STATES.values() for st in rule_states})
    marks = ", ".join(f":s{i}" for i in range(len(states)))
    outbox = sa.table("outbox", sa.column("id"), sa.column("kind"), sa.column("aggregate_type"),
                      sa.column("aggregate_id"), sa.column("payload"), sa.column("payload_digest"),
                      sa.column("actor"), sa.column("workstation_id"), sa.column("state"), sa.column("attempts"),
                      sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime))
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = []
    for case_id, case_no, service_code, state, workstation_id, actor in conn.execute(
            sa.text(_CASES.format(states=marks)), {f"s{i}": s for i, s in enumerate(states)}):
        body = canonical_json({"case_no": case_no, "service_code": service_code, "state": state})
        rows.append({"id": new_id(), "kind": ANNOUNCE_KIND, "aggregate_type": "case", "aggregate_id": case_id,
                     "payload": body, "payload_digest": payload_digest(body), "actor": actor,
                     "workstation_id": workstation_id, "state": "pending", "attempts": 0,
                     "created_at": now, "updated_at": now})
    if rows:
        conn.execute(outbox.insert(), rows)


def downgrade() -> None:
    pass
