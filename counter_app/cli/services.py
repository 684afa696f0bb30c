"""``counter-app services [--json] [--code CODE]``: the service catalog (服务事项目录)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("services", help="列出窗口服务事项目录（材料、受理条件、步骤、办理结果及文书、时限）")
    p.add_argument("--json", action="store_true", help="输出 JSON（事项列表）")
    p.add_argument("--code", help="只显示一个事项，如 pension")
    p.add_argument("--catalog", help="改用指定的目录文件（默认：本机在用的目录——中心发布的最新版本，未同步过则为随程序发布的版本）")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, in_force, print_json
    from counter_app.domain.catalog import APPLICANT_TYPE_NAMES, ApplicantType, CatalogError, applies_to, service_to_summary
    from counter_app.reference.catalog import load_catalog

    try:
        if args.catalog:
            catalog, source = load_catalog(args.catalog), str(args.catalog)
        else:
            catalog, source = in_force("catalog")
        services = [catalog.get(args.code)] if args.code else list(catalog.services)
    except CatalogError as exc:
        return fail(args, str(exc), 1, prefix="")
    if args.json:
        items = []
        for s in services:
            item = service_to_summary(s)
            item["catalog_version"] = catalog.version
            item["catalog_source"] = source
            items.append(item)
        print_json(items)
        return 0
    print(f"服务事项目录 版本 {catalog.version}（生效 {catalog.effective_from}；{source}）")
    for s in services:
        who = "、".join(APPLICANT_TYPE_NAMES[ApplicantType(t)] for t in s.applicant_types)
        limits = "；".join([s.time_limit.text_with_basis()] + [
            f"{APPLICANT_TYPE_NAMES[ApplicantType(t)]}：{tl.text_with_basis()}" for t, tl in s.time_limit_overrides.items()])
        print(f"\n{s.clause} {s.name} [{s.code}]  申请对象：{who}  时限：{limits}")
        for m in s.materials:
            flag = "必交" if m.required else "选交"
            cond = "（视情形）" if m.conditional else ""
            only = applies_to(s, m.applicant_types)
            who_only = f"（仅申请对象为{only}时）" if only else ""
            print(f"  · {m.name} {flag}{cond}{who_only}")
        for o in s.outcomes:
            doc = f"《{_title(o.document)}》" if o.document else "—"
            print(f"  → {o.name}：{doc}")
    return 0


def _title(kind) -> str:
    from counter_app.domain.documents import DOCUMENTS

    return DOCUMENTS[kind].title
