"""电子社保卡扫码枪 → the scanner handler, never the focused field; the code verified by the centre.

:class:`WedgeFilter` is an application-wide event filter for a keyboard-wedge scanner: printable
keys are held while they come faster than ``max_gap_ms`` (:class:`~counter_app.devices.scanner.wedge.BurstDecoder`);
a burst of at least ``min_length`` keys ended by Enter is emitted as ``scanned(code)`` and nothing
of it reaches the widget that has focus; anything else (a person typing, a short burst, a pause,
navigation keys) is handed back to the widget it was meant for, in order, at most ``max_gap_ms``
late. Gaps are measured on the window system's key timestamps when it gives them (so a busy GUI
thread does not stretch a scanner's burst), else on the monotonic clock. Password fields are
left alone (a password manager's auto-type is fast too).

:class:`ScannerBridge` takes codes from the wedge, or from a serial / evdev reader thread, has the
centre verify each one on a worker (``counter_app.sync.essc``) and emits
``person_verified(EsscResult)`` — shaped like a card read, so the workspace fills the applicant
with it — or ``essc_error(DeviceError)`` with the reason as data (offline: 电子社保卡需联网核验，请读实体卡或身份证),
worded where it is shown (``ui.device_errors.error_text``).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from counter_app.devices.scanner.wedge import BurstDecoder

if TYPE_CHECKING:
    from counter_app.devices.scanner import ReaderThread

log = logging.getLogger(__name__)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(self, max_gap_ms: int = 30, min_length: int = 8, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.decoder = BurstDecoder(max_gap_ms, min_length)
        self._clock = clock
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(max_gap_ms) + 5)
        self._timer.timeout.connect(self._gap_passed)
        self._installed = False

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._release(self.decoder.other().release)

    def _now_ms(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return float(stamp) if stamp else self._clock() * 1000.0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent)
                or not obj.isWidgetType()):
            return False
        if isinstance(obj, QLineEdit) and obj.echoMode() != QLineEdit.EchoMode.Normal:
            decision = self.decoder.other()                      # a password: never held, never a scan
        else:
            key, text, mods = event.key(), event.text(), event.modifiers()
            now = self._now_ms(event)
            if key in _ENTER_KEYS and not (mods & _CHORD):
                decision = self.decoder.enter(now)
            elif len(text) == 1 and text.isprintable() and not (mods & _CHORD) and not event.isAutoRepeat():
                decision = self.decoder.printable(text, now, item=(obj, key, mods, text))
            else:
                decision = self.decoder.other()
        self._release(decision.release)
        if self.decoder.holding:
            self._timer.start()
        else:
            self._timer.stop()
        if decision.code is not None:
            self.scanned.emit(decision.code)
        return decision.hold

    def _gap_passed(self) -> None:
        """No key for longer than the gap (the timer restarts at every held key): what is held was
        typed, or a torn scan — hand it to its widget."""
        self._release(self.decoder.other().release)

    def _release(self, items) -> None:
        """Deliver held key presses to the widgets they were meant for, in order."""
        if not items:
            return
        from shiboken6 import isValid

        self._replaying = True
        try:
            for target, key, mods, text in items:
                if isValid(target):
                    QCoreApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))
        finally:
            self._replaying = False


class ScannerBridge(QObject):
    """Codes in (wedge / serial / evdev), verified person or a Chinese reason out, on the GUI thread."""

    code_scanned = Signal()                 # a code arrived (it is opaque: not in the signal)
    person_verified = Signal(object)        # counter_app.sync.essc.EsscResult
    essc_error = Signal(object)             # a ui.device_errors.DeviceError, worded where shown
    scanner_error = Signal(object)          # a ui.device_errors.DeviceError, worded where shown

    _post_code = Signal(str)
    _post_error = Signal(object)

    def __init__(self, verify: Callable[[str], object], parent: QObject | None = None):
        super().__init__(parent)
        self.verify = verify
        self.wedge: WedgeFilter | None = None
        self.reader: ReaderThread | None = None
        self._post_code.connect(self.handle_code, Qt.ConnectionType.QueuedConnection)
        self._post_error.connect(self._device_error, Qt.ConnectionType.QueuedConnection)

    def use_wedge(self, max_gap_ms: int, min_length: int) -> WedgeFilter:
        self.wedge = WedgeFilter(max_gap_ms, min_length, self)
        self.wedge.scanned.connect(self.handle_code)
        self.wedge.install()
        return self.wedge

    def use_reader(self, open_reader: Callable) -> None:
        """``open_reader(on_code, on_error)`` starts a serial / evdev reader (may raise ScannerError)."""
        self.reader = open_reader(self._post_code.emit, self._post_error.emit)

    def handle_code(self, code: str) -> None:
        from counter_app.ui.tasks import run_task

        self.code_scanned.emit()
        run_task(lambda: self.verify(code), self.person_verified.emit, self._verify_failed, owner=self)

    def _verify_failed(self, exc) -> None:
        from counter_app.sync.essc import EsscError
        from counter_app.ui.device_errors import essc_error

        if not isinstance(exc, EsscError):
            log.error("essc check failed: %s", type(exc).__name__)   # never the code: it identifies the person
        self.essc_error.emit(essc_error(exc))   # data: worded where shown, again on a language switch

    def _device_error(self, err) -> None:
        from counter_app.ui.device_errors import device_error

        self.scanner_error.emit(device_error(err))   # a ScannerError's message and hint, else a plain sentence

    def stop(self) -> None:
        if self.wedge is not None:
            self.wedge.uninstall()
            self.wedge = None
        reader, self.reader = self.reader, None
        if reader is not None:
            reader.stop()
