"""A stopped card bridge hears nothing more from its watcher thread (ui.card_bridge): a watcher
blocked in pcscd outlives stop()'s wait, and must not emit on a bridge its panel then deletes."""

from __future__ import annotations

import threading

from counter_app.devices.card.errors import NoReaderError
from counter_app.ui.card_bridge import CardBridge


class _Watch:
    def __init__(self, on_inserted, on_removed, on_error):
        self.callbacks = (on_inserted, on_removed, on_error)
        self.on_reading = None
        self.stopped = False

    def stop(self, timeout: float = 3.0) -> None:
        self.stopped = True          # returns while its thread is still blocked, as a join timing out


class _Reader:
    def __init__(self):
        self.watches: list[_Watch] = []

    def watch(self, on_inserted, on_removed, on_error=None):
        self.watches.append(_Watch(on_inserted, on_removed, on_error))
        return self.watches[-1]


def _from_the_watcher_thread(fn, *args) -> None:
    t = threading.Thread(target=fn, args=args)
    t.start()
    t.join()


def test_reports_reach_the_signals_while_watching_and_none_after_stop(qtbot, qapp):
    reader = _Reader()
    bridge = CardBridge(reader)
    heard: list[str] = []
    bridge.card_error.connect(lambda e: heard.append("error"))
    bridge.card_removed.connect(lambda: heard.append("removed"))
    bridge.card_reading.connect(lambda: heard.append("reading"))
    bridge.start()
    watch = reader.watches[0]
    on_inserted, on_removed, on_error = watch.callbacks
    _from_the_watcher_thread(on_error, NoReaderError())
    _from_the_watcher_thread(watch.on_reading)
    qtbot.waitUntil(lambda: heard == ["error", "reading"], timeout=2000)
    bridge.stop()
    assert watch.stopped
    for fn, args in ((on_error, (NoReaderError(),)), (on_removed, ()), (watch.on_reading, ()), (on_inserted, (object(),))):
        _from_the_watcher_thread(fn, *args)
    qtbot.wait(100)
    assert heard == ["error", "reading"]
    bridge.start()                                       # watching again: a new watch, heard again
    _from_the_watcher_thread(reader.watches[1].callbacks[1])
    qtbot.waitUntil(lambda: heard[-1:] == ["removed"], timeout=2000)
    bridge.stop()
