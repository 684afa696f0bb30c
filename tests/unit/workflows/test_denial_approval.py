"""A 不予认定 (6.6.1.1.1.3 / 6.6.1.1.2.4) is never the clerk's alone (7.3.2 实行业务分级管理、审批权限
分级授权): the 核查 that found the person ineligible is recorded and waits; the 《不予认定决定书》 is
issued only once a supervisor approves — on site here, or from the centre (the pulled decision) —
with the shipped table, and with a table published without the rule."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.authorisation import table_from_dict
from counter_app.domain.case_engine import ApprovalNeeded, CaseState, TransitionRefused
from counter_app.domain.catalog import Escalation
from counter_app.printing.samples import SAMPLE_RULE_FACTS
from counter_app.reference.authorisation import default_authorisation, shipped_content
from counter_app.workflows.accept import Draft, accept_draft, act_and_close
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import NOW

PENSIONER_1965 = "440304196512150012"
REASON = "经核查，参保人不符合特殊工种提前退休条件"


def _without_denial_rule():
    """A table the centre published without a 不予认定 rule (or one switching it off)."""
    content = shipped_content()
    rules = [r for r in content["rules"] if r["action"] != "denial"]
    rules.append({"action": "denial", "level": 0, "effective_from": "2024-01-01"})
    return table_from_dict({**content, "rules": rules})


def _svc(store, table=None, actor="clerk01"):
    table = table or default_authorisation()
    return CaseWorkflow(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                        now=lambda: NOW, approvals_required=table.decisions_gated(NOW.date()),
                        authorisation=lambda: table)


def _approvals(store, table=None, actor="clerk01"):
    table = table or default_authorisation()
    return ApprovalService(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=lambda: table, today=lambda: NOW.date())


def _sup(name="supervisor01", level=1):
    return p.UserInfo(username=name, display_name="李科长", roles=["supervisor"], office_code="FT", approval_level=level)


def _found_ineligible(workflow) -> str:
    """特殊工种 pension accepted, fingerprint, 公示 with an objection, 核查 found not eligible."""
    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["special_work_type"],
                             "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(workflow, draft).case_id
    assert workflow.get(cid).case.state is CaseState.accepted
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.start_publicity(cid, start="2026-03-02", end="2026-03-02", work_type="井下作业", years="10")
    workflow.close_publicity(cid, objection="群众反映其未从事井下作业")
    # the finding is the clerk's to record; it waits for the approval of the decision it leads to
    rec = workflow.record_verification(cid, eligible=False, finding="单位台账显示其为行政岗位")
    assert rec.escalation is Escalation.denial and not rec.approved_by
    return cid


def test_the_shipped_table_and_any_table_gate_the_denial():
    shipped = default_authorisation()
    on = NOW.date()
    assert Escalation.denial in shipped.decisions_gated(on)
    assert shipped.required_level(Escalation.denial, on) == 1
    assert [r for r in shipped.describe(on) if r["action"] == "denial"][0]["note"] == "每一份不予认定决定书"
    bare = _without_denial_rule()
    assert Escalation.denial in bare.decisions_gated(on) and Escalation.denial in bare.approvals_required(on)
    assert bare.required_level(Escalation.denial, on) == 1 and bare.required_level(Escalation.denial, date(2023, 1, 1)) == 1
    assert table_from_dict({"rules": []}).decisions_gated(on) == frozenset({Escalation.denial})


@pytest.mark.parametrize("table", [None, _without_denial_rule()], ids=["shipped", "published_without_rule"])
def test_the_clerk_alone_cannot_deny(store, table):
    workflow = _svc(store, table)
    cid = _found_ineligible(workflow)
    with pytest.raises(ApprovalNeeded, match="「不予认定决定」须经负责人审批"):
        workflow.deny(cid, [REASON])
    with pytest.raises(TransitionRefused, match="审批人不能是经办人本人"):
        workflow.deny(cid, [REASON], approved_by="clerk01")
    view = workflow.get(cid)
    assert view.case.state is CaseState.accepted
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice", "special_work_publicity"]
    view = workflow.deny(cid, [REASON], approved_by="supervisor01")
    assert view.case.state is CaseState.denied
    last = workflow.history(cid)[-1]
    assert (last["approved_by"], last["escalation"], last["actor"]) == ("supervisor01", "denial", "clerk01")
    doc = workflow.documents(cid)[-1]
    assert doc["kind"] == "pension_denial_decision" and doc["fields"]["reasons"] == [REASON]


def test_the_window_asks_for_approval_and_the_supervisor_approves_on_site(store):
    """The window's 不予认定 (act_and_close, as the panel does): a request for the supervisor carrying the
    reasons; nothing issued. Approved on site, the case is denied with the clerk's reasons, the clerk
    its actor, the supervisor its approver; the maker can never approve it."""
    table = _without_denial_rule()
    workflow = _svc(store, table)
    cid = _found_ineligible(workflow)
    done = act_and_close(workflow, cid, lambda s: s.deny(cid, [REASON]), close=False)
    assert done.approval_id and done.state is CaseState.accepted
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice", "special_work_publicity"]
    again = act_and_close(workflow, cid, lambda s: s.deny(cid, [REASON]), close=False)
    assert again.approval_id == done.approval_id                       # the pending one, not a second
    approvals = _approvals(store, table)
    req = approvals.get(done.approval_id)
    assert req["action"] == "denial" and req["required_level"] == 1 and req["maker"] == "clerk01"
    assert req["details"]["reasons"] == [REASON] and req["details"]["step_code"] == "verification"
    assert REASON in req["summary"]
    with pytest.raises(ApprovalRefused, match="经办人本人"):
        approvals.decide_on_site(req["id"], _sup("clerk01"), approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    decided = approvals.decide_on_site(req["id"], _sup(), approve=True, reason="核查属实", approval_key=TEST_APPROVAL_KEY)
    assert decided["state"] == "approved"
    view = workflow.get(cid)
    assert view.case.state is CaseState.denied
    assert view.case.reasons == (REASON,)                              # the clerk's, never the checker's note
    last = workflow.history(cid)[-1]
    assert (last["approved_by"], last["escalation"], last["actor"]) == ("supervisor01", "denial", "clerk01")
    ver = [r for r in view.case.steps if r.step_code == "verification"][-1]
    assert ver.approved_by == "supervisor01"                           # the finding approved with it
    doc = workflow.documents(cid)[-1]
    assert doc["kind"] == "pension_denial_decision" and doc["fields"]["reasons"] == [REASON]


def test_a_pulled_centre_approval_denies_with_the_clerks_reasons(store):
    """集中授权: the decision the centre publishes for the request (its details' reasons) is carried out."""
    from counter_app.domain import case_updates as cu

    workflow = _svc(store)
    cid = _found_ineligible(workflow)
    done = act_and_close(workflow, cid, lambda s: s.deny(cid, [REASON]), close=False)
    req = _approvals(store).get(done.approval_id)
    payload = {"escalation": "denial", "decision": "approved", "reason": "同意", "posted_by": "supervisor01",
               **{k: req["details"][k] for k in ("step_code", "reasons")}}
    case, service = workflow.find(cid)
    plan = cu.plan_update(cu.KIND_ESCALATION, payload, case, service, actor="clerk01", at=NOW)
    assert plan.outcome == cu.APPROVED, plan.note
    deny = [a for a in plan.actions if isinstance(a, cu.Deny)]
    assert deny and deny[0].reasons == (REASON,) and deny[0].approved_by == "supervisor01"
