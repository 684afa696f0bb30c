"""Typed 核定 data (domain.decision_data): every 核定 service declares its fields in the catalog;
values are checked by type and range; the form is prefilled from the person's record and the
rules calculators compute the rest with the policy parameters in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from counter_rules import money
from counter_app.domain.catalog import CatalogError, catalog_from_dict
from counter_rules.decision_data import RuleContext, check, check_all, compute, field_from_dict, from_record
from counter_app.domain.documents import REQUIRED_FACTS
from counter_app.printing.samples import sample_decision_data
from counter_app.reference.catalog import load_catalog
from counter_app.reference.params import load_policy_params

CATALOG = load_catalog()
PARAMS = load_policy_params()
DECIDING = {"contribution": "determine_amount", "pension": "decision", "disability_allowance": "decision",
            "death_benefit": "decision", "account_settlement": "settle"}


def params_with_floor_ended(end="2026-06-30"):
    """The default parameters with the 2025-07 floor and ceiling given an end date (as an administrator
    would once the next year's figures are announced but not yet entered): no floor in force after it."""
    from counter_rules.params import ParameterSet

    data = PARAMS.as_dict()
    data["params"] = data.pop("parameters")
    for key in ("contribution.base_floor", "contribution.base_ceiling"):
        data["params"][key]["values"][-1]["effective_to"] = end
    return ParameterSet.from_mapping(data, source="test")


def fields_of(code):
    step = next(s for s in CATALOG.get(code).steps if s.code == DECIDING[code])
    return step.decision_data


@pytest.mark.parametrize("code", sorted(DECIDING))
def test_every_decision_service_declares_typed_fields_covering_its_document(code):
    step = next(s for s in CATALOG.get(code).steps if s.code == DECIDING[code])
    fields = step.decision_data
    assert fields and all(f.label and f.type and f.source in ("record", "rules", "clerk") for f in fields)
    assert {f.source for f in fields} >= {"rules"}
    declared = {f.code for f in fields if f.required}
    for path, _label in REQUIRED_FACTS.get(step.document, ()) if step.document else ():
        assert any(one in declared for one in path.split("|")), path
    # the sample values pass the checks; the step data is grouped as the document reads it
    flat = {f"{g}.{k}": v for g, d in sample_decision_data(code).items() for k, v in d.items()}
    data, problems = check_all(fields, flat)
    assert problems == [] and set(data) == {f.group for f in fields}


@pytest.mark.parametrize("code", sorted(DECIDING))
def test_every_required_field_missing_is_named(code):
    fields = fields_of(code)
    _data, problems = check_all(fields, {})
    assert problems == [f"请填写{f.label}" for f in fields if f.required]


def test_types_and_ranges_are_checked_in_chinese():
    f = field_from_dict({"code": "pension.total", "label": "养老金月标准", "type": "money", "unit": "元/月"}, "测试")
    assert check(f, "4824.81") == ("4824.81", "")
    assert check(f, "4,824.8") == ("4824.80", "")
    assert check(f, "abc")[1] == "养老金月标准应为数字"
    assert check(f, "1.234")[1] == "养老金月标准最多到分（两位小数）"
    assert check(f, "-1")[1] == "养老金月标准不能小于0"
    months = field_from_dict({"code": "pension.contribution_months", "label": "缴费月数", "type": "integer",
                              "min": 0, "max": 720}, "测试")
    assert check(months, "721")[1] == "缴费月数不能大于720"
    assert check(months, "12.5")[1] == "缴费月数应为整数"
    month = field_from_dict({"code": "pension.start_month", "label": "起领年月", "type": "month"}, "测试")
    assert check(month, "2026-4") == ("2026-04", "")
    assert "年月" in check(month, "2026-13")[1]
    choice = field_from_dict({"code": "pension.rule_set", "label": "办法", "type": "choice",
                              "choices": [{"value": "shenzhen", "label": "深圳办法"}]}, "测试")
    assert check(choice, "x")[1] == "办法应为：深圳办法"


@pytest.mark.parametrize("bad, words", [
    ({"code": "total", "label": "x"}, "分组.项目"),
    ({"code": "pension.total", "label": "x", "type": "float"}, "类型"),
    ({"code": "pension.total", "label": "x", "source": "guess"}, "来源"),
    ({"code": "pension.total", "label": "x", "colour": 1}, "colour"),
    ({"code": "pension.total"}, "label"),
])
def test_a_bad_declaration_is_a_catalog_error(bad, words):
    import json

    from counter_app.resources import resource_path

    data = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    step = next(s for s in data["services"] if s["code"] == "pension")["steps"][-1]
    step["decision_data"] = [bad]
    with pytest.raises(CatalogError, match=words):
        catalog_from_dict(data)


def test_pension_prefill_from_the_record_and_the_rules():
    fields = fields_of("pension")
    facts = {"contribution_months": 300, "deemed_months": 86, "account_balance": "141883.05"}
    values = from_record(fields, facts)
    assert values == {"pension.contribution_months": "386", "pension.account_balance": "141883.05"}
    values.update({"pension.avg_index": "1.2", "pension.transitional": "286.00"})
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1965, 3), category="male")
    computed, notes = compute("pension", fields, values, ctx)
    # 1965-03 male: statutory age 60 + 1 month of delay (2025 reform) → 2025-04
    assert computed["pension.retirement_month"] == "2025-04" and computed["pension.start_month"] == "2025-05"
    factor = money.months_factor(60, 1)
    assert computed["pension.months_factor"] == str(factor)
    base = PARAMS.decimal("pension.computation_base", date(2025, 4, 1))     # the base of the retirement year
    assert computed["pension.base"] == f"{base:.2f}"
    est = money.pension_estimate(computation_base=base, avg_index="1.2", contribution_months=386,
                                 account_balance="141883.05", age_years=60, age_months=1, transitional="286.00")
    assert computed["pension.basic"] == str(est.basic)
    assert computed["pension.personal_account"] == str(est.personal_account)
    assert computed["pension.total"] == str(est.total)
    assert notes == []


