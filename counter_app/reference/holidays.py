"""Load the holiday calendar shipped as reference data (resources/reference/holidays-YYYY.json).

The calendar a workstation counts on is this and the years the centre published as reference data
``holidays`` (counter_app.workflows.reference.calendar_in_force)."""

from __future__ import annotations

import functools
import json

from counter_protocol.workdays import HolidayCalendar, calendar_from_documents


@functools.lru_cache(maxsize=1)
def shipped_documents() -> tuple[dict, ...]:
    """The shipped yearly holiday files (resources/reference/holidays-YYYY.json), oldest year first."""
    from counter_app.resources import resources_root

    files = sorted((resources_root() / "reference").glob("holidays-*.json"))
    return tuple(json.loads(f.read_text(encoding="utf-8")) for f in files)


@functools.lru_cache(maxsize=1)
def default_calendar() -> HolidayCalendar:
    """Every shipped year's holidays and 调休 working weekends (国务院办公厅 notices); the calendar in
    force adds the years the centre published (counter_app.workflows.reference.calendar_in_force)."""
    return calendar_from_documents(shipped_documents())
