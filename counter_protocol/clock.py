"""Times as the people at the windows read them: Beijing time (UTC+8, no daylight saving).

Every stored time in the product is UTC (a naive one means UTC). What a clerk, field worker or
supervisor reads — a list, a detail line, a message — is Beijing time, to the minute, and the
text says so where a reader could take it for another clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


def beijing_text(at: datetime | str | None) -> str:
    """``at`` (a datetime, or an ISO text; naive means UTC) as a Shenzhen clock shows it, to the
    minute: ``2026-03-02 08:10``. Empty for none; a text that is no time comes back as it was."""
    if at is None or at == "":
        return ""
    moment = _moment(at)
    return moment if isinstance(moment, str) else moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _moment(at: datetime | str) -> datetime | str:
    """``at`` as an aware datetime (naive means UTC), or the text itself when it is no ISO time."""
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            return at
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def beijing_clock(at: datetime, *, seconds: bool = False) -> str:
    """Only the clock time of ``at`` (naive means UTC) in Beijing: ``08:10`` (``08:10:05`` with
    ``seconds``) — for a moment within the day, such as the end of a sign-in lockout."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
    return aware.astimezone(BEIJING).strftime("%H:%M:%S" if seconds else "%H:%M")


def utc_iso(at: datetime | str | None) -> str | None:
    """``at`` (a datetime, or an ISO text; naive means UTC) as ISO-8601 with its offset, for a
    machine to read (``--json``): ``2026-03-02T00:10:00+00:00``. None for none; a text that is no
    time comes back as it was."""
    if at is None or at == "":
        return None
    moment = _moment(at)
    return moment if isinstance(moment, str) else moment.isoformat()


def beijing_day(at: datetime) -> date:
    """The Beijing date of a moment (a naive ``at`` is UTC): the office's day, whatever zone the
    machine's clock is set to. ``OverflowError`` when the moment is at the edge of the calendar
    (0001-01-01T00:00+08:00 has no UTC date)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).astimezone(BEIJING).date()



def beijing_day_of_local(at: datetime) -> date:
    """The Beijing date of a moment read off this machine's clock: a naive ``at`` is the machine's
    local time (as the case workflow writes a case's times, cases.local_now), an aware one is what
    it says. A PC left on UTC at 07:30 Beijing time still gets the Beijing date, not yesterday's."""
    return at.astimezone(BEIJING).date()


def beijing_today() -> date:
    """Today's date in Beijing, whatever zone the machine's clock is set to."""
    return datetime.now(BEIJING).date()
