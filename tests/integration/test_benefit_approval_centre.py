"""A benefit decision over the table's parameters waits for a supervisor, end to end with the
centre on PostgreSQL (issue 14): the clerk's case shows 待审批, no 核准决定书 is issued; a supervisor
approves at the centre (集中授权) and the case continues with the decision issued under the 审批人
line; a rejection returns the step to the clerk with the reason."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.case_engine import CaseState
from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import SAMPLE_RULE_FACTS, sample_fields
from counter_app.workflows.accept import Draft, accept_draft, act_and_close
from counter_app.workflows.approvals import approval_status
from counter_app.workflows.inbox import refusals_by_step
from tests.integration.test_approvals import _decide, rig  # noqa: F401  (the fixture)
from tests.support.central import login_client

pytestmark = pytest.mark.integration
MALE_1960 = "110105196001010017"
PENSIONER_1965 = "440304196512150012"   # born 1965-12: the sample pension figures are his


def _months_ago(n: int) -> str:
    today = date.today()
    i = today.year * 12 + today.month - 1 - n
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def _at_decision(w) -> str:
    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(w.cases, draft).case_id
    w.cases.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    w.cases.record_step(cid, "review", "done")
    assert w.cases.get(cid).next_step == "decision"
    return cid


def _decision(w, cid: str, back_months: int):
    pension = {**sample_fields(DocumentKind.pension_approval_decision)["pension"], "start_month": _months_ago(back_months)}
    return act_and_close(w.cases, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": pension}))


def _decisions(w, cid):
    return [d for d in w.cases.documents(cid) if d["kind"] == "pension_approval_decision"]


def test_over_the_back_pay_parameter_the_decision_waits_for_the_centres_approval(rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    cid = _at_decision(a)
    asked = _decision(a, cid, 8)                   # 8 months' back pay > 6: 科长
    assert asked.approval_id and asked.state is CaseState.accepted
    assert approval_status(a.store, cid).startswith("待审批：待遇核定")
    assert _decisions(a, cid) == []                # no 核准决定书, no number, nothing to print
    a.sync()

    # the centre holds it for the office's supervisors; the maker cannot approve it
    c = login_client(central_server.url, "supervisor01")
    try:
        [req] = [r for r in c.approvals("pending").items if r.id == asked.approval_id]
    finally:
        c.close()
    assert req.action == "benefit_decision" and req.required_level == 1 and req.details["step_code"] == "decision"
    assert "补发 8 个月" in req.summary
    decided = _decide(central_server.url, "supervisor01", req.id, "approved", "补发月数核实无误")
    assert decided.state.value == "approved"

    a.sync()
    view = a.cases.get(cid)
    rec = view.case.steps[-1]
    assert rec.step_code == "decision" and rec.approved_by == "supervisor01" and rec.actor == "clerk01"
    [doc] = _decisions(a, cid)
    assert doc["status"] == "issued" and doc["number"]
    assert doc["fields"]["approver"] == "科长01" and doc["fields"]["clerk"] == "窗口经办员01"   # as the centre names them
    assert approval_status(a.store, cid).startswith("已批准")
    assert view.next_step != "decision"            # the case continues


def test_a_rejection_at_the_centre_returns_the_decision_to_the_clerk(rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    cid = _at_decision(a)
    asked = _decision(a, cid, 12)                  # 12 × 4824.81 = 57,897.72 > 50,000: 中心主任
    a.sync()
    from counter_app.sync.client import RequestRejected

    with pytest.raises(RequestRejected, match="审批级别不足"):
        _decide(central_server.url, "supervisor01", asked.approval_id)
    _decide(central_server.url, "director01", asked.approval_id, "rejected", "补发起始月与档案不符")
    a.sync()
    assert _decisions(a, cid) == []
    assert a.cases.get(cid).next_step == "decision"                       # returned to the clerk
    assert "补发起始月与档案不符" in refusals_by_step(a.store, cid)["decision"]
    assert approval_status(a.store, cid).startswith("已驳回")
    # corrected figures within the parameters: issued at once
    done = _decision(a, cid, 2)
    assert not done.approval_id and len(_decisions(a, cid)) == 1
