"""Keyboard-wedge scanner: telling a scanner's keystroke burst from a person's typing (pure).

A scanner "types" its whole code in a burst — a few milliseconds between keys — and ends it
with Enter; a person's keys are tens to hundreds of milliseconds apart. :class:`BurstDecoder`
holds printable keys while they keep coming faster than ``max_gap_ms``; then

- Enter within the gap after at least ``min_length`` held keys → the held text is a scanned code
  (nothing reaches the focused field, not even the Enter);
- a longer gap, a non-printable key, a modifier (Ctrl/Alt), an auto-repeat, or Enter after too
  few keys → the held keys are "released" to their field in order, as typed.

So the first key of any typing is late by at most ``max_gap_ms`` (30 ms: not noticeable), and a
typist's keys never count as a scan. Times are monotonic milliseconds supplied by the caller; the
Qt side (``counter_app.ui.scanner_bridge``) feeds key events and replays what is released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Decision:
    hold: bool                          # swallow the event now (it is in the buffer or was the scan's Enter)
    release: list[Any] = field(default_factory=list)   # held items to deliver to their field, in order, first
    code: str | None = None             # a complete scanned code


class BurstDecoder:
    def __init__(self, max_gap_ms: float = 30.0, min_length: int = 8):
        if max_gap_ms <= 0 or min_length < 1:
            raise ValueError("max_gap_ms > 0 and min_length ≥ 1")
        self.max_gap_ms = float(max_gap_ms)
        self.min_length = min_length
        self._held: list[tuple[str, Any]] = []
        self._last: float | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def _take(self) -> list[Any]:
        items = [item for _, item in self._held]
        self._held.clear()
        self._last = None
        return items

    def _in_burst(self, now_ms: float) -> bool:
        return self._last is not None and now_ms - self._last <= self.max_gap_ms

    def printable(self, text: str, now_ms: float, item: Any = None) -> Decision:
        """A printable key (``text`` one character, no Ctrl/Alt). ``item`` is what to release later."""
        released = [] if (not self._held or self._in_burst(now_ms)) else self._take()
        self._held.append((text, item))
        self._last = now_ms
        return Decision(True, released)

    def enter(self, now_ms: float) -> Decision:
        if self._held and self._in_burst(now_ms) and len(self._held) >= self.min_length:
            code = "".join(t for t, _ in self._held)
            self._take()
            return Decision(True, [], code)
        return Decision(False, self._take())

    def other(self) -> Decision:
        """Any other key (navigation, modifiers, auto-repeat): release what is held, pass it on."""
        return Decision(False, self._take())

    def timeout(self, now_ms: float) -> list[Any]:
        """Call when ``max_gap_ms`` passed without a key: the held keys were typing (or a torn scan)."""
        if self._held and not self._in_burst(now_ms):
            return self._take()
        return []
