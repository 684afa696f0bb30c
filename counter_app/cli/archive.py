"""``counter-app archive verify CASE_NUMBER``: check a case's archive package (every version)."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("archive", help="档案包：核验")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="核验办件的档案包（每个部分及清单的 SM3，所有版本）")
    v.add_argument("case_number", help="办件编号（如 FT-W01-20260302-0001）")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.printing.archive_package import verify_packages

    store = open_store()
    try:
        result = verify_packages(store, args.case_number.strip())
    finally:
        store.close()
    if args.json:
        print_json(result)
    else:
        print(("✔ " if result["ok"] else "✘ ") + f"{args.case_number}：{result['message']}")
        for v in result["versions"]:
            print(f"  第 {v['version']} 版 {v.get('archive_code', '')}：" + ("完整" if v["ok"] else "；".join(v["problems"])))
    return 0 if result["ok"] else 1
