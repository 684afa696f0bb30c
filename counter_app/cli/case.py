"""``counter-app case …``: cases without the window, for support staff and the 综合受理 front desk.

- ``case import FILE.json [--print] [--json]`` takes over a case received at a 综合受理 desk (the
  format of ``counter_app.workflows.accept.Draft``; the window's saved draft is the same): it is
  decided, numbered and queued like one entered at the window, in one transaction;
- ``case show NUMBER [--json]``: one case (by 办件编号 or id), personal data masked;
- ``case list [--state S] [--json]``: cases, newest first.

One function per subcommand; the ``case`` group is shared with ``case precheck``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

STATES = ("draft", "review", "returned", "rejected", "accepted", "completed", "denied", "archived")


def register(subparsers) -> None:
    parser = subparsers.add_parser("case", help="办件：导入（综合受理转入）、查看、列表")
    sub = parser.add_subparsers(dest="case_command", metavar="ACTION")
    _register_import(sub)
    _register_show(sub)
    _register_list(sub)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _register_import(sub) -> None:
    p = sub.add_parser("import", help="导入综合受理窗口收件的办件：受理审核、出具文书、编号并进入待同步队列")
    p.add_argument("file", type=Path, help='办件文件（JSON）：{"service","applicant_type","applicant":{"id_number","name"},'
                                          '"unit_uscc","materials":"all"|[编码,…]}')
    p.add_argument("--print", dest="print_docs", action="store_true", help="出具的文书送打印机")
    p.add_argument("--clerk", default="", help="经办人（缺省为本机登录的经办人）")
    p.add_argument("--json", action="store_true", help="输出办件编号和状态（JSON）")
    p.set_defaults(func=case_import)


def _register_show(sub) -> None:
    p = sub.add_parser("show", help="查看一个办件（办件编号或内部编号），个人信息已脱敏")
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=case_show)


def _register_list(sub) -> None:
    p = sub.add_parser("list", help="列出办件（新的在前）")
    p.add_argument("--state", choices=STATES, help="只列出某一状态的办件")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true", help="每行一个办件（JSON）")
    p.set_defaults(func=case_list)


def _fail(message: str, as_json: bool, code: int = 1) -> int:
    from counter_app.cli._common import print_json

    if as_json:
        print_json({"error": message})
    else:
        print(message, file=sys.stderr)
    return code


def _clerk(store, settings, given: str) -> str:
    if given:
        return given
    from counter_app.sync.auth import AuthManager

    try:
        return AuthManager(store, settings).current_user() or ""
    except Exception:
        return ""


def case_import(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.cases import STATE_NAMES, TransitionRefused
    from counter_app.domain.catalog import CatalogError
    from counter_app.workflows.accept import Draft, DraftError, accept_draft

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _fail(f"找不到办件文件：{args.file}", args.json)
    except (OSError, UnicodeDecodeError):
        return _fail(f"读不了办件文件：{args.file}（应为 UTF-8 编码的 JSON）", args.json)
    except json.JSONDecodeError as exc:
        return _fail(f"办件文件不是有效的 JSON：第{exc.lineno}行第{exc.colno}列", args.json)
    try:
        draft = Draft.from_json(data)
    except DraftError as exc:
        return _fail(str(exc), args.json)
    settings = load_cli_settings()
    store = open_store()
    try:
        clerk = _clerk(store, settings, args.clerk)
        if not clerk:
            return _fail("请先登录（counter-app login 用户名）或用 --clerk 指明经办人", args.json)
        svc = _case_service(store, settings, clerk)
        try:
            result = accept_draft(svc, draft)
        except (DraftError, TransitionRefused, CatalogError) as exc:
            return _fail(getattr(exc, "reason", None) or str(exc), args.json)
        printed, status = [], 0
        if args.print_docs:
            printed, status = _print_documents(store, settings, svc, result.case_id, clerk)
        out = {"case_id": result.case_id, "case_no": result.case_no, "state": result.state.value,
               "state_label": STATE_NAMES[result.state], "documents": list(result.document_numbers)}
        if args.print_docs:
            out["printed"] = printed
    finally:
        store.close()
    if args.json:
        print_json(out)
    else:
        print(f"办件 {out['case_no']} 已导入：{out['state_label']}")
        for number in out["documents"]:
            print(f"  文书 {number}")
        for p in printed:
            print(f"  《{p['title']}》{p['state']}")
    return status


def _case_service(store, settings, clerk: str):
    from counter_app.workflows.cases import CaseService
    from counter_app.workflows.reference import current_catalog

    office = settings.office
    return CaseService(store, actor=clerk, office=office.name, office_code=office.code,
                       workstation_id=office.workstation_id, catalog_provider=lambda: current_catalog(store))


def _print_documents(store, settings, svc, case_id: str, clerk: str) -> tuple[list[dict], int]:
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.printing.printqueue import PrintQueue

    queue = PrintQueue(store, default_printer=settings.printer.name, actor=clerk,
                       workstation_id=settings.office.workstation_id)
    out, status = [], 0
    for d in svc.documents(case_id):
        if d.get("status") != "issued" or not d.get("issued_id"):
            continue
        title = DOCUMENTS[DocumentKind(d["kind"])].title
        try:
            job = queue.submit_document(d["issued_id"], copies=settings.printer.copies, clerk=clerk)
        except Exception as exc:
            out.append({"number": d.get("number"), "title": title, "state": f"未能打印：{exc}"})
            status = 4
            continue
        out.append({"number": d.get("number"), "title": title, "state": job.state_zh, "job": job.id})
        if job.state == "waiting":
            status = 4
    return out, status


def case_show(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.workflows.case_queries import case_details

    store = open_store()
    try:
        details = case_details(store, args.number)
    finally:
        store.close()
    if details is None:
        return _fail(f"本机没有办件 {args.number}", args.json)
    if args.json:
        print_json(details)
        return 0
    print(f"办件 {details['case_no']} · {details['service_name']} · {details['state_label']}")
    print(f"申请人：{details['applicant']} {details['id_masked']}")
    print(f"结果：{details['outcome']}")
    for m in details["materials"]:
        print(f"  材料 {m['name']}：{m['state_label']}" + (f"（{m['problem']}）" if m["problem"] else ""))
    for s in details["steps"]:
        print(f"  步骤 {s['name']}：{s['result_label']} {s['at']}")
    for d in details["documents"]:
        print(f"  文书《{d['title']}》{d['number'] or '（未编号）'}")
    return 0


def case_list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.workflows.case_queries import FILTER_ALL, list_cases

    store = open_store()
    try:
        rows = [r for r in list_cases(store, FILTER_ALL, limit=100000) if not args.state or r.state == args.state]
    finally:
        store.close()
    rows = rows[: max(args.limit, 0)]
    if args.json:
        for r in rows:
            print_json({"case_id": r.id, "case_no": r.case_no, "service_code": r.service_code,
                        "service_name": r.service_name, "applicant_type": r.applicant_type, "applicant": r.applicant,
                        "id_masked": r.id_masked, "state": r.state, "state_label": r.state_label,
                        "waiting": r.waiting, "created_at": r.created_at.isoformat(timespec="seconds"),
                        "updated_at": r.updated_at.isoformat(timespec="seconds")})
        return 0
    if not rows:
        print("没有办件")
    for r in rows:
        print(f"{r.case_no}  {r.service_name}  {r.applicant} {r.id_masked}  {r.state_label}"
              + (f"  （{r.waiting}）" if r.waiting else ""))
    return 0
