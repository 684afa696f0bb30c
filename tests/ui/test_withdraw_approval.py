"""Tester (supervisor B3): the window had no way to withdraw an approval request the clerk raised in
error (the centre says "或先撤回原申请"). Ctrl+Shift+D on the open case (撤回审批申请) withdraws the
clerk's own pending request: ApprovalService.withdraw — the maker only, audited, queued for the centre."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import Escalation
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from tests.ui.test_workspace_flows import MALE_1960, idle, make_ctx, open_panel

OFFICE = dict(office="福田分局", office_code="FT", workstation_id="FT-W01")


def _waiting_case(store) -> tuple[str, str]:
    workflow = CaseWorkflow(store, actor="clerk01", approvals_required={Escalation.rejection}, **OFFICE)
    done = accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": MALE_1960}, "conditions": {"not_yet_registered": "已在本市参保"}}))
    assert done.state is CaseState.review and done.approval_id
    return done.case_id, done.approval_id


def test_the_clerk_withdraws_the_open_cases_request_in_the_window(qtbot, app_home, store):
    from counter_app.storage.audit import AuditRow

    cid, rid = _waiting_case(store)
    ctx = make_ctx(store)
    ctx.settings.office.code, ctx.settings.office.workstation_id = "FT", "FT-W01"
    panel = open_panel(qtbot, ctx)
    assert panel.act_withdraw.shortcut() == QKeySequence("Ctrl+Shift+D") and panel.act_withdraw.text() == "撤回审批申请"
    panel.open_case(cid)
    idle(qtbot, panel)
    panel.withdraw_pending_approval("理由填错")
    idle(qtbot, panel)
    service = ApprovalService(store, actor="clerk01", **OFFICE)
    assert service.get(rid)["state"] == "withdrawn"
    with store.session() as s:
        assert [r.detail for r in s.query(AuditRow).filter(AuditRow.action == "approval.withdrawn")][0].endswith("理由填错")
    assert "已撤回审批申请" in panel.message_label.text()
    panel.withdraw_pending_approval("")                       # nothing left to withdraw: said
    idle(qtbot, panel)
    assert "没有待审批的申请" in panel.message_label.text()
    # a new request can be raised at once
    assert service.request(cid, "rejection")["state"] == "pending"
