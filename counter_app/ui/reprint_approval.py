"""补打审批申请 from the window: a 补打 of a 决定书 needs a supervisor's approval (分级授权, one per
reprint; workflows.approvals.reprint_refusal). Where the print queue refuses one
(printing.printqueue.ReprintNeedsApproval) — 文书与打印 → 补打, or printing a printed document again
in 业务办理 — the clerk is offered the request, with the 补打原因 just typed, through the workflow
call ``counter-app approvals request --action reprint`` makes (ApprovalService.request_reprint).
Approved (审批页 集中授权, or 现场授权 Ctrl+Shift+A with the case open), 补打 again prints."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from counter_app.ui.dialogs import ConfirmDialog


def _fill(template: str, *values: str) -> str:
    from counter_app.ui.store_errors import fill_params

    return fill_params(template, values)


def offer_reprint_approval(parent: QWidget, ctx, *, case_id: str, document_id: str, title: str, number: str,
                           reason: str, said: Callable[[str], None], failed: Callable[[str], None],
                           events=None) -> bool:
    """Ask the clerk whether to request the approval of reprinting 《``title``》``number`` (already in
    the UI's language); yes: the request is made on a worker, ``said`` the outcome, ``failed`` a
    refusal (already pending, no counter role …). True when the request was sent off."""
    from counter_app.ui.tasks import task_runner

    heading = QCoreApplication.translate("ReprintApproval", "补打须经负责人审批")
    question = QCoreApplication.translate(
        "ReprintApproval", "补打《%1》%2 须经负责人审批（分级授权，每次补打一次审批）。\n现在提出补打审批申请吗？"
                           "补打原因「%3」随申请送负责人；批准后再补打。")
    if not ConfirmDialog.ask(heading, _fill(question, title, number, reason), parent):
        failed(_fill(QCoreApplication.translate("ReprintApproval", "未补打：补打《%1》须经负责人审批，未提出审批申请"),
                     title))
        return False

    def ask():
        from counter_app.app_context import approval_service, auth_manager

        auth_manager(ctx).require_business()
        return approval_service(ctx).request_reprint(case_id, document_id, reason)

    def done(_made) -> None:
        said(_fill(QCoreApplication.translate(
            "ReprintApproval", "已提出补打审批申请：《%1》%2，等待负责人审批——在审批页集中授权，或在业务办理中打开该办件"
                               "由负责人现场授权（Ctrl+Shift+A）；批准后再补打"), title, number))
        if events is not None:
            events.outbox_changed.emit()
            events.case_changed.emit(case_id)

    def refused(exc: BaseException) -> None:
        import logging

        from counter_app.ui.messages import plain_text

        logging.getLogger(__name__).warning("reprint approval not requested: %s", exc)
        failed(plain_text(exc, QCoreApplication.translate("ReprintApproval", "补打审批申请未提出")))

    task_runner().run(ask, done, refused, owner=parent)
    return True
