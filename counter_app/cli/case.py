"""``counter-app case …``: cases without the window (support staff, the 综合受理 front desk).

    counter-app case precheck --service CODE (--id ID | --unit USCC) [--applicant-type T]
                              [--materials all|none|CODE,…] [--facts FILE] [--offline] --json

``precheck`` decides what the window would decide now, without creating a case: the person's /
the unit's record is looked up at the centre (the ID in the request body), or — offline, or with
``--offline`` — taken from this workstation's sealed cache; it needs a signed-in user (an offline
login will do), as whom each look-up is audited; with neither, the
conditions that need the record are 待核验（离线）. ``--json`` prints exactly::

    {"outcome": "accepted|incomplete|not_eligible" | null, "document": TITLE | null,
     "conditions": [{"code", "text", "result": "met|unmet|pending", "source": "system|clerk|offline",
                     "facts": {…}}],
     "missing": [{"material_code", "material", "problem", "what_to_bring"}], "record_as_of": ISO | null}

``outcome`` is null while a condition is still pending. ``--facts FILE`` is a JSON object with
the facts the clerk establishes from documents (``lost_capacity``, ``death_cause``,
``other_death_benefit_received``, ``nationality_lost``, ``hmt_or_foreign_left``, ``category``,
``requested_retirement``) and optionally ``answers``: {condition code: true | false} for the
conditions that need the clerk's judgment.

Beside it:

- ``case import FILE.json [--print] [--json]`` takes over a case received at a 综合受理 desk (the
  format of ``counter_app.workflows.accept.Draft``; the window's saved draft is the same): it is
  decided, numbered and queued like one entered at the window, in one transaction;
- ``case show NUMBER [--json]``: one case (by 办件编号 or id), personal data masked;
- ``case list [--state S] [--json]``: cases, newest first.

Every subcommand acts as the user signed in on this workstation (an offline login counts) and is
refused, exit 1, with nobody signed in: precheck reads a person's record, import writes the case,
show and list tell who applied for what.

Each subcommand is one function registered on the ``case`` group.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from counter_protocol.cli_args import from_stdin, positive_int

STATES = ("draft", "review", "returned", "rejected", "accepted", "completed", "denied", "archived")

FACT_FILE_KEYS = ("lost_capacity", "death_cause", "other_death_benefit_received", "nationality_lost",
                  "hmt_or_foreign_left", "category", "requested_retirement", "birth", "answers")


class PrecheckError(Exception):
    """Bad input; the message is Chinese."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("case", help="办件：预审（不建办件）、导入（综合受理转入）、查看、列表")
    sub = parser.add_subparsers(dest="case_command", metavar="ACTION")
    pre = sub.add_parser("precheck", help="预审：按参保档案和规则判断受理结果（须登录；不建办件）")
    pre.add_argument("--service", required=True, help="事项编码，如 pension（见 counter-app services）")
    who = pre.add_mutually_exclusive_group(required=True)
    who.add_argument("--id", dest="id_number", type=from_stdin("证件号码"),
                     help="参保人证件号码（遗属、代办人办理时为参保人的证件号码）；建议用“-”从标准输入读取，"
                          "号码不会留在进程列表和命令历史中")
    who.add_argument("--unit", dest="uscc", help="参保单位统一社会信用代码")
    pre.add_argument("--applicant-type", default=None, help="申请对象：unit | individual | survivor | agent")
    pre.add_argument("--variant", action="append", default=None, help="办理情形编码（缺省为该申请对象的第一个情形）")
    pre.add_argument("--materials", default="all", help="已提交的材料：all | none | 编码,编码…（缺省 all）")
    pre.add_argument("--facts", default=None, help="经办人根据材料确认的事实（JSON 文件）")
    pre.add_argument("--offline", action="store_true", help="不联网，只用本机缓存的参保档案")
    pre.add_argument("--json", action="store_true")
    pre.set_defaults(func=_precheck)
    _register_import(sub)
    _register_show(sub)
    _register_list(sub)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


# ------------------------------------------------------------------------------------ precheck


