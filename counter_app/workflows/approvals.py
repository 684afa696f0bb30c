"""Approval requests at the counter (审批): the clerk asks, a supervisor decides — remotely
(集中授权, on the centre, the decision comes back through the pull) or on site (现场授权, on the
clerk's screen with the supervisor's own password, offline too).

- :meth:`ApprovalService.request` writes the request and its ``approval.requested`` outbox entry in
  one unit of work. The level comes from the graded authorisation table in force
  (:mod:`counter_app.domain.authorisation`); a second pending request for the same case and action
  is refused, and so is one for an approval point the case's service does not have (the catalog's
  flow, :func:`counter_rules.approval_points.service_points`).
- :meth:`ApprovalService.decide_on_site` checks the maker-checker rule
  (:func:`counter_protocol.approvals.decision_refusal`: never the maker, a supervisor of this
  office with the level, a pending request, a reason), then in ONE unit of work records the
  decision, queues ``approval.decided`` for the centre (which checks it again) and, when approved,
  carries the case on with the supervisor as approver and the MAKER as actor.
- :func:`apply_pulled` mirrors the office's requests and decisions pulled from the centre.
- Expiry (过期): a request still pending ``pending_expiry_hours`` (the authorisation table in force)
  after it was made is shown ``expired`` here at once, offline too (the centre marks it so on its
  side and its record comes back by the pull); it cannot be decided or withdrawn, and the clerk
  may raise a new one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Literal, Mapping

from sqlalchemy import select

from counter_app.domain import case_updates as cu
from counter_app.domain.authorisation import AuthorisationTable, level_name
from counter_app.domain.catalog import ESCALATION_NAMES, Escalation
from counter_rules.documents import DOCUMENTS
from counter_app.domain.case_engine import STATE_NAMES, TransitionRefused
from counter_app.storage.base import utcnow
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id
from counter_protocol import sync as p
from counter_app.sync.status import mark_inbox_applied, pending_inbox
from counter_protocol import approvals as ap
from counter_protocol.clock import beijing_text
from counter_rules.approval_points import service_points
from counter_rules.catalog import CatalogError


# Approvals the case engine carries out when approved (the case moves on); the others (注销、补打、
# 待遇核定、改判) are a recorded authorisation the action they cover checks for.
CASE_ACTIONS = frozenset({Escalation.rejection.value, Escalation.denial.value, Escalation.fingerprint_unavailable.value,
                          Escalation.publicity_objection.value, Escalation.info_sheet_review.value,
                          Escalation.condition_override.value, Escalation.reg_cancel.value})


def _points_of(cases, service) -> frozenset[Escalation]:
    """The approval points of the case's service (:func:`counter_rules.approval_points.service_points`):
    its flow as the case keeps it (the catalog entry it was opened under) and as the catalog in force
    has it — a case opened before its catalog marked a point (注销登记's 受理, from 2026.6) keeps it."""
    points = service_points(service)
    try:
        return points | service_points(cases.catalog.get(service.code))
    except CatalogError:        # a service the catalog in force no longer has: the case's own entry
        return points


def _held_step(row: ApprovalRequestRow) -> bool:
    """A request for a step the engine held back (待遇核定 with its 核定数据): approved, it is recorded."""
    return row.action == Escalation.benefit_decision.value and bool(json.loads(row.details or "{}").get("step_code"))


class ApprovalRefused(Exception):
    """Why an approval action is refused (中文, shown as is)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def as_dict(r: ApprovalRequestRow, expiry_hours=None, now: datetime | None = None) -> dict:
    """The request as the counter shows it; a pending one past ``expiry_hours`` shows as expired."""
    state = ap.ApprovalState(r.state)
    reason = r.reason
    if state is ap.ApprovalState.pending and ap.is_overdue(r.made_at, now or utcnow(), expiry_hours):
        state, reason = ap.ApprovalState.expired, ap.expired_reason(expiry_hours)
    end = ap.expires_at(r.made_at, expiry_hours) if r.state == "pending" else None
    return {"id": r.id, "action": r.action, "action_name": ESCALATION_NAMES.get(Escalation(r.action), r.action)
            if r.action in Escalation._value2member_map_ else r.action,
            "case_id": r.case_id, "case_no": r.case_no, "service_code": r.service_code, "office_code": r.office_code,
            "workstation_id": r.workstation_id, "maker": r.maker, "made_at": r.made_at.isoformat(timespec="seconds"),
            "payload_digest": r.payload_digest, "required_level": r.required_level,
            "required_level_name": level_name(r.required_level), "summary": r.summary,
            "details": json.loads(r.details or "{}"), "state": state.value, "state_name": ap.STATE_NAMES[state],
            "checker": r.checker, "decided_at": r.decided_at.isoformat(timespec="seconds") if r.decided_at else None,
            "reason": reason, "mode": r.mode, "expires_at": end.isoformat(timespec="seconds") if end else None,
            **_refusal_fields(r)}


def _refusal_fields(r: ApprovalRequestRow) -> dict:
    """An on-site decision the centre refused (workflows.approval_sync): its reason, who had decided
    (login id and name) and the 文号 of the documents voided under it; empty when none."""
    from counter_app.workflows.approval_sync import refusal_of

    data = refusal_of(r)
    return {"centre_refusal": str(data.get("reason") or ""), "refused_checker": str(data.get("checker") or ""),
            "refused_checker_name": str(data.get("checker_name") or ""),
            "voided": [str(n) for n in data.get("voided") or () if n]}


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo is not None else dt


class _Joined:
    """The caller's unit of work: ``commit`` only flushes (the caller commits or rolls back)."""

    def __init__(self, outer):
        self.session, self.outbox = outer.session, outer.outbox

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def commit(self) -> None:
        self.session.flush()


class ApprovalService:
    def __init__(self, store, *, actor: str, office_code: str, workstation_id: str, office: str = "",
                 authorisation: Callable[[], AuthorisationTable] | None = None,
                 today: Callable[[], date] = date.today, issue_documents: bool = True,
                 names: Mapping[str, str] | None = None, roles: Iterable[str] | None = None):
        self.store = store
        self.actor = actor
        # the signed-in account's roles (7.3.2): only a counter role asks for or withdraws an approval
        # (counter_protocol.roles.REQUEST_APPROVAL; who decides is the checker's, decision_refusal);
        # None: the caller decided who acts (a use case inside the case service's own check)
        self.roles = None if roles is None else frozenset(roles)
        # login id → display name known to the caller (the signed-in clerk's): who the documents
        # of an approved decision name (CaseWorkflow.person)
        self.names = dict(names or {})
        self.office = office
        self.office_code = office_code
        self.workstation_id = workstation_id
        self._authorisation = authorisation
        self.today = today
        self.issue_documents = issue_documents

    def authorisation(self) -> AuthorisationTable:
        if self._authorisation is not None:
            return self._authorisation()
        from counter_app.workflows.reference import current_authorisation

        return current_authorisation(self.store)

    def expiry_hours(self):
        """How long a request may wait (hours) under the table in force; None: never expires."""
        try:
            return self.authorisation().expiry_hours(self.today())
        except Exception:  # a table that cannot be read: nothing is shown expired (the centre decides)
            return None

    def _cases(self, actor: str, names: Mapping[str, str] | None = None):
        from counter_app.workflows.cases import CaseWorkflow

        return CaseWorkflow(self.store, actor=actor, office=self.office, office_code=self.office_code,
                           workstation_id=self.workstation_id, issue_documents=self.issue_documents,
                           names={**self.names, **dict(names or {})})

    # ------------------------------------------------------------ reads

    def list(self, state: str | None = None, case_id: str | None = None, *, within=None) -> list[dict]:
        """Requests known here, longest waiting first (``within``: read inside the caller's unit of work)."""
        q = select(ApprovalRequestRow)
        if state in ("pending", "expired"):     # a pending one past its deadline shows as expired
            q = q.where(ApprovalRequestRow.state.in_(("pending", "expired")))
        elif state:
            q = q.where(ApprovalRequestRow.state == state)
        if case_id:
            q = q.where(ApprovalRequestRow.case_id == case_id)
        # made_at is to the second; the id (UUIDv7, to the millisecond) orders two made in one second
        q = q.order_by(ApprovalRequestRow.made_at, ApprovalRequestRow.id)
        hours, now = self.expiry_hours(), utcnow()

        def shown(rows):
            out = [as_dict(r, hours, now) for r in rows]
            return [r for r in out if not state or r["state"] == state]

        if within is not None:
            return shown(within.session.scalars(q))
        with self.store.session() as s:
            return shown(s.scalars(q))

    def get(self, request_id: str) -> dict:
        with self.store.session() as s:
            row = s.get(ApprovalRequestRow, request_id)
            if row is None:
                raise ApprovalRefused(f"没有审批申请 {request_id}")
            return as_dict(row, self.expiry_hours())

    # ------------------------------------------------------------ maker

    def request(self, case_id: str, action: Escalation | str, *, summary: str = "",
                details: Mapping[str, Any] | None = None, back_pay_months: int | None = None,
                amount: Any = None, within=None) -> dict:
        """Ask for approval of ``action`` on ``case_id`` (the signed-in clerk is the maker);
        ``within``: inside the caller's unit of work (which commits)."""
        action = Escalation(action)
        self.require_maker(case_id)
        level = self.authorisation().required_level(action, self.today(), back_pay_months=back_pay_months,
                                                    amount=amount)
        if level <= 0:
            raise ApprovalRefused(f"按分级授权表，「{ESCALATION_NAMES[action]}」不需要审批")
        cases = self._cases(self.actor)
        view = (cases.within(within) if within is not None else cases).get(case_id)
        case, service = view.case, view.service
        if action not in _points_of(cases, service):
            # the flow of the case's service has no such point (the catalog's word): e.g. 注销参保
            # on a 养老金申领 — approved, it would carry out a decision the service does not have
            raise ApprovalRefused(ap.point_refusal(service.name, ESCALATION_NAMES[action]))
        details = dict(details or {})
        if action is Escalation.benefit_decision and "terms" not in details:
            # the terms the level was weighed on go with the request: the centre weighs the table's
            # conditional rules on them again (without them it asks the strictest level)
            try:
                amount_given = Decimal(str(amount)) if amount not in (None, "") else Decimal("0")
            except InvalidOperation:
                raise ApprovalRefused(f"金额不是有效数字：{amount}") from None
            details["terms"] = {"back_pay_months": int(back_pay_months or 0), "amount": f"{amount_given:.2f}"}
        if action is Escalation.rejection and not details.get("reasons"):
            details["reasons"] = list(view.outcome.reasons)
        details.setdefault("case", case_snapshot(view, self.today()))
        if self.names.get(self.actor):   # how the supervisor's queue names the maker, wherever it is read
            details.setdefault("maker_name", self.names[self.actor])
        subject = {"action": action.value, "case_id": case.id, "state": case.state.value, "details": details,
                   "catalog_version": case.catalog_version}
        digest = hashlib.sha256(canonical_json(subject).encode("utf-8")).hexdigest()
        # the reasons the engine gave, else the maker's 申请说明, else whom and on which ground (办理情形;
        # a 注销参保 has neither): what the supervisor reads in the list
        about = ("；".join(str(r) for r in details.get("reasons") or []) or str(details.get("note") or "").strip()
                 or _subject_text(case, service))
        text = summary.strip() or (f"{service.name}（{STATE_NAMES[case.state]}）申请{ESCALATION_NAMES[action]}"
                                   + (f"：{about}" if about else ""))
        made_at = utcnow().replace(microsecond=0)
        rid = new_id()
        with (_Joined(within) if within is not None else
              UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id)) as uow:
            s = uow.session
            dup = s.scalars(select(ApprovalRequestRow).where(
                ApprovalRequestRow.case_id == case_id, ApprovalRequestRow.action == action.value,
                ApprovalRequestRow.state == "pending")).first()
            hours = self.expiry_hours()
            if dup is not None and ap.is_overdue(dup.made_at, made_at, hours):
                # past its deadline: expired here (the centre expires it too when the new one arrives)
                dup.state, dup.decided_at, dup.reason = "expired", made_at, ap.expired_reason(hours)
                dup = None
            if dup is not None:
                raise ApprovalRefused("该办件已有同一事项的审批申请在等待审批，不能重复申请")
            row = ApprovalRequestRow(id=rid, action=action.value, case_id=case.id, case_no=case.case_no,
                                     service_code=case.service_code, office_code=self.office_code,
                                     workstation_id=self.workstation_id, maker=self.actor, made_at=made_at,
                                     payload_digest=digest, required_level=level, summary=text[:2000],
                                     details=canonical_json(details), state="pending")
            s.add(row)
            payload = ap.RequestPayload(action=action.value, case_id=case.id, case_no=case.case_no,
                                        service_code=case.service_code, maker=self.actor,
                                        made_at=made_at.replace(tzinfo=timezone.utc), payload_digest=digest,
                                        required_level=level, summary=text[:2000], details=details)
            uow.outbox.add(kind=ap.KIND_REQUESTED, aggregate_type=ap.AGGREGATE, aggregate_id=rid,
                           payload=payload.model_dump(mode="json"))
            uow.commit()
            return as_dict(row)

    def require_maker(self, case_id: str = "") -> None:
        """Refuse an approval request (or its withdrawal) by an account without a counter role
        (审计、系统管理、外勤 alone): ApprovalRefused with the Chinese reason, the attempt audited."""
        from counter_app.storage.permissions import RoleRefused, require_role
        from counter_protocol.roles import REQUEST_APPROVAL

        try:
            require_role(self.store, REQUEST_APPROVAL, actor=self.actor, roles=self.roles,
                         workstation_id=self.workstation_id, object_type="case" if case_id else "",
                         object_id=case_id)
        except RoleRefused as exc:
            raise ApprovalRefused(exc.reason) from None      # the Refusal: the window words it

    def reprint_document(self, case_id: str, given: str) -> dict:
        """The case's issued 决定书 a 补打 request names (``given``: its document id or its 文号), as
        ``{"document_id", "title", "number"}``; refused (中文) when the case has no such issued
        document, or when it is no 决定书 (its reprint needs no approval)."""
        from counter_rules.documents import DocumentKind

        given = (given or "").strip()
        found = self._cases(self.actor).find(case_id)
        if found is None:
            raise ApprovalRefused(f"本工作站没有办件 {case_id}")
        docs = [d for d in self._cases(self.actor).documents(case_id)
                if d.get("status") == "issued" and given and given in (d.get("issued_id"), d.get("number"))]
        if not docs:
            raise ApprovalRefused(f"该办件没有已出具的文书「{given}」（文书标识或文号，见 counter-app case show 办件编号）")
        d = docs[0]
        title = DOCUMENTS[DocumentKind(d["kind"])].title
        if d["kind"] not in DECISION_DOCUMENTS:
            raise ApprovalRefused(f"《{title}》不是决定书，补打无须审批")
        fields = d.get("fields") or {}
        # the 经办人 and 审批人 the document names: what the supervisor sees they authorise to reprint
        return {"document_id": d["issued_id"], "title": title, "number": d.get("number") or "",
                "clerk": str(fields.get("clerk") or ""), "approver": str(fields.get("approver") or "")}

    def request_reprint(self, case_id: str, document: str, reason: str = "") -> dict:
        """补打审批申请: ask for approval to reprint the case's issued 决定书 ``document`` (its document id
        or 文号), ``reason`` (the 补打原因) in the summary the supervisor reads — the one call of the
        window's offer (文书与打印 → 补打) and of ``counter-app approvals request --action reprint``.
        Each approved request allows one reprint (:func:`reprint_refusal`)."""
        self.require_maker(case_id)       # before the case or its document is looked up
        doc = self.reprint_document(case_id, document)
        reason = (reason or "").strip()
        details = {"document_id": doc["document_id"],     # what the reprint guard counts
                   "document": {k: doc[k] for k in ("title", "number", "clerk", "approver")},
                   "note": f"补打《{doc['title']}》{doc['number']}" + (f"：{reason}" if reason else "")}
        return self.request(case_id, Escalation.reprint, details=details)

    def nothing_waits(self, case_id: str, action: Escalation | str) -> str | None:
        """Why approving ``action`` now would change nothing on the case (中文), or None: a decision
        the case engine carries out (不予受理, 不予认定, 改判, 指纹无法采集 …) asked for where the case
        has no such decision waiting — e.g. 不予受理 of a case already accepted. Asked before a
        request is made by hand (``counter-app approvals request``), with the same plan the
        approval is later carried out by, so the supervisor is never asked for a decision that
        cannot take effect."""
        action = Escalation(action)
        if action.value not in CASE_ACTIONS or action is Escalation.reg_cancel:
            return None        # 注销 is also a recorded authorisation the cancellation checks for
        workflow = self._cases(self.actor)
        found = workflow.find(case_id)
        if found is None:
            return None        # the request itself says the case is not here
        case, service = found
        # a checker who is nobody's login (no maker-checker refusal): only whether anything waits
        payload = {"escalation": action.value, "decision": "approved", "reason": "-", "posted_by": "（审批人）"}
        plan = cu.plan_update(cu.KIND_ESCALATION, payload, case, service, actor=self.actor, at=workflow.now())
        if plan.changes_case:
            return None
        return (f"办件当前状态为「{STATE_NAMES[case.state]}」，没有等待「{ESCALATION_NAMES[action]}」审批的事项，"
                "不能提出该审批申请")

    def request_needed(self, case_id: str, needed, *, within=None) -> dict:
        """The request for a step the engine held back (``counter_app.domain.case_engine.ApprovalNeeded``):
        it carries the step, its result and its checked 核定数据, so that the approval records exactly
        what was asked (the payload digest covers them); a 不予认定 carries its reasons."""
        terms = dict(needed.terms)
        details = {"step_code": needed.step_code, "result": needed.result, "data": needed.data, "terms": terms}
        if getattr(needed, "reasons", ()):
            details["reasons"] = list(needed.reasons)      # 不予认定: what its 决定书 gives, as the clerk wrote it
        summary = ""
        if needed.escalation is Escalation.benefit_decision:
            from counter_app.domain.authorisation import BenefitTerms
            from decimal import Decimal

            t = BenefitTerms(str(terms.get("group", "")), int(terms.get("back_pay_months") or 0),
                             Decimal(str(terms.get("amount") or "0")))
            summary = f"申请{ESCALATION_NAMES[needed.escalation]}：{t.text()}"
        return self.request(case_id, needed.escalation, summary=summary, details=details,
                            back_pay_months=terms.get("back_pay_months"), amount=terms.get("amount"), within=within)

    # ------------------------------------------------------------ checker on site

    def decide_on_site(self, request_id: str, checker: p.UserInfo, *, approve: bool, reason: str,
                       approval_key: bytes | None) -> dict:
        """现场授权: ``checker`` authenticated on this screen for this one request
        (``AuthManager.authenticate_once``, which also yields ``approval_key``, the checker's key for
        this workstation: the decision carries its proof, :func:`counter_protocol.approvals.decision_proof`,
        without which the centre rejects it). Refused with the reason when the rule says no."""
        try:
            return self._decide_on_site(request_id, checker, approve=approve, reason=reason, approval_key=approval_key)
        except ApprovalRefused as exc:
            # every refused attempt is audited (docs/supervisors.md), after the decision's own
            # transaction rolled back: who tried, on which request, why it was refused
            refused_attempt(self.store, request_id, checker.username, exc.reason, mode="on_site",
                            workstation_id=self.workstation_id, decision="approved" if approve else "rejected")
            raise

    def _decide_on_site(self, request_id: str, checker: p.UserInfo, *, approve: bool, reason: str,
                        approval_key: bytes | None) -> dict:
        decision: Literal["approved", "rejected"] = "approved" if approve else "rejected"
        now = utcnow().replace(microsecond=0)
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            row = uow.session.get(ApprovalRequestRow, request_id)
            if row is None:
                raise ApprovalRefused(f"没有审批申请 {request_id}")
            self._refuse_expired(row, now)
            # everyone who worked on the case here (its transitions and steps), as the centre counts
            # them (counter_central.core._case_participants): none of them decides its requests
            participants = self._participants(uow.session, row)
            refusal = ap.decision_refusal(
                state=row.state, maker=row.maker, checker=checker.username, checker_roles=checker.roles,
                checker_level=checker.approval_level, checker_office=checker.office_code,
                request_office=row.office_code or self.office_code, required_level=row.required_level, reason=reason,
                participants=[x.username for x in participants], action=row.action,
                **self._closed_by(uow.session, row))
            # people, not accounts, as the centre compares them: the maker's other account is the maker
            refusal = refusal or ap.same_person_refusal(person_of(checker),
                                                        [self._maker(uow.session, row), *participants])
            if refusal:
                raise ApprovalRefused(refusal)
            if not approval_key:
                raise ApprovalRefused(f"审批人 {checker.username} 在本工作站还没有现场授权所需的密钥（须先在本工作站联网登录一次），"
                                      "不能现场授权；请联网后现场授权，或由负责人集中授权")
            dec = ap.DecisionPayload(decision=decision, reason=reason.strip(), checker=checker.username,
                                     decided_at=now.replace(tzinfo=timezone.utc), payload_digest=row.payload_digest)
            dec.proof = ap.decision_proof(approval_key, row.id, self.workstation_id, dec)
            # the decision goes out before what it allows: the centre accepts a 不予受理 only on an
            # approval it already holds (counter_central.approvals.transition_refusal)
            uow.outbox.add(kind=ap.KIND_DECIDED, aggregate_type=ap.AGGREGATE, aggregate_id=row.id,
                           payload=dec.model_dump(mode="json"))
            if approve and (row.action in CASE_ACTIONS or _held_step(row)):
                self._carry_out(uow, row, checker.username, reason, checker_name=checker.display_name)
            row.state, row.checker, row.reason, row.mode, row.decided_at = decision, checker.username, reason.strip(), \
                "on_site", now
            uow.commit()
            return as_dict(row)

    def _closed_by(self, session, row: ApprovalRequestRow) -> dict:
        """What closed a request no longer pending here, for the refusal of a later decision or
        withdrawal (counter_protocol.approvals.closed_note): the decider and the maker by name."""
        return closed_by_in(session, row, self.names)

    def _participants(self, session, row: ApprovalRequestRow) -> tuple[ap.Person, ...]:
        """Everyone who worked on the request's case at this workstation (who moved it on, who
        recorded its steps), as maker-checker compares people (:meth:`_maker`)."""
        from counter_app.storage.tables_cases import CaseStepRow, CaseTransitionRow

        logins = set(session.scalars(select(CaseTransitionRow.actor).where(CaseTransitionRow.case_id == row.case_id)))
        logins |= set(session.scalars(select(CaseStepRow.actor).where(CaseStepRow.case_id == row.case_id)))
        logins = {x for x in logins if x and x != row.maker}
        known = stored_users_in(session, logins)
        return tuple(person_of(known[x]) if x in known
                     else ap.Person(x, self.names.get(x, ""), row.office_code or self.office_code) for x in sorted(logins))

    def _maker(self, session, row: ApprovalRequestRow) -> ap.Person:
        """The request's maker as maker-checker compares people: the account as the centre described it
        at its last online sign-in here (工号, name, office), else the name the request carries."""
        known = stored_users_in(session, [row.maker]).get(row.maker)
        if known is not None:
            return person_of(known)
        name = str(json.loads(row.details or "{}").get("maker_name") or "") or self.names.get(row.maker, "")
        return ap.Person(row.maker, name, row.office_code or self.office_code)

    def _refuse_expired(self, row: ApprovalRequestRow, now: datetime, what: str = "不能再作决定") -> None:
        hours = self.expiry_hours()
        if row.state == "pending" and ap.is_overdue(row.made_at, now, hours):
            raise ApprovalRefused(f"该审批申请已过期（{ap.expired_reason(hours)}），{what}；请经办人重新提出申请")

    def _carry_out(self, uow, row: ApprovalRequestRow, checker: str, reason: str, *, checker_name: str = "") -> None:
        """The approved action, through the case service inside ``uow``, as the MAKER did it; its
        documents name the checker as they authenticated here (``checker_name``), never by login id."""
        from counter_app.workflows.inbox import _carry_out

        workflow = self._cases(row.maker, {checker: checker_name}).within(uow)
        found = workflow.find(row.case_id)
        if found is None:
            raise ApprovalRefused("本工作站没有该办件，不能在此现场审批")
        case, service = found
        details = json.loads(row.details or "{}")
        payload = {"escalation": row.action, "decision": "approved", "reason": reason, "posted_by": checker,
                   **{k: details[k] for k in ("step_code", "reasons", "result", "data") if details.get(k)}}
        plan = cu.plan_update(cu.KIND_ESCALATION, payload, case, service, actor=row.maker, at=workflow.now(),
                              requested=details)
        if not plan.changes_case:
            raise ApprovalRefused(plan.note)
        try:
            for action in plan.actions:
                _carry_out(workflow, row.case_id, action)
        except TransitionRefused as exc:
            raise ApprovalRefused(exc.reason) from None

    def withdraw(self, request_id: str, reason: str = "") -> dict:
        """The maker takes back their own pending request (撤回): withdrawn here at once, its
        ``approval.withdrawn`` entry queued for the centre (which checks it again), audited with the
        clerk's ``reason``. Refused (中文, audited too) for another user's request, a decided or an
        expired one."""
        self.require_maker()
        try:
            return self._withdraw(request_id, reason.strip())
        except ApprovalRefused as exc:
            from counter_app.storage import audit

            try:
                audit.record(self.store, actor=self.actor, workstation_id=self.workstation_id,
                             action="approval.withdraw", object_type="approval", object_id=request_id,
                             result="refused", detail=exc.reason[:2000])
            except Exception:  # the audit must not hide the refusal itself
                import logging

                logging.getLogger(__name__).exception("auditing a refused withdrawal failed")
            raise

    def _withdraw(self, request_id: str, reason: str) -> dict:
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            row = uow.session.get(ApprovalRequestRow, request_id)
            if row is None:
                raise ApprovalRefused(f"没有审批申请 {request_id}")
            self._refuse_expired(row, utcnow(), "无需撤回")
            if row.state != "pending":
                who = self._closed_by(uow.session, row)
                raise ApprovalRefused(ap.closed_refusal(row.state, withdrawal=True, checker=who["closed_by"],
                                                        maker=who["made_by"], at=who["closed_at"],
                                                        reason=who["closed_reason"]))
            if row.maker != self.actor:
                raise ApprovalRefused("只有经办人本人可以撤回审批申请")
            row.state, row.decided_at = "withdrawn", utcnow().replace(microsecond=0)
            uow.outbox.add(kind=ap.KIND_WITHDRAWN, aggregate_type=ap.AGGREGATE, aggregate_id=row.id, payload={})
            action = (ESCALATION_NAMES.get(Escalation(row.action), row.action)
                      if row.action in Escalation._value2member_map_ else row.action)
            uow.audit("approval.withdrawn", object_type="approval", object_id=row.case_no or row.id,
                      detail=(f"撤回审批申请 {row.id}（{action}）" + (f"：{reason}" if reason else ""))[:2000])
            uow.commit()
            return as_dict(row)


