"""Clearing a field visit's personal data from the outbox (外勤笔记本: 用完即清除).

A visit's outbox entry carries the ID number, the address, the photo and the signature. The one
place that replaces them by what the laptop may keep (:func:`counter_protocol.field.wiped_payload`)
is :func:`clear_visit`, called inside the caller's write transaction:

- by ``workflows.field.clear_synced_visits`` (run by every field command and the field window's
  refresh through ``workflows.field.wipe``) for a synced visit, and for a rejected one never sent
  again, once the roster it was recorded against has expired (``keep_until``);
- by ``workflows.field.record_visit`` and ``OutboxRepository.retry`` for a rejected visit that a
  newer visit to the same person has superseded.

The entry keeps its id, state, the centre's reason and its times; its payload becomes the
tombstone and its digest follows. Each clearing is audited (``field.visit_cleared``)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.domain.masking import mask_id
from counter_app.storage.audit import append
from counter_app.storage.db import zero_deleted
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_field import FieldVisitRow
from counter_protocol import field as fp
from counter_protocol.canonical import canonical_json, payload_digest

DETAILS = {
    fp.CLEARED_SYNCED: "{id} 已同步且名单期满，本机清除其个人信息",
    fp.CLEARED_EXPIRED: "被中心拒收且未重新发送，名单期满，本机清除其个人信息（已过期清除）",
    fp.CLEARED_SUPERSEDED: "被中心拒收，已被同一人员较新的上门认证记录 {by} 取代，本机清除其个人信息",
}


def cleared_why(payload_text: str) -> str | None:
    """Why an entry's payload was cleared (``synced`` / ``expired`` / ``superseded``), or None when
    it still holds the visit (or is no JSON object)."""
    try:
        payload = json.loads(payload_text)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get(fp.WIPED), dict):
        return None
    return str(payload[fp.WIPED].get("why", fp.CLEARED_SYNCED))


def clear_visit(s: Session, visit: FieldVisitRow, entry: OutboxEntry, *, now: datetime, why: str,
                superseded_by: str = "") -> bool:
    """Replace ``entry``'s payload (the visit's) by what the laptop keeps of it, in ``s``'s
    transaction, and audit it. False: nothing to clear (already cleared, or not a visit's JSON)."""
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        return False
    if not isinstance(payload, dict) or fp.WIPED in payload:
        return False
    zero_deleted(s)                         # the replaced payload does not stay in a free page
    content = payload.get("visit")
    id_number = str(content.get("id_number", "")) if isinstance(content, dict) else ""
    at = (now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")
    visited = visit.visited_at.replace(tzinfo=timezone.utc).isoformat(timespec="seconds")
    body = fp.wiped_payload(payload, at=at, id_masked=mask_id(id_number), why=why, person=visit.assignment_key,
                            reason=entry.reason, visited_at=visited, superseded_by=superseded_by)
    entry.payload = canonical_json(body)
    entry.payload_digest = payload_digest(entry.payload)
    entry.updated_at = now.replace(tzinfo=None) if now.tzinfo is not None else now
    append(s, actor=visit.recorded_by, workstation_id="", action="field.visit_cleared", object_type="field_visit",
           object_id=visit.visit_id, detail=DETAILS[why].format(id=mask_id(id_number), by=superseded_by))
    return True


def newer_visit(s: Session, visit: FieldVisitRow) -> FieldVisitRow | None:
    """The newest other visit to the same person (the same roster key) recorded on this laptop after
    ``visit`` or dated after it, or None."""
    return s.scalars(select(FieldVisitRow).where(
        FieldVisitRow.assignment_key == visit.assignment_key, FieldVisitRow.visit_id != visit.visit_id,
        or_(FieldVisitRow.created_at > visit.created_at, FieldVisitRow.visited_at > visit.visited_at))
        .order_by(FieldVisitRow.created_at.desc()).limit(1)).first()
