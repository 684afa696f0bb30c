"""A window certification the centre refused (资格认证结果被中心拒收).

A certification recorded at the window (:meth:`~counter_app.workflows.certification.WindowCertification.
record_success`) completes the case and prints the 认证结果告知单 at once; its ``certification.recorded``
entry reaches the centre later (the counter worked from its cached record, or the record changed
between the look-up and the push). When the centre refuses it (the person is 已死亡 or no longer
已退休, a date in the future …) nothing moved there — ``last_certified`` stands, no resumption is
raised — so at the counter the certification did not happen either. The smallest sound answer:

- the case stays 办结, as the centre holds it (its ``complete`` transition was accepted: the window
  did handle the request), but its ``certify`` step is marked 未能完成 with the centre's reason
  (``data.certification.centre_refusal``);
- the 认证结果告知单 is voided (作废: it stays in the records and its 文号 is never given again; the
  documents list and the archive package show why, and that it must be recovered from the person);
- an audit record (``certification.refused``) names the case, the 文号 and the reason.

:func:`reconcile_refused_certifications` does it, once per refused entry, in one unit of work each;
the inbox applier runs it in every sync round (:func:`counter_app.workflows.inbox.apply_pending`).
Until the centre has answered, the case is not archived (:func:`archive_hold`): an archive package
must never keep a 认证通过 the centre may still refuse.

The refusal waits for the clerk until acknowledged, wherever it was followed (the window's sync, or a
``counter-app sync`` while no window was open): :func:`unacknowledged_refusals` lists those not yet
acknowledged (the window announces them on start and on each sign-in, the 办件 list marks their cases),
and :func:`acknowledge_refusal` is the clerk's 已知悉 — kept on the refusal
(``centre_refusal.acknowledged``: who, when) and audited (``certification.refusal_acknowledged``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from counter_app.domain.case_engine import TransitionRefused
from counter_app.domain.refusals import Refusal
from counter_app.storage.base import utcnow
from counter_app.storage.tables_cases import CaseDocumentRow, CaseRow, CaseStepRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork, canonical_json
from counter_protocol import certification_sync as cs

log = logging.getLogger(__name__)

STEP = "certify"
NOTICE = "certification_notice"
REFUSED_STATES = ("rejected", "conflict")
WAITING_STATES = ("pending", "sending")
ACTION = "certification.refused"       # the audit action (counter_protocol.audit.ACTIONS)
ACKNOWLEDGED = "certification.refusal_acknowledged"   # the clerk's 已知悉 (counter_protocol.audit.ACTIONS)


def void_reason(reason: str) -> str:
    """Why the notice was voided (stored with it, Chinese)."""
    return f"作废：资格认证结果被中心拒收（{reason}），认证未生效，须向本人收回该告知单"


def _certification_steps(session, case_id: str) -> list[tuple[CaseStepRow, dict]]:
    out = []
    for step in session.scalars(select(CaseStepRow).where(CaseStepRow.case_id == case_id, CaseStepRow.step_code == STEP)):
        try:
            data = json.loads(step.data or "{}")
        except ValueError:
            continue
        if isinstance(data.get("certification"), dict):
            out.append((step, data))
    return out


def _entries(session, certification_ids: list[str]) -> list[OutboxEntry]:
    if not certification_ids:
        return []
    return list(session.scalars(select(OutboxEntry).where(OutboxEntry.kind == cs.KIND_RECORDED,
                                                          OutboxEntry.aggregate_id.in_(certification_ids))))


def archive_hold(session, case_id: str) -> str | None:
    """Why the case is not archived yet (a Refusal), or None: a certification recorded on it that
    the centre has not answered (waiting to sync), or refused and not yet followed here."""
    steps = _certification_steps(session, case_id)
    ids = [str(d["certification"].get("certification_id") or "") for _s, d in steps]
    marked = {str(d["certification"].get("certification_id") or "") for _s, d in steps
              if d["certification"].get("centre_refusal")}
    for e in _entries(session, [i for i in ids if i]):
        if e.state in WAITING_STATES or (e.state in REFUSED_STATES and e.aggregate_id not in marked):
            return Refusal("certification_unconfirmed")
    return None


def reconcile_refused_certifications(store, *, actor: str = "", workstation_id: str = "") -> list[dict]:
    """Follow at the counter every certification the centre refused and not followed yet (see the
    module); one dict per case followed: case number, voided 文号, the centre's reason."""
    with store.session() as s:
        refused = [(e.seq, e.aggregate_id) for e in s.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == cs.KIND_RECORDED, OutboxEntry.state.in_(REFUSED_STATES)))]
    done = []
    for seq, certification_id in refused:
        with UnitOfWork(store, actor=actor or "system", workstation_id=workstation_id) as uow:
            followed = _follow(uow, seq, certification_id)
            if followed is None:
                continue
            uow.commit()
        done.append(followed)
    return done


