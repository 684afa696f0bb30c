"""Central service: everyone who took part in creating an approval request, so that none of them
decides it (counter_protocol.approvals.decision_refusal), and the flag of an audit record whose
actor is not an account of the pushing workstation's office (counter_central.audit).

``approval_requests.participants`` (a JSON array of user names, sorted) is filled for the requests
stored before from what the centre holds: the maker, the pusher, the actor and pusher of the
``approval.requested`` entry; for a resumption (恢复发放), the clerk and second staff member of the
certification it answers, the actor and pusher of that certification's entry and every staff member
of the home visit it came from. What the centre never held stays unknown (the rule then compares
what is known).

``audit_records.actor_unknown`` is set for the records stored before whose actor (not empty, not a
failed sign-in's typed name) is no account of the office of the record's workstation, as the
centre flags them on arrival.

Revision ID: c0014_approval_participants
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0014_approval_participants"
down_revision = "c0013_approval_keys"
branch_labels = None
# fills from the certifications (c0009), the home visits (c0008) and adds to the audit records (c0007)
depends_on = ("c0007_audit", "c0008_field", "c0009_certification")

CHUNK = 500
RESUME = "payment_resumption"             # counter_protocol.certification_sync.ACTION_RESUME
REQUESTED = "approval.requested"          # counter_protocol.approvals.KIND_REQUESTED
CERTIFIED = "certification.recorded"      # counter_protocol.certification_sync.KIND_RECORDED
VISITED = "field.visit_recorded"          # counter_protocol.field.VISIT_KIND

_requests = sa.table("approval_requests", sa.column("id", sa.String), sa.column("action", sa.String),
                     sa.column("maker", sa.String), sa.column("pushed_by", sa.String),
                     sa.column("details", sa.Text), sa.column("participants", sa.Text))
_entries = sa.table("received_entries", sa.column("aggregate_type", sa.String), sa.column("aggregate_id", sa.String),
                    sa.column("kind", sa.String), sa.column("actor", sa.String), sa.column("pushed_by", sa.String),
                    sa.column("outcome", sa.String))
_certifications = sa.table("certifications", sa.column("id", sa.String), sa.column("clerk", sa.String),
                           sa.column("second_staff", sa.String))
_visits = sa.table("field_visits", sa.column("visit_id", sa.String), sa.column("staff", sa.String))


def _chunks(values: list[str]):
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _entry_people(conn, kinds: tuple[str, ...], ids: list[str]) -> dict[str, set[str]]:
    """aggregate id -> the actors and pushers of its accepted entries of those kinds (the entries
    that made the thing, not the decisions or withdrawals of it)."""
    out: dict[str, set[str]] = {}
    for part in _chunks(ids):
        rows = conn.execute(sa.select(_entries.c.aggregate_id, _entries.c.actor, _entries.c.pushed_by).where(
            _entries.c.kind.in_(kinds), _entries.c.aggregate_id.in_(part), _entries.c.outcome == "accepted"))
        for aggregate_id, actor, pushed_by in rows:
            out.setdefault(aggregate_id, set()).update(x for x in (actor, pushed_by) if x)
    return out


def _fill_participants(conn) -> None:
    rows = conn.execute(sa.select(_requests.c.id, _requests.c.action, _requests.c.maker, _requests.c.pushed_by,
                                  _requests.c.details)).all()
    if not rows:
        return
    people: dict[str, set[str]] = {r.id: {x for x in (r.maker, r.pushed_by) if x} for r in rows}
    for rid, names in _entry_people(conn, (REQUESTED,), list(people)).items():
        people[rid] |= names
    cert_of: dict[str, str] = {}
    for r in rows:
        if r.action != RESUME:
            continue
        try:
            details = json.loads(r.details or "{}")
        except ValueError:
            continue
        cid = details.get("certification_id") if isinstance(details, dict) else None
        if isinstance(cid, str) and cid:
            cert_of[r.id] = cid
    if cert_of:
        cids = sorted(set(cert_of.values()))
        by_cert = _entry_people(conn, (CERTIFIED, VISITED), cids)
        for part in _chunks(cids):
            for cid, clerk, second in conn.execute(sa.select(
                    _certifications.c.id, _certifications.c.clerk, _certifications.c.second_staff)
                    .where(_certifications.c.id.in_(part))):
                by_cert.setdefault(cid, set()).update(x for x in (clerk, second) if x)
            for vid, staff in conn.execute(sa.select(_visits.c.visit_id, _visits.c.staff)
                                           .where(_visits.c.visit_id.in_(part))):
                by_cert.setdefault(vid, set()).update(x for x in (staff or "").split(",") if x)
        for rid, cid in cert_of.items():
            people[rid] |= by_cert.get(cid, set())
    for rid, names in people.items():
        conn.execute(_requests.update().where(_requests.c.id == rid)
                     .values(participants=json.dumps(sorted(names), ensure_ascii=False)))


def _flag_unknown_actors(conn) -> None:
    # the office of a record is its workstation's (a login is only ever on a workstation of the
    # user's office); an empty actor and a failed sign-in's typed name are no claim (counter_central.audit)
    conn.execute(sa.text(
        "UPDATE audit_records SET actor_unknown = :yes"
        " WHERE actor <> '' AND action <> 'login.failed' AND NOT EXISTS ("
        " SELECT 1 FROM users u JOIN workstations w ON w.office_code = u.office_code"
        " WHERE u.username = audit_records.actor AND w.workstation_id = audit_records.workstation_id)"
    ).bindparams(sa.bindparam("yes", True, type_=sa.Boolean)))


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.add_column(sa.Column("participants", sa.Text, nullable=False, server_default="[]"))
    with op.batch_alter_table("audit_records") as batch:
        batch.add_column(sa.Column("actor_unknown", sa.Boolean, nullable=False, server_default=sa.false()))
    conn = op.get_bind()
    _fill_participants(conn)
    _flag_unknown_actors(conn)


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("actor_unknown")
    with op.batch_alter_table("approval_requests") as batch:
        batch.drop_column("participants")
