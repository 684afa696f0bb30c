"""``counter-app store check|backup|restore|housekeep``: the local store's health, a passphrase backup
for the IT staff (counter_app.storage.store_backup), restoring a backup (the last good automatic one,
or one given, a passphrase backup from this or another machine), and housekeeping (archived, synced
cases older than ``[store] housekeep_after_days`` move to the archive tables of the same store:
归档外移, still searchable). Backups and restores are audited (store.backup, store.restored)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from counter_protocol.clock import beijing_text


def register(subparsers) -> None:
    parser = subparsers.add_parser("store", help="本地数据库：检查、从备份恢复、归档外移")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="逐页检查本地数据库是否完好（大的数据库需一两分钟），列出可用备份")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)
    backup = sub.add_parser("backup", help="把本地数据库备份到一个用口令加密的文件（可在运行中备份；可拿到新电脑上恢复）")
    backup.add_argument("--to", type=Path, required=True, metavar="PATH", help="备份文件（如 /media/u盘/FT-W01-20261206.ccbak）")
    backup.add_argument("--passphrase-stdin", action="store_true",
                        help=f"从标准输入读入备份口令（一行，供脚本用）；缺省在终端提示输入两次。至少 {MIN_PASSPHRASE} 个字符")
    backup.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=_backup)
    restore = sub.add_parser("restore", help="用最近的可用备份（或 --backup 指定的备份，含口令备份）恢复；损坏的文件保留")
    restore.add_argument("--backup", type=Path, default=None,
                         help="备份文件（默认最近的自动备份；store backup 做的口令备份须用此项指定）")
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help="口令备份：从标准输入读入口令（一行）；缺省在终端提示输入")
    restore.add_argument("--force", action="store_true",
                         help="本地数据库完好时也退回到备份（备份之后办理的业务将不在本地数据库中，原文件保留）")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=_restore)
    housekeep = sub.add_parser("housekeep", help="把已归档且已同步、超过设定天数的办件移出常用表（仍可检索）")
    housekeep.add_argument("--days", type=int, default=None,
                           help="归档满多少天后移出（默认取配置 [store] housekeep_after_days，出厂 365 天）")
    housekeep.add_argument("--json", action="store_true")
    housekeep.set_defaults(func=_housekeep)


MIN_PASSPHRASE = 12      # counter_app.storage.store_backup.MIN_PASSPHRASE (imported late there)
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


class _NoPassphrase(Exception):
    """No passphrase could be read (no terminal, mismatch, end of input); the message is Chinese."""


def _read_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The backup passphrase: one line of stdin under ``--passphrase-stdin``, else typed (unechoed)
    on the terminal, twice when ``confirm``. Never an argument (it would show in ``ps`` and the
    shell's history), never logged."""
    import getpass

    if args.passphrase_stdin:
        line = sys.stdin.readline()
        if not line:
            raise _NoPassphrase("标准输入中没有口令（--passphrase-stdin 读入一行）")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise _NoPassphrase("没有终端可输入备份口令：请在终端中运行，或用 --passphrase-stdin 从标准输入读入")
    try:
        first = getpass.getpass("备份口令：")
        if confirm and getpass.getpass("再输入一次备份口令：") != first:
            raise _NoPassphrase("两次输入的备份口令不一致，未备份")
    except EOFError:
        raise _NoPassphrase("未输入备份口令") from None
    return first


def _actor(store) -> str:
    """The user signed in on this workstation, if any: store commands are IT staff's and need none."""
    from counter_app.storage.tables_core import Meta
    from counter_app.sync.auth import META_CURRENT_USER

    with store.session() as s:
        row = s.get(Meta, META_CURRENT_USER)
        return row.value if row else ""


def _audit(store, workstation_id: str, action: str, *, result: str = "ok", object_id: str = "", detail: str) -> None:
    from counter_app.storage.audit import record
    from counter_app.workflows.store_restore import system_user

    record(store, actor=_actor(store), workstation_id=workstation_id, action=action, object_type="store",
           object_id=object_id, result=result, detail=f"{detail}（系统用户 {system_user()}）")