def _follow(uow: UnitOfWork, seq: int, certification_id: str) -> dict | None:
    s = uow.session
    entry = s.get(OutboxEntry, seq)
    if entry is None or entry.state not in REFUSED_STATES:
        return None
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        payload = {}
    case_id = str(payload.get("case_id") or "")
    case = s.get(CaseRow, case_id) if case_id else None
    if case is None:
        return None
    found = [(st, d) for st, d in _certification_steps(s, case_id)
             if d["certification"].get("certification_id") == certification_id]
    if not found or found[0][1]["certification"].get("centre_refusal"):
        return None                                  # not this counter's case, or followed already
    step, data = found[0]
    reason = (entry.reason or "").strip() or "中心未说明原因"
    # to the microsecond: the window's status poll tells the clerk of refusals followed after the
    # newest centre update it has seen (sync.status.certifications_refused_since), kept as precisely
    now = utcnow()
    data["certification"]["centre_refusal"] = {"reason": reason, "at": now.isoformat(timespec="microseconds"),
                                               "entry": entry.id}
    step.data, step.result = canonical_json(data), "failed"
    voided = []
    why = void_reason(reason)
    for doc in s.scalars(select(CaseDocumentRow).where(CaseDocumentRow.case_id == case_id,
                                                       CaseDocumentRow.kind == NOTICE,
                                                       CaseDocumentRow.status != "voided")):
        doc.status, doc.void_reason, doc.voided_at = "voided", why, now
        voided.append(doc.number or "")
    uow.audit(ACTION, object_type="case", object_id=case.case_no or case_id, actor=entry.actor or None,
              result="refused",
              detail=f"中心拒收资格认证结果：{reason}；认证未生效"
                     + (f"，作废认证结果告知单 {'、'.join(n for n in voided if n) or '（未编号）'}，须向本人收回" if voided else ""))
    log.info("certification %s of case %s refused by the centre: notice voided", certification_id, case.case_no)
    return {"case_id": case_id, "case_no": case.case_no, "voided": voided, "reason": reason}


def refusal_followed(store, seq: int) -> dict | None:
    """How the refused ``certification.recorded`` entry ``seq`` was followed here (for the 待同步
    details): ``{case_no, voided: [文号], reason}``, or None while not followed (or not this counter's)."""
    with store.session() as s:
        entry = s.get(OutboxEntry, seq)
        if entry is None or entry.kind != cs.KIND_RECORDED or entry.state not in REFUSED_STATES:
            return None
        try:
            case_id = str(json.loads(entry.payload).get("case_id") or "")
        except (ValueError, AttributeError):
            return None
        case = s.get(CaseRow, case_id) if case_id else None
        if case is None:
            return None
        for _step, data in _certification_steps(s, case_id):
            refusal = data["certification"].get("centre_refusal")
            if data["certification"].get("certification_id") == entry.aggregate_id and isinstance(refusal, dict):
                voided = [d.number or "" for d in s.scalars(select(CaseDocumentRow).where(
                    CaseDocumentRow.case_id == case_id, CaseDocumentRow.kind == NOTICE,
                    CaseDocumentRow.status == "voided"))]
                return {"case_no": case.case_no, "voided": voided, "reason": str(refusal.get("reason") or "")}
    return None


# ------------------------------------------------------------------ the clerk's acknowledgement


