"""The workspace's devices: the card reader (插卡即读) and the fingerprint reader (6.6.1.1.2.3).

:class:`WorkspaceDevices` opens the reader on a worker, watches for cards, reads on F6, and turns
every event into a signal the panel connects to; the status bar learns the devices' state through
``AppEvents.status_info`` (no widget reaches for the main window's status bar).

A read shows 读卡中… at once. A reader that hangs, or a card pulled mid-read, gives 读卡失败 with the
reason within :data:`READ_DEADLINE_MS`; the read itself runs on a worker, so the window never waits.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.ui.device_errors import DeviceError
from counter_app.ui.device_state import DeviceState

if TYPE_CHECKING:   # both bridges load with their device (start_card, fingerprint)
    from counter_app.devices.card import CardReader
    from counter_app.devices.fingerprint.base import FingerprintDevice
    from counter_app.ui.card_bridge import CardBridge
    from counter_app.ui.fingerprint_bridge import FingerprintBridge

log = logging.getLogger(__name__)

# the same bound the reader itself keeps (counter_app.devices.card.errors.READ_ANSWER_SECONDS, which
# the GUI thread does not import before the window is idle; tests/ui/test_workspace_day checks they agree)
READ_DEADLINE_MS = 5 * 1000
READ_FAILURES = frozenset({"card.read_failed", "card.no_answer", "card.pulled"})   # a failure kept on screen


class WorkspaceDevices(QObject):
    card_read = Signal(object)          # a CardRecord, on the GUI thread
    card_state = Signal(object)         # a DeviceState (card.ready / card.reading / card.read …), worded where shown
    card_warning = Signal(str)
    fp_stage = Signal(int, int)
    fp_quality = Signal(object)         # the reader's prompt: a function wording it in the UI's language now
    fp_busy = Signal(bool)
    fp_finished = Signal(object)
    fp_failed = Signal(object)          # a ui.device_errors.DeviceError, worded where shown

    def __init__(self, ctx, events, parent: QObject | None = None, *, today=date.today):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self._today = today
        self.card_bridge: CardBridge | None = None
        self.card_reader: CardReader | None = None
        self.fp_bridge: FingerprintBridge | None = None
        self._fp_device: FingerprintDevice | None = None
        self._shut = False
        self._reading = False
        self.state: DeviceState | None = None   # the card state both the form and the status bar show
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(READ_DEADLINE_MS)
        self._deadline.timeout.connect(self._read_timed_out)

    # ------------------------------------------------------------------ card
    def start_card(self) -> None:
        """Open the configured reader on a worker and watch for inserted cards."""
        from counter_app.app_context import open_card
        from counter_app.ui.tasks import run_task

        ctx = self.ctx

        def open_reader():
            reader = open_card(ctx)
            # the watch that _card_opened starts on the GUI thread needs this module: import it here
            import counter_app.devices.card.watcher  # noqa: F401

            return reader

        run_task(open_reader, self._card_opened, self._card_open_failed)

    def _card_opened(self, reader) -> None:
        from counter_app.ui.card_bridge import CardBridge

        if self._shut:
            reader.close()
            return
        self.card_reader = reader
        self.card_bridge = CardBridge(reader, self, today=self._today)
        self.card_bridge.card_reading.connect(self._reading_started)
        self.card_bridge.card_inserted.connect(self._card_inserted)
        self.card_bridge.card_removed.connect(self._card_removed)
        self.card_bridge.card_error.connect(self._card_error)
        self.card_bridge.card_warning.connect(self.card_warning)
        self.card_bridge.start()
        self.set_card_state(DeviceState("card.ready"))

    def read_card(self) -> None:
        """F6: read the card in the reader now (opens the reader first when it is not open)."""
        if self.card_bridge is None:
            self.start_card()
            return
        self._reading_started()
        self.card_bridge.read_now(0.0)

    def _reading_started(self) -> None:
        self._reading = True
        self._deadline.start()
        self.set_card_state(DeviceState("card.reading"))

    def _read_over(self) -> bool:
        """True when a read was under way (its deadline is cancelled)."""
        was, self._reading = self._reading, False
        self._deadline.stop()
        return was

    def _read_timed_out(self) -> None:
        if self._reading:
            self._reading = False
            self.set_card_state(DeviceState("card.no_answer", (str(READ_DEADLINE_MS // 1000),)))

    def _card_inserted(self, record) -> None:
        self._read_over()
        self.card_read.emit(record)

    def _card_removed(self) -> None:
        if self._read_over():
            self.set_card_state(DeviceState("card.pulled"))
        elif self.state is None or self.state.code not in READ_FAILURES:
            self.set_card_state(DeviceState("card.removed"))
        # else: a failed read's reason stays until the next card or F6 (the card leaving after a
        # failed read — often what made it fail — must not turn it into 读卡器就绪)

    def _card_open_failed(self, err: BaseException) -> None:
        """The reader could not be opened: a card error's own words, else a plain sentence (the
        exception itself goes to the log)."""
        from counter_app.ui.device_errors import device_error

        if not getattr(err, "message", None):
            log.warning("card reader could not be opened: %r", err)
        self._card_error(device_error(err).without_hint())

    def _card_error(self, error: DeviceError) -> None:
        """The error stays data in the card state: worded where shown, again on a language switch."""
        if error.code == "card_content":
            self._audit_refused_card(error)
        if error.code == "no_answer":          # the reader's own bound: worded as the window's deadline
            self._read_over()
            self.set_card_state(DeviceState("card.no_answer", (str(READ_DEADLINE_MS // 1000),)))
        elif self._read_over():
            self.set_card_state(DeviceState("card.read_failed", (error,)))
        else:
            self.set_card_state(DeviceState("card.error", (error,)))

    def _audit_refused_card(self, error: DeviceError) -> None:
        """A card whose data cannot be right is a failed read on the trail: the problems' names only,
        none of the card's data (written on a worker)."""
        from counter_app.ui.audit_trail import audit

        detail = "卡内数据有误：" + "；".join(error.params)
        audit(self.ctx, action="card.read", object_type="card", result="failed", detail=detail,
              on_lost=self.events.message.emit, owner=self)

    def set_card_state(self, state: DeviceState) -> None:
        """The one card state (读卡器就绪 / 已读卡：张* … / 读卡失败：…), as data: the form's card line
        (``card_state``) and the status bar's device list (``status_info``) both word it, in the
        language of the UI when shown. The panel reports what it made of a read card here too, so
        the two never disagree."""
        self.state = state
        self.card_state.emit(state)
        self.events.status_info.emit({"card_state": state})

    # ------------------------------------------------------------------ fingerprint
    def use_fingerprint_device(self, device) -> None:
        """Use an already opened device (tests, the device panel); the bridge does not close it."""
        self._fp_device = device

    def fingerprint(self):
        if self.fp_bridge is None:
            from counter_app.app_context import open_fingerprint_device
            from counter_app.ui.fingerprint_bridge import FingerprintBridge

            if self._fp_device is not None:
                self.fp_bridge = FingerprintBridge(self._fp_device, parent=self)
            else:
                ctx = self.ctx
                self.fp_bridge = FingerprintBridge(opener=lambda: open_fingerprint_device(ctx), parent=self)
            self.fp_bridge.stage_progress.connect(self.fp_stage)
            self.fp_bridge.quality.connect(self._fp_prompt)
            self.fp_bridge.busy_changed.connect(self._fp_busy)
            self.fp_bridge.finished.connect(self.fp_finished)
            self.fp_bridge.failed.connect(self.fp_failed)
        return self.fp_bridge

    def _fp_prompt(self, message: str) -> None:
        """The reader's own words (请将手指平放在采集器上, a retry reason) from the bridge, passed on as a
        function, so the step page words them in the UI's language and again on a switch."""
        from counter_app.ui.device_errors import prompt_text

        self.fp_quality.emit(lambda: prompt_text(message))

    @property
    def capturing(self) -> bool:
        return self.fp_bridge is not None and self.fp_bridge.busy

    def capture_for_case(self, case_id: str) -> bool:
        """Enrol and store with ``case_id`` (6.6.1.1.2.3); ``fp_finished`` gets the StoredFingerprint,
        which names that case. False when the reader is busy (``fp_failed`` says so)."""
        ctx = self.ctx
        return self.fingerprint().capture_for_case(ctx.store, case_id, clerk=ctx.actor,
                                                   workstation_id=ctx.settings.office.workstation_id,
                                                   keep_image=ctx.settings.fingerprint.keep_images, timeout=30)

    def cancel_fingerprint(self) -> None:
        if self.fp_bridge is not None and self.fp_bridge.busy:     # capturing
            self.fp_bridge.cancel()

    def _fp_busy(self, busy: bool) -> None:
        self.fp_busy.emit(busy)
        state = DeviceState("fingerprint.capturing" if busy else "fingerprint.idle")
        self.events.status_info.emit({"fingerprint_state": state})

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        self._shut = True
        self._deadline.stop()
        if self.card_bridge is not None:
            self.card_bridge.stop()
            self.card_bridge = None
        if self.card_reader is not None:
            try:
                self.card_reader.close()
            except Exception:
                log.debug("card reader close failed", exc_info=True)
            self.card_reader = None
        if self.fp_bridge is not None:
            self.fp_bridge.close()
            self.fp_bridge = None
