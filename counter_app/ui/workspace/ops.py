"""The worker side of the workspace's case operations.

Each operation runs on the panel's serial worker and returns an :class:`OpResult`: the case as
stored afterwards, its documents, what it printed, the clerk's message, and ``changes`` (an
``OpChanges``) that the task runner announces. The accept sequence itself is one use case in
``counter_app.workflows.accept``; nothing here opens more than the transaction an operation needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication

from counter_app.domain.changes import OpChanges
from counter_app.domain.terms import DOCUMENTS, DocumentKind, TickState
from counter_app.ui.document_titles import document_title
from counter_app.ui.messages import Refusal

if TYPE_CHECKING:
    from counter_app.workflows.cases import CaseView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintNote:
    """What became of one document sent to the printer after an operation, as data: the document's
    title (the official name, Chinese on paper; ui.document_titles words it on screen), the job's state and why it waits, or
    why it could not be queued. Worded in the clerk's language by :func:`print_note_text`."""

    title: str
    state: str = ""                # printing.printqueue.JobState; "" when the job was not queued
    reason: str | None = None      # why a waiting job waits (printing.cups OFFLINE / OUT_OF_PAPER / ERROR)
    error: str = ""                # why it was not queued (a plain message)


@dataclass(frozen=True)
class StepWaiting:
    """Why a step of the open case waits, as data, worded in the clerk's language each time the steps
    list is shown (:func:`step_waiting_text`), so a language switch re-words it without a reload:
    ``refused`` — a supervisor's refusal from the centre (``by``: the display name, "" when unknown
    here; ``reason``: the supervisor's own words); ``approval`` — the step's approval
    (``approval``: an ApprovalStatus); ``fingerprint_exempt`` — 无法采集指纹, awaiting a supervisor."""

    kind: str
    by: str = ""
    reason: str = ""
    approval: object = None


def step_waiting_text(waiting: StepWaiting) -> str:
    """:class:`StepWaiting` in the language of the UI now."""
    if waiting.kind == "refused":
        return refusal_text(waiting.by, waiting.reason)
    if waiting.kind == "approval":
        from counter_app.ui.words import approval_text

        return approval_text(waiting.approval)
    return QCoreApplication.translate("CaseOps", "无法采集指纹，等待主管审批")


@dataclass
class OpResult:
    case_id: str | None = None
    view: CaseView | None = None
    documents: list = field(default_factory=list)
    new_documents: list = field(default_factory=list)
    print_notes: list[PrintNote] = field(default_factory=list)   # worded by the panel, not here
    error: str = ""
    refusal: object = None         # the case engine's refusal as data (domain.refusals), re-worded on a switch
    message: str = ""
    waiting: dict = field(default_factory=dict)   # step code → StepWaiting (data, worded when shown)
    changes: OpChanges = field(default_factory=OpChanges)
    params: object = None          # the policy parameters in force (for the typed 核定 form)


def _refusal(exc: BaseException):
    """The case engine's refusal kept as data (a domain.refusals.Refusal), else None."""
    from counter_app.domain.refusals import Refusal

    reason = getattr(exc, "reason", None)
    return reason if isinstance(reason, Refusal) else None


