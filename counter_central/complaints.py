"""The centre's checks of ratings and 差评工单 entries (7.5.2), applied when a counter pushes them
(counter_central.core.push). The centre trusts no counter:

- a case is rated once: a second ``case.rated`` of the same case — accepted before or earlier in
  the same batch — is refused and nothing of it stored, so a 差评 is never overwritten by a later
  5 in the office's figures (counter_central.dashboard) and opens no second ticket;
- the customer's reason of a rating and the text of a ticket (the reason, each stage's note) carry
  no control or text-direction character (counter_protocol.free_text, as for approvals) and are at
  most TEXT_CHARS long (the counter's limit, counter_app.domain.complaints.TEXT_CHARS).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central import entry_key
from counter_central.db import ReceivedEntry
from counter_protocol.free_text import unsafe_text_refusal

RATED = "case.rated"
TEXT_CHARS = 500          # counter_app.domain.complaints.TEXT_CHARS
UNSAFE_ACTION = "删去控制字符和文字方向控制符（如从别处粘贴带来的）后重新提交"
RATED_TWICE = "该办件已评价过，每件只能评价一次：本次评价未保存"
RATED_TWICE_ACTION = "无需处理：中心保留第一次评价；对评价有异议的，由科长在差评工单中跟进"
LONG_ACTION = "精简该内容后重新提交"
_TEXT_FIELDS = ("comment", "reason", "note")


def _text_refusal(payload: dict, *, rating: bool) -> tuple[str, str] | None:
    """(reason, action) when a rating's (``rating``) or a ticket's text may not be kept, or None."""
    unsafe = unsafe_text_refusal(payload, "payload")
    if unsafe is not None:
        return (f"评价记录内容不能保存：{unsafe}" if rating else f"差评工单记录内容不能保存：{unsafe}"), UNSAFE_ACTION
    for key in _TEXT_FIELDS:
        text = payload.get(key)
        if isinstance(text, str) and len(text.strip()) > TEXT_CHARS:
            n = len(text.strip())
            return ((f"评价记录的 {key} 最多{TEXT_CHARS}个字（现有{n}个字）" if rating
                     else f"差评工单记录的 {key} 最多{TEXT_CHARS}个字（现有{n}个字）"), LONG_ACTION)
    return None


def rating_refusal(s: Session, item, rated_in_batch: set[str]) -> tuple[str, str] | None:
    """(reason, action) refusing a ``case.rated`` entry — its text, or the case rated already — or None.
    ``rated_in_batch``: the cases whose rating this batch accepted before this entry."""
    text = _text_refusal(item.payload, rating=True)
    if text is not None:
        return text
    if item.aggregate_id in rated_in_batch or s.scalar(
            select(ReceivedEntry.id).where(ReceivedEntry.aggregate_type == "case",
                                           ReceivedEntry.aggregate_id == item.aggregate_id,
                                           ReceivedEntry.kind == RATED, ReceivedEntry.outcome == "accepted")
            .limit(1)) is not None:
        return RATED_TWICE, RATED_TWICE_ACTION
    return None


ADVANCED = "complaint.advanced"
STAGE_TAKEN_ACTION = "刷新差评工单列表，按中心的当前环节重新推进"
OWNER_TAKEN_ACTION = "由负责该工单的科长推进"


def _stored_ticket(s: Session, ticket_id: str) -> tuple[str, str] | None:
    """(stage, owner) of a ticket from the entries the centre accepted, or None if it has none."""
    from counter_protocol.complaints import STAGES

    state: tuple[str, str] | None = None
    for kind, entry_id, version, sealed, actor in s.execute(
            select(ReceivedEntry.kind, *entry_key.PAYLOAD, ReceivedEntry.actor)
            .where(ReceivedEntry.aggregate_type == "complaint", ReceivedEntry.aggregate_id == ticket_id,
                   ReceivedEntry.outcome == "accepted").order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq)):
        body = entry_key.opened_json(entry_id, version, sealed, s)
        if not isinstance(body, dict):
            continue
        if kind == ADVANCED and body.get("stage") in STAGES:
            state = (body["stage"], str(body.get("owner") or (state[1] if state else "") or actor))
        elif kind != ADVANCED and state is None:
            state = ("received", "")
    return state


def ticket_refusal(s: Session, item, tickets: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(reason, action) refusing a ``complaint.*`` entry, or None (it is accepted; ``tickets``, the
    batch's view of (stage, owner), is brought up to date). Its text may not carry control characters;
    a stage reached is the one after the ticket's current stage at the centre, by its owner — a ticket
    may now be moved on from any workstation of the office, so two supervisors, or one stale copy,
    must not move it twice or take it from its owner."""
    from counter_protocol.complaints import STAGE_NAMES, STAGES, next_stage

    text = _text_refusal(item.payload, rating=False)
    if text is not None:
        return text
    ticket_id = item.aggregate_id
    if item.kind != ADVANCED:
        tickets.setdefault(ticket_id, ("received", ""))
        return None
    current = tickets[ticket_id] if ticket_id in tickets else _stored_ticket(s, ticket_id)
    stage = item.payload.get("stage")
    if current is not None and stage in STAGES:
        now, owner = current
        if stage != next_stage(now):
            return (f"差评工单在中心的当前环节为「{STAGE_NAMES[now]}」，不能再推进到「{STAGE_NAMES[stage]}」"
                    "（已在另一工作站推进）"), STAGE_TAKEN_ACTION
        if owner and item.actor != owner:
            return f"该工单由 {owner} 负责，只有负责人可以推进", OWNER_TAKEN_ACTION
    if stage in STAGES:
        tickets[ticket_id] = (stage, str(item.payload.get("owner") or item.actor))
    return None