def refused_attempt(store, request_id: str, checker: str, refusal: str, *, mode: str, workstation_id: str = "",
                    decision: str = "") -> None:
    """Audit one refused approval attempt at this workstation (现场授权 on the clerk's screen, or a
    supervisor's ``approvals decide`` refused before asking the centre or by it): who tried, the request (case
    number, approval point, maker), the decision tried and why it was refused. No personal data of the
    applicant (the refusal texts name accounts and levels, never the applicant); the record syncs to
    the centre with the rest of the audit trail. Never raises: the refusal is what the caller says."""
    from counter_app.storage import audit

    try:
        with store.session() as s:
            row = s.get(ApprovalRequestRow, request_id)
            case_no = row.case_no if row is not None else ""
            action = (ESCALATION_NAMES.get(Escalation(row.action), row.action)
                      if row is not None and row.action in Escalation._value2member_map_ else (row.action if row else ""))
            maker = row.maker if row is not None else ""
        if row is None:    # an id typed at the command line, unknown here: kept masked and bounded
            from counter_protocol.free_text import shown
            from counter_rules.masking import mask_numbers

            request_id = shown(mask_numbers(request_id), 64)
        how = "现场授权" if mode == "on_site" else "集中授权"
        tried = {"approved": "批准", "rejected": "驳回"}.get(decision, "决定")
        detail = (f"{how}{tried}被拒绝：{refusal}（审批申请 {request_id}" + (f"，{action}" if action else "")
                  + (f"，经办 {maker}" if maker else "") + "）")
        audit.record(store, actor=checker or "unknown", workstation_id=workstation_id, action="approval.refused",
                     object_type="approval", object_id=case_no or request_id, result="refused", detail=detail[:2000])
    except Exception:  # the audit must not hide the refusal itself
        import logging

        logging.getLogger(__name__).exception("auditing a refused approval attempt failed")