class CaseOps:
    """Runs on the worker: the clerk's CaseWorkflow, the print queue, the reload after each change."""

    def __init__(self, ctx, *, auto_print: bool = True):
        self.ctx = ctx
        self.auto_print = auto_print

    @property
    def workflow(self):
        from counter_app.app_context import case_workflow

        return case_workflow(self.ctx)

    def accept(self, draft, expected, known, message: str, during: Callable | None = None) -> OpResult:
        """Ctrl+Enter on a draft: ONE use case, ONE transaction (workflows.accept); ``during(uow, cases,
        case_id)`` adds to that transaction (the 高拍仪 pages photographed before the case existed)."""
        from counter_app.workflows.accept import accept_draft

        def body(_cid):
            if during is not None:
                from counter_app.storage.crypto import store_cipher

                store_cipher(self.ctx.store)     # the store's data key exists before the transaction begins
            done = accept_draft(self.workflow, draft, expected=expected, during=during)
            if done.approval_id:
                return done.case_id, self.approval_text(done.case_id) + QCoreApplication.translate(
                    "CaseOps", "，已提交审批；负责人可在审批页集中授权，或按 Ctrl+Shift+A 现场授权")
            return done.case_id, message

        return self.run(draft.case_id, body, known)

    def act(self, case_id, action: Callable, message: str, known, *, close: bool = True) -> OpResult:
        """One clerk action after acceptance in one transaction; 办结 and 归档 follow in the same
        transaction when nothing is left to decide (workflows.accept.act_and_close)."""
        from counter_app.workflows.accept import act_and_close

        def body(cid):
            done = act_and_close(self.workflow, cid, action, close=close)
            if done.approval_id:
                return cid, self.approval_text(cid) + QCoreApplication.translate(
                    "CaseOps", "，已提交审批；负责人可在审批页集中授权，或按 Ctrl+Shift+A 现场授权")
            return cid, closed_text(message, closed=done.closed, archived=done.archived) + self.archive_code_text(done)

        return self.run(case_id, body, known)

    def archive_code_text(self, done) -> str:
        """「（档号 …）」 after an action that archived the case (its package was written with the 归档)."""
        from counter_app.domain.case_engine import CaseState
        from counter_app.printing.archive_package import archive_code_of

        if done.state is not CaseState.archived:
            return ""
        code = archive_code_of(self.ctx.store, self.workflow.get(done.case_id).case.case_no)
        return QCoreApplication.translate("CaseOps", "（档号 %1）").replace("%1", code) if code else ""

    def approval_text(self, case_id) -> str:
        """The case's latest approval (待审批 / 已批准 / 已驳回, who by name, when, why) in the clerk's language."""
        from counter_app.ui.words import approval_text
        from counter_app.workflows.approvals import latest_approval

        return approval_text(latest_approval(self.ctx.store, case_id))

    def require_business(self) -> None:
        """Raise sync.auth.BusinessRefused (a ValueError keeping its Refusal) while no business may be
        done here: a store restored from a backup before an online sign-in brought the centre's
        numbers — the question the CLI's commands ask (AuthManager.restored_refusal)."""
        from counter_app.app_context import auth_manager

        auth_manager(self.ctx).require_business()

    def run(self, case_id, body: Callable, known=frozenset()) -> OpResult:
        """``body(case_id) -> (case_id, message)``; then reload the case and print new documents.
        Refused, nothing done, while :meth:`require_business` refuses."""
        from counter_app.domain.case_engine import TransitionRefused
        from counter_app.domain.drafts import DraftError
        from counter_app.ui.messages import plain_text

        result = OpResult(case_id=case_id)
        try:
            self.require_business()
            result.case_id, result.message = body(case_id)
        except (TransitionRefused, DraftError, ValueError) as exc:
            result.error = plain_text(exc)
            result.refusal = _refusal(exc)
        except Exception:
            log.exception("workspace operation failed")
            result.error = QCoreApplication.translate("CaseOps", "操作未能完成，请重试；问题持续请联系技术支持（详情已记入日志）")
        if result.case_id:
            self._reload(result)
            if not result.error:
                self._print_new(result, known)
            if not result.error and not result.message:
                result.message = self.approval_text(result.case_id)   # 待审批 → 已批准 / 已驳回
            result.changes = OpChanges(cases=(result.case_id,), outbox=not result.error,
                                       documents=(result.case_id,) if result.new_documents else (),
                                       print_jobs=bool(result.new_documents) and self.auto_print)
        return result

    def authorise_on_site(self, case_id, username: str, password: str, approve: bool, reason: str,
                          known=frozenset(), totp: str = "") -> OpResult:
        """现场授权: the supervisor authenticates on this screen for the case's one pending request
        (the clerk stays signed in; offline against the supervisor's offline verifier) and decides
        it; approved, the case goes on with the supervisor as approver (workflows.approvals)."""

        def body(cid):
            from counter_app.app_context import approval_service, auth_manager
            from counter_app.sync.auth import LoginError
            from counter_app.ui.messages import plain_text
            from counter_app.workflows.approvals import ApprovalRefused

            approvals = approval_service(self.ctx)
            request_id = _pending_request(approvals, cid)
            try:
                checker, _mode, key = auth_manager(self.ctx).authenticate_once(username, password, totp)
                done = approvals.decide_on_site(request_id, checker, approve=approve, reason=reason,
                                                approval_key=key)
            except LoginError as exc:
                raise Refusal(plain_text(exc)) from None           # worded (ui.login_errors)
            except ApprovalRefused as exc:
                raise Refusal(getattr(exc, "reason", None) or str(exc)) from None
            return cid, on_site_decision_text(checker.display_name or checker.username, done["state"], done["reason"])

        return self.run(case_id, body, known)

    def withdraw_approval(self, case_id, reason: str = "", known=frozenset()) -> OpResult:
        """撤回申请: the signed-in clerk withdraws their own pending request of the case
        (workflows.approvals.ApprovalService.withdraw: the maker only, audited, queued for the centre)."""

        def body(cid):
            from counter_app.app_context import approval_service
            from counter_app.workflows.approvals import ApprovalRefused

            approvals = approval_service(self.ctx)
            request_id = _pending_request(approvals, cid)
            try:
                approvals.withdraw(request_id, reason)
            except ApprovalRefused as exc:
                raise Refusal(exc.reason) from None
            return cid, QCoreApplication.translate(
                "CaseOps", "已撤回审批申请：同步后中心也撤回；如仍需办理该事项，可重新提出审批申请")

        return self.run(case_id, body, known)

    def confirm_held_decision(self, case_id, carry_out: bool, known=frozenset()) -> OpResult:
        """The clerk's answer to a centre decision held because they had withdrawn the request here:
        carry it out (documents issued and printed as usual) or keep the withdrawal — one workflow
        call (workflows.inbox.confirm_held)."""

        def body(cid):
            from counter_app.workflows.inbox import confirm_held

            office = self.ctx.settings.office
            try:
                done = confirm_held(self.ctx.store, cid, carry_out=carry_out, actor=self.ctx.actor, office=office.name,
                                    office_code=office.code, workstation_id=office.workstation_id)
            except LookupError:
                raise Refusal(QCoreApplication.translate("CaseOps", "该办件没有等待经办人确认的中心决定")) from None
            if not carry_out:
                return cid, QCoreApplication.translate(
                    "CaseOps", "已维持撤回：中心的决定未执行。如仍需办理该事项，须重新提出审批申请，请负责人再次审批")
            if done.outcome not in ("approved", "refused", "applied"):
                raise Refusal(QCoreApplication.translate("CaseOps", "中心的决定未能执行：办件当前状态不适用"))
            return cid, ""      # the approval's words (已批准 …) as after any decision

        return self.run(case_id, body, known)

    def open(self, case_id) -> OpResult:
        from counter_app.domain.case_engine import TransitionRefused
        from counter_app.ui.messages import plain_text

        result = OpResult(case_id=case_id)
        try:
            self._reload(result)
        except (TransitionRefused, ValueError) as exc:
            result.error = plain_text(exc)
            result.refusal = _refusal(exc)
            result.case_id = None
        return result

    def write_checklist(self, cid, ticks, answers, reasons, old_ticks, old_answers) -> OpResult:
        """A stored, still editable case (退回补正): store the ticks / answers that changed."""
        from counter_app.domain.case_engine import TransitionRefused
        from counter_app.domain.drafts import DEFECTIVE_DEFAULT
        from counter_app.ui.messages import plain_text

        result = OpResult(case_id=cid)
        try:
            self.require_business()
            workflow = self.workflow
            for mcode, tick in ticks.items():
                if old_ticks.get(mcode) == tick:
                    continue
                problem = tick.problem or (DEFECTIVE_DEFAULT if tick.state is TickState.defective else "")
                workflow.tick(cid, mcode, tick.state, problem)
            for ccode, met in answers.items():
                new = (met, reasons.get(ccode, ""))     # the reason of an override goes with a 符合 too
                if old_answers.get(ccode, (None, "")) != new:
                    workflow.answer_condition(cid, ccode, met, new[1])
            result.changes = OpChanges(cases=(cid,))
        except (TransitionRefused, ValueError) as exc:
            result.error = plain_text(exc)
            result.refusal = _refusal(exc)
        return result

    def _reload(self, result: OpResult) -> None:
        workflow = self.workflow
        result.view = workflow.get(result.case_id)
        result.documents = workflow.documents(result.case_id)
        result.waiting = self.waiting_of(result.case_id)
        if result.view is not None and result.view.next_step:
            result.params = self.params()

    def params(self):
        """The policy parameters in force (the centre's latest, else the shipped file); None when
        they cannot be read — the form then asks the clerk for the figures the rules would give."""
        from counter_app.workflows.reference import current_params

        try:
            return current_params(self.ctx.store)
        except Exception:
            log.warning("policy parameters unavailable", exc_info=True)
            return None

    def waiting_of(self, case_id) -> dict[str, StepWaiting]:
        """step code → what the step is waiting for, or the supervisor's refusal from the centre, as
        data (:class:`StepWaiting`): the steps list words it when shown."""
        from counter_app.workflows.approvals import display_names
        from counter_app.workflows.fingerprint import fingerprint_status
        from counter_app.workflows.inbox import step_refusals

        refusals = step_refusals(self.ctx.store, case_id)
        names = display_names(self.ctx.store, [r.decided_by for r in refusals.values()]) if refusals else {}
        waiting = {code: StepWaiting("refused", by=names.get(r.decided_by, ""), reason=r.reason)
                   for code, r in refusals.items()}
        try:
            from counter_app.workflows.approvals import held_approvals

            waiting.update({code: StepWaiting("approval", approval=status)   # 待审批 (e.g. 待遇核定 over the parameters)
                            for code, status in held_approvals(self.ctx.store, case_id).items()})
        except Exception:
            log.debug("approval status unavailable", exc_info=True)
        try:
            if fingerprint_status(self.ctx.store, case_id) == "exempt_pending":
                waiting.setdefault("fingerprint", StepWaiting("fingerprint_exempt"))
        except Exception:
            log.debug("fingerprint status unavailable", exc_info=True)
        return waiting

    def _print_new(self, result: OpResult, known) -> None:
        from counter_app.app_context import print_queue
        from counter_app.ui.messages import plain_text

        for d in result.documents:
            if d.get("status") != "issued" or not d.get("issued_id") or d["issued_id"] in known:
                continue
            result.new_documents.append(d)
            if not self.auto_print:
                continue
            title = DOCUMENTS[DocumentKind(d["kind"])].title
            try:
                job = print_queue(self.ctx).submit_document(d["issued_id"], copies=self.ctx.settings.printer.copies,
                                                            clerk=self.ctx.actor)
                result.print_notes.append(PrintNote(title, job.state, job.reason))
            except Exception as exc:
                result.print_notes.append(PrintNote(title, error=plain_text(exc)))


