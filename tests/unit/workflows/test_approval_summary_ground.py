"""A 注销参保 approval request says what is cancelled. Review (tester "onsite" 5): an accepted 注销
case's request read 「注销登记/停止参保（受理审核）申请注销参保：」 and nothing after the colon — the
default summary took only the engine's reasons or the clerk's note, and an accepted case has neither."""

from __future__ import annotations

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import Escalation, OutcomeKind
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import man_born_1960


def test_a_reg_cancel_request_names_its_ground_and_the_masked_person(store):
    person = {"name": "张三丰", "id_number": man_born_1960(116), "phone": "13800138000"}
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            approvals_required={Escalation.rejection, Escalation.reg_cancel})
    result = accept_draft(workflow, Draft.from_json({"service": "reg_cancel", "applicant_type": "individual",
                                                     "applicant": person, "materials": "all",
                                                     "variants": ["person.labour_ended"]}))
    assert workflow.get(result.case_id).outcome.kind is OutcomeKind.accepted
    assert result.state is CaseState.review and result.approval_id
    approvals = ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01")
    [req] = approvals.list(case_id=result.case_id)
    summary = req["summary"]
    assert not summary.endswith("："), summary
    assert "申请注销参保：" in summary and "中止劳动关系" in summary and "张**" in summary, summary
    masked = person["id_number"][:6] + "*" * 8 + person["id_number"][-4:]
    assert masked in summary and person["id_number"] not in summary and "张三丰" not in summary, summary

