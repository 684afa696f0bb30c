"""Apply the case updates pulled from the centre (收到信息表、负责人审批决定) to the cases here.

Each pending ``sync_inbox`` row is applied in cursor order in ONE unit of work: the case change
(through the normal :class:`CaseWorkflow` paths, so its outbox entries are in that transaction) and
the inbox row's ``applied_at`` / ``outcome`` / ``note``. What an update means for a case is
decided by the pure :mod:`counter_app.domain.case_updates`; an update for a case this workstation
does not have, or one that does not fit the case's state, is marked applied with a Chinese note
(never retried forever, never lost). Applying twice does nothing the second time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Callable

from sqlalchemy import select

from counter_app.domain import case_updates as cu
from counter_app.domain.case_engine import TransitionRefused
from counter_app.storage.tables_sync import InboxChange
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.status import mark_inbox_applied, pending_inbox
from counter_app.workflows.cases import CaseWorkflow, local_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxOutcome:
    cursor: int
    kind: str
    case_id: str
    outcome: str          # counter_app.domain.case_updates: applied | approved | refused | not_applicable | …
    note: str
    decided_by: str = ""


@dataclass
class InboxReport:
    applied: list[InboxOutcome] = field(default_factory=list)     # the case moved / the decision is recorded
    unapplied: list[InboxOutcome] = field(default_factory=list)   # marked applied with a note, case unchanged
    failed: list[InboxOutcome] = field(default_factory=list)      # unexpected error: left pending for next round
    # on-site decisions the centre refused, undone here (workflows.approval_sync.reconcile_refused_on_site)
    reconciled: list[dict] = field(default_factory=list)
    # window certifications the centre refused, followed here (workflows.certification_refused)
    certifications_refused: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.applied) + len(self.unapplied)

    def as_dict(self) -> dict:
        return {"applied": [asdict(o) for o in self.applied], "unapplied": [asdict(o) for o in self.unapplied],
                "failed": [asdict(o) for o in self.failed], "reconciled": list(self.reconciled),
                "certifications_refused": list(self.certifications_refused)}


def apply_pending(store, *, actor: str, office: str = "", office_code: str = "", workstation_id: str = "",
                  now: Callable = local_now, issue_documents: bool = True) -> InboxReport:
    """Apply every pending case update in cursor order; ``actor`` is the signed-in clerk of this
    workstation (the outbox entries are theirs). The approver is the update's ``posted_by``, the
    supervisor whose token signed it at the centre, and is checked against the clerk who asked
    for the approval, never against whoever is signed in here."""
    report = InboxReport()
    # first what the push learnt: an on-site decision the centre refused is undone here, so that a
    # decision pulled in this round finds the case as the centre holds it (workflows.approval_sync)
    from counter_app.workflows.approval_sync import reconcile_refused_on_site

    try:
        report.reconciled = reconcile_refused_on_site(store, actor=actor, workstation_id=workstation_id, office=office,
                                                      office_code=office_code, now=now, issue_documents=issue_documents)
    except Exception:  # database busy, a bug: tried again next round, the updates still applied
        log.exception("reconciling refused on-site decisions failed")
    from counter_app.workflows.certification_refused import reconcile_refused_certifications

    try:     # a certification the centre refused: its notice voided, its step 未能完成
        report.certifications_refused = reconcile_refused_certifications(store, actor=actor,
                                                                         workstation_id=workstation_id)
    except Exception:  # database busy, a bug: tried again next round
        log.exception("following refused certifications failed")
    for change in pending_inbox(store, "case."):
        kw = dict(actor=actor, office=office, office_code=office_code, workstation_id=workstation_id, now=now,
                  issue_documents=issue_documents)
        try:
            result = _apply_one(store, change, kw)
        except TransitionRefused as exc:
            # the engine refused although the plan said it fits (state changed meanwhile): note it
            result = _mark_only(store, change, kw, cu.UpdatePlan(cu.NOT_APPLICABLE, f"未能应用：{exc.reason}"))
        except Exception as exc:  # database busy, a bug: keep it pending and say so
            log.exception("applying inbox change %s failed", change["cursor"])
            report.failed.append(InboxOutcome(change["cursor"], change["kind"], change["aggregate_id"], "error",
                                              f"应用中心更新出错：{exc}"))
            continue
        if result is None:
            continue  # another process applied it meanwhile
        (report.applied if result.outcome in cu.CHANGED else report.unapplied).append(result)
    return report


# a pulled decision on a request the clerk withdrew here: not carried out until the clerk confirms
HELD = "held_withdrawn"


def withdrawn_here(session, request_id: str) -> bool:
    """Did the clerk withdraw ``request_id`` here (its withdrawal still unsent, or refused by the centre
    because a supervisor had decided it first)?"""
    from counter_app.storage.tables_approvals import ApprovalRequestRow
    from counter_app.storage.tables_core import OutboxEntry
    from counter_protocol import approvals as ap

    if not request_id:
        return False
    row = session.get(ApprovalRequestRow, request_id)
    if row is not None and row.state == "withdrawn":
        return True
    return session.scalar(select(OutboxEntry.seq).where(
        OutboxEntry.kind == ap.KIND_WITHDRAWN, OutboxEntry.aggregate_id == request_id,
        OutboxEntry.state != "synced").limit(1)) is not None


def _held_note(payload) -> str:
    who = str(payload.get("posted_by_name") or payload.get("posted_by") or "负责人")
    verdict = "批准" if payload.get("decision") == "approved" else "驳回"
    return (f"经办人已撤回该审批申请，但撤回送达中心之前，{who}已{verdict}：决定未自动执行，办件等待经办人确认——"
            "执行该决定，或维持撤回（维持撤回后如仍需办理该事项，须重新提出审批申请，请负责人再次审批）")


def _apply_one(store, change: dict, kw: dict, *, confirmed: bool = False) -> InboxOutcome | None:
    with UnitOfWork(store, actor=kw["actor"], workstation_id=kw["workstation_id"]) as uow:
        inbox = uow.session.get(InboxChange, change["cursor"])
        if inbox is None or (inbox.applied_at is not None and not (confirmed and inbox.outcome == HELD)):
            return None
        if (not confirmed and change["kind"] == cu.KIND_ESCALATION
                and withdrawn_here(uow.session, str(change["payload"].get("request_id") or ""))):
            outcome = _mark(uow.session, change, cu.UpdatePlan(HELD, _held_note(change["payload"]),
                                                              decided_by=str(change["payload"].get("posted_by") or "")))
            uow.audit("approval.held", object_type="case", object_id=change["aggregate_id"], actor=kw["actor"],
                      detail=f"中心决定（审批申请 {change['payload'].get('request_id')}）因经办人已撤回申请，等待经办人确认")
            uow.commit()
            return outcome
        outcome = apply_in(uow, store, change, kw)
        uow.commit()
    return outcome


def apply_in(uow, store, change: dict, kw: dict) -> InboxOutcome:
    """Carry out one pulled case update inside ``uow`` (the caller commits) and mark it applied with
    its outcome: what the applier does with each change as it comes, and what the reconciliation of
    an on-site decision refused as already decided does with the centre's own decision."""
    # the maker of an approval request (named by the centre) is the actor the checker is compared
    # with — never whoever happens to be signed in here when the decision arrives
    payload = change["payload"]
    maker = str(payload.get("maker") or "").strip()
    # the people the decision's documents name, as the centre named them when it was made
    # (posted_by_name, maker_name); else the local user store's (CaseWorkflow.person)
    names = {str(payload.get("posted_by") or ""): str(payload.get("posted_by_name") or ""),
             maker: str(payload.get("maker_name") or "")}
    # decided on the centre and applied as the pull brings it: not at the counter (its documents say so)
    workflow = CaseWorkflow(store, **{**kw, "actor": maker or kw["actor"]}, names=names,
                            at_counter=False).within(uow)
    case_id = change["aggregate_id"]
    found = workflow.find(case_id) if change["aggregate_type"] == "case" else None
    case, service = found if found is not None else (None, None)
    plan = cu.plan_update(change["kind"], change["payload"], case, service, actor=workflow.actor, at=workflow.now(),
                          case_ref=case_id, requested=_requested(uow.session, change))
    for action in plan.actions:
        _carry_out(workflow, case_id, action)
    return _mark(uow.session, change, plan)


