"""差评工单 at the counter: opened with the 不满意 / 非常不满意 rating (in the rating's own unit of
work, ``CaseWorkflow.rate``), listed for the office's supervisors (审批页, ``counter-app complaints
list``) and advanced stage by stage by the supervisor who owns it (``complaints advance``). Every
change is an outbox entry (aggregate ``complaint``: ``complaint.opened`` / ``complaint.advanced``)
synced to the centre like every other record. No ID number or name in a ticket: the case number,
the service, the score and the customer's reason.

Times: a ticket's opening and each stage reached travel as aware UTC texts
(counter_protocol.complaints.ticket_time) and are kept as UTC (``opened_at`` naive UTC, the stages'
``at`` aware texts: migration supervision_0002); the day a stage is reached, hence each deadline and
whether it was met, is the Beijing day (counter_protocol.clock), whatever zone the PC's clock is in.
A clerk reads them in Beijing time (``opened_text``).
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timezone
from typing import Callable

from sqlalchemy import select

from counter_app.domain import complaints as dc
from counter_app.domain.refusals import Refusal
from counter_app.storage.base import utcnow
from counter_app.storage.tables_supervision import ComplaintRow
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id
from counter_protocol.clock import beijing_day, beijing_text, beijing_today
from counter_protocol.complaints import history_times, ticket_time
from counter_protocol.free_text import shown

AGGREGATE = "complaint"
KIND_OPENED = "complaint.opened"
KIND_ADVANCED = "complaint.advanced"

log = logging.getLogger(__name__)


def _history(text: str | None) -> list[dict]:
    """The stages reached, each ``at`` an aware UTC text; a note kept before notes were checked (a
    control or direction character, an overlong text) is shown cleaned (counter_protocol.free_text.shown),
    never as stored."""
    history = history_times(json.loads(text or "[]"))
    for h in history:
        if isinstance(h.get("note"), str):
            h["note"] = shown(h["note"], dc.TEXT_CHARS)
    return history


def as_dict(r: ComplaintRow, today: date | None = None) -> dict:
    nxt = dc.next_stage(r.stage)
    today = today or beijing_today()
    opened = r.opened_at.replace(tzinfo=timezone.utc).isoformat()      # kept as naive UTC
    return {"id": r.id, "case_id": r.case_id, "case_no": r.case_no, "service_code": r.service_code,
            "office_code": r.office_code, "clerk": r.clerk, "score": r.score,
            "reason": shown(r.reason or "", dc.TEXT_CHARS),
            "stage": r.stage, "stage_name": dc.STAGE_NAMES[r.stage], "next_stage": nxt,
            "next_stage_name": dc.STAGE_NAMES[nxt] if nxt else "", "owner": r.owner,
            "opened_at": opened, "opened_text": beijing_text(opened), "due": r.due.isoformat() if r.due else None,
            "overdue": bool(r.due and today > r.due), "history": _history(r.history),
            "workstation_id": r.workstation_id, "here": True}


def _take_in(uow, row: ComplaintRow | None, t: dict) -> ComplaintRow | None:
    """The centre's copy of a ticket (``centre_dict``) into this store: a new row for a ticket of another
    workstation, or this row brought up to the centre's stage when another workstation moved it on."""
    stage = t.get("stage")
    if stage not in dc.STAGES or (row is not None and dc.STAGES.index(stage) <= dc.STAGES.index(row.stage)):
        return row
    due = date.fromisoformat(t["due"]) if t.get("due") else None
    history = canonical_json(history_times([{k: str(h.get(k) or "") for k in ("stage", "by", "at", "note")}
                                            for h in t.get("history") or []]))
    if row is None:
        try:        # the centre's form: aware UTC; an older centre's naive one read as it reads it
            opened = datetime.fromisoformat(ticket_time(t.get("opened_at"), opening=True))
        except ValueError:
            opened = utcnow()
        row = ComplaintRow(id=t["id"], case_id=t.get("case_id", ""), case_no=t.get("case_no", ""),
                           service_code=t.get("service_code", ""), office_code=t.get("office_code", ""),
                           workstation_id=t.get("workstation_id", ""), clerk=t.get("clerk", ""),
                           score=int(t.get("score") or 0), reason=t.get("reason", ""), stage=stage,
                           owner=t.get("owner", ""), due=due, history=history, opened_at=(
                               opened if opened.tzinfo is None else opened.astimezone(timezone.utc).replace(tzinfo=None)),
                           updated_at=utcnow())
        uow.session.add(row)
    else:
        row.stage, row.owner, row.due, row.history, row.updated_at = stage, t.get("owner", ""), due, history, utcnow()
    return row


