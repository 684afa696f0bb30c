"""资格认证 validity (5.6.3, 6.6.3): the one date rule the counter, the field laptop and the centre share.

The standard only says a benefit approved for more than a year needs 资格认证 (5.6.2.1: 核定的时长超过
一年，且通过资格认证的); neither it nor ``shared/notes/policy.md`` gives the cycle or when it starts. The
cycle is counted here from the month after the last success — the agency's practice, UNCONFIRMED, as
the note of the ``certification.cycle_months`` parameter says: a success on any day of March 2026
with a 12-month cycle counts April 2026 … March 2027, so it is valid through 2027-03-31 and lapses
on 2027-04-01. The cycle length and the roster window are effective-dated policy parameters
(``certification.cycle_months``, ``certification.roster_window_days``), both unconfirmed agency
settings the admin listing (``counter-app rules params``) and the centre's sweep name as needing
checking; callers pass them in, so this module stays pure and the centre needs no client code.
The counting start is not a parameter: the counter, the field laptop (which gets only the cycle
length with its roster) and the centre would all have to carry it; if the agency counts otherwise,
:func:`valid_until` is the one place to change.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# certification dates are Beijing dates (beijing_day: the readers of this module import it from here)
from counter_protocol.clock import BEIJING
from counter_protocol.clock import beijing_day as beijing_day
from counter_protocol.sync import CLOCK_SKEW_LIMIT_SECONDS

# How far ahead of the checking clock a certification or home visit may be dated. A success moves
# ``last_certified`` — and with it the next lapse and the suspension of payment — so a date in the
# future would keep a pensioner paid for years with no further check (2099-01-01: until 2100). The
# counters' and laptops' clocks may differ from the centre's by up to CLOCK_SKEW_LIMIT_SECONDS
# (5 minutes; beyond that the sync status already tells the clerk 时钟不准), so a time just after
# midnight on such a clock is still "today"; anything later is refused.
FUTURE_ALLOWANCE = timedelta(seconds=CLOCK_SKEW_LIMIT_SECONDS)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def valid_until(last_success: date, cycle_months: int) -> date:
    """The last day the certification is valid: the end of the ``cycle_months``-th month after the
    month of ``last_success`` (有效期至)."""
    if cycle_months < 1:
        raise ValueError("认证周期必须至少为 1 个月")
    year, month = _add_months(last_success.year, last_success.month, cycle_months)
    return _month_end(year, month)


def lapses_on(last_success: date, cycle_months: int) -> date:
    """The first day without a valid certification (the day after :func:`valid_until`)."""
    return valid_until(last_success, cycle_months) + timedelta(days=1)


@dataclass(frozen=True)
class CertificationStatus:
    """Where a pensioner stands on ``today``: ``valid`` / ``due`` (lapses within the window) /
    ``lapsed`` / ``never`` (no certification on record)."""

    state: str
    valid_until: date | None
    days_left: int | None          # negative once lapsed
    missed_months: int             # whole calendar months without a valid certification, up to ``today``'s month


def status(last_success: date | None, today: date, *, cycle_months: int, window_days: int) -> CertificationStatus:
    if last_success is None:
        return CertificationStatus("never", None, None, 0)
    until = valid_until(last_success, cycle_months)
    days_left = (until - today).days
    if days_left < 0:
        first = lapses_on(last_success, cycle_months)
        missed = (today.year - first.year) * 12 + (today.month - first.month) + 1
        return CertificationStatus("lapsed", until, days_left, missed)
    return CertificationStatus("due" if days_left <= window_days else "valid", until, days_left, 0)


def missed_months(last_success: date, recertified: date, cycle_months: int) -> list[tuple[int, int]]:
    """The (year, month) pairs between the lapse and the month of re-certification, exclusive of
    the latter: the months a resumption (6.6.2.8) pays back. Empty if it never lapsed."""
    return months_from(lapses_on(last_success, cycle_months), recertified)


def months_from(first: date, recertified: date) -> list[tuple[int, int]]:
    """The (year, month) pairs from the month of ``first`` (the first day without payment: the lapse,
    or the day a suspension took effect) up to the month of re-certification, exclusive of the
    latter — the 缺漏发放月份 of 6.6.2.8. Empty when ``first`` is in that month or later."""
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) < (recertified.year, recertified.month):
        months.append((year, month))
        year, month = _add_months(year, month, 1)
    return months


def back_pay_months(reason: str, last_success: date | None, suspended_on: date | None, recertified: date,
                    cycle_months: int) -> list[tuple[int, int]]:
    """The months a resumption pays back (6.6.2.8 缺漏发放月份) after a re-certification on
    ``recertified``: the months payment was actually stopped — from the later of the lapse (a
    ``lapse`` suspension, counted from ``last_success``) and ``suspended_on``, the day the suspension
    took effect (its approval: a suspension approved months after the lapse stopped nothing before
    it), to the month of the re-certification, exclusive. None for 服刑 (``prison``: its resumption
    pays nothing back). The one computation: the centre raises the resumption with it, and the
    counter prints months only where it knows the suspension's effective day."""
    if reason == "prison":
        return []
    starts = [d for d in (lapses_on(last_success, cycle_months) if last_success is not None and reason == "lapse"
                          else None, suspended_on) if d is not None]
    return months_from(max(starts), recertified) if starts else []


def latest_day(now: datetime) -> date:
    """The latest certification date a clock reading ``now`` (timezone-aware) accepts: today in
    Beijing, or tomorrow within :data:`FUTURE_ALLOWANCE` of midnight."""
    return (now + FUTURE_ALLOWANCE).astimezone(BEIJING).date()


def future_date_refusal(on: date, now: datetime, *, what: str = "认证日期") -> str | None:
    """Why a certification (or home visit) dated ``on`` cannot be recorded on a clock reading
    ``now``, or None: not after :func:`latest_day`."""
    if on > latest_day(now):
        return f"{what} {on.isoformat()} 晚于今天，不能登记"
    return None

