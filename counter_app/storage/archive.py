"""Housekeeping (归档外移): archived, synced cases older than a set age leave the hot tables.

A counter keeps years of cases; the lists, the search and the status poll read the hot tables
(``cases`` and its child tables, ``outbox``). A case that is 归档 (archived) for longer than
``[store] housekeep_after_days`` (365 by default: the agency's parameter) and whose outbox entries
the centre has all acknowledged moves, with its child rows and its synced ``case`` outbox entries,
into the archive table set (``archive_<table>``, migration growth_0003) of the same encrypted
store. It stays searchable (``counter_app.workflows.case_queries`` searches the archive too and
marks the hits 已归档外移); opening such a case brings it back (:func:`restore_case`).

Safety:

- a case moves only when every outbox entry about it — its own, its documents', its archive
  records' and the 档案 entry by its case number — is ``synced``; anything still queued, rejected
  or in conflict holds it back; so does an archive package version (``archive.package``) whose
  parts the centre does not hold in full yet (no ``archive_uploads`` row);
- each batch is one transaction (BEGIN IMMEDIATE): the copy into the archive and the delete from
  the hot tables commit together or not at all, so a kill -9 at any moment leaves each case in
  exactly one of the two places; the archive tables' primary keys refuse a second copy;
- a hot table with a column the archive table lacks (a later migration that forgot the archive)
  stops housekeeping with a clear message instead of dropping that column's values.

Documents, print jobs, material images, signatures, approvals, fingerprints and the audit trail
refer to a case by id and stay where they are.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import text

DEFAULT_AFTER_DAYS = 365          # a default only: [store] housekeep_after_days, the agency's parameter
BATCH = 200                       # cases per transaction: short write locks, the window stays responsive
CHILD_TABLES = ("case_applicants", "case_transitions", "case_ticks", "case_steps", "case_documents")
ARCHIVED_STATE = "archived"
MARK = "已归档外移"


class HousekeepingError(Exception):
    """Housekeeping cannot run safely; the message is for the clerk / IT staff (Chinese)."""


@dataclass
class HousekeepReport:
    moved_cases: int = 0
    moved_entries: int = 0            # synced outbox entries moved with them
    held_back: int = 0                # old enough and archived, but an outbox entry is not acknowledged
    archive_cases: int = 0            # cases in the archive after the run
    hot_cases: int = 0                # cases left in the hot tables
    cutoff: str = ""                  # archived before this moment (local time, ISO)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _local_now() -> datetime:
    return datetime.now()      # the case times (archived_at) are the counter's local time (workflows.cases)


def has_archive(conn) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'archive_cases'")).first() \
        is not None


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(text(f"PRAGMA table_info({table})"))]


def _checked_columns(conn, table: str) -> str:
    hot, cold = _columns(conn, table), set(_columns(conn, f"archive_{table}"))
    missing = [c for c in hot if c not in cold]
    if missing:
        raise HousekeepingError(f"归档外移表 archive_{table} 缺少列：{'、'.join(missing)}；"
                                "请安装包含相应数据库升级的柜面客户端版本，本次未移动任何办件。")
    return ", ".join(f'"{c}"' for c in hot)


# an outbox entry about the case that the centre has not acknowledged holds it back; one EXISTS
# per kind of reference, each an ix_outbox_aggregate lookup
_PENDING = "EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_type = '{kind}' AND o.aggregate_id {match} AND o.state <> 'synced')"


# an archive package version (归档 writes one) whose parts the centre does not hold in full yet
# (sync.archive_upload records the complete ones in archive_uploads) holds it back too
_PACKAGE_NOT_UPLOADED = ("EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_type = 'archive' AND o.aggregate_id = c.case_no"
                         " AND o.kind = 'archive.package' AND NOT EXISTS (SELECT 1 FROM archive_uploads u"
                         " WHERE u.digest = json_extract(o.payload, '$.digest')))")


@lru_cache(maxsize=8)
def _blocked_clause(has_documents: bool, has_archive_records: bool, has_uploads: bool = False) -> str:
    parts = [_PENDING.format(kind="case", match="= c.id"),
             _PENDING.format(kind="archive", match="IN (c.case_no, c.id)")]
    if has_uploads:
        parts.append(_PACKAGE_NOT_UPLOADED)
    if has_archive_records:
        parts.append(_PENDING.format(kind="archive", match="IN (SELECT ar.id FROM archive_records ar WHERE ar.case_id = c.id)"))
    if has_documents:
        parts.append(_PENDING.format(kind="document", match="IN (SELECT d.id FROM documents d WHERE d.case_id = c.id)"))
    return "(" + " OR ".join(parts) + ")"


def _table_exists(conn, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}).first() \
        is not None


def housekeep(store, *, after_days: int = DEFAULT_AFTER_DAYS, now: datetime | None = None, batch: int = BATCH,
              max_cases: int | None = None, on_batch=None) -> HousekeepReport:
    """Move archived, synced cases archived more than ``after_days`` ago into the archive tables.

    ``max_cases``: stop after about that many (the sync agent's quiet-moment share); ``on_batch(n)``
    after each committed batch (tests use it to kill the process mid-way)."""
    if after_days < 1:
        raise HousekeepingError("归档外移的天数必须至少为 1 天")
    t0 = time.perf_counter()
    cutoff = (now or _local_now()) - timedelta(days=after_days)
    report = HousekeepReport(cutoff=cutoff.isoformat(timespec="seconds"))
    at = cutoff.isoformat(sep=" ", timespec="microseconds")   # as SQLAlchemy stores DateTime in SQLite
    with store.engine.connect() as conn:
        if not has_archive(conn):
            raise HousekeepingError("本地数据库尚无归档外移表：请先启动一次柜面客户端完成数据库升级")
        blocked = _blocked_clause(_table_exists(conn, "documents"), _table_exists(conn, "archive_records"),
                                  _table_exists(conn, "archive_uploads"))
        columns = {t: _checked_columns(conn, t) for t in ("cases", *CHILD_TABLES, "outbox")}
        conn.rollback()
    eligible = f"""SELECT c.id FROM cases c WHERE c.state = :archived AND c.archived_at IS NOT NULL
                   AND c.archived_at < :cutoff AND NOT {blocked} ORDER BY c.archived_at LIMIT :n"""
    while max_cases is None or report.moved_cases < max_cases:
        n = batch if max_cases is None else min(batch, max_cases - report.moved_cases)
        with store.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            with conn.begin():
                ids = [r[0] for r in conn.execute(text(eligible), {"archived": ARCHIVED_STATE, "cutoff": at, "n": n})]
                if not ids:
                    break
                moved = _move(conn, ids, columns)
        report.moved_cases += len(ids)
        report.moved_entries += moved
        if on_batch is not None:
            on_batch(report.moved_cases)
    with store.engine.connect() as conn:
        report.held_back = conn.execute(text(
            f"SELECT count(*) FROM cases c WHERE c.state = :archived AND c.archived_at < :cutoff AND {blocked}"),
            {"archived": ARCHIVED_STATE, "cutoff": at}).scalar() or 0
        report.archive_cases = conn.execute(text("SELECT count(*) FROM archive_cases")).scalar() or 0
        report.hot_cases = conn.execute(text("SELECT count(*) FROM cases")).scalar() or 0
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


def _move(conn, ids: list[str], columns: dict[str, str], *, back: bool = False) -> int:
    """Copy the cases ``ids`` (and their child rows and synced ``case`` outbox entries) to the other
    side and delete them from this one, inside the caller's transaction. Returns the outbox entries moved."""
    src, dst = ("archive_", "") if back else ("", "archive_")
    marks = ", ".join(f":i{k}" for k in range(len(ids)))
    params = {f"i{k}": v for k, v in enumerate(ids)}
    entries = (f"FROM {src}outbox WHERE aggregate_type = 'case' AND aggregate_id IN ({marks})"
               + ("" if back else " AND state = 'synced'"))
    cols = columns["outbox"]
    moved = conn.execute(text(f"INSERT INTO {dst}outbox ({cols}) SELECT {cols} {entries}"), params).rowcount
    conn.execute(text(f"DELETE {entries}"), params)
    cols = columns["cases"]
    conn.execute(text(f"INSERT INTO {dst}cases ({cols}) SELECT {cols} FROM {src}cases WHERE id IN ({marks})"), params)
    for table in CHILD_TABLES:
        cols = columns[table]
        conn.execute(text(f"INSERT INTO {dst}{table} ({cols}) SELECT {cols} FROM {src}{table} WHERE case_id IN ({marks})"),
                     params)
    for table in CHILD_TABLES:
        conn.execute(text(f"DELETE FROM {src}{table} WHERE case_id IN ({marks})"), params)
    conn.execute(text(f"DELETE FROM {src}cases WHERE id IN ({marks})"), params)
    return moved


def is_moved_out(store, case_id_or_no: str) -> bool:
    with store.engine.connect() as conn:
        if not has_archive(conn):
            return False
        return conn.execute(text("SELECT 1 FROM archive_cases WHERE id = :k OR case_no = :k"),
                            {"k": case_id_or_no}).first() is not None


def restore_case(store, case_id_or_no: str) -> str | None:
    """Bring a moved-out case (by id or 办件编号) back into the hot tables, with its rows and its
    outbox entries, in one transaction; its id, or None when the archive does not hold it.
    Housekeeping moves it out again once it is old enough (it still is: nothing about it changed)."""
    with store.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        with conn.begin():
            if not has_archive(conn):
                return None
            row = conn.execute(text("SELECT id FROM archive_cases WHERE id = :k OR case_no = :k"),
                               {"k": case_id_or_no}).first()
            if row is None:
                return None
            columns = {t: _checked_columns(conn, t) for t in ("cases", *CHILD_TABLES, "outbox")}
            _move(conn, [row[0]], columns, back=True)
    return row[0]


def archive_counts(store) -> dict[str, int]:
    """Rows per archive table (``store housekeep --json``, the architecture docs' figures)."""
    with store.engine.connect() as conn:
        if not has_archive(conn):
            return {}
        return {t: conn.execute(text(f"SELECT count(*) FROM archive_{t}")).scalar() or 0
                for t in ("cases", *CHILD_TABLES, "outbox")}
