"""``counter-central``: serve the reference central service, seed demo users, import a queue export.

    counter-central serve --host 127.0.0.1 --port 8765 --db sqlite:///PATH [--seed-demo] [--demo]
                          [--workers N] [--pool-size N] [--max-inflight N] [--max-queue-seconds S] [--retry-after S] [--threads N]
    counter-central seed --db URL
    counter-central users add NAME --office CODE --role clerk|supervisor|field|auditor|admin --password-stdin
    counter-central users disable NAME | enable NAME | list [--json] | reset-password NAME --password-stdin | totp-enrol NAME
    counter-central users set-level NAME 0|1|2          (审批级别：1 科长，2 中心主任；users add … --level N)
    counter-central users set-staff-no NAME STAFF_NO    (工号：同一人的多个账号登记同一工号；users add … --staff-no S)
    counter-central offices add CODE --name NAME | list [--json]      (分局：正式部署的第一步)
    counter-central workstations add ID --office CODE [--name NAME] | rename ID --name NAME | list [--json] | retire ID
    counter-central audit list [--chain @centre|WS] [--limit N] [--json] | verify [--json]
    counter-central audit reads [--subject ID [--unit]] [--user NAME] [--limit N] [--json]   (参保档案查询留痕)
    counter-central import FILE --db URL [--key-file PEM]
    counter-central export-key show [--key-file PEM] [--json]     (the workstations' export public key)
    counter-central entry-key rotate|status|retire VERSION [--set-aside-unreadable] [--json]  (the key sealing received payloads)
    counter-central entry-key forget-check VERSION [--json]   (a key file lost before anything was sealed under it)
    counter-central essc issue --id -|ID [--name -|NAME] [--ttl SECONDS] [--db URL]   (- : from stdin)
    counter-central registry import FILE [--db URL] [--seed-demo] [--json]
    counter-central archive verify CASE_NUMBER [--db URL] [--json]
    counter-central cases duplicates [--office X] [--all] [--json] | person-key rotate|status|retire VERSION [--json]
    counter-central evaluation report --from YYYY-MM-DD --to YYYY-MM-DD | --month YYYY-MM [--office CODE]
                          [--by service|clerk|office] [--json] [--csv FILE]   (定期服务质量评价，7.5.2)
    counter-central openapi [--out docs/sync-api.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections import namedtuple
from pathlib import Path
from typing import Any

from counter_protocol.cli_args import (ZhArgumentParser, file_problem, from_stdin, non_negative_int, positive_float,
                                      positive_int, VersionAction)

log = logging.getLogger(__name__)

DEFAULT_DB_ENV = "COUNTER_CENTRAL_DB"


def _default_db() -> str:
    env = os.environ.get(DEFAULT_DB_ENV)
    if env:
        return env
    # beside the counter's own data (COUNTER_APP_HOME/data, or the platform's data folder of counter-app)
    home = os.environ.get("COUNTER_APP_HOME")
    if home:
        data = os.path.join(home, "data")
    else:
        import platformdirs

        data = platformdirs.user_data_dir("counter-app", "szsi")
    return f"sqlite:///{os.path.join(data, 'central.sqlite3')}"


def _print_passwords(passwords: dict[str, str], kept: list[str] | None = None) -> None:
    """The demo accounts this run created, with their published passwords; the ones that existed
    before are named without a password (theirs may have been changed: printing the demo password
    again misled)."""
    if passwords:
        print("新建的演示账号（仅供演示，密码是公开的）：", file=sys.stderr)
        for user, pw in passwords.items():
            print(f"  {user} / {pw}", file=sys.stderr)
    if kept:
        print(f"已存在的演示账号未改动（密码保持原样，不在此列出）：{'、'.join(kept)}", file=sys.stderr)


def _seed_accounts(engine) -> tuple[dict[str, str], list[str]]:
    """Seed the demo data: (the accounts created now → their demo passwords, the ones kept)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.db import User
    from counter_central.seed import DEMO_USERS, seed_demo

    with Session(engine) as s:
        before = set(s.scalars(select(User.username).where(User.username.in_(list(DEMO_USERS)))))
        passwords = seed_demo(s)
    return {u: pw for u, pw in passwords.items() if u not in before}, [u for u in passwords if u in before]


SERVE_ARGS_ENV = "COUNTER_CENTRAL_SERVE_ARGS"


def _port(text: str) -> int:
    """A TCP port, 1–65535 (``--port 99999`` ended in uvicorn's OverflowError traceback)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"端口应为 1–65535 的整数，收到「{text}」") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 1–65535 的整数，收到 {text}")
    return value


SUPPORTED_DATABASES = ("postgresql", "sqlite")


class _BadDatabase(Exception):
    """A ``--db`` the centre cannot use (another database system, a directory that does not exist)."""


def _check_db(db_url: str, *, explicit: bool) -> None:
    """Refuse, in Chinese, a ``--db`` of a database system the centre does not support (``mysql://``
    ended in a traceback), an explicit SQLite path whose directory does not exist (it was made,
    with an empty centre in it: a typo looked like a fresh install), and root on a SQLite file in a
    folder of the service's account (key_file.check_writer)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from counter_central.db import sqlite_file

    try:
        url = make_url(db_url)
    except ArgumentError:
        raise _BadDatabase(_db_problem(db_url)) from None
    backend = url.get_backend_name()
    if backend not in SUPPORTED_DATABASES:
        raise _BadDatabase(f"不支持的数据库类型：{backend}。中心服务只支持 PostgreSQL"
                           "（postgresql+psycopg://用户@主机/库名）和演示、培训用的 SQLite（sqlite:///路径）")
    db_file = sqlite_file(url)
    if db_file is None:
        return
    folder = db_file.resolve().parent
    if explicit and not folder.is_dir():
        raise _BadDatabase(f"数据库文件所在的目录不存在：{folder}。请核对 --db 参数；"
                           "新建的中心请先建好该目录（不会自动创建，以免写错路径时另起一个空的中心）")
    # root on the service account's embedded database: SQLite would make its -wal / -shm (and
    # a migration's backup) as root, and the service could no longer write the database
    from counter_central.key_file import ForeignFolder, check_writer

    try:
        check_writer(folder, "以 root 打开其中的数据库会留下 root 的文件（-wal、-shm、升级前的备份），中心服务随后无法写入数据库")
    except ForeignFolder as exc:
        raise _BadDatabase(f"未打开中心数据库 {url.database}：{exc.strerror}") from None


def _serve_app(args, *, run_migrations: bool = True):
    """The application ``serve`` runs (in this process, or in each worker with ``--workers N``)."""
    from counter_central.app import create_app
    from counter_central.observability import LoadLimits

    from counter_central.core import Lockout

    app = create_app(args.db, demo=args.demo, run_migrations=run_migrations,
                     max_body_bytes=args.max_body_bytes, max_json_depth=args.max_json_depth,
                     lockout=Lockout(args.lockout_after, args.lockout_minutes),
                     require_totp=True if (args.require_totp or not args.demo) else False,
                     essc_adapter=getattr(args, "essc_adapter", None),
                     pool_size=args.pool_size,
                     limits=LoadLimits(args.max_inflight, args.retry_after, args.max_queue_seconds, args.threads))
    # Everything built so far (FastAPI's routes, pydantic's and SQLAlchemy's schemas, the modules:
    # ~138,000 objects) lives as long as the worker. A full collection walked them all in ~90 ms,
    # stopping every request of the worker meanwhile; frozen out of the collector's walks, it
    # walks only the requests' own objects
    gc.collect()
    gc.freeze()
    return app


def worker_app():
    """uvicorn's app factory in each worker process of ``serve --workers N``: the parent has
    migrated (and seeded) the database once and passed its arguments in the environment."""
    args = argparse.Namespace(**json.loads(os.environ[SERVE_ARGS_ENV]))
    return _serve_app(args, run_migrations=False)


def cmd_serve(args) -> int:
    import uvicorn

    from counter_central.observability import log_config

    workers = args.workers
    if workers > 1 and args.db.startswith("sqlite"):
        print(f"SQLite 是嵌入式演示数据库，只能由一个进程写入：已改为 1 个工作进程（要求 {workers} 个）。"
              "多个工作进程请使用 PostgreSQL（--db postgresql+psycopg://…）。", file=sys.stderr, flush=True)
        workers = 1
    where = f"http://{args.host}:{args.port}/docs（数据库 {args.db.split('@')[-1]}，{workers} 个工作进程）"
    if workers == 1:
        lock = _sqlite_serve_lock(args.db)
        if isinstance(lock, str):
            return _error(args, lock, 1)
        app = _serve_app(args)
        if args.seed_demo:
            _seed(app.state.engine)
        print(f"counter-central 中心服务：{where}", file=sys.stderr, flush=True)
        try:
            uvicorn.run(app, host=args.host, port=args.port, log_config=log_config(args.log_level), access_log=False)
        except SystemExit as stop:
            return _serve_stopped(args, stop)
        return 0
    import shutil
    import tempfile

    from counter_central.db import make_engine, migrate
    from counter_central.observability import MULTIPROC_ENV

    engine = make_engine(args.db)            # once, before any worker starts: no migration race
    migrate(engine)
    _keys_ready(engine)
    if args.seed_demo:
        _seed(engine)
    engine.dispose()
    metrics_dir = tempfile.mkdtemp(prefix="counter-central-metrics-")
    os.environ[MULTIPROC_ENV] = metrics_dir  # every worker's samples, summed at /metrics
    os.environ[SERVE_ARGS_ENV] = json.dumps({k: v for k, v in vars(args).items() if k != "func"})
    print(f"counter-central 中心服务：{where}", file=sys.stderr, flush=True)
    try:
        uvicorn.run("counter_central.cli:worker_app", factory=True, workers=workers, host=args.host, port=args.port,
                    log_config=log_config(args.log_level), access_log=False)
    except SystemExit as stop:
        return _serve_stopped(args, stop)
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


_SERVE_LOCKS: list = []      # the open lock files of this process's serve (held until it exits)


def _take_serve_lock(db_file: Path, *, create: bool = True):
    """Take the OS lock on ``<db_file>.serve.lock`` (a running ``serve`` holds it): (the open
    file, now holding it; None) — or (None, what the holder wrote in it) when another process holds
    it, or (None, None) without such locks on this system, or with ``create`` false when there is no
    such file (no service has run on the database: each one makes it). OSError when the file cannot
    be opened."""
    try:
        import fcntl
    except ImportError:          # not on Linux: the embedded centre is a demo there
        return None, None
    path = db_file.with_name(db_file.name + ".serve.lock")
    try:
        # without ``create`` (a command that only asks whether a service runs): read-only, as
        # flock needs no write access, and nothing made where no service ever ran
        fh = open(path, "a+" if create else "r", encoding="utf-8")
    except FileNotFoundError:
        if create:
            raise
        return None, None
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip()
        fh.close()
        return None, holder
    return fh, None


def _sqlite_serve_lock(db_url: str):
    """One ``serve`` per SQLite file: an OS lock on ``<file>.serve.lock``, held while this process
    runs (the OS drops it when the process ends, kill -9 included). Two services on one file both
    started, each with its own login lockouts, number floors and caches in memory. Returns the open
    file (kept), None (not SQLite, or no lock on this system), or the Chinese refusal."""
    from counter_central.db import sqlite_file

    db_file = sqlite_file(db_url)
    if db_file is None:
        return None
    db_file = db_file.resolve()
    try:
        fh, holder = _take_serve_lock(db_file)
    except OSError as exc:
        return f"中心服务未能启动：无法创建锁文件 {db_file}.serve.lock：{file_problem(exc)}"
    if fh is None:
        if holder is None:
            return None
        return (f"中心服务未能启动：另一个中心服务进程{f'（{holder}）' if holder else ''}已在使用数据库文件 "
                f"{db_file}。嵌入式（SQLite）数据库只能由一个服务进程使用："
                "请先停止那个进程，或换用另一个数据库文件；多个进程请使用 PostgreSQL。")
    fh.seek(0)
    fh.truncate()
    fh.write(f"进程 {os.getpid()}")
    fh.flush()
    _SERVE_LOCKS.append(fh)
    return fh


def _serve_stopped(args, stop: SystemExit) -> int:
    """uvicorn gave up at start (exit 3: the address is taken or cannot be bound): its own log line is
    English; say it in Chinese too, with what to do, and keep the non-zero exit."""
    code = stop.code if isinstance(stop.code, int) else 1
    if code:
        print(f"中心服务未能启动：无法在 {args.host}:{args.port} 上监听（端口已被占用，或本机没有这个地址）。"
              "请换用 --port，或先停止占用该端口的程序（ss -ltnp 可查看）。", file=sys.stderr, flush=True)
    return code