def closed_text(message: str, *, closed: bool, archived: bool) -> str:
    """An action's message followed by 办结并归档 / 归档 when they followed in the same transaction, in
    the language of the UI: the separator is the template's (「%1，…」, "%1; …" in English)."""
    translate = QCoreApplication.translate
    if closed and archived:
        return translate("CaseOps", "%1，办件已办结并归档").replace("%1", message) if message \
            else translate("CaseOps", "办件已办结并归档")
    if archived:
        return translate("CaseOps", "%1，已归档").replace("%1", message) if message else translate("CaseOps", "已归档")
    return message


def print_note_text(note: PrintNote) -> str:
    """One print note in the language of the UI: 《受理通知书》排队中 / 《…》未能打印：原因."""
    from counter_app.ui.words import print_state_text

    if note.error:
        return QCoreApplication.translate("CaseOps", "《%1》未能打印：%2").replace("%1", document_title(note.title)).replace(
            "%2", note.error)
    return QCoreApplication.translate("CaseOps", "《%1》%2").replace("%1", document_title(note.title)).replace(
        "%2", print_state_text(note.state, note.reason))


def with_print_notes(message: str, notes: list[PrintNote]) -> str:
    """An operation's message followed by what became of its printing, in the language of the UI."""
    separator = QCoreApplication.translate("CaseOps", "；")
    return separator.join([message] * bool(message) + [print_note_text(n) for n in notes])


