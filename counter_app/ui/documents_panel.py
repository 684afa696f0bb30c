"""文书与打印 panel: the current case's documents and today's, QtPdf preview, print, 补打, print queue.

The PDF itself is what goes to the printer (through counter_app.printing.printqueue), with or
without a dialog to pick the printer and copies. Rendering, printing and queue polling run on a
worker (counter_app.ui.tasks); the queue is polled while jobs are queued, printing or waiting.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.documents_models import (
    POLL_MS,
    ACTIVE_JOB_STATES,
    JOB_STATE_ZH,
    SCOPE_CASE,
    SCOPE_TODAY,
    _tr,
    PrintChoice,
    PrintDialog,
    PrinterChooser,
    ReprintReason,
    _print_queue,
    DocumentsModel,
    PrintJobsModel,
)
from counter_app.ui.events import AppEvents
from counter_app.ui.panel_kit import add_panel_action, setup_list_table
from counter_app.ui.document_titles import document_title
from counter_app.ui.print_words import print_detail_text
from counter_app.ui.store_errors import fill_params
from counter_app.ui.tasks import task_runner
from counter_app.ui.words import print_state_text

if TYPE_CHECKING:
    from counter_app.workflows.case_queries import DocumentSummary

log = logging.getLogger(__name__)


class DocumentsPanel(QWidget):
    """文书与打印."""

    documents_loaded = Signal()
    jobs_loaded = Signal()
    preview_loaded = Signal(int)       # page count of the document shown
    print_submitted = Signal(object)   # JobView of a new job (print / reprint)
    failed = Signal(str)               # a Chinese message shown to the clerk

    def __init__(self, ctx, events: AppEvents, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.setObjectName("DocumentsPanel")
        self.current_case_id: str | None = None
        self._doc_gen = 0
        self._preview_gen = 0
        self._polling = False
        self._pdf_cache: OrderedDict[str, bytes] = OrderedDict()
        self._buffer: QBuffer | None = None
        self.preview_doc_id: str | None = None

        self.docs_model = DocumentsModel(self)
        self.jobs_model = PrintJobsModel(self)

        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("documentsScope")
        self.scope_combo.addItem("", SCOPE_CASE)
        self.scope_combo.addItem("", SCOPE_TODAY)
        self.scope_label = QLabel(self)
        self.scope_label.setBuddy(self.scope_combo)
        self.case_label = QLabel(self)
        self.case_label.setObjectName("documentsCase")

        self.docs_view = QTableView(self)
        self.docs_view.setObjectName("documentsTable")
        self._table(self.docs_view, self.docs_model)
        # the 文号 whole on two lines (word and year / serial), sized to its text; the title takes
        # what is left (elided, whole in the tooltip); case number, time and print state in full
        header = self.docs_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.docs_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.docs_view.setWordWrap(False)            # the 文号's own line break only; others elided
        self.docs_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.docs_view.activated.connect(lambda _i: self.print_selected())

        self.pdf_doc = QPdfDocument(self)
        self._awaiting_pdf = False
        self.pdf_doc.statusChanged.connect(self._on_pdf_status)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setObjectName("documentPreview")
        self.pdf_view.setDocument(self.pdf_doc)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("documentPreviewLabel")
        self.preview_label.setWordWrap(True)         # title and 文号 whole, on a second line if need be
        self._preview_summary: DocumentSummary | None = None     # the row the preview was asked for

        self.jobs_view = QTableView(self)
        self.jobs_view.setObjectName("printJobsTable")
        self._table(self.jobs_view, self.jobs_model)
        self.jobs_label = QLabel(self)
        self.jobs_label.setBuddy(self.jobs_view)

        self.print_button = QPushButton(self)
        self.print_dialog_button = QPushButton(self)
        self.reprint_button = QPushButton(self)
        self.retry_button = QPushButton(self)
        self.send_to_button = QPushButton(self)
        self.cancel_button = QPushButton(self)

        # layout: [scope | documents | buttons] [preview] / queue
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.scope_label)
        row.addWidget(self.scope_combo)
        row.addWidget(self.case_label, 1)
        lv.addLayout(row)
        lv.addWidget(self.docs_view, 1)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.print_dialog_button, self.reprint_button):
            buttons.addWidget(b)
        lv.addLayout(buttons)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.preview_label)
        rv.addWidget(self.pdf_view, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        bottom = QWidget(self)
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.jobs_label)
        bv.addWidget(self.jobs_view, 1)
        jb = QHBoxLayout()
        for b in (self.retry_button, self.send_to_button, self.cancel_button):
            jb.addWidget(b)
        jb.addStretch(1)
        bv.addLayout(jb)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        for before, after in ((self.scope_combo, self.docs_view), (self.docs_view, self.print_button),
                              (self.print_button, self.print_dialog_button), (self.print_dialog_button, self.reprint_button),
                              (self.reprint_button, self.jobs_view), (self.jobs_view, self.retry_button),
                              (self.retry_button, self.send_to_button), (self.send_to_button, self.cancel_button)):
            QWidget.setTabOrder(before, after)

        self.action_print = add_panel_action(self, "Ctrl+P", self.print_selected, self.print_button)
        self.action_print_dialog = add_panel_action(self, "Ctrl+Shift+P", self.print_selected_with_dialog, self.print_dialog_button)
        self.action_reprint = add_panel_action(self, "Ctrl+D", self.reprint_selected, self.reprint_button)
        self.action_retry = add_panel_action(self, "Ctrl+R", self.retry_selected_job, self.retry_button)
        self.action_send_to = add_panel_action(self, "Ctrl+T", self.send_selected_job_elsewhere, self.send_to_button)
        self.action_cancel = add_panel_action(self, "Ctrl+Shift+Del", self.cancel_selected_job, self.cancel_button)
        self.action_scope_case = add_panel_action(self, "Ctrl+1", lambda: self.set_scope(SCOPE_CASE))
        self.action_scope_today = add_panel_action(self, "Ctrl+2", lambda: self.set_scope(SCOPE_TODAY))
        self.action_focus_queue = add_panel_action(self, "Ctrl+J", self.jobs_view.setFocus)
        self.action_sign = add_panel_action(self, "Ctrl+G", self.sign_selected, name="actSignDocument")  # 申请人签名

        self.scope_combo.currentIndexChanged.connect(lambda _i: self.refresh_documents())
        self.docs_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._preview_index(cur))
        self.failed.connect(events.message)
        events.case_opened.connect(self.set_case)
        events.documents_changed.connect(self._on_documents_changed)
        events.case_changed.connect(self._on_case_changed)
        events.print_jobs_changed.connect(self.refresh_jobs)

        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        self.retranslate()
        QTimer.singleShot(0, self.refresh_documents)
        QTimer.singleShot(0, self.refresh_jobs)

    # --- building blocks -------------------------------------------------------------------
    def _table(self, view: QTableView, model) -> None:
        setup_list_table(view, model)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("文书与打印"))
        self.scope_label.setText(self.tr("范围(&W)："))
        self.scope_combo.setItemText(0, self.tr("当前办件的文书"))
        self.scope_combo.setItemText(1, self.tr("今日全部文书"))
        self.jobs_label.setText(self.tr("打印队列(&Q)："))
        texts = (
            (self.action_print, self.print_button, self.tr("打印")),
            (self.action_print_dialog, self.print_dialog_button, self.tr("选择打印机打印…")),
            (self.action_reprint, self.reprint_button, self.tr("补打…")),
            (self.action_retry, self.retry_button, self.tr("重试打印")),
            (self.action_send_to, self.send_to_button, self.tr("改送其他打印机…")),
            (self.action_cancel, self.cancel_button, self.tr("取消打印任务")),
        )
        for action, button, text in texts:
            action.setText(text)
            button.setText(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action_scope_case.setText(self.tr("显示当前办件的文书"))
        self.action_scope_today.setText(self.tr("显示今日全部文书"))
        self.action_focus_queue.setText(self.tr("转到打印队列"))
        self.action_sign.setText(self.tr("申请人签名…"))
        if not self.ctx.user.does_counter_business:
            # 7.3.2: paper and signatures are a counter role's (the print queue refuses the others); not offered
            why = self.tr("只有窗口经办人或科长可以打印、补打文书；本账号只能查看")
            for action, button in ((self.action_print, self.print_button),
                                   (self.action_print_dialog, self.print_dialog_button),
                                   (self.action_reprint, self.reprint_button), (self.action_retry, self.retry_button),
                                   (self.action_send_to, self.send_to_button)):
                action.setEnabled(False)
                button.setEnabled(False)
                button.setToolTip(why)
            self.action_sign.setEnabled(False)
        self._show_case_label()
        self._show_preview_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_case_label(self) -> None:
        # one case: its number is the same on every row — the column is shown for today's list only
        self.docs_view.setColumnHidden(2, self.scope == SCOPE_CASE)
        if self.scope == SCOPE_CASE and not self.current_case_id:
            self.case_label.setText(self.tr("（尚未打开办件）"))
        else:
            self.case_label.setText("")

    def _show_preview_label(self) -> None:
        """预览：《受理告知书》深社保…号 · 共 1 页 — which document the preview is, not only its pages."""
        pages = self.pdf_doc.pageCount() if self.preview_doc_id else 0
        doc = self._preview_summary
        if doc is None or doc.id != self.preview_doc_id:
            doc = next((r for r in self.docs_model.rows if r.id == self.preview_doc_id), None)
        if pages and doc is not None:
            self.preview_label.setText(fill_params(self.tr("预览：《%1》%2 · 共 %3 页"), (document_title(doc.title), doc.number, str(pages))))
        else:
            self.preview_label.setText(self.tr("预览：共 %1 页").replace("%1", str(pages)) if pages else self.tr("预览"))

    def _fail(self, what: str, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        log.warning("%s: %s", what, exc)
        self.failed.emit(plain_text(exc, what))

    # --- documents -------------------------------------------------------------------------
    @property
    def scope(self) -> str:
        return self.scope_combo.currentData()

    def set_scope(self, scope: str) -> None:
        self.scope_combo.setCurrentIndex(self.scope_combo.findData(scope))
        self.docs_view.setFocus()

    def set_case(self, case_id: str) -> None:
        self.current_case_id = case_id or None
        self._show_case_label()
        if self.scope == SCOPE_CASE:
            self.refresh_documents()

    def _on_documents_changed(self, case_id: str) -> None:
        if case_id and case_id != self.current_case_id:
            # the workspace issued or printed documents of the case the clerk has open: follow it
            self.set_case(case_id)
            if self.scope == SCOPE_TODAY:
                self.refresh_documents()
        elif self.scope == SCOPE_TODAY or not case_id or case_id == self.current_case_id:
            self.refresh_documents()

    def _on_case_changed(self, case_id: str) -> None:
        if self.scope == SCOPE_TODAY or case_id == self.current_case_id:
            self.refresh_documents()

    def refresh(self) -> None:
        """F5 (MainWindow.refresh_shown): the documents and the print queue read again."""
        self.refresh_documents()
        self.refresh_jobs()

    def refresh_documents(self) -> None:
        ctx, scope, case_id = self.ctx, self.scope, self.current_case_id
        self._doc_gen += 1
        gen = self._doc_gen
        self._show_case_label()

        def load():  # worker: the store may still be opening; the query module needs SQLAlchemy
            store = ctx.store
            from counter_app.workflows.case_queries import beijing_today, list_documents

            if scope == SCOPE_CASE:
                return list_documents(store, case_id=case_id) if case_id else []
            return list_documents(store, day=beijing_today())     # the clerk's day, in Beijing

        def done(rows):
            if gen != self._doc_gen:
                return
            keep = self.selected_document_id()
            self.docs_model.set_rows(rows)
            # the row kept, else the newest (the first: newest first, as the 办件 list)
            row = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
            if row >= 0:
                self._select_row(row)
            else:
                self._clear_preview()
            self.documents_loaded.emit()

        def failed(exc: BaseException) -> None:
            self._fail(self.tr("文书列表读取失败"), exc)
            self.documents_loaded.emit()

        task_runner().run(load, done, failed, owner=self)

    def _select_row(self, row: int) -> None:
        """The row selected and scrolled into view, so the document the preview shows is seen
        selected in a long day's list: selectRow() alone, right after the model's reset, left the
        list at its top (a kept row far down, e.g. the open case's 受告…000024, out of sight)."""
        self.docs_view.selectRow(row)
        self.docs_view.scrollTo(self.docs_model.index(row, 1))

    def selected_document(self) -> DocumentSummary | None:
        index = self.docs_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.docs_model.rows):
            return None
        return self.docs_model.rows[index.row()]

    def selected_document_id(self) -> str | None:
        doc = self.selected_document()
        return doc.id if doc else None

    # --- preview ---------------------------------------------------------------------------
    def _clear_preview(self) -> None:
        self.preview_doc_id = None
        self.pdf_doc.close()
        self._buffer = None
        self._show_preview_label()

    def _preview_index(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.docs_model.rows):
            return
        self._preview_summary = self.docs_model.rows[index.row()]
        self.preview(self._preview_summary.id)

    def preview(self, document_id: str) -> None:
        """Render on a worker (cached), then show it in the QtPdf view."""
        self._preview_gen += 1
        gen = self._preview_gen
        cached = self._pdf_cache.get(document_id)
        if cached is not None:
            self._show_pdf(document_id, cached)
            return
        ctx, font = self.ctx, self.ctx.settings.ui.font_path

        def render() -> bytes:
            from counter_app.printing.documents import get_document, render_document

            with ctx.store.session() as s:
                doc = get_document(s, document_id=document_id)
            if doc is None:
                raise LookupError("找不到文书记录")
            from counter_app.printing.signatures import stored_signature

            from counter_app.app_context import renderer

            return render_document(doc, font_path=font, signature=stored_signature(ctx.store, document_id),
                                   render=renderer(ctx))

        def done(pdf: bytes) -> None:
            self._pdf_cache[document_id] = pdf
            while len(self._pdf_cache) > 8:
                self._pdf_cache.popitem(last=False)
            if gen == self._preview_gen:
                self._show_pdf(document_id, pdf)

        task_runner().run(render, done, lambda exc: self._fail(self.tr("文书预览失败"), exc), owner=self)

    def _show_pdf(self, document_id: str, pdf: bytes) -> None:
        self.pdf_doc.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer     # the document reads from it: keep it alive
        self.pdf_doc.load(buffer)
        if old is not None:
            old.deleteLater()
        self.preview_doc_id = document_id
        self._awaiting_pdf = self.pdf_doc.status() not in (QPdfDocument.Status.Ready, QPdfDocument.Status.Error)
        if not self._awaiting_pdf:
            self._preview_ready()

    def _on_pdf_status(self, status) -> None:
        if self._awaiting_pdf and status in (QPdfDocument.Status.Ready, QPdfDocument.Status.Error):
            self._awaiting_pdf = False
            self._preview_ready()

    def _preview_ready(self) -> None:
        self._show_preview_label()
        self.preview_loaded.emit(self.pdf_doc.pageCount())

    # --- printing --------------------------------------------------------------------------
    def _queue(self):
        """The print queue; built (imports, store) on a worker — call it inside worker functions."""
        return _print_queue(self.ctx)

    def _submit(self, fn, what: str, case_id: str, failed=None) -> None:
        """``fn`` on a worker (a print or 补打 of the print queue); ``failed(exc)``: the caller's own
        answer to a failure, else the failure said headed by ``what``."""
        ctx = self.ctx

        def work():
            from counter_app.app_context import auth_manager

            auth_manager(ctx).require_business()   # a restored store before an online sign-in: nothing printed
            return fn()

        def done(job) -> None:
            self.print_submitted.emit(job)
            if job.state == "waiting":
                state = print_state_text(job.state, job.reason)
                if job.detail:       # 「state，detail」: the separator is the template's, in the UI's language
                    state = self.tr("%1，%2").replace("%2", print_detail_text(job.detail)).replace("%1", state)
                self.failed.emit(self.tr("打印任务在等待：%1").replace("%1", state))
            self.events.print_jobs_changed.emit()
            self.events.documents_changed.emit(case_id)

        task_runner().run(work, done, failed or (lambda exc: self._fail(what, exc)), owner=self)

    # ---- 申请人签名 (devices-cam) ----
    def sign_selected(self) -> bool:
        """The applicant signs the selected 受理告知书 / 业务指引告知书 on the pad or on screen; the
        signature is kept with the case and shown on the document's 申请人签名 line."""
        from counter_app.ui.signature_widget import SignatureDialog
        from counter_app.workflows.materials import SIGNABLE_KINDS

        if not self.ctx.user.does_counter_business:     # 7.3: an auditor or administrator changes nothing
            self.failed.emit(self.tr("本账号不是窗口经办人或科长，不能办理申请人签名"))
            return False
        doc = self.selected_document()
        if doc is None:
            self.failed.emit(self.tr("请先选择要签名的文书"))
            return False
        if doc.kind not in SIGNABLE_KINDS:
            self.failed.emit(self.tr("《%1》不需要申请人签名").replace("%1", document_title(doc.title)))
            return False
        if self.ctx.settings.signpad.backend.value == "none":
            self.failed.emit(self.tr("本窗口未启用电子签名（设置 signpad.backend）"))
            return False
        result = SignatureDialog.ask(self, self.ctx.settings, self.tr("申请人签名：《%1》").replace("%1", document_title(doc.title)))
        if result is None:
            return False
        ctx, doc_id = self.ctx, doc.id

        def store():
            from counter_app.workflows.materials import attach_signature

            return attach_signature(ctx.store, doc_id, result.png, clerk=ctx.actor, backend=result.backend,
                                    device=result.device, workstation_id=ctx.settings.office.workstation_id)

        def done(_stored) -> None:
            self._pdf_cache.pop(doc_id, None)
            self.preview(doc_id)
            self.events.message.emit(self.tr("已保存申请人在《%1》上的签名").replace("%1", document_title(doc.title)))
            self.events.outbox_changed.emit()

        task_runner().run(store, done, lambda exc: self._fail(self.tr("保存签名失败"), exc), owner=self)
        return True
    # ---- end 申请人签名 ----

    def print_selected(self, choice: PrintChoice | None = None) -> bool:
        """打印 to the configured printer (or ``choice``) without a dialog."""
        doc = self.selected_document()
        if doc is None:
            self.failed.emit(self.tr("请先选择要打印的文书"))
            return False
        if doc.print_state in ACTIVE_JOB_STATES:
            self.failed.emit(self.tr("该文书已在打印队列中（%1），请在打印队列中处理").replace("%1", _tr(JOB_STATE_ZH[doc.print_state])))
            return False
        if doc.printed_times:
            self.failed.emit(self.tr("该文书已打印过；如需再次打印，请使用补打"))
            return False
        ctx, clerk, font = self.ctx, self.ctx.actor, self.ctx.settings.ui.font_path
        printer = choice.printer if choice else None
        copies = choice.copies if choice else self.ctx.settings.printer.copies
        self._submit(lambda: _print_queue(ctx).submit_document(doc.id, printer=printer, copies=copies, font_path=font, clerk=clerk),
                     self.tr("打印失败"), doc.case_id)
        return True

    def print_selected_with_dialog(self) -> bool:
        if self.selected_document() is None:
            self.failed.emit(self.tr("请先选择要打印的文书"))
            return False
        choice = PrintDialog.ask(self, self.ctx.settings.printer.copies)
        if choice is None:
            return False
        return self.print_selected(choice)

    def reprint_selected(self) -> bool:
        """补打: a new job stamped 补打, logged with the reason."""
        if not self.ctx.user.does_counter_business:
            self.failed.emit(self.tr("本账号不是窗口经办人或科长，不能补打文书"))
            return False
        doc = self.selected_document()
        if doc is None:
            self.failed.emit(self.tr("请先选择要补打的文书"))
            return False
        reason = ReprintReason.ask(self)
        if reason is None:
            return False
        ctx, clerk, font = self.ctx, self.ctx.actor, self.ctx.settings.ui.font_path
        copies = self.ctx.settings.printer.copies
        what = self.tr("补打失败")

        def failed(exc: BaseException) -> None:
            from counter_app.printing.printqueue import ReprintNeedsApproval

            if isinstance(exc, ReprintNeedsApproval):    # 分级授权: offer the request, with this reason
                self.offer_reprint_approval(doc, reason)
            else:
                self._fail(what, exc)

        self._submit(lambda: _print_queue(ctx).reprint(doc.id, copies=copies, font_path=font, clerk=clerk, reason=reason),
                     what, doc.case_id, failed)
        return True

    def offer_reprint_approval(self, doc: DocumentSummary, reason: str) -> bool:
        """补打 of a 决定书 needs a supervisor's approval: offered here with the 补打原因 just typed
        (counter_app.ui.reprint_approval). True when the request was sent off."""
        from counter_app.ui.reprint_approval import offer_reprint_approval

        return offer_reprint_approval(self, self.ctx, case_id=doc.case_id, document_id=doc.id,
                                      title=document_title(doc.title), number=doc.number, reason=reason,
                                      said=self.events.message.emit, failed=self.failed.emit, events=self.events)

    # --- print queue -----------------------------------------------------------------------
    def refresh_jobs(self) -> None:
        ctx = self.ctx  # the print queue (its imports, the store) is built on the worker

        def failed(exc: BaseException) -> None:
            self._fail(self.tr("打印队列读取失败"), exc)
            self.jobs_loaded.emit()

        task_runner().run(lambda: _print_queue(ctx).jobs()[-200:], self._jobs_done, failed, owner=self)

    def _jobs_done(self, jobs) -> None:
        keep = self.selected_job_id()
        self.jobs_model.set_rows(list(reversed(jobs)))
        for row, j in enumerate(self.jobs_model.rows):
            if j.id == keep:
                self.jobs_view.selectRow(row)
                break
        if any(j.state in ACTIVE_JOB_STATES for j in jobs):
            if not self._poll_timer.isActive():
                self._poll_timer.start()
        else:
            self._poll_timer.stop()
        self.jobs_loaded.emit()

    def _poll(self) -> None:
        """While jobs are active: ask CUPS for their state (on a worker) and show changes."""
        if self._polling:
            return
        self._polling = True
        ctx = self.ctx

        def work():
            pq = _print_queue(ctx)
            changed = pq.refresh()
            return changed, pq.jobs()[-200:]

        def done(result) -> None:
            self._polling = False
            changed, jobs = result
            self._jobs_done(jobs)
            if changed:
                self.refresh_documents()

        def failed(exc) -> None:
            self._polling = False
            self._fail(self.tr("打印队列刷新失败"), exc)

        task_runner().run(work, done, failed, owner=self)

    def selected_job(self):
        index = self.jobs_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.jobs_model.rows):
            return None
        return self.jobs_model.rows[index.row()]

    def selected_job_id(self) -> int | None:
        job = self.selected_job()
        return job.id if job else None

    def _job_op(self, fn, what: str) -> None:
        def done(_view) -> None:
            self.events.print_jobs_changed.emit()
            self.refresh_documents()

        def failed(exc: BaseException) -> None:
            from counter_app.printing.printqueue import PrintQueueError

            if isinstance(exc, PrintQueueError) and print_detail_text(str(exc)) != str(exc):
                # a refusal worded in ui.print_words (retry refused while CUPS cannot be asked …)
                from counter_app.ui.messages import headed_text

                log.warning("%s: %s", what, exc)
                self.failed.emit(headed_text(what, print_detail_text(str(exc))))
            else:
                self._fail(what, exc)
            self.refresh_jobs()

        task_runner().run(fn, done, failed, owner=self)

    def retry_selected_job(self) -> bool:
        job = self.selected_job()
        if job is None:
            self.failed.emit(self.tr("请先在打印队列中选择任务"))
            return False
        if job.state != "waiting":
            self.failed.emit(self.tr("只有「等待处理」的任务可以重试"))
            return False
        ctx = self.ctx
        self._job_op(lambda: _print_queue(ctx).retry(job.id), self.tr("重试打印失败"))
        return True

    def send_selected_job_elsewhere(self) -> bool:
        job = self.selected_job()
        if job is None:
            self.failed.emit(self.tr("请先在打印队列中选择任务"))
            return False
        if job.state in ("done", "cancelled"):
            self.failed.emit(self.tr("该任务已结束，不能改送其他打印机"))
            return False
        ctx = self.ctx

        def printers() -> list[str]:
            queues = getattr(_print_queue(ctx).backend, "queues", None)
            return [q for q in (queues() if callable(queues) else []) if q != job.printer]

        def chosen(names: list[str]) -> None:
            if not names:
                self.failed.emit(self.tr("没有其他可用的打印机"))
                return
            target = PrinterChooser.ask(names, job.printer, self)
            if target:
                self._job_op(lambda: _print_queue(ctx).send_to(job.id, target), self.tr("改送打印机失败"))

        task_runner().run(printers, chosen, lambda exc: self._fail(self.tr("读取打印机列表失败"), exc), owner=self)
        return True

    def cancel_selected_job(self) -> bool:
        job = self.selected_job()
        if job is None or job.state in ("done", "cancelled"):
            self.failed.emit(self.tr("请选择尚未完成的打印任务"))
            return False
        ctx = self.ctx
        self._job_op(lambda: _print_queue(ctx).cancel(job.id), self.tr("取消打印失败"))
        return True

    def shutdown(self) -> None:
        self._poll_timer.stop()
