"""The pure case state machine: transitions, prechecks, steps, escalation points."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from counter_app.domain import case_engine
from counter_app.domain.catalog import Escalation, OutcomeKind
from counter_app.domain.case_engine import Case, CaseState, TransitionRefused
from counter_app.domain.checklist import Tick, TickState
from counter_app.domain.documents import DocumentKind
from counter_app.reference.catalog import load_catalog

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, 0)
MALE_1960 = "110105196001010017"    # valid citizen ID, man born 1960-01
PENSIONER_1965 = "440304196512150012"   # man born 1965-12: the sample pension figures are his
MALE_1966 = "110105196612010016"    # man born 1966-12: statutory 60y6m → 2027-06


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def make(service, applicant_type="individual", variants=(), state=CaseState.draft, **kw):
    applicant = kw.pop("applicant", {"name": "张三", "id_number": MALE_1960})
    return Case(id="c1", service_code=service.code, catalog_version="t", applicant_type=applicant_type,
                variants=tuple(variants), state=state, applicant=applicant, **kw)


def tick_all(case, service):
    for m in service.plan(case.applicant_type, case.variants).materials:
        case.ticks[m.code] = Tick(TickState.present)


def advance(case, t):
    return case_engine.with_state(case, t)


def test_illegal_transitions_are_refused_with_a_chinese_reason(catalog):
    s = catalog.get("reg_enroll")
    case = make(s)
    with pytest.raises(TransitionRefused, match="草稿.*不能办结"):
        case_engine.complete(case, s)
    with pytest.raises(TransitionRefused, match="不能归档"):
        case_engine.archive(case)
    with pytest.raises(TransitionRefused, match="须先提交受理审核"):
        case_engine.decide_acceptance(case, s, case_engine.evaluate(case, s, TODAY))
    with pytest.raises(TransitionRefused, match="不能转为「办结」"):
        case_engine.require_transition(case, CaseState.completed)
    done = replace(case, state=CaseState.completed)
    with pytest.raises(TransitionRefused, match="不能勾选材料"):
        case_engine.require_editable(done, "勾选材料")
    with pytest.raises(TransitionRefused, match="不能办理受理后的步骤"):
        case_engine.record_step(case, s, "register", actor="a", at=NOW)


def test_submit_requires_the_applicant_data(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, "unit", applicant={"unit_name": "某公司"})
    with pytest.raises(TransitionRefused, match="请填写统一社会信用代码"):
        case_engine.submit(case, s)
    s2 = catalog.get("reg_cancel")
    with pytest.raises(TransitionRefused, match="请选择"):
        case_engine.submit(make(s2), s2)


def test_decision_must_agree_with_the_checklist(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, state=CaseState.review)
    case.condition_answers["not_yet_registered"] = case_engine.ConditionResult(True)
    outcome = case_engine.evaluate(case, s, TODAY)
    assert outcome.kind is OutcomeKind.incomplete
    with pytest.raises(TransitionRefused, match="不能按「受理」办理"):
        case_engine.decide_acceptance(case, s, outcome, expected=OutcomeKind.accepted)
    t = case_engine.decide_acceptance(case, s, outcome, expected=OutcomeKind.incomplete)
    assert t.to_state is CaseState.returned and t.document is DocumentKind.guidance_notice


def test_precheck_invalid_id_gives_the_identifier_reason(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, state=CaseState.review, applicant={"name": "张三", "id_number": "110105196001010016"})
    results = case_engine.condition_results(case, s, TODAY)
    assert results["insured_id_valid"].met is False
    assert "校验" in results["insured_id_valid"].reasons[0]  # the check character is named


def test_precheck_pension_age_and_years_say_precisely_what_fails(catalog):
    s = catalog.get("pension")
    case = make(s, variants=("normal",), state=CaseState.review, applicant={"name": "李四", "id_number": MALE_1966},
                facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    tick_all(case, s)
    out = case_engine.evaluate(case, s, TODAY)
    assert out.kind is OutcomeKind.not_eligible and out.unmet_conditions == ("rule_5_6_1_1",)
    assert any("未达到法定退休年龄" in r and "2027-06" in r for r in out.reasons)
    assert any("累计缴费年限不足" in r for r in out.reasons)
    t = case_engine.decide_acceptance(case, s, out, actor="clerk01")
    assert t.to_state is CaseState.rejected and t.escalation is Escalation.rejection
    assert t.document is DocumentKind.rejection_decision


def test_precheck_without_facts_stays_pending_not_judged_on_defaults(catalog):
    s = catalog.get("pension")
    case = make(s, variants=("normal",), applicant={"name": "李四", "id_number": MALE_1960})
    assert case_engine.condition_results(case, s, TODAY)["rule_5_6_1_1"].met is None
    case.facts = {"contribution_months": 200, "benefit_place_shenzhen": True}
    assert case_engine.condition_results(case, s, TODAY)["rule_5_6_1_1"].met is True


def test_precheck_death_benefit_work_injury(catalog):
    s = catalog.get("death_benefit")
    case = make(s, "survivor", applicant={"name": "王五", "id_number": MALE_1960, "agent_name": "王六", "agent_id_number": MALE_1966},
                facts={"insured_in_shenzhen": True, "last_insured_place_shenzhen": True, "deceased": True,
                       "death_cause": "work_injury", "other_death_benefit_received": False})
    r = case_engine.condition_results(case, s, TODAY)["rule_5_6_1_3"]
    assert r.met is False and "因工死亡" in r.reasons[0]


def test_rejection_can_require_supervisor_approval(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, state=CaseState.review)
    case.condition_answers["not_yet_registered"] = case_engine.ConditionResult(False)
    out = case_engine.evaluate(case, s, TODAY)
    with pytest.raises(TransitionRefused, match="须经负责人审批"):
        case_engine.decide_acceptance(case, s, out, actor="clerk01", approvals_required={Escalation.rejection})
    with pytest.raises(TransitionRefused, match="审批人不能是经办人本人"):
        case_engine.decide_acceptance(case, s, out, actor="clerk01", approved_by="clerk01",
                                 approvals_required={Escalation.rejection})
    t = case_engine.decide_acceptance(case, s, out, actor="clerk01", approved_by="chief01",
                                 approvals_required={Escalation.rejection})
    assert t.approved_by == "chief01" and t.reason.startswith("不符合受理条件")


def accepted_pension(catalog, variant):
    """An accepted pension case of the man the sample 核定 figures belong to (born 1965-12)."""
    s = catalog.get("pension")
    return s, make(s, variants=(variant,), state=CaseState.accepted,
                   applicant={"name": "陈国强", "id_number": PENSIONER_1965})


def record(case, s, code, result="done", **kw):
    rec = case_engine.record_step(case, s, code, result, actor="clerk01", at=kw.pop("at", NOW), **kw)
    case.steps.append(rec)
    return rec


def test_steps_run_in_order_and_fingerprint_comes_first(catalog):
    s, case = accepted_pension(catalog, "normal")
    with pytest.raises(TransitionRefused, match="请先办理步骤「当场采集参保人指纹」"):
        record(case, s, "review")
    with pytest.raises(TransitionRefused, match="未取得指纹模板"):
        record(case, s, "fingerprint")
    record(case, s, "fingerprint", data={"template_ref": "fp-123"})
    with pytest.raises(TransitionRefused, match="已办理"):
        record(case, s, "fingerprint", data={"template_ref": "fp-124"})
    with pytest.raises(TransitionRefused, match="仅在公示有异议时"):
        s2, c2 = accepted_pension(catalog, "special_work_type")
        c2.steps = list(case.steps)
        record(c2, s2, "verification", "eligible", data={"finding": "x"})
    with pytest.raises(TransitionRefused, match="尚有步骤未办理：.*审核申请材料"):
        case_engine.complete(case, s)
    for bad, n in (([], None), (["户口簿"], 1), ([{"material": "档案", "problem": "缺页"}], 1),
                   ([{"material": "档案", "problem": "缺页", "what_to_bring": "请补充缺页"}, {"material": "工资表"}], 2),
                   ([{"material": "档案", "problem": " ", "what_to_bring": "请补充"}], 1), ("档案", 1)):
        # each item says what is wrong and what to bring, or the list tells the applicant nothing
        with pytest.raises(TransitionRefused, match=f"第 {n} 项材料须写明" if n else "请列出需补齐补正的材料"):
            record(case, s, "review", "supplement", data={"missing_items": bad})
    rec = record(case, s, "review", "supplement",
                 data={"missing_items": [{"material": "档案", "problem": "缺页", "what_to_bring": "请补充缺页"}]})
    assert rec.document is DocumentKind.supplement_list
    record(case, s, "review")
    from counter_app.printing.samples import sample_decision_data

    decided = record(case, s, "decision", data=sample_decision_data("pension"))   # the typed 核定 form's values
    assert decided.document is DocumentKind.pension_approval_decision
    t = case_engine.complete(case, s)
    assert t.to_state is CaseState.completed and t.document is DocumentKind.pension_approval_decision


def test_fingerprint_that_cannot_be_taken_is_an_escalation(catalog):
    s, case = accepted_pension(catalog, "normal")
    with pytest.raises(TransitionRefused, match="原因"):
        record(case, s, "fingerprint", "failed")
    failed = record(case, s, "fingerprint", "failed", data={"reason": "指纹磨损无法识别"})
    assert failed.escalation is Escalation.fingerprint_unavailable
    with pytest.raises(TransitionRefused, match="负责人审批"):
        record(case, s, "fingerprint", "waived")
    waived = record(case, s, "fingerprint", "waived", approved_by="chief01")
    assert waived.escalation is Escalation.fingerprint_unavailable and waived.approved_by == "chief01"
    assert case_engine.next_step(case, s).code == "review"


def test_publicity_without_objection_continues(catalog):
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    with pytest.raises(TransitionRefused, match="公示尚未开始"):
        record(case, s, "publicity", "no_objection")
    started = record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-08", "work_type": "井下"})
    assert started.document is DocumentKind.special_work_publicity
    with pytest.raises(TransitionRefused, match="公示期满后"):
        record(case, s, "publicity", "no_objection", at=datetime(2026, 3, 5, 9))
    record(case, s, "publicity", "no_objection", at=datetime(2026, 3, 9, 9))
    statuses = {st.step.code: st.status for st in case_engine.step_statuses(case, s)}
    assert statuses["verification"] == "skipped" and case_engine.next_step(case, s).code == "review"
    with pytest.raises(TransitionRefused, match="只有公示有异议"):
        case_engine.deny(case, s, ["x"])


@pytest.mark.parametrize("start, end, words", [
    ("2026-02-20", "2026-03-01", "公示期已于2026-03-01结束（今天是2026-03-02），不能发布已过期的公示"),
    ("2026-03-10", "2026-03-05", "公示结束日期（2026-03-05）早于开始日期（2026-03-10），公示期不成立"),
    ("2026-3-2", "2026-03-09", "公示开始日期「2026-3-2」不是有效日期"),
    ("2026-03-02", "2026-02-30", "公示结束日期「2026-02-30」不是有效日期"),
    ("2026-03-02", "", "请填写公示起止日期"),
])
def test_publicity_period_over_or_backwards_is_refused_with_the_reason(catalog, start, end, words):
    """No 公示 is issued for a period that is already over or ends before it starts (6.6.1.1.1.3
    sets no length for the period, so none is required)."""
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    with pytest.raises(TransitionRefused) as err:
        record(case, s, "publicity", "started", data={"start": start, "end": end, "work_type": "井下"})
    assert words in str(err.value)
    assert [r.step_code for r in case.steps] == ["fingerprint"]
    # a period that ends today, or of any length, is a period
    started = record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    assert started.document is DocumentKind.special_work_publicity
    assert (started.data["start"], started.data["end"]) == ("2026-03-02", "2026-03-02")


def test_publicity_with_objection_verification_then_denial(catalog):
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    with pytest.raises(TransitionRefused, match="异议内容"):
        record(case, s, "publicity", "objection")
    obj = record(case, s, "publicity", "objection", data={"objection": "举报其未从事特殊工种"})
    assert obj.escalation is Escalation.publicity_objection
    assert case_engine.next_step(case, s).code == "verification"
    from counter_app.printing.samples import sample_decision_data

    with pytest.raises(TransitionRefused, match="请先办理步骤「公示有异议：核查情况」"):
        record(case, s, "decision", data=sample_decision_data("pension"))     # the review may go on, not this
    record(case, s, "verification", "not_eligible", data={"finding": "档案显示其从事一般岗位"})
    with pytest.raises(TransitionRefused, match="应作出不予认定决定"):
        case_engine.complete(case, s)
    with pytest.raises(TransitionRefused, match="请填写不予认定的理由"):
        case_engine.deny(case, s, [" "])
    t = case_engine.deny(case, s, ["核查结果为不符合特殊工种提前退休条件"], actor="clerk01", approved_by="chief01")
    assert t.to_state is CaseState.denied and t.escalation is Escalation.denial
    assert t.document is DocumentKind.pension_denial_decision
    assert case_engine.with_state(case, t).reasons == ("核查结果为不符合特殊工种提前退休条件",)


def test_review_runs_during_the_publicity_and_the_decision_waits_for_its_end(catalog):
    """6.6.1.1.1.3 社保机构还应在审核申请材料的期间进行公示: once the 公示 has begun the materials are
    reviewed (补齐补正 too) while it runs, and while an objection is verified; the decision waits
    until the 公示 ends without objection or the 核查 finds the person eligible (catalog:
    concurrent_with)."""
    from counter_app.printing.samples import sample_decision_data

    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    with pytest.raises(TransitionRefused, match="请先办理步骤「特殊工种提前退休公示」"):
        record(case, s, "review")                                    # the 公示 has not begun
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-09"})
    assert case_engine.next_step(case, s).code == "review"          # reviewed while the 公示 runs
    supplement = record(case, s, "review", "supplement",
                        data={"missing_items": [{"material_code": "x", "material": "特殊工种证明", "problem": "未提交",
                                                 "what_to_bring": "请携带特殊工种证明"}]})
    assert supplement.document is DocumentKind.supplement_list
    assert case_engine.next_step(case, s).code == "review"          # 补齐补正 under review
    record(case, s, "review")
    assert case_engine.next_step(case, s).code == "publicity"         # the 公示 still runs
    with pytest.raises(TransitionRefused, match="请先办理步骤「特殊工种提前退休公示」"):
        record(case, s, "decision", data=sample_decision_data("pension"))
    later = datetime(2026, 3, 10, 10, 0)
    record(case, s, "publicity", "objection", data={"objection": "群众反映"}, at=later)
    with pytest.raises(TransitionRefused, match="请先办理步骤「公示有异议：核查情况」"):
        record(case, s, "decision", data=sample_decision_data("pension"), at=later)
    record(case, s, "verification", "eligible", data={"finding": "核查属实"}, at=later)
    assert case_engine.next_step(case, s).code == "decision"
    record(case, s, "decision", data=sample_decision_data("pension"), at=later)
    assert case_engine.complete(case, s).to_state is CaseState.completed


def test_review_during_the_verification_of_an_objection(catalog):
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    record(case, s, "publicity", "objection", data={"objection": "x"})
    record(case, s, "review")                                         # 核查 still open
    assert case_engine.next_step(case, s).code == "verification"


def test_concurrent_with_names_earlier_steps_only(catalog):
    import json

    from counter_app.domain.catalog import CatalogError, catalog_from_dict
    from counter_app.resources import resource_path

    data = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    pension = next(x for x in data["services"] if x["code"] == "pension")
    review = next(st for st in pension["steps"] if st["code"] == "review")
    assert review["concurrent_with"] == ["publicity", "verification"]
    review["concurrent_with"] = ["decision"]
    with pytest.raises(CatalogError, match="concurrent_with 应为其前面的步骤：decision"):
        catalog_from_dict(data)


def test_objection_verified_eligible_continues_to_approval(catalog):
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    record(case, s, "publicity", "objection", data={"objection": "x"})
    record(case, s, "verification", "eligible", data={"finding": "核查属实符合"})
    record(case, s, "review")
    from counter_app.printing.samples import sample_decision_data

    record(case, s, "decision", data=sample_decision_data("pension"))     # the typed 核定 form's values
    assert case_engine.complete(case, s).to_state is CaseState.completed


def test_failed_info_sheet_review_reopens_receipt(catalog):
    s = catalog.get("transfer_in")
    case = make(s, state=CaseState.accepted)
    from counter_app.printing.samples import sample_decision_data

    with pytest.raises(TransitionRefused, match="请填写转出地社保经办机构"):     # the 联系函's addressee
        record(case, s, "letter_generated")
    letter = record(case, s, "letter_generated", data=sample_decision_data("transfer_in"))
    assert letter.document is DocumentKind.transfer_contact_letter
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        record(case, s, code)
    with pytest.raises(TransitionRefused, match="不通过的原因"):
        record(case, s, "sheet_reviewed", "failed")
    bad = record(case, s, "sheet_reviewed", "failed", data={"reason": "缴费月数与凭证不符"})
    assert bad.escalation is Escalation.info_sheet_review
    record(case, s, "sheet_received", data={"sheet_no": "2"})
    ok = record(case, s, "sheet_reviewed", "passed", approved_by="chief01")
    assert ok.escalation is Escalation.info_sheet_review
    record(case, s, "continued")
    assert case_engine.complete(case, s).to_state is CaseState.completed


def test_history_review_delivery_choice(catalog):
    s = catalog.get("history_review")
    case = make(s, variants=("pension",), state=CaseState.accepted)
    record(case, s, "review")
    with pytest.raises(TransitionRefused, match="邮寄或窗口自取"):
        record(case, s, "delivery")
    with pytest.raises(TransitionRefused, match="送达地址"):
        record(case, s, "delivery", data={"method": "mail"})
    record(case, s, "delivery", data={"method": "pickup"})       # the applicant's wish, before the decision
    periods = {"deemed_years": {"periods": [{"start": "1988-09", "end": "1992-12"}]}}
    assert record(case, s, "decision", data=periods).document is DocumentKind.deemed_years_decision
    assert case_engine.complete(case, s).to_state is CaseState.completed


def _history_case_at_decision(catalog, **facts):
    s = catalog.get("history_review")
    case = make(s, variants=("pension",), state=CaseState.accepted, facts=dict(facts))
    record(case, s, "review")
    record(case, s, "delivery", data={"method": "pickup"})
    return s, case


def test_history_review_decision_needs_periods_named_in_chinese(catalog):
    s, case = _history_case_at_decision(catalog)
    with pytest.raises(TransitionRefused) as refused:
        record(case, s, "decision")
    assert "核准的视同缴费期间" in refused.value.reason and "deemed_years" not in refused.value.reason


@pytest.mark.parametrize("deemed, words", [
    ({"periods": [{"start": "1995-01", "end": "1990-08", "months": -5}]}, "早于起始年月"),
    ({"periods": [{"start": "2030-01", "end": "2031-01"}]}, "尚未到来"),
    ({"periods": [{"start": "1990-01", "end": "1992-06"}, {"start": "1992-01", "end": "1993-12"}]}, "重叠"),
    ({"periods": [{"start": "1990-01", "end": "1990-12"}], "total_months": 9999}, "各段月数之和12个月"),
])
def test_history_review_decision_refuses_impossible_periods(catalog, deemed, words):
    s, case = _history_case_at_decision(catalog)
    with pytest.raises(TransitionRefused, match=words):
        record(case, s, "decision", data={"deemed_years": deemed})
    assert [r.step_code for r in case.steps] == ["review", "delivery"]       # nothing recorded


def test_history_review_decision_shows_the_record_difference_and_needs_a_confirmation(catalog):
    s, case = _history_case_at_decision(catalog, deemed_months=60)
    deemed = {"periods": [{"start": "1988-09", "end": "1992-12"}, {"start": "1993-01", "end": "1995-06"}]}
    with pytest.raises(TransitionRefused, match="与档案记载的60个月不一致"):
        record(case, s, "decision", data={"deemed_years": deemed})
    rec = record(case, s, "decision", data={"deemed_years": {**deemed, "record_difference_confirmed": True}})
    assert rec.data["deemed_years"]["total_months"] == 82 and rec.data["deemed_years"]["record_months"] == 60
    fields = case_engine.document_fields(case, DocumentKind.deemed_years_decision, service=s, clerk="张经办", on=NOW.date())
    assert fields["deemed_years"]["total_months"] == 82 and [p["months"] for p in fields["deemed_years"]["periods"]] == [52, 30]


def test_history_review_decision_takes_the_records_periods_when_it_has_them(catalog):
    periods = [{"start": "1990-01", "end": "1994-12", "unit": "示例厂"}]
    s, case = _history_case_at_decision(catalog, deemed_months=60, deemed_years={"periods": periods, "total_months": 60})
    rec = record(case, s, "decision")
    assert rec.data["deemed_years"]["periods"][0]["months"] == 60


def test_rating_only_after_the_window_served(catalog):
    s = catalog.get("reg_enroll")
    with pytest.raises(TransitionRefused, match="不能评价"):
        case_engine.check_rating(make(s), 5)
    with pytest.raises(TransitionRefused, match="1 至 5"):
        case_engine.check_rating(make(s, state=CaseState.completed), 6)
    case_engine.check_rating(make(s, state=CaseState.completed), 5)


def test_document_fields_follow_the_documents_module(catalog):
    s = catalog.get("reg_enroll")
    case = make(s, state=CaseState.returned, case_no="FT-1")
    case.missing = case_engine.evaluate(case, s, TODAY).missing
    f = case_engine.document_fields(case, DocumentKind.guidance_notice, service=s, clerk="clerk01", on=TODAY,
                               office="福田分局", office_code="FT", workstation_id="FT-W01")
    assert f["office"] == "福田分局" and f["case_no"] == "FT-1"
    # 办理依据 is the clause of the outcome that issues the notice (材料不齐全: 6.1.1.2.2), not the service's heading
    assert f["clause"] == "6.1.1.2.2"
    assert f["applicant"]["id_number"] == MALE_1960 and f["applicant"]["type"] == "individual"
    assert {i["material"] for i in f["missing_items"]} == {m.material for m in case.missing}
    accepted = case_engine.document_fields(case, DocumentKind.acceptance_notice, service=s, clerk="c", on=TODAY)
    assert accepted["time_limit"] == "即时办结"
    assert accepted["time_limit_basis"] == "DB4403/T 254.1—2022 6.1.1.2.3"      # where the limit comes from
    transfer = catalog.get("transfer_in")
    notice = case_engine.document_fields(make(transfer, state=CaseState.accepted, case_no="FT-2"),
                                         DocumentKind.acceptance_notification, service=transfer, clerk="c", on=TODAY)
    assert (notice["time_limit"], notice["time_limit_basis"]) == ("45个工作日", "经办机构设定")


def test_contribution_amounts_left_empty_refuse_the_step(catalog):
    """缴费核定: a declared base whose amounts could not be computed (no parameter in force) never
    completes 「确定缴费费率、缴费金额」 with empty amounts — on every path (window, CLI), named in Chinese."""
    s = catalog.get("contribution")
    unit = {"unit_name": "深圳市某某科技有限公司", "credit_code": "91440300708461136T"}
    case = make(s, applicant_type="unit", state=CaseState.accepted, applicant=unit)
    record(case, s, "enter_registration")
    entered = {"contributions": {"period": "2026-12", "declared_base": "8000.00"}}
    with pytest.raises(TransitionRefused, match="核定缴费基数、单位缴费、个人缴费尚未算出"):
        record(case, s, "determine_amount", data=entered)
    with pytest.raises(TransitionRefused, match="请填写申报缴费基数"):
        record(case, s, "determine_amount", data={"contributions": {"period": "2026-12"}})
    amounts = {"base": "8000.00", "employer": "1280.00", "individual": "640.00"}
    rec = record(case, s, "determine_amount", data={"contributions": {**entered["contributions"], **amounts}})
    assert rec.result == "done" and rec.data["contributions"]["employer"] == "1280.00"


def test_contribution_rows_from_the_core_system_are_the_amounts(catalog):
    s = catalog.get("contribution")
    unit = {"unit_name": "深圳市某某科技有限公司", "credit_code": "91440300708461136T"}
    rows = [{"name": "陈志远", "base": "12000", "employer": "1920.00", "individual": "960.00"}]
    case = make(s, applicant_type="unit", state=CaseState.accepted, applicant=unit,
                facts={"contributions": {"period": "2026-02", "rows": rows}})
    record(case, s, "enter_registration")
    assert record(case, s, "determine_amount").result == "done"


def test_a_unit_contribution_records_the_collection_after_completion_before_archiving(catalog):
    """6.2.2.1 → 6.2.1.1 d) 社保机构根据社会保险费征收机构的收缴情况记录缴费信息: the unit's 缴费核定 is
    办结 once the detail is pushed; the collection is recorded afterwards, and only then is it 归档."""
    from counter_app.printing.samples import sample_decision_data

    s = catalog.get("contribution")
    case = make(s, "unit", state=CaseState.accepted)
    assert [st.step.code for st in case_engine.step_statuses(case, s)][-1] == "record_collection"
    record(case, s, "enter_registration")
    record(case, s, "determine_amount", data=sample_decision_data("contribution"))
    record(case, s, "push_detail")
    assert case_engine.next_step(case, s) is None
    with pytest.raises(TransitionRefused, match="「根据征收机构收缴情况记录缴费信息」在服务办结后办理（6.2.1.1），请先办结"):
        record(case, s, "record_collection")
    case = advance(case, case_engine.complete(case, s))
    assert case_engine.next_step(case, s).code == "record_collection"
    with pytest.raises(TransitionRefused, match="办结后尚有步骤未办理，不能归档：根据征收机构收缴情况记录缴费信息"):
        case_engine.archive(case, s)
    record(case, s, "record_collection")
    assert case_engine.next_step(case, s) is None
    assert case_engine.archive(case, s).to_state is CaseState.archived


def test_history_review_supplement_gives_the_list_in_writing(catalog):
    """需补齐补正 during the 历史信息审核 (6.5.2.2 → 6.1.1.2.2 一次性告知): the 补齐补正材料清单, as the
    pension, disability and death services issue at their review."""
    s = catalog.get("history_review")
    case = make(s, variants=("pension",), state=CaseState.accepted)
    items = [{"material_code": "personnel_file", "material": "人事档案", "problem": "缺招工录用表",
              "what_to_bring": "请补充招工录用表"}]
    rec = record(case, s, "review", "supplement", data={"missing_items": items})
    assert rec.document is DocumentKind.supplement_list


def test_after_a_failed_info_sheet_review_a_new_sheet_is_received_once(catalog):
    """s7 transfer_clerk 11 (b, c): a failed 信息表 review reads 审核不通过 and 收到信息表 comes next, not
    the review again; once the new sheet is recorded as received, 等待信息表 is over."""
    from counter_app.domain.terms import result_name
    from counter_app.printing.samples import sample_decision_data

    s = catalog.get("transfer_in")
    case = make(s, state=CaseState.accepted)
    record(case, s, "letter_generated", data=sample_decision_data("transfer_in"))
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        record(case, s, code)
    bad = record(case, s, "sheet_reviewed", "failed", data={"reason": "签章不清"})
    assert result_name(bad.result, s.steps[4].kind) == "审核不通过" and result_name("failed") == "未能完成"
    assert case_engine.next_step(case, s).code == "sheet_received"
    record(case, s, "sheet_received", data={"sheet_no": "2"})
    with pytest.raises(TransitionRefused, match="已办理"):
        record(case, s, "sheet_awaited")                       # the new sheet has come: no more waiting
    with pytest.raises(TransitionRefused, match="已办理"):
        record(case, s, "sheet_received")                      # received once
    assert case_engine.next_step(case, s).code == "sheet_reviewed"
    # before the new sheet comes, waiting for it may be recorded again
    case2 = make(s, state=CaseState.accepted)
    record(case2, s, "letter_generated", data=sample_decision_data("transfer_in"))
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        record(case2, s, code)
    record(case2, s, "sheet_reviewed", "failed", data={"reason": "签章不清"})
    record(case2, s, "sheet_awaited")
    assert case_engine.next_step(case2, s).code == "sheet_received"


def test_a_rejection_decision_states_the_reason_without_the_clerks_advice(catalog):
    """Tester (supervisor B11): the 不予受理决定书 printed the rule's advice to the clerk
    ("不直接拒绝：可继续缴费…") inside the decision; the case keeps it for the clerk's screen."""
    s = catalog.get("pension")
    reason = "累计缴费年限不足：2031年达到法定退休年龄，最低缴费年限为16年，现有6年，尚差10年。不直接拒绝：可继续缴费"
    case = make(s, state=CaseState.rejected, case_no="FT-3")
    case.reasons = (reason, "待遇领取地不是深圳市")
    f = case_engine.document_fields(case, DocumentKind.rejection_decision, service=s, clerk="c", on=TODAY)
    assert f["reasons"] == ["累计缴费年限不足：2031年达到法定退休年龄，最低缴费年限为16年，现有6年，尚差10年。",
                            "待遇领取地不是深圳市"]
    assert case.reasons[0] == reason
