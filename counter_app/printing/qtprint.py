"""Qt print support adapter (the Windows spooler): the PDF is drawn through ``QPrinter``.

Windows has no ``lp``/``lpstat``; Qt's print support talks to the system's spooler (on Windows the
Win32 spooler, on Linux CUPS). :class:`QtPrinters` is the print queue's second
:class:`~counter_app.printing.printqueue.PrinterBackend`:

- The PDF is loaded by ``QPdfDocument`` from memory (a ``QBuffer`` over the bytes read from the
  encrypted store): the client writes no file of its own, as with ``lp``'s standard input. What the
  spooler keeps of a job is the spooler's (on Windows: ``%WINDIR%\\System32\\spool\\PRINTERS``, deleted
  once printed unless the printer's "keep printed documents" is ticked).
- Each page is rendered at the printer's resolution (at most :data:`MAX_DPI`, in bands so a page at
  600 dpi never needs one 140 MB image) and drawn at its own size on a full page of the same size
  (A4 for every notice): 1 PDF point is 1/72 inch on paper — 100 %, no fit-to-page scaling. When
  Qt says the printer cannot take the page size, nothing is printed (never shrunk to fit). The output is a raster (the
  PDF's vector text is not kept); a notice at 300–600 dpi reads as the PDF does.
- Qt gives no spooler job id and no job state. :meth:`submit` returns only once the whole job was
  drawn and ``QPainter.end()`` returned (any failure Qt reports raises :class:`PrinterError`), so the
  id it returns (``qt-…``) names a job handed to the spooler: :meth:`job_state` answers
  ``completed`` for it — meaning "handed over", not "paper out of the printer"
  (:attr:`reports_completion` is False: the queue words its 已完成 accordingly). :meth:`cancel`
  cannot withdraw such a job. What Qt reports is little: on Windows ``QPainter.begin()`` fails when
  the spooler refuses ``StartDoc`` (no such printer, spooler stopped) and ``newPage()`` when a page
  is refused, but Qt's Windows engine ignores ``EndDoc``'s result (qprintengine_win.cpp: ``end()``
  returns true); on Linux Qt does not report CUPS refusing the job (a queue that rejects jobs —
  ``cupsreject`` — still reads as handed over), one reason Linux keeps the CUPS backend by default.
  Following the job in the spooler (``win32print.EnumJobs``) is the next step if this is not enough.
- Printer list, default and state come from ``QPrinterInfo``. Qt reports only idle / active /
  aborted / error: out of paper and offline are not told apart (both are 报告故障 when Qt says error).
  A stopped CUPS queue reads as error (tested); what Windows drivers report is untested here.

Painting on a ``QPrinter`` outside the GUI thread is supported ("QPainter can be used in a thread to
paint onto QImage, QPrinter, and QPicture paint devices", Qt 6 "Thread-Support in Qt Modules"), one
thread per device: the print queue's worker prints, each job on its own ``QPrinter``. Qt needs a
``QGuiApplication``: the window has one; a command-line process without one gets one here.
"""

from __future__ import annotations

import sys
import threading
import uuid

from counter_app.printing.cups import COMPLETED, ERROR, OFFLINE, UNKNOWN, PrinterError, PrinterStatus

MAX_DPI = 600           # rendering resolution cap (the printer's own when lower)
BAND_BYTES = 16 << 20   # one rendered band of a page at most (ARGB32)
JOB_PREFIX = "qt-"

_LOCK = threading.Lock()    # one job painted at a time (QPdfDocument + QPrinter per job, but one spooler)


