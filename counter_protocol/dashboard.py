"""The office's day for the supervisor (科长的一天), as the counter computes it offline from its own
store and the centre from what every counter of the office pushed (``GET /offices/{office}/dashboard``).
Pure: no I/O; shared so both ends count alike.

- today's cases (created on the day) by state, by service, per clerk;
- waiting times: from 新建 to the acceptance decision (minutes), and the approvals waiting;
- cases overdue against their 办理时限 in WORKING days (:mod:`counter_protocol.workdays`): the
  time limit is the catalog's (即时办结 where the standard says so, e.g. 6.1.1.2.3; N working days
  where the catalog sets them as the agency's figure; none where neither names one). The clock runs
  from the day of 受理; the case is finished at 办结 / 不予认定. As of the day: an accepted case not
  finished by the end of the day and past its due date is overdue;
- ratings (7.5.2: 1 非常不满意 … 5 非常满意) and the dissatisfied (1–2) given on the day (Beijing
  time), whenever the case was created.

Days are Beijing days (the office works in Shenzhen, whatever zone a machine's clock is set to):
every time is taken to its Beijing date (:func:`counter_protocol.clock.beijing_day`). Give aware
times; a naive one is UTC, as everywhere in the protocol. Averages round half up (11.25 → 11.3), as
a report read by people does, not half to even.

No personal data: case numbers, service codes, clerks' user names and figures only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.clock import beijing_day
from counter_protocol.workdays import HolidayCalendar

PATH = "/offices/{office}/dashboard"
FINISHED_STATES = frozenset({"completed", "archived", "denied"})
# 7.5.2 服务对象满意测评: 5 非常满意 … 1 非常不满意. 1–2 (不满意 / 非常不满意) is a 差评 — it needs the
# reason and opens a 差评工单 (counter_app.domain.complaints.DISSATISFIED) —, every other level
# (非常满意、满意、基本满意) counts as 满意 in a 满意率. The dashboard and the periodic evaluation
# (counter_protocol.evaluation) both count with these two.
DISSATISFIED_MAX = 2


def dissatisfied(score: int) -> bool:
    """A 差评 (不满意 / 非常不满意)."""
    return score <= DISSATISFIED_MAX


def satisfied(score: int) -> bool:
    """满意 in a 满意率: 基本满意 and better."""
    return score > DISSATISFIED_MAX


@dataclass(frozen=True)
class TimeLimitInfo:
    """办理时限 of a service: ``working_days`` 0 = 即时办结; ``source`` standard | agency."""

    working_days: int
    source: str = "agency"
    clause: str = ""

    def text(self) -> str:
        return "即时办结" if self.working_days == 0 else f"{self.working_days}个工作日"


def time_limit_of(raw: Any) -> TimeLimitInfo | None:
    """A catalog ``time_limit`` object (``{instant, working_days, source, clause}``) → the limit, or
    None when it names none."""
    if not isinstance(raw, dict):
        return None
    if raw.get("instant"):
        return TimeLimitInfo(0, str(raw.get("source") or "agency"), str(raw.get("clause") or ""))
    days = raw.get("working_days")
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        return TimeLimitInfo(days, str(raw.get("source") or "agency"), str(raw.get("clause") or ""))
    return None


@dataclass(frozen=True)
class CaseFigure:
    """One case as the dashboard needs it."""

    service_code: str
    state: str
    clerk: str
    created_at: datetime
    decided_at: datetime | None = None     # the acceptance decision (受理 / 退回 / 不予受理)
    rating: int | None = None
    case_no: str = ""
    accepted_at: datetime | None = None    # 受理: the 办理时限 runs from this day
    finished_at: datetime | None = None    # 办结 / 不予认定
    time_limit: TimeLimitInfo | None = None
    rated_at: datetime | None = None       # when the rating was given (aware; naive = UTC); None: unknown
    # for the periodic evaluation (counter_protocol.evaluation): the office of the workstation the
    # case was made at, and every acceptance decision (受理 accept / 退回 return / 不予受理 reject, at)
    office_code: str = ""
    decisions: tuple[tuple[str, datetime], ...] = ()


def rating_day(c: CaseFigure) -> date | None:
    """The Beijing day the case's rating belongs to: the day the applicant gave it — at 办结, days
    after 受理 — not the case's creation day; a rating of unknown time (none recorded) counts on the
    creation day. None when the case is not rated."""
    if c.rating is None:
        return None
    return beijing_day(c.rated_at if c.rated_at is not None else c.created_at)


def rated_on(c: CaseFigure, day: date) -> bool:
    """Whether the case's rating was given on ``day`` (a Beijing day): :func:`rating_day`."""
    return c.rating is not None and rating_day(c) == day


