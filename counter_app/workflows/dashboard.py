"""The office's day from this workstation's store (works offline): counter_app.domain.dashboard;
online, the centre's aggregates of the whole office (``GET /offices/{office}/dashboard``).

The day is the Beijing day. A case's times are the workstation's clock, naive (cases.local_now):
the day's bounds are Beijing midnights on that clock (case_queries._start_of), and each time is
made aware in the machine's zone before the figures take its Beijing date."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from sqlalchemy import and_, func, select, union

from counter_app.domain.dashboard import (
    CaseFigure,
    DayFigures,
    HolidayCalendar,
    TimeLimitInfo,
    day_figures,
    time_limit_of,
)
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.workflows.case_queries import _start_of
from counter_app.storage.tables_cases import CaseRow, CaseTransitionRow

DECISIONS = ("accept", "return", "reject")
FINISHING = ("complete", "deny")


@lru_cache(maxsize=512)
def _limit(limit_json: str | None, overrides_json: str | None, applicant_type: str) -> TimeLimitInfo | None:
    """The case's 办理时限 from its service snapshot's ``time_limit`` / ``time_limit_overrides``
    (read out of the snapshot by SQLite: a few bytes per case instead of the whole entry)."""
    try:
        overrides = json.loads(overrides_json) if overrides_json else {}
        limit = json.loads(limit_json) if limit_json else None
    except ValueError:
        return None
    return time_limit_of((overrides if isinstance(overrides, dict) else {}).get(applicant_type) or limit)


def _relevant_cases(start: datetime, end: datetime, rated_from: datetime, rated_to: datetime):
    """The cases the day's figures can involve, as unions of index ranges (a store holds years of
    cases): created on the day (ix_cases_created), and the accepted cases not 办结 before it — still
    open (closed_at NULL) or closed on the day or later (ix_cases_closed). A case closed before the
    day finished before it too (``closed_at`` is set by the same transition as the finishing one, or
    a later one), so ``day_figures`` would skip it. Returns (all of them, those whose transitions
    matter): a decision time counts for the day's new cases, a finishing time for closed ones — an
    open case (closed_at NULL) has none."""
    c = CaseRow.__table__.c
    accepted = and_(c.accepted_at.is_not(None), c.accepted_at < end)
    created = select(c.id).where(c.created_at >= start, c.created_at < end)
    closed_since = select(c.id).where(c.closed_at >= start, accepted)
    # rated on the day (a Beijing day, ``rated_from``–``rated_to`` in UTC), whenever created: its
    # rating counts on the day, and its finishing time keeps it out of the overdue list
    rated = select(c.id).where(c.rated_at >= rated_from, c.rated_at < rated_to)
    return (union(created, select(c.id).where(c.closed_at.is_(None), accepted), closed_since, rated).subquery(),
            union(created, closed_since, rated).subquery())


def _aware(at: datetime | None) -> datetime | None:
    """A case's time (the workstation's clock, naive) as an aware time in the machine's zone."""
    return None if at is None else at.astimezone()


def office_day(store, day: date, *, calendar: HolidayCalendar | None = None, now: datetime | None = None) -> DayFigures:
    """The figures of the Beijing day ``day`` on this workstation: the cases created on it, and the accepted cases
    against their 办理时限 as of the end of it (the shipped holiday calendar unless given)."""
    if calendar is None:
        from counter_app.reference.holidays import default_calendar

        calendar = default_calendar()
    start, end = _start_of(day), _start_of(day + timedelta(days=1))
    c, t = CaseRow.__table__.c, CaseTransitionRow.__table__.c
    # a rating's time is the workstation's clock too (cases.rate): the same Beijing-day bounds
    relevant, timed = _relevant_cases(start, end, start, end)
    with store.session() as s:
        rows = s.execute(select(
            c.id, c.service_code, c.state, c.created_by, c.created_at, c.rating, c.rated_at, c.case_no, c.accepted_at,
            c.applicant_type, func.json_extract(c.service_snapshot, "$.time_limit"),
            func.json_extract(c.service_snapshot, "$.time_limit_overrides"),
        ).where(c.id.in_(select(relevant.c[0])))).all()
        decided: dict[str, datetime] = {}
        finished: dict[str, datetime] = {}
        if rows:
            for cid, action, at in s.execute(
                    select(t.case_id, t.action, t.at).where(t.case_id.in_(select(timed.c[0])),
                                                           t.action.in_(DECISIONS + FINISHING))):
                into = decided if action in DECISIONS else finished
                if cid not in into or at < into[cid]:
                    into[cid] = at
        pending = list(s.scalars(select(ApprovalRequestRow.made_at).where(ApprovalRequestRow.state == "pending")))
        figures = [CaseFigure(code, state, clerk, created.astimezone(), _aware(decided.get(cid)), rating, case_no=no,
                              accepted_at=_aware(accepted), finished_at=_aware(finished.get(cid)),
                              time_limit=_limit(limit, overrides, applicant_type), rated_at=_aware(rated_at))
                   for cid, code, state, clerk, created, rating, rated_at, no, accepted, applicant_type, limit, overrides
                   in rows]
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    return day_figures(figures, day, approvals_pending=len(pending), approvals_made_at=pending, now=now,
                       calendar=calendar)
