"""Value types for the command lines of ``counter-app`` and ``counter-central``: their headless
commands are scripted against by support staff, so a count or a time that cannot work (0
workers, a negative interval, "2MB" for a size in bytes) stops at the command line with a
Chinese message, the same one in both programs, instead of a traceback or a process that runs
and does nothing useful."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Callable, Any

from counter_protocol.file_problems import file_problem as file_problem   # re-exported for both command lines

# The largest whole number a command line takes: SQLite's INTEGER (and PostgreSQL's bigint) hold
# at most this, so a bigger id, limit or count is refused here rather than overflowing a query.
MAX_INT = 2**63 - 1

# argparse's own English usage errors, said in Chinese (longest phrases first).
_ARGPARSE_ZH = (
    ("the following arguments are required", "缺少必需参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("expected one argument", "需要一个取值"),
    ("expected at least one argument", "至少需要一个取值"),
    ("expected at most one argument", "至多需要一个取值"),
    ("ignored explicit argument", "不接受取值"),
    ("invalid choice", "无效选项"),
    ("invalid int value: ", "应为整数，收到 "),
    ("invalid float value: ", "应为数字，收到 "),
    ("not allowed with argument", "不能与以下参数同时使用"),
    ("one of the arguments", "以下参数须给出其中之一："),
    ("is required", "为必需"),
    ("ambiguous option", "参数不明确"),
    ("could match", "可能是"),
    ("choose from", "可选"),
    ("argument ", "参数 "),
)


def from_stdin(what: str) -> Callable[[str], str]:
    """An argparse ``type`` for a value that is personal data (an ID number, a name): ``-`` reads it
    from the next line of standard input, so it stays out of ``ps`` and the shell's history (the
    recommended form: ``printf '%s\\n' "$ID" | counter-central field request - …``); any other value
    is taken as given (older scripts). Several ``-`` options read one line each, in the order they
    are given on the command line."""
    def convert(value: str) -> str:
        if value != "-":
            return value
        text = sys.stdin.readline().strip()
        if not text:
            raise argparse.ArgumentTypeError(f"“-”表示从标准输入读取{what}，但标准输入没有给出{what}")
        return text

    convert.__name__ = what      # argparse names the type in its own messages
    return convert


def zh_usage_error(message: str) -> str:
    """argparse's English usage error ``message`` in Chinese."""
    for en, zh in _ARGPARSE_ZH:
        message = message.replace(en, zh)
    return message


# argparse's own words in its help and usage (through its gettext hook, ``argparse._``), in Chinese
_ARGPARSE_HELP_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示版本号并退出",
}


class _ChineseHelp:
    """While inside, argparse's gettext hook gives its help words in Chinese (any other message as
    it was); the hook is swapped only while one of this program's parsers builds or formats, so
    argparse stays as it is for anyone else in the process."""

    def __enter__(self) -> None:
        self.saved = argparse._     # type: ignore[attr-defined]
        saved = self.saved
        argparse._ = lambda text: _ARGPARSE_HELP_ZH.get(text) or saved(text)   # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        argparse._ = self.saved     # type: ignore[attr-defined]


class ZhArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese usage errors (exit 2, no traceback) and Chinese help (``用法：``,
    ``选项``, ``-h, --help  显示此帮助信息并退出``, and a ``--version`` without help of its own:
    ``显示版本号并退出``). Subparsers made from it are of this class too (``add_subparsers``
    defaults to the parent's class), so one hookup at the top of a program covers all its
    subcommands."""

    _json_wanted = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _ChineseHelp():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", _ARGPARSE_HELP_ZH["show program's version number and exit"])
        with _ChineseHelp():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any):  # type: ignore[no-untyped-def]
        with _ChineseHelp():
            return super().add_subparsers(**kwargs)

    def format_usage(self) -> str:
        with _ChineseHelp():
            return super().format_usage()

    def format_help(self) -> str:
        with _ChineseHelp():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        text = f"参数错误：{zh_usage_error(message)}"
        if self._json_wanted:   # a script asked for JSON: it gets {"error": …} on stdout as well
            sys.stdout.write(json.dumps({"error": text}, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        self.print_usage(sys.stderr)
        self.exit(2, text + "\n")

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:  # type: ignore[override]
        self._json_wanted = "--json" in (sys.argv[1:] if args is None else args)
        # Unknown options would otherwise surface from the top-level parser, in English.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"无法识别的参数：{' '.join(extras)}")
        return namespace, extras


class VersionAction(argparse.Action):
    """``--version``: the program's release and build (counter_protocol.build, e.g.
    ``counter-app 0.1.0.0+5a70176.20261205（同步协议 1）``) on standard output, exit 0. The build
    is read only when asked, never while the parser is made (the program's start path)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: Any = argparse.SUPPRESS,
                 help: str = "显示版本号并退出", program: str = "") -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)
        self.program = program

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from counter_protocol.build import full_version
        from counter_protocol.sync import PROTOCOL_VERSION

        print(f"{self.program or parser.prog} {full_version()}（同步协议 {PROTOCOL_VERSION}）")
        parser.exit()


def _whole_number(text: str, minimum: int, wanted: str, too_small: str) -> int:
    """``text`` as a whole number from ``minimum`` to :data:`MAX_INT`; ``wanted`` names the kind in
    the messages (“应为{wanted}”), ``too_small`` is the message for a value below ``minimum``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为{wanted}，收到「{text}」") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{too_small}，收到 {value}")
    if value > MAX_INT:
        raise argparse.ArgumentTypeError(f"数值太大（至多 {MAX_INT}），收到 {text}")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1 and at most :data:`MAX_INT` (a count, a size, seconds, an id)."""
    return _whole_number(text, 1, "正整数", "应为正整数（至少 1）")


def non_negative_int(text: str) -> int:
    """A whole number from 0 to :data:`MAX_INT` (days back, where 0 means today)."""
    return _whole_number(text, 0, "不小于 0 的整数", "应为不小于 0 的整数")


def positive_float(text: str) -> float:
    """A finite number above 0 (seconds, minutes)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为大于 0 的数，收到「{text}」") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"应为大于 0 的有限数，收到 {text}")
    return value
