"""定期服务质量评价 at the centre (7.5.2): the figures of a period per service, clerk or office
(counter_protocol.evaluation) over what every counter pushed — the cases and ratings the office
dashboard reads (counter_central.dashboard.office_cases, the same time limits and holiday calendar)
and the 差评工单 (counter_central.complaints.ticket_figures).

Two readers: the office's supervisors and auditors through ``GET /offices/{office}/evaluation``
(their own office, as the dashboard), and the centre's operator through ``counter-central
evaluation report`` (one office or all). No personal data: service codes and names, clerks' user
and display names (staff accounts), office codes and counts.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.complaints import ticket_figures
from counter_central.dashboard import holiday_calendar, office_cases
from counter_central.db import Office, ReferenceRow, User, Workstation
from counter_protocol import evaluation as ev


def _service_names(s: Session) -> dict[str, str]:
    """service code → its name in the catalog the centre publishes (latest)."""
    row = s.scalars(select(ReferenceRow).where(ReferenceRow.name == "catalog")
                    .order_by(ReferenceRow.published_at.desc()).limit(1)).first()
    try:
        content = json.loads(row.content) if row is not None else {}
    except ValueError:
        content = {}
    services = (content.get("services") or content.get("items") or []) if isinstance(content, dict) else []
    return {str(sv.get("code")): str(sv.get("name") or "") for sv in services if isinstance(sv, dict)}


def _labels(s: Session, by: str) -> dict[str, str]:
    if by == "service":
        return _service_names(s)
    if by == "office":
        return dict(s.execute(select(Office.code, Office.name)).all())
    return dict(s.execute(select(User.username, User.display_name)).all())


def report(s: Session, period: ev.Period, by: ev.Grouping, *, office: str = "") -> ev.EvaluationReport:
    """The period's figures of ``office``'s workstations (every office's when empty)."""
    q = select(Workstation.workstation_id, Workstation.office_code)
    if office:
        q = q.where(Workstation.office_code == office)
    stations = dict(s.execute(q).all())
    return ev.evaluate(office_cases(s, stations), ticket_figures(s, stations), period, by,
                       calendar=holiday_calendar(), office_code=office, labels=_labels(s, by),
                       workstations=len(stations))


def office_evaluation(s: Session, who, office: str, period: ev.Period, by: ev.Grouping) -> ev.EvaluationReport:
    """``GET /offices/{office}/evaluation``: the office's supervisors and auditors, their own office only."""
    from counter_central.core import ServiceError, require_role

    require_role(who, *ev.READERS)
    if who.user.office_code != office:
        raise ServiceError(403, f"只能查看本分局（{who.user.office_code}）的数据", "forbidden", "登录本分局的账号")
    return report(s, period, by, office=office)
