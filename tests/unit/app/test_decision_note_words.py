"""The notes under the 核定 form that carry the rules' figures (计发月数 that does not fit the age,
a 退休年月 outside the 弹性退休 window, a policy parameter not in force, a 费款所属期 without its
parameters) in the clerk's language. Review: these were composed Chinese, shown as they were in
the English UI; they are DecisionNote data now (code and figures), worded by ui.refusals with the
figures put in after translation. The Chinese is unchanged (tests/unit/rules/test_decision_data.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from counter_app.reference.params import load_policy_params
from counter_app.ui.refusals import problems_text
from counter_rules.decision_data import RuleContext, compute
from tests.unit.rules.test_decision_data import fields_of, params_with_floor_ended

HAN = re.compile(r"[\u4e00-\u9fff]")
PARAMS = load_policy_params()


def _notes(code, given, ctx, overridden=True):
    _computed, notes = compute(code, fields_of(code), given, ctx, overridden=frozenset(given) if overridden else frozenset())
    return notes


def _record_figures_that_do_not_fit():
    """退休年月 2026-03 and 计发月数 137.3 (a man born 1965-12's) for a woman born 1949-12."""
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1949, 12), category="female_cadre")
    return _notes("pension", {"pension.retirement_month": "2026-03", "pension.months_factor": "137.3"}, ctx)


def test_the_notes_are_data_and_their_chinese_is_unchanged(qapp):
    notes = _record_figures_that_do_not_fit()
    codes = {getattr(n, "code", None) for n in notes}
    assert {"retirement_month_outside", "months_factor_at_retirement"} <= codes, notes
    assert "计发月数 137.3 与退休时年龄76岁3个月对应的 56.0 不符，请核对" in notes
    assert problems_text(notes) == "；".join(notes)                        # Chinese: as the rules say it


def _with_code(notes, *codes):
    return [n for n in notes if getattr(n, "code", None) in codes]


def test_record_figures_that_do_not_fit_read_english_with_their_figures(qapp, english):
    notes = _with_code(_record_figures_that_do_not_fit(), "retirement_month_outside", "months_factor_at_retirement")
    assert len(notes) == 2
    text = problems_text(notes)
    assert not HAN.search(text), text
    assert ("Months for calculation 137.3 do not match 56.0, the figure for the age at retirement "
            "(76 years 3 months); please check") in text, text
    assert "Retirement month 2026-03 is outside 2004-12" in text and "born in 1949-12" in text, text


def test_the_age_at_application_reads_english(qapp, english):
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1966, 12), category="male")
    notes = _with_code(_notes("disability_allowance", {"allowance.months_factor": "100.0"}, ctx),
                       "months_factor_at_application")
    text = problems_text(notes)
    assert text == ("Months for calculation 100.0 do not match 143.5, the figure for the age at application "
                    "(59 years 3 months); please check"), text


def test_a_parameter_not_in_force_reads_english(qapp, english):
    ctx = RuleContext(date(2026, 12, 4), params_with_floor_ended(), None, None)
    notes = _notes("contribution", {"contributions.declared_base": "8000"}, ctx, overridden=False)
    text = problems_text(notes)
    assert not HAN.search(text), text
    assert "Contribution period 2026-12: Parameter “Contribution base floor” has no value in force on 2026-12-01" in text


def test_a_parameter_not_yet_published_reads_english_but_its_note(qapp, english):
    """The parameter's own note (the administrator's file: 2026年计发基数尚未公布) is data, kept as written."""
    ctx = RuleContext(on=date(2026, 3, 2), params=PARAMS, birth=(1966, 1), category="male")   # retires 2026-05
    notes = _notes("pension", {"pension.account_balance": "100000.00"}, ctx, overridden=False)
    pending = [n for n in notes if getattr(n, "code", None) == "parameter_pending"]
    assert pending, notes
    text = problems_text(pending)
    assert text.startswith("Parameter “Shenzhen basic pension calculation base” has no value in force on 2026-05-01")
    assert not HAN.search(text.replace(pending[0].params[2], "")), text


@pytest.mark.parametrize("key", ["pension.computation_base", "pension.employer_rate", "pension.individual_rate",
                                 "contribution.base_floor", "contribution.base_ceiling", "death_benefit.rule_set",
                                 "death_benefit.shenzhen_avg_wage", "death_benefit.province_disposable_income"])
def test_every_parameter_the_rules_read_has_english_words(qapp, english, key):
    from counter_app.ui.refusals import PARAMETER_NAMES
    from counter_rules.params import ParameterNotInForce
    from counter_rules.decision_data import not_in_force_note

    p = PARAMS.parameter(key)
    note = not_in_force_note(ParameterNotInForce(key, date(1990, 1, 1), p.title, unit=p.unit))
    assert note.params[0] in PARAMETER_NAMES, note.params[0]
    assert not HAN.search(problems_text([note])), problems_text([note])