def refusal_text(who: str, reason: str) -> str:
    """A supervisor's refusal of a step from the centre (workflows.inbox.StepRefusal), in the clerk's
    language: the supervisor by display name when this workstation knows it (never the login id),
    and the reason given."""
    reason = reason.strip() or QCoreApplication.translate("CaseOps", "未说明理由")
    text = (QCoreApplication.translate("CaseOps", "主管%1不同意：%2") if who
            else QCoreApplication.translate("CaseOps", "主管不同意：%2"))
    return text.replace("%1", who).replace("%2", reason)      # the free text last: never re-read


def on_site_decision_text(who: str, state: str, reason: str) -> str:
    """The clerk's note after 现场授权: the supervisor by name (never the login id), the decision in
    the clerk's language, and the reason given."""
    if state == "approved":
        text = (QCoreApplication.translate("CaseOps", "负责人 %1 现场批准：%2") if reason
                else QCoreApplication.translate("CaseOps", "负责人 %1 现场批准"))
    else:
        text = (QCoreApplication.translate("CaseOps", "负责人 %1 现场驳回：%2") if reason
                else QCoreApplication.translate("CaseOps", "负责人 %1 现场驳回"))
    return text.replace("%1", who).replace("%2", reason)      # the free text last: never re-read


def _pending_request(approvals, case_id: str) -> str:
    """The id of the case's pending approval request (现场授权, 撤回申请); Refusal when there is none."""
    pending = approvals.list(state="pending", case_id=case_id)
    if not pending:
        raise Refusal(QCoreApplication.translate("CaseOps", "该办件没有待审批的申请"))
    return pending[0]["id"]
