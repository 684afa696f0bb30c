"""Stalled outbox (issue 20): online, entries waiting, no progress for the set time → a warning
naming the entry at the head of the queue and why; offline or moving → no warning."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from counter_app.config import Settings
from counter_app.health import OK, WARN
from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import Meta, OutboxEntry, OutboxState
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.stall import META_LAST_PROGRESS, STALL_AFTER, stalled_outbox


def _queue(store, n=3):
    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        ids = [uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"C{i}", payload={"n": i}).id
               for i in range(n)]
        uow.commit()
    return ids


def _meta(store, **values):
    with store.new_session() as s:
        for key, value in values.items():
            s.merge(Meta(key=key, value=value))
        s.commit()


def test_offline_or_empty_or_fresh_is_not_stalled(store):
    later = utcnow() + timedelta(minutes=6)
    assert stalled_outbox(store, now=later) is None              # empty
    _queue(store)
    assert stalled_outbox(store, now=later) is None              # never online: offline is normal
    _meta(store, **{"sync.online": "0"})
    assert stalled_outbox(store, now=later) is None
    _meta(store, **{"sync.online": "1"})
    assert stalled_outbox(store, now=utcnow() + timedelta(minutes=4)) is None   # queued 4 min ago
    assert STALL_AFTER == timedelta(minutes=5)


def test_online_without_progress_names_the_head_entry_and_why(store):
    ids = _queue(store, 3)
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id == ids[0]).values(
            attempts=4, last_error="中心服务暂时不可用（503）：中心服务繁忙，请稍后再试"))
        s.commit()
    _meta(store, **{"sync.online": "1"})
    stalled = stalled_outbox(store, now=utcnow() + timedelta(minutes=6))
    assert stalled is not None
    assert stalled.entry_id == ids[0] and stalled.waiting == 3 and stalled.attempts == 4
    msg = stalled.message()
    assert "6 分钟没有进展" in msg and "第 1 条" in msg and "503" in msg and "已尝试 4 次" in msg
    assert stalled.as_dict()["id"] == ids[0]


def test_recent_progress_resets_the_clock_and_the_threshold_is_a_parameter(store):
    _queue(store)
    now = utcnow() + timedelta(minutes=30)
    _meta(store, **{"sync.online": "1", META_LAST_PROGRESS: (now - timedelta(minutes=2)).isoformat()})
    assert stalled_outbox(store, now=now) is None
    assert stalled_outbox(store, now=now, stall_after=timedelta(minutes=1)) is not None


def test_entry_left_sending_is_explained(store):
    ids = _queue(store, 1)
    with store.new_session() as s:
        s.execute(update(OutboxEntry).values(state=OutboxState.sending, sending_since=utcnow()))
        s.commit()
    _meta(store, **{"sync.online": "1"})
    stalled = stalled_outbox(store, now=utcnow() + timedelta(minutes=10))
    assert stalled.entry_id == ids[0] and "发送中" in stalled.why


def test_doctor_warns_about_a_stalled_queue(app_home):
    from counter_app.paths import app_paths
    from counter_app.sync.checks import _outbox

    settings = Settings()
    assert _outbox(settings) == []                                  # no store yet
    store = Store.open(app_paths().database_file)
    _queue(store, 2)
    _meta(store, **{"sync.online": "1"})
    with store.new_session() as s:                                  # queued 10 minutes ago
        s.execute(update(OutboxEntry).values(created_at=utcnow() - timedelta(minutes=10)))
        s.commit()
    store.close()
    [check] = _outbox(settings)
    assert check.status == WARN and "没有进展" in check.message and check.hint
    settings.central.outbox_stall_minutes = 30
    [check] = _outbox(settings)
    assert check.status == OK


def test_counts_per_state_follow_every_change_of_the_queue(store):
    """outbox_tally (growth_0002) against a count of the entries themselves, after adds, state
    changes (as the sync marks them) and a delete."""
    from sqlalchemy import delete, func, select

    from counter_app.sync.outbox import OutboxRepository

    repo = OutboxRepository(store)

    def counted(actor=None):
        q = select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
        if actor is not None:
            q = q.where(OutboxEntry.actor == actor)
        with store.session() as s:
            got = dict.fromkeys(OutboxState.ALL, 0)
            got.update({k: v for k, v in s.execute(q)})  # noqa: C416 - dict(Result) would take it for a mapping
            return got

    ids = _queue(store, 5)
    with UnitOfWork(store, actor="clerk02", workstation_id="W") as uow:
        uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="X", payload={})
        uow.commit()
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids[:2])).values(state=OutboxState.synced))
        s.execute(update(OutboxEntry).where(OutboxEntry.id == ids[2]).values(state=OutboxState.rejected))
        s.execute(delete(OutboxEntry).where(OutboxEntry.id == ids[3]))
        s.commit()
    assert repo.counts() == counted()
    assert repo.counts(actor="clerk01") == counted("clerk01") == {**dict.fromkeys(OutboxState.ALL, 0),
                                                                  "synced": 2, "rejected": 1, "pending": 1}
    assert repo.counts(actor="clerk02")["pending"] == 1
