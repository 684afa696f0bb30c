"""Card insert / removal watched on a background thread, reported through plain callbacks.

``on_reading()`` runs when an inserted card's read begins, ``on_inserted(record)`` after the card was read (on the watcher thread, never the GUI
thread); ``on_removed()`` when it leaves; ``on_error(CardError)`` when a read fails or the
service / reader is missing (each distinct problem once until it changes). The UI turns these
into Qt signals with :mod:`counter_app.ui.card_bridge`.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
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
                 retry_seconds: float = 1.0, relist_seconds: float = 2.0):
        super().__init__(on_inserted, on_removed, on_error)
        self.reader = reader
        self.poll_ms = poll_ms
        self.retry_seconds = retry_seconds
        self.relist_seconds = relist_seconds      # no reader configured: look for readers plugged in
        self._ctx = None

    def _wake(self) -> None:
        from smartcard.scard import SCardCancel

        ctx = self._ctx
        if ctx is not None:
            SCardCancel(ctx)

    def _run(self) -> None:
        from smartcard.scard import SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCardEstablishContext, SCardReleaseContext

        present: set[str] = set()        # the readers holding a card, kept across contexts
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

    def _list(self, ctx) -> list[str]:
        from smartcard.scard import SCARD_S_SUCCESS, SCardListReaders

        rc, readers = SCardListReaders(ctx, [])
        if rc != SCARD_S_SUCCESS and rc & 0xFFFFFFFF != 0x8010002E:
            raise error_from_pcsc(rc)
        return list(readers) if rc == SCARD_S_SUCCESS else []

    def _removed(self, present: set[str], names) -> None:
        for name in [n for n in present if n in names]:
            present.discard(name)
            self.on_removed()

    def _watch_context(self, ctx, present: set[str]) -> set[str]:
        """Watch the configured reader, or every reader when none is configured (as a read waits on
        all of them); returns the readers holding a card when the reader list changed."""
        from smartcard.scard import (SCARD_E_CANCELLED, SCARD_E_TIMEOUT, SCARD_S_SUCCESS,
                                     SCARD_STATE_CHANGED, SCARD_STATE_MUTE, SCARD_STATE_PRESENT,
                                     SCARD_STATE_UNAVAILABLE, SCARD_STATE_UNAWARE, SCARD_STATE_UNKNOWN,
                                     SCardGetStatusChange)

        readers = self._list(ctx)
        if self.reader.reader_name:
            name = self.reader.resolve_reader(readers)
            if name is None:
                self._removed(present, set(present))
                raise self.reader._no_reader_error(readers)
            names = [name]
        else:
            if not readers:
                self._removed(present, set(present))
                raise NoReaderError()
            names = readers
        self._removed(present, set(present) - set(names))       # readers gone since the last context
        self._last_error = None
        states = dict.fromkeys(names, SCARD_STATE_UNAWARE)
        relist_at = time.monotonic() + self.relist_seconds
        while not self._stop.is_set():
            rc, result = SCardGetStatusChange(ctx, self.poll_ms, [(n, states[n]) for n in names])
            rc &= 0xFFFFFFFF
            if rc in (SCARD_E_TIMEOUT & 0xFFFFFFFF, SCARD_E_CANCELLED & 0xFFFFFFFF):
                if not self.reader.reader_name and time.monotonic() >= relist_at:
                    relist_at = time.monotonic() + self.relist_seconds
                    if self._list(ctx) != names:      # a reader plugged in or out: watch the new list
                        return present
                continue
            if rc != SCARD_S_SUCCESS:
                self._removed(present, set(present))
                raise error_from_pcsc(rc)
            for name, ev, _atr in result:
                states[name] = ev & ~SCARD_STATE_CHANGED
                if ev & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE):
                    self._removed(present, {name})
                    if self.reader.reader_name:
                        raise NoReaderError(f"读卡器“{name}”已断开。")
                    return present                     # one of several readers went: list them again
                now = bool(ev & SCARD_STATE_PRESENT) and not ev & SCARD_STATE_MUTE
                if now and name not in present:
                    present.add(name)
                    self._read_and_report(functools.partial(self.reader.read_from, name))
                elif name in present and not now:
                    present.discard(name)
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
