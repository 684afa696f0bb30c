"""Qt bridge for fingerprint operations (指纹采集): runs them off the GUI thread.

Device calls block (a matching verify costs ~0.5 s of bozorth3), so every operation runs on the
UI's background-task pattern (:class:`counter_app.ui.tasks.TaskRunner`, one thread so device calls
never overlap). Progress and prompts are emitted from the worker; the bridge lives in the GUI
thread, so Qt queues them and slots run on the GUI thread:

- ``stage_progress(done, total)`` after each accepted enroll stage,
- ``quality(message)`` for prompts and quality feedback (“请将手指平放在采集器上”, “按压时间太短…”),
- ``finished(result)`` with the operation's result object,
- ``failed(message)`` with a Chinese message (the exception is in :attr:`last_error`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from counter_app.devices.fingerprint.base import DEFAULT_TIMEOUT_S, Finger, FingerprintDevice, FingerprintError

log = logging.getLogger(__name__)


class FingerprintBridge(QObject):
    stage_progress = Signal(int, int)
    quality = Signal(str)
    finished = Signal(object)
    failed = Signal(object)      # a ui.device_errors.DeviceError, worded where shown (error_text)
    busy_changed = Signal(bool)

    def __init__(self, device: FingerprintDevice | None = None, *,
                 opener: Callable[[], FingerprintDevice] | None = None, parent: QObject | None = None):
        """Use an opened ``device``, or ``opener()`` on the worker at the first operation."""
        super().__init__(parent)
        from counter_app.ui.tasks import TaskRunner

        if device is None and opener is None:
            raise ValueError("FingerprintBridge needs a device or an opener")
        self._device = device
        self._opener = opener
        self._owns_device = device is None
        self._runner = TaskRunner(self, max_threads=1)
        self._busy = False
        self._lock = threading.Lock()
        self.last_error: BaseException | None = None

    # -- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def device(self) -> FingerprintDevice | None:
        return self._device

    def _set_busy(self, value: bool) -> None:
        if value != self._busy:
            self._busy = value
            self.busy_changed.emit(value)

    def _dev(self) -> FingerprintDevice:   # worker thread
        with self._lock:
            if self._device is None:
                assert self._opener is not None
                self._device = self._opener()
            return self._device

    def _start(self, op: Callable[[FingerprintDevice], Any]) -> bool:
        if self._busy:
            from counter_app.devices.fingerprint.base import DeviceBusyError
            from counter_app.ui.device_errors import device_error

            self.failed.emit(device_error(DeviceBusyError()))     # 正忙, with what to do: wait or cancel
            return False
        self._set_busy(True)
        self.last_error = None
        self._runner.run(lambda: op(self._dev()), self._on_done, self._on_error)
        return True

    def _on_done(self, result: Any) -> None:   # GUI thread
        self._set_busy(False)
        self.finished.emit(result)

    def _on_error(self, exc: BaseException) -> None:   # GUI thread
        self._set_busy(False)
        self.last_error = exc
        from counter_app.ui.device_errors import device_error, plain_error

        if isinstance(exc, FingerprintError):
            error = device_error(exc).without_hint()
        else:
            log.error("fingerprint operation failed: %s", getattr(exc, "__traceback_text__", exc))
            error = plain_error(exc, head="fingerprint")
        self.failed.emit(error)

    # worker-thread callbacks → queued signals
    def _progress(self, done: int, total: int) -> None:
        self.stage_progress.emit(int(done), int(total))

    def _prompt(self, message: str) -> None:
        self.quality.emit(message)

    # -- operations (call on the GUI thread; they return at once) -----------------------

    def capture(self, *, timeout: float | None = DEFAULT_TIMEOUT_S) -> bool:
        def op(dev: FingerprintDevice):
            result = dev.capture(timeout=timeout, on_prompt=self._prompt)
            self._prompt(result.message)
            return result
        return self._start(op)

    def enroll(self, finger: Finger = Finger.right_index, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               keep_image: bool = False) -> bool:
        def op(dev: FingerprintDevice):
            result = dev.enroll(finger, timeout=timeout, on_progress=self._progress, on_prompt=self._prompt,
                                keep_image=keep_image)
            self._prompt(f"录入完成，质量{result.quality.label}")
            return result
        return self._start(op)

    def verify(self, template: bytes, *, timeout: float | None = DEFAULT_TIMEOUT_S) -> bool:
        return self._start(lambda dev: dev.verify(template, timeout=timeout, on_prompt=self._prompt))

    def capture_for_case(self, store, case_id: str, *, clerk: str, workstation_id: str = "",
                         finger: Finger = Finger.right_index, keep_image: bool = False,
                         timeout: float | None = DEFAULT_TIMEOUT_S) -> bool:
        """6.6.1.1.2.3: enroll and store with the case; ``finished`` gets a ``StoredFingerprint``."""
        from counter_app.workflows.fingerprint import capture_for_case

        return self._start(lambda dev: capture_for_case(
            store, dev, case_id, clerk=clerk, workstation_id=workstation_id, finger=finger,
            keep_image=keep_image, timeout=timeout, on_progress=self._progress, on_prompt=self._prompt))

    def verify_for_case(self, store, case_id: str, *, clerk: str, workstation_id: str = "",
                        timeout: float | None = DEFAULT_TIMEOUT_S) -> bool:
        """Verify against the case's template; ``finished`` gets a ``VerificationOutcome``."""
        from counter_app.workflows.fingerprint import verify_for_case

        return self._start(lambda dev: verify_for_case(
            store, dev, case_id, clerk=clerk, workstation_id=workstation_id, timeout=timeout,
            on_prompt=self._prompt))

    def run_op(self, op: Callable[[FingerprintDevice], Any]) -> bool:
        """Any device operation (e.g. a certification's verification, counter_app.workflows.certification)
        on the worker; ``finished`` gets its result."""
        return self._start(op)

    def cancel(self) -> None:
        """Cancel the running operation; it ends with ``failed("指纹采集已取消")``."""
        dev = self._device
        if dev is not None and self._busy:
            dev.cancel()

    def close(self, wait_ms: int = 10000) -> None:
        """Cancel, wait for the worker, and close a device this bridge opened."""
        self.cancel()
        self._runner.wait(wait_ms)
        if self._owns_device and self._device is not None:
            self._device.close()
            self._device = None
