"""What a field laptop wipes leaves every file of the store (外勤笔记本: 用完即清除): its WAL and
its automatic backups, not only what SQL shows.

The laptop wipes an assignment (its visit synced, its roster expired, the centre revoked the
laptop's key), clears a visit's ID number, address, photo and signature once its roster period is
over, and removes a visit withdrawn before it was sent. Three places kept what was wiped:

- the store file's free pages: the transactions that wipe zero what they delete or replace
  (:func:`counter_app.storage.db.zero_deleted`);
- the WAL, whose old frames stay in the file after a checkpoint until new writes reach them:
  :func:`after_wipe` checkpoints it and truncates it to nothing, when no reader is in the way (it
  never waits: the next wipe tries again);
- the backups taken before a schema upgrade (``NAME.bak-STAMP``, :func:`counter_app.storage.db.
  backup_file`), keyed like the store, which held the roster and the visits as they were that day:
  a wipe on a laptop reported lost removed the roster from the store and left it in the file
  beside it. :func:`follow_backups` brings each into line with the store, and changes nothing else:

  - an assignment (``field_assignments``) the store no longer holds is deleted from the backup;
  - a visit's outbox entry that the store has cleared (:mod:`counter_app.storage.field_clearing`)
    gets the store's tombstone in the backup too;
  - a visit withdrawn before it was sent (audited ``field.visit_withdrawn`` in the store) loses its
    entry and its record in the backup.

  Entries are compared by visit id (no re-key of the entry changes it) and payload digest, so a
  visit's payload (a photo and a signature, tens of kilobytes) is read only where it changed. The
  backup is written with ``secure_delete`` on. A backup that is damaged or keyed otherwise is left as it is and counted. Anything else in a
  backup (cases, the audit trail) is what the store still holds too. It compares the whole of
  each backup with the store, so a wipe whose call was missed is followed at the next.

:func:`after_wipe` is called after each wipe by :mod:`counter_app.workflows.field` and
:mod:`counter_app.sync.field_key`; one audit record (``store.backups_followed``) when a backup
changed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from counter_app.storage.db import BUSY_TIMEOUT_MS, Store, _existing_key, damage_of, is_plaintext, raw_connect
from counter_app.storage.field_clearing import cleared_why
from counter_app.storage.uow import UnitOfWork
from counter_protocol.field import VISIT_KIND

log = logging.getLogger(__name__)

_WITHDRAWN = "field.visit_withdrawn"


@dataclass(frozen=True)
class Followed:
    """What :func:`follow_backups` changed in the backups."""

    backups: int = 0        # backups changed
    assignments: int = 0    # roster rows deleted from them
    visits: int = 0         # visit entries given the store's tombstone, or deleted (withdrawn)
    skipped: int = 0        # backups that could not be opened (damaged, another key): left as they are

    @property
    def changed(self) -> bool:
        return bool(self.assignments or self.visits)


@dataclass(frozen=True)
class _Live:
    keys: frozenset[str]                  # the assignments the store holds
    digests: dict[str, str]               # visit id -> its entry's payload digest in the store
    withdrawn: frozenset[str]             # visit ids withdrawn before they were sent


def backups_of(path: Path) -> list[Path]:
    """The automatic backups beside the store at ``path``, oldest first (whole or not)."""
    return sorted(p for p in path.parent.glob(f"{path.name}.bak-*") if p.is_file())


def after_wipe(store: Store, *, actor: str = "", workstation_id: str = "") -> Followed:
    """After a wipe committed in ``store``: its backups brought into line (:func:`follow_backups`,
    whose audit record is the store's last write), then its WAL truncated if nothing reads it."""
    followed = follow_backups(store, actor=actor, workstation_id=workstation_id)
    _truncate_wal(store)
    return followed


def _truncate_wal(store: Store) -> None:
    """Checkpoint the WAL and truncate it to nothing, without waiting: a reader or writer in the
    way (the sync, the other window) leaves it for the next wipe."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout = 0")
        try:
            row = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            busy = row is None or bool(row[0])
        except OperationalError:          # locked
            busy = True
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if busy:
        log.info("store WAL not truncated after a wipe: in use; the next wipe tries again")


def follow_backups(store: Store, *, actor: str = "", workstation_id: str = "") -> Followed:
    """Bring the backups of ``store`` into line with what it has wiped (see the module's text)."""
    backups = backups_of(store.path)
    if not backups:
        return Followed()
    live = _live(store)
    key = _existing_key()
    total = Followed()
    for backup in backups:
        try:
            done = _follow(backup, None if is_plaintext(backup) else key, live, store)
        except Exception as exc:   # damaged, another workstation's key, unreadable: left as it is
            log.warning("store backup %s not brought in line with the store's wipes: %s", backup.name,
                        type(exc).__name__)
            done = Followed(skipped=1)
        total = Followed(total.backups + (1 if done.changed else 0), total.assignments + done.assignments,
                         total.visits + done.visits, total.skipped + done.skipped)
    if total.changed:
        with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
            uow.audit("store.backups_followed", object_type="store", object_id=store.path.name,
                      detail=f"本机清除的个人信息已同样从 {total.backups} 个自动备份中清除："
                             f"名单 {total.assignments} 人、上门认证记录 {total.visits} 条")
            uow.commit()
        log.info("store backups followed the wipes: %d backups, %d assignments, %d visits",
                 total.backups, total.assignments, total.visits)
    return total


def _live(store: Store) -> _Live:
    with store.session() as s:
        keys = frozenset(s.scalars(text("SELECT key FROM field_assignments")))
        digests = {r.aggregate_id: r.payload_digest for r in s.execute(
            text("SELECT aggregate_id, payload_digest FROM outbox WHERE kind = :kind"), {"kind": VISIT_KIND})}
        withdrawn = frozenset(s.scalars(text("SELECT object_id FROM audit_records WHERE action = :a"), {"a": _WITHDRAWN}))
    return _Live(keys, digests, withdrawn)


def _follow(backup: Path, key: bytes | None, live: _Live, store: Store) -> Followed:
    if damage_of(backup):
        return Followed(skipped=1)
    look = raw_connect(backup, key, settled=True)       # a read first: most backups need nothing
    try:
        tables = {r[0] for r in look.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        stale = ([k for (k,) in look.execute("SELECT key FROM field_assignments") if k not in live.keys]
                 if "field_assignments" in tables else [])
        # a visit's entry by its visit id (its aggregate), which no re-key of the entry changes
        entries = (look.execute("SELECT aggregate_id, payload_digest FROM outbox WHERE kind = ?",
                                (VISIT_KIND,)).fetchall() if "outbox" in tables else [])
    finally:
        look.close()
    cleared = _tombstones(store, [visit for visit, digest in entries
                                  if visit in live.digests and live.digests[visit] != digest])
    gone = [visit for visit, _digest in entries if visit not in live.digests and visit in live.withdrawn]
    if not (stale or cleared or gone):
        return Followed()
    conn = raw_connect(backup, key)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")   # a backup copies the store's WAL flag: no side files
        conn.execute("PRAGMA secure_delete = ON")      # the deleted and replaced content zeroed in the file
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("DELETE FROM field_assignments WHERE key = ?", [(k,) for k in stale])
        conn.executemany("UPDATE outbox SET payload = ?, payload_digest = ? WHERE kind = ? AND aggregate_id = ?",
                         [(payload, digest, VISIT_KIND, visit) for visit, (payload, digest) in cleared.items()])
        conn.executemany("DELETE FROM outbox WHERE kind = ? AND aggregate_id = ?", [(VISIT_KIND, v) for v in gone])
        if "field_visit_records" in tables:
            conn.executemany("DELETE FROM field_visit_records WHERE visit_id = ?", [(v,) for v in gone])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return Followed(1, len(stale), len(cleared) + len(gone))


def _tombstones(store: Store, visit_ids: list[str]) -> dict[str, tuple[str, str]]:
    """The store's payload and digest of those visits' entries it has cleared (a tombstone, a few
    hundred bytes), by visit id; an entry changed otherwise (a correction before sync) is not a
    wipe and stays."""
    out: dict[str, tuple[str, str]] = {}
    if not visit_ids:
        return out
    with store.session() as s:
        for visit in visit_ids:
            row = s.execute(text("SELECT payload, payload_digest FROM outbox WHERE kind = :kind AND aggregate_id = :v"),
                            {"kind": VISIT_KIND, "v": visit}).first()
            if row is not None and cleared_why(row.payload) is not None:
                out[visit] = (row.payload, row.payload_digest)
    return out


__all__ = ["Followed", "after_wipe", "backups_of", "follow_backups"]
