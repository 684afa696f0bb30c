"""``bench ui-stall``: the longest event-loop stall of the real main window while a social
security card is read, a notice is issued and printed, and 1,000 outbox entries are synced —
all three at once, through the UI's one background-operation pattern
(``counter_app.ui.tasks.task_runner().run``) — against the longest stall of the same window left
idle for the same wall time in the same run.

Real services: pcscd + vpcd with the project's card emulator, a private CUPS cups-pdf queue,
PostgreSQL + the reference central service (the window's user logged in, tokens in a plaintext
keyring under a temp XDG_DATA_HOME), and the window's render process and sync agent started as
the app starts them (``app_context.start_render_host``, ``start_sync_agent``): 立即同步 asks the
running agent for its round, as in the app. Qt runs offscreen.

A 2 ms precise QTimer on the GUI thread records the largest gap between consecutive ticks
(``time.perf_counter``). Each repetition: idle window, I/O window, idle window of the same
length; the repetition's baseline is the larger of its two idle windows. Medians over the
repetitions. Every service started here is stopped by PID at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import BenchResult, throwaway_keyring

REPS = 9
OUTBOX_ENTRIES = 1000
TICK_MS = 2
GOAL = 1.5   # issue 20: raised from 2.0
_ENV_KEYS = ("COUNTER_APP_HOME", "XDG_DATA_HOME", "PYTHON_KEYRING_BACKEND", "QT_QPA_PLATFORM")


def run() -> BenchResult:
    from tests.support.pcsc import VpcdLock

    tmp = Path(tempfile.mkdtemp(prefix="bench-ui-stall-"))
    saved = {k: os.environ.get(k) for k in _ENV_KEYS}
    os.environ["COUNTER_APP_HOME"] = str(tmp / "home")
    throwaway_keyring(tmp / "xdg-data")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        with VpcdLock():
            return _with_services(tmp)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(tmp, ignore_errors=True)


def _with_services(tmp: Path) -> BenchResult:
    from bench._services import start_cups
    from tests.support.card_emulator import CardProfile
    from tests.support.central import start_central
    from tests.support.pcsc import VirtualCardSlot, ensure_pcscd
    from tests.support.postgres import start_postgres

    stack = []  # stop callables, run in reverse
    try:
        pg = start_postgres()
        stack.append(pg.stop)
        central = start_central(pg.create_database("bench_ui_stall"), tmp)
        stack.append(central.stop)
        cups = start_cups()
        stack.append(cups.stop)
        pcscd = ensure_pcscd()
        stack.append(pcscd.stop)
        slot = VirtualCardSlot()
        slot.insert(CardProfile(name="王𠮷"))
        stack.append(lambda: slot.remove(wait=False))
        return _measure(central.url, cups.name)
    finally:
        errors = []
        for stop in reversed(stack):
            try:
                stop()
            except Exception as exc:  # stop the rest anyway
                errors.append(exc)
        if errors:
            raise errors[0]


# --------------------------------------------------------------------------- measuring
class _StallMeter:
    """Largest gap between consecutive ticks of a precise GUI-thread timer."""

    def __init__(self, interval_ms: int = TICK_MS):
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = None
        self.max_gap = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.last, self.max_gap, self.ticks = None, 0.0, 0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.max_gap


def _spin(until, timeout: float) -> None:
    """Run the GUI event loop until ``until()`` is true (checked every 1 ms) or ``timeout`` s.

    ``until()`` is checked again once the loop has returned: events of the same pass may change it
    after the check that quit the loop (a debounced 参保档案 lookup starting just after the runner
    went idle). Then the loop runs on; only the deadline ends the wait with an error."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.setInterval(1)
    deadline = time.perf_counter() + timeout

    def poll() -> None:
        if until() or time.perf_counter() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    try:
        while True:
            loop.exec()
            if until():
                return
            if time.perf_counter() > deadline:
                break
    finally:
        check.stop()
    from counter_app.ui.tasks import task_runner

    running = ", ".join(f"{name} ({age:.0f} s)" for name, age in task_runner().live_tasks()) or "none"
    raise TimeoutError(f"timed out after {timeout:g} s; background tasks still running: {running}")


