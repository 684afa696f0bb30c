"""文书与打印: the print dialogs' seams, the documents and print-jobs table models and the 文号
delegate (split out of documents_panel.py; the panel imports them from here)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
)
from PySide6.QtWidgets import (
    QInputDialog,
    QWidget,
)

from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.document_titles import document_title, job_title_text
from counter_app.ui.print_words import print_detail_text
from counter_app.ui.words import print_state_text
from counter_protocol.clock import BEIJING

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

POLL_MS = 1500
ACTIVE_JOB_STATES = ("queued", "printing", "waiting")
JOB_STATE_ZH = {"queued": QT_TRANSLATE_NOOP("DocumentsPanel", "排队中"), "printing": QT_TRANSLATE_NOOP("DocumentsPanel", "打印中"),
                "done": QT_TRANSLATE_NOOP("DocumentsPanel", "已完成"), "waiting": QT_TRANSLATE_NOOP("DocumentsPanel", "等待处理"),
                "cancelled": QT_TRANSLATE_NOOP("DocumentsPanel", "已取消")}
SCOPE_CASE, SCOPE_TODAY = "case", "today"


def _tr(text: object) -> str:
    """A word listed with QT_TRANSLATE_NOOP (context DocumentsPanel), in the UI's language."""
    return QCoreApplication.translate("DocumentsPanel", str(text))


# ------------------------------------------------------------------ dialogs behind ask()


@dataclass(frozen=True)
class PrintChoice:
    printer: str
    copies: int


class PrintDialog:
    """选择打印机和份数 (QPrintDialog); the PDF itself still goes through the print queue."""

    @classmethod
    def ask(cls, parent: QWidget | None = None, copies: int = 1) -> PrintChoice | None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        printer.setCopyCount(copies)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(QCoreApplication.translate("DocumentsPanel", "打印文书"))
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(dialog)      # the lock closes it: nothing is printed in the clerk's name meanwhile
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return PrintChoice(printer.printerName(), max(1, printer.copyCount()))


class PrinterChooser:
    """改送其他打印机: pick one of the printer queues."""

    @classmethod
    def ask(cls, printers: list[str], current: str, parent: QWidget | None = None) -> str | None:
        if not printers:
            return None
        from counter_app.ui.idle_lock import closes_on_lock

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(QCoreApplication.translate("DocumentsPanel", "改送其他打印机"))
        dialog.setLabelText(QCoreApplication.translate("DocumentsPanel", "目标打印机："))
        dialog.setComboBoxItems(printers)
        dialog.setComboBoxEditable(False)
        dialog.setTextValue(printers[0])
        closes_on_lock(dialog)      # the lock closes it: no job is moved in the clerk's name meanwhile
        try:
            if dialog.exec() != QInputDialog.DialogCode.Accepted:
                return None
            return dialog.textValue() or None
        finally:
            dialog.deleteLater()


class ReprintReason:
    """补打原因 (logged with the reprint; required: 补打时须填写原因). OK with a blank reason asks again,
    saying why; Cancel gives None."""

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        dialog = QInputDialog(parent)
        dialog.setObjectName("reprint_reason")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setWindowTitle(QCoreApplication.translate("DocumentsPanel", "补打文书"))
        dialog.setLabelText(QCoreApplication.translate("DocumentsPanel", "补打原因（如：原件遗失、打印不清）："))
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(dialog)      # the lock closes it, the reason typed cleared: nothing is reprinted
        try:
            while dialog.exec() == QInputDialog.DialogCode.Accepted:
                reason = dialog.textValue().strip()
                if reason:
                    return reason
                dialog.setLabelText(QCoreApplication.translate(
                    "DocumentsPanel", "补打须填写原因，请填写（如：原件遗失、打印不清）："))
            return None
        finally:
            dialog.deleteLater()


def _print_queue(ctx):
    """The shared print queue (counter_app.app_context.print_queue); blocking: worker threads only."""
    ctx.open_store()  # waits for the store first (opening on another worker), then imports
    from counter_app.app_context import print_queue

    return print_queue(ctx)


# ------------------------------------------------------------------ models


class DocumentsModel(RowsTableModel):
    COLUMNS = ("number", "title", "case_no", "created", "printed")
    DocIdRole = RowsTableModel.ID_ROLE

    def headers(self) -> tuple[str, ...]:
        return (self.tr("文号"), self.tr("文书"), self.tr("办件编号"), self.tr("出具时间"), self.tr("打印"))

    def printed_text(self, r) -> str:
        if r.print_state in ("queued", "printing", "waiting"):
            return _tr(JOB_STATE_ZH[r.print_state])
        if r.printed_times:
            return self.tr("已打印 %1 次").replace("%1", str(r.printed_times))
        return self.tr("未打印")

    CELLS = {
        "number": lambda m, r: number_lines(r.number),
        "title": lambda m, r: document_title(r.title),
        "case_no": lambda m, r: r.case_no,
        "created": lambda m, r: _utc(r.created_at).astimezone(BEIJING).strftime("%m-%d %H:%M"),   # stored UTC
        "printed": lambda m, r: m.printed_text(r),
    }
    TIPS = {"number": lambda m, r: f"{document_title(r.title)} {r.number}",
            "title": lambda m, r: f"{document_title(r.title)} {r.number}"}


def _utc(at: datetime) -> datetime:
    """A time the storage's clock wrote (naive: UTC), aware."""
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


class PrintJobsModel(RowsTableModel):
    """打印队列: jobs with state (排队中/打印中/已完成/等待处理 + reason) and what the clerk can do."""

    COLUMNS = ("id", "title", "printer", "copies", "state", "detail")
    JobIdRole = RowsTableModel.ID_ROLE

    def headers(self) -> tuple[str, ...]:
        return (self.tr("任务"), self.tr("内容"), self.tr("打印机"), self.tr("份数"), self.tr("状态"),
                self.tr("说明"))

    def printer_text(self, j) -> str:
        return j.printer or self.tr("（未配置）")

    CELLS = {
        "id": lambda m, j: str(j.id),
        "title": lambda m, j: job_title_text(j.title, j.reprint),
        "printer": lambda m, j: m.printer_text(j),
        "copies": lambda m, j: str(j.copies),
        "state": lambda m, j: print_state_text(j.state, j.reason),   # the job's data, worded when shown
        "detail": lambda m, j: print_detail_text(j.detail),          # the printing layer's Chinese, worded
    }
    TIPS = {"state": lambda m, j: print_detail_text(j.detail), "detail": lambda m, j: print_detail_text(j.detail)}


def number_lines(number: str) -> str:
    """A 文号 on two lines, whole: 深社保福田〔2026〕受告 / 第FT-W01-AVWE-000001号 (no elision)."""
    head, sep, tail = (number or "").rpartition("第")
    return f"{head}\n{sep}{tail}" if head and sep else number


# ------------------------------------------------------------------ panel
