"""A tester's finding: offline, supervisor01 — whose level the centre had meanwhile lowered to 0 —
authorised a 不予受理 on site (现场授权). The case went to 不予受理 and its 《不予受理决定书》 was
issued. On sync the centre rejected the ``approval.decided`` (审批级别不足) and the transition it
allowed, and kept the case at 受理审核 with the request pending — yet the counter still showed the
request approved on site, the case refused and the decision issued, and a later remote refusal of
the request was logged 不适用.

Now the round that learns of the refusal reconciles in one unit of work: the request is pending
again with the centre's reason, the case is back at 受理审核, the decision issued under that approval
is 作废 (kept, its 文号 not reused), an audit record says so, and the clerk is told (the case's
approval status, the 待同步 details). The real centre, in-process on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import Escalation
from counter_app.storage.audit import AuditRow
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.workflows import inbox
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalService, latest_approval
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.cases import MALE_1960

WS = "FT-W01"
OFFICE = {"office": "福田分局", "office_code": "FT", "workstation_id": WS}


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def _client(central, token: str | None = None) -> CentralClient:
    return CentralClient("http://testserver", tokens=StaticToken(token), transport=central._transport)


def _login(central, user: str) -> p.TokenPair:
    with _client(central) as c:
        return c.login(user, f"{user}-demo", WS)


def _sync(store, central, token: str):
    with _client(central, token) as c:
        return SyncWorker(store, c, workstation_id=WS).run_once(check_clock=False)


def _apply(store):
    """What the sync agent does after its round (cli.sync._apply_inbox): the inbox applier."""
    from counter_app.workflows.approvals import apply_pulled

    report = inbox.apply_pending(store, actor="clerk01", **OFFICE)
    apply_pulled(store)
    return report


def _refused_case(store) -> tuple[CaseWorkflow, str, str]:
    workflow = CaseWorkflow(store, actor="clerk01", clerk_name="窗口经办员01",
                            approvals_required={Escalation.rejection}, **OFFICE)
    result = accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"},
        "conditions": {"not_yet_registered": "已在本市参保"}}))
    assert result.state is CaseState.review and result.approval_id
    return workflow, result.case_id, result.approval_id


def _printed(store, number: str) -> bytes:
    from counter_app.printing.documents import get_document, render_document

    with store.session() as s:
        return render_document(get_document(s, number=number))


def _verified(store, pdf: bytes):
    from counter_app.printing.documents import verify_pdf

    with store.session() as s:
        return verify_pdf(s, pdf)


def _decision_docs(workflow, cid):
    return [d for d in workflow.documents(cid) if d["kind"] == "rejection_decision"]


def test_an_on_site_approval_the_centre_refuses_is_undone_at_the_counter(store, central, monkeypatch):
    clerk = _login(central, "clerk01").access_token
    sup = _login(central, "supervisor01")            # online here once: the approval key
    key = bytes.fromhex(sup.approval_key or "")
    workflow, cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0          # the case and the request reach the centre
    with central.app.state.engine.begin() as conn:             # meanwhile: the centre lowers supervisor01
        conn.execute(text("UPDATE users SET approval_level = 0 WHERE username = 'supervisor01'"))

    # offline, the counter still believes supervisor01 is a 科长 (level 1)
    checker = p.UserInfo(username="supervisor01", display_name="科长01", roles=["supervisor", "clerk"],
                         office_code="FT", approval_level=1)
    approvals = ApprovalService(store, actor="clerk01", names={"clerk01": "窗口经办员01"}, **OFFICE)
    approvals.decide_on_site(rid, checker, approve=True, reason="核实已参保", approval_key=key)
    assert workflow.get(cid).case.state is CaseState.rejected
    [issued] = _decision_docs(workflow, cid)
    assert issued["status"] == "issued" and issued["number"]
    pdf = _printed(store, issued["number"])
    assert _verified(store, pdf).ok                             # the applicant's copy verifies, for now

    report = _sync(store, central, clerk)
    assert report.rejected >= 2, report                        # the decision and the transition it allowed
    import time as _time
    from datetime import datetime as _dt

    monkeypatch.setenv("TZ", "Asia/Shanghai")                   # a workstation on Beijing time
    _time.tzset()
    try:
        _apply(store)
        with store.session() as s:
            from counter_app.storage.tables_cases import CaseRow

            touched = s.get(CaseRow, cid).updated_at
        # a case's times are the workstation's clock (as the case workflow writes them), not UTC
        assert abs((_dt.now() - touched).total_seconds()) < 120, (touched, _dt.now())
    finally:
        monkeypatch.delenv("TZ")
        _time.tzset()

    # the counter holds what the centre holds: the case at 受理审核, the request pending again
    assert workflow.get(cid).case.state is CaseState.review
    row = approvals.get(rid)
    assert row["state"] == "pending" and row["mode"] == "" and row["checker"] == ""
    assert "审批级别" in row["centre_refusal"], row
    # the decision issued under it is voided, kept in the records, its 文号 not reused
    [voided] = _decision_docs(workflow, cid)
    assert voided["status"] == "voided" and voided["number"] == issued["number"]
    assert "作废" in voided["void_reason"] and "收回" in voided["void_reason"]
    # notice verify of the applicant's copy: the record's, but voided — not valid any more
    check = _verified(store, pdf)
    assert not check.ok and check.voided and "作废" in check.message and "请收回" in check.message, check
    # the clerk is told: the case's approval status says the decision was refused and to recall it
    status = latest_approval(store, cid)
    assert status is not None and status.state == "pending" and status.centre_refusal
    from counter_app.workflows.approvals import status_text

    words = status_text(status)
    assert "中心拒收" in words and "收回" in words and issued["number"] in words, words
    # audited, with no personal data of the applicant
    with store.session() as s:
        audit = [(r.action, r.detail) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    rec = [d for a, d in audit if a == "approval.reconciled"]
    assert rec and issued["number"] in rec[0] and "张三" not in rec[0] and MALE_1960 not in rec[0], audit
    # the 待同步 details of the refused decision say what was done
    from counter_app.sync.outbox import OutboxRepository
    from counter_app.workflows.case_queries import outbox_entry_details

    [entry] = [e for e in OutboxRepository(store).list_entries(["rejected"], limit=50) if e.kind == "approval.decided"]
    details = outbox_entry_details(store, entry.seq)
    assert details is not None and details["reconciled"]["voided"] == [issued["number"]], details

    # reconciled once: a second round changes nothing
    _apply(store)
    assert len(_decision_docs(workflow, cid)) == 1 and approvals.get(rid)["state"] == "pending"

    # a valid supervisor refuses it remotely now: it applies (the case stays at review, the refusal recorded)
    sup2 = _login(central, "supervisor02").access_token
    with _client(central, sup2) as c:
        c.decide_approval(rid, "rejected", "材料不符，退回经办人")
    _sync(store, central, clerk)
    done = _apply(store)
    assert [o.outcome for o in done.applied] == ["refused"], (done.unapplied, done.failed)
    assert approvals.get(rid)["state"] == "rejected" and approvals.get(rid)["checker"] == "supervisor02"
    assert workflow.get(cid).case.state is CaseState.review