def _requested(session, change: dict) -> dict | None:
    """The details of the approval request raised here that a pulled decision answers: the one it
    names (``request_id``, the centre's link), else — a decision from a centre that names none — the
    case's pending request for the approval point; None when there is none here."""
    from counter_app.storage.tables_approvals import ApprovalRequestRow

    payload = change["payload"]
    if change["kind"] != cu.KIND_ESCALATION or change["aggregate_type"] != "case":
        return None
    rid = str(payload.get("request_id") or "")
    if rid:
        row = session.get(ApprovalRequestRow, rid)
        if row is not None and row.case_id != change["aggregate_id"]:
            row = None
    else:
        row = session.scalars(select(ApprovalRequestRow).where(
            ApprovalRequestRow.case_id == change["aggregate_id"],
            ApprovalRequestRow.action == str(payload.get("escalation") or ""),
            ApprovalRequestRow.state == "pending").order_by(ApprovalRequestRow.made_at.desc())).first()
    if row is None:
        return None
    try:
        details = json.loads(row.details or "{}")
    except ValueError:
        return None
    return details if isinstance(details, dict) else None


def held_decisions(store, case_id: str | None = None) -> list[dict]:
    """Pulled decisions waiting for the clerk because the clerk had withdrawn the request here
    (oldest first): cursor, case, request, decision, who decided (login id and the centre's name), note."""
    with store.session() as s:
        q = select(InboxChange).where(InboxChange.outcome == HELD).order_by(InboxChange.cursor)
        if case_id:
            q = q.where(InboxChange.aggregate_id == case_id)
        out = []
        for r in s.scalars(q):
            payload = json.loads(r.payload)
            out.append({"cursor": r.cursor, "case_id": r.aggregate_id, "request_id": payload.get("request_id") or "",
                        "decision": payload.get("decision"), "escalation": payload.get("escalation") or "",
                        "decided_by": payload.get("posted_by") or "", "decided_by_name": payload.get("posted_by_name") or "",
                        "reason": payload.get("reason") or "", "note": r.note or ""})
        return out


