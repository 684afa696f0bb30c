"""The cyclic garbage collector of the window's process runs on the GUI thread only.

CPython collects on whichever thread allocates past its threshold: a worker of the pool, the card
watcher, the scanner's reader. A QObject in a garbage cycle is destroyed by that collection, on
that thread, and Qt objects may only be destroyed on the thread they live in (its timers are
stopped from the wrong thread: "QBasicTimer::stop: Failed. Possibly trying to stop from a
different thread", then a crash). So the automatic collector stays off
(:func:`counter_app.heap.collect_on_one_thread`) and a timer of the GUI thread runs what it would
have run (:func:`counter_app.heap.collect_due`), as pyqtgraph's and calibre's windows do.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from counter_app import heap

INTERVAL_MS = 1000      # garbage cycles made meanwhile wait at most this long (their memory only)

_installed: tuple[QObject, GuiCollector] | None = None    # (the application, its collector)


class GuiCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        heap.collect_on_one_thread()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(heap.collect_due)
        self._timer.start()


def install_gui_collector(app: QObject, interval_ms: int = INTERVAL_MS) -> GuiCollector:
    """Collect on the GUI thread only, from now on, for the life of ``app`` (the QApplication); one
    collector per application however often this is called (looked up here, not by findChild, which
    would wrap the app's child QStyle before the window is idle)."""
    global _installed
    if _installed is None or _installed[0] is not app:
        _installed = (app, GuiCollector(app, interval_ms))
    return _installed[1]