def _replay(s: Session, rows) -> dict[str, dict]:
    """Tickets (counter_protocol.complaints.Ticket, as dicts) replayed from accepted ``complaint.*``
    entries given as (ticket id, kind, *entry_key.PAYLOAD, actor, workstation) in the order received. Every time
    served as an aware UTC text (counter_protocol.complaints.ticket_time): workstations send theirs
    so; an entry of a workstation not yet upgraded, kept as it came, has a naive one — its opening
    read as Beijing wall-clock time (as the evaluation reads it, :func:`ticket_figures`), a stage as UTC."""
    from counter_protocol.complaints import ticket_time
    from counter_protocol.free_text import shown

    tickets: dict[str, dict] = {}
    for ticket_id, kind, entry_id, version, sealed, actor, ws in rows:
        body = entry_key.opened_json(entry_id, version, sealed, s)
        if not isinstance(body, dict):
            continue

        def text(key: str, b: dict = body) -> str:
            return shown(str(b.get(key) or ""), TEXT_CHARS)

        if kind == "complaint.opened":
            score = body.get("score")
            opened = ticket_time(text("at"), opening=True)
            tickets[ticket_id] = {
                "id": ticket_id, "workstation_id": ws, "case_id": text("case_id"), "case_no": text("case_no"),
                "service_code": text("service_code"), "clerk": text("clerk") or actor,
                "score": score if isinstance(score, int) and not isinstance(score, bool) else 0,
                "reason": text("reason"), "stage": text("stage") or "received", "owner": "",
                "opened_at": opened, "due": text("due") or None,
                "history": [{"stage": "received", "by": text("clerk") or actor, "at": opened,
                             "note": "服务对象评价后自动受理"}]}
        elif kind == ADVANCED and ticket_id in tickets:
            t = tickets[ticket_id]
            t["stage"], t["owner"], t["due"] = text("stage") or t["stage"], text("owner") or actor, text("due") or None
            t["history"].append({"stage": t["stage"], "by": actor, "at": ticket_time(text("at"), opening=False),
                                 "note": text("note")})
    return tickets


def _entries():
    return (select(ReceivedEntry.aggregate_id, ReceivedEntry.kind, *entry_key.PAYLOAD, ReceivedEntry.actor,
                   ReceivedEntry.workstation_id)
            .where(ReceivedEntry.aggregate_type == "complaint", ReceivedEntry.outcome == "accepted")
            .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq))


def office_tickets(s: Session, who, office: str):
    """The office's tickets (counter_protocol.complaints), replayed from the accepted entries of its
    workstations in the order received: for the office's supervisors and auditors only."""
    from counter_central.core import ServiceError, require_role
    from counter_central.db import Workstation
    from counter_protocol import complaints as proto

    require_role(who, *proto.READERS)
    if who.user.office_code != office:
        raise ServiceError(403, f"只能查看本分局（{who.user.office_code}）的数据", "forbidden", "登录本分局的账号")
    stations = list(s.scalars(select(Workstation.workstation_id).where(Workstation.office_code == office)))
    tickets: dict[str, dict] = {}
    if stations:
        tickets = _replay(s, s.execute(_entries().where(ReceivedEntry.workstation_id.in_(stations))))
    return proto.TicketList(office_code=office, items=[proto.Ticket(**t) for t in tickets.values()])


