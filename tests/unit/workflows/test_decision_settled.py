"""A benefit decision's figures are ONE calculation of the rule actually applied, checked against the
person's birth month, driven through the workflow as the window drives it.

Defect A: the record (core system) held the 国家办法's figures with its 计发参数 row; the clerk's 核定
form switched to the 深圳办法; the decision printed the new amounts beside the old rule's parameter
row (a shallow merge kept the record's ``parameters``, ``eligible``…). Defect B: a man born 1960-01
was issued 退休年月 2026-03 with 计发月数 137.3 (the factor of 60岁3个月, not of his 66岁2个月)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from counter_app.domain.case_engine import TransitionRefused
from counter_app.printing.samples import SAMPLE_RULE_FACTS, sample_case_facts, sample_decision_data
from tests.support.cases import MALE_1960, MALE_1970, PENSIONER_1965, clerk_service, ready_case

MALE_1966 = "110105196612010016"
MALE_1966_01 = "110105196601010010"          # born 1966-01: statutory 60岁4个月, 2026-05


def _at_decision(workflow, code, applicant, facts, applicant_type="individual", variants=()):
    cid = ready_case(workflow, code, applicant_type=applicant_type, variants=variants, applicant=applicant, facts=facts)
    workflow.decide(cid, expected="accepted")
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.record_step(cid, "review", "done")
    assert workflow.get(cid).next_step == "decision"
    return cid


def _decision_fields(workflow, cid, kind):
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == kind]
    return doc["fields"]


# ---------------------------------------------------------------- A: 丧葬补助金、抚恤金


def _death_case(workflow):
    facts = sample_case_facts("death_benefit")          # the record: 国家办法, base 4,511, its parameter row
    assert facts["death_benefits"]["rule_set"] == "national" and facts["death_benefits"]["parameters"]
    return _at_decision(workflow, "death_benefit", {"name": "张三", "id_number": MALE_1960, "agent_name": "张小三",
                                                    "agent_id_number": MALE_1966}, facts, "survivor")


def test_a_death_benefit_decision_under_another_rule_prints_that_rules_figures_and_parameter_only(store):
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    typed = sample_decision_data("death_benefit")     # the clerk's form: 深圳办法, base 13,730, 2 dependants
    workflow.record_step(cid, "decision", "done", data=typed)
    d = _decision_fields(workflow, cid, "death_benefit_decision")["death_benefits"]
    assert d["rule_set"] == "shenzhen" and d["base"] == "13730.00"
    assert (d["funeral_grant"], d["survivor_months"], d["survivor_benefit"], d["total"]) == \
        ("41190.00", 9, "123570.00", "164760.00")
    # the 计发参数 row is the 深圳办法's base actually used, never the 国家办法's 4,511
    assert d["parameters"] == [{"label": "深圳市上年度在岗职工月平均工资（深圳办法计发基数，元/月）", "value": "13730.00",
                                "effective_from": "", "unit": "元/月"}]
    assert "eligible" not in d and "reason" not in d
    assert d["death_date"] == "2026-02-10"          # the record's facts outside the calculation stay


def test_switching_the_rule_alone_recomputes_every_figure_or_names_the_stale_one(store):
    """Only the 计发办法 and the dependants entered: the record's base (the 国家办法's) is not carried
    over to the 深圳办法; without a base for it the decision is refused, naming the stale figure."""
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done",
                             data={"death_benefits": {"rule_set": "shenzhen", "dependants": 2, "contribution_months": 240}})
    assert "计发基数4511.00是档案按原核定数据得出的数值" in err.value.reason, err.value.reason
    assert workflow.get(cid).next_step == "decision"
    workflow.record_step(cid, "decision", "done", data={"death_benefits": {
        "rule_set": "shenzhen", "dependants": 2, "contribution_months": 240, "actual_contribution_months": 240,
        "base": "13730.00"}})
    d = _decision_fields(workflow, cid, "death_benefit_decision")["death_benefits"]
    assert (d["funeral_grant"], d["survivor_months"], d["total"]) == ("41190.00", 9, "164760.00")  # computed afresh
    assert [p["value"] for p in d["parameters"]] == ["13730.00"]


def test_a_death_benefit_figure_that_does_not_follow_from_the_base_is_refused_with_the_right_one(store):
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    typed = copy.deepcopy(sample_decision_data("death_benefit"))
    typed["death_benefits"]["funeral_grant"] = "27460.00"      # 2 × the base: the 国家办法's multiplier
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data=typed)
    assert "丧葬补助金27460.00与按已核定数据计算的结果不符：应为41190.00" in err.value.reason, err.value.reason
    assert not [d for d in workflow.documents(cid) if d["kind"] == "death_benefit_decision"]


def test_the_record_figures_kept_print_the_records_own_rule_and_parameter(store):
    """Nothing changed at the step (the form as the record filled it): the 国家办法's figures, and the
    parameter row of that rule and base."""
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    workflow.record_step(cid, "decision", "done", data={"death_benefits": {"contribution_months": 212, "dependants": 1}})
    d = _decision_fields(workflow, cid, "death_benefit_decision")["death_benefits"]
    assert (d["rule_set"], d["base"], d["total"]) == ("national", "4511.00", "58643.00")
    assert d["parameters"] == [{"label": "广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）", "value": "4511.00",
                                "effective_from": "", "unit": "元/月"}]


NATIONAL = {"rule_set": "national", "base": "4511.00", "dependants": 1, "contribution_months": 420,
            "actual_contribution_months": 420}


@pytest.mark.parametrize("given, printed", [
    ({"survivor_months": 14}, (14, "63154.00", "9022.00", "72176.00")),
    ({"survivor_months": 12, "survivor_benefit": "54132.00", "funeral_grant": "9022.00", "total": "63154.00"},
     (12, "54132.00", "9022.00", "63154.00")),                 # the core system's figures for 12 months
], ids=["months-typed", "core-figures"])
def test_a_deceased_pensioners_survivor_months_under_the_national_rule_are_the_ones_paid(store, given, printed):
    """Review: under the 国家办法 a deceased pensioner's 抚恤金月数 (24 less one per year of pension
    drawn, at least 9 — policy.md §5) is given, but the amount was still the base times the
    in-service months: 14 months printed beside 108,264.00 (24 × 4,511), and the core system's
    correct 12 months and 54,132.00 were refused 「应为108264.00」."""
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    workflow.record_step(cid, "decision", "done", data={"death_benefits": {**NATIONAL, **given}})
    d = _decision_fields(workflow, cid, "death_benefit_decision")["death_benefits"]
    assert (d["survivor_months"], d["survivor_benefit"], d["funeral_grant"], d["total"]) == printed


def test_an_amount_that_does_not_follow_from_the_survivor_months_given_is_refused(store):
    workflow = clerk_service(store)
    cid = _death_case(workflow)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data={"death_benefits": {
            **NATIONAL, "survivor_months": 12, "survivor_benefit": "108264.00"}})
    assert "抚恤金108264.00与按已核定数据计算的结果不符：应为54132.00" in err.value.reason, err.value.reason


# ---------------------------------------------------------------- 储存额核定


def _settlement_case(workflow):
    cid = ready_case(workflow, "account_settlement", variants=("lost_nationality",),
                     applicant={"name": "张三", "id_number": MALE_1960},
                     facts=SAMPLE_RULE_FACTS["account_settlement"])
    workflow.decide(cid, expected="accepted")
    assert workflow.get(cid).next_step == "settle"
    return cid


def test_the_settlement_paid_is_the_balance_its_contributions_and_interest_together(store):
    """Review: the 结算额 was taken as typed — 1.00 issued beside 上年末 100,000.00, 记账额 7,680.00 and
    利息 99,999.00 (本年末储存额 207,679.00 on the same statement). Now it is their sum (policy.md
    §3), computed when not given and refused, with the figure it should be, when another is."""
    workflow = clerk_service(store)
    figures = {"opening": "100000.00", "contributions": "7680.00", "interest": "1600.00"}
    cid = _settlement_case(workflow)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "settle", "done", data={"account": {**figures, "closing": "1.00"}})
    assert "个人账户储存额（结算额）1.00与按已核定数据计算的结果不符：应为109280.00" in err.value.reason, err.value.reason
    assert not [d for d in workflow.documents(cid) if d["kind"] == "account_statement"]
    workflow.record_step(cid, "settle", "done", data={"account": figures})
    account = _decision_fields(workflow, cid, "account_statement")["account"]
    assert (account["opening"], account["interest"], account["closing"]) == ("100000.00", "1600.00", "109280.00")


# ---------------------------------------------------------------- A: 病残津贴


def _allowance_case(workflow, id_number=MALE_1970):
    facts = sample_case_facts("disability_allowance")     # the record's allowance: items and parameter row of base 11293
    facts["allowance"]["parameters"] = [{"label": "深圳市基本养老金计发基数（元/月）", "value": "11293",
                                         "effective_from": "2025-01-01"}]
    return _at_decision(workflow, "disability_allowance", {"name": "张三", "id_number": id_number}, facts)


def test_a_disability_allowance_on_another_base_prints_that_base_and_its_parts(store):
    workflow = clerk_service(store)
    cid = _allowance_case(workflow)
    typed = copy.deepcopy(sample_decision_data("disability_allowance"))
    a = typed["allowance"]
    a["base"] = "12000.00"                               # the clerk's base: basic and monthly follow from it
    for key in ("basic", "personal_account", "monthly", "months_factor"):
        del a[key]
    workflow.record_step(cid, "decision", "done", data=typed)
    out = _decision_fields(workflow, cid, "disability_allowance_decision")["allowance"]
    assert out["parameters"] == [{"label": "深圳市基本养老金计发基数（元/月）", "value": "12000.00", "effective_from": "",
                                  "unit": "元/月"}]
    assert out["months_factor"] == "164.0"               # 56岁 at the application (2026-03), computed
    basic = "2120.00"                                    # 12000 × (1 + 1.0) × 212 / 2400, to the fen
    assert out["basic"] == basic
    items = {i["name"]: i["amount"] for i in out["items"]}
    assert items["基础部分"] == basic and items["个人账户部分"] == out["personal_account"]
    assert Decimal(out["monthly"]) == Decimal(basic) + Decimal(out["personal_account"]) + Decimal(out["transitional"])


def test_a_disability_allowance_months_factor_not_of_the_age_at_application_is_refused(store):
    """The sample figures (计发月数 164.0, 56岁) for a man born 1966-12, 59岁3个月 at the application."""
    workflow = clerk_service(store)
    cid = _allowance_case(workflow, MALE_1966)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data=sample_decision_data("disability_allowance"))
    assert "计发月数164.0与申请时（2026-03-02）的年龄59岁3个月不符：按计发月数表应为143.5" in err.value.reason, err.value.reason
    assert not [d for d in workflow.documents(cid) if d["kind"] == "disability_allowance_decision"]


# ---------------------------------------------------------------- B: 退休年月 and 计发月数 by the birth month


def _pension_case(workflow, id_number, variants=("normal",), **facts):
    return _at_decision(workflow, "pension", {"name": "张三", "id_number": id_number},
                        {**SAMPLE_RULE_FACTS["pension"], **facts}, variants=variants)


def test_a_months_factor_not_of_the_age_at_retirement_is_refused_naming_the_right_one(store):
    """张三 born 1960-01, 退休年月 2026-03 (66岁2个月: later retirement is possible) with 137.3 (60岁3个月's)."""
    workflow = clerk_service(store)
    cid = _pension_case(workflow, MALE_1960)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data=sample_decision_data("pension"))
    assert "计发月数137.3与退休（领取）年月2026-03时的年龄66岁2个月不符：按计发月数表应为91.5" in err.value.reason, err.value.reason
    assert not [d for d in workflow.documents(cid) if d["kind"] == "pension_approval_decision"]


