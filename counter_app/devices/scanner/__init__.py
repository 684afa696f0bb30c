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