_PLAIN_FACTS = ("category", "contribution_months", "benefit_place_shenzhen", "insured_in_shenzhen",
                "last_insured_place_shenzhen", "history_reviewed", "lost_capacity", "deceased", "death_cause",
                "other_death_benefit_received", "nationality_lost", "hmt_or_foreign_left", "requested_retirement")


def _subject_text(case, service) -> str:
    """Whom a request is about and on which ground, masked: 「张**（110105********0013），中止劳动关系」
    (the applicant's name and ID number, or the unit's name, then the case's 办理情形); "" if none."""
    from counter_app.domain.masking import mask_id, mask_name

    who = mask_name(str(case.applicant.get("name") or case.applicant.get("unit_name") or ""))
    id_number = mask_id(str(case.applicant.get("id_number") or ""))
    if who and id_number:
        who = f"{who}（{id_number}）"
    grounds = "、".join(v.name for v in service.variants if v.code in case.variants)
    return "，".join(x for x in (who or id_number, grounds) if x)


def case_snapshot(view, on: date) -> dict:
    """What the supervisor sees of the case wherever they are (审批页): materials, facts, system
    checks and the clerk's overrides, and the decision's reasons — no ID number, the name masked."""
    from counter_app.domain import case_engine
    from counter_app.domain.masking import mask_name

    case, service = view.case, view.service
    plan = service.plan(case.applicant_type, case.variants)
    materials = [{"name": m.name, "state": getattr(case.ticks.get(m.code), "state", None) and case.ticks[m.code].state.value
                  or "unticked", "problem": getattr(case.ticks.get(m.code), "problem", "")} for m in plan.materials]
    try:
        results = case_engine.condition_results(case, service, on)
    except Exception:  # a rule that cannot run here: the clerk's answers are still shown
        results = dict(case.condition_answers)
    conditions = []
    for c in plan.conditions:
        r = results.get(c.code)
        answer = case.condition_answers.get(c.code)
        conditions.append({
            "text": c.text, "result": "pending" if r is None or r.met is None else ("met" if r.met else "unmet"),
            "source": r.source if r is not None else "clerk", "explanation": getattr(r, "explanation", "") if r else "",
            "override": ((getattr(r, "note", "") or "；".join(answer.reasons if answer else ()) or "经办人改判")
                         if r is not None and getattr(r, "override", False) else "")})
    facts = {k: case.facts[k] for k in _PLAIN_FACTS if k in case.facts}
    # what a 不予认定 rests on: the 公示 objection and the 核查 finding, as the clerk recorded them
    names = {s.code: s.name for s in service.steps}
    findings = []
    for rec in case.steps:
        for key in ("objection", "finding"):
            text = str((rec.data or {}).get(key) or "").strip()
            if text:
                findings.append({"kind": key, "step": names.get(rec.step_code, rec.step_code), "result": rec.result,
                                 "text": text})
    return {"findings": findings, "service_name": service.name, "applicant_type": case.applicant_type,
            "applicant": mask_name(str(case.applicant.get("name") or case.applicant.get("unit_name") or "")),
            "state": case.state.value, "materials": materials, "conditions": conditions, "facts": facts,
            "reasons": list(view.outcome.reasons), "document": view.outcome.document.value
            if getattr(view.outcome, "document", None) else ""}