def _seed(engine) -> None:
    print(DEMO_WARNING, file=sys.stderr)
    _print_passwords(*_seed_accounts(engine))


DEMO_WARNING = ("注意：seed 写入的是演示数据——演示分局、密码公开的演示账号、虚构的参保人档案和随程序发布的参考数据，"
                "只用于演示、培训和测试，正式的中心不要运行（正式部署见 docs/deployment.md 1.2）。")


def cmd_seed(args) -> int:
    from sqlalchemy.engine import make_url

    from counter_central.db import make_engine, migrate

    if make_url(args.db).get_backend_name() == "postgresql" and not args.demo:
        return _error(args, "未写入：" + DEMO_WARNING + "确实要在这个 PostgreSQL 数据库上写入演示数据（培训、测试环境），"
                      "请加 --demo。", 2)
    print(DEMO_WARNING, file=sys.stderr)
    engine = make_engine(args.db)
    migrate(engine)
    _keys_ready(engine)
    created, kept = _seed_accounts(engine)
    engine.dispose()
    if args.json:
        print(json.dumps(created, ensure_ascii=False))
    else:
        _print_passwords(created, kept)
    return 0


def cmd_export_key_show(args) -> int:
    from counter_protocol.export import ExportError
    from counter_central.export_key import default_key_file, load_private_key, public_key

    path = args.key_file or default_key_file()
    try:
        created = not path.exists()
        text, kid = public_key(load_private_key(path, create=True))
    except ExportError as exc:
        return _error(args, f"导出密钥不可用：{exc}", 1)
    except OSError as exc:
        return _error(args, f"导出密钥不可用：{path}：{file_problem(exc)}", 1)
    if args.json:
        print(json.dumps({"public_key": text, "key_id": kid, "key_file": str(path), "created": created}, ensure_ascii=False))
    else:
        print(text)
        print(f"密钥编号 {kid}，私钥 {path}" + ("（新生成）" if created else ""), file=sys.stderr)
        print(f'在每个工作站的 config.toml 中设置：[central] export_public_key = "{text}"', file=sys.stderr)
    return 0


def cmd_migrate(args) -> int:
    """Upgrade the database schema (the package's postinst runs it after its backup)."""
    from counter_central.db import BackupFailed, make_engine, migrate

    if args.backup_dir and not Path(args.backup_dir).is_dir():
        # as documented: no such directory is a failed backup, nothing upgraded (it was created)
        return _error(args, f"升级数据库结构前的备份失败：备份目录不存在：{Path(args.backup_dir).resolve()}。"
                      "未做结构升级；请先建好该目录，或不加 --backup-dir（备份放在数据库文件旁）。", 1)
    engine = make_engine(args.db)
    try:
        copy = migrate(engine, backup_dir=Path(args.backup_dir) if args.backup_dir else None)
        _keys_ready(engine)      # else EntryKeyError / PersonKeyError: exit 2
    except BackupFailed as exc:
        return _error(args, str(exc), 1)
    finally:
        engine.dispose()
    if copy is not None:
        print(f"升级前已备份数据库：{copy}")
    print(f"中心数据库已升级到最新结构（{args.db.split('@')[-1]}）")
    return 0


def cmd_import(args) -> int:
    from sqlalchemy.orm import Session

    from counter_protocol.export import ExportError
    from counter_central.importer import import_file

    from counter_central.export_key import load_private_key

    try:
        key = load_private_key(args.key_file)
    except ExportError:
        key = None                     # a clear file of an earlier release needs none; a sealed one says so
    engine = _existing_centre(args.db)     # a typo in --db: said, never a new empty centre holding the import
    warnings: list[str] = []
    try:
        with Session(engine) as s:
            report = import_file(args.file, s, key, warnings)
    except ExportError as exc:
        if key is None and "私钥" in str(exc):
            try:
                load_private_key(args.key_file)
            except ExportError as why:
                exc = why
        return _error(args, f"导入失败：{exc}", 1)
    finally:
        engine.dispose()
    for w in warnings:
        print(w, file=sys.stderr)
    if args.json:
        print(report.model_dump_json())
    else:
        print(f"读取 {report.read} 条：接收 {report.accepted}，重复 {report.duplicate}，冲突 {report.conflict}，"
              f"拒绝 {report.rejected}，无效行 {report.bad_lines}")
    return 0 if report.bad_lines == 0 else 1


def cmd_essc_issue(args) -> int:
    """Print a reference 电子社保卡 test code for a person (the reference platform only)."""
    from datetime import timedelta

    from counter_central.essc import MAX_TTL, ReferenceEsscPlatform

    if not 1 <= args.ttl <= MAX_TTL.total_seconds():   # before timedelta: 10**20 seconds overflows it
        return _error(args, "无法签发：有效期应在 1 秒到 1 天之间", 1)
    engine = _existing_centre(args.db)     # a typo in --db: said, never a new empty database
    try:
        code, expires = ReferenceEsscPlatform(engine).issue(args.id, args.name, ttl=timedelta(seconds=args.ttl))
    except ValueError as exc:
        return _error(args, f"无法签发：{exc}", 1)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"code": code, "expires_at": expires.isoformat()}, ensure_ascii=False))
    else:
        print(code)
        print(f"（测试用电子社保卡二维码内容，{expires.astimezone().strftime('%H:%M:%S')} 前有效）", file=sys.stderr)
    return 0


