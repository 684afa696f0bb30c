"""``counter-app archive verify CASE_NUMBER``: check a case's archive package (every version).
``counter-app archive export CASE_NUMBER --out DIR``: a clear copy (0600 files) for a hand-over, by the
signed-in user only and audited as them."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("archive", help="档案包：核验、导出明文副本")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="核验办件的档案包（每个部分及清单的 SM3，所有版本）")
    v.add_argument("case_number", help="办件编号（如 FT-W01-20260302-0001）")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)
    e = sub.add_parser("export", help="导出档案包的明文副本（须登录；移交时用；文件权限 0600，记入审计）")
    e.add_argument("case_number", help="办件编号")
    e.add_argument("--out", required=True, help="导出目录")
    e.add_argument("--version", type=int, default=None, help="版本号，缺省为最新版")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_actor
    from counter_app.printing.archive_package import ArchivePackageError, export_package
    from counter_app.storage.audit import record

    settings = load_cli_settings()
    store = open_store()
    case_no = args.case_number.strip()
    try:
        try:    # a clear copy of a person's file: only by a signed-in user, audited as them
            actor = signed_in_actor(store, settings, "导出档案包")
        except LookupError as exc:
            print_json({"ok": False, "error": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
            return 1
        audit = dict(actor=actor, workstation_id=settings.office.workstation_id,
                     action="archive.exported", object_type="case", object_id=case_no)
        try:
            result = export_package(store, case_no, Path(args.out), version=args.version)
        except (ArchivePackageError, OSError) as exc:
            msg = f"导出失败：{exc}"
            record(store, **audit, result="failed", detail=msg)
            print_json({"ok": False, "error": msg}) if args.json else print(msg, file=sys.stderr)
            return 1
        record(store, **audit, detail=f"明文副本 {result['archive_code']} 第 {result['version']} 版，{result['files']} 个文件")
    finally:
        store.close()
    if args.json:
        print_json({"ok": True, **result})
    else:
        print(f"已导出办件 {case_no} 档案包 {result['archive_code']} 第 {result['version']} 版（{result['files']} 个文件，明文）到 "
              f"{result['path']}。移交后请妥善保管或销毁。")
    return 0


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