# 决定书: reprinting one needs an approved 补打 request (when the table says so), one per reprint
# — every administrative decision of the document list (DocumentInfo.decision), the 病残津贴 and
# 丧葬补助金、抚恤金核准决定书 as well as the pension's
DECISION_DOCUMENTS = frozenset(kind.value for kind, info in DOCUMENTS.items() if info.decision)


def reprint_refusal(store, *, document_id: str, kind: str, case_id: str, table: AuthorisationTable,
                    on: date) -> str | None:
    """Why this 补打 is not authorised (中文), or None. Each approved ``reprint`` request for the
    document allows one reprint."""
    from sqlalchemy import func

    from counter_app.storage.tables_printing import PrintJob

    if kind not in DECISION_DOCUMENTS or table.required_level(Escalation.reprint, on) <= 0:
        return None
    with store.session() as s:
        rows = s.scalars(select(ApprovalRequestRow).where(ApprovalRequestRow.case_id == case_id,
                                                          ApprovalRequestRow.action == Escalation.reprint.value,
                                                          ApprovalRequestRow.state == "approved")).all()
        approved = sum(1 for r in rows if json.loads(r.details or "{}").get("document_id") == document_id)
        done = s.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.document_id == document_id,
                                                                          PrintJob.reprint.is_(True))) or 0
    if approved > done:
        return None
    return REPRINT_NEEDS_APPROVAL


