"""Sync: a unit's own cases go to the centre's 重复受理 index too, announced once.

Until now the same-case rule (counter_rules.second_case) looked at a 参保人's cases only: two
缴费核定 of one 参保单位 (two 缴费明细 pushed to the collector, 6.2.1.1 c) or two 参保登记 of it
were each taken. A unit's own case (参保单位 applicant, no ID number) is now keyed on its
统一社会信用代码 (counter_app.workflows.cases.case_party), and its transitions carry it beside the
payload (counter_app.sync.outbox._PERSON_SQL; the centre keeps a keyed digest only). This queues,
once, one ``case.samecase`` entry (as growth_0009 did for persons' cases) per unit case the centre
has never indexed: in a state that can block a second case (受理审核, 已退回, 已受理, 办结), and a
unit's 参保登记 / 注销登记 办结 or 归档 (the centre reads its status from it until the core system
records it: counter_rules.registration). The centre indexes each in the state it holds it in.

Revision ID: growth_0010_unit_samecase
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "growth_0010_unit_samecase"
down_revision = "growth_0009_samecase_announce"
branch_labels = None
depends_on = None

_CASES = """
    SELECT c.id, c.case_no, c.service_code, c.state, c.workstation_id,
           coalesce((SELECT o.actor FROM outbox o WHERE o.aggregate_type = 'case' AND o.aggregate_id = c.id
                       AND o.actor <> '' ORDER BY o.seq DESC LIMIT 1), c.created_by, '')
    FROM cases c JOIN case_applicants a ON a.case_id = c.id
    WHERE c.applicant_type = 'unit' AND a.id_number = ''
      AND length(a.credit_code) = 18 AND a.credit_code NOT GLOB '*[^0-9A-Za-z]*'
      AND (c.state IN ({states}) OR (c.service_code IN ({services}) AND c.state IN ({done})))
    ORDER BY c.created_at, c.id
"""


def upgrade() -> None:
    from counter_app.storage.uow import new_id
    from counter_protocol.canonical import canonical_json, payload_digest
    from counter_protocol.samecase import ANNOUNCE_KIND
    from counter_rules.registration import DONE_STATES, REGISTRATION_SERVICES
    from counter_rules.second_case import BLOCKING_STATES

    conn = op.get_bind()
    states = sorted({st.value for rule_states in BLOCKING_STATES.values() for st in rule_states})
    params = {f"s{i}": s for i, s in enumerate(states)}
    params.update({f"v{i}": s for i, s in enumerate(sorted(REGISTRATION_SERVICES))})
    params.update({f"d{i}": s for i, s in enumerate(DONE_STATES)})
    sql = _CASES.format(states=", ".join(f":s{i}" for i in range(len(states))),
                        services=", ".join(f":v{i}" for i in range(len(REGISTRATION_SERVICES))),
                        done=", ".join(f":d{i}" for i in range(len(DONE_STATES))))
    outbox = sa.table("outbox", sa.column("id"), sa.column("kind"), sa.column("aggregate_type"),
                      sa.column("aggregate_id"), sa.column("payload"), sa.column("payload_digest"),
                      sa.column("actor"), sa.column("workstation_id"), sa.column("state"), sa.column("attempts"),
                      sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime))
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = []
    for case_id, case_no, service_code, state, workstation_id, actor in conn.execute(sa.text(sql), params):
        body = canonical_json({"case_no": case_no, "service_code": service_code, "state": state})
        rows.append({"id": new_id(), "kind": ANNOUNCE_KIND, "aggregate_type": "case", "aggregate_id": case_id,
                     "payload": body, "payload_digest": payload_digest(body), "actor": actor,
                     "workstation_id": workstation_id, "state": "pending", "attempts": 0,
                     "created_at": now, "updated_at": now})
    if rows:
        conn.execute(outbox.insert(), rows)


def downgrade() -> None:
    pass