def _ensure_gui_app() -> None:
    """Qt's print support needs a QGuiApplication; a command-line run has none yet."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if isinstance(app, QGuiApplication):
        return
    if app is not None:
        raise PrinterError("本程序的 Qt 环境不支持打印（不是图形程序）。", ERROR)
    if threading.current_thread() is not threading.main_thread():
        raise PrinterError("Qt 打印只能在启动了图形界面的程序中使用。", ERROR)
    import os

    argv = [sys.argv[0] if sys.argv else "counter-app"]
    if sys.platform != "win32" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        argv += ["-platform", "offscreen"]      # a Linux terminal without a screen: printing needs none
    QGuiApplication(argv)


class QtPrinters:
    """The system's printers through Qt print support (Windows: the spooler)."""

    reports_completion = False      # completed = handed to the spooler (see the module docstring)

    def __init__(self, *, max_dpi: int = MAX_DPI):
        self.max_dpi = max_dpi

    # ------------------------------------------------------------------ printers
    def queues(self) -> list[str]:
        _ensure_gui_app()
        from PySide6.QtPrintSupport import QPrinterInfo

        return list(QPrinterInfo.availablePrinterNames())

    def default_queue(self) -> str | None:
        _ensure_gui_app()
        from PySide6.QtPrintSupport import QPrinterInfo

        return QPrinterInfo.defaultPrinterName() or None

    def status(self, queue: str) -> PrinterStatus:
        _ensure_gui_app()
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        info = QPrinterInfo.printerInfo(queue)
        if info.isNull():
            return PrinterStatus(queue, False, reason=OFFLINE, detail=f"打印机“{queue}”不存在或未添加。")
        state = info.state()
        if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            why = "出错" if state == QPrinter.PrinterState.Error else "已中止"
            return PrinterStatus(queue, True, True, True, ERROR, f"打印机 {queue} 报告故障（{why}）。")
        return PrinterStatus(queue, True, True, True)

    # ------------------------------------------------------------------ jobs
    def submit(self, queue: str, pdf: bytes, *, copies: int = 1, title: str = "") -> str:
        """Draw the PDF (from memory) on ``queue``; returns an id once the spooler took the whole job."""
        if not isinstance(pdf, (bytes, bytearray)) or not pdf:
            raise PrinterError("打印内容为空，未发送。", ERROR)
        _ensure_gui_app()
        with _LOCK:
            self._paint(queue, bytes(pdf), max(1, int(copies)), title)
        return f"{JOB_PREFIX}{uuid.uuid4().hex[:12]}"

    def _paint(self, queue: str, pdf: bytes, copies: int, title: str) -> None:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter
        from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        info = QPrinterInfo.printerInfo(queue)
        if info.isNull():
            raise PrinterError(f"打印机“{queue}”不存在或未添加。", OFFLINE)
        data = QByteArray(pdf)
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        doc = QPdfDocument()
        try:
            doc.load(buf)       # a QBuffer is random access: loaded before load() returns
            if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
                raise PrinterError("打印内容不是可读的 PDF，未发送。", ERROR)
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            printer.setDocName(title or "counter-app")
            printer.setFullPage(True)                   # the page's origin is the paper's corner
            printer.setCopyCount(copies)
            repeat = 1 if printer.copyCount() == copies and printer.supportsMultipleCopies() else copies
            if repeat > 1:
                printer.setCopyCount(1)

            def layout_for(page: int) -> QPageLayout:
                pts = doc.pagePointSize(page)
                w, h = pts.width(), pts.height()
                orientation = QPageLayout.Orientation.Portrait
                if w > h:
                    w, h, orientation = h, w, QPageLayout.Orientation.Landscape
                return QPageLayout(QPageSize(QSizeF(w, h), QPageSize.Unit.Point), orientation,
                                   QMarginsF(0, 0, 0, 0))

            def apply(page: int) -> None:
                layout = layout_for(page)
                if not printer.setPageLayout(layout):
                    name = layout.pageSize().name()
                    raise PrinterError(f"打印机 {queue} 不支持 {name} 纸张，未打印。", ERROR)

            apply(0)
            painter = QPainter()
            if not painter.begin(printer):
                raise PrinterError(f"打印机 {queue} 无法开始打印任务。", ERROR)
            try:
                first = True
                for _ in range(repeat):
                    for page in range(doc.pageCount()):
                        if not first:
                            apply(page)
                            if not printer.newPage():
                                raise PrinterError(f"打印机 {queue} 无法开始新的一页。", ERROR)
                        first = False
                        pts = doc.pagePointSize(page)
                        dev_dpi = printer.resolution()
                        dpi = min(dev_dpi, self.max_dpi)
                        width, height = (max(1, round(pts.width() * dpi / 72)), max(1, round(pts.height() * dpi / 72)))
                        scale = dev_dpi / dpi           # rendered pixel → device pixel
                        band = max(1, min(height, BAND_BYTES // (4 * width)))
                        for top in range(0, height, band):
                            rows = min(band, height - top)
                            opts = QPdfDocumentRenderOptions()
                            opts.setScaledSize(QSize(width, height))
                            opts.setScaledClipRect(QRect(0, top, width, rows))
                            image = doc.render(page, QSize(width, rows), opts)
                            if image.isNull():
                                raise PrinterError(f"第 {page + 1} 页无法绘制，未打印。", ERROR)
                            target = QRectF(0, top * scale, width * scale, rows * scale)
                            painter.drawImage(target, image)
            except BaseException:
                printer.abort()
                painter.end()
                raise
            if not painter.end() or printer.printerState() in (QPrinter.PrinterState.Error,
                                                                 QPrinter.PrinterState.Aborted):
                raise PrinterError(f"打印机 {queue} 的打印队列未接收打印任务。", ERROR)
        finally:
            doc.close()
            buf.close()

    def job_state(self, job_id: str) -> str:
        """completed for a job :meth:`submit` handed to the spooler (it returns no other id);
        unknown for any other id. Qt cannot follow a job past the spooler."""
        return COMPLETED if job_id.startswith(JOB_PREFIX) else UNKNOWN

    def cancel(self, job_id: str) -> None:
        """Nothing to withdraw: a job is the spooler's once :meth:`submit` returned."""