def centre_dict(t: dict, today: date) -> dict:
    """A ticket the centre holds (counter_protocol.complaints.Ticket, as a dict) in the shape of
    :func:`as_dict`: ``here`` False — it is moved on at its own workstation (``workstation_id``)."""
    stage = t["stage"] if t.get("stage") in dc.STAGES else "received"
    nxt = dc.next_stage(stage)
    try:
        due = date.fromisoformat(t["due"]) if t.get("due") else None
    except ValueError:
        due = None
    opened = ticket_time(t.get("opened_at"), opening=True)
    return {"id": t["id"], "case_id": t.get("case_id", ""), "case_no": t.get("case_no", ""),
            "service_code": t.get("service_code", ""), "office_code": "", "clerk": t.get("clerk", ""),
            "score": t.get("score", 0), "reason": t.get("reason", ""), "stage": stage,
            "stage_name": dc.STAGE_NAMES[stage], "next_stage": nxt, "next_stage_name": dc.STAGE_NAMES[nxt] if nxt else "",
            "owner": t.get("owner", ""), "opened_at": opened, "opened_text": beijing_text(opened),
            "due": due.isoformat() if due else None, "overdue": bool(due and today > due),
            "history": history_times(list(t.get("history") or [])),
            "workstation_id": t.get("workstation_id", ""), "here": False}


class ComplaintService:
    def __init__(self, store, *, actor: str = "", office_code: str = "", workstation_id: str = "",
                 params: Callable | None = None, calendar: Callable | None = None,
                 today: Callable[[], date] = beijing_today):
        self.store = store
        self.actor = actor
        self.office_code = office_code
        self.workstation_id = workstation_id
        self._params = params
        self._calendar = calendar
        self.today = today

    def _due(self, reached_on: date, nxt: str | None) -> date | None:
        if self._params is not None:
            params = self._params()
        else:
            from counter_app.workflows.reference import current_params

            params = current_params(self.store)
        if self._calendar is not None:
            cal = self._calendar()
        else:
            from counter_app.workflows.reference import calendar_in_force

            cal = calendar_in_force(self.store).value
        return dc.due_of(reached_on, nxt, lambda key: params.decimal(key, reached_on), cal.add_working_days)

    def open_in(self, uow, *, case_id: str, case_no: str, service_code: str, clerk: str, score: int, reason: str,
                at: datetime) -> ComplaintRow:
        """The ticket of a dissatisfied rating, inside the rating's unit of work. ``at``: the rating's
        time off the case workflow's clock (naive: this PC's local time, cases.local_now); kept as
        UTC and sent as an aware UTC text, its first deadline counted from its Beijing day."""
        dc.check_reason(score, reason)
        moment = at.astimezone(timezone.utc)
        sent = moment.isoformat()
        row = ComplaintRow(id=new_id(), case_id=case_id, case_no=case_no, service_code=service_code,
                           office_code=self.office_code, workstation_id=self.workstation_id, clerk=clerk, score=score,
                           reason=reason.strip()[:500], stage="received", owner="",
                           opened_at=moment.replace(tzinfo=None), due=self._due(beijing_day(moment), "checked"),
                           history=canonical_json([{"stage": "received", "by": clerk, "at": sent,
                                                    "note": "服务对象评价后自动受理"}]),
                           updated_at=utcnow())
        uow.session.add(row)
        uow.audit("complaint.opened", object_type="complaint", object_id=case_no or row.id, actor=clerk,
                  detail=f"评价 {score} 分")
        uow.outbox.add(kind=KIND_OPENED, aggregate_type=AGGREGATE, aggregate_id=row.id, payload={
            "case_id": case_id, "case_no": case_no, "service_code": service_code, "clerk": clerk, "score": score,
            "reason": row.reason, "stage": row.stage, "due": row.due.isoformat() if row.due else None,
            "at": sent})
        return row

    def list(self, *, open_only: bool = False, user: str = "", roles=None, centre: list[dict] | None = None
             ) -> list[dict]:
        """The tickets here, the most urgent first (the next deadline), for a supervisor or an
        auditor (domain.complaints.READERS); another account (a clerk: the tickets name the cases
        rated badly, hence the applicants) is refused, the attempt audited. ``roles`` None: the
        caller decided who reads (a test, the window's own check). ``centre``: the office's tickets
        the centre holds (``CentralClient.office_complaints``), those of other workstations added —
        this workstation's own copy stands for its tickets (its changes may not be sent yet)."""
        if roles is not None and not set(roles) & dc.READERS:
            from counter_app.storage.audit import record

            refusal = Refusal("complaints_supervisor_only")
            record(self.store, actor=user, workstation_id=self.workstation_id, action="business.refused",
                   object_type="complaint", result="refused", detail=str(refusal))
            raise dc.ComplaintRefused(refusal)
        with self.store.session() as s:
            rows = list(s.scalars(select(ComplaintRow)))
            out = [as_dict(r, self.today()) for r in rows if not (open_only and r.stage == "followed_up")]
        # the centre's copy where there is none here, or where another workstation moved it further
        mine = {r["id"]: r for r in out}
        for t in centre or ():
            c = centre_dict(t, self.today())
            if open_only and c["stage"] == "followed_up":
                mine.pop(c["id"], None)
            elif c["id"] not in mine or dc.STAGES.index(c["stage"]) > dc.STAGES.index(mine[c["id"]]["stage"]):
                mine[c["id"]] = c
        out = list(mine.values())
        return sorted(out, key=lambda r: (r["stage"] == "followed_up", r["due"] or "9999", r["opened_at"]))

    def advance(self, ticket_id: str, *, user: str, roles, note: str, centre: dict | None = None) -> dict:
        """The ticket moves to its next stage, by its owning supervisor (the first one takes it).
        Another role is refused (7.3.2: counter_protocol.roles.HANDLE_COMPLAINT), the attempt audited.
        ``centre``: the ticket as the centre holds it (``list(centre=…)``'s item) — a ticket of another
        workstation is taken into this store, a copy here behind the centre's brought up to its stage,
        before it is moved on; the centre checks the stage and the owner again when the entry arrives."""
        from counter_app.storage.permissions import RoleRefused, require_role
        from counter_protocol.roles import HANDLE_COMPLAINT

        try:
            require_role(self.store, HANDLE_COMPLAINT, actor=user, roles=roles, workstation_id=self.workstation_id,
                         object_type="complaint", object_id=ticket_id, words=Refusal("complaint_supervisor_only"))
        except RoleRefused as exc:
            raise dc.ComplaintRefused(exc.reason) from None
        with UnitOfWork(self.store, actor=user, workstation_id=self.workstation_id) as uow:
            row = uow.session.get(ComplaintRow, ticket_id)
            if centre is not None and centre.get("id") == ticket_id:
                row = _take_in(uow, row, centre)
            if row is None:
                raise dc.ComplaintRefused(Refusal("no_complaint", ticket_id))
            refusal = dc.advance_refusal(stage=row.stage, owner=row.owner, user=user, roles=roles, note=note)
            if refusal:
                raise dc.ComplaintRefused(refusal)
            nxt = dc.next_stage(row.stage)
            if nxt is None:   # advance_refusal said so already; kept for the type checker
                raise dc.ComplaintRefused(Refusal("complaint_closed"))
            today = self.today()            # the Beijing day: the deadline counted from it, late after the due day
            now = utcnow()
            sent = now.replace(tzinfo=timezone.utc).isoformat(timespec="seconds")
            history = json.loads(row.history or "[]")
            history.append({"stage": nxt, "by": user, "at": sent, "note": note.strip()})
            late = bool(row.due and today > row.due)
            row.stage, row.owner, row.history, row.updated_at = nxt, row.owner or user, canonical_json(history), now
            row.due = self._due(today, dc.next_stage(nxt))
            uow.outbox.add(kind=KIND_ADVANCED, aggregate_type=AGGREGATE, aggregate_id=row.id, payload={
                "case_id": row.case_id, "case_no": row.case_no, "stage": nxt, "owner": row.owner, "note": note.strip(),
                "late": late, "due": row.due.isoformat() if row.due else None, "at": sent})
            uow.audit("complaint.advanced", object_type="complaint", object_id=row.case_no or row.id, actor=user,
                      detail=f"{dc.STAGE_NAMES[nxt]}{'（超期）' if late else ''}")
            uow.commit()
            return as_dict(row, today)