def test_the_months_factor_follows_the_retirement_month_in_use():
    """弹性延迟退休 (1965-12 male: statutory 2026-03 at 60y3m, here a year later): the 计发月数 is that of
    the age at the retirement month the record holds (61y3m), and the pension starts the month after."""
    fields = fields_of("pension")
    ctx = RuleContext(on=date(2027, 3, 2), params=PARAMS, birth=(1965, 12), category="male")
    computed, notes = compute("pension", fields, {"pension.retirement_month": "2027-03"}, ctx,
                              overridden=frozenset({"pension.retirement_month"}))
    assert computed["pension.months_factor"] == str(money.months_factor(61, 3)) == "130.3"
    assert computed["pension.start_month"] == "2027-04"
    assert not any(n.startswith(("退休年月", "计发月数 ")) for n in notes), notes


def test_record_figures_that_do_not_fit_the_person_are_noted_not_kept_silently():
    """The record says 退休年月 2026-03 and 计发月数 137.3 (60y3m) for a woman born 1949-12 (法定退休
    2004-12, before the reform: no 弹性 window): both are named for the clerk to check; the figures
    stay as the record has them (they are the core system's)."""
    fields = fields_of("pension")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1949, 12), category="female_cadre")
    given = {"pension.retirement_month": "2026-03", "pension.months_factor": "137.3"}
    computed, notes = compute("pension", fields, given, ctx, overridden=frozenset(given))
    assert "pension.months_factor" not in computed and "pension.retirement_month" not in computed
    assert any(n.startswith("退休年月 2026-03 不在") and "2004-12" in n and "1949-12" in n for n in notes), notes
    assert any(n == "计发月数 137.3 与退休时年龄76岁3个月对应的 56.0 不符，请核对" for n in notes), notes
    # the same figures for the man born 1965-12 they belong to: nothing to note
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1965, 12), category="male")
    _computed, notes = compute("pension", fields, given, ctx, overridden=frozenset(given))
    assert not any(n.startswith(("退休年月", "计发月数 ")) for n in notes), notes


