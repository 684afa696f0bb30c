"""7.3.2 明确各岗位经办权限 at the centre, which trusts no client: an approval request, a complaint
ticket moved on or a document record done by an account whose roles do not allow it is refused
whoever pushes it (nothing of it takes effect), and only a supervisor who did not make the request
decides it (集中授权: 403, nothing stored). The right role still succeeds."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import (PW, _approval_request, _decide, auth, centre,  # noqa: F401
                                                      entry, push)

PW.update(auditor01="auditor01-demo", field01="field01-demo")


def _approvals(app) -> int:
    from counter_central.db import ApprovalRow

    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(ApprovalRow)) or 0


def test_an_approval_request_made_by_an_auditor_or_admin_is_refused_whoever_pushes_it(centre):
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    refused = [_approval_request(who, f"C-R{i}")[1] for i, who in enumerate(("auditor01", "admin01"))]
    res = push(client, clerk, "FT-W01", *refused)
    assert [x["status"] for x in res] == ["rejected", "rejected"], res
    assert "auditor01（auditor（审计））不能提出审批申请" in res[0]["reason"] and res[0]["suggested_action"]
    assert "admin01" in res[1]["reason"]
    assert _approvals(app) == 0
    _, ok = _approval_request("clerk01", "C-R9")
    assert push(client, clerk, "FT-W01", ok)[0]["status"] == "accepted" and _approvals(app) == 1


def test_only_a_supervisor_who_did_not_ask_decides_centrally(centre):
    app, client = centre
    rid, req = _approval_request("clerk01", "C-D1")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    for who in ("auditor01", "clerk01", "admin01"):
        r = _decide(client, auth(client, who, "FT-W01"), rid)
        assert r.status_code == 403, r.text
        body = r.json()
        assert body["reason"] == "approval_refused" and any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])
    from counter_central.db import ApprovalRow, ChangeRow

    with Session(app.state.engine) as s:
        assert s.get(ApprovalRow, rid).state == "pending"
        assert s.scalar(select(func.count()).select_from(ChangeRow).where(ChangeRow.kind == "approval.decided")) == 0
    r = _decide(client, auth(client, "supervisor01", "FT-W01"), rid)
    assert r.status_code == 200 and r.json()["state"] == "approved", r.text


def _complaint(seq: int, kind: str, actor: str):
    payload = {"case_id": "C-CT", "case_no": "", "stage": "checked", "note": "已核实"}
    return entry(seq, payload, case="T-1", kind=kind, aggregate_type="complaint").model_copy(update={"actor": actor})


def test_a_complaint_ticket_is_moved_on_by_a_supervisor_only(centre):
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    res = push(client, clerk, "FT-W01", _complaint(1, "complaint.advanced", "clerk01"),
               _complaint(2, "complaint.advanced", "auditor01"), _complaint(3, "complaint.opened", "auditor01"),
               _complaint(4, "complaint.opened", "clerk01"), _complaint(5, "complaint.advanced", "supervisor01"))
    assert [x["status"] for x in res] == ["rejected", "rejected", "rejected", "accepted", "accepted"], res
    assert "clerk01（clerk（窗口经办））不能处理差评工单" in res[0]["reason"]


def test_a_document_record_of_an_auditor_is_refused(centre):
    app, client = centre
    payload = {"document_id": "D-1", "number": "", "job_id": 1, "at": "2026-01-05 10:00", "reason": "卡纸",
               "clerk": "auditor01", "copies": 1}
    item = entry(1, payload, case="D-1", kind="document.reprinted", aggregate_type="document").model_copy(
        update={"actor": "auditor01"})
    res = push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", item)
    assert res[0]["status"] == "rejected" and "auditor01 不是窗口经办人或科长" in res[0]["reason"]


def _certifications(app) -> int:
    from counter_central.certification import CertificationRow

    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(CertificationRow)) or 0


def test_a_window_certification_recorded_by_a_field_or_audit_account_is_refused(centre):
    """资格认证 at the window is counter business (counter_protocol.roles.WINDOW_CERTIFICATION): the
    entry's actor needs a counter role, whoever pushes it; nothing of a refused one is stored."""
    import uuid
    from datetime import datetime, timedelta, timezone

    from counter_central.db import RegistryPerson

    app, client = centre
    with Session(app.state.engine) as s:
        pid = s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                               RegistryPerson.office == "FT")).first()
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()

    def certification(actor: str):
        cid = str(uuid.uuid4())
        payload = {"certification_id": cid, "id_number": pid, "certified_on": today,
                   "certified_at": datetime.now(timezone.utc).isoformat(), "method": "fingerprint",
                   "channel": "window", "clerk": actor, "valid_until": today}
        return entry(1, payload, case=cid, kind="certification.recorded",
                     aggregate_type="certification").model_copy(update={"actor": actor})

    clerk = auth(client, "clerk01", "FT-W01")
    res = push(client, clerk, "FT-W01", certification("field01"), certification("auditor01"))
    assert [x["status"] for x in res] == ["rejected", "rejected"], res
    assert "账号 field01（field（上门认证））不能办理资格认证" in res[0]["reason"] and res[0]["suggested_action"]
    assert "auditor01" in res[1]["reason"]
    assert _certifications(app) == 0
    assert push(client, clerk, "FT-W01", certification("clerk01"))[0]["status"] == "accepted"
    assert _certifications(app) == 1


def test_a_home_visit_recorded_by_a_counter_account_is_refused(central_sqlite_client):
    """上门认证 is field work (counter_protocol.roles.FIELD_VISIT): the account that recorded the visit
    (the entry's actor) needs the field role; the second staff member may be a clerk."""
    import json
    import uuid

    from counter_central.db import FieldVisit
    from counter_protocol import field as proto
    from counter_protocol.canonical import canonical_json, payload_digest
    from tests.unit.central.test_field_centre import PRE, _key, _login, _visit

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "周德明")["id_number"]

    def push(payload, actor):
        body = canonical_json(payload)
        item = {"id": str(uuid.uuid4()), "seq": 1, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
                "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body),
                "payload_digest": payload_digest(body), "actor": actor}
        r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": [item]}, headers=h)
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    def visits() -> int:
        with Session(c.app.state.engine) as s:
            return s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == idn)) or 0

    hc, _ = _login(c, "clerk01", ws)           # the clerk did sign in on the laptop
    res = push(proto.seal(_visit(idn, staff=["clerk01", "field01"]), key, pem), "clerk01")
    assert res["status"] == "rejected", res
    assert "账号 clerk01（clerk（窗口经办））不能办理上门认证：只有上门认证岗位的账号可以" in res["reason"], res
    assert res["suggested_action"] and visits() == 0
    res = push(proto.seal(_visit(idn, staff=["field01", "clerk01"]), key, pem), "field01")
    assert res["status"] == "accepted", res
    assert visits() == 1
