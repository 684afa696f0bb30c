"""定期服务质量评价 (7.5.2: 「社保机构应定期开展服务质量评价，评价应采取内部评价和外部评价相结合的方式，
以服务对象满意测评为核心要素」): the figures of a period — whole Beijing days, both ends included —
per service, per clerk or per office, as the centre computes them over what every counter pushed
(``GET /offices/{office}/evaluation``, ``counter-central evaluation report``). Pure: no I/O.

Internal evaluation (内部评价), from the cases and the 差评工单:

- 受理 ``accepted``: the cases accepted in the period (the day of 受理);
- 办结 ``finished``: the cases finished (办结 / 不予认定) in the period; ``on_time`` of those with a
  办理时限 (``timed``), finished on or before their due date — the dashboard's definition
  (:func:`counter_protocol.dashboard.due_date`, :func:`~counter_protocol.dashboard.finished_late`,
  working days by the holiday calendar); ``on_time_rate`` = on_time / timed;
- 退回 ``returned``: the acceptance decisions of the period (受理 / 退回 / 不予受理, each decision
  counted: a case returned, supplemented and accepted counts two) that were 退回 (材料不齐全,
  一次性告知); ``return_rate`` = returned / decisions;
- 差评工单: ``tickets_opened`` in the period, ``tickets_closed`` (reached 已回访) in the period, and of
  those ``tickets_closed_on_time``: every stage reached on or before the deadline the ticket carried
  when it was reached (as the counter flags a late stage, counter_app.workflows.complaints).

External evaluation (外部评价, 服务对象满意测评): the ratings given in the period (the day of the
rating, :func:`counter_protocol.dashboard.rating_day`), 满意 (基本满意 and better,
:func:`~counter_protocol.dashboard.satisfied`) and 差评 (不满意 / 非常不满意,
:func:`~counter_protocol.dashboard.dissatisfied`), the average score.

Rates are percentages to one decimal, averages to two, rounded half up as the dashboard does
(:func:`counter_protocol.dashboard.half_up`); None where there is nothing to divide by. A case or a
ticket belongs to the clerk who took the case in (the dashboard's ``by_clerk``). No personal data:
service codes, clerks' user names, office codes and counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.clock import beijing_day
from counter_protocol.dashboard import (
    DISSATISFIED_MAX,
    CaseFigure,
    due_date,
    dissatisfied,
    finished_late,
    half_up,
    rating_day,
    satisfied,
)
from counter_protocol.workdays import HolidayCalendar

PATH = "/offices/{office}/evaluation"
READERS = ("supervisor", "auditor")      # as the office dashboard's (counter_central.dashboard.READERS)
GROUPINGS = ("service", "clerk", "office")
Grouping = Literal["service", "clerk", "office"]
MAX_DAYS = 366                           # a period is at most a year (a leap year's)
PERIODS = ("this_month", "last_month", "this_quarter")   # 本月 / 上月 / 本季度 (and 自定义: from–to)


class PeriodError(ValueError):
    """A period that cannot be evaluated (the Chinese message)."""


@dataclass(frozen=True)
class Period:
    """Beijing days ``start`` … ``end``, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def checked_period(start: date, end: date) -> Period:
    """The period ``start``–``end``, or :class:`PeriodError` when it runs backwards or past a year."""
    if end < start:
        raise PeriodError(f"评价期间的结束日期（{end.isoformat()}）早于开始日期（{start.isoformat()}）")
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError(f"评价期间最长 {MAX_DAYS} 天（现为 {(end - start).days + 1} 天），请分段查看")
    return Period(start, end)


def month_period(text: str) -> Period:
    """``2026-11`` → 2026-11-01 … 2026-11-30."""
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        start = date(year, month, 1)
    except ValueError:
        raise PeriodError(f"月份“{text}”无效，应为 YYYY-MM（如 2026-11）") from None
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(start, nxt - timedelta(days=1))


def named_period(kind: str, today: date) -> Period:
    """本月 ``this_month`` (to ``today``), 上月 ``last_month``, 本季度 ``this_quarter`` (to ``today``)."""
    if kind == "this_month":
        return Period(today.replace(day=1), today)
    if kind == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end)
    if kind == "this_quarter":
        return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)
    raise PeriodError(f"没有期间“{kind}”，可选：{'、'.join(PERIODS)}")


@dataclass(frozen=True)
class TicketStep:
    """A stage a 差评工单 reached (``at``: aware; naive = UTC) and the deadline in force for it."""

    stage: str
    at: datetime
    due: date | None = None


