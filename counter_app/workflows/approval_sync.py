"""What the centre's answers mean for the approvals decided or withdrawn here (审批与中心核对).

- :func:`reconcile_refused_on_site`: an on-site decision (现场授权) the centre rejected on arrival
  (审批级别不足, 不是有效的账号, a proof that does not match …) never took effect there: the centre
  keeps the request pending and the case where it was. In ONE unit of work per decision the counter
  follows: the request is pending again (the centre's reason kept in ``centre_refusal``), the case
  is back in the state the centre holds (the ``from_state`` of the first refused transition that
  followed the decision; steps recorded under it are taken back), every document issued under it
  is voided (作废: kept in the records, its 文号 never given again) and an audit record says so.
  The clerk sees it on the case (:func:`counter_app.workflows.approvals.latest_approval`) and in the
  待同步 details of the refused entries. The inbox applier runs it first in each round
  (:func:`counter_app.workflows.inbox.apply_pending`), so a decision pulled in the same round (a
  valid supervisor deciding remotely) then finds the case as the centre holds it. Refused because
  another supervisor had decided first (:func:`counter_protocol.approvals.already_decided`), the
  centre's own decision, pulled earlier while the case was still moved (so not carried out then), is
  carried out in the same unit of work.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from sqlalchemy import select

from counter_app.domain import case_updates as cu
from counter_app.domain.catalog import ESCALATION_NAMES, Escalation
from counter_app.domain.case_engine import STATE_NAMES, CaseState, TransitionRefused
from counter_app.storage.base import utcnow
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_cases import CaseDocumentRow, CaseRow, CaseStepRow, CaseTransitionRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_sync import InboxChange
from counter_app.storage.uow import UnitOfWork, canonical_json
from counter_protocol import approvals as ap

log = logging.getLogger(__name__)

REFUSED_STATES = ("rejected", "conflict")
WAITING_STATES = ("pending", "sending")
RECONCILE_ACTION = "centre_reconcile"     # the case transition row that follows the centre (no outbox entry)
CASE_KINDS = ("case.transition", "case.step", "case.step_approved")


def _utc(value) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo is not None else dt


def refusal_of(row: ApprovalRequestRow) -> dict:
    """The reconciled refusal kept on the request (``{}`` when none)."""
    try:
        data = json.loads(getattr(row, "centre_refusal", "") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def void_reason(checker_name: str, reason: str) -> str:
    """Why a document was voided (stored with it, Chinese; the window words it through tr())."""
    who = f"（{checker_name}）" if checker_name else ""
    return (f"作废：出具该决定书所依据的现场授权{who}被中心拒收（{reason}），决定未生效，"
            "须向申请人收回该决定书")


def reconcile_refused_on_site(store, *, actor: str = "", workstation_id: str = "", office: str = "",
                              office_code: str = "", now=None, issue_documents: bool = True) -> list[dict]:
    """Undo at the counter every on-site decision the centre refused (see the module); returns one
    dict per decision reconciled (request id, case number, the state restored, voided 文号, and the
    outcome of the centre's own decision when it was carried out here). ``office`` … ``issue_documents``:
    how the centre's own decision is carried out (as the inbox applier would)."""
    from counter_app.workflows.cases import local_now

    kw = dict(actor=actor or "system", office=office, office_code=office_code, workstation_id=workstation_id,
              now=now or local_now, issue_documents=issue_documents)
    with store.session() as s:
        seqs = list(s.scalars(select(OutboxEntry.seq).where(OutboxEntry.kind == ap.KIND_DECIDED,
                                                            OutboxEntry.state.in_(REFUSED_STATES))
                              .order_by(OutboxEntry.seq)))
    done = []
    for seq in seqs:
        try:
            with UnitOfWork(store, actor=actor or "system", workstation_id=workstation_id) as uow:
                result = _reconcile_one(uow, seq, store, kw)
                if result is None:
                    continue
                uow.commit()
        except TransitionRefused as exc:
            # the engine refused the centre's decision although its plan fitted: reconciled without it
            log.warning("the centre's own decision could not be carried out while reconciling: %s", exc.reason)
            with UnitOfWork(store, actor=actor or "system", workstation_id=workstation_id) as uow:
                result = _reconcile_one(uow, seq)
                if result is None:
                    continue
                uow.commit()
        done.append(result)
        log.warning("on-site decision on request %s refused by the centre: reconciled (case %s back to %s)",
                    result["request_id"], result["case_no"], result["state"] or "-")
    return done


def _centre_decision(session, case_id: str, request_id: str) -> InboxChange | None:
    """The centre's own decision on ``request_id`` as pulled (the latest ``case.escalation_decision``
    of the case naming it), or None when it has not come yet."""
    found = None
    for change in session.scalars(select(InboxChange).where(
            InboxChange.aggregate_type == "case", InboxChange.aggregate_id == case_id,
            InboxChange.kind == cu.KIND_ESCALATION).order_by(InboxChange.cursor)):
        try:
            body = json.loads(change.payload)
        except ValueError:
            continue
        if isinstance(body, dict) and body.get("request_id") == request_id:
            found = change
    return found


def _reconcile_one(uow, seq: int, store=None, kw: dict | None = None) -> dict | None:
    s = uow.session
    entry = s.get(OutboxEntry, seq)
    if entry is None or entry.state not in REFUSED_STATES:
        return None
    row = s.get(ApprovalRequestRow, entry.aggregate_id)
    try:
        decided = json.loads(entry.payload)
    except ValueError:
        return None
    checker = str(decided.get("checker") or "")
    # refused because another supervisor had decided first: the centre holds THAT decision, which the
    # pull may already have put on the request here (and found the case moved by the on-site one)
    decided_first = ap.already_decided(entry.reason)
    replaced = (row is not None and decided_first is not None and row.state in ("approved", "rejected")
                and (row.mode != "on_site" or row.checker != checker)
                and entry.id not in (refusal_of(row).get("entries") or ()))
    # only the decision the request still carries here (a decision reconciled before, or one the pull
    # has replaced with the centre's, is left alone — unless the centre refused it as decided first)
    if not replaced and (
            row is None or row.mode != "on_site" or row.state not in ("approved", "rejected") or row.checker != checker
            or (row.decided_at is not None and _utc(decided.get("decided_at")) not in (None, row.decided_at))):
        return None
    later = list(s.scalars(select(OutboxEntry).where(
        OutboxEntry.aggregate_type == "case", OutboxEntry.aggregate_id == row.case_id, OutboxEntry.seq > entry.seq,
        OutboxEntry.kind.in_(CASE_KINDS)).order_by(OutboxEntry.seq)))
    followed = []
    for e in later:
        try:
            body = json.loads(e.payload)
        except ValueError:
            body = {}
        if e.kind == "case.transition" or body.get("approved_by") == checker:
            followed.append((e, body))
    if any(e.state in WAITING_STATES for e, _ in followed):
        return None      # not answered yet: the centre refuses them too; reconciled once it has
    refused = [(e, b) for e, b in followed if e.state in REFUSED_STATES]
    case = s.get(CaseRow, row.case_id)
    now = utcnow().replace(microsecond=0)          # documents' times are UTC
    from counter_app.workflows.approvals import display_names_in
    from counter_app.workflows.cases import local_now

    case_now = local_now()      # a case's own times are the workstation's clock, as the case workflow writes them

    checker_name = display_names_in(s, [checker]).get(checker, "")
    why = void_reason(checker_name, (entry.reason or "").strip())
    voided: list[str] = []
    restored = ""
    if case is not None:
        transitions = [(e, b) for e, b in refused if e.kind == "case.transition"]
        if transitions:
            held = str(transitions[0][1].get("from_state") or "")
            if held and held != case.state:
                restored = held
        for e, body in refused:
            if e.kind == "case.transition":
                tr = s.scalars(select(CaseTransitionRow).where(CaseTransitionRow.outbox_id == e.id)).first()
                if tr is not None:
                    voided += _void(s, case.id, f"{tr.action}:{tr.id}", why, now)
            elif e.kind == "case.step":
                step = s.scalars(select(CaseStepRow).where(CaseStepRow.outbox_id == e.id)).first()
                if step is not None:
                    voided += _void(s, case.id, f"{step.step_code}:", why, now, since=step.at, prefix=True)
                    s.delete(step)       # the centre never accepted it: the step is to be done again
            elif e.kind == "case.step_approved":
                step = s.scalars(select(CaseStepRow).where(CaseStepRow.outbox_id == str(body.get("step_outbox_id") or ""))
                                 ).first()
                if step is not None and step.approved_by == checker:
                    step.approved_by = ""
        if restored:
            s.add(CaseTransitionRow(case_id=case.id, action=RECONCILE_ACTION, from_state=case.state, to_state=restored,
                                    actor=row.maker, at=case_now, reason="中心拒收现场授权，办件状态与中心一致", outbox_id=""))
            case.state = restored
            if restored not in (CaseState.completed.value, CaseState.denied.value, CaseState.rejected.value):
                case.closed_at = None
            if restored in (CaseState.draft.value, CaseState.review.value, CaseState.returned.value):
                case.accepted_at = None
            if restored != CaseState.archived.value:
                case.archived_at = None
            case.updated_at = case_now
    at = row.decided_at if not replaced else _utc(decided.get("decided_at"))
    refusal = {"checker": checker, "checker_name": checker_name,
               "decision": row.state if not replaced else str(decided.get("decision") or ""), "mode": "on_site",
               "decided_at": at.isoformat(timespec="seconds") if at else None,
               "reason": (entry.reason or "").strip(), "entries": [entry.id] + [e.id for e, _ in refused],
               "voided": voided, "state": restored, "at": now.isoformat(timespec="seconds")}
    if not replaced:     # pending again until the centre's record (its decision, if any) comes back
        row.state, row.checker, row.mode, row.reason, row.decided_at = "pending", "", "", "", None
    row.centre_refusal = canonical_json(refusal)
    s.flush()
    # the centre's own decision, pulled already and found the case moved by the on-site one (so not
    # carried out then): carried out now, as a pulled remote decision is; one still waiting in the
    # inbox is carried out by the applier right after this
    centre, carried = _centre_decision(s, row.case_id, row.id) if decided_first else None, None
    if centre is not None and store is not None and kw is not None and centre.applied_at is not None \
            and centre.outcome not in cu.CHANGED:
        from counter_app.workflows.inbox import apply_in

        change = dict(cursor=centre.cursor, kind=centre.kind, aggregate_type=centre.aggregate_type,
                      aggregate_id=centre.aggregate_id, payload=json.loads(centre.payload), created_at=centre.created_at)
        carried = apply_in(uow, store, change, kw)     # TransitionRefused: the caller reconciles without it
    action = ESCALATION_NAMES.get(Escalation(row.action), row.action) \
        if row.action in Escalation._value2member_map_ else row.action
    detail = (f"中心拒收 {checker} 的现场授权（{action}）：{refusal['reason']}；"
              + ("审批申请按中心的决定" if replaced else "审批申请恢复为待审批")
              + (f"，办件退回「{STATE_NAMES[CaseState(restored)]}」" if restored else "")
              + (f"，作废决定书 {'、'.join(voided)}，须向申请人收回" if voided else "")
              + (f"；已按中心的决定办理（{carried.note}）" if carried is not None else ""))
    uow.audit("approval.reconciled", object_type="approval", object_id=row.case_no or row.id, actor=row.maker,
              result="refused", detail=detail)
    return {"request_id": row.id, "case_id": row.case_id, "case_no": row.case_no, "state": restored,
            "voided": voided, "reason": refusal["reason"],
            "centre_decision": carried.outcome if carried is not None else ""}


def _void(session, case_id: str, source: str, why: str, now: datetime, *, since: datetime | None = None,
          prefix: bool = False) -> list[str]:
    """Void the issued documents of ``source`` (a prefix of it with ``prefix``, made at or after
    ``since``); their 文号 (or "" for one never numbered)."""
    q = select(CaseDocumentRow).where(CaseDocumentRow.case_id == case_id, CaseDocumentRow.status == "issued")
    q = q.where(CaseDocumentRow.source.startswith(source) if prefix else CaseDocumentRow.source == source)
    if since is not None:
        q = q.where(CaseDocumentRow.created_at >= since)
    out = []
    for doc in session.scalars(q):
        doc.status, doc.void_reason, doc.voided_at = "voided", why, now
        out.append(doc.number or "")
    return out


def reconciled_note(store, entry_seq: int) -> dict | None:
    """For the 待同步 details: the reconciliation a refused entry took part in (``{"case_no",
    "voided": [文号], "state"}``), or None."""
    with store.session() as s:
        entry = s.get(OutboxEntry, entry_seq)
        if entry is None or entry.state not in REFUSED_STATES:
            return None
        if entry.aggregate_type == ap.AGGREGATE:
            rows = [s.get(ApprovalRequestRow, entry.aggregate_id)]
        elif entry.aggregate_type == "case":
            rows = list(s.scalars(select(ApprovalRequestRow).where(ApprovalRequestRow.case_id == entry.aggregate_id,
                                                                   ApprovalRequestRow.centre_refusal != "")))
        else:
            return None
        for row in rows:
            data = refusal_of(row) if row is not None else {}
            if entry.id in (data.get("entries") or ()):
                return {"case_no": row.case_no, "voided": list(data.get("voided") or ()), "state": data.get("state") or "",
                        "checker_name": data.get("checker_name") or ""}
    return None


__all__ = ["RECONCILE_ACTION", "reconcile_refused_on_site", "reconciled_note", "refusal_of", "void_reason"]
