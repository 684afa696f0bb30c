"""资格认证 at the window, the pure part: who may be certified (from the record), the new validity,
and the resumption after a lapse with the back-pay months of 6.6.2.8 — none after 服刑 — around
month ends and leap years, through the shared module counter_protocol.certification."""

from dataclasses import replace
from datetime import date

import pytest

from counter_app.domain import certification as dc
from counter_protocol.records import PersonRecord, PersonStatus


def person(last, *, status=PersonStatus.retired, suspension=None):
    return PersonRecord(id_number="440305195805201364", name="王秀英", sex="female", birth=date(1958, 5, 20),
                        category="female_worker", status=status, office="FT", insured_since=None,
                        contribution_months=300, deemed_months=24, history_reviewed=True, special_work_months=None,
                        account_balance=None, benefit_place_shenzhen=True, last_certified=last, unit_uscc=None,
                        payment_suspension=suspension)


@pytest.mark.parametrize(("status", "problem"), [
    (PersonStatus.deceased, "已死亡"), (PersonStatus.insured, "已退休"), (PersonStatus.suspended, "已退休"),
])
def test_only_a_living_pensioner_is_certified(status, problem):
    assert problem in dc.eligibility_problem(person(date(2026, 3, 10), status=status))
    with pytest.raises(dc.CertificationRefused, match=problem):
        dc.outcome(person(date(2026, 3, 10), status=status), date(2026, 6, 1), method="photo", cycle_months=12)
    assert dc.eligibility_problem(person(date(2026, 3, 10))) is None
    assert "没有该人员" in dc.eligibility_problem(None)


@pytest.mark.parametrize(("last", "on", "until", "back"), [
    # within validity: no resumption, valid from the month after today's certification
    (date(2026, 3, 10), date(2026, 12, 3), date(2027, 12, 31), ()),
    # the last valid day itself (2027-03-31) is not a lapse
    (date(2026, 3, 10), date(2027, 3, 31), date(2028, 3, 31), ()),
    # the first day after: lapsed, but no whole month missed before April
    (date(2026, 3, 10), date(2027, 4, 1), date(2028, 4, 30), ()),
    # leap day: 2024-02-29 → valid through 2025-02-28; certified 2025-05-31 → March and April back
    (date(2024, 2, 29), date(2025, 5, 31), date(2026, 5, 31), ("2025-03", "2025-04")),
    # into a leap February: 2023-02-28 → valid through 2024-02-29; certified 2024-03-01
    (date(2023, 2, 28), date(2024, 3, 1), date(2025, 3, 31), ()),
    # across a year end
    (date(2025, 1, 31), date(2026, 3, 2), date(2027, 3, 31), ("2026-02",)),
])
def test_validity_and_back_pay_around_month_ends_and_leap_years(last, on, until, back):
    out = dc.outcome(person(last), on, method="fingerprint", cycle_months=12)
    assert out.valid_until == until and out.back_pay_months == back
    assert out.resumption == (on > out.previous_valid_until)


def test_prison_suspension_resumes_without_back_pay():
    lapsed_in_prison = person(date(2024, 6, 1), suspension="prison")
    out = dc.outcome(lapsed_in_prison, date(2026, 9, 15), method="photo", cycle_months=12)
    assert out.resumption and out.suspension == "prison" and out.back_pay_months == ()
    lapse = dc.outcome(replace(lapsed_in_prison, payment_suspension="lapse"), date(2026, 9, 15), method="photo",
                       cycle_months=12)
    assert len(lapse.back_pay_months) == 14 and lapse.back_pay_months[0] == "2025-07"   # 2025-07 … 2026-08
    assert lapse.as_data()["suspension_name"] == "资格认证过期"


def test_standing_flags_suspension_of_payment_and_never_deletes_anything():
    st = dc.standing(person(date(2025, 2, 18)), date(2026, 12, 1), cycle_months=12, window_days=60)
    assert st.flagged and st.state == "lapsed" and st.missed_months == 10
    assert st.text() == "资格认证已于 2026-02-28 到期，暂停发放（已缺 10 个月）"
    due = dc.standing(person(date(2025, 12, 5)), date(2026, 12, 1), cycle_months=12, window_days=60)
    assert not due.flagged and due.state == "due" and due.days_left == 30
    held = dc.standing(person(date(2026, 6, 30), suspension="prison"), date(2026, 12, 1), cycle_months=12,
                       window_days=60)
    assert held.flagged and held.text() == "已暂停发放（服刑）"


def test_a_method_other_than_fingerprint_or_photo_is_refused():
    with pytest.raises(dc.CertificationRefused, match="不认识"):
        dc.outcome(person(date(2026, 3, 10)), date(2026, 6, 1), method="face", cycle_months=12)
