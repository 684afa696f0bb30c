"""The office's day for the supervisor (科长的一天): figures computed from the cases. Pure: no I/O.

Today's cases by state and by service, per-clerk counts, the time from 新建 to the acceptance
decision (minutes), the ratings (7.5.2, 1–5) and the approvals waiting. Overdue against 办理时限
in working days (with the holiday calendar as reference data) is not computed here yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable


@dataclass(frozen=True)
class CaseFigure:
    """One case as the dashboard needs it."""

    service_code: str
    state: str
    clerk: str
    created_at: datetime
    decided_at: datetime | None = None     # the acceptance decision (受理 / 退回 / 不予受理)
    rating: int | None = None


@dataclass
class DayFigures:
    day: str
    total: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_service: dict[str, int] = field(default_factory=dict)
    by_clerk: dict[str, int] = field(default_factory=dict)
    decision_minutes_avg: float | None = None
    decision_minutes_max: float | None = None
    ratings: dict[int, int] = field(default_factory=dict)
    rating_avg: float | None = None
    dissatisfied: int = 0                  # 不满意 / 非常不满意 (1–2): complaints to follow up
    approvals_pending: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


def day_figures(cases: Iterable[CaseFigure], day: date, *, approvals_pending: int = 0) -> DayFigures:
    """The figures of the cases created on ``day``."""
    today = [c for c in cases if c.created_at.date() == day]
    out = DayFigures(day.isoformat(), len(today), approvals_pending=approvals_pending)
    out.by_state = dict(Counter(c.state for c in today))
    out.by_service = dict(Counter(c.service_code for c in today))
    out.by_clerk = dict(Counter(c.clerk for c in today))
    minutes = [(c.decided_at - c.created_at).total_seconds() / 60 for c in today if c.decided_at is not None]
    if minutes:
        out.decision_minutes_avg = round(sum(minutes) / len(minutes), 1)
        out.decision_minutes_max = round(max(minutes), 1)
    rated = [c.rating for c in today if c.rating is not None]
    out.ratings = dict(Counter(rated))
    if rated:
        out.rating_avg = round(sum(rated) / len(rated), 2)
    out.dissatisfied = sum(1 for r in rated if r <= 2)
    return out