def cmd_registry_import(args) -> int:
    from sqlalchemy.orm import Session

    from counter_central.registry import DEMO_REGISTRY, import_records

    if not args.file and not args.seed_demo:
        return _error(args, "请给出要导入的文件（JSON lines，每行一条档案），或用 --seed-demo 导入演示档案", 2)
    path = DEMO_REGISTRY if args.seed_demo and not args.file else args.file
    try:
        with open(path, "rb") as fh:
            raw_lines = fh.read().split(b"\n")
    except OSError as exc:
        return _error(args, f"无法读取文件 {path}：{file_problem(exc)}", 1)
    try:
        lines = [line.decode("utf-8") for line in raw_lines]
    except UnicodeDecodeError:
        return _error(args, f"文件 {path} 不是 UTF-8 编码的文本，未导入任何档案", 1)
    engine = _existing_centre(args.db)     # a typo in --db: said, never a new empty centre
    try:
        with Session(engine) as s:
            report = import_records(s, lines)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    elif report.ok:
        print(f"已导入参保人档案 {report.persons} 条、参保单位档案 {report.units} 条")
    else:
        for n, msg in report.problems:
            print(f"第 {n} 行：{msg}", file=sys.stderr)
        print(f"共 {len(report.problems)} 行有误，未导入任何档案", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_archive_list(args) -> int:
    """档案检索: the latest version of each package the centre holds, by archive code."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from counter_central.archive import list_packages

    try:
        engine, s = _session(args.db)
    except (ArgumentError, SQLAlchemyError, OSError):
        return _error(args, _db_problem(args.db), 2)
    try:
        rows = list_packages(s, office=args.office, year=args.year, retention=(args.retention or "").strip() or None)
    finally:
        s.close()
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['archive_code']}\t办件 {r['case_no']}\t第 {r['version']} 版\t工作站 {r['workstation_id']}\t"
              + ("已收齐" if r["complete"] else "未收齐"))
    print(f"共 {len(rows)} 个档案包" if rows else "（无）")
    return 0


def cmd_archive_verify(args) -> int:
    """The centre's copy of a case's archive package: every version, every part's SM3 (counter_central.archive)."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from counter_central.archive import list_packages, verify_case

    if args.all:
        try:
            engine, s = _session(args.db)
        except (ArgumentError, SQLAlchemyError, OSError):
            return _error(args, _db_problem(args.db), 2)
        try:
            results = [verify_case(s, r["case_no"]) for r in list_packages(s)]
        finally:
            s.close()
            engine.dispose()
        ok = all(r["ok"] for r in results)
        if args.json:
            print(json.dumps({"ok": ok, "packages": results}, ensure_ascii=False))
        else:
            for r in results:
                if not r["ok"]:
                    print(f"✘ {r['case_no']}：{r['message']}")
            bad = sum(1 for r in results if not r["ok"])
            print(("✔ " if ok else "✘ ") + f"核验 {len(results)} 个档案包：{len(results) - bad} 个完整，{bad} 个有问题")
        return 0 if ok else 1
    if not args.case_number:
        return _error(args, "请给出办件编号，或用 --all 核验全部档案包", 2)
    case_no = args.case_number.strip()
    try:
        engine, s = _session(args.db)
    except (ArgumentError, SQLAlchemyError, OSError):
        return _error(args, _db_problem(args.db), 2)
    try:
        result = verify_case(s, case_no)
    finally:
        s.close()
        engine.dispose()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(("✔ " if result["ok"] else "✘ ") + f"{case_no}：{result['message']}")
        for v in result["versions"]:
            state = (f"完整（{v['parts']} 个部分，{v['bytes']} 字节）" if v["ok"] else "；".join(v["problems"]))
            print(f"  第 {v['version']} 版 {v['archive_code']}（工作站 {v['workstation_id']}）：{state}")
    return 0 if result["ok"] else 1


class _NoDatabase(Exception):
    """An administration command's SQLite ``--db`` names no file: said, instead of creating an empty centre."""


def _keys_ready(engine) -> None:
    """The centre's keys checked as at a start, after the migrations: the entry key opens the stored
    payloads (:func:`counter_central.entry_key.check_ready`, EntryKeyError), and the person key its
    index was made under is there (:func:`counter_central.samecase.check_ready`, PersonKeyError)."""
    from counter_central import samecase
    from counter_central.entry_key import check_ready

    check_ready(engine)
    samecase.check_ready(engine)


def _existing_centre(db_url: str, *, ready: bool = True):
    """The engine of the centre database ``db_url`` (migrated), for a command that works on an
    existing centre: a SQLite file that does not exist, or one without the centre's tables, raises
    :class:`_NoDatabase` (main says it, exit 2) instead of being made a centre. ``ready``: the entry
    key and the person key checked as at a start (:func:`_keys_ready`) — not for the command that
    mends what that check refuses (``entry-key forget-check``)."""
    from counter_central.db import make_engine, migrate, sqlite_file

    db_file = sqlite_file(db_url)    # an ArgumentError for no URL at all: main() says it in Chinese
    if db_file is not None and not db_file.is_file():
        # a typo in --db would otherwise make a new, empty centre database (and its directories)
        # and answer "no users" / "no office FT" (or import into it) as if that were the centre
        raise _NoDatabase(f"中心数据库文件不存在：{db_file.resolve()}。请核对 --db 参数"
                          "（或环境变量 COUNTER_CENTRAL_DB）；新装的中心先运行 counter-central migrate 建库"
                          "（演示、培训用才运行 seed）。")
    if db_file is not None and not _sqlite_holds_a_centre(db_file):
        # an empty file (or another program's database) named by mistake would be made a new,
        # empty centre as above, with an entry key of its own: looked at read-only first (opening
        # it as the centre does would already change it: WAL). (A PostgreSQL database is made by
        # its administrator on purpose, and a misspelt name does not connect.)
        raise _NoDatabase(f"{db_file.resolve()} 不是中心数据库（其中没有中心的数据表），未改动。请核对 --db 参数"
                          "（或环境变量 COUNTER_CENTRAL_DB）；新装的中心先运行 counter-central migrate 建库"
                          "（演示、培训用才运行 seed）。")
    engine = make_engine(db_url)
    try:
        copy = migrate(engine)
        if ready:
            _keys_ready(engine)
    except BaseException:
        engine.dispose()
        raise
    if copy is not None:
        print(f"升级前已备份数据库：{copy}", file=sys.stderr)
    return engine


def _sqlite_holds_a_centre(db_file: Path) -> bool:
    """Whether the SQLite file carries the centre's schema (its migrations' table), read-only."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                                ).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.OperationalError:       # cannot be opened (rights, a lock): the centre's own opening says why
        return True
    except sqlite3.DatabaseError:          # not a database at all
        return False


def _session(db_url: str):
    from sqlalchemy.orm import Session

    engine = _existing_centre(db_url)
    return engine, Session(engine)


def _admin(args, action, refused: tuple[str, str, str] | None = None) -> int:
    """Run one administration action (``action(session)`` → rows); Chinese output or ``--json``.
    ``refused``: (action, object type, object id) of the record a refusal leaves in the centre's
    audit chain (result ``refused``, the reason as detail): a change that was asked for and not
    made is part of the trail too (who tried to enable which account, and why it was refused)."""
    from counter_central.admin import AdminError

    engine, s = _session(args.db)
    try:
        result = action(s)
    except AdminError as exc:
        if refused is not None:
            _record_refusal(s, refused, str(exc))
        return _error(args, f"失败：{exc}", 1)
    finally:
        s.close()
        engine.dispose()
    rows = result if isinstance(result, list) else [result]
    if getattr(args, "json", False):
        data = [r.as_dict() for r in rows]
        print(json.dumps(data if isinstance(result, list) else data[0], ensure_ascii=False))
    else:
        for r in rows:
            print(_describe(r))
        if isinstance(result, list) and not rows:
            print("（无）")
    return 0


def _describe(row) -> str:
    from counter_central.admin import LEVEL_NAMES, OfficeRow, TotpEnrolment, UserRow

    def admin_level_name(level: int) -> str:
        return LEVEL_NAMES.get(level, str(level))

    if isinstance(row, TotpEnrolment):
        return (f"已为 {row.username} 开通动态验证码（原有登录已注销）。请在身份验证器中添加：\n  {row.uri}\n"
                f"  或手动输入密钥：{row.secret}")
    if isinstance(row, OfficeRow):
        return f"{row.code}\t{row.name}"
    if isinstance(row, UserRow):
        state = "停用" if not row.active else ("已锁定" if row.locked else "正常")
        totp = "动态验证码已开通" if row.totp else "未开通动态验证码"
        from counter_protocol.roles import role_text

        level = f"审批级别 {row.approval_level}（{admin_level_name(row.approval_level)}）"
        staff = f"工号 {row.staff_no}" if row.staff_no else "工号未登记"
        if row.same_person:
            staff += f"（与 {'、'.join(row.same_person)} 为同一人）"
        return (f"{row.username}\t{row.display_name}\t分局 {row.office_code}\t角色 {role_text(row.roles)}\t{level}"
                f"\t{staff}\t{state}\t{totp}")
    state = f"已停用（{row.retired_at}）" if row.retired_at else "在用"
    if row.client_build is None:
        client = "客户端 未知（尚未联系升级后的中心）"
    elif row.client_protocol is None:       # a counter built before it named its build
        client = f"客户端 旧版本，未报告构建（{row.client_build}），请升级"
    else:
        client = f"客户端 {row.client_build}（同步协议 {row.client_protocol}，{row.client_seen_at} 起）"
    return f"{row.workstation_id}\t分局 {row.office_code}\t{row.name or '-'}\t登记于 {row.registered_at}\t{state}\t{client}"


def _read_password(args) -> str | None:
    if not args.password_stdin:
        _error(args, "失败：请用 --password-stdin 从标准输入提供密码（不要写在命令行上）", 2)
        return None
    return sys.stdin.readline()


def _record_refusal(s, what: tuple[str, str, str], reason: str) -> None:
    """The refused administration command's record in ``@centre`` (:func:`audit.record_refusal`)."""
    from counter_central.audit import operator, record_refusal

    action, object_type, object_id = what
    record_refusal(s, actor=operator(), action=action, object_type=object_type, object_id=object_id, detail=reason)


def cmd_users(args) -> int:
    from counter_central import admin

    if args.users_command == "add":
        password = _read_password(args)
        if password is None:
            return 2
        return _admin(args, lambda s: admin.add_user(s, args.name, office=args.office, role=args.role,
                                                     password=password, display_name=args.display_name or "",
                                                     level=args.level, staff_no=args.staff_no),
                      ("user.add", "user", args.name))
    if args.users_command == "disable":
        return _admin(args, lambda s: admin.disable_user(s, args.name), ("user.disable", "user", args.name))
    if args.users_command == "enable":
        return _admin(args, lambda s: admin.enable_user(s, args.name), ("user.enable", "user", args.name))
    if args.users_command == "set-level":
        return _admin(args, lambda s: admin.set_approval_level(s, args.name, args.level),
                      ("user.set_level", "user", args.name))
    if args.users_command == "set-staff-no":
        if args.clear == bool(args.staff_no):
            return _error(args, "失败：请给出工号，或用 --clear 清除已登记的工号（二者选一）", 2)
        return _admin(args, (lambda s: admin.clear_staff_no(s, args.name)) if args.clear
                      else (lambda s: admin.set_staff_no(s, args.name, args.staff_no)),
                      ("user.set_staff_no", "user", args.name))
    if args.users_command == "totp-enrol":
        return _admin(args, lambda s: admin.enrol_totp(s, args.name, replace=args.replace),
                      ("user.totp_enrol", "user", args.name))
    if args.users_command == "reset-password":
        password = _read_password(args)
        if password is None:
            return 2
        return _admin(args, lambda s: admin.reset_password(s, args.name, password),
                      ("user.reset_password", "user", args.name))
    return _admin(args, admin.list_users)


def cmd_reference(args) -> int:
    """参考数据: publish a file as a new version (checked first), list what is published."""
    from counter_central import reference_admin as ref

    engine, s = _session(args.db)
    try:
        if args.ref_command == "publish":
            rows = [ref.publish(s, args.name, Path(args.file), version=args.version,
                                effective_from=args.effective_from)]
        else:
            rows = ref.list_published(s)
    except ref.ReferenceFileError as exc:
        return _error(args, f"失败：{exc}", 1)
    finally:
        s.close()
        engine.dispose()
    if args.json:
        data = [r.as_dict() for r in rows]
        print(json.dumps(data[0] if args.ref_command == "publish" else data, ensure_ascii=False))
    elif args.ref_command == "publish":
        r = rows[0]
        print(f"已发布参考数据 {r.name} 版本 {r.version}（摘要 {r.digest[:12]}…"
              f"{'，' + r.effective_from + ' 起生效' if r.effective_from else ''}）；各工作站下次同步时拉取")
    else:
        for r in rows:
            print(f"{r.name}\t版本 {r.version}\t{r.effective_from or '-'}\t发布于 {r.published_at}\t摘要 {r.digest[:12]}")
        if not rows:
            print("（无）")
    return 0


def cmd_audit(args) -> int:
    """审计: the records of one chain the centre holds (its own: @centre), or every chain verified."""
    from counter_central import audit

    engine, s = _session(args.db)
    try:
        if args.audit_command == "list":
            rows = audit.records_of(s, args.chain, limit=args.limit)
            if not rows and s.get(audit.AuditAnchorRow, args.chain) is None:
                from sqlalchemy import select

                chains = list(s.scalars(select(audit.AuditAnchorRow.workstation_id)
                                        .order_by(audit.AuditAnchorRow.workstation_id).limit(20)))
                return _error(args, f"失败：中心没有记录链 {args.chain}。现有的记录链："
                              f"{'、'.join(chains) if chains else '（无）'}（@centre 是中心自己的；工作站的以工作站编号命名）", 1)
        elif args.audit_command == "reads":
            subject = args.subject.strip()
            if subject and "*" not in subject and "…" not in subject:     # given whole: compared masked
                subject = audit.registry_subject("unit" if args.unit else "person", subject)
            rows = audit.registry_reads(s, subject=subject, username=args.user or "", limit=args.limit)
        else:
            rows = audit.verify(s)
    finally:
        s.close()
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    elif args.audit_command == "list":
        for r in rows:
            flag = "\t⚠ 操作人不是该分局的账号" if r.get("actor_unknown") else ""
            print(f"{r['seq']}\t{r['at']}\t{r['actor']}\t{r['action']}\t{r['object_type']} {r['object_id']}\t"
                  f"{r['result']}\t{r['detail']}{flag}")
        if not rows:
            print("（无）")
    elif args.audit_command == "reads":
        for r in rows:
            print(f"{r['at']}\t{r['username']}\t{r['workstation_id']}\t{r['kind']} {r['subject']}\t"
                  f"{'查到' if r['found'] else '未查到'}")
        if not rows:
            print("（无）")
    else:
        for r in rows:
            state = "完整" if r["problem"] is None else f"有问题：{r['problem']}"
            head = f"链头第 {r['head']} 条" if r["head"] is not None else "无链头"
            print(f"{r['chain']}\t{r['records']} 条（{head}）\t{state}")
        if not rows:
            print("（中心尚无审计记录）")
    broken = args.audit_command == "verify" and any(r["problem"] for r in rows)
    return 1 if broken else 0


def cmd_offices(args) -> int:
    from counter_central import admin

    if args.office_command == "add":
        return _admin(args, lambda s: admin.add_office(s, args.code, name=args.name), ("office.add", "office", args.code))
    return _admin(args, admin.list_offices)


def cmd_workstations(args) -> int:
    from counter_central import admin

    if args.ws_command == "add":
        return _admin(args, lambda s: admin.add_workstation(s, args.id, office=args.office, name=args.name or ""),
                      ("workstation.add", "workstation", args.id))
    if args.ws_command == "rename":
        return _admin(args, lambda s: admin.rename_workstation(s, args.id, args.name),
                      ("workstation.rename", "workstation", args.id))
    if args.ws_command == "retire":
        return _retire_workstation(args)
    return _admin(args, admin.list_workstations)


RETIRE_CONSEQUENCES = ("其上的登录全部注销；该编号不能再登录、不能再登记，工作站上尚未同步的业务也不能再以该编号同步到中心")


def _retire_workstation(args) -> int:
    """``workstations retire ID``: cannot be undone, so it is confirmed (the id typed again on the
    terminal, or ``--yes`` for a script); an id retired already is said as such, exit 0, with no
    second record in the centre's audit chain."""
    from counter_central import admin
    from counter_central.db import Workstation, WorkstationTally
    from counter_protocol.clock import beijing_text

    engine, s = _session(args.db)
    try:
        ws = s.get(Workstation, args.id)
        retired_at = ws.retired_at if ws is not None else None
        tally = s.get(WorkstationTally, args.id) if ws is not None else None
        last_sync = tally.updated_at if tally is not None else None
    finally:
        s.close()
        engine.dispose()
    if retired_at is not None:
        text = f"工作站 {args.id} 已于 {beijing_text(retired_at)}（北京时间）停用，无需再次停用（未重复记录）"
        if args.json:
            print(json.dumps({"workstation_id": args.id, "already_retired": True,
                              "retired_at": retired_at.isoformat(timespec="seconds") + "Z"}, ensure_ascii=False))
        else:
            print(text)
        return 0
    if ws is not None and not args.yes:
        last = f"最近一次收到其业务：{beijing_text(last_sync)}（北京时间）" if last_sync else "中心尚未收到其业务"
        if not sys.stdin.isatty():
            return _error(args, f"未停用：停用工作站 {args.id} 不可撤销（{RETIRE_CONSEQUENCES}）。请在终端中运行以确认，"
                                "或加 --yes（供脚本用）", 2)
        print(f"停用工作站 {args.id}（分局 {ws.office_code}）不可撤销：{RETIRE_CONSEQUENCES}。{last}。", file=sys.stderr)
        try:
            answer = input(f"确认停用请再输入一次工作站编号 {args.id}：")
        except EOFError:
            answer = ""
        if answer.strip() != args.id:
            return _error(args, f"未停用：输入的编号与 {args.id} 不符", 1)
    return _admin(args, lambda s: admin.retire_workstation(s, args.id), ("workstation.retire", "workstation", args.id))


def _today(args):
    """``--today`` or the Beijing day on the centre's clock (certification dates are Beijing dates,
    whatever zone the server is set to)."""
    from datetime import date

    if not getattr(args, "today", None):
        from counter_central.core import server_now
        from counter_protocol.clock import beijing_day

        return beijing_day(server_now())
    try:
        return date.fromisoformat(args.today)
    except ValueError:
        raise SystemExit(_fail(f"日期“{args.today}”无效，应为 YYYY-MM-DD", args)) from None


def _fail(message: str, args=None) -> int:
    return _error(args, f"失败：{message}", 1)


def _error(args, text: str, code: int) -> int:
    """A refused or failed command: the Chinese ``text`` on stderr, and under ``--json`` also
    ``{"error": text}`` on stdout (the counter's convention) so a script always reads JSON."""
    if getattr(args, "json", False):
        print(json.dumps({"error": text}, ensure_ascii=False), flush=True)
    print(text, file=sys.stderr)
    return code


def cmd_certification(args) -> int:
    """资格认证: sweep (暂停发放 flags and requests), suspend (服刑), suspensions, reminders (短信提醒)."""
    from counter_central import certification as c
    from counter_central.db import Office
    from counter_protocol.private_files import OutputExists

    today = _today(args)
    if getattr(args, "state", None) and args.state not in c.STATE_NAMES:
        return _error(args, f"参数错误：没有状态“{args.state}”，可选：{'、'.join(c.STATE_NAMES)}", 2)
    engine, s = _session(args.db)
    try:
        if getattr(args, "office", None) and s.get(Office, args.office) is None:
            return _error(args, f"失败：没有分局 {args.office}", 2)
        if args.cert_command == "sweep":
            report = c.sweep(s, today)
            if args.json:
                print(json.dumps(report.as_dict(), ensure_ascii=False))
            else:
                print(f"{report.today} 资格认证检查：退休人员 {report.checked} 人，认证已过期 {report.lapsed} 人，"
                      f"本次新标记暂停发放 {len(report.flagged)} 人（已提交审批），此前已标记 {report.already} 人，"
                      f"无认证记录 {report.never} 人")
                for f in report.flagged:
                    print(f"  {f['id_masked']}	分局 {f['office']}	有效期至 {f['valid_until']}	"
                          f"缺认证 {f['missed_months']} 个月	审批申请 {f['request_id']}")
                for u in report.unconfirmed:
                    print(f"注意：参数“{u['name']}”{u['value']}{u['unit']} 尚未确认，请核实（{u['source']}"
                          + (f"；{u['note']}" if u["note"] else "") + "）")
            return 0
        if args.cert_command == "suspend":
            out = c.suspend_for_prison(s, args.id, args.note, today)
            if args.json:
                print(json.dumps(out, ensure_ascii=False))
            else:
                print(f"已提交暂停发放审批（服刑）：{out['id_masked']}，审批申请 {out['request_id']}；"
                      "恢复发放时不补发服刑期间待遇")
            return 0
        if args.cert_command == "suspensions":
            rows = c.suspensions(s, state=args.state)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for r in rows:
                    back = f"补发 {len(r['back_pay_months'])} 个月" if r["back_pay_months"] else "无补发"
                    since = f"自 {r['effective_on']} 起暂停" if r["effective_on"] else "未生效"
                    print(f"{r['id_masked']}	分局 {r['office']}	{r['reason_name']}	{r['state_name']}	{since}	{back}")
                if not rows:
                    print("（无）")
            return 0
        # reminders
        if not args.csv and not args.json:
            return _fail("请用 --csv 文件 指定导出文件（供短信平台使用），或用 --json 查看（证件号码已遮盖）", args)
        items = c.reminders(s, today, days=args.days, office=args.office)
        days = args.days if args.days is not None else c.parameters(s, today)[1]
        export = None
        if args.csv:
            try:
                export = c.write_reminders_csv(s, items, args.csv, actor=args.by, office=args.office, days=days,
                                               force=args.force)
            except OutputExists as exc:
                return _fail(str(exc), args)
            except OSError as exc:
                return _fail(f"无法写入文件 {args.csv}：{file_problem(exc, writing=True)}", args)
        if args.json:
            print(json.dumps({"today": today.isoformat(), "days": days, "office": args.office, "count": len(items),
                              "csv": export.path if export else None, "items": [r.masked() for r in items]},
                             ensure_ascii=False))
        else:
            print(f"{days} 天内资格认证到期的退休人员 {len(items)} 人，已导出到 {export.path if export else ''}"
                  "（仅本人可读，已记录导出）")
        return 0
    except c.CertificationError as exc:
        return _fail(str(exc), args)
    finally:
        s.close()
        engine.dispose()
def cmd_results(args) -> int:
    """``results feedback``: 办理结果反馈 (6.4.1.1.1.3) — the due cases, exported for the SMS platform
    (``--csv``), or one told by other means (``--told``); counter_central.result_feedback."""
    from counter_central import result_feedback as rf
    from counter_central.audit import operator
    from counter_central.db import Office
    from counter_protocol.private_files import OutputExists

    if args.told and args.csv:
        return _error(args, "参数错误：--told 与 --csv 不能同时使用", 2)
    engine, s = _session(args.db)
    try:
        if args.office and s.get(Office, args.office) is None:
            return _error(args, f"失败：没有分局 {args.office}", 2)
        by = args.by or operator()
        if args.told:
            d = rf.told(s, args.told, actor=by, note=args.note or "", office=args.office)
            if args.json:
                print(json.dumps({"told": d.masked()}, ensure_ascii=False))
            else:
                print(f"已记录：办件 {d.case_no} 的办理结果已另行告知服务对象")
            return 0
        items = rf.due(s, office=args.office)
        export = None
        if args.csv:
            try:
                export = rf.export_csv(s, items, args.csv, actor=by, office=args.office, force=args.force)
            except OutputExists as exc:
                return _fail(str(exc), args)
            except OSError as exc:
                return _fail(f"无法写入文件 {args.csv}：{file_problem(exc, writing=True)}", args)
        no_mobile = [d for d in items if not d.mobile]
        if args.json:
            print(json.dumps({"count": len(items), "exported": export.rows if export else 0,
                              "csv": export.path if export else None,
                              "items": [d.masked() for d in items]}, ensure_ascii=False))
            return 0
        if export:
            print(f"办理结果短信反馈 {export.rows} 件，已导出到 {export.path}（仅本人可读，已记录导出，不会重复导出）")
        else:
            print(f"待反馈办理结果 {len(items)} 件，其中留有手机号码 {len(items) - len(no_mobile)} 件"
                  "（用 --csv 文件 导出供短信平台发送）")
        for d in no_mobile:
            print(f"  未留手机号码，须另行告知：办件 {d.case_no}	分局 {d.office_code}"
                  "（告知后用 --told 办件编号 --note 说明 记录）")
        return 0
    except rf.ResultFeedbackError as exc:
        s.rollback()
        return _fail(str(exc), args)
    finally:
        s.close()
        engine.dispose()


def cmd_approvals(args) -> int:
    """``approvals expire``: mark the pending requests past ``pending_expiry_hours`` expired."""
    from counter_central.approvals import expire_due, expiry_hours
    from counter_central.audit import operator

    engine, s = _session(args.db)
    try:
        hours = expiry_hours(s)
        rows = expire_due(s, office_code=args.office, by=operator())
        out = [{"id": r.id, "office_code": r.office_code, "action": r.action, "case_no": r.case_no,
                "made_at": r.made_at.isoformat(timespec="seconds"), "state": r.state} for r in rows]
        s.commit()
    except Exception as exc:  # the database is not reachable: said in Chinese, no traceback
        return _error(args, f"失败：无法处理过期的审批申请：{type(exc).__name__}", 1)
    finally:
        s.close()
        engine.dispose()
    if args.json:
        print(json.dumps({"expiry_hours": None if hours is None else str(hours), "expired": out}, ensure_ascii=False))
    elif hours is None:
        print("分级授权表未设定待审批申请的过期时限（pending_expiry_hours），没有申请过期")
    else:
        for r in out:
            print(f"已过期：{r['id']}\t分局 {r['office_code']}\t{r['action']}\t办件 {r['case_no'] or '-'}\t提出于 {r['made_at']}")
        print(f"共 {len(out)} 件待审批申请超过 {hours} 小时未审批，已标记为过期")
    return 0


# the columns of ``evaluation report`` (text and CSV): field of counter_protocol.evaluation.EvaluationRow → heading
EVALUATION_COLUMNS = {"accepted": "受理", "finished": "办结", "timed": "有办理时限的办结", "on_time": "按时办结",
                      "on_time_rate": "按时办结率%", "decisions": "受理审核决定", "returned": "退回",
                      "return_rate": "退回率%", "ratings": "评价数", "satisfied": "满意",
                      "satisfaction_rate": "满意率%", "rating_avg": "平均分", "dissatisfied": "差评",
                      "tickets_opened": "差评工单新开", "tickets_closed": "差评工单办结",
                      "tickets_closed_on_time": "差评工单按期办结"}
EVALUATION_GROUPS = {"service": "事项", "clerk": "经办人", "office": "分局"}


def _evaluation_period(args):
    """The period of ``evaluation report``: ``--month``, or ``--from`` and ``--to``."""
    from datetime import date

    from counter_protocol import evaluation as ev

    if args.month:
        if args.from_day or args.to_day:
            raise ev.PeriodError("--month 与 --from/--to 只能选一种")
        return ev.month_period(args.month)
    if not (args.from_day and args.to_day):
        raise ev.PeriodError("请用 --from 与 --to（YYYY-MM-DD，含首尾两日）或 --month YYYY-MM 指定评价期间")
    days = []
    for text in (args.from_day, args.to_day):
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            raise ev.PeriodError(f"日期“{text}”无效，应为 YYYY-MM-DD") from None
    return ev.checked_period(days[0], days[1])


def _evaluation_cell(value) -> str:
    return "—" if value is None else str(value)


def cmd_evaluation(args) -> int:
    """``evaluation report``: the 定期服务质量评价 of a period (counter_central.evaluation.report)."""
    from counter_central import evaluation
    from counter_central.db import Office
    from counter_protocol import evaluation as ev
    from counter_protocol.private_files import OutputExists, csv_bytes, write_private_file

    try:
        period = _evaluation_period(args)
    except ev.PeriodError as exc:
        return _error(args, f"参数错误：{exc}", 2)
    engine, s = _session(args.db)
    try:
        if args.office and s.get(Office, args.office) is None:
            return _error(args, f"失败：没有分局 {args.office}", 2)
        out = evaluation.report(s, period, args.by, office=args.office or "")
    finally:
        s.close()
        engine.dispose()
    rows = [*out.rows, out.total]
    if args.csv:
        data = csv_bytes([EVALUATION_GROUPS[args.by], "名称", *EVALUATION_COLUMNS.values()],
                         ([r.key or "合计", r.label, *("" if (v := getattr(r, f)) is None else v for f in EVALUATION_COLUMNS)]
                          for r in rows))
        try:   # never over a file that is there without --force
            write_private_file(args.csv, data, force=args.force)
        except OutputExists as exc:
            return _error(args, f"失败：{exc}", 1)
        except OSError as exc:
            return _error(args, f"失败：无法写入文件 {args.csv}：{file_problem(exc, writing=True)}", 1)
    if args.json:
        print(json.dumps(out.model_dump(mode="json"), ensure_ascii=False))
        return 0
    where = f"分局 {args.office}" if args.office else "全部分局"
    print(f"定期服务质量评价 {out.from_day} 至 {out.to_day}（北京时间，含首尾两日；{where}，按{EVALUATION_GROUPS[args.by]}；"
          f"工作站 {out.workstations} 个）")
    print("\t".join([EVALUATION_GROUPS[args.by], *EVALUATION_COLUMNS.values()]))
    for r in rows:
        name = "合计" if r is out.total else (f"{r.key} {r.label}" if r.label and r.label != r.key else r.key)
        print("\t".join([name, *(_evaluation_cell(getattr(r, f)) for f in EVALUATION_COLUMNS)]))
    if not out.rows:
        print("（期间内没有办件、评价或差评工单）")
    print(f"满意：评价 {out.satisfied_min} 分（基本满意）及以上；差评：{out.dissatisfied_max} 分（不满意）及以下。"
          "按时办结：办结日不晚于按办理时限（工作日）计算的到期日。")
    if not out.calendar_covers_period:
        print("注意：节假日日历未覆盖该期间的全部年份，工作日按周一至周五计算")
    if args.csv:
        print(f"已导出到 {args.csv}")
    return 0


def cmd_openapi(args) -> int:
    from counter_central.app import openapi_document

    text = json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            return _error(args, f"无法写入 {args.out}：{file_problem(exc, writing=True)}", 1)
    return 0


def _usage(parser: argparse.ArgumentParser) -> int:
    """A group given without its action: its help, exit status 2."""
    parser.print_help()
    return 2


def cmd_field_request(args) -> int:
    """``counter-central field request ID_NUMBER --office CODE``: request a home visit (上门认证)."""
    from counter_protocol.identifiers import check_id
    from counter_rules.masking import mask_id

    id_number = args.id_number.strip().upper()
    if not check_id(id_number).valid:
        return _error(args, f"证件号码无效：{mask_id(id_number)}", 2)
    engine = _existing_centre(args.db)     # a typo in --db: said, never a new empty centre
    try:
        return _field_request(args, engine, id_number)
    finally:
        engine.dispose()


def cmd_field_keys(args) -> int:
    """``counter-central field keys WORKSTATION``: the signing keys a field laptop registered."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.db import FieldKey
    from counter_central.field import new_key_held

    engine = _existing_centre(args.db)
    try:
        with Session(engine) as s:
            rows = [{"workstation_id": r.workstation_id, "key_id": r.key_id, "registered_by": r.registered_by,
                     "registered_at": r.registered_at.isoformat(timespec="seconds") + "Z",
                     "revoked_at": r.revoked_at.isoformat(timespec="seconds") + "Z" if r.revoked_at else None}
                    for r in s.scalars(select(FieldKey).where(FieldKey.workstation_id == args.workstation)
                                       .order_by(FieldKey.registered_at))]
            held = new_key_held(s, args.workstation)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['key_id']}\t{r['registered_at']}\t{r['registered_by']}\t{'已停用 ' + r['revoked_at'] if r['revoked_at'] else '有效'}")
        if held is not None:
            print(f"新的签名密钥须经准许后才能登记（自 {held.isoformat(timespec='seconds')}Z 起；"
                  f"counter-central field allow-new-key {args.workstation} --by 系统管理员 --reason 原因）")
    return 0


def cmd_field_revoke_key(args) -> int:
    """``counter-central field revoke-key WORKSTATION KEY_ID``: take a laptop's key out of use."""
    from sqlalchemy.orm import Session

    from counter_central.audit import operator
    from counter_central.field import revoke_key

    engine = _existing_centre(args.db)
    try:
        with Session(engine) as s:
            if not revoke_key(s, args.workstation, args.key_id, args.by or operator()):
                return _error(args, f"工作站 {args.workstation} 没有登记签名密钥 {args.key_id}", 1)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"workstation_id": args.workstation, "key_id": args.key_id, "revoked": True}))
    else:
        print(f"已停用工作站 {args.workstation} 的签名密钥 {args.key_id}：用它封存的上门认证记录今后一律拒收；"
              "该工作站上的登录已全部注销，笔记本电脑的新密钥须经准许后才能登记"
              f"（counter-central field allow-new-key {args.workstation} --by 系统管理员 --reason 原因）")
    return 0


