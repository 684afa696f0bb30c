"""Stalled outbox (待同步队列停滞): online, entries waiting, and none has left the queue for a while.

Offline, a growing queue is normal (the work goes on and is sent later). *Online*, a queue that
does not move means something blocks it — the centre refuses every batch with a transient error,
an entry keeps failing, the sync process is not running. After ``stall_after`` (5 minutes by
default; ``[central] outbox_stall_minutes``) without progress the status bar and ``counter-app
doctor`` warn, naming the entry at the head of the queue and why it has not gone.

"Progress" is the last time a sync round took entries out of the queue (synced, rejected or in
conflict: each leaves the waiting queue), kept by the sync worker in ``sync.last_progress_at``;
the clock starts no earlier than the moment the head entry was queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import Meta, OutboxEntry, OutboxState
from counter_app.sync.status import META_LAST_PROGRESS, META_ONLINE
from counter_protocol.clock import beijing_clock

STALL_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class StalledOutbox:
    seq: int
    entry_id: str
    kind: str
    aggregate_type: str
    aggregate_id: str
    state: str
    attempts: int
    waiting: int                 # entries waiting (pending + sending)
    stalled_for: timedelta
    why: str                     # Chinese
    # ``why`` as data, for the window to word in the clerk's language: WHY_SENDING (since HH:MM:SS),
    # WHY_FAILED (the stored error, the next attempt HH:MM:SS or ""), WHY_RETRY (HH:MM:SS), WHY_NOT_SENT
    why_code: str = ""
    why_args: tuple[str, ...] = ()

    def message(self) -> str:
        minutes = int(self.stalled_for.total_seconds() // 60)
        return (f"待同步队列已 {minutes} 分钟没有进展（{self.waiting} 条等待）：卡在第 {self.seq} 条"
                f"（{self.kind}，{self.aggregate_type} {self.aggregate_id}，已尝试 {self.attempts} 次）：{self.why}")

    def as_dict(self) -> dict:
        return {"seq": self.seq, "id": self.entry_id, "kind": self.kind, "aggregate_type": self.aggregate_type,
                "aggregate_id": self.aggregate_id, "state": self.state, "attempts": self.attempts,
                "waiting": self.waiting, "stalled_seconds": int(self.stalled_for.total_seconds()), "why": self.why,
                "message": self.message()}


WHY_SENDING, WHY_FAILED, WHY_RETRY, WHY_NOT_SENT = "sending", "failed", "retry", "not_sent"


def _why_data(entry: OutboxEntry, now: datetime) -> tuple[str, tuple[str, ...]]:
    # the outbox's times are naive UTC; the clerk and IT read Beijing time (counter_protocol.clock)
    due = beijing_clock(entry.next_attempt_at, seconds=True) if entry.next_attempt_at and entry.next_attempt_at > now else ""
    if entry.state == OutboxState.sending:
        return WHY_SENDING, (beijing_clock(entry.sending_since, seconds=True) if entry.sending_since else "?",)
    if entry.last_error:
        return WHY_FAILED, (entry.last_error[:300], due)
    if due:
        return WHY_RETRY, (due,)
    return WHY_NOT_SENT, ()


def why_words(code: str, args: tuple[str, ...]) -> str:
    """:func:`_why_data` in Chinese (the CLI's and ``doctor``'s words)."""
    if code == WHY_SENDING:
        return f"自 {args[0]} 起一直处于“发送中”，没有得到中心服务的答复（同步进程可能已中断）"
    if code == WHY_FAILED:
        return f"上次发送失败：{args[0]}" + (f"；下次重试 {args[1]}" if args[1] else "")
    if code == WHY_RETRY:
        return f"等待重试，下次 {args[0]}"
    return "尚未发送：后台同步没有在运行，或没有登录中心服务"


def _why(entry: OutboxEntry, now: datetime) -> str:
    return why_words(*_why_data(entry, now))


def stalled_outbox(store: Store, *, stall_after: timedelta = STALL_AFTER, now: datetime | None = None
                   ) -> StalledOutbox | None:
    """The head of a stalled queue, or None (offline, empty, or moving). Two indexed reads."""
    now = now or utcnow()
    with store.session() as s:
        meta = dict(s.execute(select(Meta.key, Meta.value)
                              .where(Meta.key.in_((META_ONLINE, META_LAST_PROGRESS)))).all())
        if meta.get(META_ONLINE) != "1":
            return None
        waiting_states = (OutboxState.pending, OutboxState.sending)
        head = s.scalars(select(OutboxEntry).where(OutboxEntry.state.in_(waiting_states))
                         .order_by(OutboxEntry.seq).limit(1)).first()
        if head is None:
            return None
        since = head.created_at
        progress = meta.get(META_LAST_PROGRESS)
        if progress:
            try:
                since = max(since, datetime.fromisoformat(progress))
            except ValueError:
                pass
        stalled_for = now - since
        if stalled_for < stall_after:
            return None
        from sqlalchemy import func

        waiting = s.scalar(select(func.count()).select_from(OutboxEntry)
                           .where(OutboxEntry.state.in_(waiting_states))) or 0
        code, args = _why_data(head, now)
        return StalledOutbox(head.seq, head.id, head.kind, head.aggregate_type, head.aggregate_id, head.state,
                             head.attempts, waiting, stalled_for, why_words(code, args), code, args)
