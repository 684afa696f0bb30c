"""Audit records the UI writes itself (a card read, a refused card, an export of the outbox), on a
worker, never on the GUI thread — and never lost in silence (#16: every action leaves a record).

A write that fails is tried once more after a short pause (an import that raced one on another
thread — "partially initialized module" — is over by then). A record that still could not be
written is kept and written before the next one, with its own time, and the clerk is told
(``on_lost``); the failure is logged with its type, never the record's data.

The worker opens the store first: the store opening (``app_context.store_opener``) imports
``counter_app.storage.audit`` under the store's lock, so the worker's import below is already done.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

log = logging.getLogger(__name__)

RETRY_PAUSE_SECONDS = 0.2
LOST = QT_TRANSLATE_NOOP("AuditTrail", "操作记录暂未写入审计日志，将在下一次操作时补写（%1 条待写）")

# records whose write failed twice, oldest first: written before the next record (GUI thread only)
_pending: list[tuple[object, dict]] = []


def pending_count() -> int:
    return len(_pending)


def lost_text(count: int) -> str:
    return QCoreApplication.translate("AuditTrail", str(LOST)).replace("%1", str(count))


def _write(store, entry: dict) -> None:
    from counter_app.storage.audit import record   # imported with the store (store_opener)

    record(store, **entry)


def _write_all(ctx, entries: list[dict]) -> list[dict]:
    """Write ``entries`` in order (worker thread); the ones that failed twice."""
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
    return unwritten


def audit(ctx, *, action: str, object_type: str = "", object_id: str = "", result: str = "ok", detail: str = "",
          on_lost: Callable[[str], None] | None = None, owner: QObject | None = None) -> None:
    """Append one record to the audit trail on a worker (with this moment's time), after any the
    earlier writes could not; ``on_lost(text)`` (GUI thread) tells the clerk when it could not be
    written either. ``object_id`` and ``detail`` are masked by the trail itself."""
    from counter_app.ui.tasks import task_runner

    entry = {"actor": ctx.actor, "workstation_id": ctx.settings.office.workstation_id, "action": action,
             "object_type": object_type, "object_id": object_id, "result": result, "detail": detail,
             "at": datetime.now(timezone.utc)}
    earlier = [e for c, e in _pending if c is ctx]
    _pending[:] = [(c, e) for c, e in _pending if c is not ctx]
    batch = [*earlier, entry]

    def kept(unwritten: list[dict]) -> None:
        if not unwritten:
            return
        _pending.extend((ctx, e) for e in unwritten)
        if on_lost is not None and (owner is None or _alive(owner)):
            on_lost(lost_text(len(_pending)))

    def failed(exc: BaseException) -> None:       # _write_all does not raise; kept for safety
        log.error("audit records not written: %s", type(exc).__name__)
        kept(batch)

    # no owner for the task itself: the records are written (and kept) even if the panel closed
    task_runner().run(lambda: _write_all(ctx, batch), kept, failed)


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