def cmd_field_allow_new_key(args) -> int:
    """``counter-central field allow-new-key WORKSTATION --by ADMIN --reason TEXT``: IT allows a
    laptop whose key was revoked to register a new one (audited, with the host's operating-system
    account that ran it). ``--by`` is not taken on trust: an active administrator of the
    workstation's office — else refused in Chinese, exit 1, nothing committed."""
    from counter_central.field import KeyAdminError, allow_new_key

    failed, _ = _named_act(args, KeyAdminError, lambda s, cli_user: allow_new_key(
        s, args.workstation, by=args.by, reason=args.reason, cli_user=cli_user))
    if failed is not None:
        return failed
    if args.json:
        print(json.dumps({"workstation_id": args.workstation, "allowed_by": args.by, "allowed": True}, ensure_ascii=False))
    else:
        print(f"已准许工作站 {args.workstation} 登记新的签名密钥：请系统管理员在笔记本电脑上登录后生成新密钥"
              "（counter-app field new-key --yes），外勤人员联网登录后重新拉取名单")
    return 0


def _named_act(args, refused_as: type[Exception], act) -> tuple[int | None, Any]:
    """``act(session, cli_user)`` on the centre at ``--db``: an action the command line does in the
    name of ``--by`` (checked by ``act``, never taken on trust), with the host's operating-system
    account that ran it. (None, what ``act`` gave), or (the exit code, None) when it refused —
    ``refused_as``, said in Chinese — and nothing of it is committed."""
    from sqlalchemy.orm import Session

    from counter_central.audit import operator

    engine = _existing_centre(args.db)
    try:
        with Session(engine) as s:
            try:
                return None, act(s, operator().removeprefix("命令行:"))
            except refused_as as exc:
                s.rollback()                # nothing of a refused command is committed
                return _fail(str(exc), args), None
    finally:
        engine.dispose()


