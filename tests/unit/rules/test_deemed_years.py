"""核准的视同缴费期间 (counter_rules.deemed_years): the one check the window's form and ``case step
--data`` share — periods that cannot be, a total that is not their sum, and the record's figure shown
and confirmed rather than silently overridden."""

from datetime import date

import pytest

from counter_rules.deemed_years import check_deemed_years, months_between

ON = date(2026, 3, 2)
GOOD = [{"start": "1988-09", "end": "1992-12", "unit": "深圳市示例国营电子厂"}, {"start": "1993-01", "end": "1995-06"}]


def codes(problems):
    return [p.code for p in problems]


def test_months_are_counted_both_ends_included():
    assert months_between("1988-09", "1992-12") == 52
    assert months_between("1995-01", "1995-01") == 1
    assert months_between("1995-01", "1990-08") is None


def test_good_periods_give_the_months_and_the_total():
    checked, problems = check_deemed_years({"periods": GOOD}, on=ON, record_months=82)
    assert problems == []
    assert [p["months"] for p in checked["periods"]] == [52, 30] and checked["total_months"] == 82
    assert checked["periods"][0]["unit"] == "深圳市示例国营电子厂" and "record_difference_confirmed" not in checked


@pytest.mark.parametrize("periods, total, code", [
    ([], None, "periods_none"),
    ("1990-01~1995-01", None, "periods_shape"),
    ([{"start": "1995-01", "end": "1990-08"}], None, "period_reversed"),
    ([{"start": "1990-01", "end": "1990-12", "months": -5}], None, "period_months"),
    ([{"start": "1990-01", "end": "1990-12", "months": "2.5"}], None, "period_months"),
    ([{"start": "1990-01", "end": "1990-12", "months": 11}], None, "period_months_mismatch"),
    ([{"start": "2030-01", "end": "2031-01"}], None, "period_future"),
    ([{"start": "2026-02", "end": "2026-04"}], None, "period_future"),       # ends after the decision's month
    ([{"start": "1990-13", "end": "1991-01"}], None, "period_start"),
    ([{"start": "1990-01", "end": ""}], None, "period_end"),
    ([{"start": "1990-01", "end": "1992-06"}, {"start": "1992-01", "end": "1993-12"}], None, "periods_overlap"),
    (GOOD, 9999, "periods_total"),
    (GOOD, -1, "periods_total_number"),
])
def test_impossible_periods_are_refused(periods, total, code):
    data = {"periods": periods}
    if total is not None:
        data["total_months"] = total
    checked, problems = check_deemed_years(data, on=ON, record_months=None)
    assert checked == {} and code in codes(problems), problems


def test_overlap_names_both_periods_and_the_shared_months():
    _, problems = check_deemed_years({"periods": [{"start": "1990-01", "end": "1992-06"},
                                                  {"start": "1992-01", "end": "1993-12"}]}, on=ON, record_months=None)
    assert "第1段与第2段" in problems[0] and "1992-01至1992-06" in problems[0]


def test_a_total_other_than_the_record_needs_the_clerks_confirmation():
    _, problems = check_deemed_years({"periods": GOOD}, on=ON, record_months=60)
    assert codes(problems) == ["periods_record_difference"]
    assert "82个月" in problems[0] and "档案记载的60个月" in problems[0] and "+22" in problems[0]
    checked, problems = check_deemed_years({"periods": GOOD, "record_difference_confirmed": True}, on=ON,
                                           record_months=60)
    assert problems == [] and checked["record_months"] == 60 and checked["record_difference_confirmed"] is True
    # a truthy non-boolean is no confirmation
    _, problems = check_deemed_years({"periods": GOOD, "record_difference_confirmed": "yes"}, on=ON, record_months=60)
    assert codes(problems) == ["periods_record_difference"]