@dataclass(frozen=True)
class RefusedCertification:
    """A window certification the centre refused, followed here, the clerk not yet told (data: each
    front end words it). ``refused_at``: when it was followed here (naive UTC)."""

    case_id: str
    case_no: str
    reason: str
    refused_at: datetime
    voided: tuple[str, ...]         # the 文号 of the voided 认证结果告知单 (to be recovered from the person)


def _refusals(session, *, case_id: str | None = None) -> list[tuple[RefusedCertification, CaseStepRow, dict]]:
    """(refusal, its step, the step's data) of each followed refusal not yet acknowledged, oldest
    first — of one case, or of all. Reads the refused ``certification.recorded`` entries only (a
    handful, whatever the size of the queue) and their cases' ``certify`` steps."""
    stmt = select(OutboxEntry.aggregate_id, OutboxEntry.payload).where(
        OutboxEntry.kind == cs.KIND_RECORDED, OutboxEntry.state.in_(REFUSED_STATES))
    out = []
    seen: set[tuple[str, str]] = set()
    for certification_id, payload in session.execute(stmt).all():
        try:
            cid = str(json.loads(payload).get("case_id") or "")
        except (ValueError, AttributeError):
            continue
        if not cid or (case_id is not None and cid != case_id) or (cid, certification_id) in seen:
            continue
        seen.add((cid, certification_id))
        for step, data in _certification_steps(session, cid):
            refusal = data["certification"].get("centre_refusal")
            if data["certification"].get("certification_id") != certification_id or not isinstance(refusal, dict) \
                    or refusal.get("acknowledged"):
                continue
            try:
                at = datetime.fromisoformat(str(refusal.get("at") or "")).replace(tzinfo=None)
            except ValueError:
                at = step.at
            case = session.get(CaseRow, cid)
            voided = tuple(d.number or "" for d in session.scalars(select(CaseDocumentRow).where(
                CaseDocumentRow.case_id == cid, CaseDocumentRow.kind == NOTICE, CaseDocumentRow.status == "voided")))
            out.append((RefusedCertification(cid, case.case_no if case is not None else "",
                                              str(refusal.get("reason") or ""), at, voided), step, data))
    out.sort(key=lambda r: (r[0].refused_at, r[0].case_no))
    return out


def unacknowledged_refusals(store) -> list[RefusedCertification]:
    """Every window certification the centre refused and this counter followed, that no clerk has
    acknowledged yet (:func:`acknowledge_refusal`), oldest first."""
    with store.session() as s:
        return [r for r, _step, _data in _refusals(s)]


def acknowledge_refusal(workflow, case_id: str) -> RefusedCertification:
    """已知悉: the clerk (``workflow``'s actor, a counter role) has read that the centre refused the
    case's certification and takes on recovering the voided 认证结果告知单 from the person. Kept on
    the refusal and audited, in one transaction; the case itself does not change. Refused (a
    TransitionRefused) when the case has no refusal waiting to be acknowledged."""
    workflow.require_counter_role(case=case_id)
    with UnitOfWork(workflow.store, actor=workflow.actor, workstation_id=workflow.workstation_id) as uow:
        found = _refusals(uow.session, case_id=case_id)
        if not found:
            case = uow.session.get(CaseRow, case_id)
            raise TransitionRefused.of("certification_refusal_none", (case.case_no if case is not None else "")
                                       or case_id)
        refused, step, data = found[0]
        data["certification"]["centre_refusal"]["acknowledged"] = {
            "by": workflow.actor, "at": utcnow().isoformat(timespec="seconds")}
        step.data = canonical_json(data)
        numbers = "、".join(n for n in refused.voided if n) or ("（未编号）" if refused.voided else "")
        uow.audit(ACKNOWLEDGED, object_type="case", object_id=refused.case_no or case_id,
                  detail=f"已知悉中心拒收资格认证结果：{refused.reason}"
                         + (f"；负责向本人收回认证结果告知单 {numbers}" if numbers else ""))
        uow.commit()
    log.info("refused certification of case %s acknowledged", refused.case_no)
    return refused
