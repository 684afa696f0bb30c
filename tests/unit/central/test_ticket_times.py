"""差评工单 times in one form (review: a ticket's opening travelled as the PC's naive local time and
its stages as naive UTC). A PC whose clock zone is UTC opening a ticket at 00:30 Beijing time on
12-01 sent "2026-11-30T16:30:00", which the centre reads as Beijing wall-clock time: the 7.5.2
evaluation counted the ticket on 11-30, and the counter counted its first deadline from 11-30 too.
Now every ticket time travels as an aware UTC text and a ticket's days are Beijing days; the centre
still reads an older workstation's naive opening as Beijing wall-clock time, a naive stage as UTC."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, text

from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.complaints import ComplaintService
from tests.support.cases import man_born_1960, ready_case
from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401

# 00:30 Beijing time on 2026-12-01 (a Tuesday) on a PC whose clock is on UTC: its local time
LOCAL_UTC_PC = datetime(2026, 11, 30, 16, 30)


def _evaluated(client, day: str) -> dict:
    r = client.get("/api/v1/offices/FT/evaluation", params={"from": day, "to": day, "by": "office"},
                   headers=auth(client, "supervisor01", "FT-W01"))
    assert r.status_code == 200, r.text
    return r.json()["total"]


def _served(client) -> list[dict]:
    r = client.get("/api/v1/offices/FT/complaints", headers=auth(client, "supervisor01", "FT-W01"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _ticket(seq: int, ticket_id: str, kind: str, actor: str, payload: dict):
    return entry(seq, payload, case=ticket_id, kind=kind, aggregate_type="complaint").model_copy(update={"actor": actor})


def test_a_ticket_opened_after_midnight_beijing_on_a_utc_pc_is_of_the_beijing_day(store, centre, set_clock_zone):
    set_clock_zone("UTC")
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: LOCAL_UTC_PC)
    cid = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": man_born_1960(71)})
    workflow.decide(cid, expected="accepted")
    workflow.rate(cid, 1, "等候时间长")

    [t] = ComplaintService(store, today=lambda: date(2026, 12, 1)).list()
    assert t["due"] == "2026-12-02"              # 1 working day after 12-01 (was 12-01: counted from 11-30)
    assert t["opened_at"] == "2026-11-30T16:30:00+00:00" and t["opened_text"] == "2026-12-01 00:30"
    assert t["history"][0]["at"] == "2026-11-30T16:30:00+00:00"
    with store.session() as s:
        [opened] = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "complaint.opened"))
    payload = json.loads(opened.payload)
    assert payload["at"] == "2026-11-30T16:30:00+00:00" and payload["due"] == "2026-12-02"

    app, client = centre
    res = push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
               _ticket(1, opened.aggregate_id, "complaint.opened", "clerk01", payload))
    assert res[0]["status"] == "accepted", res
    assert _evaluated(client, "2026-12-01")["tickets_opened"] == 1      # was 0
    assert _evaluated(client, "2026-11-30")["tickets_opened"] == 0      # was 1
    [served] = _served(client)
    assert served["opened_at"] == "2026-11-30T16:30:00+00:00" and served["due"] == "2026-12-02"

    # a stage reached: its time travels aware too, and the copy taken from the centre keeps UTC
    moved = ComplaintService(store, workstation_id="FT-W01", today=lambda: date(2026, 12, 2)).advance(
        t["id"], user="supervisor01", roles=["supervisor"], note="调阅录像", centre=served)
    assert moved["history"][1]["at"].endswith("+00:00") and moved["opened_at"] == "2026-11-30T16:30:00+00:00"
    with store.session() as s:
        [advanced] = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "complaint.advanced"))
    assert json.loads(advanced.payload)["at"].endswith("+00:00")


def test_an_older_workstations_naive_ticket_times_are_read_as_before(centre):
    """Not yet upgraded: the opening in the PC's local time — Beijing wall-clock time at the windows,
    as the centre always read it — and a stage in naive UTC. Served to the supervisors as aware UTC."""
    app, client = centre
    opened = {"case_id": "C-OLD", "case_no": "", "service_code": "reg_enroll", "clerk": "clerk01", "score": 2,
              "reason": "服务态度", "stage": "received", "due": "2026-12-02", "at": "2026-12-01T00:30:00"}
    advanced = {"case_id": "C-OLD", "case_no": "", "stage": "checked", "owner": "supervisor01", "note": "核实",
                "late": False, "due": "2026-12-07", "at": "2026-12-02T01:00:00.123456"}
    res = push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
               _ticket(1, "T-OLD", "complaint.opened", "clerk01", opened),
               _ticket(2, "T-OLD", "complaint.advanced", "supervisor01", advanced))
    assert [x["status"] for x in res] == ["accepted", "accepted"], res
    assert _evaluated(client, "2026-12-01")["tickets_opened"] == 1
    assert _evaluated(client, "2026-11-30")["tickets_opened"] == 0
    [served] = _served(client)
    assert served["opened_at"] == "2026-11-30T16:30:00+00:00"
    assert [h["at"] for h in served["history"]] == ["2026-11-30T16:30:00+00:00", "2026-12-02T01:00:00.123456+00:00"]


def test_the_migration_keeps_the_tickets_already_here_as_utc(store):
    """supervision_0002_ticket_times: a ticket opened before kept its PC's local (Beijing) time and
    its 已受理 step the same; a stage naive UTC."""
    import importlib.util

    path = (Path(__file__).resolve().parents[3]
            / "counter_app/storage/migrations/versions/supervision_0002_ticket_times.py")
    spec = importlib.util.spec_from_file_location("supervision_0002_ticket_times", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    history = json.dumps([{"stage": "received", "by": "clerk01", "at": "2026-12-01T00:30:00", "note": "受理"},
                          {"stage": "checked", "by": "supervisor01", "at": "2026-12-02T01:00:00", "note": "核实"}])
    with store.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO complaint_tickets (id, case_id, case_no, service_code, office_code, workstation_id, clerk,"
            " score, reason, stage, owner, opened_at, due, history, updated_at) VALUES ('T-1', 'C-1', '', 'reg_enroll',"
            " 'FT', 'FT-W01', 'clerk01', 1, '服务态度', 'checked', 'supervisor01', '2026-12-01 00:30:00.000000',"
            " '2026-12-07', :history, '2026-12-02 01:00:00.000000')"), {"history": history})
        assert migration.convert(conn) == 1
    [t] = ComplaintService(store, today=lambda: date(2026, 12, 2)).list()
    assert t["opened_at"] == "2026-11-30T16:30:00+00:00" and t["opened_text"] == "2026-12-01 00:30"
    assert [h["at"] for h in t["history"]] == ["2026-11-30T16:30:00+00:00", "2026-12-02T01:00:00+00:00"]