# the refusal of a 补打 not authorised; each front end says how to ask (the window offers the request,
# the CLI names ``counter-app approvals request 办件 --action reprint --document 文书``)
REPRINT_NEEDS_APPROVAL = "补打决定书须经负责人审批：请先提出补打审批申请，批准后再补打"


@dataclass(frozen=True)
class ApprovalStatus:
    """A case's approval as data, for each front end to word in its own language (the window through
    tr(), the CLI in Chinese: :func:`status_text`): never a sentence, never a login id.

    ``state``: pending / approved / rejected / expired / withdrawn; ``action``: the Escalation value;
    ``required_level``: the grade that decides (1 科长, 2 中心主任); ``by``: who decided, by display
    name ("" while pending); ``at``: when (UTC ISO; made_at while pending, else decided_at); ``note``:
    the checker's reason (approved / rejected), why it expired, or the request's summary (pending)."""

    state: str
    action: str
    required_level: int
    by: str = ""
    at: str | None = None
    note: str = ""
    # an on-site decision the centre refused (the request is pending again): the centre's reason, who
    # had decided on site (display name, "" if unknown) and the 文号 voided under it — to recall
    centre_refusal: str = ""
    refused_by: str = ""
    voided: tuple[str, ...] = ()
    # the clerk withdrew the request here, but a supervisor had decided it at the centre first: the
    # decision waits for the clerk (carry it out, or keep the withdrawal: workflows.inbox.confirm_held)
    awaiting_clerk: bool = False


