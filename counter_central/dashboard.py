"""The office's dashboard at the centre (``GET /offices/{office}/dashboard?day=``): the figures of
:mod:`counter_protocol.dashboard` over what every counter of the office pushed — the case
transitions and ratings received (``received_entries``), the approvals waiting — with the time
limits of the catalog the centre publishes and the holiday calendar (reference data: the shipped
``resources/reference/holidays-YYYY.json`` and the years published as ``holidays``). Only the office's supervisors and auditors read it.
The day is the Beijing day: every transition's time is taken to its Beijing date.
No personal data: case numbers, service codes, clerks' user names and counts.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central import entry_key
from counter_central.db import ApprovalRow, ReceivedEntry, ReferenceRow, Workstation, utcnow
from counter_protocol import dashboard as d
from counter_protocol.clock import BEIJING
from counter_protocol.workdays import HolidayCalendar, calendar_of

READERS = ("supervisor", "auditor")
_CACHE: dict[str, object] = {}


def _shipped_holidays() -> tuple[dict, ...]:
    docs = _CACHE.get("holidays")
    if docs is None:
        from counter_central.resources import resources_root

        files = sorted((resources_root() / "reference").glob("holidays-*.json"))
        docs = _CACHE["holidays"] = tuple(json.loads(f.read_text(encoding="utf-8")) for f in files)
    return docs  # type: ignore[return-value]


def holiday_calendar(s: Session | None = None) -> HolidayCalendar:
    """The shipped yearly files and, with a session, every ``holidays`` year published whose
    生效日期 has come (one year a version; the union, as the counters count — counter_protocol
    .workdays.calendar_of)."""
    published: list[dict] = []
    if s is not None:
        from counter_protocol.clock import beijing_day
        from counter_protocol.workdays import CalendarError, check_holiday_document

        today = beijing_day(utcnow()).isoformat()
        rows = s.scalars(select(ReferenceRow).where(ReferenceRow.name == "holidays").order_by(ReferenceRow.published_at))
        for row in rows:
            if row.effective_from is not None and row.effective_from > today:
                continue
            content = json.loads(row.content)
            try:
                check_holiday_document(content)
            except CalendarError:
                continue               # checked when published: an older centre's row only
            published.append(content)
    key = "calendar:" + "|".join(str(doc.get("version")) + str(doc.get("year")) for doc in published)
    cal = _CACHE.get(key)
    if cal is None:
        cal = _CACHE[key] = calendar_of(_shipped_holidays(), published)
    return cal  # type: ignore[return-value]


def time_limits(s: Session) -> dict[str, d.TimeLimitInfo]:
    """service code → 办理时限 of the catalog the centre publishes (the version in force)."""
    from counter_central.core import reference_row_in_force

    row = reference_row_in_force(s, "catalog")
    if row is None:
        return {}
    key = f"limits:{row.digest}"
    if key not in _CACHE:
        try:
            content = json.loads(row.content)
        except ValueError:
            content = {}
        services = content.get("services") or content.get("items") or []
        _CACHE[key] = {str(sv.get("code")): lim for sv in services if isinstance(sv, dict)
                       and (lim := d.time_limit_of(sv.get("time_limit"))) is not None}
    return _CACHE[key]  # type: ignore[return-value]


def _at(value) -> datetime | None:
    """A transition's ``at`` as an aware time. Workstations send it with its offset; an older one
    sent its clock's naive local time (cases.local_now), which at the office's windows is Beijing
    time: a naive ``at`` is read as Beijing wall-clock time, so its day is the day it was written
    with (as the dashboard always took it), not shifted by the centre's own zone."""
    try:
        at = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return at.replace(tzinfo=BEIJING) if at.tzinfo is None else at


def office_cases(s: Session, stations: dict[str, str]) -> list[d.CaseFigure]:
    """The cases the workstations ``stations`` (id → office code) pushed, as the figures count them:
    each case's transitions and its first rating, replayed in the order received, with the 办理时限
    of the catalog the centre publishes. Shared by the day's dashboard and the periodic evaluation
    (counter_central.evaluation)."""
    cases: dict[str, dict] = {}
    if stations:
        q = (select(ReceivedEntry.aggregate_id, ReceivedEntry.kind, *entry_key.PAYLOAD, ReceivedEntry.actor,
                    ReceivedEntry.workstation_id)
             .where(ReceivedEntry.workstation_id.in_(list(stations)), ReceivedEntry.aggregate_type == "case",
                    ReceivedEntry.outcome == "accepted", ReceivedEntry.kind.in_(("case.transition", "case.rated")))
             # in the order received (a store put back to a backup numbers its seqs again from the
             # backup's, so a later transition can carry a lower seq: client_seq orders one push only)
             .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq))
        for case_id, kind, entry_id, version, sealed, actor, ws in s.execute(q):
            body = entry_key.opened_json(entry_id, version, sealed, s)
            if not isinstance(body, dict):
                continue
            c = cases.setdefault(case_id, {"service_code": body.get("service_code") or "", "case_no": body.get("case_no") or "",
                                           "office_code": stations.get(ws, ""), "decisions": []})
            if kind == "case.rated":
                # the first rating stands (a second one is refused on push: counter_central.complaints),
                # counted on the day it was given (its ``at``), not the case's creation day
                if isinstance(body.get("score"), int) and "rating" not in c:
                    c["rating"], c["rated_at"] = body["score"], _at(body.get("at"))   # as a transition's time
                continue
            action, at = body.get("action"), _at(body.get("at"))
            if at is None:
                continue
            c["state"] = body.get("to_state") or c.get("state", "")
            if action == "create":
                c["created_at"], c["clerk"] = at, body.get("actor") or actor
            if action in ("accept", "return", "reject"):
                c["decisions"].append((action, at))
                c.setdefault("decided_at", at)
            if action == "accept":
                c["accepted_at"] = at
            if action in ("complete", "deny") and "finished_at" not in c:
                c["finished_at"] = at
    limits = time_limits(s)
    return [d.CaseFigure(c["service_code"], c.get("state", ""), c.get("clerk", ""), c["created_at"],
                         c.get("decided_at"), c.get("rating"), case_no=c["case_no"], accepted_at=c.get("accepted_at"),
                         finished_at=c.get("finished_at"), time_limit=limits.get(c["service_code"]),
                         rated_at=c.get("rated_at"), office_code=c["office_code"], decisions=tuple(c["decisions"]))
            for c in cases.values() if c.get("created_at") is not None]


def office_dashboard(s: Session, who, office: str, day: date) -> d.OfficeDashboard:
    from counter_central.core import ServiceError, require_role

    require_role(who, *READERS)
    if who.user.office_code != office:
        raise ServiceError(403, f"只能查看本分局（{who.user.office_code}）的数据", "forbidden", "登录本分局的账号")
    stations = list(s.scalars(select(Workstation.workstation_id).where(Workstation.office_code == office)))
    figures = office_cases(s, dict.fromkeys(stations, office))
    pending = list(s.scalars(select(ApprovalRow.made_at).where(ApprovalRow.office_code == office,
                                                               ApprovalRow.state == "pending")))
    out = d.day_figures(figures, day, approvals_pending=len(pending), approvals_made_at=pending, now=utcnow(),
                        calendar=holiday_calendar(s))
    return d.OfficeDashboard(office_code=office, workstations=len(stations), **out.as_dict())
