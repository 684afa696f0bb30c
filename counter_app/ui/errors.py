"""One handler for every exception nothing else caught (as Anki's ``aqt/errors.py``).

PySide6 hands an exception raised in a slot, a timer or an event handler to ``sys.excepthook``;
the default prints the traceback — with whatever ID number was in the message — to stderr and
the log never sees it. Installed once at start-up, :class:`ErrorHandler`:

* logs the exception through ``logging`` (the file handler masks ID numbers, phones and names,
  traceback included) — nothing unmasked goes to stderr;
* shows the clerk one plain sentence in the language of the UI (no traceback, no exception text), at most one box
  at a time, non-modal;
* keeps the clerk's work: the application goes on, nothing is closed or discarded.

Exceptions of worker threads (``threading.excepthook``) are handled the same, on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("counter_app.unhandled")

# The Chinese sources; the box shows them in the language of the UI, translated when it is built
# (on the GUI thread).
MESSAGE_TITLE = str(QT_TRANSLATE_NOOP("ErrorHandler", "出现意外错误"))
MESSAGE = str(QT_TRANSLATE_NOOP(   # one literal: lupdate does not join adjacent ones
    "ErrorHandler",
    "程序出现了一个意外错误，已记入日志。\n您正在办理的业务没有丢失，可以继续办理；如果同一操作再次出错，请联系信息技术人员。"))


class ErrorHandler(QObject):
    shown = Signal(str)                 # the text shown to the clerk (tests and the status bar)
    _from_thread = Signal(object)

    def __init__(self, parent: QObject | None = None, *, show_dialog: bool = True):
        super().__init__(parent)
        self.show_dialog = show_dialog
        self.count = 0
        self._box: QMessageBox | None = None
        self._previous = (sys.excepthook, threading.excepthook)
        self._from_thread.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> "ErrorHandler":
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    # -- hooks ------------------------------------------------------------------------------
    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        self.count += 1
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))   # masked by the file handler
        if threading.current_thread() is threading.main_thread():
            self._show(MESSAGE)
        else:
            self._from_thread.emit(MESSAGE)

    def thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    # -- the clerk's message ----------------------------------------------------------------
    def _show(self, source: str) -> None:
        text = QCoreApplication.translate("ErrorHandler", source)     # the GUI thread: the UI's language
        self.shown.emit(text)
        if not self.show_dialog or QApplication.instance() is None:
            return
        if self._box is not None and self._box.isVisible():
            return                       # one box at a time: a burst of errors is one message
        from PySide6.QtWidgets import QMessageBox   # here: its enums are built on first use

        title = QCoreApplication.translate("ErrorHandler", MESSAGE_TITLE)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          QApplication.activeWindow())
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "_box", None))
        self._box = box
        box.show()


_handler: ErrorHandler | None = None


def install_error_handler(parent: QObject | None = None, *, show_dialog: bool = True) -> ErrorHandler:
    """The application's handler (installed once; later calls return it)."""
    global _handler
    if _handler is None:
        _handler = ErrorHandler(parent, show_dialog=show_dialog).install()
    return _handler
