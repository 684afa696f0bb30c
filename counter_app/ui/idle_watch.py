"""The idle watcher of the 锁屏 (:mod:`counter_app.ui.idle_lock`): the window makes it at start-up,
so it is a module of its own — the lock screen, its dialogs and their Qt classes are imported
when the screen first locks (#20)."""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})
CHECK_MS = 15_000


class IdleWatcher(QObject):
    """Emits ``idle`` once the application has had no input for ``minutes``; input starts over."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic,
                 watch: bool = True):
        super().__init__(parent)
        self.limit = minutes * 60.0
        self._clock = clock
        self.last_input = clock()
        self._fired = False
        self.watching = False
        if watch:
            self.watch()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def watch(self) -> None:
        """Start seeing the application's events. An application-wide filter written in Python costs
        on every event of every widget, and PySide wraps each Qt-made object it passes to Python: the
        main window starts it after its first frame (the ~3,500 events of building and showing the
        window cost ~11 % of the start-up otherwise). Idle time counts from construction anyway."""
        app = QApplication.instance()
        if app is not None and not self.watching:
            app.installEventFilter(self)
            self.watching = True

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if event.type() in INPUT_EVENTS:
            self.last_input = self._clock()
            self._fired = False
        return False

    def idle_seconds(self) -> float:
        return self._clock() - self.last_input

    def check(self) -> None:
        if not self._fired and self.idle_seconds() >= self.limit:
            self._fired = True
            self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self.watching:
            app.removeEventFilter(self)
            self.watching = False
