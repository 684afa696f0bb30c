"""Key events as a keyboard-wedge scanner or a person produces them, with window-system timestamps.

Real key events carry the time the keyboard sent them (``QKeyEvent.timestamp()``, ms); the wedge
filter measures gaps on those stamps. Sending stamped events makes a test independent of how busy
the machine is (QTest's own key events carry no stamp, so the filter falls back to the clock).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent

_clock = [1_000_000]


def _key_for(ch: str) -> tuple[int, Qt.KeyboardModifier]:
    mods = Qt.KeyboardModifier.ShiftModifier if (ch.isupper() or ch in '_:!@#$%^&*()+{}|"<>?~') else Qt.KeyboardModifier.NoModifier
    if ch.isalpha() and ch.isascii():
        return int(getattr(Qt.Key, f"Key_{ch.upper()}")), mods
    if ch.isdigit() and ch.isascii():
        return int(getattr(Qt.Key, f"Key_{ch}")), mods
    return ord(ch), mods


def _send(widget, kind, key, mods, text, stamp) -> None:
    ev = QKeyEvent(kind, key, mods, text)
    ev.setTimestamp(stamp)
    QCoreApplication.sendEvent(widget, ev)


def type_stamped(widget, text: str, *, gap_ms: int, enter: bool = True) -> None:
    """Press and release each character ``gap_ms`` apart (by the stamps), then Enter."""
    for ch in text:
        _clock[0] += gap_ms
        key, mods = _key_for(ch)
        _send(widget, QEvent.Type.KeyPress, key, mods, ch, _clock[0])
        _send(widget, QEvent.Type.KeyRelease, key, mods, ch, _clock[0] + 1)
    if enter:
        _clock[0] += gap_ms
        _send(widget, QEvent.Type.KeyPress, int(Qt.Key.Key_Return), Qt.KeyboardModifier.NoModifier, "\r", _clock[0])
        _send(widget, QEvent.Type.KeyRelease, int(Qt.Key.Key_Return), Qt.KeyboardModifier.NoModifier, "\r", _clock[0] + 1)
    _clock[0] += 10_000