def finished_late(finished_on: date, due: date) -> bool:
    """办结 / 不予认定 on ``finished_on`` (a Beijing day) is late against the due date ``due``
    (:func:`due_date`): finished on the due date is on time."""
    return finished_on > due


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
    approvals_wait_minutes_max: float | None = None
    overdue: list[dict[str, Any]] = field(default_factory=list)    # open past their 办理时限 as of the day
    overdue_by_clerk: dict[str, int] = field(default_factory=dict)
    finished_late: int = 0                 # finished on the day after their due date
    calendar_covers_day: bool = True       # the holiday calendar covers the day's year

    def as_dict(self) -> dict[str, Any]:
        return {k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


def due_date(c: CaseFigure, calendar: HolidayCalendar) -> date | None:
    """The Beijing day by which the case is to be finished: its 办理时限 from the Beijing day of 受理."""
    if c.accepted_at is None or c.time_limit is None:
        return None
    return calendar.add_working_days(beijing_day(c.accepted_at), c.time_limit.working_days)


def half_up(value: float, places: int) -> float:
    """``value`` rounded half up to ``places`` decimals (11.25 → 11.3), from its shortest decimal
    text (so 11.25 is 11.25, not the binary 11.2499…)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def day_figures(cases: Iterable[CaseFigure], day: date, *, approvals_pending: int = 0,
                approvals_made_at: Iterable[datetime] = (), now: datetime | None = None,
                calendar: HolidayCalendar | None = None) -> DayFigures:
    """The figures of the Beijing day ``day``: the cases created on it, and every case's standing
    against its 办理时限 as of the end of it (with ``calendar``)."""
    cases = list(cases)
    today = [c for c in cases if beijing_day(c.created_at) == day]
    out = DayFigures(day.isoformat(), len(today), approvals_pending=approvals_pending)
    out.by_state = dict(Counter(c.state for c in today))
    out.by_service = dict(Counter(c.service_code for c in today))
    out.by_clerk = dict(Counter(c.clerk for c in today))
    minutes = [(c.decided_at - c.created_at).total_seconds() / 60 for c in today if c.decided_at is not None]
    if minutes:
        out.decision_minutes_avg = half_up(sum(minutes) / len(minutes), 1)
        out.decision_minutes_max = half_up(max(minutes), 1)
    rated = [c.rating for c in cases if c.rating is not None and rated_on(c, day)]
    out.ratings = dict(Counter(rated))
    if rated:
        out.rating_avg = half_up(sum(rated) / len(rated), 2)
    out.dissatisfied = sum(1 for r in rated if dissatisfied(r))
    waits = [(now - m).total_seconds() / 60 for m in approvals_made_at] if now is not None else []
    if waits:
        out.approvals_wait_minutes_max = half_up(max(waits), 1)
    if calendar is not None:
        out.calendar_covers_day = calendar.covers(day.year)
        dues: dict[tuple[date, int], date | None] = {}     # many cases share an acceptance day and a limit
        late: dict[date, int] = {}
        for c in cases:
            if c.accepted_at is None or c.time_limit is None:
                continue
            accepted_on = beijing_day(c.accepted_at)
            key = (accepted_on, c.time_limit.working_days)
            if key not in dues:
                dues[key] = due_date(c, calendar)
            due = dues[key]
            if due is None or accepted_on > day:
                continue
            finished_on = beijing_day(c.finished_at) if c.finished_at is not None else None
            if finished_on is not None and finished_on <= day:
                if finished_on == day and finished_late(finished_on, due):
                    out.finished_late += 1
                continue
            if day > due:
                if due not in late:
                    late[due] = calendar.working_days_between(due, day)
                out.overdue.append({
                    "case_no": c.case_no, "service_code": c.service_code, "clerk": c.clerk, "state": c.state,
                    "accepted_on": accepted_on.isoformat(), "due": due.isoformat(),
                    "time_limit": c.time_limit.text(), "limit_source": c.time_limit.source,
                    "clause": c.time_limit.clause,
                    "working_days_late": late[due]})
        out.overdue.sort(key=lambda o: (-o["working_days_late"], o["case_no"]))
        out.overdue_by_clerk = dict(Counter(o["clerk"] for o in out.overdue))
    return out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OverdueCase(_Model):
    case_no: str
    service_code: str
    clerk: str
    state: str
    accepted_on: str
    due: str
    time_limit: str
    limit_source: str
    clause: str = ""
    working_days_late: int


class OfficeDashboard(_Model):
    """``GET /offices/{office}/dashboard?day=YYYY-MM-DD`` (the office's supervisors and auditors):
    the centre's aggregates of every counter of the office. No personal data."""

    office_code: str
    day: str
    total: int = 0
    by_state: dict[str, int] = Field(default_factory=dict)
    by_service: dict[str, int] = Field(default_factory=dict)
    by_clerk: dict[str, int] = Field(default_factory=dict)
    decision_minutes_avg: float | None = None
    decision_minutes_max: float | None = None
    ratings: dict[int, int] = Field(default_factory=dict)
    rating_avg: float | None = None
    dissatisfied: int = 0
    approvals_pending: int = 0
    approvals_wait_minutes_max: float | None = None
    overdue: list[OverdueCase] = Field(default_factory=list)
    overdue_by_clerk: dict[str, int] = Field(default_factory=dict)
    finished_late: int = 0
    calendar_covers_day: bool = True
    workstations: int = 0                 # counters of the office whose data is in the figures