def test_pension_total_waits_for_the_clerks_figures_and_says_so():
    fields = fields_of("pension")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1965, 3), category="male")
    computed, notes = compute("pension", fields, {"pension.contribution_months": "386"}, ctx)
    assert "pension.total" not in computed and "pension.basic" not in computed
    assert any("基础养老金" in n and "养老金月标准" in n for n in notes)


def test_a_parameter_not_yet_published_is_said_never_guessed():
    fields = fields_of("pension")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1966, 1), category="male")   # retires 2026-05
    computed, notes = compute("pension", fields, {"pension.account_balance": "100000.00"}, ctx)
    assert "pension.base" not in computed and any("计发基数" in n and "尚未公布" in n for n in notes)
    assert computed["pension.retirement_month"] == "2026-05"
    assert "pension.personal_account" in computed           # what can be computed still is


def test_a_clerk_override_is_not_recomputed():
    fields = fields_of("pension")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1966, 1), category="male")
    computed, _ = compute("pension", fields, {"pension.base": "12000.00"}, ctx, overridden=frozenset({"pension.base"}))
    assert "pension.base" not in computed


def test_disability_allowance_from_the_month_after_application():
    fields = fields_of("disability_allowance")
    assert "allowance.retirement_month" not in {f.code for f in fields}
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1966, 12), category="male")
    computed, _ = compute("disability_allowance", fields, {"allowance.account_balance": "100000.00"}, ctx)
    assert computed["allowance.start_month"] == "2026-04"
    assert computed["allowance.months_factor"] == str(money.months_factor(59, 3))   # aged 59y3m then
    assert computed["allowance.personal_account"] == str(money.to_fen(Decimal("100000.00") / money.months_factor(59, 3)))


@pytest.mark.parametrize("rule_set, dependants", [("shenzhen", 2), ("national", 0)])
def test_death_benefit_rule_sets(rule_set, dependants):
    fields = fields_of("death_benefit")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    values = {"death_benefits.rule_set": rule_set, "death_benefits.base": "10000.00", "death_benefits.dependants": str(dependants),
              "death_benefits.contribution_months": "240", "death_benefits.actual_contribution_months": "240"}
    computed, _ = compute("death_benefit", fields, values, ctx)
    r = money.funeral_and_survivor(rule_set, "10000.00", dependants=dependants, contribution_months=240,
                                   actual_contribution_months=240)
    assert computed["death_benefits.funeral_grant"] == str(r.funeral_grant)
    assert computed["death_benefits.survivor_months"] == str(r.survivor_months)
    assert computed["death_benefits.total"] == str(r.total)


def test_death_benefit_rule_set_in_force_comes_from_the_parameters():
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    computed, notes = compute("death_benefit", fields_of("death_benefit"), {}, ctx)
    in_force = PARAMS.text("death_benefit.rule_set", date(2026, 3, 2))
    assert computed.get("death_benefits.rule_set") == in_force or notes     # a pending parameter is said, not guessed


def test_account_settlement_adds_up():
    fields = fields_of("account_settlement")
    values = from_record(fields, {"account_balance": "102345.67"})
    assert values == {"account.opening": "102345.67"}
    values.update({"account.contributions": "7680.00", "account.interest": "1592.13"})
    computed, _ = compute("account_settlement", fields, values, RuleContext(date(2026, 3, 2), PARAMS, None, None))
    assert computed == {"account.year": "2026", "account.closing": "111617.80"}


def test_contribution_amounts_from_the_declared_base():
    fields = fields_of("contribution")
    on = date(2026, 3, 2)
    computed, _ = compute("contribution", fields, {"contributions.declared_base": "8000"}, RuleContext(on, PARAMS, None, None))
    a = money.contribution_amounts("8000", on, PARAMS)
    assert computed["contributions.period"] == "2026-03"
    assert computed["contributions.employer"] == str(a.employer) and computed["contributions.total"] == str(a.total)


