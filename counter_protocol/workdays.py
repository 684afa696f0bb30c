"""Working days (工作日) under China's public-holiday calendar, for 办理时限 counted in working days.

The calendar is reference data, one file a year (``resources/reference/holidays-YYYY.json``, from
the State Council's notice on that year's holidays, 国务院办公厅关于YYYY年部分节假日安排的通知): the
public holidays (放假) and the weekend days that are working days (调休上班). A day is a working day
when it is a 调休 working weekend, or a Monday–Friday that is not a holiday. A year no file covers
is counted on weekdays alone, and :meth:`HolidayCalendar.covers` says so. Shared by the counter
and the centre (pure: no I/O here; the files are read by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping


class CalendarError(ValueError):
    """A malformed holiday file (Chinese message)."""


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: Mapping[date, str] = field(default_factory=dict)
    working_weekends: Mapping[date, str] = field(default_factory=dict)
    years: frozenset[int] = frozenset()
    sources: tuple[dict[str, Any], ...] = ()

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, d: date) -> bool:
        if d in self.working_weekends:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (``n`` = 0: ``start`` itself, 即时办结)."""
        d = start
        left = n
        while left > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (``start``, ``end``]; 0 when ``end`` is not after ``start``."""
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count


def calendar_from_documents(documents: Iterable[Mapping[str, Any]]) -> HolidayCalendar:
    """The calendar of one or more yearly holiday files (their JSON shape)."""
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    years: set[int] = set()
    sources = []
    for doc in documents:
        try:
            years.add(int(doc["year"]))
            for key, into in (("holidays", holidays), ("working_weekends", workdays)):
                for item in doc.get(key) or []:
                    into[date.fromisoformat(str(item["date"]))] = str(item.get("name") or "")
        except (KeyError, TypeError, ValueError) as exc:
            raise CalendarError(f"节假日日历文件格式不正确：{exc}") from None
        sources.append({"year": int(doc["year"]), "version": str(doc.get("version") or ""),
                        "confirmed": bool(doc.get("confirmed")), "source": doc.get("source") or {}})
    return HolidayCalendar(holidays, workdays, frozenset(years), tuple(sources))