def person_of(user: p.UserInfo) -> ap.Person:
    """An account as the centre described it, as maker-checker compares people (its 工号, else its name
    in its office)."""
    return ap.Person(user.username, user.display_name, user.office_code, user.staff_no or "")


def stored_users_in(session, logins) -> dict[str, p.UserInfo]:
    """login id → the account as the centre described it at its last online sign-in here (accounts
    never signed in online here, or whose record cannot be read, are left out)."""
    from counter_app.storage.tables_sync import OfflineCredential

    out: dict[str, p.UserInfo] = {}
    for login in {x for x in logins if x}:
        row = session.get(OfflineCredential, login)
        if row is None:
            continue
        try:
            out[login] = p.UserInfo.model_validate_json(row.user_json)
        except ValueError:
            continue
    return out


def closed_by_in(session, row: ApprovalRequestRow, names: Mapping[str, str] | None = None) -> dict:
    """The decider and the maker of a request no longer pending, by name as known here
    (:func:`people_names_in`, else ``names``, else the login),
    when and why it was closed: the keywords of :func:`counter_protocol.approvals.decision_refusal`."""
    if row.state == "pending":
        return {}
    known = {**{k: v for k, v in (names or {}).items() if v},
             **{k: v for k, v in people_names_in(session, [row.checker, row.maker], [row.case_id]).items() if v}}
    return {"closed_by": known.get(row.checker) or row.checker or "", "made_by": known.get(row.maker) or row.maker,
            "closed_at": row.decided_at, "closed_reason": row.reason or ""}