def _idle(meter: _StallMeter, seconds: float) -> float:
    meter.start()
    end = time.perf_counter() + seconds
    _spin(lambda: time.perf_counter() >= end, seconds + 5)
    return meter.stop()


def _fill_outbox(store, n: int, rep: int) -> None:
    from counter_app.storage.uow import UnitOfWork

    with UnitOfWork(store, actor="clerk01") as uow:
        for i in range(n):
            uow.outbox.add(kind="case.step", aggregate_type="case", aggregate_id=f"U{rep}-{i % 97}",
                           payload={"step": "review", "n": i, "note": "材料齐全，予以受理", "at": "2025-01-02T10:00:00"})
        uow.commit()


def _measure(central_url: str, printer: str) -> BenchResult:
    from PySide6.QtWidgets import QApplication

    from counter_app.app_context import (SYNC_AGENT, AppContext, UserSession, auth_manager, close_render_host, open_card,
                                         print_queue, start_render_host, start_sync_agent, stop_sync_agent,
                                         sync_round)
    from counter_app.config import default_settings
    from counter_app.domain.documents import DocumentKind
    from counter_app.paths import app_paths
    from counter_app.printing.documents import issue_document
    from counter_app.printing.samples import sample_fields
    from counter_app.storage.db import Store
    from counter_app.storage.uow import UnitOfWork
    from counter_app.ui import dialogs
    from counter_app.ui.card_bridge import CardBridge
    from counter_app.ui.gui_collector import install_gui_collector
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.tasks import task_runner
    from tests.support.pcsc import VPCD_READER

    app = QApplication.instance() or QApplication(["bench-ui-stall"])
    install_gui_collector(app)       # as run_gui does: garbage cycles collected on the GUI thread only
    paths = app_paths().ensure()
    settings = default_settings()
    settings.central.url = central_url
    settings.printer.name = printer
    settings.card.reader = VPCD_READER
    store = Store.open(paths.data_dir / "counter.sqlite3")
    ctx = AppContext(settings=settings, paths=paths, store=store,
                     user=UserSession("clerk01", "张经办", "clerk", online=True))
    login = auth_manager(ctx).login("clerk01", "clerk01-demo")
    if login.mode != "online":
        raise RuntimeError(f"clerk01 did not log in online: {login.mode}")

    orig_ask = dialogs.ConfirmDialog.ask
    dialogs.ConfirmDialog.ask = classmethod(lambda cls, *a, **k: True)
    window = MainWindow(ctx)
    start_render_host(ctx).start()   # as run_gui does once the store is open: notices render in a process of their own
    agent = start_sync_agent(ctx)    # as run_gui does at sign-in: 立即同步 is its next round
    bridge = None
    runner = task_runner()
    try:
        window.show()
        app.processEvents()
        opened = {}
        runner.run(lambda: open_card(ctx), lambda r: opened.setdefault("reader", r),
                   lambda e: opened.setdefault("error", e))
        _spin(lambda: bool(opened) and runner.active == 0, 60)
        if "error" in opened:
            raise RuntimeError(f"card reader: {opened['error']}")
        bridge = CardBridge(opened["reader"], window)
        meter = _StallMeter()
        kind = DocumentKind.guidance_notice
        durations: dict[str, list[float]] = {"card": [], "print": [], "sync": [], "all": []}
        ours, idle_before, idle_after = [], [], []

        def one_io_round(rep: int) -> float:
            _fill_outbox(store, OUTBOX_ENTRIES, rep)
            _spin(lambda: runner.active == 0, 30)
            t0 = time.perf_counter()
            done: dict[str, float] = {}
            failures: list[str] = []
            results: dict[str, object] = {}

            def finished(name):
                def cb(value=None) -> None:
                    done[name] = time.perf_counter() - t0
                    results[name] = value
                return cb

            def failed(name):
                def cb(exc) -> None:
                    done[name] = time.perf_counter() - t0
                    failures.append(f"{name}: {exc}")
                return cb

            # (a) 读卡 — exactly the bridge's button path
            bridge.card_inserted.connect(finished("card"))
            bridge.card_error.connect(failed("card"))

            # (b) 出具并打印告知书 — issue in one unit of work, then the print queue (renders + CUPS)
            def issue_and_print():
                fields = sample_fields(kind)
                with UnitOfWork(store, actor=ctx.actor, workstation_id=settings.office.workstation_id) as uow:
                    doc = issue_document(uow, case_id=f"bench-ui-{rep}", kind=kind, fields=fields, clerk=ctx.actor)
                    uow.commit()
                return print_queue(ctx).submit_document(doc.id, copies=1, clerk=ctx.actor), doc.case_id

            def printed(value) -> None:
                job, case_id = value
                window.events.print_jobs_changed.emit()
                window.events.documents_changed.emit(case_id)
                finished("print")(job)

            # (c) 立即同步 — one round with the central service, status bar follows
            def synced(report) -> None:
                window.status.update_info(online=bool(report.online), clock_skew=bool(report.clock_skewed))
                window.events.outbox_changed.emit()
                finished("sync")(report)

            meter.start()
            bridge.read_now(0.0)
            runner.run(issue_and_print, printed, failed("print"))
            runner.run(lambda: sync_round(ctx), synced, failed("sync"))
            # until all three answered and the window's follow-up refreshes have finished too
            _spin(lambda: len(done) == 3 and runner.active == 0, 120)
            total = time.perf_counter() - t0
            stall = meter.stop()
            bridge.card_inserted.disconnect()
            bridge.card_error.disconnect()
            if failures:
                raise RuntimeError("; ".join(failures))
            report = results["sync"]
            if report.error or report.needs_login or report.synced < OUTBOX_ENTRIES:
                raise RuntimeError(f"sync incomplete: {report.as_dict()}")
            if SYNC_AGENT not in ctx.adapters:
                raise RuntimeError("the sync agent ended: 立即同步 ran in a process of its own")
            if getattr(results["print"], "state", "") in ("failed", "waiting"):
                raise RuntimeError(f"print job {results['print'].state}: {results['print'].detail}")
            if results["card"].name != "王𠮷":
                raise RuntimeError(f"card read returned {results['card'].name!r}")
            for name in ("card", "print", "sync"):
                durations[name].append(done[name])
            durations["all"].append(total)
            return stall

        one_io_round(0)                       # warm-up: imports, fonts, connections (not counted)
        length = durations["all"][-1]
        for key in durations:
            durations[key].clear()
        for rep in range(1, REPS + 1):
            idle_before.append(_idle(meter, length))
            ours.append(one_io_round(rep))
            length = durations["all"][-1]
            idle_after.append(_idle(meter, length))
    finally:
        if bridge is not None:
            bridge.stop()
            bridge.reader.close()
        window.close()
        runner.wait(10000)
        close_render_host(ctx)
        stop_sync_agent(ctx, agent)
        app.processEvents()
        window.deleteLater()
        app.processEvents()
        dialogs.ConfirmDialog.ask = orig_ask
        ctx.close()

    baselines = [max(a, b) for a, b in zip(idle_before, idle_after, strict=False)]
    med = lambda xs: statistics.median(xs)
    ms = lambda xs: " ".join(f"{x * 1000:.1f}" for x in xs)
    return BenchResult("ui-stall", med(ours), med(baselines), GOAL, extra=[
        (f"{REPS} repetitions, timer {TICK_MS} ms; I/O window median {med(durations['all']) * 1000:.0f} ms "
         f"(card read {med(durations['card']) * 1000:.0f} ms, notice issue+render+print {med(durations['print']) * 1000:.0f} ms, "
         f"sync of {OUTBOX_ENTRIES} entries {med(durations['sync']) * 1000:.0f} ms)"),
        f"longest stall during I/O per rep (ms): {ms(ours)}",
        f"longest stall idle before / after (ms): {ms(idle_before)} / {ms(idle_after)}",
    ])


if __name__ == "__main__":
    result = run()
    print(result.line())
    for line in result.extra:
        print(" ", line)
