"""The one background-operation pattern of the UI.

Every blocking call (store, network, card, fingerprint, printing) runs on a worker thread via
:func:`run_task`; its result or error comes back on the GUI thread through a queued signal, so
the event loop never waits on I/O (as Anki's ``QueryOp`` and Picard's thread pool do).
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

# CPython hands the GIL to a waiting thread only every ``sys.getswitchinterval()`` (5 ms by
# default). While a worker computes in Python (PDF rendering, ORM rows, sync batches) every GUI
# slot — a keystroke, a timer — first waits for the GIL, up to one interval per busy worker.
# At 1 ms the longest GUI stall while workers compute roughly halves (``bench ui-stall``).
GUI_SWITCH_INTERVAL = 0.001


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._hand_over(self._relay.failed, exc)
        else:
            self._hand_over(self._relay.done, result)

    def _hand_over(self, signal, value: Any) -> None:
        # The relay is gone only when the application is being torn down with this task still
        # running (closing waits for the pool, a test's QApplication may not): nobody is left
        # to tell, and Qt would print the RuntimeError from this thread.
        try:
            signal.emit(value)
        except RuntimeError:
            log.debug("background task finished after the application closed: %s", self._fn)


def _receiver_alive(callback: Callable | None, owner: QObject | None) -> bool:
    """False when the widget that asked for the work was deleted while the work ran."""
    for obj in (owner, getattr(callback, "__self__", None)):
        if isinstance(obj, QObject) and not shiboken6.isValid(obj):
            return False
    return True


class TaskRunner(QObject):
    """Runs callables on a private thread pool; callbacks run on the GUI thread.

    A task still running after :attr:`long_task_seconds` is logged once with its function's name
    (a stuck worker is otherwise invisible: the window only stops updating what it waits for);
    :meth:`live_tasks` lists what runs now, for support tools and the benches' timeouts."""

    finished_all = Signal()
    long_task_seconds = 60.0
    watch_interval_ms = 15000

    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        if sys.getswitchinterval() > GUI_SWITCH_INTERVAL:
            sys.setswitchinterval(GUI_SWITCH_INTERVAL)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._live: dict[_Relay, tuple[str, float]] = {}   # what runs: function name, monotonic start
        self._reported: set[_Relay] = set()                  # logged as long-running already
        self._held: list[Task] | None = None   # queued while the window draws its first frame
        self._watch = QTimer(self)
        self._watch.timeout.connect(self._report_long_tasks)

    def hold(self) -> None:
        """Queue work submitted from now on instead of starting it, until :meth:`release`.

        Start-up holds the window's first queries (and the store opening) while it builds and
        paints the main window: Python threads share one interpreter lock, and a worker importing
        SQLAlchemy meanwhile makes every Qt call of the GUI thread wait for the lock again."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the work queued since :meth:`hold`, in order (idempotent)."""
        held, self._held = self._held, None
        for task in held or ():
            self.pool.start(task)

    @property
    def active(self) -> int:
        return len(self._live)

    def live_tasks(self) -> list[tuple[str, float]]:
        """(function name, seconds since it was submitted) of every task not finished yet, oldest first."""
        now = time.monotonic()
        return sorted(((name, now - t0) for name, t0 in self._live.values()), key=lambda x: -x[1])

    def _report_long_tasks(self) -> None:
        now = time.monotonic()
        for relay, (name, t0) in list(self._live.items()):
            if relay not in self._reported and now - t0 >= self.long_task_seconds:
                self._reported.add(relay)
                log.warning("background task still running after %.0f s: %s", now - t0, name)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` on a worker; ``on_done(result)`` / ``on_error(exc)`` on the GUI thread.

        Callbacks are dropped when their receiver (a bound method's QObject, or ``owner``) has been
        deleted meanwhile — a panel closed while its query ran never gets a call on a dead widget.
        """
        relay = _Relay()  # lives in the GUI thread: its signals are delivered there (queued)
        self._live[relay] = (getattr(fn, "__qualname__", None) or repr(fn), time.monotonic())
        if not self._watch.isActive():
            self._watch.start(self.watch_interval_ms)

        def _finish() -> None:
            self._live.pop(relay, None)
            self._reported.discard(relay)
            relay.deleteLater()
            if not self._live:
                self._watch.stop()
                self.finished_all.emit()

        @Slot(object)
        def _done(result: Any) -> None:
            try:
                if on_done is not None and _receiver_alive(on_done, owner):
                    on_done(result)
            finally:
                _finish()

        @Slot(object)
        def _failed(exc: BaseException) -> None:
            try:
                if on_error is None:
                    log.error("background task failed: %s", getattr(exc, "__traceback_text__", exc))
                elif _receiver_alive(on_error, owner):
                    on_error(exc)
                else:
                    log.info("background task failed after its receiver closed: %s", exc)
            finally:
                _finish()

        relay.done.connect(_done)
        relay.failed.connect(_failed)
        task = Task(fn, relay)
        if self._held is not None:
            self._held.append(task)
        else:
            self.pool.start(task)

    def run_op(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, *, events=None,
               owner: QObject | None = None) -> None:
        """An operation (as Anki's ``CollectionOp``): ``fn`` returns a value whose ``changes``
        (an ``OpChanges``) are announced through ``events.announce`` on the GUI thread, after
        ``on_done`` — the caller never emits change events itself."""

        def done(result: Any) -> None:
            try:
                if on_done is not None:
                    on_done(result)
            finally:
                changes = getattr(result, "changes", None)
                if events is not None and changes is not None:
                    events.announce(changes)

        self.run(fn, done, on_error, owner)

    def wait(self, msecs: int = 30000) -> bool:
        self.release()   # held work is started, not dropped: closing waits for it like for the rest
        return self.pool.waitForDone(msecs)


_default: TaskRunner | None = None


def task_runner() -> TaskRunner:
    """The application's shared runner (created on first use, in the GUI thread)."""
    global _default
    if _default is None:
        from counter_app import heap

        _default = TaskRunner()
        # the work is done and the app idle: what start-up (or the import-heavy first notice or
        # sync) left alive stays alive, and the collector stops walking it (counter_app.heap)
        _default.finished_all.connect(heap.settle)
    return _default


def run_task(fn, on_done=None, on_error=None, owner=None) -> None:
    task_runner().run(fn, on_done, on_error, owner)


class _FirstFrame(QObject):
    def __init__(self, window, then: Callable[[], None], fallback_ms: int):
        super().__init__(window)
        self._window = window
        self._then = then
        self._fired = False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)   # a window that never paints (minimised) still loads

    def eventFilter(self, obj, event) -> bool:
        if not self._fired and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._fire)         # after this paint has finished
        return False

    def _fire(self) -> None:
        if self._fired:
            return
        self._fired = True
        if shiboken6.isValid(self) and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._then()


def after_first_frame(window, then: Callable[[], None], fallback_ms: int = 1000) -> None:
    """Call ``then()`` once ``window`` has painted its first frame (or after ``fallback_ms``)."""
    _FirstFrame(window, then, fallback_ms)


# ---------------------------------------------------------------------------------------------
# Waiting on the GUI thread without starving the workers
# ---------------------------------------------------------------------------------------------
# PySide6 6.12 calls ``QTest.qWait``, ``QTest.qSleep`` and ``QCoreApplication.processEvents(flags,
# maxtime)`` WITHOUT releasing the GIL: for the whole wait no worker thread can run a Python line
# (measured: a worker spinning in Python makes ~1 % of its progress during a 300 ms ``qWait``,
# 100 % during ``QEventLoop.exec``). A driver polling ``while not cond: QTest.qWait(10)`` therefore
# lets the workers run only between two waits, for about one switch interval — every background
# operation took 3–4 s and ``make screenshots`` timed out. ``QEventLoop.exec`` (what ``app.exec``,
# pytest-qt's ``qtbot.wait``/``waitUntil`` and ``processEvents(WaitForMoreEvents)`` use) releases
# the GIL while it sleeps in the event dispatcher, so the real application is not affected. Every
# wait outside the running event loop goes through :func:`pump` / :func:`wait_until` below.


def pump(msecs: int) -> None:
    """Run the event loop for ``msecs`` milliseconds; workers hold the GIL whenever it idles."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, int(msecs)), loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float, step_ms: int = 10) -> bool:
    """Run the event loop until ``condition()`` holds (True) or ``timeout`` seconds pass (False);
    ``condition`` is checked every ``step_ms`` (results arrive meanwhile as queued signals)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        pump(step_ms)
    return True
