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


@pytest.mark.parametrize(("last", "on", "until"), [
    # within validity, valid from the month after today's certification
    (date(2026, 3, 10), date(2026, 12, 3), date(2027, 12, 31)),
    # the last valid day itself (2027-03-31) is not a lapse
    (date(2026, 3, 10), date(2027, 3, 31), date(2028, 3, 31)),
    # the first day after
    (date(2026, 3, 10), date(2027, 4, 1), date(2028, 4, 30)),
    # leap day: 2024-02-29 → valid through 2025-02-28
    (date(2024, 2, 29), date(2025, 5, 31), date(2026, 5, 31)),
    # into a leap February: 2023-02-28 → valid through 2024-02-29; certified 2024-03-01
    (date(2023, 2, 28), date(2024, 3, 1), date(2025, 3, 31)),
    # across a year end
    (date(2025, 1, 31), date(2026, 3, 2), date(2027, 3, 31)),
])
def test_validity_around_month_ends_and_leap_years_and_no_resumption_without_a_suspension(last, on, until):
    out = dc.outcome(person(last), on, method="fingerprint", cycle_months=12)
    assert out.valid_until == until and out.lapsed == (on > out.previous_valid_until)
    # a lapse alone suspended nothing (payment goes on until a supervisor approves the suspension):
    # no resumption, no back pay promised
    assert not out.resumption and out.back_pay_months == () and out.back_pay_known


@pytest.mark.parametrize(("last", "suspended_on", "on", "back"), [
    # the suspension took effect months after the lapse (2026-03-01): payment went on until then
    (date(2025, 2, 18), date(2026, 7, 20), date(2026, 12, 7), ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")),
    # suspended on the lapse day itself: every month from the lapse
    (date(2025, 2, 18), date(2026, 3, 1), date(2026, 5, 10), ("2026-03", "2026-04")),
    # suspended in the month of the re-certification: nothing to pay back
    (date(2025, 2, 18), date(2026, 12, 1), date(2026, 12, 7), ()),
    # leap day: 2024-02-29 lapses 2025-03-01; suspended 2025-03-15, certified 2025-05-31
    (date(2024, 2, 29), date(2025, 3, 15), date(2025, 5, 31), ("2025-03", "2025-04")),
])
def test_back_pay_counts_from_the_day_the_suspension_took_effect_as_the_centre_does(last, suspended_on, on, back):
    from counter_central.certification import _back_pay

    out = dc.outcome(person(last, suspension="lapse"), on, method="photo", cycle_months=12, suspended_on=suspended_on)
    assert out.resumption and out.back_pay_known and out.back_pay_months == back
    # one computation: the centre's resumption request carries the same months
    assert [f"{y:04d}-{m:02d}" for y, m in _back_pay("lapse", last, suspended_on, on, 12)] == list(back)


def test_a_suspension_whose_effective_day_is_not_known_here_promises_no_months():
    out = dc.outcome(person(date(2025, 2, 18), suspension="lapse"), date(2026, 12, 7), method="photo", cycle_months=12)
    assert out.resumption and not out.back_pay_known and out.back_pay_months == ()
    assert out.as_data()["back_pay_known"] is False and out.as_data()["lapsed"] is True


def test_prison_suspension_resumes_without_back_pay():
    lapsed_in_prison = person(date(2024, 6, 1), suspension="prison")
    out = dc.outcome(lapsed_in_prison, date(2026, 9, 15), method="photo", cycle_months=12)
    assert out.resumption and out.suspension == "prison" and out.back_pay_months == () and out.back_pay_known
    lapse = dc.outcome(replace(lapsed_in_prison, payment_suspension="lapse"), date(2026, 9, 15), method="photo",
                       cycle_months=12, suspended_on=date(2025, 7, 1))
    assert len(lapse.back_pay_months) == 14 and lapse.back_pay_months[0] == "2025-07"   # 2025-07 … 2026-08
    assert lapse.as_data()["suspension_name"] == "资格认证过期"


def test_standing_says_suspended_only_where_a_suspension_is_recorded():
    st = dc.standing(person(date(2025, 2, 18)), date(2026, 12, 1), cycle_months=12, window_days=60)
    assert st.flagged and st.state == "lapsed" and st.missed_months == 10
    assert st.text() == "资格认证已于 2026-02-28 到期，认证已过期（待暂停审批）"
    assert "暂停发放" not in st.text()
    suspended = dc.standing(person(date(2025, 2, 18), suspension="lapse"), date(2026, 12, 1), cycle_months=12,
                            window_days=60)
    assert suspended.flagged and suspended.text() == "已暂停发放（资格认证过期）"
    due = dc.standing(person(date(2025, 12, 5)), date(2026, 12, 1), cycle_months=12, window_days=60)
    assert not due.flagged and due.state == "due" and due.days_left == 30
    held = dc.standing(person(date(2026, 6, 30), suspension="prison"), date(2026, 12, 1), cycle_months=12,
                       window_days=60)
    assert held.flagged and held.text() == "已暂停发放（服刑）"


def test_a_method_other_than_fingerprint_or_photo_is_refused():
    with pytest.raises(dc.CertificationRefused, match="不认识"):
        dc.outcome(person(date(2026, 3, 10)), date(2026, 6, 1), method="face", cycle_months=12)
