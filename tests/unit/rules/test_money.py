"""Money rules (policy.md §2–§5): months factor, pension estimate, account interest, death
benefits, contribution amounts; Decimal, half-up to the fen."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_rules.money import (
    MAX_CONTRIBUTION_MONTHS,
    account_history,
    account_year_end,
    contribution_amounts,
    funeral_and_survivor,
    funeral_and_survivor_on,
    months_factor,
    national_survivor_months,
    pension_estimate,
    pension_estimate_on,
    to_decimal,
    to_fen,
)
from counter_rules.params import ParameterNotInForce, ParameterSet
from counter_rules.retirement import RuleInputError
from counter_app.reference.params import load_policy_params

# the months factor table, copied from the notes
NOTES_MONTHS = dict(zip(range(40, 71), [
    233, 230, 226, 223, 220, 216, 212, 208, 204, 199, 195, 190, 185, 180, 175, 170,
    164, 158, 152, 145, 139, 132, 125, 117, 109, 101, 93, 84, 75, 65, 56,
], strict=False))


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return load_policy_params()


def half_up(fr: Fraction, places: int) -> Decimal:
    """Independent half-up rounding on exact fractions (no Decimal quantize)."""
    scale = 10 ** places
    scaled = fr * scale
    sign = -1 if scaled < 0 else 1
    n = (abs(scaled) * 2 + 1) // 2
    return Decimal(sign * int(n)) / Decimal(scale)


# ---------------------------------------------------------------- rounding rule


@pytest.mark.parametrize("value,expected", [("0.005", "0.01"), ("0.0049999", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01"),
                                            ("875.845", "875.85"), ("1.125", "1.13")])
def test_to_fen_is_half_up(value, expected):
    assert to_fen(Decimal(value)) == Decimal(expected)
    assert str(to_fen(Decimal(value))) == expected


def test_floats_are_refused():
    with pytest.raises(RuleInputError, match="浮点数"):
        to_decimal(0.1)
    with pytest.raises(RuleInputError, match="不是有效数值"):
        to_decimal("abc")


# ---------------------------------------------------------------- months factor


@pytest.mark.parametrize("age,months,expected", [(60, 1, "138.4"), (60, 3, "137.3"), (50, 1, "194.6")])
def test_notes_months_factor_examples(age, months, expected):
    assert str(months_factor(age, months)) == expected


@pytest.mark.parametrize("age", range(40, 71))
def test_whole_ages_are_the_table(age):
    assert months_factor(age, 0) == NOTES_MONTHS[age]


@pytest.mark.parametrize("age,months", [(a, m) for a in range(40, 70) for m in range(1, 12)])
def test_every_age_with_months_matches_exact_interpolation(age, months):
    exact = Fraction(NOTES_MONTHS[age]) - Fraction(NOTES_MONTHS[age] - NOTES_MONTHS[age + 1]) * months / 12
    assert months_factor(age, months) == half_up(exact, 1)


def test_60y3m_is_a_half_up_case():
    # 139 − 7 × 3/12 = 137.25: half-up gives 137.3 where half-even would give 137.2
    assert Decimal("137.25").quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN) == Decimal("137.2")
    assert months_factor(60, 3) == Decimal("137.3")


@pytest.mark.parametrize("age,months,fragment", [(39, 0, "超出"), (70, 1, "超出"), (60, 12, "0—11"), (60, -1, "0—11")])
def test_months_factor_errors(age, months, fragment):
    with pytest.raises(RuleInputError, match=fragment):
        months_factor(age, months)


def test_unknown_interpolation_is_an_error():
    with pytest.raises(RuleInputError, match="未实现"):
        months_factor(60, 1, interpolation="nearest")


# ---------------------------------------------------------------- pension


def test_pension_formula_parts():
    est = pension_estimate(computation_base="11293", avg_index="1.2", contribution_months=300,
                           account_balance="150000", age_years=60, age_months=1, transitional="123.456")
    # basic = 11293 × 2.2 / 2 × 25 × 1% = 3105.575 → 3105.58
    assert est.basic == Decimal("3105.58")
    # 150000 / 138.4 = 1083.8150… → 1083.82
    assert est.personal_account == Decimal("1083.82")
    assert est.transitional == Decimal("123.46")
    assert est.total == est.basic + est.personal_account + est.transitional
    assert est.months_factor == Decimal("138.4")


def test_pension_basic_counts_months_and_rounds_half_up():
    est = pension_estimate(computation_base="11181", avg_index="0", contribution_months=188, account_balance="0", age_years=60)
    assert est.basic == Decimal("875.85")  # 11181 × 1/2 × 188/12 × 1% = 875.845 exactly
    est = pension_estimate(computation_base="10000", avg_index="1", contribution_months=181, account_balance="155.7", age_years=60, age_months=0)
    assert est.basic == Decimal("1508.33")  # 10000 × 181/12 % = 1508.333…
    assert est.personal_account == Decimal("1.12")  # 155.7/139.0 = 1.1201…


@given(
    st.integers(3000, 30000), st.integers(0, 300), st.integers(0, 600), st.integers(0, 10**7), st.integers(40, 69), st.integers(0, 11)
)
def test_pension_matches_exact_fractions(c, z100, months, balance_fen, age, age_m):
    z = Decimal(z100) / 100
    balance = Decimal(balance_fen) / 100
    est = pension_estimate(computation_base=c, avg_index=z, contribution_months=months, account_balance=balance, age_years=age, age_months=age_m)
    exact_basic = Fraction(c) * (1 + Fraction(z100, 100)) / 2 * Fraction(months, 12) / 100
    assert est.basic == half_up(exact_basic, 2)
    m = Fraction(str(est.months_factor))
    assert est.personal_account == half_up(Fraction(balance_fen, 100) / m, 2)


def test_pension_on_uses_base_in_force(params):
    est = pension_estimate_on((2025, 6), params, avg_index="1", contribution_months=240, account_balance="0", age_years=60, age_months=1)
    assert est.computation_base == Decimal("11293")
    assert est.basic == Decimal("2258.60")  # 11293 × 20 × 1% = 2258.6
    keys = [k for k, _ in est.parameters]
    assert keys == ["months_factor.interpolation", "pension.computation_base"]
    est = pension_estimate_on((2024, 6), params, avg_index="1", contribution_months=240, account_balance="0", age_years=60)
    assert est.computation_base == Decimal("11181")


def test_pension_2026_base_is_an_explicit_error_unless_given(params):
    with pytest.raises(ParameterNotInForce) as info:
        pension_estimate_on((2026, 3), params, avg_index="1", contribution_months=240, account_balance="0", age_years=60, age_months=3)
    assert "尚未公布" in info.value.message and "2026" in info.value.message
    est = pension_estimate_on((2026, 3), params, computation_base="11500", avg_index="1", contribution_months=240,
                              account_balance="0", age_years=60, age_months=3)
    assert est.basic == Decimal("2300.00")


def test_pension_input_errors():
    with pytest.raises(RuleInputError, match="负数"):
        pension_estimate(computation_base="10000", avg_index="-0.1", contribution_months=10, account_balance="0", age_years=60)
    with pytest.raises(RuleInputError, match="计发基数"):
        pension_estimate(computation_base="0", avg_index="1", contribution_months=10, account_balance="0", age_years=60)


# ---------------------------------------------------------------- personal account


def test_account_year_end_rule():
    # 10000 × 1.0262 + 1000 × (1 + 0.0262 × 1.083 / 2) = 10262 + 1014.1873 = 11276.1873
    assert account_year_end("10000", "1000", "2.62") == Decimal("11276.19")
    # 100.1 × 1.05 = 105.105 → half-up 105.11
    assert account_year_end("100.1", "0", "5") == Decimal("105.11")
    assert account_year_end("0", "0", "3.97") == Decimal("0.00")


@given(st.integers(0, 10**8), st.integers(0, 10**7), st.integers(0, 1000))
def test_account_year_end_matches_exact_fractions(prev_fen, contrib_fen, rate_bp):
    r = Fraction(rate_bp, 10000)
    exact = Fraction(prev_fen, 100) * (1 + r) + Fraction(contrib_fen, 100) * (1 + r * Fraction(1083, 1000) / 2)
    got = account_year_end(Decimal(prev_fen) / 100, Decimal(contrib_fen) / 100, Decimal(rate_bp) / 100)
    assert got == half_up(exact, 2)


NOTES_RATES = {2016: "8.31", 2017: "7.12", 2018: "8.29", 2019: "7.61", 2020: "6.04", 2021: "6.69", 2022: "6.12", 2023: "3.97", 2024: "2.62"}


def test_account_history_uses_each_years_rate(params):
    rows = account_history("5000", {2016: "1200", 2018: "1500", 2024: "2000"}, params)
    assert [r.year for r in rows] == list(range(2016, 2025))
    assert [str(r.rate_percent) for r in rows] == [NOTES_RATES[y] for y in range(2016, 2025)]
    balance = Decimal("5000")
    for r in rows:
        assert r.opening == balance
        balance = account_year_end(balance, r.contributions, NOTES_RATES[r.year])
        assert r.closing == balance and r.confirmed


def test_account_history_2025_rate_is_unconfirmed_and_2026_missing(params):
    rows = account_history("1000", {2025: "0"}, params)
    assert rows[0].rate_percent == Decimal("1.50") and rows[0].confirmed is False
    assert rows[0].closing == Decimal("1015.00")
    with pytest.raises(ParameterNotInForce, match="个人账户记账利率") as info:
        account_history("1000", {2026: "0"}, params)
    assert info.value.key == "account.interest_rate"          # the key stays on the error, out of the message


# ---------------------------------------------------------------- death benefits


@pytest.mark.parametrize(
    "years,months",
    [(0, 3), (4, 3), (5, 6), (9, 6), (10, 9), (15, 9), (16, 10), (20, 14), (29, 23), (30, 24), (40, 24)],
)
def test_national_survivor_months_in_service(years, months):
    assert national_survivor_months(contribution_months=years * 12 + 11 if years < 40 else years * 12) == months


@pytest.mark.parametrize("drawn,months", [(0, 24), (1, 23), (10, 14), (15, 9), (30, 9)])
def test_national_survivor_months_pensioners(drawn, months):
    assert national_survivor_months(pensioner=True, pension_years_drawn=drawn) == months


def test_national_rule_amounts():
    d = funeral_and_survivor("national", "4000.50", contribution_months=20 * 12)
    assert d.eligible and d.funeral_grant == Decimal("8001.00")
    assert d.survivor_months == 14 and d.survivor_benefit == Decimal("56007.00")
    assert d.total == d.funeral_grant + d.survivor_benefit


@pytest.mark.parametrize("dependants,multiple", [(0, 0), (1, 6), (2, 9), (3, 12), (5, 12)])
def test_shenzhen_rule_amounts(dependants, multiple):
    d = funeral_and_survivor("shenzhen", "12000", dependants=dependants, actual_contribution_months=6)
    assert d.eligible and d.funeral_grant == Decimal("36000.00")
    assert d.survivor_benefit == Decimal(12000 * multiple).quantize(Decimal("0.01"))


def test_shenzhen_rule_needs_six_months():
    d = funeral_and_survivor("shenzhen", "12000", dependants=2, actual_contribution_months=5)
    assert not d.eligible and "6个月" in d.reason and d.total == 0


def test_rule_set_chosen_by_parameter(params):
    on = date(2026, 1, 1)
    assert params.text("death_benefit.rule_set", on) == "national"
    d = funeral_and_survivor_on(on, params, base="3000", contribution_months=120)
    assert d.rule_set == "national" and d.funeral_grant == Decimal("6000.00") and d.survivor_months == 9
    assert d.parameters[0][0] == "death_benefit.rule_set" and d.parameters[0][1].confirmed is False
    # flip the parameter: the Shenzhen rule applies
    data = params.as_dict()
    raw = {"version": "t", "params": {k: {**v, "values": [{kk: vv for kk, vv in x.items() if vv is not None} for x in v["values"]]}
                                      for k, v in data["parameters"].items()}}
    raw["params"]["death_benefit.rule_set"]["values"][0]["value"] = "shenzhen"
    flipped = ParameterSet.from_mapping(raw)
    d = funeral_and_survivor_on(on, flipped, base="3000", dependants=1, actual_contribution_months=12)
    assert d.rule_set == "shenzhen" and d.funeral_grant == Decimal("9000.00") and d.survivor_benefit == Decimal("18000.00")


def test_death_base_not_in_force_is_explicit(params):
    with pytest.raises(ParameterNotInForce, match="可支配收入"):
        funeral_and_survivor_on(date(2026, 1, 1), params, contribution_months=120)


# ---------------------------------------------------------------- contribution amounts


def test_contribution_within_range(params):
    c = contribution_amounts("10000", date(2025, 8, 1), params)
    assert c.clamped is None and c.base == Decimal("10000.00")
    assert (c.employer, c.individual, c.total) == (Decimal("1600.00"), Decimal("800.00"), Decimal("2400.00"))


@pytest.mark.parametrize(
    "on,declared,base,clamped",
    [
        (date(2025, 6, 30), "3000", "4492", "floor"),
        (date(2025, 7, 1), "3000", "4775", "floor"),
        (date(2025, 6, 30), "30000", "27501", "ceiling"),
        (date(2025, 7, 1), "30000", "27549", "ceiling"),
        (date(2025, 1, 1), "4492", "4492", None),
        (date(2026, 6, 30), "27549", "27549", None),
    ],
)
def test_contribution_base_clamped_by_date(params, on, declared, base, clamped):
    c = contribution_amounts(declared, on, params)
    assert c.base == Decimal(base) and c.clamped == clamped
    assert c.employer == to_fen(Decimal(base) * Decimal("0.16"))
    assert c.individual == to_fen(Decimal(base) * Decimal("0.08"))


def test_contribution_rounding_to_fen(params):
    c = contribution_amounts("5000.07", date(2025, 8, 1), params)
    assert c.employer == Decimal("800.01")   # 800.0112
    assert c.individual == Decimal("400.01")  # 400.0056 → half-up
    assert c.total == c.employer + c.individual


def test_contribution_outside_parameter_periods_is_explicit(params):
    with pytest.raises(ParameterNotInForce) as info:
        contribution_amounts("5000", date(2024, 6, 1), params)
    assert "缴费基数下限" in info.value.message and "2024-06-01" in info.value.message


def test_contribution_for_2026_12_uses_the_2025_07_figures_still_unconfirmed(params):
    """policy.md §4: 4,775 / 27,549 from 2025-07, open-ended (Shenzhen's confirmation UNCONFIRMED);
    the default file ended them on 2026-06-30, so every contribution from 2026-07 was refused."""
    c = contribution_amounts("3000", date(2026, 12, 1), params)
    assert (c.base, c.clamped, c.floor, c.ceiling) == (Decimal("4775"), "floor", Decimal("4775"), Decimal("27549"))
    used = dict(c.parameters)
    assert not used["contribution.base_floor"].confirmed and not used["contribution.base_ceiling"].confirmed
    assert used["pension.employer_rate"].confirmed and used["pension.individual_rate"].confirmed


def test_contribution_months_beyond_a_working_life_are_refused_not_estimated():
    """`rules pension --months 99999999999999999999` printed a pension of 8.3e20 yuan a month."""
    est = pension_estimate(computation_base="10000", avg_index="1", contribution_months=MAX_CONTRIBUTION_MONTHS,
                           account_balance="0", age_years=60)
    assert est.basic == Decimal("10000.00")        # 10000 × (1 + 1) / 2 × 100 years × 1 %
    with pytest.raises(RuleInputError, match="超出可计算的范围"):
        pension_estimate(computation_base="10000", avg_index="1", contribution_months=MAX_CONTRIBUTION_MONTHS + 1,
                         account_balance="0", age_years=60)
