"""The office's day from this workstation's store (works offline): counter_app.domain.dashboard;
online, the centre's aggregates of the whole office (``GET /offices/{office}/dashboard``)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from sqlalchemy import func, or_, select

from counter_app.domain.dashboard import (
    CaseFigure,
    DayFigures,
    HolidayCalendar,
    TimeLimitInfo,
    day_figures,
    time_limit_of,
)
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_cases import CaseRow, CaseTransitionRow

DECISIONS = ("accept", "return", "reject")
FINISHING = ("complete", "deny")


def _limit(snapshot: str, applicant_type: str) -> TimeLimitInfo | None:
    try:
        service = json.loads(snapshot)
    except ValueError:
        return None
    overrides = service.get("time_limit_overrides") or {}
    return time_limit_of(overrides.get(applicant_type) or service.get("time_limit"))


def office_day(store, day: date, *, calendar: HolidayCalendar | None = None, now: datetime | None = None) -> DayFigures:
    """The figures of ``day`` on this workstation: the cases created on it, and the accepted cases
    against their 办理时限 as of the end of it (the shipped holiday calendar unless given)."""
    if calendar is None:
        from counter_app.reference.holidays import default_calendar

        calendar = default_calendar()
    start = day.isoformat()
    with store.session() as s:
        rows = s.scalars(select(CaseRow).where(or_(func.date(CaseRow.created_at) == start,
                                                   CaseRow.accepted_at.is_not(None)))).all()
        ids = [r.id for r in rows]
        decided: dict[str, datetime] = {}
        finished: dict[str, datetime] = {}
        if ids:
            for cid, at in s.execute(select(CaseTransitionRow.case_id, func.min(CaseTransitionRow.at))
                                     .where(CaseTransitionRow.case_id.in_(ids), CaseTransitionRow.action.in_(DECISIONS))
                                     .group_by(CaseTransitionRow.case_id)):
                decided[cid] = at
            for cid, at in s.execute(select(CaseTransitionRow.case_id, func.min(CaseTransitionRow.at))
                                     .where(CaseTransitionRow.case_id.in_(ids), CaseTransitionRow.action.in_(FINISHING))
                                     .group_by(CaseTransitionRow.case_id)):
                finished[cid] = at
        pending = list(s.scalars(select(ApprovalRequestRow.made_at).where(ApprovalRequestRow.state == "pending")))
        figures = [CaseFigure(r.service_code, r.state, r.created_by, r.created_at, decided.get(r.id), r.rating,
                              case_no=r.case_no, accepted_at=r.accepted_at, finished_at=finished.get(r.id),
                              time_limit=_limit(r.service_snapshot, r.applicant_type)) for r in rows]
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    return day_figures(figures, day, approvals_pending=len(pending), approvals_made_at=pending, now=now,
                       calendar=calendar)