def display_names(store, logins) -> dict[str, str]:
    """login id → display name ("" when this workstation never saw the account sign in online)."""
    with store.session() as s:
        return display_names_in(s, logins)


def display_names_in(session, logins) -> dict[str, str]:
    """login id → display name, as the accounts were described at their last online sign-in here."""
    from counter_app.storage.tables_sync import OfflineCredential

    out: dict[str, str] = {}
    for login in {x for x in logins if x}:
        row = session.get(OfflineCredential, login)
        try:
            name = json.loads(row.user_json).get("display_name") if row is not None else ""
        except (TypeError, ValueError):
            name = ""
        out[login] = str(name or "")
    return out


def centre_names_in(session, case_ids) -> dict[str, str]:
    """login id → name as the centre named the people of its decisions on these cases (the pulled
    ``case.escalation_decision``'s ``posted_by_name`` and ``maker_name``)."""
    from counter_app.storage.tables_sync import InboxChange

    ids = [c for c in dict.fromkeys(case_ids) if c]
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        rows = session.scalars(select(InboxChange.payload).where(
            InboxChange.aggregate_type == "case", InboxChange.kind == cu.KIND_ESCALATION,
            InboxChange.aggregate_id.in_(ids[start:start + 500])).order_by(InboxChange.cursor))
        for raw in rows:
            try:
                body = json.loads(raw)
            except ValueError:
                continue
            for login, name in ((body.get("posted_by"), body.get("posted_by_name")), (body.get("maker"), body.get("maker_name"))):
                if login and name:
                    out[str(login)] = str(name)
    return out


def people_names_in(session, logins, case_ids=()) -> dict[str, str]:
    """login id → display name: the local user store's (the account's last online sign-in here), else
    the centre's in its decisions on ``case_ids``; "" when neither knows it (never a login id, never a
    title guessed from a level)."""
    names = display_names_in(session, logins)
    if any(not v for v in names.values()) and case_ids:
        centre = centre_names_in(session, case_ids)
        names = {k: v or centre.get(k, "") for k, v in names.items()}
    return names


def name_rows(store, rows: list[dict]) -> list[dict]:
    """Put ``maker_name`` and ``checker_name`` on listed requests: the local user store's names, else
    the centre's (its decisions on the cases; the maker's name the request carries); "" if unknown."""
    with store.session() as s:
        names = people_names_in(s, {r[k] for r in rows for k in ("maker", "checker") if r.get(k)},
                                [r["case_id"] for r in rows])
    for r in rows:
        r["maker_name"] = names.get(r["maker"], "") or str((r.get("details") or {}).get("maker_name") or "")
        r["checker_name"] = names.get(r.get("checker") or "", "")
    return rows


def _status_of(r: dict, names: Mapping[str, str], note: str | None = None) -> ApprovalStatus:
    pending = r["state"] == "pending"
    checker = r.get("checker") or ""
    # a supervisor nobody here knows by name: not named at all (never a login id, never a title)
    return ApprovalStatus(state=r["state"], action=r["action"], required_level=int(r["required_level"] or 0),
                          by="" if pending else names.get(checker, ""),
                          at=r["made_at"] if pending else r.get("decided_at"),
                          note=(note if note is not None else (r.get("summary") or "") if pending
                                else (r.get("reason") or "")),
                          centre_refusal=r.get("centre_refusal") or "",
                          refused_by=r.get("refused_checker_name") or names.get(r.get("refused_checker") or "", ""),
                          voided=tuple(r.get("voided") or ()))


def latest_approval(store, case_id: str) -> ApprovalStatus | None:
    """The case's latest approval request as data (None if none, or an old store without the table)."""
    try:
        with store.session() as s:
            row = s.scalars(select(ApprovalRequestRow).where(ApprovalRequestRow.case_id == case_id)
                            .order_by(ApprovalRequestRow.made_at.desc(), ApprovalRequestRow.id.desc()).limit(1)).first()
            if row is None:
                return None
            r = as_dict(row, _expiry_hours(store))
            status = _status_of(r, people_names_in(s, [r["checker"], r["refused_checker"]], [case_id]))
        from dataclasses import replace

        from counter_app.workflows.inbox import held_decisions

        if any(h["request_id"] == r["id"] for h in held_decisions(store, case_id)):
            status = replace(status, awaiting_clerk=True)
        return status
    except Exception:  # an old store without the table
        return None