KIND_UPDATED = "complaint.updated"      # pulled: a ticket as the centre holds it (counter_central.complaints.UPDATED)


def apply_pulled(store) -> int:
    """Bring this store's copies of tickets up to the centre's stage from the pulled
    ``complaint.updated`` changes (a supervisor moved the ticket on at another workstation), each
    in its own unit of work with the change marked applied. Only a ticket this store holds is
    touched, and only forward (as :func:`_take_in`); a malformed change is marked applied, never
    retried forever. Returns how many copies moved."""
    from pydantic import ValidationError

    from counter_app.sync.status import mark_inbox_applied, pending_inbox
    from counter_protocol.complaints import Ticket

    moved = 0
    for change in pending_inbox(store, "complaint."):
        with UnitOfWork(store) as uow:
            row = uow.session.get(ComplaintRow, change["aggregate_id"])
            if change["kind"] == KIND_UPDATED and row is not None:
                try:
                    ticket = Ticket.model_validate(change["payload"]).model_dump(mode="json")
                    if ticket["id"] == row.id:
                        before = row.stage
                        _take_in(uow, row, ticket)
                        moved += row.stage != before
                except (ValidationError, ValueError):
                    log.warning("pulled complaint ticket change %s not applied: malformed", change["cursor"])
            mark_inbox_applied(uow.session, change["cursor"])
            uow.commit()
    return moved


__all__ = ["AGGREGATE", "ComplaintService", "KIND_ADVANCED", "KIND_OPENED", "KIND_UPDATED", "apply_pulled", "as_dict",
           "centre_dict"]
