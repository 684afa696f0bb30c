"""Load the holiday calendar shipped as reference data (resources/reference/holidays-YYYY.json)."""

from __future__ import annotations

import functools
import json

from counter_protocol.workdays import HolidayCalendar, calendar_from_documents


@functools.lru_cache(maxsize=1)
def default_calendar() -> HolidayCalendar:
    """Every shipped year's holidays and 调休 working weekends (国务院办公厅 notices)."""
    from counter_app.resources import resources_root

    files = sorted((resources_root() / "reference").glob("holidays-*.json"))
    return calendar_from_documents(json.loads(f.read_text(encoding="utf-8")) for f in files)
