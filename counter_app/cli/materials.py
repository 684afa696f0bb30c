"""``counter-app materials package CASE_NUMBER --out FILE.zip``: a case's archive package — its
documents as PDF (signed where the applicant signed), the photographed material pages and the
signatures, with ``manifest.json`` listing each file's SM3 (材料电子化, 7.2)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("materials", help="材料电子化：导出办件的档案包")
    msub = p.add_subparsers(dest="materials_command", metavar="SUBCOMMAND")
    pk = msub.add_parser("package", help="导出办件的档案包（文书、材料图像、签名与清单；须登录）")
    pk.add_argument("case_id", metavar="CASE_NUMBER", help="办件编号（如 FT-W01-20260105-0001；内部 ID 也可）")
    pk.add_argument("--out", required=True, help="输出的 ZIP 文件")
    pk.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    pk.add_argument("--json", action="store_true", help="输出 JSON")
    pk.set_defaults(func=handle_package)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def handle_package(args: argparse.Namespace) -> int:
    import json
    import zipfile
    from io import BytesIO
    from pathlib import Path

    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.storage.crypto import CryptoError
    from counter_app.storage.permissions import RoleRefused
    from counter_app.workflows.materials import MaterialsError, case_package

    from counter_app.storage.audit import record
    from counter_app.sync.auth import AuthManager

    settings = load_cli_settings()
    store = open_store()
    out = Path(args.out)
    # a clear copy of the case's documents and material images: audited like archive export, owner-only,
    # as the signed-in user (never nobody)
    actor = AuthManager(store, settings).current_user() or ""
    if not actor:
        store.close()
        from counter_app.cli._common import fail

        return fail(args, "未登录：请先用 counter-app login 登录，再导出档案包", 1, prefix="")
    from counter_app.files import OutputExists, output_refusal, write_private_file

    refused = output_refusal(out, force=args.force)     # before the package is built
    if refused is not None:
        store.close()
        print_json({"ok": False, "message": refused}) if args.json else print(refused, file=sys.stderr)
        return 1
    audit = dict(actor=actor, workstation_id=settings.office.workstation_id,
                 action="materials.exported", object_type="case", object_id=str(args.case_id))
    try:
        try:
            info = AuthManager(store, settings).stored_user(actor)   # its roles: who may bring a moved-out case back
            data = case_package(store, args.case_id, font_path=settings.ui.font_path, actor=actor,
                                roles=info.roles if info is not None else None,
                                workstation_id=settings.office.workstation_id)
        except RoleRefused as exc:         # audited as business.refused
            print_json({"ok": False, "message": str(exc.reason)}) if args.json else print(exc.reason, file=sys.stderr)
            return 1
        except (MaterialsError, CryptoError) as exc:
            record(store, **audit, result="failed", detail=f"导出失败：{exc}")
            if args.json:
                print_json({"ok": False, "message": str(exc)})
            else:
                print(str(exc), file=sys.stderr)
            return 1
        try:     # a clear copy of a person's file: owner-only, never half-written, never over a file unasked
            write_private_file(out, data, force=args.force, make_parents=True)
        except OutputExists as exc:       # it appeared meanwhile
            print_json({"ok": False, "message": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
            return 1
        except OSError as exc:
            record(store, **audit, result="failed", detail=f"无法写入文件：{exc.strerror or '写入失败'}")
            print(f"无法写入文件 {out}：{exc.strerror or exc}", file=sys.stderr)
            return 1
        record(store, **audit, detail=f"明文材料包 {len(data) // 1024} KB")
    finally:
        store.close()
    manifest = json.loads(zipfile.ZipFile(BytesIO(data)).read("manifest.json"))
    kinds = [f["name"].split("/", 1)[0] for f in manifest["files"]]
    counts = {k: kinds.count(k) for k in ("documents", "materials", "signatures")}
    if args.json:
        print_json({"ok": True, "out": str(out), "bytes": len(data), **counts,
                    "archive_no": (manifest.get("filing") or {}).get("archive_no")})
    else:
        print(f"档案包已导出：{out}（文书 {counts['documents']} 份，材料图像 {counts['materials']} 页，"
              f"签名 {counts['signatures']} 个，{len(data) // 1024} KB）")
    return 0