def _recorded_read(args, read, *, action: str, object_type: str, detail) -> list:
    """The rows ``read(session)`` gives of the centre at ``--db``, the read audited in the same
    transaction (by ``--by`` or the system user; object: ``--office`` or 全部; ``detail(len(rows))``)."""
    from sqlalchemy.orm import Session

    from counter_central.audit import operator, record_centre

    engine = _existing_centre(args.db)
    try:
        with Session(engine) as s:
            rows = read(s)
            record_centre(s, actor=args.by or operator(), action=action, object_type=object_type,
                          object_id=args.office or "全部", detail=detail(len(rows)))
            s.commit()
    finally:
        engine.dispose()
    return rows


def cmd_field_deaths(args) -> int:
    """``counter-central field deaths``: the persons a home visit reported dead (masked), with the
    suspension raised and any conflicting certification."""
    from counter_central.certification import death_reports

    rows = _recorded_read(args, lambda s: death_reports(s, office=args.office, all_states=args.all),
                          action="field.death_reports", object_type="field_death_report",
                          detail=lambda n: f"查看上门认证死亡报告 {n} 条（证件号码遮盖）")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        susp = f"{r['suspension_reason']}：{r['suspension_state']}" if r["suspension_state"] else "未提出暂停发放"
        print(f"{r['id']}	{r['id_masked']}	分局 {r['office']}	上门 {r['visited_at']}（{'、'.join(r['staff'])}）	"
              f"{r['state_name']}	{susp}" + ("	【有矛盾，须核实】" if r["conflict"] else ""))
        for c in r["conflicts"]:
            print(f"    矛盾：{c}")
    if not rows:
        print("（无）")
    return 0


def cmd_cases_duplicates(args) -> int:
    """``counter-central cases duplicates [--office X] [--all] [--json]``: the 重复受理 the centre
    found (two cases of one 参保人 and service in hand at once, counter_central.samecase) — case
    numbers, offices, workstations, states, when; no personal data. Audited."""
    from counter_central.samecase import duplicates

    rows = _recorded_read(args, lambda s: duplicates(s, office=args.office, all_states=args.all),
                          action="case.duplicates", object_type="case_duplicate",
                          detail=lambda n: f"查看重复受理 {n} 条")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        a, b = r["case"], r["other_case"]
        state = f"已解除（{r['resolved_at']}）" if r["resolved_at"] else "未解除"
        print(f"{r['found_at']}\t事项 {r['service_code']}\t{a['case_no']}（分局 {a['office_code']}，工作站 "
              f"{a['workstation_id']}，{a['state_name']}）\t与 {b['case_no']}（分局 {b['office_code']}，工作站 "
              f"{b['workstation_id']}，{b['state_name']}）\t{state}")
    if not rows:
        print("（无）")
    return 0


# what _key_command says and audits of one of the centre's versioned key files (counter_central.key_file):
# str.format templates (version, key_file, done: what a retirement returned — in --json under done_name —, rows …)
_KeyTexts = namedtuple("_KeyTexts", "rotate_action retire_action object_type rotate_detail retire_detail done_name "
                                    "rotated retired per_version missing")

_PERSON_KEY = _KeyTexts(
    "case.person_key_rotate", "case.person_key_retire", "person_key",
    "新增人员索引密钥版本 {version}（此后的索引用它生成）",
    "停用人员索引密钥版本 {version}，删除该密钥；遗忘其不在办办件的索引 {done} 条", "forgotten",
    "已新增人员索引密钥版本 {version}：此后的索引用它生成，查重时各版本都查。请立即备份密钥文件 {key_file}",
    "已停用人员索引密钥版本 {version}（遗忘不在办办件的索引 {done} 条）。请备份密钥文件 {key_file}",
    "索引 {rows} 条，其中在办 {blocking_rows} 条", "索引 {rows} 条：查不到，待这些办件有新的状态变更时重新生成")
_ENTRY_KEY = _KeyTexts(
    "entry.key_rotate", "entry.key_retire", "entry_key",
    "新增业务记录加密密钥版本 {version}（此后收到的记录用它加密）",
    "停用业务记录加密密钥版本 {version}，删除该密钥；{done} 条记录已改用最新版本加密", "resealed",
    "已新增业务记录加密密钥版本 {version}：此后收到的记录用它加密，旧记录仍用原版本解密。请立即备份密钥文件 {key_file}",
    "已停用业务记录加密密钥版本 {version}（{done} 条记录已改用最新版本加密）。请备份密钥文件 {key_file}",
    "记录 {rows} 条，发布的变更 {changes} 条", "记录 {rows} 条、发布的变更 {changes} 条：无法读取，请恢复原密钥文件")


def _key_command(args, keys, error: type[Exception], texts: _KeyTexts, passes: dict | None = None) -> int:
    """``rotate | status | retire VERSION [--json]`` of a versioned key file (``keys``: the module,
    counter_central.samecase or .entry_key, with key_status, rotate_key and retire_key; ``error``
    its refusal) — an IT command on the centre's host: rotate and retire (and a refused retire)
    audited under the operating-system account. ``passes``: options of key_status and retire_key
    for their passes over every row (the entry key's ``progress``)."""
    from sqlalchemy.orm import Session

    from counter_central.audit import operator, record_centre

    passes = passes or {}

    engine = _existing_centre(args.db)
    try:
        with Session(engine) as s:
            try:
                if args.key_command == "status":
                    out = keys.key_status(s, **passes)
                elif args.key_command == "rotate":
                    version = keys.rotate_key()
                    record_centre(s, actor=operator(), action=texts.rotate_action, object_type=texts.object_type,
                                  object_id=str(version), detail=texts.rotate_detail.format(version=version))
                    s.commit()
                    out = keys.key_status(s, scan=False)      # (the rows are opened by status, when asked)
                else:
                    # (entry-key only) the rows that do not open set aside, as the person running it decided
                    options = {"set_aside_by": operator()} if getattr(args, "set_aside_unreadable", False) else {}
                    done = keys.retire_key(s, args.version, **options, **passes)
                    record_centre(s, actor=operator(), action=texts.retire_action, object_type=texts.object_type,
                                  object_id=str(args.version), detail=texts.retire_detail.format(version=args.version, done=done))
                    s.commit()
                    out = {**keys.key_status(s, scan=False), "retired": args.version, texts.done_name: done}
                    if options:
                        out["set_aside_rows"] = keys.set_aside_rows(s, args.version)
            except error as exc:
                s.rollback()
                if args.key_command == "retire":
                    _record_refusal(s, (texts.retire_action, texts.object_type, str(args.version)), str(exc))
                return _fail(str(exc), args)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    from counter_protocol.clock import beijing_text

    if args.key_command == "rotate":
        print(texts.rotated.format(version=out["newest"], key_file=out["key_file"]))
    elif args.key_command == "retire":
        print(texts.retired.format(version=args.version, key_file=out["key_file"], done=out[texts.done_name]))
        for r in out.get("set_aside_rows", []):
            print(f"已移出（原样保留）：{_row_named(r)}，{beijing_text(r['set_aside_at'])} 由 {r['set_aside_by']} 移出")
    print(f"密钥文件：{out['key_file']}")
    for v in out["versions"]:
        print(f"版本 {v['version']}{'（最新）' if v['newest'] else ''}\t{texts.per_version.format(**v)}")
        _print_unreadable(v)
    for v in out["missing"]:
        print(f"版本 {v['version']}（密钥文件中已没有）\t{texts.missing.format(**v)}")
    for v in out.get("set_aside", []):
        waiting = (f"；其中业务记录 {v['received']} 条待原工作站下次同步时重新发送原内容后恢复（业务不重复办理）"
                   if v.get("received") else "")
        print(f"版本 {v['version']}\t已移出的无法解开的记录 {v['rows']} 条（set_aside_payloads，原样保留）{waiting}")
    return 0


def _row_named(r: dict) -> str:
    """「业务记录 ID（种类，收到于 …）」/「发布的变更 N（…）」 of a row of entry_key.unreadable_rows."""
    from counter_protocol.clock import beijing_text

    return (f"{'业务记录' if r['table'] == 'received_entries' else '发布的变更'} {r['id']}（{r['kind']}，"
            f"{'收到于' if r['table'] == 'received_entries' else '发布于'} {beijing_text(r['at'])}）")


def _print_unreadable(v: dict) -> None:
    """The rows of a key version that do not open (entry-key status), and what to do; a key the
    stored key check value says is not the version's (entry_key.key_check)."""
    rows = v.get("unreadable") or []
    if v.get("key_check") == "differs":
        print("    密钥校验值不符：密钥文件中该版本的密钥不是加密时的那一个（数据库记录的校验值是另一个密钥的），请恢复原密钥文件"
              + (f"；该版本的 {len(rows)} 条记录无法解开" if rows else ""))
        return
    if not rows:
        return
    if v.get("opens_none"):
        print(f"    该版本的 {len(rows)} 条记录一条也解不开：密钥文件可能不是加密时的那一个，请恢复原密钥文件")
        return
    print(f"    其中 {len(rows)} 条无法解开（数据库被改动过）：")
    for r in rows:
        print(f"    无法解开：{_row_named(r)}")
    print(f"    核实后可执行 counter-central entry-key retire {v['version']} --set-aside-unreadable 把它们原样移出"
          "（保留密文，逐条记入审计）" if not v["newest"] else "    （最新版本：轮换出新版本后才能停用它并移出这些记录）")


