"""``counter-app sync status`` and the doctor's stalled-queue check show times as the hall's clerks
and IT staff read a clock (Beijing time, said so), not the UTC the store keeps: a sync at 07:30 in
the morning was shown as 23:30 the day before. ``--json`` keeps the ISO time, with its offset."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from counter_app.cli.main import main


def _meta(**values: str) -> None:
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_core import Meta

    store = open_store()
    try:
        with store.new_session() as s:
            for key, value in values.items():
                s.merge(Meta(key=key, value=value))
            s.commit()
    finally:
        store.close()


def test_sync_status_shows_the_last_sync_in_beijing_time(app_home, capsys):
    # the sync worker's stored form: naive UTC to the second
    _meta(**{"sync.last_sync_at": "2026-03-01T23:30:05", "sync.last_attempt_at": "2026-03-01T23:31:00"})
    assert main(["sync", "status", "--no-probe"]) == 0
    out = capsys.readouterr().out
    assert "上次同步：2026-03-02 07:30（北京时间）" in out, out
    assert "2026-03-01T23:30" not in out and "23:30" not in out


def test_sync_status_json_keeps_iso_times_with_their_offset(app_home, capsys):
    _meta(**{"sync.last_sync_at": "2026-03-01T23:30:05", "sync.last_attempt_at": "2026-03-01T23:31:00"})
    assert main(["sync", "status", "--no-probe", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["last_sync"] == "2026-03-01T23:30:05+00:00"
    assert datetime.fromisoformat(status["last_sync"]) == datetime(2026, 3, 1, 23, 30, 5, tzinfo=timezone.utc)
    assert datetime.fromisoformat(status["last_attempt"]).utcoffset() == timedelta(0)


def test_never_synced_is_said_so(app_home, capsys):
    assert main(["sync", "status", "--no-probe"]) == 0
    assert "上次同步：从未" in capsys.readouterr().out
    assert main(["sync", "status", "--no-probe", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["last_sync"] is None


def test_the_stalled_queue_names_its_times_in_beijing_time(store):
    """doctor (text and --json) and the status bar word a stalled queue from these: the entry left
    "sending" at 23:30:05 UTC is shown as since 07:30:05; a retry due at 23:45 UTC as 07:45:00."""
    from counter_app.storage.tables_core import Meta, OutboxEntry, OutboxState
    from counter_app.storage.uow import UnitOfWork
    from counter_app.sync.stall import WHY_RETRY, WHY_SENDING, stalled_outbox

    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="C1", payload={"n": 1})
        uow.commit()
    created = datetime(2026, 3, 1, 23, 0)
    with store.new_session() as s:
        s.merge(Meta(key="sync.online", value="1"))
        s.execute(update(OutboxEntry).values(state=OutboxState.sending, created_at=created,
                                             sending_since=datetime(2026, 3, 1, 23, 30, 5)))
        s.commit()
    now = datetime(2026, 3, 1, 23, 40)
    stalled = stalled_outbox(store, now=now)
    assert stalled is not None and stalled.why_code == WHY_SENDING and stalled.why_args == ("07:30:05",)
    assert "自 07:30:05 起" in stalled.message() and "23:30" not in stalled.message()
    with store.new_session() as s:
        s.execute(update(OutboxEntry).values(state=OutboxState.pending, sending_since=None,
                                             next_attempt_at=datetime(2026, 3, 1, 23, 45)))
        s.commit()
    stalled = stalled_outbox(store, now=now)
    assert stalled is not None and stalled.why_code == WHY_RETRY and stalled.why_args == ("07:45:00",)


def test_doctor_says_the_stalled_queue_in_beijing_time(app_home):
    """``counter-app doctor [--json]``'s outbox check: the entry left "sending" is said with the
    Beijing clock time, not the UTC one the store keeps."""
    from counter_app.config import Settings
    from counter_app.paths import app_paths
    from counter_app.storage.base import utcnow
    from counter_app.storage.db import Store
    from counter_app.storage.tables_core import Meta, OutboxEntry, OutboxState
    from counter_app.storage.uow import UnitOfWork
    from counter_app.sync.checks import _outbox
    from counter_protocol.clock import beijing_clock

    since = (utcnow() - timedelta(minutes=20)).replace(microsecond=0)
    store = Store.open(app_paths().database_file)
    try:
        with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="C1", payload={"n": 1})
            uow.commit()
        with store.new_session() as s:
            s.merge(Meta(key="sync.online", value="1"))
            s.execute(update(OutboxEntry).values(state=OutboxState.sending, created_at=since, sending_since=since))
            s.commit()
    finally:
        store.close()
    [check] = _outbox(Settings())
    assert check.status == "warn"
    assert f"自 {beijing_clock(since, seconds=True)} 起" in check.message
    assert since.strftime("%H:%M:%S") not in check.message                      # UTC is 8 hours behind
