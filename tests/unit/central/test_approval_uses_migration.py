"""c0032_approval_uses: an approval a step record already stood on before the upgrade is bound to
that record (the first accepted one naming its supervisor for the same step and result), so it is
not good for one more record after it; the table is as the models declare it."""

from __future__ import annotations

import json
from datetime import datetime

from tests.support.central import central_database_at, schema_drift


def test_the_upgrade_binds_each_approval_already_used_to_its_first_record(tmp_path):
    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0030_case_completed_at")
    at = datetime(2026, 3, 2, 8, 0)
    step = {"step_code": "decision", "result": "done", "approved_by": "supervisor02"}
    with engine.begin() as conn:
        for rid, action, case in (("R1", "benefit_decision", "C1"), ("R2", "benefit_decision", "C2"),
                                  ("R3", "reprint", "C1")):
            conn.exec_driver_sql(
                "insert into approval_requests (id, action, case_id, case_no, service_code, office_code, workstation_id,"
                " maker, pushed_by, participants, made_at, payload_digest, required_level, summary, details, state,"
                " checker, decided_at, reason, mode) values (?, ?, ?, '', 'pension', 'FT', 'FT-W01', 'clerk01', '',"
                " '[]', ?, ?, 1, '', ?, 'approved', 'supervisor02', ?, '同意', 'remote')",
                (rid, action, case, at, "a" * 64, json.dumps({"step_code": "decision", "result": "done"}), at))
        for eid, case, body in (("E1", "C1", step), ("E2", "C1", step), ("E3", "C2", {**step, "approved_by": "x"})):
            conn.exec_driver_sql(
                "insert into received_entries (id, workstation_id, client_seq, kind, aggregate_type, aggregate_id,"
                " payload, payload_digest, actor, pushed_by, source, received_at, outcome)"
                " values (?, 'FT-W01', 1, 'case.step', 'case', ?, ?, ?, 'clerk01', 'clerk01', 'push', ?, 'accepted')",
                (eid, case, json.dumps(body), "b" * 64, at))
    upgrade("heads")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("select approval, entry_id, case_id from approval_uses order by approval").all()
    assert [tuple(r) for r in rows] == [("R1", "E1", "C1")]       # R2: no record of its supervisor; R3: no step
    assert schema_drift(engine, "approval_uses") == []
    engine.dispose()
