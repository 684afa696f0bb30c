"""Card reader → Qt signals on the GUI thread (插卡即读，申请人信息自动填入).

The watcher thread reads the card and calls plain callbacks; this bridge re-emits them as
``card_inserted(CardRecord)``, ``card_removed()``, ``card_error(DeviceError)`` (data, worded where
shown by ``device_errors.error_text``) and
``card_warning(str)`` (e.g. an expired card — the record is still delivered). Callbacks cross
threads through queued connections, so slots always run on the thread the bridge lives in.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from counter_app.devices.card import CardWatch


class _Gate:
    """The watcher thread's callbacks pass only until the bridge stops. A watcher blocked in pcscd
    (SCardEstablishContext does not wake on SCardCancel) outlives ``stop``'s wait; when it returns
    it must not emit on a bridge its panel has meanwhile deleted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = True

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            with self._lock:          # a posted (queued) signal: held for a moment only
                if self._open:
                    fn(*args)
        return call

    def close(self) -> None:
        with self._lock:
            self._open = False


class CardBridge(QObject):
    card_reading = Signal()          # a card is in and its read began (show 读卡中… at once)
    card_inserted = Signal(object)
    card_removed = Signal()
    card_error = Signal(object)      # a ui.device_errors.DeviceError
    card_warning = Signal(str)

    # emitted from worker threads; delivered queued to the public signals above
    _post_reading = Signal()
    _post_inserted = Signal(object)
    _post_removed = Signal()
    _post_error = Signal(object)

    def __init__(self, reader, parent: QObject | None = None, *, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.reader = reader
        self._today = today
        self._watch: CardWatch | None = None
        self._gate: _Gate | None = None
        self._post_reading.connect(self.card_reading, Qt.ConnectionType.QueuedConnection)
        self._post_inserted.connect(self._deliver_record, Qt.ConnectionType.QueuedConnection)
        self._post_removed.connect(self.card_removed, Qt.ConnectionType.QueuedConnection)
        self._post_error.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Start watching for insert / removal (idempotent)."""
        if self._watch is None:
            gate = self._gate = _Gate()
            self._watch = self.reader.watch(gate.wrap(self._post_inserted.emit), gate.wrap(self._post_removed.emit),
                                            gate.wrap(self._post_error.emit))
            if hasattr(self._watch, "on_reading"):        # watchers that read on insert say when they start
                self._watch.on_reading = gate.wrap(self._post_reading.emit)

    def stop(self) -> None:
        watch, self._watch = self._watch, None
        gate, self._gate = self._gate, None
        if gate is not None:
            gate.close()          # nothing the watcher reports from now on reaches the signals
        if watch is not None:
            watch.stop()

    @property
    def watching(self) -> bool:
        return self._watch is not None

    def read_now(self, timeout: float = 0.0) -> None:
        """Read once in the background (the 读卡 button); the result arrives as a signal."""
        from counter_app.ui.tasks import run_task

        run_task(lambda: self.reader.read(timeout), self._deliver_record, self._deliver_error)

    def _deliver_record(self, record) -> None:
        self.card_inserted.emit(record)
        from counter_app.ui.device_errors import card_warning_text

        warnings = record.warning_items(self._today())
        if warnings:            # one line each, all of them (the form's warning line shows the last text)
            self.card_warning.emit(card_warning_text(warnings))

    def _deliver_error(self, err) -> None:
        from counter_app.devices.card.errors import CardError
        from counter_app.ui.device_errors import device_error, plain_error

        # a card error's message and hint; anything else a plain sentence headed 读卡失败 (never its text)
        self.card_error.emit(device_error(err) if isinstance(err, CardError) else plain_error(err, head="card"))
