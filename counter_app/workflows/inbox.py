"""Apply the case updates pulled from the centre (收到信息表、负责人审批决定) to the cases here.

Each pending ``sync_inbox`` row is applied in cursor order in ONE unit of work: the case change
(through the normal :class:`CaseService` paths, so its outbox entries are in that transaction) and
the inbox row's ``applied_at`` / ``outcome`` / ``note``. What an update means for a case is
decided by the pure :mod:`counter_app.domain.case_updates`; an update for a case this workstation
does not have, or one that does not fit the case's state, is marked applied with a Chinese note
(never retried forever, never lost). Applying twice does nothing the second time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from sqlalchemy import select

from counter_app.domain import case_updates as cu
from counter_app.domain.cases import TransitionRefused
from counter_app.storage.tables_cases import CaseRow, CaseStepRow
from counter_app.storage.tables_sync import InboxChange
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.worker import mark_inbox_applied, pending_inbox
from counter_app.workflows.cases import CaseService, _local_now

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

    @property
    def total(self) -> int:
        return len(self.applied) + len(self.unapplied)

    def as_dict(self) -> dict:
        return {"applied": [asdict(o) for o in self.applied], "unapplied": [asdict(o) for o in self.unapplied],
                "failed": [asdict(o) for o in self.failed]}


class _SharedUnitOfWork:
    """The outer unit of work handed to CaseService methods: their ``commit`` only flushes, so
    every action of one update and the inbox mark commit together (or not at all)."""

    def __init__(self, outer: UnitOfWork):
        self.outer = outer
        self.session = outer.session
        self.outbox = outer.outbox
        self.events = outer.events

    def __enter__(self) -> "_SharedUnitOfWork":
        return self

    def commit(self) -> None:
        self.session.flush()

    def rollback(self) -> None:  # the outer unit of work rolls back
        pass

    def __exit__(self, *exc) -> None:
        return None


class _InboxCaseService(CaseService):
    """CaseService writing into the inbox flow's unit of work."""

    def __init__(self, store, uow: UnitOfWork, **kw: Any):
        super().__init__(store, **kw)
        self._outer = uow

    def _uow(self):  # type: ignore[override]
        return _SharedUnitOfWork(self._outer)

    def get(self, case_id: str):  # type: ignore[override]
        # CaseService methods return a fresh view; inside the shared transaction read through it
        with self._uow() as uow:
            case, service = self._load(uow.session, self._row(uow.session, case_id))
        return self._view(case, service)

    def approve_recorded_step(self, case_id: str, step_code: str, approved_by: str) -> None:
        """负责人同意：the step recorded with an escalation and no approver gets ``approved_by``."""
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, _ = self._load(uow.session, row)
            step = uow.session.scalars(select(CaseStepRow).where(CaseStepRow.case_id == case_id,
                                                                 CaseStepRow.step_code == step_code)
                                       .order_by(CaseStepRow.id.desc())).first()
            if step is None or not step.escalation or step.approved_by:
                raise TransitionRefused(f"步骤「{step_code}」没有等待审批的记录")
            at = self.now()
            step.approved_by = approved_by
            uow.outbox.add(kind="case.step_approved", aggregate_type="case", aggregate_id=case_id, payload=self._payload(
                case, step_code=step_code, step_kind=step.kind, result=step.result, escalation=step.escalation,
                approved_by=approved_by, step_outbox_id=step.outbox_id, actor=self.actor, at=at.isoformat()))
            row.updated_at = at
            uow.commit()


def apply_pending(store, *, actor: str, office: str = "", office_code: str = "", workstation_id: str = "",
                  now: Callable = _local_now, issue_documents: bool = True) -> InboxReport:
    """Apply every pending case update in cursor order; ``actor`` is the signed-in clerk of this
    workstation (the outbox entries are theirs; ``approved_by`` is the supervisor's username)."""
    report = InboxReport()
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


def _apply_one(store, change: dict, kw: dict) -> InboxOutcome | None:
    with UnitOfWork(store, actor=kw["actor"], workstation_id=kw["workstation_id"]) as uow:
        inbox = uow.session.get(InboxChange, change["cursor"])
        if inbox is None or inbox.applied_at is not None:
            return None
        svc = _InboxCaseService(store, uow, **kw)
        case_id = change["aggregate_id"]
        row = uow.session.get(CaseRow, case_id) if change["aggregate_type"] == "case" else None
        case = service = None
        if row is not None:
            case, service = svc._load(uow.session, row)
        plan = cu.plan_update(change["kind"], change["payload"], case, service, actor=svc.actor, at=svc.now(),
                              case_ref=case_id)
        for action in plan.actions:
            _carry_out(svc, case_id, action)
        outcome = _mark(uow.session, change, plan)
        uow.commit()
    return outcome


def _mark_only(store, change: dict, kw: dict, plan: cu.UpdatePlan) -> InboxOutcome | None:
    with UnitOfWork(store, actor=kw["actor"], workstation_id=kw["workstation_id"]) as uow:
        inbox = uow.session.get(InboxChange, change["cursor"])
        if inbox is None or inbox.applied_at is not None:
            return None
        outcome = _mark(uow.session, change, plan)
        uow.commit()
    return outcome


def _mark(session, change: dict, plan: cu.UpdatePlan) -> InboxOutcome:
    mark_inbox_applied(session, change["cursor"])
    inbox = session.get(InboxChange, change["cursor"])
    inbox.outcome, inbox.note = plan.outcome, plan.note
    return InboxOutcome(change["cursor"], change["kind"], change["aggregate_id"], plan.outcome, plan.note,
                        plan.decided_by)


def _carry_out(svc: _InboxCaseService, case_id: str, action: cu.Action) -> None:
    if isinstance(action, cu.RecordStep):
        svc.record_step(case_id, action.step_code, action.result, data=dict(action.data), approved_by=action.approved_by)
    elif isinstance(action, cu.ApproveRecordedStep):
        svc.approve_recorded_step(case_id, action.step_code, action.approved_by)
    elif isinstance(action, cu.DecideAcceptance):
        svc.decide(case_id, expected=action.expected, approved_by=action.approved_by)
    elif isinstance(action, cu.Deny):
        svc.deny(case_id, action.reasons, approved_by=action.approved_by)
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
                        "decided_by": payload.get("posted_by") or payload.get("decided_by") or "",
                        "decision": payload.get("decision"), "reason": payload.get("reason", "")})
        return out


def pending_count(store) -> int:
    return len(pending_inbox(store, "case."))


__all__ = ["InboxOutcome", "InboxReport", "apply_pending", "centre_updates", "pending_count"]
