"""Audit records the UI writes itself (a card read, a refused card, an export of the outbox), on a
worker, never on the GUI thread — and never lost in silence (#16: every action leaves a record).

A write that fails is tried once more after a short pause (an import that raced one on another
thread — "partially initialized module" — is over by then). A record that still could not be
written is kept and written before the next one, with its own time, and the clerk is told
(``on_lost``); the failure is logged with its type, never the record's data. The worker keeps it
itself, so a record is kept even when the window closes before the worker's answer arrives; the
window's shutdown writes what is kept (:func:`flush`) after the workers have finished, and logs
what it still could not write (how many, and the actions: never the records' data).

The worker opens the store first: the store opening (``app_context.store_opener``) imports
``counter_app.storage.audit`` under the store's lock, so the worker's import below is already done.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

log = logging.getLogger(__name__)

RETRY_PAUSE_SECONDS = 0.2
LOST = QT_TRANSLATE_NOOP("AuditTrail", "操作记录暂未写入审计日志，将在下一次操作时补写（%1 条待写）")

# records whose write failed twice, oldest first: written before the next record; kept by the worker
# that failed (under the lock), taken by the next record or by flush()
_pending: list[tuple[object, dict]] = []
_lock = threading.Lock()


def pending_count() -> int:
    with _lock:
        return len(_pending)


def lost_text(count: int) -> str:
    return QCoreApplication.translate("AuditTrail", str(LOST)).replace("%1", str(count))


def _write(store, entry: dict) -> None:
    from counter_app.storage.audit import record   # imported with the store (store_opener)

    record(store, **entry)


def _write_all(ctx, entries: list[dict]) -> list[dict]:
    """Write ``entries`` in order (worker thread); the ones that failed twice, which are kept."""
    unwritten: list[dict] = []
    for entry in entries:
        for attempt in (1, 2):
            try:
                _write(ctx.open_store(), entry)
                break
            except Exception as exc:
                if attempt == 1:
                    log.info("audit record %s not written (%s), trying again", entry["action"], type(exc).__name__)
                    time.sleep(RETRY_PAUSE_SECONDS)
                else:
                    # the type only: a database error's text carries the statement's parameters
                    log.error("audit record %s not written: %s", entry["action"], type(exc).__name__)
                    unwritten.append(entry)
    if unwritten:
        with _lock:
            _pending.extend((ctx, e) for e in unwritten)
    return unwritten


def flush() -> int:
    """Write the kept records now, on the calling thread (the window's shutdown, after the workers
    have finished): each once more. Returns how many could still not be written; those are logged
    by action (never their data) and stay kept."""
    with _lock:
        kept = sorted(_pending, key=lambda pair: pair[1]["at"])    # two workers may have kept them crosswise
        _pending.clear()
    left: list[tuple[object, dict]] = []
    for ctx, entry in kept:
        try:
            _write(ctx.open_store(), entry)      # type: ignore[attr-defined]
        except Exception as exc:
            log.error("audit record %s not written: %s", entry["action"], type(exc).__name__)
            left.append((ctx, entry))
    if left:
        with _lock:
            _pending[:0] = left
        log.error("%d audit record(s) could not be written before the window closed: %s", len(left),
                  ", ".join(e["action"] for _, e in left))
    return len(left)


def audit(ctx, *, action: str, object_type: str = "", object_id: str = "", result: str = "ok", detail: str = "",
          on_lost: Callable[[str], None] | None = None, owner: QObject | None = None) -> None:
    """Append one record to the audit trail on a worker (with this moment's time), after any the
    earlier writes could not; ``on_lost(text)`` (GUI thread) tells the clerk when it could not be
    written either. ``object_id`` and ``detail`` are masked by the trail itself."""
    from counter_app.ui.tasks import task_runner

    entry = {"actor": ctx.actor, "workstation_id": ctx.settings.office.workstation_id, "action": action,
             "object_type": object_type, "object_id": object_id, "result": result, "detail": detail,
             "at": datetime.now(timezone.utc)}
    with _lock:
        earlier = sorted((e for c, e in _pending if c is ctx), key=lambda e: e["at"])
        _pending[:] = [(c, e) for c, e in _pending if c is not ctx]
    batch = [*earlier, entry]

    def kept(unwritten: list[dict]) -> None:      # the worker has kept them (_write_all)
        if unwritten and on_lost is not None and (owner is None or _alive(owner)):
            on_lost(lost_text(pending_count()))

    def failed(exc: BaseException) -> None:       # _write_all does not raise; kept for safety
        log.error("audit records not written: %s", type(exc).__name__)
        with _lock:
            _pending.extend((ctx, e) for e in batch)
        kept(batch)

    # no owner for the task itself: the records are written (and kept) even if the panel closed
    task_runner().run(lambda: _write_all(ctx, batch), kept, failed)


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
