"""Working days (工作日) under China's public-holiday calendar, for 办理时限 counted in working days.

The calendar is reference data, one file a year (``resources/reference/holidays-YYYY.json`` shipped,
and the centre's published ``holidays`` versions — one year each, checked by
:func:`check_holiday_document` — the union is the calendar, :func:`calendar_of`; from
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


def check_holiday_document(doc: Mapping[str, Any]) -> int:
    """A yearly holiday file as it may be published (reference data ``holidays``, one year a version):
    its ``year`` (2000–2100), every date a real date of that year, no date twice, none both a
    holiday and a 调休 working weekend, every working weekend a Saturday or Sunday. Returns the year;
    raises :class:`CalendarError` naming what is wrong."""
    if not isinstance(doc, Mapping):
        raise CalendarError("节假日日历应为一个 JSON 对象")
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise CalendarError(f"节假日日历的年份（year）应为 2000–2100 的整数，现为 {year!r}")
    seen: dict[date, str] = {}
    for key, label in (("holidays", "放假日期（holidays）"), ("working_weekends", "调休上班日期（working_weekends）")):
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise CalendarError(f"{year} 年节假日日历的{label}应为列表")
        for i, item in enumerate(items, 1):
            if not isinstance(item, Mapping) or not isinstance(item.get("date"), str):
                raise CalendarError(f"{year} 年节假日日历的{label}第 {i} 项应为 {{\"date\": \"YYYY-MM-DD\", \"name\": …}}")
            try:
                day = date.fromisoformat(item["date"])
            except ValueError:
                raise CalendarError(f"{year} 年节假日日历的{label}第 {i} 项 {item['date'][:20]!r} 不是日期") from None
            if day.year != year:
                raise CalendarError(f"{year} 年节假日日历的{label}第 {i} 项 {day} 不在 {year} 年")
            if day in seen:
                raise CalendarError(f"{year} 年节假日日历中 {day} 出现两次（{seen[day]}、{label}）")
            if key == "working_weekends" and day.weekday() < 5:
                raise CalendarError(f"{year} 年节假日日历的{label} {day} 不是周六或周日")
            seen[day] = label
    return year


def calendar_of(shipped: Iterable[Mapping[str, Any]], published: Iterable[Mapping[str, Any]]) -> HolidayCalendar:
    """The calendar of the shipped yearly files and the published ones (oldest publication first):
    every year any of them covers; a year published replaces the shipped file of that year, a later
    publication of a year an earlier one."""
    by_year: dict[int, Mapping[str, Any]] = {}
    for doc in (*shipped, *published):
        by_year[int(doc["year"])] = doc
    return calendar_from_documents(by_year[y] for y in sorted(by_year))
