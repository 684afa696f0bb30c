"""``counter-app config show|check|init``: the workstation's settings, for the hall's IT staff."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("config", help="查看、检查或生成本工作站的配置文件")
    sub = parser.add_subparsers(dest="config_command", metavar="ACTION")
    show = sub.add_parser("show", help="显示生效的配置（配置文件有误时显示问题）")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=_show)
    check = sub.add_parser("check", help="检查配置文件，逐项指出错误")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)
    init = sub.add_parser("init", help="在配置目录写入默认配置文件（已存在时不覆盖）")
    init.add_argument("--force", action="store_true", help="覆盖已有文件")
    init.add_argument("--interactive", action="store_true",
                      help="逐项询问（中心服务、分局与窗口、打印机、读卡器、指纹采集器、语言），每项可跳过；"
                           "已有配置文件时以其中的设置为默认值")
    init.set_defaults(func=_init)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _check(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.config import ConfigError, load_settings
    from counter_app.paths import app_paths

    path = app_paths().config_file
    try:
        load_settings(path)
    except ConfigError as exc:
        if args.json:
            print_json({"path": str(path), "valid": False,
                        "problems": [{"key": p.key, "problem": p.problem} for p in exc.problems]})
        else:
            print(exc.message())
        return 1
    if args.json:
        print_json({"path": str(path), "valid": True, "exists": path.exists(), "problems": []})
    else:
        print(f"配置文件有效：{path}" if path.exists() else f"没有配置文件（使用默认配置）：{path}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.config import ConfigError, load_settings
    from counter_app.paths import app_paths

    path = app_paths().config_file
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        if args.json:   # machine-readable on errors too (the shape of config check --json)
            print_json({"path": str(path), "valid": False, "error": exc.message(),
                        "problems": [{"key": p.key, "problem": p.problem} for p in exc.problems]})
        else:
            print(exc.message())
        return 1
    if args.json:
        print_json({"path": str(path), "settings": settings.to_dict()})
    else:
        import tomli_w

        print(f"# {path}{'' if path.exists() else '（不存在：以下为默认配置）'}")
        print(tomli_w.dumps(settings.to_dict()), end="")
    return 0


def _init(args: argparse.Namespace) -> int:
    from counter_app.config import default_settings, save_settings
    from counter_app.paths import app_paths

    path = app_paths().config_file
    if path.exists() and not args.force:
        print(f"配置文件已存在，未覆盖：{path}（用 --force 覆盖）")
        return 1
    if getattr(args, "interactive", False):
        from counter_app.cli.first_run import run_interactive

        settings = run_interactive(settings=_current_settings(path))
        if settings is None:
            print("已取消，未写入配置文件。")
            return 1
        _keep_old(path)
        save_settings(settings, path)
        print(f"已写入配置：{path}（以后可在“设置”中或用 counter-app config init --interactive --force 修改）")
        return _record_config_change(settings, path, "逐项询问写入配置" + ("（覆盖）" if args.force else ""))
    settings = default_settings()
    _keep_old(path)
    save_settings(settings, path)
    print(f"已写入默认配置：{path}")
    return _record_config_change(settings, path, "写入默认配置" + ("（覆盖）" if args.force else ""))


def _keep_old(path) -> None:
    """The configuration file about to be overwritten (--force) kept beside it as
    ``config.toml.bak-YYYYmmdd-HHMMSS`` (0600), and said."""
    import os
    import shutil
    from datetime import datetime

    if not path.is_file():     # none, or a directory in its place (save_settings says so)
        return
    kept = path.with_name(f"{path.name}.bak-{datetime.now():%Y%m%d-%H%M%S}")
    with open(path, "rb") as src:
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "wb") as out:
            shutil.copyfileobj(src, out)
    print(f"原配置文件已保留为：{kept}")


def _current_settings(path):
    """The configuration file's settings, where the questions start (None: no file, the defaults).
    The file as written: ``COUNTER_APP_CENTRAL_URL`` does not leak into it. A file with problems
    says them, and the questions start from the defaults."""
    from counter_app.config import ConfigError, parse_settings

    if not path.exists():
        return None
    try:
        return parse_settings(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError):
        print(f"无法读取现有配置文件 {path}（以下以默认值开始询问）")
    except ConfigError as exc:
        print(exc.message() + "\n（以下以默认值开始询问）")
    return None


def _record_config_change(settings, path, detail: str) -> int:
    """审计日志：配置文件已写入（config.changed）. The file is written either way; a store that
    cannot be opened (no keyring on a fresh install) is said, with a non-zero exit."""
    import sys

    from counter_app.cli._common import open_store
    from counter_app.storage.audit import record
    from counter_app.storage.db import StoreError

    try:
        store = open_store()
    except StoreError as exc:
        print(f"配置文件已写入，但未能记入本机审计日志：{exc}", file=sys.stderr)
        return 1
    try:
        record(store, actor="", workstation_id=settings.office.workstation_id, action="config.changed",
               object_type="config", object_id=str(path), detail=detail)
    finally:
        store.close()
    return 0
