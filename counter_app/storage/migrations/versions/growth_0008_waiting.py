"""Growth: why a case waits is kept on its row — the 办件 list's 等待中 is an index range.

``cases.waiting_kind`` / ``waiting_arg``: what ``counter_app.domain.waiting.stored_waiting`` makes of
the case ("" when it does not wait), written again in every transaction that changes the case, its
steps or its approval requests (counter_app.workflows.case_waiting). Before, the list worked it out
in Python for every accepted case until a page was full: seconds at 100,000 cases.
``ix_cases_waiting`` (updated_at, case_no) holds the waiting cases only (partial index): the list's
order, read a page at a time (analysed at once on a store that has statistics). The archive table gets the columns too (growth_0003: it has every
column of the hot table); an archived case never waits.

The existing cases are filled here: those that can wait (已受理, 受理审核), each from its rows.

Revision ID: growth_0008_waiting
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "growth_0008_waiting"
down_revision = "growth_0007_rated"
branch_labels = None
depends_on = "approvals_0001"      # the approval requests of a case in 受理审核

COLUMNS = (("waiting_kind", 16), ("waiting_arg", 32))
INDEX = "CREATE INDEX ix_cases_waiting ON cases (updated_at, case_no) WHERE waiting_kind <> ''"
BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    tables = ["cases"]
    if conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'archive_cases'")).first():
        tables.append("archive_cases")
    for table in tables:
        for name, size in COLUMNS:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {name} VARCHAR({size}) NOT NULL DEFAULT ''")
    fill(conn)
    op.execute(INDEX)
    if conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")).first():
        # a store whose other indexes have statistics (ANALYZE was run on it): without its own, the
        # planner takes the new index for a large one and walks ix_cases_updated through every case
        op.execute("ANALYZE ix_cases_waiting")


def fill(conn) -> int:
    """Work out and write why each case that can wait does (the cases in 已受理 and 受理审核); the
    number of cases found waiting. The case's ``updated_at`` stays as it was."""
    from counter_app.domain.case_engine import Case, CaseState, Escalation, StepRecord
    from counter_app.domain.catalog import service_from_dict
    from counter_app.domain.waiting import MAY_WAIT, stored_waiting

    ids = [r[0] for r in conn.execute(sa.text(
        "SELECT id FROM cases WHERE state IN (:a, :r)"), {"a": MAY_WAIT[0], "r": MAY_WAIT[1]})]
    services: dict[str, object] = {}
    waiting = 0
    for i in range(0, len(ids), BATCH):
        part = ids[i:i + BATCH]
        marks = ", ".join(f":i{k}" for k in range(len(part)))
        params = {f"i{k}": v for k, v in enumerate(part)}
        steps: dict[str, list] = {}
        for r in conn.execute(sa.text(
                "SELECT case_id, step_code, result, at, actor, data, approved_by, escalation FROM case_steps"
                f" WHERE case_id IN ({marks}) ORDER BY case_id, id"), params):
            steps.setdefault(r[0], []).append(StepRecord(
                r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6] or "", Escalation(r[7]) if r[7] else None))
        approvals = {r[0]: r[1] for r in conn.execute(sa.text(
            "SELECT case_id, state FROM (SELECT case_id, state, row_number() OVER"
            " (PARTITION BY case_id ORDER BY made_at DESC, id DESC) AS n FROM approval_requests"
            f" WHERE case_id IN ({marks})) WHERE n = 1"), params)}
        updates = []
        for r in conn.execute(sa.text(
                f"SELECT id, state, service_code, catalog_version, applicant_type, variants, service_snapshot"
                f" FROM cases WHERE id IN ({marks})"), params):
            snapshot = r[6]
            if snapshot not in services:
                services[snapshot] = service_from_dict(json.loads(snapshot))
            case = Case(id=r[0], service_code=r[2], catalog_version=r[3], applicant_type=r[4],
                        variants=tuple(json.loads(r[5] or "[]")), state=CaseState(r[1]), steps=steps.get(r[0], []))
            kind, arg = stored_waiting(case, services[snapshot], approvals.get(r[0]))
            if kind:
                updates.append({"id": r[0], "k": kind, "a": arg})
        if updates:
            conn.execute(sa.text("UPDATE cases SET waiting_kind = :k, waiting_arg = :a WHERE id = :id"), updates)
            waiting += len(updates)
    return waiting


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_cases_waiting")
    conn = op.get_bind()
    for table in ("cases", "archive_cases"):
        if conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}).first():
            for name, _size in COLUMNS:
                op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
