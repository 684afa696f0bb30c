"""``counter-app doctor [--json]``."""

from __future__ import annotations

import argparse

_MARK = {"ok": "✔ 正常", "warn": "! 警告", "fail": "✘ 失败"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="检查工作站环境（显示、字体、数据库、配置、中心服务、读卡器、指纹仪、打印机）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--no-qt", action="store_true", help="跳过 Qt 平台检查")
    p.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)  # the bundle's Qt check (a child process)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.cli.diagnostics import FAIL, run_checks

    if args.qt_probe:
        from counter_app.cli.diagnostics import _QT_PROBE

        # the same source the checkout runs as "python -c": Qt stays out of the CLI's imports
        exec(compile(_QT_PROBE, "<qt-probe>", "exec"), {"__name__": "__qt_probe__"})
        return 0
    checks = run_checks(include_qt=not args.no_qt)
    if args.json:
        print_json({"ok": all(c.status != FAIL for c in checks), "checks": [c.as_dict() for c in checks]})
    else:
        for c in checks:
            print(f"{_MARK[c.status]}  [{c.name}] {c.message}")
            if c.hint and c.status != "ok":
                print(f"          建议：{c.hint}")
    return 1 if any(c.status == FAIL for c in checks) else 0
