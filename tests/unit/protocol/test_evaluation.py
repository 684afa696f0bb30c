"""定期服务质量评价 figures (counter_protocol.evaluation), pure: the dashboard's definitions over a period."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from counter_protocol.dashboard import CaseFigure, TimeLimitInfo, day_figures
from counter_protocol.evaluation import (
    PeriodError,
    TicketFigure,
    TicketStep,
    checked_period,
    evaluate,
    month_period,
    named_period,
)
from counter_protocol.workdays import HolidayCalendar

BJ = timezone(timedelta(hours=8))
CAL = HolidayCalendar(years=frozenset({2026}))
INSTANT = TimeLimitInfo(0, "standard", "6.1.1.2.3")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=BJ)


def test_periods():
    assert month_period("2026-12") == checked_period(date(2026, 12, 1), date(2026, 12, 31))
    assert month_period("2024-02").end == date(2024, 2, 29)
    assert named_period("last_month", date(2026, 1, 15)) == checked_period(date(2025, 12, 1), date(2025, 12, 31))
    assert named_period("this_quarter", date(2026, 8, 20)) == checked_period(date(2026, 7, 1), date(2026, 8, 20))
    assert named_period("this_month", date(2026, 8, 20)).start == date(2026, 8, 1)
    with pytest.raises(PeriodError, match="早于开始日期"):
        checked_period(date(2026, 2, 1), date(2026, 1, 31))
    with pytest.raises(PeriodError, match="最长 366 天"):
        checked_period(date(2025, 1, 1), date(2026, 1, 2))
    with pytest.raises(PeriodError, match="YYYY-MM"):
        month_period("2026-13")


def test_a_late_night_in_beijing_belongs_to_that_beijing_day():
    """16:30 UTC on 06-30 is 00:30 on 07-01 in Beijing: in July's figures, not June's."""
    c = CaseFigure("reg_enroll", "accepted", "clerk01", datetime(2026, 6, 30, 16, 0, tzinfo=timezone.utc),
                   accepted_at=datetime(2026, 6, 30, 16, 30, tzinfo=timezone.utc),
                   decisions=(("accept", datetime(2026, 6, 30, 16, 30, tzinfo=timezone.utc)),))
    assert evaluate([c], [], month_period("2026-07"), "service", calendar=CAL).total.accepted == 1
    assert evaluate([c], [], month_period("2026-06"), "service", calendar=CAL).total.accepted == 0


def test_rates_round_half_up_and_agree_with_the_dashboard():
    """Three ratings 5, 4, 2 on one day: the dashboard's day and the evaluation of that day count the
    same 差评 and the same average; 2 of 3 satisfied is 66.7%."""
    cases = [CaseFigure("reg_enroll", "completed", "clerk01", at("2026-07-01"), rating=score, accepted_at=at("2026-07-01"),
                        finished_at=at("2026-07-01", 11), time_limit=INSTANT, rated_at=at("2026-07-01", 12))
             for score in (5, 4, 2)]
    day = day_figures(cases, date(2026, 7, 1), calendar=CAL)
    out = evaluate(cases, [], checked_period(date(2026, 7, 1), date(2026, 7, 1)), "clerk", calendar=CAL)
    assert out.total.dissatisfied == day.dissatisfied == 1
    assert out.total.rating_avg == day.rating_avg == 3.67
    assert out.total.satisfaction_rate == 66.7 and out.total.on_time_rate == 100.0
    assert out.total.return_rate is None          # no decision in the period: nothing to divide


def test_a_ticket_is_closed_in_time_only_when_every_stage_was():
    opened = at("2026-07-03")
    on_time = TicketFigure("reg_enroll", "clerk01", "FT", opened, (
        TicketStep("checked", at("2026-07-06"), date(2026, 7, 6)), TicketStep("followed_up", at("2026-07-06"), date(2026, 7, 13))))
    late = TicketFigure("reg_enroll", "clerk01", "FT", opened, (
        TicketStep("checked", at("2026-07-07"), date(2026, 7, 6)), TicketStep("followed_up", at("2026-07-07"), date(2026, 7, 14))))
    still_open = TicketFigure("reg_enroll", "clerk01", "FT", opened, ())
    out = evaluate([], [on_time, late, still_open], month_period("2026-07"), "office", calendar=CAL)
    assert [r.key for r in out.rows] == ["FT"]
    assert (out.total.tickets_opened, out.total.tickets_closed, out.total.tickets_closed_on_time) == (3, 2, 1)
