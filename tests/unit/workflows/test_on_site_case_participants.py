"""Tester (supervisor B2, B9): 现场授权 checked only the maker — a 科长 who had accepted the case
(with their clerk role) approved the 不予受理 another clerk asked for, the counter carried it out
and printed, and the centre refused it on the next sync. The counter now refuses everyone who
worked on the case here, on the spot, in words about the case (not a certification)."""

from __future__ import annotations

import pytest

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import Escalation
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import MALE_1960

OFFICE = dict(office="福田分局", office_code="FT", workstation_id="FT-W01")


def _sup(name: str, display: str) -> p.UserInfo:
    return p.UserInfo(username=name, display_name=display, roles=["supervisor", "clerk"], office_code="FT",
                      approval_level=2)


def test_a_supervisor_who_accepted_the_case_is_refused_on_site(store):
    workflow = CaseWorkflow(store, actor="supervisor01", clerk_name="科长01",
                            approvals_required={Escalation.rejection}, **OFFICE)
    result = accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": MALE_1960},
        "conditions": {"not_yet_registered": "已在本市参保"}}))
    assert result.state is CaseState.review and result.approval_id
    ApprovalService(store, actor="supervisor01", **OFFICE).withdraw(result.approval_id)
    clerk = ApprovalService(store, actor="clerk01", names={"clerk01": "窗口经办员01"}, **OFFICE)
    rid = clerk.request(result.case_id, "rejection")["id"]
    with pytest.raises(ApprovalRefused) as refused:
        clerk.decide_on_site(rid, _sup("supervisor01", "科长01"), approve=True, reason="核实", approval_key=TEST_APPROVAL_KEY)
    assert "参与了该办件的办理" in refused.value.reason and "认证" not in refused.value.reason
    assert clerk.get(rid)["state"] == "pending" and workflow.get(result.case_id).case.state is CaseState.review
    # someone who never worked on the case decides it
    done = clerk.decide_on_site(rid, _sup("director01", "中心主任01"), approve=True, reason="核实",
                                approval_key=TEST_APPROVAL_KEY)
    assert done["state"] == "approved" and workflow.get(result.case_id).case.state is CaseState.rejected


def test_a_supervisor_who_worked_on_a_benefit_case_cannot_approve_its_decision_on_site(store):
    """The 核定 a clerk holds back for approval: the 科长 who accepted the case and took its
    fingerprint is refused before any 核准决定书 is issued."""
    from tests.unit.workflows.test_benefit_approval import GATED, PENSIONER_1965, _pension
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.reference.authorisation import default_authorisation
    from counter_app.workflows.accept import act_and_close
    from tests.support.cases import NOW

    def cases(actor):
        return CaseWorkflow(store, actor=actor, now=lambda: NOW, approvals_required=GATED,
                            authorisation=default_authorisation, **OFFICE)

    sup = cases("supervisor01")
    cid = accept_draft(sup, Draft.from_json({
        "service": "pension", "applicant_type": "individual", "variants": ["normal"], "materials": "all",
        "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "facts": dict(SAMPLE_RULE_FACTS["pension"])})).case_id
    sup.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    clerk = cases("clerk01")
    clerk.record_step(cid, "review", "done")
    held = act_and_close(clerk, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    approvals = ApprovalService(store, actor="clerk01", authorisation=default_authorisation,
                                today=lambda: NOW.date(), **OFFICE)
    with pytest.raises(ApprovalRefused, match="参与了该办件的办理"):
        approvals.decide_on_site(held.approval_id, _sup("supervisor01", "科长01"), approve=True, reason="同意",
                                 approval_key=TEST_APPROVAL_KEY)
    assert [d["kind"] for d in clerk.documents(cid)] == ["acceptance_notice"]          # nothing issued
