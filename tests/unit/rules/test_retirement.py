"""Retirement reform, minimum years, flexible window and service conditions (policy.md §1; DB4403 5.5, 5.6.1)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_rules.retirement import (
    CONDITIONS,
    Category,
    DeathCause,
    PersonFacts,
    RuleInputError,
    YearMonth,
    categories_for_sex,
    category_from_sex,
    evaluate,
    flexible_window,
    min_contribution_months,
    statutory_retirement,
    unmet_account_settlement,
    unmet_basic_pension_special_work,
    unmet_basic_pension,
    unmet_death_benefits,
    unmet_disability_allowance,
    unmet_history_review,
    unmet_history_review_death,
    unmet_history_review_disability,
)

# Independently written from the notes' table (not imported from the module under test):
# category → (original age, first affected birth, birth months per +1 month, cap)
NOTES_TABLE = {
    Category.male: (60, (1965, 1), 4, 36),
    Category.female_cadre: (55, (1970, 1), 4, 36),
    Category.female_worker: (50, (1975, 1), 2, 60),
}


def _expected_rows(category: Category, from_year: int, to_year: int):
    """Walk birth months one by one: delay 0 before the first affected month, 1 at it, +1 after
    every ``step`` further months, never above the cap. Retirement = birth year + years, month +
    months with a year carry."""
    original, first, step, cap = NOTES_TABLE[category]
    delay = 0
    months_in_step = 0
    rows = []
    for year in range(from_year, to_year + 1):
        for month in range(1, 13):
            if (year, month) >= first:
                if delay == 0:
                    delay, months_in_step = 1, 1
                elif months_in_step == step:
                    delay, months_in_step = min(cap, delay + 1), 1
                else:
                    months_in_step += 1
            years, months = original + delay // 12, delay % 12
            ret_year, ret_month = year + years, month + months
            if ret_month > 12:
                ret_year, ret_month = ret_year + 1, ret_month - 12
            rows.append(((year, month), delay, years, months, f"{ret_year:04d}-{ret_month:02d}"))
    return rows


WHOLE_REFORM = [
    (cat, *row)
    for cat, years in (
        (Category.male, (1960, 1982)),
        (Category.female_cadre, (1965, 1987)),
        (Category.female_worker, (1970, 1990)),
    )
    for row in _expected_rows(cat, *years)
]


def test_whole_reform_table_covers_before_and_after_caps():
    cats = {c for c, *_ in WHOLE_REFORM}
    assert cats == set(Category)
    for cat in Category:
        delays = [d for c, _, d, *_ in WHOLE_REFORM if c is cat]
        assert delays[0] == 0 and delays[-1] == NOTES_TABLE[cat][3]
    assert len(WHOLE_REFORM) == (23 + 23 + 21) * 12


@pytest.mark.parametrize("category,birth,delay,years,months,retire", WHOLE_REFORM)
def test_every_birth_month_of_the_reform(category, birth, delay, years, months, retire):
    r = statutory_retirement(birth[0], birth[1], category)
    assert (r.delay_months, r.age_years, r.age_months, r.retirement_month_str) == (delay, years, months, retire)
    assert r.retirement_month == tuple(int(p) for p in retire.split("-"))


# sample rows quoted in the notes
@pytest.mark.parametrize(
    "category,birth,age",
    [
        (Category.male, (1965, 1), (60, 1)),
        (Category.male, (1965, 2), (60, 1)),
        (Category.male, (1965, 3), (60, 1)),
        (Category.male, (1965, 4), (60, 1)),
        (Category.male, (1976, 9), (63, 0)),
        (Category.male, (1980, 1), (63, 0)),
        (Category.female_worker, (1975, 1), (50, 1)),
        (Category.female_worker, (1975, 2), (50, 1)),
        (Category.female_worker, (1984, 11), (55, 0)),
        (Category.female_worker, (1990, 6), (55, 0)),
        (Category.female_cadre, (1970, 1), (55, 1)),
        (Category.female_cadre, (1970, 4), (55, 1)),
        (Category.female_cadre, (1981, 9), (58, 0)),
        (Category.female_cadre, (1986, 3), (58, 0)),
    ],
)
def test_notes_sample_rows(category, birth, age):
    r = statutory_retirement(*birth, category)
    assert (r.age_years, r.age_months) == age


def test_notes_example_man_born_1965_12():
    r = statutory_retirement(1965, 12, Category.male)
    assert (r.age_years, r.age_months, r.retirement_month_str) == (60, 3, "2026-03")
    assert r.delay_months == 3


@pytest.mark.parametrize(
    "category,before,first,next_step,last_below_cap,cap_month",
    [
        # boundary rows: last unaffected, first affected, first of the second step, last month below the cap, first capped
        (Category.male, (1964, 12), (1965, 1), (1965, 5), (1976, 8), (1976, 9)),
        (Category.female_cadre, (1969, 12), (1970, 1), (1970, 5), (1981, 8), (1981, 9)),
        (Category.female_worker, (1974, 12), (1975, 1), (1975, 3), (1984, 10), (1984, 11)),
    ],
)
def test_boundary_rows(category, before, first, next_step, last_below_cap, cap_month):
    cap = NOTES_TABLE[category][3]
    assert statutory_retirement(*before, category).delay_months == 0
    assert statutory_retirement(*first, category).delay_months == 1
    assert statutory_retirement(*next_step, category).delay_months == 2
    assert statutory_retirement(*last_below_cap, category).delay_months == cap - 1
    assert statutory_retirement(*cap_month, category).delay_months == cap


def test_category_from_cli_spelling_and_errors():
    assert Category.parse("female-cadre") is Category.female_cadre
    assert Category.parse("FEMALE-WORKER") is Category.female_worker
    assert Category.male.cli_name == "male" and Category.female_worker.cli_name == "female-worker"
    with pytest.raises(RuleInputError, match="人员类别"):
        Category.parse("female")
    with pytest.raises(RuleInputError, match="月份“13”无效"):
        statutory_retirement(1965, 13, Category.male)
    with pytest.raises(RuleInputError, match="格式错误"):
        YearMonth.parse("1965/12")


def test_category_only_from_sex_for_men():
    assert category_from_sex("male") is Category.male
    assert category_from_sex("female") is None  # post type must be asked
    assert categories_for_sex("female") == (Category.female_cadre, Category.female_worker)


months_strategy = st.tuples(st.integers(1940, 2010), st.integers(1, 12))


@given(st.sampled_from(list(Category)), months_strategy, st.integers(1, 240))
def test_delay_never_decreases_with_birth_month(category, birth, later_by):
    a = YearMonth(*birth)
    b = a.plus_months(later_by)
    assert statutory_retirement(b.year, b.month, category).delay_months >= statutory_retirement(a.year, a.month, category).delay_months


@given(st.sampled_from(list(Category)), months_strategy)
def test_caps_hold(category, birth):
    original, _, _, cap = NOTES_TABLE[category]
    r = statutory_retirement(*birth, category)
    assert 0 <= r.delay_months <= cap
    assert original * 12 <= r.total_months <= original * 12 + cap
    assert YearMonth(*birth).months_until(r.retirement_month) == r.total_months


# ---------------------------------------------------------------- minimum contribution months


@pytest.mark.parametrize(
    "year,months",
    [(2020, 180), (2025, 180), (2029, 180), (2030, 186), (2031, 192), (2032, 198), (2035, 216), (2038, 234), (2039, 240), (2040, 240), (2060, 240)],
)
def test_min_contribution_months_by_year(year, months):
    assert min_contribution_months(year) == months


def test_min_contribution_ramp_is_six_months_a_year():
    steps = [min_contribution_months(y + 1) - min_contribution_months(y) for y in range(2029, 2039)]
    assert steps == [6] * 10


# ---------------------------------------------------------------- flexible window


def test_flexible_window_man_born_1965_12():
    w = flexible_window(1965, 12, Category.male, contribution_months=200)
    assert w.applicable
    assert str(w.earliest_month) == "2025-12"  # never below 60
    assert (w.earliest_age_years, w.earliest_age_months) == (60, 0)
    assert str(w.latest_month) == "2029-03"  # +3 years
    assert w.early_allowed is True


def test_flexible_window_after_cap_is_three_years_each_way():
    w = flexible_window(1980, 6, Category.male)
    assert (w.earliest_age_years, w.earliest_age_months) == (60, 0)
    assert (w.latest_age_years, w.latest_age_months) == (66, 0)
    assert w.early_allowed is None
    ww = flexible_window(1990, 1, Category.female_worker)
    assert (ww.earliest_age_years, ww.latest_age_years) == (52, 58)  # 55 − 3, 55 + 3; above original 50


def test_flexible_early_needs_minimum_years_of_statutory_year():
    w = flexible_window(1976, 9, Category.male, contribution_months=239)  # statutory 2039-09 → 20 years
    assert w.early_min_contribution_months == 240
    assert w.early_allowed is False
    assert flexible_window(1976, 9, Category.male, contribution_months=240).early_allowed is True


def test_no_flexible_window_before_the_reform():
    w = flexible_window(1964, 12, Category.male, contribution_months=400)
    assert not w.applicable and w.early_allowed is False
    assert w.earliest_month == w.latest_month == w.statutory.retirement_month


@given(st.sampled_from(list(Category)), st.tuples(st.integers(1965, 2000), st.integers(1, 12)))
def test_flexible_window_bounds(category, birth):
    original = NOTES_TABLE[category][0]
    w = flexible_window(*birth, category)
    total = w.statutory.total_months
    earliest = w.earliest_age_years * 12 + w.earliest_age_months
    latest = w.latest_age_years * 12 + w.latest_age_months
    if w.applicable:
        assert earliest >= original * 12 and total - earliest <= 36
        assert latest - total == 36
    assert w.earliest_month <= w.statutory.retirement_month <= w.latest_month


# ---------------------------------------------------------------- conditions


def _facts(**kw):
    base = dict(birth=(1965, 12), category=Category.male, contribution_months=200, benefit_place_shenzhen=True,
                insured_in_shenzhen=True, last_insured_place_shenzhen=True)
    base.update(kw)
    return PersonFacts(**base)


def codes(unmet):
    return [u.code for u in unmet]


def test_basic_pension_met_from_retirement_month():
    f = _facts()
    assert codes(unmet_basic_pension(f, date(2026, 2, 28))) == ["retirement_age"]
    assert "2026-03" in unmet_basic_pension(f, date(2026, 2, 28))[0].reason
    assert unmet_basic_pension(f, date(2026, 3, 1)) == []


def test_basic_pension_short_of_minimum_is_not_refused_outright():
    f = _facts(birth=(1970, 6), contribution_months=185)  # statutory 2031-…, minimum 16 years
    r = f.retirement
    assert r.retirement_month.year == 2031
    unmet = unmet_basic_pension(f, date(2035, 1, 1))
    assert codes(unmet) == ["contribution_years"]
    reason = unmet[0].reason
    assert "16年" in reason and "15年5个月" in reason and "7个月" in reason
    assert "不直接拒绝" in reason and "继续缴费" in reason


def test_basic_pension_benefit_place():
    unmet = unmet_basic_pension(_facts(benefit_place_shenzhen=False), date(2030, 1, 1))
    assert codes(unmet) == ["benefit_place_shenzhen"]


def test_basic_pension_flexible_requests():
    f = _facts(requested_retirement=(2025, 12))
    assert unmet_basic_pension(f, date(2025, 12, 1)) == []
    too_early = _facts(requested_retirement=(2025, 11))
    assert "早于" in unmet_basic_pension(too_early, date(2025, 12, 1))[0].reason
    too_late = _facts(requested_retirement=(2029, 4))
    assert "晚于" in unmet_basic_pension(too_late, date(2029, 5, 1))[0].reason
    not_yet = _facts(requested_retirement=(2027, 1))
    assert codes(unmet_basic_pension(not_yet, date(2026, 6, 1))) == ["retirement_age"]


def test_disability_allowance():
    f = _facts(lost_capacity=True)
    assert unmet_disability_allowance(f, date(2025, 6, 1)) == []
    assert codes(unmet_disability_allowance(f, date(2026, 3, 1))) == ["retirement_age"]
    g = _facts(lost_capacity=False, contribution_months=179, benefit_place_shenzhen=False)
    assert codes(unmet_disability_allowance(g, date(2025, 6, 1))) == ["contribution_years", "lost_capacity", "benefit_place_shenzhen"]


def test_death_benefits():
    ok = _facts(deceased=True, death_cause=DeathCause.illness)
    assert unmet_death_benefits(ok, date(2025, 1, 1)) == []
    assert unmet_death_benefits(_facts(deceased=True, death_cause="non_work_injury"), date(2025, 1, 1)) == []
    work = _facts(deceased=True, death_cause=DeathCause.work_injury)
    assert codes(unmet_death_benefits(work, date(2025, 1, 1))) == ["death_cause"]
    other = _facts(deceased=True, death_cause=DeathCause.illness, other_death_benefit_received=True, last_insured_place_shenzhen=False)
    assert codes(unmet_death_benefits(other, date(2025, 1, 1))) == ["last_insured_place", "other_death_benefit"]
    assert codes(unmet_death_benefits(_facts(), date(2025, 1, 1))) == ["deceased"]


def test_account_settlement_one_of_three():
    on = date(2027, 1, 1)
    assert unmet_account_settlement(_facts(contribution_months=100), on) == []  # retired, short
    assert unmet_account_settlement(_facts(birth=(1980, 1), hmt_or_foreign_left=True), on) == []
    assert unmet_account_settlement(_facts(birth=(1980, 1), nationality_lost=True), on) == []
    none = unmet_account_settlement(_facts(birth=(1980, 1)), on)
    assert codes(none) == ["nationality_lost", "retirement_age", "hmt_or_foreign_left"]
    full = unmet_account_settlement(_facts(), on)  # retired with full years: basic pension instead
    assert codes(full) == ["nationality_lost", "contribution_years", "hmt_or_foreign_left"]


def test_departure_ground_only_for_hong_kong_macau_taiwan_or_foreign_documents():
    """5.6.1.4 third ground: 港澳台及外籍人员离境 — not for a person whose ID is a 居民身份证."""
    on = date(2027, 1, 1)
    mainland = unmet_account_settlement(_facts(birth=(1980, 1), hmt_or_foreign_left=True, hmt_or_foreign_person=False), on)
    assert codes(mainland) == ["nationality_lost", "retirement_age", "hmt_or_foreign_id"]
    assert mainland[-1].reason == "参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形"
    assert unmet_account_settlement(_facts(birth=(1980, 1), hmt_or_foreign_left=True, hmt_or_foreign_person=True), on) == []
    # the other grounds do not depend on the document
    assert unmet_account_settlement(_facts(contribution_months=100, hmt_or_foreign_person=False), on) == []


def test_special_work_pension_is_5_6_1_1_without_the_age_test():
    """特殊工种 (6.6.1.1.1.3): the age table gives way (policy.md §1); benefit place and years stay."""
    young = dict(birth=(1976, 4))                  # statutory 2039-xx: far from reached in 2026
    on = date(2026, 6, 1)
    assert codes(unmet_basic_pension(_facts(**young, contribution_months=300), on)) == ["retirement_age"]
    assert unmet_basic_pension_special_work(_facts(**young, contribution_months=300), on) == []
    assert codes(unmet_basic_pension_special_work(_facts(**young, contribution_months=300, benefit_place_shenzhen=False),
                                                  on)) == ["benefit_place_shenzhen"]
    assert codes(unmet_basic_pension_special_work(_facts(**young, contribution_months=100), on)) == ["contribution_years"]
    # a requested flexible month plays no part either
    assert unmet_basic_pension_special_work(_facts(**young, contribution_months=300,
                                                   requested_retirement=(2040, 1)), on) == []
    assert evaluate("5.6.1.1/special_work", _facts(**young, contribution_months=300), on) == []


def test_history_review_clauses():
    on = date(2025, 1, 1)
    assert unmet_history_review(_facts(), on) == []
    assert codes(unmet_history_review(_facts(history_reviewed=True, insured_in_shenzhen=False), on)) == ["insured_in_shenzhen", "history_reviewed"]
    assert codes(unmet_history_review_disability(_facts(), on)) == ["lost_capacity"]
    assert unmet_history_review_disability(_facts(lost_capacity=True), on) == []
    assert codes(unmet_history_review_death(_facts(), on)) == ["deceased"]
    assert unmet_history_review_death(_facts(deceased=True), on) == []


def test_evaluate_by_clause():
    assert set(CONDITIONS) == {"5.5.1", "5.5.2", "5.5.3", "5.6.1.1", "5.6.1.1/special_work", "5.6.1.2", "5.6.1.3",
                               "5.6.1.4"}
    assert evaluate("5.6.1.1", _facts(), date(2026, 3, 1)) == []
    with pytest.raises(RuleInputError, match="条款"):
        evaluate("9.9", _facts(), date(2026, 3, 1))
    for reason in (u.reason for u in unmet_account_settlement(_facts(birth=(1980, 1)), date(2025, 1, 1))):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason)


def test_the_staff_advice_is_not_part_of_the_applicants_reason():
    """Tester (supervisor B11): the 不予受理决定书 printed "…尚差10年。不直接拒绝：可继续缴费…" —
    advice to the clerk, contradicting the decision it was printed in."""
    from counter_rules.retirement import applicant_reason

    reason = unmet_basic_pension(_facts(birth=(1970, 6), contribution_months=185), date(2035, 1, 1))[0].reason
    told = applicant_reason(reason)
    assert "不直接拒绝" not in told and told.endswith("尚差7个月。") and told in reason
    assert applicant_reason("待遇领取地不是深圳市") == "待遇领取地不是深圳市"
