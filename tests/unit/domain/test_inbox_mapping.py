"""The pure mapping of the centre's case updates onto a case at the counter (domain.case_updates)."""

from dataclasses import replace
from datetime import datetime

import pytest

from counter_app.domain import case_updates as cu
from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.catalog import OutcomeKind
from counter_app.reference.catalog import load_catalog

NOW = datetime(2026, 3, 2, 10, 0)
MALE_1960 = "110105196001010017"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def make(service, state=CaseState.accepted, variants=(), **kw):
    return Case(id="c1", service_code=service.code, catalog_version="t", applicant_type="individual",
                variants=tuple(variants), state=state, applicant={"name": "张三", "id_number": MALE_1960}, **kw)


def record(case, s, code, result="done", **kw):
    rec = case_engine.record_step(case, s, code, result, actor="clerk01", at=NOW, **kw)
    case.steps.append(rec)
    return rec


def plan(kind, payload, case, s, actor="clerk01"):
    return cu.plan_update(kind, payload, case, s, actor=actor, at=NOW, case_ref="c1")


def decision(escalation, decision="approved", **extra):
    return {"escalation": escalation, "decision": decision, "posted_by": "supervisor01", **extra}


def transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent", "sheet_awaited")):
    s = catalog.get("transfer_in")
    case = make(s)
    from counter_app.printing.samples import sample_decision_data

    for code in upto:
        record(case, s, code, data=sample_decision_data("transfer_in") if code == "letter_generated" else None)
    return s, case


def test_info_sheet_completes_the_waiting_step_with_the_sheet_data(catalog):
    s, case = transfer_waiting_sheet(catalog)
    p = plan(cu.KIND_INFO_SHEET, {"sheet": {"sheet_no": "XB-7", "months": 120}, "posted_by": "supervisor01"}, case, s)
    assert p.outcome == cu.APPLIED and p.decided_by == "supervisor01"
    assert [(a.step_code, a.result) for a in p.actions] == [("sheet_received", "done")]
    assert p.actions[0].data["sheet"] == {"sheet_no": "XB-7", "months": 120}