def test_the_months_factor_is_computed_from_the_age_when_not_given(store):
    workflow = clerk_service(store)
    cid = _pension_case(workflow, MALE_1960)
    typed = copy.deepcopy(sample_decision_data("pension"))
    for key in ("months_factor", "personal_account", "total"):
        del typed["pension"][key]
    workflow.record_step(cid, "decision", "done", data=typed)
    p = _decision_fields(workflow, cid, "pension_approval_decision")["pension"]
    assert p["retirement_month"] == "2026-03" and p["months_factor"] == "91.5"
    assert p["personal_account"] == "1550.63"            # 141883.05 ÷ 91.5, to the fen


def test_the_sample_figures_of_the_man_they_belong_to_are_issued(store):
    workflow = clerk_service(store)
    cid = _pension_case(workflow, PENSIONER_1965)
    workflow.record_step(cid, "decision", "done", data=sample_decision_data("pension"))
    p = _decision_fields(workflow, cid, "pension_approval_decision")["pension"]
    assert (p["retirement_month"], p["months_factor"]) == ("2026-03", "137.3")


@pytest.mark.parametrize("month, expected", [("2025-12", "2026-05"), ("2023-04", "2026-05")])
def test_a_retirement_month_before_the_statutory_one_is_refused(store, month, expected):
    """A man born 1966-01 reaches his statutory age (60岁4个月) in 2026-05; with 386 months he could retire
    by 弹性提前退休 at most 3 years earlier, never below 60 (2026-01): 2025-12 is before both."""
    workflow = clerk_service(store)
    cid = _pension_case(workflow, MALE_1966_01, requested_retirement="2026-01")    # accepted for 弹性提前退休
    typed = copy.deepcopy(sample_decision_data("pension"))
    typed["pension"]["retirement_month"] = month
    for key in ("months_factor", "personal_account", "total", "start_month"):
        del typed["pension"][key]
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data=typed)
    assert f"退休（领取）年月{month}早于弹性提前退休的最早年月2026-01" in err.value.reason, err.value.reason
    assert "法定退休年龄60岁4个月" in err.value.reason


