"""counter_app.ui.tasks — the one background-operation pattern: work on a worker thread, results and
errors back on the GUI thread, the event loop never waits."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer, Qt

from counter_app.ui.tasks import TaskRunner, run_task, task_runner
from tests.support.timing import without_collections


@pytest.fixture
def runner(qtbot):
    r = TaskRunner(max_threads=4)
    yield r
    assert r.wait(10000), "worker threads did not finish"


def _on_gui_thread(qapp) -> bool:
    return QThread.currentThread() is qapp.thread()


def test_result_arrives_on_the_gui_thread(qtbot, qapp, runner):
    gui_ident = threading.get_ident()
    got = {}

    def work():
        return {"worker": threading.get_ident(), "value": 6 * 7}

    def done(result):
        got.update(result, callback_ident=threading.get_ident(), gui=_on_gui_thread(qapp))

    with qtbot.waitSignal(runner.finished_all, timeout=5000):
        runner.run(work, done)
    assert got["value"] == 42
    assert got["worker"] != gui_ident, "the work ran on the GUI thread"
    assert got["callback_ident"] == gui_ident and got["gui"], "the result was not delivered on the GUI thread"
    assert runner.active == 0


def test_error_arrives_on_the_gui_thread_with_its_traceback(qtbot, qapp, runner):
    got = {}

    def work():
        raise ValueError("读卡失败：卡片未插好")

    def done(_result):
        got["done"] = True

    def failed(exc):
        got.update(exc=exc, gui=_on_gui_thread(qapp), ident=threading.get_ident())

    with qtbot.waitSignal(runner.finished_all, timeout=5000):
        runner.run(work, done, failed)
    assert "done" not in got
    assert isinstance(got["exc"], ValueError) and "卡片未插好" in str(got["exc"])
    assert got["gui"] and got["ident"] == threading.get_ident()
    assert "ValueError" in got["exc"].__traceback_text__ and "in work" in got["exc"].__traceback_text__


def test_error_without_handler_is_logged_and_the_runner_goes_on(qtbot, runner, caplog):
    with qtbot.waitSignal(runner.finished_all, timeout=5000):
        runner.run(lambda: 1 / 0)
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)
    got = []
    with qtbot.waitSignal(runner.finished_all, timeout=5000):
        runner.run(lambda: "next", got.append)
    assert got == ["next"]


def test_many_concurrent_tasks_all_complete_and_finished_all_fires_once(qtbot, qapp, runner):
    n = 200
    results, off_gui = [], []
    fired = []
    runner.finished_all.connect(lambda: fired.append(len(results)))
    started = threading.Barrier(4, timeout=5)   # proves 4 run at the same time

    def work(i):
        if i < 4:
            started.wait()
        return i * i

    def done(value):
        if not _on_gui_thread(qapp):
            off_gui.append(value)
        results.append(value)

    with qtbot.waitSignal(runner.finished_all, timeout=20000):
        for i in range(n):
            runner.run(lambda i=i: work(i), done)
        assert runner.active == n
    assert sorted(results) == [i * i for i in range(n)]
    assert not off_gui
    assert fired == [n], "finished_all should fire once, after the last result"
    assert runner.active == 0


def test_shared_runner_and_run_task(qtbot):
    assert task_runner() is task_runner()
    got = []
    with qtbot.waitSignal(task_runner().finished_all, timeout=5000):
        run_task(lambda: "共享", got.append)
    assert got == ["共享"]


def _busy(seconds: float) -> int:
    end, n = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:   # pure Python: holds the GIL between switches
        n += 1
    return n


@pytest.mark.parametrize("kind", ["sleep", "cpu"])
def test_a_300ms_task_does_not_stall_a_gui_timer(qtbot, runner, kind):
    """A blocking 300 ms task (waiting, or computing in Python) leaves the event loop running:
    a 5 ms GUI-thread timer never waits more than ~100 ms between ticks."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    work = (lambda: time.sleep(0.3)) if kind == "sleep" else (lambda: _busy(0.3))
    finished = []
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=2000)
    t0 = time.perf_counter()
    runner.run(work, lambda _r: finished.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    timer.stop()
    assert finished[0] - t0 >= 0.29, "the task did not take its 300 ms (so the test proves nothing)"
    during = [t for t in ticks if t0 <= t <= finished[0]]
    assert len(during) >= 10, f"the GUI timer barely ran while the task worked ({len(during)} ticks)"
    window = [t0] + during + [finished[0]]
    worst = max(b - a for a, b in zip(window, window[1:], strict=False))
    assert worst < 0.1, f"event loop stalled {worst * 1000:.0f} ms while a {kind} task ran"


def _python_work(n: int = 1_500_000) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - started


@pytest.mark.timeout(60)
@pytest.mark.parametrize("waiter", ["tasks.wait_until", "screenshots.wait_until", "qtbot.waitUntil"])
def test_waiting_on_the_gui_thread_does_not_starve_the_workers(qtbot, runner, waiter):
    """PySide6 6.12's QTest.qWait keeps the GIL: a driver polling with it let a worker run only
    between two waits (screenshots timed out, each operation took seconds). The waits of the
    pattern run a real event loop, so a Python-bound worker runs at nearly its own speed."""
    from counter_app.ui import tasks
    from tools import screenshots

    with without_collections():
        alone = min(_python_work() for _ in range(2))       # the same work with nobody waiting
        got: list[float] = []
        started = time.perf_counter()
        runner.run(_python_work, got.append)
        if waiter == "tasks.wait_until":
            assert tasks.wait_until(lambda: bool(got), timeout=30)
        elif waiter == "qtbot.waitUntil":      # pytest-qt waits in a QEventLoop: the tests are not affected
            qtbot.waitUntil(lambda: bool(got), timeout=30000)
        else:
            screenshots.wait_until(lambda: bool(got), timeout=30, what="python work")
        wall = time.perf_counter() - started
    # with QTest.qWait(10) polling this took 5-7x ``alone``; a real event loop ~1x
    assert wall < 2.5 * alone + 0.15, f"worker starved: {wall:.2f} s for {alone:.2f} s of work"


def test_pump_runs_the_event_loop_for_the_time_asked(qtbot):
    from counter_app.ui.tasks import pump

    fired = []
    with without_collections():
        QTimer.singleShot(20, lambda: fired.append(time.perf_counter()))
        started = time.perf_counter()
        pump(120)
        took = time.perf_counter() - started
    assert fired, "a timer due during the pump did not fire"
    assert 0.1 <= took < 1.0


def test_the_shared_runner_settles_the_heap_once_its_work_is_done(qtbot, qapp, monkeypatch):
    """When the app's background work is all done, what start-up left alive is frozen out of the
    collector's walks (counter_app.heap): a full collection then never stalls the window for it."""
    import gc

    from counter_app import heap

    monkeypatch.setattr(heap, "_settled_at", None)
    gc.unfreeze()
    runner = task_runner()
    try:
        with qtbot.waitSignal(runner.finished_all, timeout=5000):
            runner.run(lambda: 1)
        assert heap._settled_at is not None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_long_running_task_is_listed_and_logged_once_by_name(qtbot, runner, caplog):
    """A stuck worker shows: live_tasks() names it with its age, and the runner's watchdog logs it
    once after long_task_seconds; finished, it is gone from both."""
    runner.long_task_seconds, runner.watch_interval_ms = 0.2, 50
    gate = threading.Event()

    def stuck_lookup():
        gate.wait(10)
        return "done"

    runner.run(stuck_lookup)
    runner.run(lambda: None)
    qtbot.waitUntil(lambda: runner.active == 1, timeout=5000)     # the quick one finished
    with caplog.at_level("WARNING", logger="counter_app.ui.tasks"):
        qtbot.wait(600)
    (name, age), = runner.live_tasks()
    assert name.endswith("stuck_lookup") and age >= 0.5
    logged = [r.getMessage() for r in caplog.records if "still running" in r.getMessage()]
    assert len(logged) == 1 and logged[0].endswith("stuck_lookup"), logged
    with qtbot.waitSignal(runner.finished_all, timeout=5000):
        gate.set()
    assert runner.live_tasks() == [] and not runner._watch.isActive()


def test_a_task_that_outlives_its_relay_ends_quietly(qtbot, caplog):
    """The application torn down while a task still runs: the relay is gone when the task ends,
    and the worker thread ends without Qt's RuntimeError (logged at debug, nothing delivered)."""
    import logging

    import shiboken6

    from counter_app.ui.tasks import Task, _Relay

    for outcome in ("done", "failed"):
        relay = _Relay()
        got = []
        relay.done.connect(got.append)
        relay.failed.connect(got.append)

        def work(outcome=outcome):
            if outcome == "failed":
                raise ValueError("x")
            return 1

        task = Task(work, relay)
        shiboken6.delete(relay)
        with caplog.at_level(logging.DEBUG, logger="counter_app.ui.tasks"):
            task.run()                      # a RuntimeError here would fail the test
        qtbot.wait(10)
        assert got == [] and "after the application closed" in caplog.text
        caplog.clear()
