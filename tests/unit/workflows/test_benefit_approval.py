"""A benefit decision over the graded authorisation table's parameters waits for a supervisor
(issue 14, 7.3.2): no 核准决定书 number, nothing printed, the case not advanced until approved;
on site here (the centre's path is in tests/integration/test_benefit_approval_centre.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from counter_app.domain.authorisation import benefit_terms
from counter_app.domain.case_engine import ApprovalNeeded, CaseState, TransitionRefused
from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import SAMPLE_RULE_FACTS, sample_fields
from counter_app.reference.authorisation import default_authorisation
from counter_app.workflows.accept import Draft, accept_draft, act_and_close
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService, approval_status
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.cases import NOW
from tests.support.approvals import TEST_APPROVAL_KEY

PENSIONER_1965 = "440304196512150012"   # born 1965-12: the sample pension figures (60岁3个月) are his
GATED = default_authorisation().decisions_gated(NOW.date())


def _svc(store, actor="clerk01"):
    return CaseWorkflow(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                       now=lambda: NOW, approvals_required=GATED, authorisation=default_authorisation)


def _approvals(store, actor="clerk01"):
    return ApprovalService(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=default_authorisation, today=lambda: NOW.date())


def _at_decision(store, id_number: str = PENSIONER_1965):
    workflow = _svc(store)
    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": {"name": "李四", "id_number": id_number}, "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(workflow, draft).case_id
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.record_step(cid, "review", "done")
    assert workflow.get(cid).next_step == "decision"
    return workflow, cid


def _pension(start_month: str) -> dict:
    return {**sample_fields(DocumentKind.pension_approval_decision)["pension"], "start_month": start_month}


def _sup(name="supervisor01", level=1):
    return p.UserInfo(username=name, display_name="科长", roles=["supervisor"], office_code="FT", approval_level=level)


def test_terms_of_a_benefit_decision():
    on = date(2026, 3, 2)
    t = benefit_terms({"pension": {"start_month": "2025-06", "total": "4824.81"}}, on)
    assert (t.back_pay_months, t.amount) == (9, Decimal("43423.29"))          # 2025-06 … 2026-02
    assert benefit_terms({"pension": {"start_month": "2026-04", "total": "4824.81"}}, on).back_pay_months == 0
    assert benefit_terms({"death_benefits": {"total": "58643.00"}}, on).amount == Decimal("58643.00")
    assert benefit_terms({"account": {"year": "2025"}}, on) is None
    assert "benefit_decision" in {e.value for e in GATED}


def test_within_the_parameters_the_decision_is_issued_at_once(store):
    workflow, cid = _at_decision(store)
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-09")}))
    assert not done.approval_id and done.state is CaseState.archived      # 6 months back pay: no approval
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "pension_approval_decision"]
    assert doc["status"] == "issued" and "approver" not in doc["fields"]


def test_over_the_back_pay_parameter_nothing_is_issued_until_a_supervisor_approves(store):
    workflow, cid = _at_decision(store)
    with pytest.raises(ApprovalNeeded, match="补发 9 个月.*须科长审批"):
        workflow.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")})
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    assert done.approval_id and done.state is CaseState.accepted and not done.closed
    view = workflow.get(cid)
    assert view.next_step == "decision"                                   # not advanced
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice"]   # no 核准决定书, no number
    assert approval_status(store, cid).startswith("待审批：待遇核定")
    # asking again names the same request; other figures are refused while it waits
    again = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    assert again.approval_id == done.approval_id
    with pytest.raises(TransitionRefused, match="已有待审批"):
        act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-05")}))

    approvals = _approvals(store)
    [req] = approvals.list(case_id=cid)
    assert req["required_level"] == 1 and req["details"]["terms"]["back_pay_months"] == 9
    with pytest.raises(ApprovalRefused, match="经办人本人"):
        approvals.decide_on_site(req["id"], _sup("clerk01", 2), approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    decided = approvals.decide_on_site(req["id"], _sup(), approve=True, reason="补发核实无误", approval_key=TEST_APPROVAL_KEY)
    assert decided["state"] == "approved"
    view = workflow.get(cid)
    rec = view.case.steps[-1]
    assert rec.step_code == "decision" and rec.approved_by == "supervisor01" and rec.actor == "clerk01"
    assert rec.escalation.value == "benefit_decision"
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "pension_approval_decision"]
    assert doc["status"] == "issued" and doc["number"] and doc["fields"]["approver"] == "科长"   # by name, not login
    assert doc["fields"]["pension"]["start_month"] == "2025-06"            # what was approved


def test_a_one_off_amount_over_the_threshold_needs_the_director_and_a_rejection_returns_it(store):
    workflow = _svc(store)
    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(workflow, draft).case_id
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.record_step(cid, "review", "done")
    # 4824.81 × 12 months back pay = 57,897.72 > 50,000: 中心主任 (2)
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-03")}))
    approvals = _approvals(store)
    req = approvals.get(done.approval_id)
    assert req["required_level"] == 2
    with pytest.raises(ApprovalRefused, match="审批级别不足"):
        approvals.decide_on_site(req["id"], _sup(level=1), approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    approvals.decide_on_site(req["id"], _sup("director01", 2), approve=False, reason="补发起始月有误，请核实", approval_key=TEST_APPROVAL_KEY)
    assert approval_status(store, cid).startswith("已驳回") and "补发起始月有误" in approval_status(store, cid)
    assert workflow.get(cid).next_step == "decision"                          # returned to the clerk
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice"]
    # corrected, within the parameters: issued without approval
    fixed = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-12")}))
    assert not fixed.approval_id and fixed.closed


def test_a_decision_from_the_centre_records_the_requests_data_never_the_updates(store):
    """Tester (supervisor B1): the counter recorded the 核定 step with the figures in the centre's
    update (a 科长 had rewritten the total), and issued a 核准决定书 from them. It now records the
    data of the request the clerk raised here; an update whose figures differ is not applied."""
    from counter_app.workflows import inbox
    from tests.support.cases import pulled_update

    workflow, cid = _at_decision(store)
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    [req] = _approvals(store).list(case_id=cid)
    changed = {"pension": {**_pension("2025-06"), "total": "9999.00"}}
    decision = {"escalation": "benefit_decision", "decision": "approved", "reason": "同意", "posted_by": "director01",
                "maker": "clerk01", "request_id": done.approval_id, "step_code": "decision", "result": "done"}
    pulled_update(store, 1, cid, {**decision, "data": changed}, "case.escalation_decision")
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, **OFFICE)
    assert [u.outcome for u in r.unapplied] == ["not_applicable"] and "核定数据" in r.unapplied[0].note
    assert workflow.get(cid).next_step == "decision"
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice"]
    # the centre's decision carries no figures of its own: the request's are recorded
    pulled_update(store, 2, cid, decision, "case.escalation_decision")
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, **OFFICE)
    assert [a.outcome for a in r.applied] == ["approved"], r
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "pension_approval_decision"]
    assert doc["fields"]["pension"]["total"] == req["details"]["data"]["pension"]["total"] != "9999.00"
    # a decision that answers no request raised here records nothing
    from counter_app.domain.case_updates import plan_update

    from tests.support.cases import man_born_like

    other, cid2 = _at_decision(store, man_born_like(PENSIONER_1965, 2))   # another person: one pension case at a time
    case, service = other.find(cid2)
    plan = plan_update("case.escalation_decision", {**decision, "data": changed}, case, service, actor="clerk01",
                       at=NOW, requested=None)
    assert not plan.actions and "没有该办件等待" in plan.note


OFFICE = dict(office="福田分局", office_code="FT", workstation_id="FT-W01")
