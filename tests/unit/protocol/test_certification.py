"""资格认证 validity: 12 months counted from the month after the last success (policy.md)."""

from datetime import date

import pytest

from counter_protocol import certification as cert


@pytest.mark.parametrize(
    ("last", "months", "until"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 31)),      # any day of March counts from April
        (date(2026, 3, 1), 12, date(2027, 3, 31)),
        (date(2026, 3, 31), 12, date(2027, 3, 31)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),    # across the year end
        (date(2023, 2, 28), 12, date(2024, 2, 29)),      # into a leap February
        (date(2024, 2, 29), 12, date(2025, 2, 28)),      # out of a leap day
        (date(2026, 1, 31), 1, date(2026, 2, 28)),       # a shorter cycle ends at a short month's end
        (date(2026, 11, 5), 24, date(2028, 11, 30)),
    ],
)
def test_valid_until_is_the_end_of_the_last_month_of_the_cycle(last, months, until):
    assert cert.valid_until(last, months) == until


def test_a_cycle_shorter_than_a_month_is_refused():
    with pytest.raises(ValueError, match="至少"):
        cert.valid_until(date(2026, 1, 1), 0)


def test_status_on_either_side_of_the_lapse():
    last = date(2025, 12, 10)                          # valid through 2026-12-31
    on_last_day = cert.status(last, date(2026, 12, 31), cycle_months=12, window_days=60)
    assert (on_last_day.state, on_last_day.days_left, on_last_day.missed_months) == ("due", 0, 0)
    next_day = cert.status(last, date(2027, 1, 1), cycle_months=12, window_days=60)
    assert (next_day.state, next_day.days_left, next_day.missed_months) == ("lapsed", -1, 1)
    far = cert.status(last, date(2026, 10, 31), cycle_months=12, window_days=60)
    assert far.state == "valid" and far.days_left == 61
    assert cert.status(None, date(2026, 1, 1), cycle_months=12, window_days=60).state == "never"


def test_missed_months_run_from_the_lapse_to_the_month_before_recertification():
    last = date(2025, 11, 20)                          # valid through 2026-11-30
    assert cert.missed_months(last, date(2026, 11, 30), 12) == []
    assert cert.missed_months(last, date(2026, 12, 15), 12) == []       # re-certified in the lapse month
    assert cert.missed_months(last, date(2027, 3, 2), 12) == [(2026, 12), (2027, 1), (2027, 2)]
