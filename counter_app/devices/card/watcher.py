"""Card insert / removal watched on a background thread, reported through plain callbacks.

``on_reading()`` runs when an inserted card's read begins, ``on_inserted(record)`` after the card was read (on the watcher thread, never the GUI
thread); ``on_removed()`` when it leaves; ``on_error(CardError)`` when a read fails or the
service / reader is missing (each distinct problem once until it changes). The UI turns these
into Qt signals with :mod:`counter_app.ui.card_bridge`.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

from counter_app.devices.card.errors import CardError, NoCardError, NoReaderError, error_from_pcsc

log = logging.getLogger(__name__)

OnInserted = Callable[[object], None]
OnRemoved = Callable[[], None]
OnError = Callable[[CardError], None]


class _WatcherBase:
    def __init__(self, on_inserted: OnInserted, on_removed: OnRemoved, on_error: OnError | None):
        self.on_inserted = on_inserted
        self.on_removed = on_removed
        self.on_error = on_error or (lambda e: None)
        self.on_reading: Callable[[], None] = lambda: None   # a card is in: its read begins now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_error: str | None = None

    def start(self):
        self._thread = threading.Thread(target=self._guarded, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _wake(self) -> None:
        pass

    def _guarded(self) -> None:
        try:
            self._run()
        except Exception:  # a callback bug must not pass silently
            log.exception("card watcher stopped by an unexpected error")

    def _report_error(self, err: CardError) -> None:
        key = f"{err.code}:{err.message}"
        if key != self._last_error:
            self._last_error = key
            self.on_error(err)

    def _read_and_report(self, read: Callable[[], object]) -> None:
        self.on_reading()
        try:
            record = read()
        except CardError as err:
            self._last_error = None          # a failed read is always reported
            self.on_error(err)
            return
        self._last_error = None
        self.on_inserted(record)

    def _run(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class PcscWatcher(_WatcherBase):
    """Blocks in SCardGetStatusChange (short timeouts, so stop() is prompt) on its own context."""

    def __init__(self, reader, on_inserted, on_removed, on_error=None, *, poll_ms: int = 250,
                 retry_seconds: float = 1.0):
        super().__init__(on_inserted, on_removed, on_error)
        self.reader = reader
        self.poll_ms = poll_ms
        self.retry_seconds = retry_seconds
        self._ctx = None

    def _wake(self) -> None:
        from smartcard.scard import SCardCancel

        ctx = self._ctx
        if ctx is not None:
            SCardCancel(ctx)

    def _run(self) -> None:
        from smartcard.scard import SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCardEstablishContext, SCardReleaseContext


        present = False
        while not self._stop.is_set():
            rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
            if rc != SCARD_S_SUCCESS:
                self._report_error(error_from_pcsc(rc))
                self._stop.wait(self.retry_seconds)
                continue
            self._ctx = ctx
            try:
                present = self._watch_context(ctx, present)
            except CardError as err:
                self._report_error(err)
                self._stop.wait(self.retry_seconds)
            finally:
                self._ctx = None
                SCardReleaseContext(ctx)

    def _watch_context(self, ctx, present: bool) -> bool:
        from smartcard.scard import (SCARD_E_CANCELLED, SCARD_E_TIMEOUT, SCARD_S_SUCCESS,
                                     SCARD_STATE_CHANGED, SCARD_STATE_MUTE, SCARD_STATE_PRESENT,
                                     SCARD_STATE_UNAVAILABLE, SCARD_STATE_UNAWARE, SCARD_STATE_UNKNOWN,
                                     SCardGetStatusChange, SCardListReaders)


        rc, readers = SCardListReaders(ctx, [])
        if rc != SCARD_S_SUCCESS and rc & 0xFFFFFFFF != 0x8010002E:
            raise error_from_pcsc(rc)
        name = self.reader.resolve_reader(list(readers) if rc == SCARD_S_SUCCESS else [])
        if name is None:
            if present:
                self.on_removed()
            raise self.reader._no_reader_error(list(readers) if rc == SCARD_S_SUCCESS else [])
        self._last_error = None
        state = SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            rc, result = SCardGetStatusChange(ctx, self.poll_ms, [(name, state)])
            rc &= 0xFFFFFFFF
            if rc in (SCARD_E_TIMEOUT & 0xFFFFFFFF, SCARD_E_CANCELLED & 0xFFFFFFFF):
                continue
            if rc != SCARD_S_SUCCESS:
                if present:
                    self.on_removed()
                raise error_from_pcsc(rc)
            _, ev, _atr = result[0]
            state = ev & ~SCARD_STATE_CHANGED
            if ev & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE):
                if present:
                    self.on_removed()
                raise NoReaderError(f"读卡器“{name}”已断开。")
            now = bool(ev & SCARD_STATE_PRESENT) and not ev & SCARD_STATE_MUTE
            if now and not present:
                present = True
                self._read_and_report(lambda: self.reader.read_from(name))
            elif present and not now:
                present = False
                self.on_removed()
        return present


class PollingWatcher(_WatcherBase):
    """For backends without insert events (the unified interface): read every ``interval``
    seconds; a success after no card is an insert, "no card" after a success a removal."""

    def __init__(self, read: Callable[[], object], on_inserted, on_removed, on_error=None, *,
                 interval: float = 1.5):
        super().__init__(on_inserted, on_removed, on_error)
        self.read = read
        self.interval = interval

    def _run(self) -> None:
        present = False
        while not self._stop.is_set():
            try:
                record = self.read()
            except NoCardError:
                if present:
                    present = False
                    self.on_removed()
            except CardError as err:
                self._report_error(err)
            else:
                self._last_error = None
                if not present:
                    present = True
                    self.on_inserted(record)
            self._stop.wait(self.interval)