def confirm_held(store, case_id: str, *, carry_out: bool, actor: str, office: str = "", office_code: str = "",
                 workstation_id: str = "", now: Callable = local_now, issue_documents: bool = True,
                 request_id: str = "") -> InboxOutcome:
    """The clerk's answer to a decision held because they had withdrawn the request (ONE unit of work):
    ``carry_out`` — the decision is carried out now as if just pulled (documents issued, outbox
    entries queued); otherwise the withdrawal is kept: nothing changes on the case, the held update is
    closed with a note (to do it later, a new request and a new decision are needed). ``request_id``:
    the held decision on that request (else the case's oldest). Raises LookupError (中文) when the case
    has no such held decision."""
    held = [h for h in held_decisions(store, case_id) if not request_id or h["request_id"] == request_id]
    if not held:
        raise LookupError("该办件没有等待经办人确认的中心决定")
    h = held[0]
    with store.session() as s:
        row = s.get(InboxChange, h["cursor"])
        change = dict(cursor=row.cursor, kind=row.kind, aggregate_type=row.aggregate_type,
                      aggregate_id=row.aggregate_id, payload=json.loads(row.payload), created_at=row.created_at)
    kw = dict(actor=actor, office=office, office_code=office_code, workstation_id=workstation_id, now=now,
              issue_documents=issue_documents)
    if carry_out:
        result = _apply_one(store, change, kw, confirmed=True)
        if result is None:
            raise LookupError("该中心决定已处理")
        return result
    with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
        inbox = uow.session.get(InboxChange, h["cursor"])
        if inbox is None or inbox.outcome != HELD:
            raise LookupError("该中心决定已处理")
        note = ("经办人维持撤回，中心决定未执行；如仍需办理该事项，须重新提出审批申请，请负责人再次审批")
        inbox.outcome, inbox.note = cu.NOT_APPLICABLE, note
        uow.audit("approval.withdrawal_kept", object_type="case", object_id=change["aggregate_id"], actor=actor,
                  detail=f"审批申请 {h['request_id']}：{note}")
        uow.commit()
    return InboxOutcome(h["cursor"], change["kind"], case_id, cu.NOT_APPLICABLE, note, h["decided_by"])


def _mark_only(store, change: dict, kw: dict, plan: cu.UpdatePlan) -> InboxOutcome | None:
    with UnitOfWork(store, actor=kw["actor"], workstation_id=kw["workstation_id"]) as uow:
        inbox = uow.session.get(InboxChange, change["cursor"])
        if inbox is None or inbox.applied_at is not None:
            return None
        outcome = _mark(uow.session, change, plan)
        uow.commit()
    return outcome


def _mark(session, change: dict, plan: cu.UpdatePlan) -> InboxOutcome:
    mark_inbox_applied(session, change["cursor"])     # (a held one confirmed now keeps its first applied_at)
    inbox = session.get(InboxChange, change["cursor"])
    inbox.outcome, inbox.note = plan.outcome, plan.note
    return InboxOutcome(change["cursor"], change["kind"], change["aggregate_id"], plan.outcome, plan.note,
                        plan.decided_by)


