"""The office's day for the supervisor (科长的一天). Pure: no I/O.

The figures are computed by :mod:`counter_protocol.dashboard`, shared with the centre so that the
counter's offline figures and the centre's aggregates of the office count alike: today's cases by
state / service / clerk, waiting times, cases overdue against their 办理时限 in working days (the
holiday calendar, :mod:`counter_protocol.workdays`), ratings (7.5.2).
"""

from __future__ import annotations

from counter_protocol.dashboard import (
    FINISHED_STATES,
    CaseFigure,
    DayFigures,
    TimeLimitInfo,
    day_figures,
    due_date,
    time_limit_of,
)
from counter_protocol.workdays import HolidayCalendar, calendar_from_documents

__all__ = ["FINISHED_STATES", "CaseFigure", "DayFigures", "HolidayCalendar", "TimeLimitInfo", "calendar_from_documents",
           "day_figures", "due_date", "time_limit_of"]
