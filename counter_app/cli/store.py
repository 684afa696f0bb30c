"""``counter-app store check|restore|housekeep``: the local store's health, restoring its last good
backup, and housekeeping (archived, synced cases older than ``[store] housekeep_after_days`` move to
the archive tables of the same store: 归档外移, still searchable)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("store", help="本地数据库：检查、从备份恢复、归档外移")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="逐页检查本地数据库是否完好（大的数据库需一两分钟），列出可用备份")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)
    restore = sub.add_parser("restore", help="用最近的可用备份（或 --backup 指定的备份）恢复；损坏的文件保留")
    restore.add_argument("--backup", type=Path, default=None, help="备份文件（默认最近的可用备份）")
    restore.add_argument("--force", action="store_true",
                         help="本地数据库完好时也退回到备份（备份之后办理的业务将不在本地数据库中，原文件保留）")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=_restore)
    housekeep = sub.add_parser("housekeep", help="把已归档且已同步、超过设定天数的办件移出常用表（仍可检索）")
    housekeep.add_argument("--days", type=int, default=None,
                           help="归档满多少天后移出（默认取配置 [store] housekeep_after_days，出厂 365 天）")
    housekeep.add_argument("--json", action="store_true")
    housekeep.set_defaults(func=_housekeep)


LONG_CHECK_BYTES = 256 * 2**20      # a store above this: its quick check is said before it starts


def _check_minutes(path) -> int:
    """Minutes the quick check may take, rounded up (measured: 72 s for 2.1 GiB, 100,000 cases)."""
    return max(1, -(-path.stat().st_size // (2 * 2**30)))


# what ``_diagnose`` found: nothing wrong (or no store yet), a damaged file (a backup may replace it),
# or a store that is not damaged but cannot be used now (written by a newer version, a locked keyring,
# a full disk …): putting a backup over it would throw away work that is still there
HEALTHY, DAMAGED, UNUSABLE = "ok", "damaged", "unusable"


def _diagnose(path) -> tuple[str, str | None]:
    """(HEALTHY | DAMAGED | UNUSABLE, why in Chinese or None) of the store at ``path``: it opens and
    passes SQLite's quick check, or there is none yet; it is damaged (StoreCorruptError at open, or
    the quick check fails); or it does not open for another reason — a store written by a newer
    version of the program (StoreTooNewError) is whole and holds the work done since the upgrade."""
    from counter_app.storage.db import Store, StoreCorruptError, StoreError, list_backups

    if not path.exists():
        return HEALTHY, None
    try:
        store = Store.open(path, migrate=False)
    except StoreCorruptError as exc:
        return DAMAGED, str(exc)
    except StoreError as exc:      # too new, keyring locked or empty, disk full: not the file's damage
        return UNUSABLE, str(exc)
    if path.stat().st_size > LONG_CHECK_BYTES:
        print(f"正在逐页检查本地数据库（{path.stat().st_size // 2**20} MB，约需 {_check_minutes(path)} 分钟）…",
              file=sys.stderr, flush=True)
    try:    # a damaged page of a table opens (header and schema version are fine) and fails the writes
        damage = store.damage()
    finally:
        store.close()
    return (DAMAGED, str(StoreCorruptError(path, damage, list_backups(path)))) if damage else (HEALTHY, None)


NOT_RESTORED = "本地数据库没有损坏，不要用备份恢复（备份之后办理的业务会丢失）；本地数据库未改动。"


def _check(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.paths import app_paths
    from counter_app.storage.db import list_backups

    path = app_paths().ensure().database_file
    state, problem = _diagnose(path)
    backups = [str(b) for b in list_backups(path)]
    if args.json:
        print_json({"ok": problem is None, "path": str(path), "exists": path.exists(), "problem": problem,
                    "damaged": state == DAMAGED, "restore_advised": state == DAMAGED, "backups": backups})
    else:
        print(problem or f"本地数据库完好：{path}" if path.exists() else f"本地数据库尚未建立：{path}")
        if state == UNUSABLE:       # not damaged: a backup is no remedy, and listing one invites the restore
            print(NOT_RESTORED)
        else:
            for b in backups:
                print(f"  可用备份：{b}")
    return 0 if problem is None else 1


def _restore(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, print_json
    from counter_app.paths import app_paths
    from counter_app.storage.db import StoreError, restore_backup

    path = app_paths().ensure().database_file
    state, problem = _diagnose(path)
    if state == UNUSABLE:
        # a store of a newer version (after a downgrade), or one the keyring or the disk keeps shut, is
        # whole: a backup over it would lose every case since — even with --force
        return fail(args, f"{problem}\n{NOT_RESTORED}", 1, prefix="")
    healthy = path.exists() and state == HEALTHY
    if healthy and not args.force:
        # a healthy store put back to a backup loses what was done since (unsynced entries included)
        return fail(args, f"本地数据库完好，无需恢复：{path}。如确需退回到备份（备份之后办理的业务将不在本地数据库中，"
                          "原文件保留），请加 --force。", 1, prefix="")
    try:   # a backup that is damaged, foreign or unreadable is refused before the store is touched
        backup, aside = restore_backup(path, args.backup, aside_label="replaced" if healthy else "corrupt")
    except StoreError as exc:
        return fail(args, str(exc), 1, prefix="")
    if args.json:
        print_json({"restored_from": str(backup), "damaged_kept_at": str(aside), "path": str(path)})
    else:
        print(f"已用备份 {backup} 恢复本地数据库；原文件保留为 {aside}。备份之后办理的业务请从中心同步或补录。")
    return 0


def _housekeep(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, load_cli_settings, open_store, print_json
    from counter_app.storage.archive import HousekeepingError, archive_counts, housekeep

    days = args.days if args.days is not None else load_cli_settings().store.housekeep_after_days
    if days < 1:
        return fail(args, "天数必须至少为 1 天", 2, prefix="")
    if days > 36500:     # the most config.toml's [store] housekeep_after_days allows (was an OverflowError)
        return fail(args, "天数至多为 36500 天", 2, prefix="")
    store = open_store()
    try:
        report = housekeep(store, after_days=days)
        counts = archive_counts(store)
    except HousekeepingError as exc:
        return fail(args, str(exc), 1, prefix="")
    finally:
        store.close()
    if args.json:
        print_json({**report.as_dict(), "after_days": days, "archive_rows": counts})
        return 0
    print(f"归档外移：移出 {report.moved_cases} 件办件（含已同步记录 {report.moved_entries} 条），"
          f"归档满 {days} 天（{report.cutoff[:10]} 之前归档）；用时 {report.seconds:.1f} 秒")
    if report.held_back:
        print(f"  另有 {report.held_back} 件已满期限，但仍有记录未被中心确认，暂不移出（同步完成后下次再移）")
    print(f"  常用表现有办件 {report.hot_cases} 件；归档外移表共 {report.archive_cases} 件（仍可在办件检索中查到）")
    return 0