def test_without_the_flexible_window_the_statutory_month_is_the_earliest(store):
    """Born 1960-01 (statutory 2020-01, before the reform): no 弹性提前退休."""
    workflow = clerk_service(store)
    cid = _pension_case(workflow, MALE_1960)
    typed = copy.deepcopy(sample_decision_data("pension"))
    typed["pension"]["retirement_month"] = "2019-12"
    for key in ("months_factor", "personal_account", "total", "start_month"):
        del typed["pension"][key]
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data=typed)
    assert "退休（领取）年月2019-12早于法定退休年月2020-01（出生年月1960-01，法定退休年龄60岁）：应不早于2020-01" in err.value.reason


def test_flexible_early_retirement_within_the_window_is_issued_with_its_factor(store):
    workflow = clerk_service(store)
    cid = _pension_case(workflow, MALE_1966_01, requested_retirement="2026-01")
    typed = copy.deepcopy(sample_decision_data("pension"))
    typed["pension"]["retirement_month"] = "2026-01"          # 60岁0个月: the earliest, 386 months ≥ 15 years
    for key in ("months_factor", "personal_account", "total", "start_month"):
        del typed["pension"][key]
    workflow.record_step(cid, "decision", "done", data=typed)
    p = _decision_fields(workflow, cid, "pension_approval_decision")["pension"]
    assert (p["months_factor"], p["start_month"]) == ("139.0", "2026-02")
