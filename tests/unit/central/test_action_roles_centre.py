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
