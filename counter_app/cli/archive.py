"""``counter-app archive verify CASE_NUMBER`` / ``verify --all``: check a case's archive package
(every version), or every package of this workstation.
``counter-app archive list [--year Y] [--retention R] [--json]``: the packages by archive code (档号).
``counter-app archive missing [--write]``: archived cases without a package (a 归档 of an earlier
release whose package failed after it was committed); ``--write`` writes them as the signed-in clerk.
``counter-app archive export CASE_NUMBER --out DIR``: a clear copy (0600 files) for a hand-over, by the
signed-in user only and audited as them."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("archive", help="档案包：列出、核验、补写缺失的档案包、导出明文副本")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="核验办件的档案包（每个部分及清单的 SM3，所有版本）；--all 核验本机全部档案包")
    v.add_argument("case_number", nargs="?", help="办件编号（如 FT-W01-20260302-0001）")
    v.add_argument("--all", action="store_true", help="核验本机全部档案包，并列出已归档却没有档案包的办件")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)
    li = sub.add_parser("list", help="列出本机的档案包（按档号；年度、保管期限、保管至）")
    li.add_argument("--year", type=int, default=None, help="只列出该年度的档案包")
    li.add_argument("--retention", default=None, help="只列出该保管期限的档案包（如 D100、100年、永久）")
    li.add_argument("--json", action="store_true", help="每行一个档案包的 JSON 对象（JSON Lines）")
    li.set_defaults(func=_list)
    m = sub.add_parser("missing", help="列出已归档却没有档案包的办件；--write 补写（须由窗口经办人或科长登录，记入审计）")
    m.add_argument("--write", action="store_true", help="为这些办件写入档案包")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_missing)
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


def _list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.printing.archive_package import list_packages

    store = open_store()
    try:
        found = list_packages(store, year=args.year, retention=(args.retention or "").strip() or None)
    finally:
        store.close()
    if args.json:
        for entry in found:
            print_json(entry)
        return 0
    if not found:
        print("没有符合条件的档案包")
        return 0
    for e in found:
        print(f"{e['archive_code']}  办件 {e['case_no']}  {e['year']} 年度  保管期限 {e['retention'] or e['retention_code']}"
              f"  保管至 {e['keep_until'] or '永久'}  第 {e['version']} 版")
    print(f"共 {len(found)} 个档案包")
    return 0


def _missing(args: argparse.Namespace) -> int:
    import sys

    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.printing.archive_package import archived_without_package

    settings = load_cli_settings()
    store = open_store()
    written: list[dict] = []
    failed: list[dict] = []
    try:
        missing = archived_without_package(store)
        if args.write and missing:
            from counter_app.cli.case import _case_workflow, _signed_in_clerk
            from counter_app.workflows.cases import ArchiveNotWritten

            try:
                clerk, name = _signed_in_clerk(store, settings, "补写档案包")
            except LookupError as exc:
                print_json({"ok": False, "error": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
                return 1
            workflow = _case_workflow(store, settings, clerk, clerk_name=name)
            for case in missing:
                try:
                    package = workflow.write_archive_package(case["case_id"])
                except Exception as exc:     # each case on its own: the next one is still tried
                    failure = ArchiveNotWritten(case["case_no"], exc)
                    failure.audit(store, clerk, settings.office.workstation_id)
                    failed.append({**case, "error": failure.why})
                    continue
                written.append({**case, "archive_code": package.archive_code, "version": package.version})
    finally:
        store.close()
    ok = not failed and (args.write or not missing)
    if args.json:
        print_json({"ok": ok, "missing": missing, "written": written, "failed": failed})
    elif not missing:
        print("✔ 已归档的办件都有档案包")
    else:
        if not args.write:
            print(f"! {len(missing)} 个已归档的办件没有档案包：")
            for case in missing:
                print(f"  {case['case_no']}（归档于 {case['archived_at'] or '未知'}）")
            print("  用 counter-app archive missing --write 补写（须由窗口经办人或科长登录）")
        for w in written:
            print(f"✔ 已补写 {w['case_no']} 的档案包 {w['archive_code']} 第 {w['version']} 版")
        for f in failed:
            print(f"✘ {f['case_no']}：档案包仍未能写入：{f['error']}", file=sys.stderr)
    return 0 if ok else 1


def _verify(args: argparse.Namespace) -> int:
    import sys

    from counter_app.cli._common import open_store, print_json
    from counter_app.printing.archive_package import archived_without_package, list_packages, verify_packages

    if args.all:
        store = open_store()
        try:
            results = [verify_packages(store, e["case_no"]) for e in list_packages(store)]
            missing = archived_without_package(store)
        finally:
            store.close()
        ok = all(r["ok"] for r in results) and not missing
        if args.json:
            print_json({"ok": ok, "packages": results, "missing": missing})
        else:
            for r in results:
                if not r["ok"]:
                    print(f"✘ {r['case_no']} {r.get('archive_code', '')}：{r['message']}")
                    for v in r["versions"]:
                        if not v["ok"]:
                            print(f"  第 {v['version']} 版：" + "；".join(v["problems"]))
            for case in missing:
                print(f"✘ {case['case_no']}：已归档，没有档案包（counter-app archive missing --write 补写）")
            bad = sum(1 for r in results if not r["ok"])
            print(("✔ " if ok else "✘ ") + f"核验 {len(results)} 个档案包：{len(results) - bad} 个完整，{bad} 个有问题；"
                  f"{len(missing)} 个已归档的办件没有档案包")
        return 0 if ok else 1
    if not args.case_number:
        print("请给出办件编号，或用 --all 核验全部档案包", file=sys.stderr)
        return 2
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