def ticket_figures(s: Session, stations: dict[str, str]) -> list:
    """The 差评工单 the workstations ``stations`` (id → office code) opened, as the periodic evaluation
    counts them (counter_protocol.evaluation.TicketFigure): replayed from the accepted entries in the
    order received, each stage with the deadline the ticket carried before it was reached. Times:
    workstations send a ticket's opening and each stage as aware UTC texts (counter_app.workflows.
    complaints), so a PC whose clock is not on Beijing time counts its tickets on their Beijing day.
    Entries of workstations not yet upgraded are read as the centre always read them: a naive
    opening is the PC's local time, taken as Beijing wall-clock time (as a transition's,
    counter_central.dashboard._at); a naive stage is UTC."""
    from datetime import date, datetime, timezone

    from counter_central.dashboard import _at
    from counter_protocol.complaints import STAGES
    from counter_protocol.evaluation import TicketFigure, TicketStep

    def day(value) -> date | None:
        try:
            return date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def utc(value) -> datetime | None:
        try:
            at = datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            return None
        return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at

    tickets: dict[str, dict] = {}
    if not stations:
        return []
    q = (select(ReceivedEntry.aggregate_id, ReceivedEntry.kind, *entry_key.PAYLOAD, ReceivedEntry.actor,
                ReceivedEntry.workstation_id)
         .where(ReceivedEntry.workstation_id.in_(list(stations)), ReceivedEntry.aggregate_type == "complaint",
                ReceivedEntry.outcome == "accepted")
         .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq))
    for ticket_id, kind, entry_id, version, sealed, actor, ws in s.execute(q):
        body = entry_key.opened_json(entry_id, version, sealed, s)
        if not isinstance(body, dict):
            continue
        if kind == "complaint.opened":
            opened = _at(body.get("at"))
            if opened is not None and ticket_id not in tickets:
                tickets[ticket_id] = {"service_code": str(body.get("service_code") or ""),
                                      "clerk": str(body.get("clerk") or actor), "office_code": stations.get(ws, ""),
                                      "opened_at": opened, "due": day(body.get("due")), "steps": []}
        elif kind == ADVANCED and ticket_id in tickets and body.get("stage") in STAGES:
            t = tickets[ticket_id]
            at = utc(body.get("at"))
            if at is not None:
                t["steps"].append(TicketStep(body["stage"], at, t["due"]))
            t["due"] = day(body.get("due"))
    return [TicketFigure(t["service_code"], t["clerk"], t["office_code"], t["opened_at"], tuple(t["steps"]),
                         closing_stage=STAGES[-1]) for t in tickets.values()]


UPDATED = "complaint.updated"     # the pulled change: a ticket as the centre holds it now


def publish_ticket(s: Session, ticket_id: str, *, office: str, pushed_from: str) -> int:
    """After an accepted ``complaint.advanced`` (its entry already stored in this transaction): the
    ticket as the centre now holds it, as a change addressed to each OTHER workstation that holds a
    copy — the one where the applicant rated, and any where a supervisor took it in to move it on —
    so that its next pull brings that copy up to the stage (counter_app.workflows.complaints.apply_pulled).
    Addressed to those workstations only: the ticket names a case rated badly, and a clerk of another
    workstation does not read it. Returns how many changes were added."""
    from counter_central.core import add_change
    from counter_protocol import complaints as proto

    ticket = _replay(s, s.execute(_entries().where(ReceivedEntry.aggregate_id == ticket_id))).get(ticket_id)
    if ticket is None:          # moved on without its opening here: nothing whole to send
        return 0
    holders = set(s.scalars(select(ReceivedEntry.workstation_id).distinct().where(
        ReceivedEntry.aggregate_type == "complaint", ReceivedEntry.aggregate_id == ticket_id,
        ReceivedEntry.outcome == "accepted")))
    payload = proto.Ticket(**ticket).model_dump(mode="json")
    added = 0
    for ws in sorted(holders - {pushed_from}):
        add_change(s, UPDATED, "complaint", ticket_id, payload, office_code=office or None, workstation_id=ws)
        added += 1
    return added