def test_contribution_parameters_are_those_of_the_contribution_period_not_of_today():
    """Declared in December 2026 for 费款所属期 2026-02: the floor/ceiling and rates in force in
    2026-02 apply (none is in force yet on 2026-12-04, which once blocked the whole calculation)."""
    fields = fields_of("contribution")
    today = date(2026, 12, 4)
    ctx = RuleContext(today, PARAMS, None, None)
    values = {"contributions.period": "2026-02", "contributions.declared_base": "3000"}
    computed, notes = compute("contribution", fields, values, ctx, overridden=frozenset({"contributions.period"}))
    a = money.contribution_amounts("3000", date(2026, 2, 1), PARAMS)
    assert notes == []
    assert computed["contributions.base"] == f"{a.base:.2f}" == "4775.00"    # the 2025-07 floor
    assert computed["contributions.employer"] == str(a.employer)
    assert computed["contributions.individual"] == str(a.individual)
    assert "contributions.period" not in computed                           # the given period is kept


def test_contribution_for_the_current_month_uses_the_open_ended_2025_07_figures():
    """policy.md §4 gives the 2025-07 floor/ceiling no end date: declared on 2026-12-04 for 2026-12 the
    amounts are computed (the default file once ended them on 2026-06-30 and refused every such case)."""
    fields = fields_of("contribution")
    computed, notes = compute("contribution", fields, {"contributions.declared_base": "3000"},
                              RuleContext(date(2026, 12, 4), PARAMS, None, None))
    assert notes == [] and computed["contributions.period"] == "2026-12"
    assert computed["contributions.base"] == "4775.00" and computed["contributions.employer"] == "764.00"


def test_contribution_period_without_parameters_is_said_in_plain_chinese():
    fields = fields_of("contribution")
    ctx = RuleContext(date(2026, 12, 4), params_with_floor_ended(), None, None)
    computed, notes = compute("contribution", fields, {"contributions.declared_base": "8000"}, ctx)
    assert computed["contributions.period"] == "2026-12"                   # none given: this month
    assert "contributions.base" not in computed
    text = "；".join(notes)
    assert "缴费基数下限" in text and "2026-12-01" in text
    assert "contribution.base_floor" not in text and "base_floor" not in text


def test_death_benefit_base_is_that_in_force_at_the_death():
    """丧葬补助金、抚恤金: the rule set and its base are those in force when the person died."""
    from counter_rules.params import ParameterSet

    def entry(value, start, end):
        return {"value": value, "effective_from": start, "effective_to": end, "source": "测试", "confirmed": True}

    params = ParameterSet.from_mapping({"version": "t", "params": {
        "death_benefit.rule_set": {"kind": "text", "title": "办法", "values": [entry("national", "2025-01-01", None)]},
        "death_benefit.province_disposable_income": {"title": "可支配收入", "unit": "元/月",
                                                     "values": [entry("4000", "2025-01-01", "2025-12-31"),
                                                                entry("4511", "2026-01-01", "2026-12-31")]}}})
    fields = fields_of("death_benefit")
    ctx = RuleContext(date(2027, 1, 5), params, None, None, death=date(2025, 11, 20))
    computed, notes = compute("death_benefit", fields, {"death_benefits.dependants": "1"}, ctx)
    assert computed["death_benefits.rule_set"] == "national" and computed["death_benefits.base"] == "4000.00", notes


def test_disability_allowance_counts_from_the_application_not_the_decision_day():
    fields = fields_of("disability_allowance")
    ctx = RuleContext(on=date(2026, 5, 20), params=PARAMS, birth=(1966, 12), category="male", applied=date(2026, 3, 2))
    computed, _ = compute("disability_allowance", fields, {"allowance.account_balance": "100000.00"}, ctx)
    assert computed["allowance.start_month"] == "2026-04"
    assert computed["allowance.months_factor"] == str(money.months_factor(59, 3))


def test_a_note_is_data_with_its_code():
    """The notes under the 核定 form are DecisionNotes (the Chinese as before, with a code), so the
    counter words them in the clerk's language (ui.refusals)."""
    from counter_rules.decision_data import DecisionNote

    fields = fields_of("contribution")
    _computed, notes = compute("contribution", fields, {}, RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None,
                                                                       category=None))
    assert notes == ["待其他数据填齐后计算：个人缴费、单位缴费、核定缴费基数、缴费合计"]
    assert isinstance(notes[0], DecisionNote) and notes[0].code == "rules_pending"


