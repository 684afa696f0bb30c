"""``counter-app``: with no arguments the GUI; subcommands are the headless tools.

Each subcommand lives in ``counter_app/cli/<name>.py`` with ``register(subparsers)``; modules
import nothing heavy at top level so ``counter-app doctor`` starts fast and without Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from counter_protocol.cli_args import VersionAction, ZhArgumentParser

COMMAND_MODULES = (
    "doctor",
    "config",
    "rules",
    "services",
    "notice",
    "print",
    "card",
    "idcard",
    "essc",
    "fingerprint",
    "sync",
    "queue",
    "login",
    "case",
    # ---- 高拍仪 and signature pad (devices-cam) ----
    "camera",
    "signpad",
    "materials",
    # ---- end ----
    "approvals",
    "certification",
    "complaints",
    "store",
    "audit",
    "archive",
    "field",
)


def build_parser() -> argparse.ArgumentParser:
    parser = ZhArgumentParser(   # Chinese usage errors, in every subcommand too
        prog="counter-app",
        description="深圳社保窗口柜面客户端（职工基本养老保险）。不带参数运行时启动图形界面。",
    )
    parser.add_argument("--version", action=VersionAction, program="counter-app")   # the release and the build
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help="启动图形界面（默认）")
    gui.add_argument("--demo", action="store_true", help="演示模式：演示配置、本地中心服务")
    gui.set_defaults(func=_run_gui)
    for name in COMMAND_MODULES:
        importlib.import_module(f"counter_app.cli.{name}").register(sub)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from counter_app import heap

    heap.pause_collection()   # until the window's first frame (counter_app.heap)
    from counter_app.ui.app import run_gui

    return run_gui(demo=getattr(args, "demo", False))


def _utf8_when_redirected() -> None:
    """Output into a file or a pipe is UTF-8 (``counter-app doctor > report.txt`` on Windows wrote
    the ANSI code page and stopped at "✔"); a console keeps its own encoding."""
    from counter_app.cli._common import utf8_output

    for stream in (sys.stdout, sys.stderr):
        try:
            console = stream is not None and stream.isatty()
        except (ValueError, OSError):
            continue
        if not console:
            utf8_output(stream)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _run_gui(argparse.Namespace(demo=False))
    _utf8_when_redirected()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    log = _CliLog.open()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        db = sys.modules.get("counter_app.storage.db")
        config = sys.modules.get("counter_app.config")
        if db is not None and isinstance(exc, db.StoreError):  # the clerk's message, no traceback
            # SQLite's "attempt to write a readonly database" inside it: the directory, said as such
            return _said(args, home_unwritable(exc) or str(exc), 3)
        damaged = _store_damage(exc, db, log)
        if damaged is not None:   # a damaged page met by a query: the damaged-store message, its backup
            return _said(args, damaged, 3)
        if config is not None and isinstance(exc, config.ConfigError):   # e.g. config.toml cannot be written
            return _said(args, exc.message(), 1)
        return _unexpected(args, exc, log)
    finally:
        log.close()


CLI_LOG = "counter-app-cli.log"


class _CliLog:
    """The headless commands' rotating, masked log ``counter-app-cli.log`` in the app's log directory
    (the GUI, the sync agent and the render process keep files of their own): a command's warnings
    go there instead of English lines on the terminal. Best effort: a home that cannot be written
    leaves the command without a log, never stops it."""

    def __init__(self, handler=None, path=None):
        self.handler, self.path = handler, path

    @classmethod
    def open(cls) -> "_CliLog":
        try:
            from counter_app.logging_setup import setup_logging
            from counter_app.paths import app_paths

            log_dir = app_paths().log_dir
            return cls(setup_logging(log_dir, filename=CLI_LOG), log_dir / CLI_LOG)
        except Exception:   # a read-only or full home: the command says its own trouble
            import logging

            quiet = logging.NullHandler()   # and no English warning lines (logging's last resort) on the terminal
            logging.getLogger().addHandler(quiet)
            return cls(quiet)

    def close(self) -> None:
        import logging

        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)   # a no-op when a command set its own
            self.handler.close()


def _store_damage(exc: Exception, db, log: "_CliLog") -> str | None:
    """The damaged-store message (StoreCorruptError: the newest good backup, ``store restore``) when
    ``exc`` is the store's damage met by a command's statement ("malformed", "not a database", the
    MemoryError of a page that does not decrypt), else None. The traceback goes to the log."""
    if db is None:
        return None
    reason = db.damage_in(exc)
    if reason is None:
        return None
    import logging

    if log.handler is not None:
        try:
            logging.getLogger("counter_app.cli").error("the store is damaged", exc_info=exc)
        except Exception:
            pass
    from counter_app.paths import app_paths

    path = app_paths().database_file
    try:
        backups = db.list_backups(path)
    except Exception:
        backups = []
    return str(db.StoreCorruptError(path, reason, backups))


def _unexpected(args: argparse.Namespace, exc: Exception, log: _CliLog) -> int:
    """Any other failure (a full disk, a read-only home, a data directory that is a file, a bug):
    one plain Chinese sentence instead of a traceback, the traceback in the masked rotating log
    ``counter-app-cli.log`` when the log directory can be written; exit 3 for the local store or
    disk, else 1."""
    import errno
    import logging

    from counter_app.domain.messages import DATABASE_BUSY, DATABASE_FAILED, DISK_FULL, plain_message

    log_file = None
    if log.handler is not None:
        try:
            logging.getLogger("counter_app.cli").error("counter-app %s failed", getattr(args, "command", "?"),
                                                       exc_info=exc)
            log.handler.flush()
            log_file = log.path
        except Exception:   # the log is where the trouble is (full): say it anyway
            pass
    home = home_unwritable(exc)
    message = home or plain_message(exc)
    if log_file is None:
        message = message.replace("（已记入日志）", "")
    store_trouble = home is not None or message in (DATABASE_BUSY, DATABASE_FAILED, DISK_FULL) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EEXIST,
                                                   errno.ENOTDIR))
    if isinstance(exc, OSError) and exc.filename and home is None:
        message += f"\n涉及的文件：{exc.filename}"     # a path of this workstation, never a person's data
    if log_file is not None:
        message += f"\n详情见日志：{log_file}"
    return _said(args, message, 3 if store_trouble else 1)


def home_unwritable(exc: BaseException) -> str | None:
    """「本机数据目录 … 只读 / 无法写入」 naming the directory when ``exc`` is this workstation's own
    directory refusing writes (counter_app.paths.refused_home); None for any other failure."""
    from counter_app.domain.messages import data_dir_message
    from counter_app.paths import refused_home

    found = refused_home(exc)
    return data_dir_message(*found) if found is not None else None


def _said(args: argparse.Namespace, message: str, code: int) -> int:
    """A command stopped by an error whose text is the clerk's Chinese: ``{"error": …}`` on stdout
    under ``--json`` as well, the message on stderr; returns ``code``."""
    if getattr(args, "json", False):
        from counter_app.cli._common import print_json

        print_json({"error": message})
    print(message, file=sys.stderr)
    return code


def gui_main() -> int:
    """``counter-app-gui`` (the GUI entry point: no console window on Windows): the GUI only;
    ``--demo`` is the one option it takes."""
    return _run_gui(argparse.Namespace(demo="--demo" in sys.argv[1:]))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