def _backup(args: argparse.Namespace) -> int:
    from counter_app import __version__
    from counter_app.cli._common import fail, load_cli_settings, open_store, print_json
    from counter_app.storage.store_backup import BackupError, destination_problem, make_backup, passphrase_problem

    settings = load_cli_settings()
    dest = args.to.expanduser()
    refused = destination_problem(dest, force=args.force)      # said before the passphrase is asked
    if refused:
        return fail(args, refused, 1, prefix="")
    try:
        passphrase = _read_passphrase(args, confirm=True)
    except _NoPassphrase as exc:
        return fail(args, str(exc), 2, prefix="")
    weak = passphrase_problem(passphrase)
    if weak:
        return fail(args, weak + "未备份。", 2, prefix="")
    store = open_store()        # a damaged or unusable store is said as such (exit 3), nothing written
    ws = settings.office.workstation_id
    try:
        try:
            made = make_backup(store.path, dest, passphrase, workstation_id=ws,
                               office_code=settings.office.code, program_version=__version__, force=args.force)
        except BackupError as exc:
            _audit(store, ws, "store.backup", result="failed", object_id=str(dest), detail=f"备份失败：{exc}")
            return fail(args, str(exc), 1, prefix="")
        _audit(store, ws, "store.backup", object_id=str(dest),
               detail=f"口令加密备份 {made['bytes']} 字节，结构版本 {','.join(made['schema_revisions'])}")
    finally:
        store.close()
    made.pop("kdf", None)
    if args.json:
        print_json({"ok": True, **made})
    else:
        print(f"已备份本地数据库到 {made['path']}（{made['bytes'] // 1024} KB，工作站 {made['workstation_id']}，"
              f"{beijing_text(made['created_at'])}（北京时间））。没有备份口令无法读取该文件；口令请另行妥善保管（丢失口令则备份无法恢复）。")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, print_json
    from counter_app.paths import app_paths
    from counter_app.storage.db import StoreError, restore_backup
    from counter_app.storage.store_backup import is_passphrase_backup

    paths = app_paths().ensure()
    path = paths.database_file
    passphrase_backup = args.backup is not None and is_passphrase_backup(args.backup)
    settings = None
    if passphrase_backup:
        from counter_app.cli._common import load_cli_settings

        settings = load_cli_settings()       # the 工作站编号 the backup must be (a bad file: refused)
    state, problem = _diagnose(path)
    if state == UNUSABLE:
        # a store of a newer version (after a downgrade), or one the keyring or the disk keeps shut, is
        # whole: a backup over it would lose every case since — even with --force
        return fail(args, f"{problem}\n{NOT_RESTORED}", 1, prefix="")
    healthy = path.exists() and state == HEALTHY
    previous, busy = _healthy_store(path) if healthy else ("", False)
    if healthy and not args.force and busy:
        # a healthy store put back to a backup loses what was done since (unsynced entries included)
        return fail(args, f"本地数据库完好，无需恢复：{path}。如确需退回到备份（备份之后办理的业务将不在本地数据库中，"
                          "原文件保留），请加 --force。", 1, prefix="")
    label = "replaced" if healthy else "corrupt"
    if passphrase_backup:
        assert settings is not None
        return _restore_passphrase(args, path, label, settings,
                                   configured=paths.config_file.exists(), previous=previous)
    try:   # a backup that is damaged, foreign or unreadable is refused before the store is touched
        backup, aside = restore_backup(path, args.backup, aside_label=label)
    except StoreError as exc:
        return fail(args, str(exc), 1, prefix="")
    _audit_restore(path, None, detail=f"自动备份 {backup.name}，原文件保留为 {aside.name}", object_id=str(backup),
                   previous=previous)
    if args.json:
        print_json({"restored_from": str(backup), "damaged_kept_at": str(aside), "path": str(path),
                    "signed_out": True})
    else:
        print(f"已用备份 {backup} 恢复本地数据库；原文件保留为 {aside}。备份之后办理的业务请从中心同步或补录。")
        print(SIGNED_OUT)
    return 0


# what a store holds once anything was done at the counter (a case, a document, a queued entry, a
# visit, an approval…); a store only configured (`config init`: its settings and their audit record)
# holds none of it, and is put aside for a backup without --force: nothing done would be lost
BUSINESS_TABLES = ("cases", "outbox", "documents", "print_jobs", "number_counters", "field_assignments",
                   "field_visit_records", "approval_requests", "fingerprint_templates", "material_images",
                   "case_signatures", "complaint_tickets", "sync_inbox", "archive_records")


