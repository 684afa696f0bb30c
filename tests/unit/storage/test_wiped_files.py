"""What the field laptop wipes (外勤笔记本: 用完即清除) leaves every file of the store. A backup
taken before a schema upgrade kept the roster and the visits as they were that day, so the wipe of
a laptop's roster — its visits synced, its roster expired, its key revoked — left the ID numbers,
names, addresses and photos in the file beside the store; and what a wipe deleted stayed in the
store's free pages and its WAL. Now every wipe reaches the backups (audited once, nothing else in
them changed) and zeroes what it removes (counter_app.storage.wiped_files)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from counter_app.domain.outbox import OutboxState
from counter_app.storage.crypto import store_key
from counter_app.storage.db import backup_file, list_backups, raw_connect
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.wiped_files import Followed, follow_backups
from counter_app.sync import field_key
from counter_app.workflows import field
from counter_protocol import field as fp
# the roster answer of the centre and the staff of the withdrawal tests (the HTTP path is
# tests/integration/test_field_laptop.py's)
from tests.unit.workflows.test_field_visit_withdrawn import PEOPLE, STAFF, _Centre

WS = "L-BAK-1"


def _visited(store) -> dict:
    field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    key = next(a.key for a in field.roster(store, user="field01") if a.name == "孙桂兰")
    return field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="not_found", address_confirmed=True)


def _read(backup, sql: str, *params):
    conn = raw_connect(backup, store_key(create=False), settled=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _followed(store) -> list[AuditRow]:
    with store.session() as s:
        return list(s.scalars(select(AuditRow).where(AuditRow.action == "store.backups_followed")))


def test_the_wipe_at_the_rosters_end_reaches_the_backup_and_nothing_else_changes_in_it(store):
    visit = _visited(store)
    backup = backup_file(store.path)           # as before a schema upgrade: the roster and the visit in it
    assert len(_read(backup, "SELECT key FROM field_assignments")) == 2
    [(payload,)] = _read(backup, "SELECT payload FROM outbox WHERE id = ?", visit["entry_id"])
    assert PEOPLE[0][0] in payload
    audit_before = _read(backup, "SELECT count(*) FROM audit_records")
    with store.new_session() as s:             # the centre took the visit
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]).values(state=OutboxState.synced))
        s.commit()
    assert field.wipe(store) == 1              # the visited one: synced; the other waits for the roster's end
    assert [k for (k,) in _read(backup, "SELECT key FROM field_assignments")] == \
        [a.key for a in field.roster(store, user="field01")]
    later = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=15)
    assert field.wipe(store, now=later) == 1   # the roster's end: the other, and the visit's content
    assert _read(backup, "SELECT key FROM field_assignments") == []
    with store.session() as s:
        live = s.scalar(select(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]))
    assert fp.WIPED in json.loads(live.payload)
    assert _read(backup, "SELECT payload, payload_digest, state FROM outbox WHERE id = ?", visit["entry_id"]) == \
        [(live.payload, live.payload_digest, "pending")]       # the tombstone; the backup's own state stays
    assert PEOPLE[0][0] not in live.payload
    # the backup is whole, still offered for a restore, with no side files, and its audit trail as it was
    assert backup in list_backups(store.path)
    assert not backup.with_name(backup.name + "-wal").exists() and not backup.with_name(backup.name + "-shm").exists()
    assert _read(backup, "SELECT count(*) FROM audit_records") == audit_before
    followed = _followed(store)
    assert [r.detail for r in followed] == [
        "本机清除的个人信息已同样从 1 个自动备份中清除：名单 1 人、上门认证记录 0 条",
        "本机清除的个人信息已同样从 1 个自动备份中清除：名单 1 人、上门认证记录 1 条"]
    # nothing more to follow: no backup written, no record
    stamp = backup.stat().st_mtime_ns
    assert not follow_backups(store).changed and backup.stat().st_mtime_ns == stamp and len(_followed(store)) == 2


def test_a_visit_withdrawn_before_it_was_sent_leaves_the_backup_too(store):
    visit = _visited(store)
    backup = backup_file(store.path)
    field.withdraw_visit(store, visit["visit_id"], user="field01", workstation_id=WS, reason="结果选错")
    assert _read(backup, "SELECT id FROM outbox WHERE id = ?", visit["entry_id"]) == []
    assert _read(backup, "SELECT visit_id FROM field_visit_records") == []
    assert len(_read(backup, "SELECT key FROM field_assignments")) == 2       # both are on the roster again
    [row] = _followed(store)
    assert row.actor == "field01" and row.workstation_id == WS and "上门认证记录 1 条" in row.detail


def test_a_correction_before_sync_is_not_a_wipe(store):
    visit = _visited(store)
    backup = backup_file(store.path)
    with store.new_session() as s:              # the live payload changed, but not to a tombstone
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]).values(payload_digest="0" * 64))
        s.commit()
    assert follow_backups(store) == Followed()
    [(digest,)] = _read(backup, "SELECT payload_digest FROM outbox WHERE id = ?", visit["entry_id"])
    assert digest != "0" * 64


def test_a_damaged_backup_is_left_as_it_is_and_counted(store):
    _visited(store)
    good = backup_file(store.path)
    damaged = store.path.with_name(store.path.name + ".bak-20250101-000000-000000")
    damaged.write_bytes(b"\x00" * 4096)
    with store.new_session() as s:
        s.execute(update(OutboxEntry).values(state=OutboxState.synced))
        s.commit()
    field_key.note_held(store, WS, "field01")       # the centre holds the new key: the roster is wiped
    assert _read(good, "SELECT key FROM field_assignments") == []
    assert damaged.read_bytes() == b"\x00" * 4096
    result = follow_backups(store)
    assert (result.changed, result.skipped) == (False, 1)


def test_what_a_wipe_removes_is_not_left_in_the_files_free_pages(store):
    """SQL no longer shows a cleared visit, but a deleted row or a replaced payload stayed in the
    file's free pages (and the WAL's old frames) until SQLite reused them: readable to anyone with
    the key and a hex editor. The wipes zero what they remove, in the store and in its backup."""
    from tests.support.store_files import decrypted_pages

    visit = _visited(store)
    backup = backup_file(store.path)
    needle = PEOPLE[0][0].encode()
    assert any(needle in page for page in decrypted_pages(backup))        # the reader sees it before
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]).values(state=OutboxState.synced))
        s.commit()
    field.wipe(store, now=datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=15))
    assert store.path.with_name(store.path.name + "-wal").stat().st_size == 0     # its old frames: gone
    assert not any(needle in page for page in decrypted_pages(store.path))
    assert not any(needle in page for page in decrypted_pages(backup))


def test_a_visit_sent_again_under_a_new_key_is_still_followed(store):
    """A rejected visit sent again gets a new entry key (the centre judges it afresh): the backup
    still holds it under the old key. The backup's entry is found by its visit, which no re-key
    changes."""
    from counter_app.sync.outbox import OutboxRepository

    visit = _visited(store)
    backup = backup_file(store.path)
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]).values(state=OutboxState.rejected))
        s.commit()
    new_id = OutboxRepository(store).retry(visit["entry_id"])
    assert new_id != visit["entry_id"]
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id == new_id).values(state=OutboxState.synced))
        s.commit()
    field.wipe(store, now=datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=15))
    [(payload,)] = _read(backup, "SELECT payload FROM outbox WHERE id = ?", visit["entry_id"])
    assert fp.WIPED in json.loads(payload) and PEOPLE[0][0] not in payload