def status_text(status: ApprovalStatus | None) -> str:
    """The approval in Chinese words (the CLI's wording; the window words it through tr()):
    待审批 / 已批准 / 已驳回 / 已过期 with who, by name, and why ("" if none)."""
    if status is None:
        return ""
    action = ESCALATION_NAMES.get(Escalation(status.action), status.action) \
        if status.action in Escalation._value2member_map_ else status.action
    # the approver by name, or not at all: a director is no 科长, whatever level the request needed
    who = f"，审批人 {status.by}" if status.by else ""
    when = beijing_text(status.at)
    if status.state == "pending":
        text = f"待审批：{action}（须{level_name(status.required_level)}审批）"
        if status.centre_refusal:
            text += (f"。{status.refused_by or '负责人'}的现场授权被中心拒收（{status.centre_refusal}），决定未生效，"
                     "可由负责人重新审批（现场或集中授权）")
            if status.voided:
                text += f"；按该决定出具的决定书（文号 {'、'.join(status.voided)}）已作废，须向申请人收回"
        return text
    held = ("。经办人已撤回该申请，但撤回送达中心之前负责人已作出此决定：决定未自动执行，办件等待经办人确认——"
            "执行该决定，或维持撤回（维持撤回后如仍需办理，须重新提出审批申请，请负责人再次审批）"
            if status.awaiting_clerk else "")
    if status.state == "approved":
        return f"已批准：{action}{who}（{when}）：{status.note}{held}"
    if status.state == "rejected":
        return f"已驳回：{action}{who}（{when}）：{status.note}（办件退回经办人处理）{held}"
    if status.state == "expired":
        return f"已过期：{action}（{status.note}），可重新提出审批申请"
    return f"{ap.STATE_NAMES[ap.ApprovalState(status.state)]}：{action}{held}"


def approval_status(store, case_id: str) -> str:
    """The case's latest approval in Chinese words (:func:`status_text`, for the CLI)."""
    return status_text(latest_approval(store, case_id))


def _expiry_hours(store):
    try:
        from counter_app.workflows.reference import current_authorisation

        return current_authorisation(store).expiry_hours(date.today())
    except Exception:
        return None


def held_approvals(store, case_id: str) -> dict[str, ApprovalStatus]:
    """step code → its pending request (data), for the case's steps held back for a supervisor;
    ``note`` is the request's summary (e.g. the back pay and the amount)."""
    out = {}
    hours, now = _expiry_hours(store), utcnow()
    with store.session() as s:
        rows = s.scalars(select(ApprovalRequestRow).where(ApprovalRequestRow.case_id == case_id,
                                                          ApprovalRequestRow.state == "pending"))
        for r in rows:
            if ap.is_overdue(r.made_at, now, hours):
                continue
            code = json.loads(r.details or "{}").get("step_code")
            if code:
                out[code] = _status_of(as_dict(r, hours, now), {})
    return out


def held_steps(store, case_id: str) -> dict[str, str]:
    """step code → 待审批 text in Chinese (the CLI's wording of :func:`held_approvals`)."""
    out = {}
    for code, st in held_approvals(store, case_id).items():
        action = ESCALATION_NAMES.get(Escalation(st.action), st.action) \
            if st.action in Escalation._value2member_map_ else st.action
        out[code] = f"待审批：{st.note or action}（须{level_name(st.required_level)}审批）"
    return out


def _upsert(session, model: ap.ApprovalRequest) -> None:
    row = session.get(ApprovalRequestRow, model.id)
    if row is None:
        row = ApprovalRequestRow(id=model.id)
        session.add(row)
    elif row.state != "pending" and model.state is ap.ApprovalState.pending:
        return   # a late copy of the request never undoes a decision
    row.action, row.case_id, row.case_no, row.service_code = model.action, model.case_id, model.case_no, model.service_code
    row.office_code, row.workstation_id, row.maker = model.office_code, model.workstation_id, model.maker
    row.made_at, row.payload_digest, row.required_level = _utc(model.made_at), model.payload_digest, model.required_level
    row.summary, row.details, row.state = model.summary, canonical_json(model.details), model.state.value
    row.checker, row.reason, row.mode = model.checker, model.reason, model.mode
    row.decided_at = _utc(model.decided_at) if model.decided_at else None


def apply_pulled(store) -> int:
    """Mirror the pulled ``approval.*`` changes of this office into ``approval_requests``."""
    n = 0
    for change in pending_inbox(store, "approval."):
        with UnitOfWork(store) as uow:
            try:
                _upsert(uow.session, ap.ApprovalRequest.model_validate(change["payload"], extra="ignore"))
            except ValueError:
                pass  # malformed: marked applied, never retried forever
            mark_inbox_applied(uow.session, change["cursor"])
            uow.commit()
            n += 1
    return n


@dataclass(frozen=True)
class CentreList:
    """What a refresh from the centre found: the ids the centre knows (listed or looked up), and the
    requests pending here that the centre has meanwhile decided elsewhere (refreshed here)."""

    known: frozenset[str]
    decided_elsewhere: tuple[str, ...]


def refresh_from_centre(store, client, state: str | None, office_code: str = "") -> CentreList:
    """Refresh the local copy from the centre's list (``client.approvals``), ``state`` as filtered.
    The centre's filtered list does not name a request it no longer holds in that state: a request
    pending HERE that the centre does not list as pending (another supervisor decided it, it was
    withdrawn or expired) is looked up in the centre's whole list and refreshed, so that it shows as
    decided (by whom) instead of 待审批. Raises the client's SyncError as it comes."""
    listed = client.approvals(state).items
    for item in listed:
        store_remote(store, item)
    known = {item.id for item in listed}
    decided: list[str] = []
    if state in ("pending", "expired"):
        with store.session() as s:
            stale = {r.id for r in s.scalars(select(ApprovalRequestRow).where(ApprovalRequestRow.state == "pending"))
                     if r.id not in known and r.office_code in ("", office_code or r.office_code)}
        if stale:
            for item in client.approvals(None).items:
                known.add(item.id)
                if item.id in stale and item.state is not ap.ApprovalState.pending:
                    store_remote(store, item)
                    decided.append(item.id)
    return CentreList(frozenset(known), tuple(decided))


def store_remote(store, model: ap.ApprovalRequest) -> None:
    """Keep what the centre answered (a list or a remote decision) in the local copy."""
    with UnitOfWork(store) as uow:
        _upsert(uow.session, model)
        uow.commit()


__all__ = ["ApprovalRefused", "ApprovalService", "ApprovalStatus", "apply_pulled", "approval_status", "as_dict",
           "CentreList", "centre_names_in", "refresh_from_centre", "refused_attempt", "display_names",
           "display_names_in", "name_rows", "people_names_in",
           "held_approvals", "held_steps", "latest_approval", "status_text", "store_remote"]