def test_a_failed_calculation_keeps_its_exception_out_of_the_note():
    """Review: 规则计算暂不能完成：<the exception's text> put Python's message on screen. The note
    says what to do; the exception is the note's ``cause``, for the counter's log."""
    fields = fields_of("death_benefit")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    values = {"death_benefits.rule_set": "shenzhen", "death_benefits.base": "10000.00",
              "death_benefits.dependants": "two"}
    computed, notes = compute("death_benefit", fields, values, ctx)
    assert computed == {} and notes == ["规则计算暂不能完成：请核对已填写的数据，或由经办人填写计算结果"]
    assert notes[0].code == "rules_failed" and isinstance(notes[0].cause, ValueError)
    assert "two" not in notes[0]


def test_too_few_contributions_under_the_shenzhen_rules_is_said_as_the_rules_say_it():
    fields = fields_of("death_benefit")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    values = {"death_benefits.rule_set": "shenzhen", "death_benefits.base": "10000.00",
              "death_benefits.dependants": "1", "death_benefits.contribution_months": "4",
              "death_benefits.actual_contribution_months": "4"}
    computed, notes = compute("death_benefit", fields, values, ctx)
    r = money.funeral_and_survivor("shenzhen", "10000.00", dependants=1, actual_contribution_months=4)
    assert computed == {} and notes == [r.reason] and notes[0].code == "death_short_contributions"
    assert notes[0].params == ("4",) and notes[0].cause is None


def test_deemed_months_do_not_count_as_actual_contributions_under_the_shenzhen_rule():
    """policy.md §5, Shenzhen rule: at least 6 months of ACTUAL contributions. A person with 0 actual
    and 24 deemed (视同缴费) months is not eligible; the record's total (contributions + deemed) once
    stood in for the actual months and paid them. The national rule keeps the total."""
    fields = fields_of("death_benefit")
    prefill = from_record(fields, {"contribution_months": 0, "deemed_months": 24})
    assert prefill["death_benefits.contribution_months"] == "24"
    assert prefill["death_benefits.actual_contribution_months"] == "0"
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    given = {**prefill, "death_benefits.base": "10000.00", "death_benefits.dependants": "1"}
    computed, notes = compute("death_benefit", fields, {**given, "death_benefits.rule_set": "shenzhen"}, ctx)
    assert computed == {} and [n.code for n in notes] == ["death_short_contributions"] and notes[0].params == ("0",)
    computed, notes = compute("death_benefit", fields, {**given, "death_benefits.rule_set": "national"}, ctx)
    assert computed["death_benefits.survivor_months"] == "3" and computed["death_benefits.funeral_grant"] == "20000.00"


def test_the_shenzhen_rule_waits_for_the_actual_months_instead_of_using_the_total():
    fields = fields_of("death_benefit")
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    values = {"death_benefits.rule_set": "shenzhen", "death_benefits.base": "10000.00", "death_benefits.dependants": "1",
              "death_benefits.contribution_months": "240"}
    computed, notes = compute("death_benefit", fields, values, ctx)
    assert "death_benefits.total" not in computed
    assert [n.code for n in notes] == ["rules_pending"]
    with pytest.raises(money.RuleInputError, match="实际缴费月数"):
        money.funeral_and_survivor("shenzhen", "10000.00", dependants=1, contribution_months=240)


@pytest.mark.parametrize("code", ["pension", "disability_allowance"])
def test_the_average_contribution_index_has_no_invented_bounds(code):
    """policy.md §2 gives Z no floor or ceiling (the catalog had 0.6 and 3, in neither the notes nor the
    standard): an index of 0.45 or 3.2 is the person's own and is taken; a negative one is no index."""
    group = {"pension": "pension", "disability_allowance": "allowance"}[code]
    field = next(f for f in fields_of(code) if f.code == f"{group}.avg_index")
    assert check(field, "0.45") == ("0.45", "") and check(field, "3.2") == ("3.2", "")
    value, problem = check(field, "-0.1")
    assert value is None and "本人平均缴费指数" in problem


