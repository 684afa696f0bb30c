"""The workspace panel's documents: print the current one, preview the notice as PDF, save the
draft as a file ``counter-app case import`` reads (a mixin of :class:`WorkspacePanel`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from counter_app.domain.changes import OpChanges
from counter_app.domain.terms import DOCUMENTS, EDITABLE_STATES, DocumentKind
from counter_app.ui.messages import plain_text
from counter_app.ui.tasks import run_task
from counter_app.ui.words import print_state_text
from counter_app.ui.workspace.ops import OpResult, PrintNote

log = logging.getLogger(__name__)


if TYPE_CHECKING:
    from pathlib import Path

    from counter_app.ui.workspace.panel_host import PanelHost   # WorkspacePanel as its mixins see it
else:
    PanelHost = object      # a plain mixin at run time


class DocumentsMixin(PanelHost):
    # ------------------------------------------------------------------ printing / preview
    def current_document(self) -> dict | None:
        issued = [d for d in self.documents if d.get("status") == "issued" and d.get("issued_id")]
        return issued[-1] if issued else None

    def print_current(self) -> None:
        doc = self.current_document()
        if doc is None:
            self._show_error(QCoreApplication.translate("WorkspacePanel", "当前办件还没有出具文书"))
            return
        from counter_app.app_context import print_queue

        ctx, cid, doc_id = self.ctx, doc.get("fields", {}).get("case_id", ""), doc["issued_id"]
        title = DOCUMENTS[DocumentKind(doc["kind"])].title
        printed = doc_id in self._printed
        reason = ""
        if printed:                 # printing it again is a 补打: its reason is required, as in 文书与打印
            from counter_app.ui.documents_models import ReprintReason

            reason = ReprintReason.ask(self) or ""
            if not reason:
                return

        def op() -> OpResult:
            pq = print_queue(ctx)
            job = pq.reprint(doc_id, clerk=ctx.actor, reason=reason) if printed else pq.submit_document(doc_id, clerk=ctx.actor)
            return OpResult(case_id=cid, print_notes=[PrintNote(title, job.state, job.reason)],
                            changes=OpChanges(documents=(cid,) if cid else (), print_jobs=True))

        def done(result: OpResult) -> None:
            self._printed.add(doc_id)
            note = result.print_notes[0]            # the job's state as data: worded here, in this language
            self._show_message(QCoreApplication.translate("WorkspacePanel", "《%1》已送打印：%2").replace("%1", title)
                               .replace("%2", print_state_text(note.state, note.reason)))

        from counter_app.ui.tasks import task_runner

        def failed(exc: BaseException) -> None:
            from counter_app.printing.printqueue import ReprintNeedsApproval

            if isinstance(exc, ReprintNeedsApproval):    # 补打决定书: offer the approval request, this reason
                from counter_app.ui.document_titles import document_title
                from counter_app.ui.reprint_approval import offer_reprint_approval

                offer_reprint_approval(self, ctx, case_id=exc.case_id, document_id=exc.document_id,
                                       title=document_title(title), number=doc.get("number") or "", reason=reason,
                                       said=self._show_message, failed=self._show_error, events=self.events)
                return
            self._show_error(QCoreApplication.translate("WorkspacePanel", "打印失败：%1").replace("%1", plain_text(exc)))

        task_runner().run_op(op, done, failed, events=self.events, owner=self)

    def preview_document_kind(self) -> DocumentKind | None:
        if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES:
            doc = self.current_document()
            return DocumentKind(doc["kind"]) if doc else None
        return self.outcome.document if self.outcome is not None and self.outcome.decided else None

    def preview_pdf(self) -> None:
        """预览PDF: render the notice on a worker and show it in a QPdfView (on request only)."""
        kind = self.preview_document_kind()
        if kind is None or self.service is None:
            self._show_error(QCoreApplication.translate("WorkspacePanel", "审核结果尚未确定，暂无可预览的文书"))
            return
        from counter_app.app_context import renderer

        render_pdf = renderer(self.ctx)
        doc = self.current_document() if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES else None
        if doc is not None:
            fields, number = doc["fields"], doc.get("number") or QCoreApplication.translate("WorkspacePanel", "（预览）")
        else:
            from counter_app.domain import case_engine

            case, outcome = self.draft_case(), self.outcome
            if case is None or outcome is None:     # never: a kind to preview is a decided draft's
                return
            case.missing = outcome.missing
            case.reasons = outcome.reasons
            from counter_app.workflows.reference import remedy_fields

            office = self.ctx.settings.office
            fields = case_engine.document_fields(case, kind, service=self.service, clerk=self.ctx.clerk_name, on=self._today(),
                                            office=office.name, office_code=office.code,
                                            workstation_id=office.workstation_id,
                                            remedy=remedy_fields(self.ctx.store, office.code))
            number = QCoreApplication.translate("WorkspacePanel", "（预览）")
        font_path = self.ctx.settings.ui.font_path
        draft = doc is None or not doc.get("number")     # not issued yet: a 样稿 (watermark, no QR, no seal)
        run_task(lambda: render_pdf(kind, fields, number, font_path=font_path, draft=draft), self._show_pdf,
                 self._preview_failed)

    def _preview_failed(self, exc: BaseException) -> None:
        """The renderer's error goes to the (masked) log; the clerk reads a plain sentence."""
        log.warning("document preview failed: %r", exc)
        self._show_error(QCoreApplication.translate("WorkspacePanel", "预览失败：%1").replace("%1", plain_text(exc)))

    def _show_pdf(self, pdf: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            self.pdf_document = QPdfDocument(self)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setObjectName("pdfView")
            self.pdf_view.setDocument(self.pdf_document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.preview_tabs.addTab(self.pdf_view, QCoreApplication.translate("WorkspacePanel", "PDF预览"))
        self.pdf_document.close()
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice   # here: the PDF preview is not needed at start-up

        buf = QBuffer(self)
        buf.setData(QByteArray(pdf))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._pdf_buffer = self._pdf_buffer, buf
        self.pdf_document.load(buf)
        if old is not None:
            old.deleteLater()
        self.preview_tabs.setCurrentWidget(self.pdf_view)

    def save_draft(self) -> Path | None:
        """Ctrl+S: the unsubmitted draft as a file in ``<data>/drafts`` — the JSON the 综合受理 desk
        hands over and ``counter-app case import`` reads (workflows.accept.Draft), sealed at rest
        (storage.sealed_files: ``draft-….json.sm4``, owner-only) as it names the applicant. Clear drafts
        an earlier release saved there are sealed too. Returns the path."""
        import json
        from datetime import datetime

        from counter_app.storage.sealed_files import seal_clear_drafts, write_sealed_draft

        draft = self.current_draft()
        if draft is None or not self.has_unsubmitted_draft():
            self._show_error(QCoreApplication.translate("WorkspacePanel", "没有未提交的办件可保存"))
            return None
        folder = self.ctx.paths.data_dir / "drafts"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        seal_clear_drafts(folder)
        name = f"draft-{datetime.now():%Y%m%d-%H%M%S}-{draft.service}.json"
        body = {**draft.as_json(), "saved_at": datetime.now().isoformat(timespec="seconds")}
        path = write_sealed_draft(folder, name, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
        text = QCoreApplication.translate("WorkspacePanel", "草稿已保存：%1（可用 counter-app case import 导入）")
        self._show_message(text.replace("%1", path.name))
        return path
