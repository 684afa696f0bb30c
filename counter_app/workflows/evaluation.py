"""定期服务质量评价 (7.5.2) at the workstation: the office's figures of a period as the centre computes
them over every counter (``GET /offices/{office}/evaluation``, counter_protocol.evaluation). A
period's evaluation is the agency's, over all workstations: this workstation's store alone cannot
give it, so offline there is none (:class:`NeedsCentre`), never a partial one.

The periods a supervisor picks: 本月 / 上月 / 本季度 (to today, the Beijing day) or 自定义 (from–to,
both included). No personal data in the figures: service codes, clerks' user names and counts.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from counter_protocol import evaluation as ev
from counter_protocol.clock import beijing_day

CUSTOM = "custom"
PERIODS = (*ev.PERIODS, CUSTOM)        # 本月 / 上月 / 本季度 / 自定义
GROUPINGS = ("service", "clerk")       # the window's tables: by service, by clerk


class NeedsCentre(Exception):
    """The evaluation needs the centre and there is none to ask: ``why`` is ``offline`` (not signed
    in to the centre) or ``unreachable`` (it did not answer)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def beijing_today() -> date:
    return beijing_day(datetime.now(timezone.utc))


def period_of(kind: str, *, today: date | None = None, start: date | None = None,
              end: date | None = None) -> ev.Period:
    """The period a supervisor chose: a named one (``this_month`` …, up to ``today``, the Beijing
    day unless given) or ``custom`` from ``start`` to ``end``. :class:`ev.PeriodError` (Chinese)
    for a custom period that runs backwards or is longer than a year."""
    if kind == CUSTOM:
        if start is None or end is None:
            raise ev.PeriodError("请选择评价期间的开始和结束日期")
        return ev.checked_period(start, end)
    return ev.named_period(kind, today or beijing_today())


def office_evaluation(client, office: str, period: ev.Period, by: str) -> ev.EvaluationReport:
    """The office's evaluation of ``period`` per ``by`` from the centre (``client``: a signed-in
    CentralClient, closed here; None when offline → :class:`NeedsCentre`). A refusal of the centre
    (a clerk's account, another office) is raised as it came (RequestRejected)."""
    from counter_app.sync.client import TransientError

    if by not in ev.GROUPINGS:
        raise ev.PeriodError(f"没有分组“{by}”，可选：{'、'.join(ev.GROUPINGS)}")
    if client is None:
        raise NeedsCentre("offline")
    try:
        return client.office_evaluation(office, period.start.isoformat(), period.end.isoformat(), by)
    except TransientError:
        raise NeedsCentre("unreachable") from None
    finally:
        client.close()
