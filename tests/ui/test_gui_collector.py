"""The window's process collects garbage cycles on the GUI thread only (counter_app.ui.gui_collector):
a QObject dropped in a cycle is destroyed on the thread it lives in, never on a worker that happened
to allocate (a CI run of the suite crashed that way: "QBasicTimer::stop: Failed. Possibly trying to
stop from a different thread", then a segmentation fault)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, Qt

from counter_app import heap
from counter_app.ui.gui_collector import GuiCollector, install_gui_collector


class _Dropped(QObject):
    pass


def _drop_a_cycle(record: list[str]) -> None:
    obj = _Dropped()
    obj.me = obj                 # a cycle: only the cyclic collector frees it, on the thread it runs on
    obj.destroyed.connect(lambda *_: record.append(threading.current_thread().name),
                          Qt.ConnectionType.DirectConnection)


def _allocate_on_a_worker(kept: list) -> None:
    worker = threading.Thread(target=lambda: kept.extend([[i] for i in range(20_000)]), name="worker")
    worker.start()
    worker.join()


def test_the_automatic_collector_would_destroy_a_dropped_qobject_on_a_worker(qapp):
    """What the GUI collector prevents: with CPython's automatic collector on, the thread that
    allocates collects (here a plain QObject, which a worker may destroy without harm)."""
    record: list[str] = []
    kept: list = []
    gc.collect()
    gc.enable()
    try:
        _drop_a_cycle(record)
        _allocate_on_a_worker(kept)
    finally:
        heap.collect_on_one_thread()
        gc.collect()
    assert record == ["worker"]


def test_a_dropped_qobject_is_destroyed_on_the_gui_thread_by_its_timer(qtbot, qapp):
    owner = QObject()
    GuiCollector(owner, interval_ms=20)
    record: list[str] = []
    kept: list = []
    gc.collect()
    _drop_a_cycle(record)
    _allocate_on_a_worker(kept)
    assert record == []                                # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: bool(record), timeout=3000)  # the GUI thread's timer did
    assert record == [threading.main_thread().name]
    assert not gc.isenabled()


def test_the_application_has_one_collector_however_often_it_is_installed(qapp):
    first = install_gui_collector(qapp)
    assert install_gui_collector(qapp) is first
    assert qapp.findChildren(GuiCollector) == [first]
