"""受理 in one use case: accepting a draft is ONE call in ONE transaction.

The clerk's Ctrl+Enter on a draft (and ``counter-app case import`` for a case received at a 综合受理
desk) runs :func:`accept_draft`: create the case (or update a returned one), store the materials'
ticks and the clerk's answers, submit, decide (6.1.1.2.2), allocate the 文号 of the document the
outcome produces, and write every outbox row — inside one :class:`UnitOfWork`, through
``CaseWorkflow.within(uow)``. A failure at any stage rolls everything back: no case, no number, no
outbox row is left half-done.

Each operation returns what it changed (:class:`OpChanges`, as Anki's ``OpChanges``), which the UI's
background-task pattern announces (``AppEvents.announce``); no widget emits change events by hand.

The draft's JSON form (:meth:`Draft.from_json` / :meth:`Draft.as_json`) is the one the 综合受理
desk hands over and the window saves::

    {"service": CODE, "applicant_type": "individual|unit|agent|survivor",
     "applicant": {"id_number": …, "name": …, …}, "unit_uscc": …,
     "materials": "all" | [CODE, …] | {CODE: "present|missing|defective" | {"state", "problem"}},
     "conditions": "confirmed" | {CODE: true | false | "reason it is not met"},   # optional
     "variants": [CODE, …], "facts": {…}, "case_id": …}                           # optional

``conditions`` says what the desk (or the clerk) judged of the conditions only a person can judge;
it defaults to ``"confirmed"`` for a handed-over case (the desk confirmed them when it received it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from counter_app.domain.case_engine import EDITABLE_STATES, CaseState, TransitionRefused
from counter_app.domain.catalog import Escalation, OutcomeKind
from counter_app.domain.checklist import MISSING, TickState
from counter_app.domain.drafts import DEFECTIVE_DEFAULT, Draft, DraftError, OpChanges
from counter_app.domain.terms import STATE_NAMES

__all__ = ["DEFECTIVE_DEFAULT", "STAGES", "AcceptResult", "Draft", "DraftError", "OpChanges", "StepResult", "accept_draft", "act_and_close",
           "resubmit_returned"]

#: the stages of :func:`accept_draft`, in order (a fault may be injected after each one)
STAGES = ("create", "materials", "answers", "submit", "decide")


@dataclass(frozen=True)
class AcceptResult:
    case_id: str
    case_no: str
    state: CaseState
    outcome: OutcomeKind | None
    document_numbers: tuple[str, ...]
    changes: OpChanges
    approval_id: str = ""        # the 不予受理 waits for a supervisor (待审批): the request made


def _decided_by_rules(workflow, cid: str) -> set[str]:
    """The conditions of the case the record and the rules decide as it stands (no clerk's answer)."""
    from dataclasses import replace

    from counter_app.domain.case_engine import evaluate_case

    view = workflow.get(cid)
    return {e.code for e in evaluate_case(replace(view.case, condition_answers={}), view.service, workflow.now().date())
            if e.system_result is not None}


def accept_draft(workflow, draft: Draft, *, expected: OutcomeKind | None = None,
                 fault: Callable[[str], None] | None = None,
                 during: Callable[[Any, Any, str], None] | None = None) -> AcceptResult:
    """Create (or update), tick, answer, submit and decide ``draft`` in ONE transaction.

    ``workflow`` is the clerk's CaseWorkflow; ``expected`` the outcome the clerk saw (the decision is
    refused when the stored checklist decides otherwise). ``fault(stage)`` is called after each of
    :data:`STAGES` (tests inject failures there). Raises TransitionRefused / DraftError with the
    clerk's message; then nothing is stored.
    """
    from counter_app.storage.uow import UnitOfWork   # here: the window imports Draft on its GUI thread

    _require_counter_role(workflow, "办理窗口受理")
    with UnitOfWork(workflow.store, actor=workflow.actor, workstation_id=workflow.workstation_id) as uow:
        inner = workflow.within(uow)
        if draft.case_id is None:
            view = inner.create(draft.service, draft.applicant_type, variants=draft.variants,
                                applicant=draft.applicant, facts=draft.facts)
        else:
            view = inner.get(draft.case_id)
            if view.case.state not in EDITABLE_STATES:
                raise TransitionRefused.of("resubmit_state", view.case.case_no, STATE_NAMES[view.case.state])
            view = inner.update(draft.case_id, applicant=draft.applicant, variants=draft.variants,
                                facts=dict(draft.facts) or None)
        service = view.service
        cid = view.case.id
        if during is not None:          # e.g. the pages photographed before the case existed (高拍仪)
            during(uow, inner, cid)
        _hook(fault, "create")
        ticks, answers = draft.resolved(service)
        stored_ticks = dict(view.case.ticks)
        for code, tick in ticks.items():
            if stored_ticks.get(code) == tick or (tick == MISSING and code not in stored_ticks):
                continue
            problem = tick.problem or (DEFECTIVE_DEFAULT if tick.state is TickState.defective else "")
            inner.tick(cid, code, tick.state, problem)
        _hook(fault, "materials")
        if draft.answers is None:     # "confirmed": the desk's word where the clerk judges, never over the rules' verdict
            answers = {k: v for k, v in answers.items() if k not in _decided_by_rules(inner, cid)}
        stored = {k: (v.met, v.note or (v.reasons[0] if v.reasons else "")) for k, v in view.case.condition_answers.items()}
        for code, (met, reason) in answers.items():
            new = (met, reason)       # an override of a system result keeps its written reason with a 符合 too
            if stored.get(code, (None, "")) != new:
                inner.answer_condition(cid, code, met, new[1])
        _hook(fault, "answers")
        if inner.get(cid).case.state in (CaseState.draft, CaseState.returned):
            inner.submit(cid)
        _hook(fault, "submit")
        approval_id = ""
        current = inner.get(cid)
        needed = _approval_needed(workflow, current, expected)
        if needed is not None:
            # 分级授权 (7.3.2): the clerk alone never issues a 不予受理决定书 nor decides on an override
            # of a system check — ask a supervisor, in this same transaction; the decision is made
            # when the approval comes (现场 / 集中授权)
            from counter_app.workflows.approvals import ApprovalService

            approvals = ApprovalService(workflow.store, actor=workflow.actor, office=workflow.office, office_code=workflow.office_code,
                                        workstation_id=workflow.workstation_id, names=_clerk_names(workflow))
            pending = approvals.list(state="pending", case_id=cid, within=uow)
            approval_id = pending[0]["id"] if pending else approvals.request(cid, needed, within=uow)["id"]
            decided = inner.get(cid)
        else:
            decided = inner.decide(cid, expected=expected)
        _hook(fault, "decide")
        numbers = tuple(d["number"] for d in inner.documents(cid) if d.get("status") == "issued" and d.get("number"))
        uow.commit()
    case = decided.case
    outcome = {CaseState.accepted: OutcomeKind.accepted, CaseState.returned: OutcomeKind.incomplete,
               CaseState.rejected: OutcomeKind.not_eligible}.get(case.state)
    return AcceptResult(cid, case.case_no, case.state, outcome, numbers,
                        OpChanges(cases=(cid,), outbox=True, documents=(cid,) if numbers else ()), approval_id)


def resubmit_returned(workflow, case_id: str, brought: Iterable[str] | None, *,
                      facts: Mapping[str, Any] | None = None, expected: OutcomeKind | None = None,
                      fault: Callable[[str], None] | None = None) -> AcceptResult:
    """退回补正 (6.1.1.2.2: 补齐…后再次提交): the applicant of a returned case (材料不齐全（已退回）)
    comes back with the materials the 业务指引告知书 listed. ONE call, ONE transaction, the window's
    resume path (open the returned case, tick the materials brought, Ctrl+Enter: :func:`accept_draft`
    with the case's id): the materials ``brought`` (codes of the case's plan; None: all of them) are
    ticked 已提交 over the stored ticks, everything else of the case — applicant, variants, the ticks
    of materials not brought, the clerk's answers — stays as stored, and the case is submitted and
    decided again from the record and the rules: 受理 (受理告知书), still 材料不齐全 (a new
    业务指引告知书 listing everything still missing), or 不予受理 (held for a supervisor as at the
    window). ``facts``: facts looked up again before the transaction (the person's ``registry``).

    Refused, nothing stored: a case that is not 材料不齐全（已退回） (TransitionRefused
    ``not_returned``, checked again inside the transaction), a material code the case's plan does not
    have (DraftError naming the codes it has), no material given. The resubmission is audited
    (``case.resubmit``, the materials brought by name) beside the transitions' own records."""
    from counter_app.domain.checklist import PRESENT

    _require_counter_role(workflow, "办理窗口受理", case_id)
    view = workflow.get(case_id)
    case, service = view.case, view.service
    if case.state is not CaseState.returned:
        raise TransitionRefused.of("not_returned", case.case_no, STATE_NAMES[case.state])
    plan = service.plan(case.applicant_type, tuple(case.variants))
    names = {m.code: m.name for m in plan.materials}
    if brought is None:
        codes = list(names)
    else:
        codes = list(dict.fromkeys(c.strip() for c in brought if c and c.strip()))
        if not codes:
            raise DraftError("请列出申请人补齐的材料编码（或 all：全部材料已齐）")
        unknown = [c for c in codes if c not in names]
        if unknown:
            raise DraftError(f"办件 {case.case_no}（「{service.name}」）没有材料：{'、'.join(unknown)}；"
                             f"该办件的材料：{'、'.join(f'{c}（{n}）' for c, n in names.items())}")
    ticks = {c: t for c, t in case.ticks.items() if c in names}
    ticks.update(dict.fromkeys(codes, PRESENT))
    answers = {k: (v.met, v.note or (v.reasons[0] if v.reasons else "")) for k, v in case.condition_answers.items()}
    draft = Draft(case.service_code, case.applicant_type, dict(case.applicant), tuple(case.variants),
                  dict(facts or {}), ticks, answers, case_id)

    def during(uow, inner, cid: str) -> None:
        now = inner.get(cid).case         # the case as this transaction reads it: still returned?
        if now.state is not CaseState.returned:
            raise TransitionRefused.of("not_returned", now.case_no, STATE_NAMES[now.state])
        uow.audit("case.resubmit", object_type="case", object_id=now.case_no or cid, actor=workflow.actor,
                  detail="补齐材料重新提交：" + "、".join(names[c] for c in codes))

    return accept_draft(workflow, draft, expected=expected, fault=fault, during=during)


def _approval_needed(workflow, view, expected) -> Escalation | None:
    """The approval the decision waits for under the table the service was built with, or None."""
    if expected not in (None, view.outcome.kind):
        return None          # the decision refuses the mismatch itself
    if Escalation.rejection in workflow.approvals_required and view.outcome.kind is OutcomeKind.not_eligible:
        return Escalation.rejection
    if (Escalation.reg_cancel in workflow.approvals_required and view.case.service_code == "reg_cancel"
            and view.outcome.kind is OutcomeKind.accepted):
        return Escalation.reg_cancel
    if Escalation.condition_override in workflow.approvals_required and getattr(workflow, "prechecks", None) is None:
        from counter_app.workflows.cases import overrides

        if overrides(view.case, view.service, workflow.now().date()):
            return Escalation.condition_override
    return None


def _archive_not_written():
    from counter_app.workflows.cases import ArchiveNotWritten

    return ArchiveNotWritten


def _discard_packages(session) -> None:
    from counter_app.workflows.cases import _discard_packages as discard

    discard(session)


def _require_counter_role(workflow, doing: str, case_id: str = "") -> None:
    """The workflow's role check (CaseWorkflow.require_counter_role), before this use case's
    transaction opens: the refused attempt's audit record is written on its own."""
    check = getattr(workflow, "require_counter_role", None)
    if check is not None:
        check(doing, case=case_id)


def _hook(fault: Callable[[str], None] | None, stage: str) -> None:
    if fault is not None:
        fault(stage)


@dataclass(frozen=True)
class StepResult:
    case_id: str
    state: CaseState
    closed: bool                 # 办结 in the same action (nothing was left to decide)
    archived: bool               # and 归档
    changes: OpChanges
    approval_id: str = ""        # the step waits for a supervisor (待审批, e.g. 待遇核定 over the parameters)


def act_and_close(workflow, case_id: str, action: Callable[[Any], Any], *, close: bool = True) -> StepResult:
    """One clerk action after acceptance (a step, 公示, 核查, 办结, 不予认定, 归档) in ONE transaction.

    With ``close``, when the action leaves nothing open and nothing to decide (every step done, no
    objection found the case ineligible), the case is also closed (办结, with its document) and
    archived (归档) in the same transaction: the clerk needs no separate keystroke for either.
    A document that cannot be produced refuses the whole action (the step is not 完成).

    A step the graded authorisation table holds for a supervisor (``ApprovalNeeded``: a benefit
    decision over the back-pay / amount parameters) is not recorded: the approval request is made in
    the same transaction instead (or the pending one named) and the case shows 待审批; the step is
    recorded, and its 核准决定书 issued, when the approval comes (现场 / 集中授权).

    归档's archive package is written in the same transaction: when it cannot be, nothing of the action
    is stored and the refusal (``ArchiveNotWritten``) is audited (``archive.failed``).
    """
    _require_counter_role(workflow, "办理办件", case_id)
    try:
        return _act_and_close(workflow, case_id, action, close=close)
    except _archive_not_written() as failed:     # rolled back: the 归档 and its package are not stored
        failed.audit(workflow.store, workflow.actor, workflow.workstation_id)
        raise


def _act_and_close(workflow, case_id: str, action: Callable[[Any], Any], *, close: bool) -> StepResult:
    from counter_app.domain import case_engine
    from counter_app.domain.case_engine import ApprovalNeeded

    closed = archived = False
    from counter_app.storage.uow import UnitOfWork

    with UnitOfWork(workflow.store, actor=workflow.actor, workstation_id=workflow.workstation_id) as uow:
        inner = workflow.within(uow)
        try:
            action(inner)
        except ApprovalNeeded as needed:
            approval_id = ask_approval(workflow, uow, case_id, needed)
            state = inner.get(case_id).case.state
            uow.commit()
            return StepResult(case_id, state, False, False, OpChanges(cases=(case_id,), outbox=True), approval_id)
        view = inner.get(case_id)
        if close and view.case.state is CaseState.accepted and view.next_step is None:
            try:
                case_engine.complete(view.case, view.service)
            except TransitionRefused:
                pass                                  # something is left to decide (不予认定)
            else:
                view = inner.complete(case_id)
                closed = True
        if close and (closed or view.case.state is CaseState.completed):
            try:
                case_engine.archive(view.case, view.service)
            except TransitionRefused:
                pass                                  # a step after 办结 is still open (送达)
            else:
                view = inner.archive(case_id)   # 7.2: its package is written in this same transaction
                archived = True
        try:
            uow.commit()
        except BaseException:
            _discard_packages(uow.session)
            raise
    return StepResult(case_id, view.case.state, closed, archived, OpChanges(cases=(case_id,), outbox=True))


def ask_approval(workflow, uow, case_id: str, needed) -> str:
    """The approval request for ``needed`` (an ``ApprovalNeeded``) inside ``uow``: the pending one
    when it asks the same; a pending one asking something else is refused (withdraw it first)."""
    from counter_app.workflows.approvals import ApprovalService

    approvals = ApprovalService(workflow.store, actor=workflow.actor, office=workflow.office, office_code=workflow.office_code,
                                workstation_id=workflow.workstation_id, today=lambda: workflow.now().date(),
                                names=_clerk_names(workflow))
    for pending in approvals.list(state="pending", case_id=case_id, within=uow):
        if pending["action"] != needed.escalation.value:
            continue
        if pending["details"].get("data") == needed.data and pending["details"].get("step_code") == needed.step_code:
            return pending["id"]
        raise TransitionRefused.of("same_request_pending")
    return approvals.request_needed(case_id, needed, within=uow)["id"]


def _clerk_names(workflow) -> dict[str, str]:
    """The signed-in clerk's name as the case service knows it: a request carries it (maker_name), so
    the supervisor's queue names the maker wherever it is read."""
    name = getattr(workflow, "clerk_name", "") or ""
    return {workflow.actor: name} if name and name != workflow.actor else {}