def test_info_sheet_also_ends_the_waiting_when_it_was_not_marked(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent"))
    p = plan(cu.KIND_INFO_SHEET, {"sheet": {"sheet_no": "1"}}, case, s)
    assert [a.step_code for a in p.actions] == ["sheet_awaited", "sheet_received"]


def test_info_sheet_before_the_letter_was_sent_is_not_applicable(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated",))
    p = plan(cu.KIND_INFO_SHEET, {"sheet": {}}, case, s)
    assert p.outcome == cu.NOT_APPLICABLE and not p.actions and "请先办理步骤「传送《" in p.note


def test_info_sheet_twice_or_in_the_wrong_state_is_not_applicable(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent", "sheet_awaited", "sheet_received"))
    again = plan(cu.KIND_INFO_SHEET, {"sheet": {}}, case, s)
    assert again.outcome == cu.NOT_APPLICABLE and "已办理" in again.note
    draft = plan(cu.KIND_INFO_SHEET, {"sheet": {}}, replace(case, state=CaseState.review), s)
    assert draft.outcome == cu.NOT_APPLICABLE and "受理审核" in draft.note
    other = catalog.get("pension")
    p = plan(cu.KIND_INFO_SHEET, {"sheet": {}}, make(other, variants=("normal",)), other)
    assert p.outcome == cu.NOT_APPLICABLE and "没有「收到信息表」步骤" in p.note


def test_after_a_failed_review_a_new_sheet_is_received_again(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent", "sheet_awaited", "sheet_received"))
    record(case, s, "sheet_reviewed", "failed", data={"reason": "月数不符"})
    # the failed review itself waits for the supervisor; the re-sent sheet is still received
    p = plan(cu.KIND_INFO_SHEET, {"sheet": {"sheet_no": "2"}}, case, s)
    assert p.outcome == cu.APPLIED and [a.step_code for a in p.actions] == ["sheet_received"]


def test_unknown_case_and_unknown_kind(catalog):
    assert plan(cu.KIND_INFO_SHEET, {}, None, None).outcome == cu.UNKNOWN_CASE
    assert "c1" in plan(cu.KIND_ESCALATION, {}, None, None).note
    s, case = transfer_waiting_sheet(catalog)
    assert plan("case.something_else", {}, case, s).outcome == cu.NOT_APPLICABLE


def test_sheet_review_decided_at_the_centre(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent", "sheet_awaited", "sheet_received"))
    ok = plan(cu.KIND_ESCALATION, decision("info_sheet_review"), case, s)
    assert ok.outcome == cu.APPROVED
    assert [(a.step_code, a.result, a.approved_by) for a in ok.actions] == [("sheet_reviewed", "passed", "supervisor01")]
    no = plan(cu.KIND_ESCALATION, decision("info_sheet_review", "refused", reason="缴费月数与凭证不符"), case, s)
    assert no.outcome == cu.REFUSED and "缴费月数与凭证不符" in no.note
    assert [(a.step_code, a.result, a.data["reason"]) for a in no.actions] == [("sheet_reviewed", "failed", "缴费月数与凭证不符")]


def test_recorded_step_waiting_for_the_supervisor_gets_the_approval(catalog):
    s, case = transfer_waiting_sheet(catalog, upto=("letter_generated", "letter_sent", "sheet_awaited", "sheet_received"))
    record(case, s, "sheet_reviewed", "passed")      # recorded without approver: 等待主管审批
    ok = plan(cu.KIND_ESCALATION, decision("info_sheet_review"), case, s)
    assert ok.outcome == cu.APPROVED and ok.actions == (cu.ApproveRecordedStep("sheet_reviewed", "supervisor01"),)
    no = plan(cu.KIND_ESCALATION, decision("info_sheet_review", "refused", reason="签章不清"), case, s)
    assert no.outcome == cu.REFUSED and not no.actions and "签章不清" in no.note and "supervisor01" in no.note
    # the clerk cannot approve their own step
    own = plan(cu.KIND_ESCALATION, decision("info_sheet_review", posted_by="clerk01"), case, s)
    assert own.outcome == cu.NOT_APPLICABLE and "审批人不能是经办人本人" in own.note
    # once approved, a second approval finds nothing waiting
    case.steps[-1] = replace(case.steps[-1], approved_by="supervisor01")
    again = plan(cu.KIND_ESCALATION, decision("info_sheet_review"), case, s)
    assert again.outcome == cu.NOT_APPLICABLE


def test_failed_fingerprint_approved_means_waived(catalog):
    s = catalog.get("pension")
    case = make(s, variants=("normal",))
    record(case, s, "fingerprint", "failed", data={"reason": "双手手指残缺"})
    p = plan(cu.KIND_ESCALATION, decision("fingerprint_unavailable"), case, s)
    assert p.outcome == cu.APPROVED
    assert [(a.step_code, a.result, a.approved_by) for a in p.actions] == [("fingerprint", "waived", "supervisor01")]
    # approving a waiver nobody asked for does not fit
    fresh = make(s, variants=("normal",))
    assert plan(cu.KIND_ESCALATION, decision("fingerprint_unavailable"), fresh, s).outcome == cu.NOT_APPLICABLE


def test_rejection_approved_decides_not_eligible_refused_keeps_review(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, state=CaseState.review)
    case.condition_answers["not_yet_registered"] = case_engine.ConditionResult(False, ("已在本市参保",))
    p = plan(cu.KIND_ESCALATION, decision("rejection"), case, s)
    assert p.outcome == cu.APPROVED and p.actions == (cu.DecideAcceptance(OutcomeKind.not_eligible, "supervisor01"),)
    no = plan(cu.KIND_ESCALATION, decision("rejection", "refused", reason="请再核实参保记录"), case, s)
    assert no.outcome == cu.REFUSED and not no.actions and "请再核实参保记录" in no.note
    # the checklist does not say 不予受理: the approval cannot force it
    fine = make(s, state=CaseState.review)
    assert plan(cu.KIND_ESCALATION, decision("rejection"), fine, s).outcome == cu.NOT_APPLICABLE
    # nothing waits for a rejection approval once the case is accepted
    assert plan(cu.KIND_ESCALATION, decision("rejection"), replace(case, state=CaseState.accepted), s).outcome \
        == cu.NOT_APPLICABLE


def test_denial_approved_approves_the_verification_and_denies(catalog):
    s = catalog.get("pension")
    case = make(s, variants=("special_work_type",))
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    record(case, s, "publicity", "objection", data={"objection": "举报"}, approved_by="chief02")
    record(case, s, "verification", "not_eligible", data={"finding": "档案显示其从事一般岗位"})
    p = plan(cu.KIND_ESCALATION, decision("denial"), case, s)
    assert p.outcome == cu.APPROVED
    assert p.actions == (cu.ApproveRecordedStep("verification", "supervisor01"),
                         cu.Deny(("档案显示其从事一般岗位",), "supervisor01", maker="clerk01"))
    with_reasons = plan(cu.KIND_ESCALATION, decision("denial", reasons=["不符合特殊工种条件"]), case, s)
    assert with_reasons.actions[-1].reasons == ("不符合特殊工种条件",)


@pytest.mark.parametrize("payload, text", [
    ({"escalation": "nope", "decision": "approved", "posted_by": "s"}, "审批点不认识"),
    ({"escalation": "rejection", "decision": "maybe", "posted_by": "s"}, "同意（approved）或不同意"),
    ({"escalation": "rejection", "decision": "approved"}, "未注明审批人"),
])
def test_incomplete_decisions_are_invalid_with_a_chinese_note(catalog, payload, text):
    s = catalog.get("reg_enroll")
    p = plan(cu.KIND_ESCALATION, payload, make(s, state=CaseState.review), s)
    assert p.outcome == cu.INVALID and text in p.note and not p.actions