@dataclass(frozen=True)
class TicketFigure:
    """One 差评工单 as the evaluation needs it: when it was opened, the stages reached after."""

    service_code: str
    clerk: str
    office_code: str
    opened_at: datetime
    steps: tuple[TicketStep, ...] = ()
    closing_stage: str = "followed_up"      # counter_protocol.complaints.STAGES[-1]

    def closed_at(self) -> datetime | None:
        return next((s.at for s in self.steps if s.stage == self.closing_stage), None)

    def on_time(self) -> bool:
        """Every stage reached on or before its deadline (the counter's ``late``: reached after the due day)."""
        return all(s.due is None or beijing_day(s.at) <= s.due for s in self.steps)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluationRow(_Model):
    """The figures of one service, clerk or office (``key``; empty in the total row)."""

    key: str = ""
    label: str = Field(default="", description="the service's or the office's name, the clerk's display name (a staff account)")
    accepted: int = 0
    finished: int = 0
    timed: int = Field(default=0, description="finished cases with a 办理时限")
    on_time: int = 0
    on_time_rate: float | None = Field(default=None, description="% of timed, one decimal, half up")
    decisions: int = Field(default=0, description="acceptance decisions (受理 / 退回 / 不予受理)")
    returned: int = 0
    return_rate: float | None = Field(default=None, description="% of decisions")
    ratings: int = 0
    satisfied: int = 0
    satisfaction_rate: float | None = Field(default=None, description="% of ratings ≥ satisfied_min")
    rating_avg: float | None = None
    dissatisfied: int = Field(default=0, description="差评: ratings ≤ dissatisfied_max")
    tickets_opened: int = 0
    tickets_closed: int = 0
    tickets_closed_on_time: int = 0


class EvaluationReport(_Model):
    """``GET /offices/{office}/evaluation?from=&to=&by=`` (the office's supervisors and auditors).
    ``office_code`` empty: every office (the centre's own command line). No personal data."""

    office_code: str = ""
    from_day: str
    to_day: str
    by: Grouping
    rows: list[EvaluationRow] = Field(default_factory=list)
    total: EvaluationRow = Field(default_factory=lambda: EvaluationRow())
    satisfied_min: int = DISSATISFIED_MAX + 1
    dissatisfied_max: int = DISSATISFIED_MAX
    calendar_covers_period: bool = True
    workstations: int = 0


def _rate(part: int, whole: int) -> float | None:
    return half_up(100 * part / whole, 1) if whole else None


class _Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = defaultdict(int)
        self.scores: list[int] = []

    def row(self, key: str, label: str) -> EvaluationRow:
        n = self.n
        return EvaluationRow(
            key=key, label=label, accepted=n["accepted"], finished=n["finished"], timed=n["timed"],
            on_time=n["on_time"], on_time_rate=_rate(n["on_time"], n["timed"]), decisions=n["decisions"],
            returned=n["returned"], return_rate=_rate(n["returned"], n["decisions"]), ratings=len(self.scores),
            satisfied=sum(1 for r in self.scores if satisfied(r)),
            satisfaction_rate=_rate(sum(1 for r in self.scores if satisfied(r)), len(self.scores)),
            rating_avg=half_up(sum(self.scores) / len(self.scores), 2) if self.scores else None,
            dissatisfied=sum(1 for r in self.scores if dissatisfied(r)), tickets_opened=n["tickets_opened"],
            tickets_closed=n["tickets_closed"], tickets_closed_on_time=n["tickets_closed_on_time"])


def evaluate(cases: Iterable[CaseFigure], tickets: Iterable[TicketFigure], period: Period, by: Grouping, *,
             calendar: HolidayCalendar, office_code: str = "", labels: dict[str, str] | None = None,
             workstations: int = 0) -> EvaluationReport:
    """The period's figures per ``by`` (service / clerk / office) and in total; a group with nothing
    in the period is left out. ``labels``: key → name shown beside it."""
    if by not in GROUPINGS:
        raise PeriodError(f"没有分组“{by}”，可选：{'、'.join(GROUPINGS)}")
    groups: dict[str, _Tally] = defaultdict(_Tally)
    total = _Tally()

    def key(service_code: str, clerk: str, office: str) -> str:
        return {"service": service_code, "clerk": clerk, "office": office}[by]

    def add(k: str, name: str, n: int = 1) -> None:
        groups[k].n[name] += n
        total.n[name] += n

    for c in cases:
        k = key(c.service_code, c.clerk, c.office_code)
        if c.accepted_at is not None and beijing_day(c.accepted_at) in period:
            add(k, "accepted")
        for action, at in c.decisions:
            if beijing_day(at) in period:
                add(k, "decisions")
                if action == "return":
                    add(k, "returned")
        if c.finished_at is not None and (finished_on := beijing_day(c.finished_at)) in period:
            add(k, "finished")
            due = due_date(c, calendar)
            if due is not None:
                add(k, "timed")
                if not finished_late(finished_on, due):
                    add(k, "on_time")
        if c.rating is not None and rating_day(c) in period:
            groups[k].scores.append(c.rating)
            total.scores.append(c.rating)
    for t in tickets:
        k = key(t.service_code, t.clerk, t.office_code)
        if beijing_day(t.opened_at) in period:
            add(k, "tickets_opened")
        closed = t.closed_at()
        if closed is not None and beijing_day(closed) in period:
            add(k, "tickets_closed")
            if t.on_time():
                add(k, "tickets_closed_on_time")
    labels = labels or {}
    rows = [groups[k].row(k, labels.get(k, "")) for k in sorted(groups)
            if groups[k].scores or any(groups[k].n.values())]
    years = range(period.start.year, period.end.year + 1)
    return EvaluationReport(office_code=office_code, from_day=period.start.isoformat(), to_day=period.end.isoformat(),
                            by=by, rows=rows, total=total.row("", ""),
                            calendar_covers_period=all(calendar.covers(y) for y in years), workstations=workstations)
