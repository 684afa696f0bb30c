"""The office's day from this workstation's store (works offline): counter_app.domain.dashboard."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from counter_app.domain.dashboard import CaseFigure, DayFigures, day_figures
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_cases import CaseRow, CaseTransitionRow

DECISIONS = ("accept", "return", "reject")


def office_day(store, day: date) -> DayFigures:
    start = day.isoformat()
    with store.session() as s:
        rows = s.scalars(select(CaseRow).where(func.date(CaseRow.created_at) == start)).all()
        ids = [r.id for r in rows]
        decided: dict[str, datetime] = {}
        if ids:
            for cid, at in s.execute(select(CaseTransitionRow.case_id, func.min(CaseTransitionRow.at))
                                     .where(CaseTransitionRow.case_id.in_(ids), CaseTransitionRow.action.in_(DECISIONS))
                                     .group_by(CaseTransitionRow.case_id)):
                decided[cid] = at
        pending = s.scalar(select(func.count()).select_from(ApprovalRequestRow)
                           .where(ApprovalRequestRow.state == "pending")) or 0
        figures = [CaseFigure(r.service_code, r.state, r.created_by, r.created_at, decided.get(r.id), r.rating)
                   for r in rows]
    return day_figures(figures, day, approvals_pending=pending)
