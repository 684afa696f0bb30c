"""pytest plugin: a real pcscd with vsmartcard's vpcd reader, and emulated cards.

``pcscd_service`` (session): reuses a running pcscd, or starts ``pcscd --foreground`` (never
``--auto-exit``: it would exit when idle and take the virtual reader with it), waits until
"Virtual PCD 00 00" is listed, and stops the process it started by PID at the end.

``virtual_card`` (function): ``virtual_card.insert(profile) -> EmulatedCard`` puts a card into
slot 0 and waits until pcscd sees it; ``virtual_card.remove()`` pulls it and waits until pcscd
notices. Consecutive cards are kept at least 1 s apart (pcscd polls every ~400 ms and misses
faster changes). Any card still inserted is removed at teardown.

The helpers are plain functions too (``ensure_pcscd``, ``wait_card_state``) so the benchmark
can use them outside pytest.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass

import pytest

VPCD_READER = "Virtual PCD 00 00"
_GAP_SECONDS = 1.05
_last_removed = {"t": 0.0}


@dataclass
class PcscdHandle:
    proc: subprocess.Popen | None      # None: an already running pcscd we do not own
    log_path: str | None = None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


def _readers() -> list[str] | None:
    """Reader names, or None when pcscd is not reachable."""
    from smartcard.scard import (SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCardEstablishContext,
                                 SCardListReaders, SCardReleaseContext)

    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        return None
    try:
        rc, readers = SCardListReaders(ctx, [])
        return list(readers) if rc == SCARD_S_SUCCESS else []
    finally:
        SCardReleaseContext(ctx)


def ensure_pcscd(timeout: float = 15.0) -> PcscdHandle:
    """A pcscd listing the virtual reader; starts one if none is reachable."""
    handle = PcscdHandle(None)
    readers = _readers()
    if readers is None:
        exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not os.path.exists(exe):
            raise RuntimeError("pcscd is not installed (apt install pcscd vsmartcard-vpcd)")
        fd, log_path = tempfile.mkstemp(prefix="pcscd-", suffix=".log")
        log = os.fdopen(fd, "w")
        proc = subprocess.Popen([exe, "--foreground"], stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        log.close()
        handle = PcscdHandle(proc, log_path)
    deadline = time.monotonic() + timeout
    while True:
        readers = _readers()
        if readers and VPCD_READER in readers:
            return handle
        if handle.proc is not None and handle.proc.poll() is not None:
            raise RuntimeError(f"pcscd exited with {handle.proc.returncode}; log: {handle.log_path}")
        if time.monotonic() > deadline:
            handle.stop()
            raise RuntimeError(f"pcscd does not list {VPCD_READER!r} (readers: {readers})")
        time.sleep(0.1)


def wait_card_state(present: bool, reader: str = VPCD_READER, timeout: float = 5.0) -> None:
    """Block until pcscd reports the card present (or absent) in ``reader``."""
    from smartcard.scard import (SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCARD_STATE_PRESENT,
                                 SCARD_STATE_UNAWARE, SCardEstablishContext, SCardGetStatusChange,
                                 SCardReleaseContext)

    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        raise RuntimeError("pcscd not reachable")
    try:
        deadline = time.monotonic() + timeout
        state = SCARD_STATE_UNAWARE
        while True:
            rc, states = SCardGetStatusChange(ctx, 200, [(reader, state)])
            if rc == SCARD_S_SUCCESS:
                _, state, _ = states[0]
                if bool(state & SCARD_STATE_PRESENT) == present:
                    return
            if time.monotonic() > deadline:
                raise TimeoutError(f"card {'insert' if present else 'removal'} not seen in {reader}")
            state &= ~0x2  # drop SCARD_STATE_CHANGED before waiting again
    finally:
        SCardReleaseContext(ctx)


def respect_gap() -> None:
    wait = _last_removed["t"] + _GAP_SECONDS - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def note_removed() -> None:
    _last_removed["t"] = time.monotonic()


class VirtualCardSlot:
    """Inserts emulated cards into vpcd slot 0, one at a time, 1 s apart."""

    def __init__(self) -> None:
        self.card = None

    def insert(self, profile=None, *, wait: bool = True):
        from tests.support.card_emulator import CardProfile, EmulatedCard

        if self.card is not None:
            self.remove()
        respect_gap()
        self.card = EmulatedCard(profile or CardProfile()).insert()
        if wait:
            wait_card_state(True)
        return self.card

    def remove(self, *, wait: bool = True) -> None:
        card, self.card = self.card, None
        if card is None:
            return
        card.remove()
        note_removed()
        if wait:
            wait_card_state(False)

    def forget_removed(self) -> None:
        """The card pulled itself out (``remove_after_apdus``): wait until pcscd notices."""
        card, self.card = self.card, None
        if card is not None:
            card.remove()
            note_removed()
            wait_card_state(False)


class VpcdLock:
    """One user of the virtual reader per machine at a time (two test runs or a test run and a
    benchmark would otherwise insert cards into the same slot and stop each other's pcscd)."""

    PATH = os.path.join(tempfile.gettempdir(), "counter-app-vpcd.lock")

    def __init__(self, timeout: float = 180.0):
        self.timeout = timeout
        self._fh = None

    def __enter__(self) -> "VpcdLock":
        import fcntl

        self._fh = open(self.PATH, "w")
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self._fh.close()
                    raise RuntimeError(f"the virtual card reader is busy (lock {self.PATH})") from None
                time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        import fcntl

        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


@pytest.fixture(scope="session")
def pcscd_service():
    lock = VpcdLock()
    try:
        lock.__enter__()
        handle = ensure_pcscd()
    except RuntimeError as exc:
        lock.__exit__()
        pytest.fail(f"pcscd with vpcd unavailable: {exc}")
    yield handle
    handle.stop()
    lock.__exit__()


@pytest.fixture
def virtual_card(pcscd_service):
    slot = VirtualCardSlot()
    yield slot
    slot.remove()
