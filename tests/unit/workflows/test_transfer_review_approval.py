"""s7 transfer_clerk item 7: the 审批点 信息表审核 (info_sheet_review) is enforced. The clerk's 审核通过 /
不通过 of a received 转移接续信息表 is not recorded until a supervisor approves it (the shipped
authorisation table gates it, level 1): the request carries the result and its reason, the case
shows 待审批, and the approval records exactly what was asked."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain import case_updates as cu
from counter_app.domain.case_engine import ApprovalNeeded, CaseState
from counter_app.domain.catalog import Escalation
from counter_app.reference.authorisation import default_authorisation
from counter_app.reference.catalog import load_catalog
from counter_app.workflows.accept import act_and_close
from counter_app.workflows.approvals import ApprovalService, approval_status
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import ready_case

NOW = datetime(2026, 3, 2, 10, 0)
PERSON_ID = "110105196001010017"
GATED = default_authorisation().decisions_gated(NOW.date())


def _svc(store, actor="clerk01"):
    return CaseWorkflow(store, actor=actor, catalog=load_catalog(), office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW, approvals_required=GATED,
                        authorisation=default_authorisation)


def _approvals(store):
    return ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=default_authorisation, today=lambda: NOW.date())


def _sup(name="supervisor01"):
    return p.UserInfo(username=name, display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)


def _at_review(store):
    workflow = _svc(store)
    cid = ready_case(workflow, "transfer_in", applicant={"name": "张伟", "id_number": PERSON_ID})
    workflow.decide(cid, expected="accepted")
    workflow.record_transfer_step(cid, "letter_generated", data={"transfer": {
        "from_region": "湖南省长沙市", "from_agency": "长沙市社会保险服务中心"}})
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        workflow.record_transfer_step(cid, code)
    assert workflow.get(cid).next_step == "sheet_reviewed"
    return workflow, cid


def test_the_shipped_table_gates_the_info_sheet_review():
    table = default_authorisation()
    assert table.required_level(Escalation.info_sheet_review, NOW.date()) == 1
    assert Escalation.info_sheet_review in GATED


def test_a_passed_review_waits_for_the_supervisor_and_is_recorded_when_approved(store):
    workflow, cid = _at_review(store)
    with pytest.raises(ApprovalNeeded, match="审核通过.*须科长审批"):
        workflow.record_transfer_step(cid, "sheet_reviewed", passed=True)
    done = act_and_close(workflow, cid, lambda s: s.record_transfer_step(cid, "sheet_reviewed", passed=True))
    assert done.approval_id and done.state is CaseState.accepted and not done.closed
    view = workflow.get(cid)
    assert view.next_step == "sheet_reviewed"                       # not advanced: nothing recorded
    assert not [r for r in view.case.steps if r.step_code == "sheet_reviewed"]
    assert approval_status(store, cid).startswith("待审批：审核收到的转移接续信息表")
    approvals = _approvals(store)
    req = approvals.get(done.approval_id)
    assert req["required_level"] == 1 and req["details"]["result"] == "passed"
    approvals.decide_on_site(req["id"], _sup(), approve=True, reason="信息表核对无误", approval_key=TEST_APPROVAL_KEY)
    rec = workflow.get(cid).case.steps[-1]
    assert (rec.step_code, rec.result, rec.actor, rec.approved_by) == ("sheet_reviewed", "passed", "clerk01", "supervisor01")
    assert workflow.get(cid).next_step == "continued"


def test_a_failed_review_is_recorded_as_asked_with_its_reason(store):
    workflow, cid = _at_review(store)
    done = act_and_close(workflow, cid, lambda s: s.record_transfer_step(
        cid, "sheet_reviewed", passed=False, reason="缴费月数与凭证不符"))
    approvals = _approvals(store)
    req = approvals.get(done.approval_id)
    assert req["details"]["result"] == "failed" and req["details"]["data"]["reason"] == "缴费月数与凭证不符"
    approvals.decide_on_site(req["id"], _sup(), approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    rec = workflow.get(cid).case.steps[-1]
    assert (rec.result, rec.approved_by, rec.data["reason"]) == ("failed", "supervisor01", "缴费月数与凭证不符")
    assert workflow.get(cid).next_step == "sheet_received"           # a new sheet is awaited


def test_a_centre_decision_records_the_result_the_request_carries(store):
    workflow, cid = _at_review(store)
    case, service = workflow.find(cid)
    payload = {"escalation": "info_sheet_review", "decision": "approved", "reason": "同意", "posted_by": "supervisor01",
               "maker": "clerk01", "step_code": "sheet_reviewed", "result": "failed", "data": {"reason": "签章不清"}}
    plan = cu.plan_update(cu.KIND_ESCALATION, payload, case, service, actor="clerk01", at=NOW)
    [action] = plan.actions
    assert (action.result, action.data["reason"], action.approved_by) == ("failed", "签章不清", "supervisor01")
    # refusing the clerk's 不通过 records nothing: the clerk reviews again
    refused = cu.plan_update(cu.KIND_ESCALATION, {**payload, "decision": "refused"}, case, service,
                             actor="clerk01", at=NOW)
    assert refused.outcome == cu.REFUSED and not refused.actions
    # a supervisor's own decision without a request's result is still a 审核通过
    own = {k: v for k, v in payload.items() if k not in ("result", "data", "maker")}
    [passed] = cu.plan_update(cu.KIND_ESCALATION, own, case, service, actor="clerk01", at=NOW).actions
    assert passed.result == "passed"
    # the maker cannot approve their own request
    mine = cu.plan_update(cu.KIND_ESCALATION, {**payload, "posted_by": "clerk01"}, case, service, actor="clerk01", at=NOW)
    assert mine.outcome == cu.NOT_APPLICABLE and not mine.actions