def _add_key_parser(parent, name: str, func, helps: tuple[str, str, str, str], *, set_aside: bool = False):
    """``NAME rotate | status | retire VERSION [--db URL] [--json]`` (:func:`_key_command`); ``helps``:
    the command's, then each action's; ``set_aside``: retire takes ``--set-aside-unreadable``
    (the entry key: counter_central.entry_key.set_aside_unreadable). Returns the actions' parsers
    (another action may be added)."""
    actions = parent.add_parser(name, help=helps[0]).add_subparsers(dest="key_command", metavar="ACTION", required=True)
    for action, text in zip(("rotate", "status", "retire"), helps[1:], strict=True):
        p_ = actions.add_parser(action, help=text)
        if action == "retire":
            p_.add_argument("version", type=positive_int, metavar="VERSION", help="密钥版本号（见 status）")
            if set_aside:
                p_.add_argument("--set-aside-unreadable", action="store_true",
                                help=("把该版本下无法解开的记录（数据库被改动过，见 status）原样移出到 set_aside_payloads"
                                      "（保留密文与版本号，记录操作人、时间与原因，逐条记入审计），再停用该版本"))
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
        p_.set_defaults(func=func)
    return actions


def cmd_cases_person_key(args) -> int:
    """``counter-central cases person-key rotate | status | retire VERSION [--json]``: the versions
    of the centre's person key (counter_central.samecase.KeyRing) — an IT command on the centre's
    host (no supervisor; rotate and retire audited under the operating-system account)."""
    from counter_central import samecase

    return _key_command(args, samecase, samecase.PersonKeyError, _PERSON_KEY)


def cmd_entry_key(args) -> int:
    """``counter-central entry-key rotate | status | retire VERSION [--json]``: the versions of the
    centre's entry key (counter_central.entry_key: the received entries' payloads sealed at rest) —
    an IT command on the centre's host (rotate and retire audited under the operating-system account)."""
    from counter_central import entry_key

    return _key_command(args, entry_key, entry_key.EntryKeyError, _ENTRY_KEY, {"progress": PassProgress()})


class PassProgress:
    """A line on stderr, at most every ``every`` seconds, while a pass over every row of a key
    version runs (entry_key.Progress): ``entry-key status`` and ``retire`` open every row, which on a
    centre of some years takes minutes. stdout (``--json``) is left alone."""

    EVERY_SECONDS = 5.0

    def __init__(self, every: float | None = None):
        import time

        self.every, self._clock = self.EVERY_SECONDS if every is None else every, time.monotonic
        self.last = self._clock()

    def __call__(self, what: str, done: int, total: int) -> None:
        now = self._clock()
        if now - self.last >= self.every:
            self.last = now
            print(f"正在{what}：已处理 {done:,} / {total:,} 条…", file=sys.stderr, flush=True)


def cmd_entry_key_forget_check(args) -> int:
    """``counter-central entry-key forget-check VERSION [--json]``: forget the stored key check value
    of a version nothing is sealed under (entry_key.forget_check), when its key file was lost — the
    start refuses every other file for that version until then. Audited under the operating-system
    account, a refusal too; refused in Chinese (exit 1, nothing changed) while rows need the key or
    another process of the centre is connected."""
    from sqlalchemy.orm import Session

    from counter_central import entry_key
    from counter_central.audit import operator, record_centre

    what = ("entry.key_check_forget", "entry_key", str(args.version))
    engine = _existing_centre(args.db, ready=False)
    lock = None
    try:
        with Session(engine) as s:
            try:
                # on SQLite a running service holds the file's serve lock (no connection list to
                # look at, as on PostgreSQL): held here too, so none starts meanwhile
                lock = _serve_not_running(args.db, args.version)
                forgotten = entry_key.forget_check(s, args.version)
                record_centre(s, actor=operator(), action=what[0], object_type=what[1], object_id=what[2],
                              detail=f"清除版本 {args.version} 的记录加密密钥校验值 {forgotten}（该版本未加密任何记录；原密钥文件丢失）")
                s.commit()
            except entry_key.EntryKeyError as exc:
                s.rollback()
                _record_refusal(s, what, str(exc))
                return _fail(str(exc), args)
    finally:
        engine.dispose()
        if lock is not None:
            lock.close()
    if args.json:
        print(json.dumps({"version": args.version, "forgotten": forgotten}, ensure_ascii=False))
        return 0
    print(f"已清除版本 {args.version} 的记录加密密钥校验值（{forgotten}）：数据库中没有由该版本加密的记录。"
          "下次启动中心服务时记录现有密钥文件的校验值；启动后请立即备份密钥文件")
    return 0


def _serve_not_running(db_url: str, version: int):
    """For ``forget-check`` on a SQLite file: the file's serve lock, taken (the open file; None
    when not SQLite or without such locks); :class:`EntryKeyError` in Chinese while a ``serve``
    holds it — it keeps the check value it found, and would go on sealing under the original key."""
    from counter_central.entry_key import EntryKeyError

    from counter_central.db import sqlite_file

    db_file = sqlite_file(db_url)
    if db_file is None:
        return None
    db_file = db_file.resolve()
    not_done = f"未清除版本 {version} 的密钥校验值"
    try:
        fh, holder = _take_serve_lock(db_file, create=False)
    except OSError as exc:
        raise EntryKeyError(f"无法打开锁文件 {db_file}.serve.lock，不能确认中心服务已停止：{file_problem(exc)}；{not_done}") from None
    if fh is None and holder is not None:
        raise EntryKeyError(f"中心服务{f'（{holder}）' if holder else ''}仍在使用数据库文件 {db_file}：请先停止中心服务再执行；"
                            f"{not_done}")
    return fh


def cmd_field_clear_death(args) -> int:
    """``counter-central field clear-death REPORT_ID --by SUPERVISOR --reason TEXT``: a supervisor
    clears a wrong death report (audited, with the host's operating-system account that ran it).
    ``--by`` is not taken on trust: an account of the report's office, active, whose roles may
    clear death reports (counter_protocol.roles), not one of the visit's staff — else refused in
    Chinese, exit 1, nothing committed."""
    from counter_central.certification import CertificationError, clear_death_report

    failed, out = _named_act(args, CertificationError, lambda s, cli_user: clear_death_report(
        s, args.report_id, by=args.by, reason=args.reason, cli_user=cli_user))
    if failed is not None:
        return failed
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"已撤销死亡报告 {out['id']}（{out['id_masked']}）"
              + ("；暂停发放申请已撤回" if out["suspension_withdrawn"] else "")
              + ("；暂停发放已生效，须重新认证并经审批后恢复发放" if out["still_suspended"] else ""))
    return 0


