"""counter_app.heap: what start-up left alive is taken out of the collector's walks, once, and
again only after many more modules were imported."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from counter_app import heap


@pytest.fixture
def fresh(monkeypatch):
    """Call it first in the test: no settle yet. (Not at set-up: pytest-qt runs the Qt events still
    pending after a test's fixtures are made, and a window or runner of an earlier UI test in the
    same worker settled then — a full run failed so.)"""
    yield lambda: monkeypatch.setattr(heap, "_settled_at", None)
    gc.unfreeze()   # the rest of the test session collects as usual


def test_the_first_settle_freezes_everything_alive(fresh):
    fresh()
    keep = [[i] for i in range(5000)]        # tracked containers alive now
    gc.unfreeze()
    tracked = len(gc.get_objects())
    assert heap.settle() is True
    assert gc.get_freeze_count() >= tracked >= len(keep)
    assert len(gc.get_objects()) < len(keep)      # a full collection now walks almost nothing


def test_a_later_settle_waits_for_many_new_modules(fresh, monkeypatch):
    fresh()
    assert heap.settle() is True
    before = gc.get_freeze_count()
    _later = [[i] for i in range(1000)]
    # nothing frozen: the count does not grow (it may shrink — a frozen object of an earlier test freed
    # meanwhile, as in a long-lived xdist worker)
    assert heap.settle() is False and gc.get_freeze_count() <= before       # nothing imported since
    for i in range(heap.MODULE_STEP - 1):
        monkeypatch.setitem(sys.modules, f"_heap_test_module_{i}", types.ModuleType(f"_heap_test_module_{i}"))
    assert heap.settle() is False and gc.get_freeze_count() <= before
    monkeypatch.setitem(sys.modules, "_heap_test_module_last", types.ModuleType("_heap_test_module_last"))
    before = gc.get_freeze_count()
    assert heap.settle() is True
    assert gc.get_freeze_count() >= before + len(_later)


def test_start_up_runs_without_collections_until_the_first_settle(fresh, monkeypatch):
    fresh()
    monkeypatch.setattr(heap, "_one_thread", False)     # a process whose collector runs by itself (sync)
    try:
        heap.pause_collection()
        assert not gc.isenabled() and not heap.collecting()
        heap.settle()
        assert gc.isenabled() and heap.collecting()
        heap.pause_collection()
        assert heap.settle() is False and gc.isenabled()     # collecting again even when not freezing
    finally:
        gc.enable()


def test_where_one_thread_collects_start_up_pauses_its_collections_too(fresh):
    fresh()
    heap.collect_on_one_thread()
    heap.pause_collection()
    kept = [[i] for i in range(gc.get_threshold()[0] + 100)]
    assert not heap.collecting() and heap.collect_due() is None
    heap.settle()
    assert heap.collecting() and not gc.isenabled()
    kept += [[i] for i in range(gc.get_threshold()[0] + 100)]
    assert heap.collect_due() is not None


def test_the_gui_entry_points_pause_collection_before_the_window_is_built(monkeypatch):
    """``counter-app`` (no arguments) and the smoke start pause the collector before importing
    the window, and the main window's first frame resumes it (tests/ui covers the window)."""
    from counter_app.cli import main as cli_main

    calls = []
    monkeypatch.setattr(heap, "pause_collection", lambda: calls.append("pause"))
    fake = types.ModuleType("counter_app.ui.app")
    fake.run_gui = lambda **kw: calls.append(("run_gui", gc.isenabled())) or 0
    monkeypatch.setitem(sys.modules, "counter_app.ui.app", fake)
    import counter_app.ui as ui_pkg
    monkeypatch.setattr(ui_pkg, "app", fake, raising=False)
    assert cli_main.main([]) == 0
    assert calls[0] == "pause" and calls[1][0] == "run_gui"


def test_a_sync_round_process_settles_once_set_up(fresh, monkeypatch):
    """``counter-app sync run``: the round runs with the start-up objects frozen out of the walks."""
    fresh()
    import argparse

    from counter_app.cli import sync as sync_cli
    from counter_app.sync.worker import SyncReport

    seen = {}

    class _Store:
        def close(self):
            seen["closed"] = True

    monkeypatch.setattr(sync_cli, "_sync_session", lambda args: (None, _Store(), None))

    def one_round(*args):
        seen["settled_before_round"] = heap._settled_at is not None
        return SyncReport(online=True)

    monkeypatch.setattr(sync_cli, "_one_round", one_round)
    assert sync_cli._run(argparse.Namespace(batch_size=None, json=False)) == 0
    assert seen == {"settled_before_round": True, "closed": True}


def test_a_settle_leaves_the_automatic_collector_off_where_one_thread_collects(fresh, monkeypatch):
    """The window's process (ui.gui_collector): settle freezes, but the collector stays off."""
    fresh()
    monkeypatch.setattr(heap, "_one_thread", False)
    try:
        heap.collect_on_one_thread()
        assert not gc.isenabled()
        assert heap.settle() is True and gc.get_freeze_count() > 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collect_due_collects_what_the_automatic_collector_would_have(monkeypatch):
    monkeypatch.setattr(heap, "_paused", False)
    gc.collect()
    assert heap.collect_due() is None                  # nothing allocated since
    kept = [[i] for i in range(gc.get_threshold()[0] + 100)]
    assert heap.collect_due() == 0
    assert gc.get_count()[0] < len(kept)               # the youngest generation was collected
    kept += [[i] for i in range(gc.get_threshold()[0] + 100)]
    monkeypatch.setattr(heap, "_paused", True)         # start-up, until the window's first frame
    assert heap.collect_due() is None


def test_collect_due_collects_the_oldest_generation_only_when_a_quarter_more_lives_there(monkeypatch):
    """CPython's rule: a full collection waits until the objects moved into the oldest generation
    since the last one exceed a quarter of those it held then."""
    monkeypatch.setattr(heap, "_paused", False)
    old = gc.get_threshold()
    gc.collect()
    kept: list = []
    try:
        gc.set_threshold(10, 1, 1)
        monkeypatch.setattr(heap, "_long_lived_total", 10**9)
        monkeypatch.setattr(heap, "_long_lived_pending", 0)
        done = []
        for _ in range(30):
            kept += [[i] for i in range(20)]
            done.append(heap.collect_due())
        assert 1 in done and 2 not in done             # the middle generation; never a full one
        assert heap._long_lived_pending >= len(kept) // 2     # the survivors counted as moved on
        monkeypatch.setattr(heap, "_long_lived_total", 0)
        for _ in range(5):
            kept += [[i] for i in range(20)]
            if heap.collect_due() == 2:
                break
        else:
            raise AssertionError("no full collection once more than a quarter had moved on")
        assert heap._long_lived_pending == 0 and heap._long_lived_total >= len(kept) // 2
    finally:
        gc.set_threshold(*old)