def _carry_out(workflow: CaseWorkflow, case_id: str, action: cu.Action) -> None:
    if isinstance(action, cu.RecordStep):
        workflow.record_step(case_id, action.step_code, action.result, data=dict(action.data), approved_by=action.approved_by)
    elif isinstance(action, cu.ApproveRecordedStep):
        workflow.approve_recorded_step(case_id, action.step_code, action.approved_by)
    elif isinstance(action, cu.DecideAcceptance):
        workflow.decide(case_id, expected=action.expected, approved_by=action.approved_by, maker=action.maker)
    elif isinstance(action, cu.Deny):
        workflow.deny(case_id, action.reasons, approved_by=action.approved_by, maker=action.maker)
    else:  # pragma: no cover - a new action kind without its executor
        raise TypeError(f"unknown action {action!r}")


def centre_updates(store, case_id: str) -> list[dict]:
    """The centre's updates for one case as applied here (who decided, outcome, note), oldest first:
    a refused escalation is recorded here with the supervisor's reason."""
    with store.session() as s:
        rows = s.scalars(select(InboxChange).where(InboxChange.aggregate_type == "case",
                                                   InboxChange.aggregate_id == case_id)
                         .order_by(InboxChange.cursor))
        out = []
        for r in rows:
            payload = json.loads(r.payload)
            out.append({"cursor": r.cursor, "kind": r.kind, "received_at": r.received_at, "applied_at": r.applied_at,
                        "outcome": r.outcome, "note": r.note,
                        "decided_by": payload.get("posted_by") or "",   # the signed checker (stamped by the centre)
                        "decision": payload.get("decision"), "reason": payload.get("reason", ""),
                        "step_code": payload.get("step_code") or "", "escalation": payload.get("escalation") or "",
                        "duplicate_id": str(payload.get("duplicate_id") or "")})
        return out


def standing_duplicates(session, case_ids) -> dict[str, tuple[str, ...]]:
    """case id → the 办件编号 of the other cases the centre found in hand beside it (重复受理) and has
    not said are resolved since, for ``case_ids`` (one read of the inbox; cases without any left out)."""
    ids = list(case_ids)
    if not ids:
        return {}
    latest: dict[tuple[str, str], dict] = {}
    rows = session.execute(select(InboxChange.aggregate_id, InboxChange.cursor, InboxChange.payload).where(
        InboxChange.kind == cu.KIND_DUPLICATE, InboxChange.aggregate_type == "case",
        InboxChange.aggregate_id.in_(ids)).order_by(InboxChange.cursor))
    for case_id, cursor, text in rows:
        try:
            payload = json.loads(text)
        except ValueError:
            continue
        if isinstance(payload, dict):
            latest[case_id, str(payload.get("duplicate_id") or cursor)] = payload
    out: dict[str, list[str]] = {}
    for (case_id, _), payload in latest.items():
        if payload.get("state") == "open":
            out.setdefault(case_id, []).append(cu.duplicate_other(payload))
    return {k: tuple(v) for k, v in out.items()}


def duplicate_flag(store, case_id: str) -> str:
    """「中心发现重复受理：…（另一办件编号）」 while the centre's latest word on a 重复受理 of this case
    (per other case) is that it stands; "" when there is none or every one was resolved."""
    latest: dict[str, dict] = {}
    for u in centre_updates(store, case_id):
        if u["kind"] == cu.KIND_DUPLICATE:
            latest[u["duplicate_id"] or str(u["cursor"])] = u
    return "；".join(u["note"] for u in latest.values() if u["outcome"] == cu.DUPLICATE_FOUND and u["note"])


@dataclass(frozen=True)
class StepRefusal:
    """A supervisor's refusal of a step, as data (the window words it in the clerk's language):
    who refused (the signed checker's login id; the window shows a display name, never the id) and
    why ("" when no reason was given)."""

    decided_by: str
    reason: str


def step_refusals(store, case_id: str) -> dict[str, StepRefusal]:
    """step code → the supervisor's refusal, for steps whose latest centre decision is a refusal."""
    latest: dict[str, dict] = {}
    for u in centre_updates(store, case_id):
        if u["kind"] == "case.escalation_decision" and u["step_code"]:
            latest[u["step_code"]] = u
    return {code: StepRefusal(u["decided_by"], u["reason"] or u["note"] or "")
            for code, u in latest.items() if u["decision"] == "refused"}


def refusals_by_step(store, case_id: str) -> dict[str, str]:
    """step code → the supervisor's refusal in Chinese (the CLI's and the log's wording)."""
    return {code: f"主管{r.decided_by}不同意：{r.reason or '未说明理由'}"
            for code, r in step_refusals(store, case_id).items()}


__all__ = ["HELD", "InboxOutcome", "InboxReport", "StepRefusal", "apply_pending", "centre_updates", "confirm_held",
           "duplicate_flag", "standing_duplicates",
           "held_decisions", "refusals_by_step", "withdrawn_here",
           "step_refusals"]
