"""A tester's finding: the clerk withdrew a request (ApprovalService.withdraw) while the withdrawal was
not yet synced; a director approved it at the centre; on sync the withdrawal was refused
(该审批申请已批准，不能撤回) and the case was carried to 不予受理 with its 决定书 issued automatically.
Now the pulled decision waits for the clerk, who is told, and confirms carrying it out or keeps the
withdrawal (one workflow call). The real centre, in-process on SQLite."""

from __future__ import annotations

from counter_app.domain.case_engine import CaseState
from counter_app.storage.audit import AuditRow
from counter_app.workflows import inbox
from counter_app.workflows.approvals import ApprovalService, approval_status, latest_approval
from tests.unit.sync.test_on_site_refused_by_centre import OFFICE, _apply, _client, _login, _refused_case, _sync


def _withdrawn_then_approved(store, central):
    clerk = _login(central, "clerk01").access_token
    workflow, cid, rid = _refused_case(store)
    _sync(store, central, clerk)
    ApprovalService(store, actor="clerk01", **OFFICE).withdraw(rid)             # offline: not sent yet
    with _client(central, _login(central, "director01").access_token) as c:
        c.decide_approval(rid, "approved", "核实已参保，同意不予受理")
    report = _sync(store, central, clerk)
    assert report.rejected == 1                                                  # the withdrawal came too late
    done = _apply(store)
    return workflow, cid, rid, done


def test_a_decision_on_a_request_withdrawn_here_waits_for_the_clerk(store, central_sqlite_client):
    workflow, cid, rid, done = _withdrawn_then_approved(store, central_sqlite_client)
    assert [o.outcome for o in done.unapplied] == [inbox.HELD] and not done.applied
    assert workflow.get(cid).case.state is CaseState.review                      # not carried out
    assert not [d for d in workflow.documents(cid) if d["kind"] == "rejection_decision"]
    [held] = inbox.held_decisions(store, cid)
    assert held["request_id"] == rid and held["decided_by"] == "director01" and held["decided_by_name"] == "中心主任01"
    status = latest_approval(store, cid)
    assert status.awaiting_clerk and status.by == "中心主任01"
    text = approval_status(store, cid)
    assert "等待经办人确认" in text and "重新提出审批申请" in text and "审批人 中心主任01" in text, text
    # and in the 待同步 details of the refused withdrawal
    from counter_app.sync.outbox import OutboxRepository
    from counter_app.workflows.case_queries import outbox_entry_details

    [entry] = [e for e in OutboxRepository(store).list_entries(["rejected"], limit=50) if e.kind == "approval.withdrawn"]
    assert outbox_entry_details(store, entry.seq)["held"] is True
    # the clerk carries it out: one call, the decision made and its document issued
    inbox.confirm_held(store, cid, carry_out=True, actor="clerk01", **OFFICE)
    assert workflow.get(cid).case.state is CaseState.rejected
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "rejection_decision"]
    assert doc["status"] == "issued" and doc["fields"]["approver"] == "中心主任01"
    assert inbox.held_decisions(store, cid) == [] and not latest_approval(store, cid).awaiting_clerk


def test_the_clerk_may_keep_the_withdrawal(store, central_sqlite_client):
    workflow, cid, rid, _done = _withdrawn_then_approved(store, central_sqlite_client)
    out = inbox.confirm_held(store, cid, carry_out=False, actor="clerk01", **OFFICE)
    assert "重新提出审批申请" in out.note
    assert workflow.get(cid).case.state is CaseState.review
    assert inbox.held_decisions(store, cid) == []
    with store.session() as s:
        assert any(r.action == "approval.withdrawal_kept" for r in s.query(AuditRow))
    _apply(store)                                                                # nothing happens later either
    assert workflow.get(cid).case.state is CaseState.review