def _client_factory(settings, store):
    """A logged-in CentralClient for the signed-in user of this workstation, or None."""
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.client import CentralClient

    auth = AuthManager(store, settings)
    user = auth.current_user()
    if not user or not auth.tokens(user).access_token():
        return lambda: None
    return lambda: CentralClient(settings.central.url, timeout=min(5.0, settings.central.timeout_seconds),
                                 tokens=auth.tokens(user))


def _records(store, settings, user: str):
    """The record service of this workstation as ``user`` reads it: the centre when signed in
    online, else this machine's cache; every read audited as ``user``."""
    from counter_app.workflows.records import RecordService

    return RecordService(store, _client_factory(settings, store), who=lambda: (user, settings.office.workstation_id))


def _read_facts(path: str | None) -> tuple[dict, dict]:
    from counter_app.cli._common import file_problem
    from counter_app.domain.checklist import ConditionResult

    if not path:
        return {}, {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise PrecheckError(f"无法读取事实文件 {path}：{file_problem(exc)}") from None
    except (ValueError, RecursionError) as exc:     # JSONDecodeError, UnicodeDecodeError; nested too deep
        raise PrecheckError(f"事实文件 {path} 不是有效的 JSON：{file_problem(exc)}") from None
    if not isinstance(data, dict):
        raise PrecheckError("事实文件应为一个 JSON 对象")
    unknown = sorted(set(data) - set(FACT_FILE_KEYS))
    if unknown:
        raise PrecheckError(f"事实文件中有不认识的字段：{'、'.join(unknown)}（可用：{'、'.join(FACT_FILE_KEYS)}）")
    raw_answers = data.pop("answers", {}) or {}
    if not isinstance(raw_answers, dict) or not all(isinstance(v, bool) for v in raw_answers.values()):
        raise PrecheckError("answers 应为 {受理条件编码: true 或 false}")
    answers = {k: ConditionResult(v) for k, v in raw_answers.items()}
    return data, answers


def _ticks(service, applicant_type: str, variants, spec: str) -> dict:
    from counter_app.domain.checklist import PRESENT

    plan = service.plan(applicant_type, variants)
    spec = (spec or "all").strip()
    if spec == "all":
        return {m.code: PRESENT for m in plan.materials}
    if spec == "none":
        return {}
    codes = [c.strip() for c in spec.split(",") if c.strip()]
    known = {m.code for m in plan.materials}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise PrecheckError(f"「{service.name}」（本申请对象）没有材料：{'、'.join(unknown)}；"
                            f"可用：{'、'.join(sorted(known))}")
    return dict.fromkeys(codes, PRESENT)


def _variants(service, applicant_type: str, given) -> tuple[str, ...]:
    if given:
        return tuple(given)
    if service.variants and service.variant_required:
        for v in service.variants:
            if not v.applicant_types or applicant_type in v.applicant_types:
                return (v.code,)
    return ()


def precheck(catalog, records, *, service_code: str, id_number: str | None, uscc: str | None,
             applicant_type: str | None, variants=None, materials: str = "all", facts: dict | None = None,
             answers: dict | None = None, online: bool = True, on=None) -> tuple[dict, list, Any]:
    """(the JSON answer, the evaluations, the record view) of a precheck (no case is created)."""
    from datetime import date

    from counter_app.domain import case_engine
    from counter_app.domain.catalog import CatalogError
    from counter_app.domain.conditions import registry_fact
    from counter_app.domain.documents import DOCUMENTS
    from counter_protocol.identifiers import check_id, check_uscc
    from counter_app.workflows.records import look_up_applicant

    on = on or date.today()
    try:
        service = catalog.get(service_code)
    except CatalogError as exc:
        raise PrecheckError(str(exc)) from None
    if applicant_type is None:
        applicant_type = "unit" if uscc and "unit" in service.applicant_types else (
            "individual" if "individual" in service.applicant_types else service.applicant_types[0])
    variants = _variants(service, applicant_type, variants)
    problems = service.validate_selection(applicant_type, variants)
    if problems:
        raise PrecheckError("；".join(problems))
    applicant: dict = {}
    if id_number:  # an invalid number is not looked up: the id_valid condition says what is wrong
        applicant["id_number"] = id_number.strip().upper()
    if uscc:
        applicant["credit_code"] = uscc.strip().upper()
    lookup_ap = {k: v for k, v in applicant.items()
                 if (k == "id_number" and check_id(v, today=on).valid) or (k == "credit_code" and check_uscc(v).valid)}
    view = look_up_applicant(records, applicant_type, lookup_ap, online=online)
    case_facts = dict(facts or {})
    case_facts["registry"] = registry_fact(view)
    case = case_engine.Case(id="precheck", service_code=service.code, catalog_version=catalog.version,
                       applicant_type=applicant_type, variants=variants, applicant=applicant, facts=case_facts,
                       ticks=_ticks(service, applicant_type, variants, materials),
                       condition_answers=dict(answers or {}))
    evaluations = case_engine.evaluate_case(case, service, on)
    outcome = case_engine.evaluate(case, service, on)
    answer = {
        "outcome": outcome.kind.value if outcome.kind else None,
        "document": DOCUMENTS[outcome.document].title if outcome.document else None,
        "conditions": [{"code": e.code, "text": e.text, "result": e.result, "source": e.source,
                        "facts": dict(e.facts)} for e in evaluations],
        "missing": [m.as_dict() for m in outcome.missing],
        "record_as_of": view.as_of.isoformat() if view.as_of else None,
    }
    return answer, evaluations, view


def _precheck(args: argparse.Namespace) -> int:
    from counter_app.cli._common import in_force, load_cli_settings, open_store, print_json
    from counter_app.workflows.records import age_text

    store = None
    try:
        facts, answers = _read_facts(args.facts)
        catalog, _source = in_force("catalog")
        settings = load_cli_settings()
        store = open_store()
        from counter_app.cli._common import signed_in_actor

        try:    # the person's record is read (from the centre or this machine's cache): audited as the user
            user = signed_in_actor(store, settings, "预审")
        except LookupError as exc:
            return _fail(str(exc), args.json)
        records = _records(store, settings, user)
        answer, evaluations, view = precheck(
            catalog, records, service_code=args.service, id_number=args.id_number, uscc=args.uscc,
            applicant_type=args.applicant_type, variants=args.variant, materials=args.materials, facts=facts,
            answers=answers, online=not args.offline)
    except PrecheckError as exc:
        if args.json:
            print_json({"error": str(exc)})
        print(f"预审失败：{exc}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()
    if args.json:
        print_json(answer)
        return 0
    names = {"accepted": "受理", "incomplete": "材料不齐全／业务指引", "not_eligible": "不符合受理条件（不予受理）"}
    print(f"预审结果：{names.get(answer['outcome'], '尚有受理条件待核验，暂不能作出受理决定')}"
          + (f"，出具《{answer['document']}》" if answer["document"] else ""))
    if view.as_of is not None:
        how = "联网查询" if view.state == "online" else "本机缓存（离线）"
        print(f"参保档案：{how}，截至 {view.as_of:%Y-%m-%d %H:%M}（{age_text(view.as_of)}）")
    else:
        print("参保档案：未取得（离线且无缓存），需要档案的受理条件待核验（离线）")
    marks = {"met": "符合", "unmet": "不符合", "pending": "待核验"}
    sources = {"system": "系统核验", "clerk": "经办人确认", "offline": "离线"}
    for e in evaluations:
        print(f"  [{marks[e.result]}·{sources[e.source]}] {e.text}：{e.explanation}")
    for m in answer["missing"]:
        print(f"  需补正／指引：{m['material']}——{m['problem']}；{m['what_to_bring']}")
    return 0


# ------------------------------------------------------------------------------------ import, show, list


def _register_import(sub) -> None:
    p = sub.add_parser("import", help="导入综合受理窗口收件的办件：受理审核、出具文书、编号并进入待同步队列")
    p.add_argument("file", type=Path, help='办件文件（JSON）：{"service","applicant_type","applicant":{"id_number","name"},'
                                          '"unit_uscc","materials":"all"|[编码,…]}；'
                                          '或窗口按 Ctrl+S 保存的加密草稿 draft-….json.sm4')
    p.add_argument("--print", dest="print_docs", action="store_true", help="出具的文书送打印机")
    p.add_argument("--clerk", default="", help="文书上印的经办人姓名（缺省为登录账号的姓名）；办件和审计记录一律记本机登录的账号")
    p.add_argument("--json", action="store_true", help="输出办件编号和状态（JSON）")
    p.set_defaults(func=case_import)


def _register_show(sub) -> None:
    p = sub.add_parser("show", help="查看一个办件（办件编号或内部编号；须登录），个人信息已脱敏")
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=case_show)


def _register_list(sub) -> None:
    p = sub.add_parser("list", help="列出办件（新的在前；须登录）")
    p.add_argument("--state", choices=STATES, help="只列出某一状态的办件")
    p.add_argument("--limit", type=positive_int, default=200)
    p.add_argument("--json", action="store_true",
                   help="每行一个办件的 JSON 对象（JSON Lines，逐行解析）；没有办件时不输出任何行")
    p.set_defaults(func=case_list)


def _fail(message: str, as_json: bool, code: int = 1) -> int:
    from counter_app.cli._common import print_json

    if as_json:
        print_json({"error": message})
    else:
        print(message, file=sys.stderr)
    return code


COUNTER_ROLES = frozenset({"clerk", "supervisor"})   # who does the window's business (受理), as the window shows it


def _clerk(store, settings) -> tuple[str, str]:
    """(login, display name) of the user signed in on this workstation, ("", "") when nobody is: the
    actor of every record the import writes is the signed-in user, never a name given on the command line.
    Raises LookupError (中文) for a user whose roles do no counter business (外勤、审计、管理员)."""
    from counter_app.sync.auth import AuthManager

    auth = AuthManager(store, settings)
    refused = auth.business_refusal()     # the centre disabled the account / retired this workstation
    if refused:
        raise LookupError(refused)
    user = auth.current_user()
    if not user:
        return "", ""
    info = auth.stored_user(user)
    if info is not None and not set(info.roles) & COUNTER_ROLES:
        raise LookupError(f"账号 {user} 不是窗口经办人或科长，不能办理窗口受理（导入办件）")
    return user, (info.display_name if info is not None else "") or user


def case_import(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.case_engine import STATE_NAMES, TransitionRefused
    from counter_app.domain.catalog import CatalogError
    from counter_app.workflows.accept import Draft, DraftError, accept_draft

    from counter_app.storage.sealed_files import SealedFileError, read_draft

    try:
        # a sealed draft (Ctrl+S) or clear JSON; utf-8-sig: a file saved by Windows Notepad starts with a BOM
        data = json.loads(read_draft(args.file).decode("utf-8-sig"))
    except FileNotFoundError:
        return _fail(f"找不到办件文件：{args.file}", args.json)
    except SealedFileError as exc:
        return _fail(f"打不开草稿文件：{exc}", args.json)
    except (OSError, UnicodeDecodeError):
        return _fail(f"读不了办件文件：{args.file}（应为 UTF-8 编码的 JSON）", args.json)
    except json.JSONDecodeError as exc:
        return _fail(f"办件文件不是有效的 JSON：第{exc.lineno}行第{exc.colno}列", args.json)
    except RecursionError:             # "[[[[…" nested deeper than the parser goes
        return _fail("办件文件不是可用的 JSON：嵌套层数过多", args.json)
    try:
        draft = Draft.from_json(data)
    except DraftError as exc:
        return _fail(str(exc), args.json)
    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            clerk, name = _clerk(store, settings)
        except LookupError as exc:
            return _fail(str(exc), args.json)
        if not clerk:
            return _fail("未登录：请先用 counter-app login 登录，再导入办件", args.json)
        draft, record_found = _with_record(store, settings, clerk, draft)
        workflow = _case_workflow(store, settings, clerk, clerk_name=args.clerk.strip() or name)
        try:
            result = accept_draft(workflow, draft)
        except (DraftError, TransitionRefused, CatalogError) as exc:
            said = getattr(exc, "reason", None) or str(exc)
            if getattr(said, "code", None) == "conditions_pending" and record_found is False:
                said += "（这些条件要按参保档案判断：未能查询到档案——本机离线且没有该人的档案缓存。请联网后再导入）"
            return _fail(said, args.json)
        printed: list[dict[str, Any]] = []
        status = 0
        if args.print_docs:
            printed, status = _print_documents(store, settings, workflow, result.case_id, clerk)
        out: dict[str, Any] = {"case_id": result.case_id, "case_no": result.case_no, "state": result.state.value,
                               "state_label": STATE_NAMES[result.state], "documents": list(result.document_numbers)}
        if result.approval_id:
            out["approval_id"] = result.approval_id    # 待审批: decided when a supervisor approves (现场 / 集中授权)
        if args.print_docs:
            out["printed"] = printed
    finally:
        store.close()
    if args.json:
        print_json(out)
    else:
        print(f"办件 {out['case_no']} 已导入：{out['state_label']}")
        if out.get("approval_id"):
            print(f"  待审批：审批申请 {out['approval_id']}，科长批准后作出决定、出具文书")
        for number in out["documents"]:
            print(f"  文书 {number}")
        for p in printed:
            print(f"  《{p['title']}》{p['state']}")
    return status


def _with_record(store, settings, clerk: str, draft) -> tuple[Any, bool | None]:
    """(``draft`` with the person's (unit's) record as the window has it before 受理; whether a record
    answer was had, None without an identifier to look up). Looked up at the centre, or in this
    machine's cache offline (audited as the signed-in user), before the import's transaction: the
    record decides the conditions that need it (达到法定退休年龄、缴费年限…). A ``registry`` the file
    itself brings is never taken. Offline with no cache the draft goes on without one, as imports did
    before records were looked up (the registration conditions are then the desk's to confirm)."""
    import dataclasses

    from counter_app.domain.conditions import registry_fact
    from counter_app.workflows.records import look_up_applicant

    facts = {k: v for k, v in draft.facts.items() if k != "registry"}
    ap = {k: str(v).strip() for k, v in draft.applicant.items() if k in ("id_number", "credit_code") and v}
    found = None
    if ap:
        records = _records(store, settings, clerk)
        view = look_up_applicant(records, draft.applicant_type, ap)
        found = view.available
        if found:
            facts["registry"] = registry_fact(view)
    return dataclasses.replace(draft, facts=facts), found


def _case_workflow(store, settings, clerk: str, clerk_name: str = ""):
    from datetime import date

    from counter_app.workflows.cases import CaseWorkflow
    from counter_app.workflows.reference import current_authorisation, current_catalog

    office = settings.office
    # the graded authorisation table (7.3.2) in force, as the window builds it (app_context.case_workflow):
    # an imported case never lets the clerk alone issue a 不予受理决定书 or accept a 注销
    required = current_authorisation(store).decisions_gated(date.today())
    return CaseWorkflow(store, actor=clerk, clerk_name=clerk_name, office=office.name, office_code=office.code,
                       workstation_id=office.workstation_id, approvals_required=required,
                       catalog_provider=lambda: current_catalog(store))


def _print_documents(store, settings, workflow, case_id: str, clerk: str) -> tuple[list[dict], int]:
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.printing.printqueue import PrintQueue

    queue = PrintQueue(store, default_printer=settings.printer.name, actor=clerk,
                       workstation_id=settings.office.workstation_id)
    out, status = [], 0
    for d in workflow.documents(case_id):
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
    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_actor
    from counter_app.workflows.case_queries import case_details

    store = open_store()
    try:
        try:    # who applied for what (masked, but a person's case all the same): a signed-in user only
            signed_in_actor(store, load_cli_settings(), "查看办件")
        except LookupError as exc:
            return _fail(str(exc), args.json)
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
    if details.get("moved_back"):
        print("（该办件原已归档外移，现已取回常用表；满期限后会再次移出）")
    for m in details["materials"]:
        print(f"  材料 {m['name']}：{m['state_label']}" + (f"（{m['problem']}）" if m["problem"] else ""))
    for s in details["steps"]:
        print(f"  步骤 {s['name']}：{s['result_label']} {s['at']}")
    for d in details["documents"]:
        print(f"  文书《{d['title']}》{d['number'] or '（未编号）'}")
    return 0


def case_list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_actor
    from counter_app.workflows.case_queries import FILTER_ALL, list_cases

    store = open_store()
    try:
        try:    # who applied for what, masked: as field visits, a signed-in user only
            signed_in_actor(store, load_cli_settings(), "列出办件")
        except LookupError as exc:
            return _fail(str(exc), args.json)
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