def _field_request(args, engine, id_number: str) -> int:
    from sqlalchemy.orm import Session

    from counter_central.db import Office
    from counter_central.field import request_model, request_visit
    from counter_central.core import ServiceError
    from counter_rules.masking import mask_id

    with Session(engine) as s:
        if s.get(Office, args.office) is None:
            return _error(args, f"没有分局 {args.office}", 2)
        try:
            row = request_visit(s, id_number, args.office, args.by or "centre-cli", args.reason or "")
        except ServiceError as exc:
            return _error(args, f"申请失败：{exc.detail}（{mask_id(id_number)}）", 1)
        out = request_model(row)
    if args.json:
        print(out.model_dump_json())
    else:
        print(f"已登记上门认证申请 {out.id}：{mask_id(id_number)}，{out.office_code}，状态 {'待上门' if out.state == 'open' else '已完成'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = ZhArgumentParser(prog="counter-central", description="柜面客户端的参考中心服务")
    parser.add_argument("--version", action=VersionAction, program="counter-central")   # the release and the build
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser("serve", help="启动中心服务")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8765, help="监听端口（1–65535，默认 8765）")
    serve.add_argument("--db", default=None, help="数据库 URL：postgresql+psycopg://… 或 sqlite:///路径")
    serve.add_argument("--seed-demo", action="store_true", help="启动前写入演示分局、账号与参考数据")
    serve.add_argument("--demo", action="store_true",
                       help="演示模式：未登记的工作站登录时登记到该用户的分局（否则拒绝登录）")
    # (a default from the environment is a string that the type checks like a typed value)
    serve.add_argument("--max-body-bytes", type=positive_int,
                       default=os.environ.get("COUNTER_CENTRAL_MAX_BODY_BYTES") or 2 * 1024 * 1024,
                       help="请求内容上限（字节，默认 2 MB；超出答 413）")
    serve.add_argument("--max-json-depth", type=positive_int, default=os.environ.get("COUNTER_CENTRAL_MAX_JSON_DEPTH") or 32,
                       help="JSON 嵌套层数上限（默认 32；超出答 422）")
    serve.add_argument("--require-totp", action="store_true",
                       help="科长、管理员必须使用动态验证码（非演示模式下始终如此）")
    serve.add_argument("--lockout-after", type=positive_int, default=5, help="连续密码错误多少次锁定账号（默认 5）")
    serve.add_argument("--lockout-minutes", type=positive_float, default=15.0, help="锁定多少分钟（默认 15）")
    serve.add_argument("--log-level", default="warning", help="日志级别（JSON 行写到标准错误）：info 时每个请求一行")
    serve.add_argument("--workers", type=positive_int, default=1,
                       help="工作进程数（仅 PostgreSQL；SQLite 固定为 1）")
    serve.add_argument("--pool-size", type=positive_int, default=None,
                       help="每个工作进程保持的 PostgreSQL 连接数（突发时可再加同样多），默认 8")
    serve.add_argument("--max-inflight", type=positive_int, default=512,
                       help="每个工作进程同时持有的请求上限；超过即答 503 + Retry-After")
    serve.add_argument("--max-queue-seconds", type=positive_float, default=5.0,
                       help="按近两秒的处理速度估算，手上的请求超过这么多秒才能处理完时，新请求即答 503")
    serve.add_argument("--retry-after", type=positive_int, default=1, help="503 答复中的 Retry-After 秒数")
    serve.add_argument("--threads", type=positive_int, default=4,
                       help="每个工作进程同时处理数据库等阻塞工作的线程数（默认 4）；其余请求排队等候，仍计入上限")
    serve.add_argument("--essc-adapter", default=None, metavar="MODULE:FACTORY",
                       help="电子社保卡平台适配器（默认参考中心自签发的测试码；也可用环境变量 COUNTER_CENTRAL_ESSC_ADAPTER）")
    serve.set_defaults(func=cmd_serve)
    seed = sub.add_parser("seed", help="写入【演示数据】：演示分局、公开密码的演示账号、虚构的参保档案与参考数据（正式中心不要运行）")
    seed.add_argument("--db", default=None)
    seed.add_argument("--demo", action="store_true",
                      help="确认在 PostgreSQL 数据库上写入演示数据（培训、测试环境；正式中心不要这样做）")
    seed.add_argument("--json", action="store_true")
    seed.set_defaults(func=cmd_seed)
    mig = sub.add_parser("migrate", help="把数据库升级到最新结构（安装包升级时自动运行，之前先备份）")
    mig.add_argument("--db", default=None)
    mig.add_argument("--backup-dir", default=None,
                     help="嵌入式（SQLite）数据库升级前的备份放在哪个目录（默认与数据库文件同一目录）")
    mig.set_defaults(func=cmd_migrate)

    imp = sub.add_parser("import", help="导入客户端导出的待同步队列文件（counter-app queue export）")
    imp.add_argument("file")
    imp.add_argument("--db", default=None)
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--key-file", type=Path, default=None, help="中心导出私钥（缺省为配置目录下的 export-key.pem）")
    imp.set_defaults(func=cmd_import)
    ek = sub.add_parser("export-key", help="导出文件加密：中心的导出密钥（工作站用其公钥加密待同步队列导出文件）")
    eksub = ek.add_subparsers(dest="export_key_command", metavar="SUBCOMMAND")
    ek_show = eksub.add_parser("show", help="显示中心导出公钥（首次执行时生成密钥对，私钥 0600 保存在配置目录）")
    ek_show.add_argument("--key-file", type=Path, default=None)
    ek_show.add_argument("--json", action="store_true")
    ek_show.set_defaults(func=cmd_export_key_show)
    def _export_key_help(_args) -> int:
        ek.print_help()
        return 2

    ek.set_defaults(func=_export_key_help)
    es = sub.add_parser("essc", help="电子社保卡：签发参考中心的测试二维码")
    esub = es.add_subparsers(dest="essc_command", metavar="SUBCOMMAND")
    issue = esub.add_parser("issue", help="为一个社会保障号码签发短时有效的测试二维码内容")
    issue.add_argument("--id", required=True, type=from_stdin("社会保障号码"),
                       help="社会保障号码（公民身份号码）；建议用“-”从标准输入读取（不留在进程列表和命令历史中）")
    issue.add_argument("--name", default="", type=from_stdin("姓名"),
                       help="姓名（核验时随号码返回）；“-”从标准输入读取（与 --id - 同用时按参数顺序各读一行）")
    issue.add_argument("--ttl", type=int, default=120, help="有效秒数（默认 120）")
    issue.add_argument("--db", default=None)
    issue.add_argument("--json", action="store_true")
    issue.set_defaults(func=cmd_essc_issue)
    es.set_defaults(func=lambda args: _usage(es))
    registry = sub.add_parser("registry", help="参保档案（核心业务系统的参考实现）")
    rsub = registry.add_subparsers(dest="registry_command", metavar="ACTION")
    rimp = rsub.add_parser("import", help="导入档案：JSON lines，每行一条参保人或参保单位档案（有误则全部不导入）")
    rimp.add_argument("file", nargs="?", default=None)
    rimp.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    rimp.add_argument("--seed-demo", action="store_true", help="导入演示档案（与导入文件格式相同）")
    rimp.add_argument("--json", action="store_true")
    rimp.set_defaults(func=cmd_registry_import)
    registry.set_defaults(func=lambda a: _usage(registry))


    fld = sub.add_parser("field", help="外勤上门认证：request（登记上门认证申请）/ keys / revoke-key / allow-new-key（笔记本电脑签名密钥）"
                                       " / deaths / clear-death（上门报告已死亡）")
    fsub = fld.add_subparsers(dest="field_command", metavar="ACTION")
    freq = fsub.add_parser("request", help="为无法到窗口认证的退休人员登记上门认证申请")
    freq.add_argument("id_number", metavar="ID_NUMBER", type=from_stdin("证件号码"),
                      help="证件号码；建议用“-”从标准输入读取（不留在进程列表和命令历史中）")
    freq.add_argument("--office", required=True, help="分局代码（如 FT）")
    freq.add_argument("--reason", default="", help="原因（如 行动不便）")
    freq.add_argument("--by", default="", help="申请人用户名（默认 centre-cli）")
    freq.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    freq.add_argument("--json", action="store_true")
    freq.set_defaults(func=cmd_field_request)
    fkeys = fsub.add_parser("keys", help="列出笔记本电脑登记过的签名密钥")
    fkeys.add_argument("workstation", metavar="WORKSTATION")
    fkeys.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    fkeys.add_argument("--json", action="store_true")
    fkeys.set_defaults(func=cmd_field_keys)
    frev = fsub.add_parser("revoke-key", help="停用笔记本电脑的一个签名密钥（遗失或被盗）")
    frev.add_argument("workstation", metavar="WORKSTATION")
    frev.add_argument("key_id", metavar="KEY_ID")
    frev.add_argument("--by", default="", help="操作人（默认当前系统用户）")
    frev.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    frev.add_argument("--json", action="store_true")
    frev.set_defaults(func=cmd_field_revoke_key)
    fallow = fsub.add_parser("allow-new-key",
                             help="准许签名密钥被停用的笔记本电脑登记新密钥（笔记本已找回并经检查；记入审计）")
    fallow.add_argument("workstation", metavar="WORKSTATION")
    fallow.add_argument("--by", required=True, help="准许的系统管理员用户名（该工作站所属分局的在职系统管理员）")
    fallow.add_argument("--reason", required=True, help="准许原因（如 笔记本已找回，经检查无异常）")
    fallow.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    fallow.add_argument("--json", action="store_true")
    fallow.set_defaults(func=cmd_field_allow_new_key)
    fdeaths = fsub.add_parser("deaths", help="列出上门认证报告已死亡的人员（证件号码遮盖）、暂停发放及矛盾的认证记录")
    fdeaths.add_argument("--office", default=None, help="分局代码")
    fdeaths.add_argument("--all", action="store_true", help="包括已撤销的报告")
    fdeaths.add_argument("--by", default="", help="查看人（记入审计；默认当前系统用户）")
    fdeaths.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    fdeaths.add_argument("--json", action="store_true")
    fdeaths.set_defaults(func=cmd_field_deaths)
    fclear = fsub.add_parser("clear-death", help="科长撤销有误的死亡报告（记入审计；已提出未审批的暂停发放一并撤回）")
    fclear.add_argument("report_id", metavar="REPORT_ID")
    fclear.add_argument("--by", required=True, help="撤销的科长用户名（本分局在职科长，不能是上门的工作人员）")
    fclear.add_argument("--reason", required=True, help="撤销原因（如 经核实本人健在）")
    fclear.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    fclear.add_argument("--json", action="store_true")
    fclear.set_defaults(func=cmd_field_clear_death)
    fld.set_defaults(func=lambda a: _usage(fld))

    users = sub.add_parser("users", help="用户管理：add / disable / enable / list / reset-password / set-level / set-staff-no / totp-enrol")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    u_add = usub.add_parser("add", help="新增用户（密码从标准输入读取）")
    u_add.add_argument("name")
    u_add.add_argument("--office", required=True, help="分局代码")
    u_add.add_argument("--role", required=True, help="角色：clerk|supervisor|field|auditor|admin（多个用逗号分隔）")
    u_add.add_argument("--display-name", default="")
    u_add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    u_add.add_argument("--staff-no", default=None,
                       help="工号（该工作人员的工号，不是身份证号码）；与已有账号相同即为同一人的另一个账号")
    u_dis = usub.add_parser("disable", help="停用用户并注销其全部登录")
    u_dis.add_argument("name")
    u_en = usub.add_parser("enable", help="恢复启用已停用的用户（密码不变；需要时再 reset-password）")
    u_en.add_argument("name")
    u_list = usub.add_parser("list", help="列出用户")
    u_reset = usub.add_parser("reset-password", help="重置密码（并解除锁定、注销全部登录）")
    u_reset.add_argument("name")
    u_reset.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    u_totp = usub.add_parser("totp-enrol", help="开通动态验证码（科长、管理员的第二因素），输出身份验证器的密钥")
    u_totp.add_argument("name")
    u_totp.add_argument("--replace", action="store_true",
                        help="已开通时重新开通（原身份验证器失效，全部登录注销；如手机遗失）")
    u_add.add_argument("--level", type=int, default=0, help="科长的审批级别：1 科长，2 中心主任（缺省 0 无）")
    u_lvl = usub.add_parser("set-level", help="设定科长的审批级别（1 科长，2 中心主任，0 取消）")
    u_lvl.add_argument("name")
    u_lvl.add_argument("level", type=int)
    u_staff = usub.add_parser("set-staff-no", help="登记账号所属工作人员的工号（同一人的多个账号登记同一工号）；--clear 清除")
    u_staff.add_argument("name")
    u_staff.add_argument("staff_no", metavar="STAFF_NO", nargs="?", default=None)
    u_staff.add_argument("--clear", action="store_true",
                         help="清除已登记的工号（如登记错了）；未登记工号时，同一分局姓名相同的账号视为同一人")
    for p_ in (u_add, u_dis, u_en, u_list, u_reset, u_totp, u_lvl, u_staff):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
    users.set_defaults(func=cmd_users)
    refp = sub.add_parser("reference", help="参考数据：publish（从文件发布新版本，发布前检查）/ list")
    rsub = refp.add_subparsers(dest="ref_command", metavar="ACTION", required=True)
    r_pub = rsub.add_parser("publish", help="把文件（JSON；政策参数可用 TOML）发布为参考数据的新版本")
    from counter_protocol.reference_names import names_text

    r_pub.add_argument("name", help=f"名称（只能是柜面读取的这几项）：{names_text()}")
    r_pub.add_argument("file")
    r_pub.add_argument("--version", default=None, help="版本号（默认取文件中的 version）")
    r_pub.add_argument("--effective-from", default=None, help="生效日期 YYYY-MM-DD")
    r_list = rsub.add_parser("list", help="列出已发布的参考数据各版本")
    for p_ in (r_pub, r_list):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
    refp.set_defaults(func=cmd_reference)
    ofs = sub.add_parser("offices", help="分局（经办机构）：add / list")
    osub = ofs.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    o_add = osub.add_parser("add", help="登记一个分局")
    o_add.add_argument("code", help="分局代码（大写字母或数字，最多 8 位，如 FT）")
    o_add.add_argument("--name", required=True, help="分局名称（如“福田分局”）")
    o_list = osub.add_parser("list", help="列出分局")
    for p_ in (o_add, o_list):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
    ofs.set_defaults(func=cmd_offices)
    wss = sub.add_parser("workstations", help="工作站登记：add / rename / list / retire")
    wsub = wss.add_subparsers(dest="ws_command", metavar="ACTION", required=True)
    w_add = wsub.add_parser("add", help="把工作站编号登记到一个分局")
    w_add.add_argument("id")
    w_add.add_argument("--office", required=True, help="分局代码")
    w_add.add_argument("--name", default="")
    w_ren = wsub.add_parser("rename", help="修改已登记工作站的名称")
    w_ren.add_argument("id")
    w_ren.add_argument("--name", required=True, help="新名称，如“福田分局 1 号窗口”")
    w_list = wsub.add_parser("list", help="列出工作站")
    w_ret = wsub.add_parser("retire", help="停用工作站并注销其上的全部登录")
    w_ret.add_argument("id")
    w_ret.add_argument("--yes", action="store_true", help="不再询问确认（供脚本用；停用不可撤销）")
    for p_ in (w_add, w_ren, w_list, w_ret):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
    wss.set_defaults(func=cmd_workstations)
    aud = sub.add_parser("audit", help="审计记录：list（某条记录链，默认中心自己的 @centre）/ verify（核验全部记录链）/ reads（档案查询留痕）")
    ausub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    au_list = ausub.add_parser("list", help="列出一条记录链的最近记录（中心的管理操作：@centre；或工作站编号）")
    au_list.add_argument("--chain", default="@centre", help="记录链：@centre（默认）或工作站编号")
    au_list.add_argument("--limit", type=positive_int, default=100, help="最多列出的条数（默认 100）")
    au_ver = ausub.add_parser("verify", help="逐条重算中心保存的全部记录链（SM3 与链接），有问题则退出码 1")
    au_reads = ausub.add_parser("reads", help="参保档案查询留痕：谁在何时查询了谁的档案（证件号码遮盖）")
    au_reads.add_argument("--subject", default="", type=from_stdin("证件号码"),
                          help="被查询人的证件号码，或其遮盖形式（如 440301********1234；按遮盖形式比对）；"
                               "- 从标准输入读取（不留在命令行和历史记录中，推荐）")
    au_reads.add_argument("--unit", action="store_true", help="--subject 是统一社会信用代码")
    au_reads.add_argument("--user", default="", help="查询的账号")
    au_reads.add_argument("--limit", type=positive_int, default=100, help="最多列出的条数（默认 100）")
    for p_ in (au_list, au_ver, au_reads):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--json", action="store_true")
    aud.set_defaults(func=cmd_audit)
    arc = sub.add_parser("archive", help="档案包：列出、核验中心保存的副本")
    asub = arc.add_subparsers(dest="action", metavar="ACTION", required=True)
    a_ver = asub.add_parser("verify", help="核验中心保存的办件档案包（清单、每个部分的 SM3，所有版本）；--all 核验全部")
    a_ver.add_argument("case_number", nargs="?", help="办件编号（如 FT-W01-20260302-0001）")
    a_ver.add_argument("--all", action="store_true", help="核验中心保存的全部档案包")
    a_ver.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    a_ver.add_argument("--json", action="store_true")
    a_ver.set_defaults(func=cmd_archive_verify)
    a_list = asub.add_parser("list", help="列出中心保存的档案包（各办件的最新版本，按档号；不含个人信息）")
    a_list.add_argument("--office", default=None, help="只列出该分局的档案包")
    a_list.add_argument("--year", type=int, default=None, help="只列出该年度的档案包")
    a_list.add_argument("--retention", default=None, help="只列出该保管期限代码的档案包（如 D100、Y）")
    a_list.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    a_list.add_argument("--json", action="store_true")
    a_list.set_defaults(func=cmd_archive_list)
    cert = sub.add_parser("certification", help="资格认证：过期检查（暂停发放）、服刑暂停、到期短信提醒名单")
    csub = cert.add_subparsers(dest="cert_command", metavar="ACTION", required=True)
    c_sweep = csub.add_parser("sweep", help="标记认证已过期的退休人员暂停发放并提交审批（重复运行不重复提交）")
    c_susp = csub.add_parser("suspend", help="因服刑暂停发放（提交审批；恢复时不补发）")
    c_susp.add_argument("id", type=from_stdin("证件号码"),
                        help="证件号码；建议用“-”从标准输入读取（不留在进程列表和命令历史中）")
    c_susp.add_argument("--reason", choices=["prison"], required=True, help="暂停原因：prison（服刑）")
    c_susp.add_argument("--note", required=True, help="依据，如判决书文号")
    c_list = csub.add_parser("suspensions", help="列出暂停发放（证件号码遮盖）")
    c_list.add_argument("--state", default=None)
    c_rem = csub.add_parser("reminders", help="认证即将到期人员名单（6.6.3.2 短信提醒），导出 CSV（权限 0600）")
    c_rem.add_argument("--days", type=non_negative_int, default=None, help="多少天内到期（缺省为参数 certification.roster_window_days）")
    c_rem.add_argument("--office", default=None, help="分局代码")
    c_rem.add_argument("--csv", default=None, metavar="FILE", help="导出文件（含完整证件号码，仅本人可读）")
    c_rem.add_argument("--force", action="store_true", help="导出文件已存在时覆盖（缺省不覆盖）")
    c_rem.add_argument("--by", default=None, help="导出人（记入导出记录；缺省为当前系统用户）")
    for p_ in (c_sweep, c_susp, c_list, c_rem):
        p_.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
        p_.add_argument("--today", default=None, help="按该日期计算（YYYY-MM-DD，缺省今天）")
        p_.add_argument("--json", action="store_true")
    cert.set_defaults(func=cmd_certification)
    res = sub.add_parser("results", help="办理结果反馈：feedback（6.4.1.1.1.3 接续后通过短信反馈服务对象）")
    rsub = res.add_subparsers(dest="results_command", metavar="ACTION", required=True)
    r_fb = rsub.add_parser("feedback", help="待反馈办理结果的办件；--csv 导出供短信平台发送（权限 0600，每件只导出一次）")
    r_fb.add_argument("--office", default=None, help="分局代码")
    r_fb.add_argument("--csv", default=None, metavar="FILE", help="导出文件（含完整手机号码，仅本人可读）")
    r_fb.add_argument("--force", action="store_true", help="导出文件已存在时覆盖（缺省不覆盖）")
    r_fb.add_argument("--told", default=None, metavar="CASE_NO", help="该办件（未留手机号码）已另行告知服务对象")
    r_fb.add_argument("--note", default=None, help="与 --told 同用：如何告知（如：电话告知本人）")
    r_fb.add_argument("--by", default=None, help="操作人（记入记录；缺省为当前系统用户）")
    r_fb.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    r_fb.add_argument("--json", action="store_true")
    res.set_defaults(func=cmd_results)
    cas = sub.add_parser("cases", help="办件：duplicates（中心发现的重复受理：同一参保人同一事项两件同时在办）")
    casub = cas.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    c_dup = casub.add_parser("duplicates", help="列出重复受理（办件编号、分局、工作站、状态、发现时间；不含个人信息）")
    c_dup.add_argument("--office", default=None, help="只列出涉及该分局办件的（分局代码）")
    c_dup.add_argument("--all", action="store_true", help="包括已解除的")
    c_dup.add_argument("--by", default="", help="查看人（记入审计；默认当前系统用户）")
    c_dup.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    c_dup.add_argument("--json", action="store_true")
    c_dup.set_defaults(func=cmd_cases_duplicates)
    _add_key_parser(casub, "person-key", cmd_cases_person_key, (
        "人员索引密钥（重复受理查重用）：rotate 轮换出新版本 / status 各版本及其索引数 / retire VERSION 停用旧版本（信息技术人员在中心主机上执行）",
        "新增一个密钥版本：此后的索引用它生成，查重时各版本都查（之后立即备份密钥文件）",
        "列出密钥版本及各版本生成的索引条数（其中在办办件的条数）", "停用并删除一个旧版本的密钥（仍有在办办件的索引由它生成时拒绝）"))
    entry_actions = _add_key_parser(sub, "entry-key", cmd_entry_key, (
        ("业务记录加密密钥（中心保存的业务记录内容用它加密）：rotate 轮换出新版本 / status 各版本及其记录数 / "
         "retire VERSION 停用旧版本 / forget-check VERSION 清除未加密任何记录的版本的密钥校验值（信息技术人员在中心主机上执行）"),
        "新增一个密钥版本：此后收到的记录用它加密（之后立即备份密钥文件）", "列出密钥版本及各版本加密的记录条数",
        "把一个旧版本加密的记录改用最新版本加密，再删除该旧版本的密钥"), set_aside=True)
    p_forget = entry_actions.add_parser(
        "forget-check", help=("清除一个未加密任何记录的版本的密钥校验值：该版本的密钥文件丢失、中心因「密钥不是加密时的那一个」"
                              "拒绝启动时用（先停止所有中心服务）"))
    p_forget.add_argument("version", type=positive_int, metavar="VERSION", help="密钥版本号（见启动时的提示）")
    p_forget.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    p_forget.add_argument("--json", action="store_true")
    p_forget.set_defaults(func=cmd_entry_key_forget_check)
    apv = sub.add_parser("approvals", help="审批申请：expire（把超过过期时限仍待审批的申请标记为过期）")
    apsub = apv.add_subparsers(dest="approvals_command", metavar="ACTION", required=True)
    a_exp = apsub.add_parser("expire", help="把超过分级授权表 pending_expiry_hours 仍待审批的申请标记为过期")
    a_exp.add_argument("--office", default=None, help="只处理该分局（默认全部）")
    a_exp.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    a_exp.add_argument("--json", action="store_true")
    apv.set_defaults(func=cmd_approvals)
    evl = sub.add_parser("evaluation", help="定期服务质量评价（7.5.2）：report（期间内按事项、经办人或分局的办理与评价情况）")
    evsub = evl.add_subparsers(dest="evaluation_command", metavar="ACTION", required=True)
    e_rep = evsub.add_parser("report", help="期间内（北京时间，含首尾两日）的受理、办结、按时办结率、退回率、"
                                            "服务对象评价（满意率、平均分、差评）与差评工单")
    e_rep.add_argument("--from", dest="from_day", default=None, metavar="YYYY-MM-DD", help="开始日期（含）")
    e_rep.add_argument("--to", dest="to_day", default=None, metavar="YYYY-MM-DD", help="结束日期（含）")
    e_rep.add_argument("--month", default=None, metavar="YYYY-MM", help="整月，代替 --from/--to")
    e_rep.add_argument("--office", default=None, help="只看该分局（默认全部分局）")
    e_rep.add_argument("--by", choices=["service", "clerk", "office"], default="service",
                       help="分组：service 事项（默认）、clerk 经办人、office 分局")
    e_rep.add_argument("--csv", default=None, metavar="FILE", help="另导出为 CSV 文件（不含个人信息）")
    e_rep.add_argument("--force", action="store_true", help="导出文件已存在时覆盖（缺省不覆盖）")
    e_rep.add_argument("--db", default=None, help="数据库 URL（与 serve 相同）")
    e_rep.add_argument("--json", action="store_true")
    e_rep.set_defaults(func=cmd_evaluation)
    evl.set_defaults(func=lambda a: _usage(evl))
    oa = sub.add_parser("openapi", help="输出 OpenAPI 文档")
    oa.add_argument("--out", default="-")
    oa.set_defaults(func=cmd_openapi)
    return parser