def _healthy_store(path: Path) -> tuple[str, bool]:
    """Of the healthy store at ``path``, opened once: who is signed in ("" when nobody: their tokens
    in this machine's keyring end with the restore), and whether it holds anything done at the
    counter (:data:`BUSINESS_TABLES`). ("", True) when it does not open: the restore says why."""
    from counter_app.storage.db import Store

    try:
        store = Store.open(path, migrate=False)
    except Exception:  # (diagnosed healthy a moment ago)
        return "", True
    try:
        with store.engine.connect() as conn:
            present = {name for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
            busy = any(conn.exec_driver_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').scalar()
                       for table in BUSINESS_TABLES if table in present)
        return _actor(store), busy
    finally:
        store.close()


def _audit_restore(path: Path, workstation_id: str | None, *, detail: str, object_id: str,
                   previous: str = "") -> None:
    """The restored store's sign-in ended and store.restored recorded, in nobody's name
    (workflows.store_restore.after_restore, which the window's restore uses too)."""
    from counter_app.cli._common import load_cli_settings
    from counter_app.workflows.store_restore import after_restore

    after_restore(path, load_cli_settings(), workstation_id=workstation_id, detail=detail, object_id=object_id,
                  previous=previous)


SIGNED_OUT = ("原登录已注销：请先联网登录（counter-app login）并同步，再办理第一笔业务"
              "（文号与办件编号从中心已有的最大号之后继续）。")


def _restore_passphrase(args: argparse.Namespace, path: Path, label: str, settings,
                        *, configured: bool, previous: str = "") -> int:
    """A passphrase backup (store backup): this workstation's, or any one on a machine not yet
    configured (new hardware taking over a workstation: the config is written afterwards, with the
    backup's 工作站编号)."""
    from counter_app.cli._common import fail, print_json
    from counter_app.storage.db import StoreError
    from counter_app.storage.store_backup import BackupError, WrongPassphrase, restore_passphrase_backup, written_by

    ws = settings.office.workstation_id
    try:
        passphrase = _read_passphrase(args, confirm=False)
    except _NoPassphrase as exc:
        return fail(args, str(exc), 2, prefix="")
    try:
        meta, aside, kept = restore_passphrase_backup(path, args.backup, passphrase, aside_label=label,
                                                      expect_workstation=ws if configured else None)
    except WrongPassphrase as exc:     # not audited: the store stays exactly as it was, like every refusal
        return fail(args, f"{exc}。本地数据库未改动。", 1, prefix="")
    except BackupError as exc:      # the file's fault: said as the backup's
        text = str(exc)
        return fail(args, text if "未改动" in text else f"不能用该文件恢复（{args.backup}）：{text}。本地数据库未改动。",
                    1, prefix="")
    except StoreError as exc:       # this machine's (a locked keyring, no keyring): said as it is
        return fail(args, f"{exc}\n本地数据库未改动。", 1, prefix="")
    moved = aside.exists()
    backup_ws = meta.get("workstation_id", "")
    _audit_restore(path, backup_ws, object_id=str(args.backup),
                   detail=f"口令备份（工作站 {backup_ws}，{meta.get('created_at')}，程序 {written_by(meta)}）"
                          + (f"，原文件保留为 {aside.name}" if moved else "，本机原无数据库"), previous=previous)
    if args.json:
        print_json({"restored_from": str(args.backup), "damaged_kept_at": str(aside) if moved else None,
                    "path": str(path), "workstation_id": backup_ws, "office_code": meta.get("office_code"),
                    "created_at": meta.get("created_at"), "program_version": meta.get("program_version"),
                    "build": meta.get("build"),
                    "keys_kept": kept, "configured": configured, "signed_out": True})
        return 0
    print(f"已用口令备份 {args.backup}（工作站 {backup_ws}，{beijing_text(meta.get('created_at'))}（北京时间）备份，"
          f"写入的程序 {written_by(meta)}）恢复本地数据库，"
          "并改用本机密钥环中的密钥加密" + (f"；原文件保留为 {aside}" if moved else "") + "。")
    if kept:
        print(f"注意：本机密钥环已有另一把 {', '.join(kept)} 密钥，保留未换；备份中这几类加密数据在本机无法读取。")
    if not configured:
        print(f"本机尚未配置：请运行 counter-app config init --interactive，工作站编号填 {backup_ws}、"
              f"分局代码填 {meta.get('office_code', '')}（与备份相同）；旧电脑不要再以该编号办理业务"
              "（工作站连同编号整体迁到本机，无需在中心停用或重新登记）。")
    print(SIGNED_OUT + "备份之后办理的业务请从中心同步或补录。")
    return 0


PROGRESS_EVERY = 2000     # cases moved between two progress lines of store housekeep


def _housekeep(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, load_cli_settings, open_store, print_json
    from counter_app.storage.archive import HousekeepingError, archive_counts, housekeep

    days = args.days if args.days is not None else load_cli_settings().store.housekeep_after_days
    if days < 1:
        return fail(args, "天数必须至少为 1 天", 2, prefix="")
    if days > 36500:     # the most config.toml's [store] housekeep_after_days allows (was an OverflowError)
        return fail(args, "天数至多为 36500 天", 2, prefix="")
    store = open_store()
    started = time.monotonic()
    last = [0]

    def progress(moved: int) -> None:
        """A line on stderr every PROGRESS_EVERY cases (stdout keeps the report, or its JSON): on a
        year's store the move takes minutes, and a support person must tell work from a hang."""
        if moved - last[0] >= PROGRESS_EVERY:
            last[0] = moved
            print(f"归档外移：已移出 {moved} 件，用时 {time.monotonic() - started:.0f} 秒……", file=sys.stderr, flush=True)

    try:
        report = housekeep(store, after_days=days, on_batch=progress)
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
