"""The service (事项编码) a case was opened as is kept with its state at the centre.

A push judged each case step "as the service the case was opened as" by reading and parsing every
accepted entry the case had — one query per step of the batch. A thousand steps cost ~1.4 s of a
1.7 s push, and ``bench sync`` went from 2.8x to 36x its baseline. The service now travels in
``case_states.service_code`` (read with the state the push already locks; migration c0031 fills it
for the cases held before).
"""

from __future__ import annotations

import json

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401  (fixture)


def _service_of(app, case_id):
    from counter_central.db import CaseState

    with Session(app.state.engine) as s:
        row = s.get(CaseState, case_id)
        return row.service_code if row is not None else "no case"


def test_a_case_keeps_the_service_its_first_entry_named_and_a_batch_of_steps_reads_it_with_the_states(centre):  # noqa: F811
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    cases = [f"SK{i}" for i in range(120)]
    opened = push(client, clerk, "FT-W01", *[
        entry(i + 1, {"from_state": "", "to_state": "draft", "service_code": "reg_change"}, case=c)
        for i, c in enumerate(cases)])
    assert {r["status"] for r in opened} == {"accepted"}
    assert {_service_of(app, c) for c in cases} == {"reg_change"}
    # a later entry naming another service changes nothing of what the case was opened as
    assert push(client, clerk, "FT-W01", entry(500, {"from_state": "draft", "to_state": "review",
                                                     "service_code": "reg_cancel"}, case="SK0"))[0]["status"] == "accepted"
    assert _service_of(app, "SK0") == "reg_change"

    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", seen)
    try:
        steps = push(client, clerk, "FT-W01", *[
            entry(1000 + i, {"step_code": "verify_identity", "result": "done", "service_code": "reg_change"},
                  case=c, kind="case.step") for i, c in enumerate(cases)])
    finally:
        event.remove(app.state.engine, "before_cursor_execute", seen)
    assert {r["status"] for r in steps} == {"accepted"}
    reads = [s for s in statements if "received_entries" in s and s.lstrip().upper().startswith("SELECT")]
    # the sign-in, the keys already held, the states (with their services), the catalog: not one per step
    assert len(statements) < 40 and len(reads) <= 2, (len(statements), reads[:3])


def test_the_migration_fills_the_service_of_the_cases_held_before(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0030_case_completed_at")
    rows = [  # (id, case, seq, received_at, outcome, payload)
        ("e1", "OLD1", 1, "2026-11-01 08:00:00", "rejected", {"service_code": "reg_enroll"}),
        ("e2", "OLD1", 2, "2026-11-01 08:00:01", "accepted", {"to_state": "draft"}),
        ("e3", "OLD1", 3, "2026-11-01 08:00:02", "accepted", {"service_code": "reg_cancel"}),
        ("e4", "OLD1", 4, "2026-11-01 08:00:03", "accepted", {"service_code": "reg_change"}),
        ("e5", "OLD2", 1, "2026-11-01 08:00:00", "accepted", {"to_state": "draft"}),
        ("e6", "OLD3", 1, "2026-11-01 08:00:00", "accepted", {"service_code": "x" * 65}),
    ]
    with engine.begin() as conn:
        for case in ("OLD1", "OLD2", "OLD3"):
            conn.execute(text("INSERT INTO case_states (case_id, state, office_code, updated_at) "
                              "VALUES (:c, 'draft', 'FT', '2026-11-01 08:00:00')"), {"c": case})
        for key, case, seq, at, outcome, payload in rows:
            conn.execute(text(
                "INSERT INTO received_entries (id, workstation_id, client_seq, kind, aggregate_type, aggregate_id, "
                "payload, payload_digest, actor, pushed_by, source, received_at, outcome) VALUES "
                "(:id, 'FT-W01', :seq, 'case.transition', 'case', :case, :payload, :digest, 'clerk01', 'clerk01', "
                "'push', :at, :outcome)"),
                {"id": key, "seq": seq, "case": case, "payload": json.dumps(payload), "digest": "0" * 64,
                 "at": at, "outcome": outcome})
    upgrade("heads")
    assert schema_drift(engine, "case_states") == []
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT case_id, service_code FROM case_states")).all())
    assert got == {"OLD1": "reg_cancel", "OLD2": None, "OLD3": None}
    engine.dispose()
