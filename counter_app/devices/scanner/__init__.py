"""电子社保卡扫码枪 (QR code scanner for the 电子社保卡 the applicant shows in the app).

Three ways a scanner reaches the counter PC (``[scanner] backend``):

- ``wedge``  — a USB scanner that types like a keyboard (HID keyboard wedge). The window tells its
  keystroke burst from a person's typing (:class:`.wedge.BurstDecoder`: every gap under
  ``max_gap_ms``, at least ``min_length`` characters, ended by Enter) and hands the code to the
  scanner handler, never to the field that has focus (the Qt event filter is
  ``counter_app.ui.scanner_bridge``);
- ``serial`` — a serial / virtual COM scanner read through pyserial (:mod:`.serial_port`);
- ``evdev``  — Linux: the scanner's input device read directly and grabbed, so its keys reach no
  window at all (:mod:`.evdev_input`).

The code is opaque: it goes, unread, to the centre for verification (``counter_app.sync.essc``).
``open_scanner(settings, on_code, on_error)`` starts a serial / evdev reader thread; the wedge
needs the GUI and lives in the UI layer.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from counter_app.config import Settings


class ScannerError(Exception):
    """``code`` stable English; ``message`` / ``hint`` Chinese for the clerk."""

    def __init__(self, code: str, message: str, hint: str = "", detail: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.detail = detail

    def text(self) -> str:
        return self.message + (f"\n{self.hint}" if self.hint else "")

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}


class ReaderThread:
    """What the serial and evdev readers share: a daemon thread running ``_run`` until ``stop()``,
    each complete code handed to ``on_code`` (a failing handler is logged, the reader goes on), a
    lost device to ``on_error`` once. Subclasses open and close their device and read it in
    ``_run``; ``_device`` is the open device or None."""

    thread_name = "ScannerReader"

    def __init__(self, on_code: Callable[[str], None], on_error: Callable[[ScannerError], None] | None = None):
        self.on_code = on_code
        self.on_error = on_error or (lambda e: None)
        self._device: object | None = None      # the subclass's open device (its type there), or None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def open(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        raise NotImplementedError

    def check(self) -> None:
        """Open and close the device (doctor)."""
        self.open()
        self.close()

    def start(self):
        if self._device is None:
            self.open()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self.close()

    def _deliver(self, code: str) -> None:
        try:
            self.on_code(code)
        except Exception:
            logging.getLogger(type(self).__module__).exception("scanner handler failed")

    def _lost(self, message: str, exc: BaseException) -> None:
        """The device went away while reading (not while stopping): tell the window once."""
        if not self._stop.is_set():
            self.on_error(ScannerError("scanner_disconnected", message,
                                       "请重新连接扫码枪；也可读实体社保卡或身份证。", str(exc)))


def open_scanner(settings: "Settings", on_code: Callable[[str], None], on_error: Callable[[ScannerError], None]):
    """A started background reader for ``serial`` / ``evdev`` (``stop()`` ends it), or None for
    ``wedge`` / ``none``. Raises :class:`ScannerError` when the device cannot be opened."""
    backend = settings.scanner.backend.value
    if backend == "serial":
        from counter_app.devices.scanner.serial_port import SerialScanner

        return SerialScanner(settings.scanner.serial_port, settings.scanner.baudrate, on_code, on_error).start()
    if backend == "evdev":
        from counter_app.devices.scanner.evdev_input import EvdevScanner

        return EvdevScanner(settings.scanner.evdev_device, on_code, on_error).start()
    return None
