"""``counter-app store check|restore``: the local store's health and restoring its last good backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("store", help="本地数据库：检查、从备份恢复")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="检查本地数据库是否完好，列出可用备份")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)
    restore = sub.add_parser("restore", help="用最近的可用备份（或 --backup 指定的备份）恢复；损坏的文件保留")
    restore.add_argument("--backup", type=Path, default=None, help="备份文件（默认最近的可用备份）")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=_restore)


def _check(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.paths import app_paths
    from counter_app.storage.db import Store, StoreError, list_backups

    path = app_paths().ensure().database_file
    problem = None
    if path.exists():
        try:
            Store.open(path, migrate=False).close()
        except StoreError as exc:
            problem = str(exc)
    backups = [str(b) for b in list_backups(path)]
    if args.json:
        print_json({"ok": problem is None, "path": str(path), "exists": path.exists(), "problem": problem,
                    "backups": backups})
    else:
        print(problem or f"本地数据库完好：{path}" if path.exists() else f"本地数据库尚未建立：{path}")
        for b in backups:
            print(f"  可用备份：{b}")
    return 0 if problem is None else 1


def _restore(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.paths import app_paths
    from counter_app.storage.db import StoreError, damage_of, restore_backup

    path = app_paths().ensure().database_file
    if args.backup is not None and (not args.backup.exists() or damage_of(args.backup)):
        print(f"备份文件不存在或已损坏：{args.backup}", file=sys.stderr)
        return 1
    try:
        backup, aside = restore_backup(path, args.backup)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print_json({"restored_from": str(backup), "damaged_kept_at": str(aside), "path": str(path)})
    else:
        print(f"已用备份 {backup} 恢复本地数据库；原文件保留为 {aside}。备份之后办理的业务请从中心同步或补录。")
    return 0