@pytest.mark.parametrize(("text", "said"), [
    ("-0", "申报缴费基数不能小于0"),                 # was stored as -0.00
    ("1E+30", "申报缴费基数应为数字"),               # was "尚未算出" later
    ("١٢٣٤٥", "申报缴费基数应为数字"),               # Arabic-Indic digits
    ("1_000", "申报缴费基数应为数字"),
    ("+3", "申报缴费基数应为数字"),
    ("9" * 40, "申报缴费基数不能大于9999999999.99"),  # no max in the catalog: the form's 10 digits
    ("00000000001", "申报缴费基数不能大于9999999999.99"),
])
def test_a_number_the_decision_form_refuses_is_refused_here_too(text, said):
    """Exploratory test: ``case step --data`` took numbers the window's form cannot be given (its
    editors take ``[0-9]{0,10}(\\.[0-9]{0,2})?`` for money); check() is the form's rule now."""
    from counter_rules.decision_data import DecisionField

    f = DecisionField("contributions.declared_base", "申报缴费基数", "money")
    assert check(f, text) == (None, said)
    assert check(f, "9999999999.99") == ("9999999999.99", "") and check(f, "6,000.5") == ("6000.50", "")
    assert check(f, ".5") == ("0.50", "") and check(f, "5.") == ("5.00", "")


def test_the_forms_editors_take_the_shape_check_takes():
    """One rule for the window's editors and check(): the pattern each editor is given comes from here."""
    import re as regex

    from counter_rules.decision_data import DecisionField, editor_pattern

    for kind, good, bad in (("money", "1234567890.12", "12345678901"), ("integer", "720", "7.5"),
                            ("decimal", "1.2345", "1.23456"), ("month", "2026-04", "٢٠٢٦-04")):
        pattern = editor_pattern(kind)
        assert regex.fullmatch(pattern, good) and not regex.fullmatch(pattern, bad), kind
        f = DecisionField("a.b", "项", kind)
        assert check(f, good)[1] == "" and check(f, bad)[0] is None, kind
    avg = DecisionField("pension.avg_index", "本人平均缴费指数", "decimal", min=Decimal(0))
    assert check(avg, "1.23456") == (None, "本人平均缴费指数最多4位小数")


def test_a_text_field_with_control_or_direction_characters_is_refused_naming_it():
    """Exploratory test: 转出地 with an ESC sequence and an RLO was recorded and printed on the 联系函;
    refused now (the window's form and ``case step --data`` both use check()), naming the field."""
    from counter_rules.decision_data import DecisionField

    region = DecisionField("transfer.from_region", "转出地（省市县）", "text")
    assert check(region, "湖南省\x1b[2J长沙市\u202e") == (
        None, "转出地（省市县）含有不能保存的控制字符或文字方向控制符（U+001B、U+202E），请删除后重新输入")
    assert check(region, "湖南省长沙市，芙蓉区") == ("湖南省长沙市，芙蓉区", "")     # its comma kept (was dropped)


def test_the_date_of_death_decides_the_rule_set_in_force_and_is_never_after_the_decision():
    """Review: the 丧葬补助金、抚恤金 step had no 死亡日期 — the rule set and base were those in force
    on the day of the decision unless the core system had handed a date over, and the decision printed
    none. It is the step's first field (from the record, else typed), and the rules read it."""
    fields = fields_of("death_benefit")
    died = fields[0]
    assert (died.code, died.type, died.source, died.required) == ("death_benefits.death_date", "date", "record", True)
    assert check(died, "2026-02-10") == ("2026-02-10", "")
    for bad in ("2026-02-30", "2026-2-10", "20260210", "2026-02"):
        value, problem = check(died, bad)
        assert value is None and problem.code == "field_date", bad
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=None, category=None)
    computed, _notes = compute("death_benefit", fields, {"death_benefits.death_date": "2026-02-10"}, ctx)
    assert computed["death_benefits.rule_set"] == "national"          # in force from 2025-01-01
    computed, notes = compute("death_benefit", fields, {"death_benefits.death_date": "2024-06-01"}, ctx)
    assert "death_benefits.rule_set" not in computed and any("2024-06-01" in n for n in notes), notes
    computed, notes = compute("death_benefit", fields, {"death_benefits.death_date": "2026-03-03"}, ctx)
    assert computed == {} and [n.code for n in notes] == ["death_date_future"]