def main(argv: list[str] | None = None) -> int:
    from counter_central import system_env

    warning = system_env.load()        # the installed centre's central.env: its database and key folder
    if warning:
        print(warning, file=sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    explicit_db = bool(getattr(args, "db", None))
    if hasattr(args, "db") and not args.db:
        args.db = _default_db()
    if hasattr(args, "db"):
        try:
            # the commands that create a centre (the others refuse a missing file: _existing_centre)
            _check_db(args.db, explicit=explicit_db and args.command in ("serve", "seed", "migrate"))
        except _BadDatabase as exc:
            return _error(args, f"失败：{exc}", 2)
    if hasattr(args, "by") and not args.by:
        import getpass

        args.by = getpass.getuser()
    try:
        return int(args.func(args) or 0)
    except _NoDatabase as exc:
        return _error(args, str(exc), 2)
    except BrokenPipeError:      # `counter-central users list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        db = sys.modules.get("counter_central.db")
        if db is not None and isinstance(exc, db.BackupFailed):    # nothing upgraded: said, exit 1
            return _error(args, str(exc), 1)
        if db is not None and isinstance(exc, db.CentreTooNew):    # a newer centre's database: refused, exit 2
            return _error(args, f"失败：{exc}", 2)
        ek = sys.modules.get("counter_central.entry_key")
        if ek is not None and isinstance(exc, ek.EntryKeyError):  # the payloads' key: not started, exit 2
            return _error(args, f"失败：{exc}", 2)
        sc = sys.modules.get("counter_central.samecase")
        if sc is not None and isinstance(exc, sc.PersonKeyError):  # the person index's key: likewise
            return _error(args, f"失败：{exc}", 2)
        sa = sys.modules.get("sqlalchemy.exc")
        if hasattr(args, "db") and sa is not None and isinstance(exc, (sa.ArgumentError, sa.OperationalError,
                                                                      sa.DatabaseError)):
            # a --db that is no URL, a file that is no database, a server that does not answer:
            # said in Chinese (the exception's text is English and may carry the URL's password)
            return _error(args, _db_problem(args.db), 2)
        return _unexpected(args, exc)


CLI_LOG = "counter-central-cli.log"
CLI_LOG_MAX_BYTES = 5 * 2**20       # then the file is kept as .1 (one generation) and a new one begun


def _cli_log_dir() -> Path:
    """Where the command line's log lives: ``$COUNTER_APP_HOME/log`` when set (beside the default
    database's data folder), else the platform's log folder of counter-central."""
    home = os.environ.get("COUNTER_APP_HOME")
    if home:
        return Path(home) / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir("counter-central", "szsi"))


def _log_unexpected(args, exc: BaseException) -> Path | None:
    """The failure as one JSON line (observability's masked traceback: no bound value of a
    statement, personal data masked) in :data:`CLI_LOG`, 0600; its path, or None when the log
    cannot be written."""
    from datetime import datetime, timezone

    from counter_central.observability import exception_text

    try:
        folder = _cli_log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / CLI_LOG
        if path.exists() and path.stat().st_size > CLI_LOG_MAX_BYTES:
            os.replace(path, path.with_name(CLI_LOG + ".1"))
        line = json.dumps({"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "level": "ERROR",
                           "logger": "counter_central.cli", "pid": os.getpid(),
                           "msg": f"counter-central {getattr(args, 'command', '?')} failed",
                           "exc": exception_text(exc)}, ensure_ascii=False)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        return path
    except Exception:    # a home that cannot be written: the command still says its failure
        return None


def _unexpected(args, exc: BaseException) -> int:
    """Any other failure (a bug, input nested too deep for Python, a full disk): one Chinese
    sentence instead of a traceback on the terminal, the traceback in the log; exit 1."""
    path = _log_unexpected(args, exc)
    message = "出现意外错误，命令未完成。"
    if isinstance(exc, RecursionError):
        message += "输入的数据嵌套层数过多，无法处理。"
    elif isinstance(exc, MemoryError):
        message += "内存不足。"
    elif isinstance(exc, OSError):
        message += f"读写文件出错：{file_problem(exc)}" + (f"（{exc.filename}）" if exc.filename else "") + "。"
    message += f"详情见日志：{path}" if path is not None else "（日志无法写入，未能记录详情）"
    return _error(args, message, 1)


def _db_problem(url: str) -> str:
    where = url.rsplit("@", 1)[-1]          # never the password of a postgresql://user:pw@host URL
    return (f"无法打开中心数据库（{where}）：请核对 --db 参数（如 sqlite:///路径 或 postgresql+psycopg://…），"
            "以及数据库文件或服务是否可用")


if __name__ == "__main__":
    sys.exit(main())
