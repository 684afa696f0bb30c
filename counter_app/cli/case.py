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
- ``case resubmit CASE --materials CODE,…|all [--print] [--json]``: 退回补正 — the applicant of a
  returned case (材料不齐全（已退回）) brings the materials: they are ticked over the stored ones and the
  case is decided again (``workflows.accept.resubmit_returned``, the window's resume path: one call,
  one transaction, the record looked up again as for an import); ``case import`` of the same
  applicant and items is refused naming this command;
- ``case show NUMBER [--json]``: one case (by 办件编号 or id), personal data masked;
- ``case list [--state S] [--json]``: cases, newest first;
- after 受理, what the window does on its steps page, one clerk action per command, each through the
  window's path (``workflows.accept.act_and_close``: one transaction, the case service built by
  ``app_context.case_workflow``, so the same authorisation table gates it): ``case steps CASE``
  (the steps, the next one and what it needs), ``case step CASE STEP_CODE [--result R] [--data
  FILE|-]`` (by the step's kind as ``ui.workspace.panel_steps`` maps it; 核定数据 checked as the
  window's typed form checks it), ``case complete`` (办结), ``case archive`` (归档), ``case deny
  --reason …`` (不予认定). An action the table holds for a supervisor raises the approval request
  as the window does and exits :data:`EXIT_APPROVAL_REQUESTED` (5). The fingerprint and the
  资格认证 are the window's (refused with the pointer). ``--json`` keys: ``ok, case, case_id, state,
  state_label, action, step, documents, next_step`` when done; ``refused, reason, refusal_code``
  when refused (exit 1); ``approval_requested, approval_id, reason`` when it waits (exit 5);
  ``already, approved_by`` when a supervisor's approval had already carried it out.

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
    parser = subparsers.add_parser("case", help="办件：预审（不建办件）、导入（综合受理转入）、退回补正后重新提交、查看、列表；"
                                                   "受理后的步骤、办结、归档、不予认定")
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
    _register_steps(sub)
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


def _clerk(store, settings, doing: str = "办理窗口受理（导入办件）", case: str = "") -> tuple[str, str]:
    """(login, display name) of the user signed in on this workstation, ("", "") when nobody is: the
    actor of every record the import writes is the signed-in user, never a name given on the command line.
    Raises LookupError (中文, naming ``doing``) for a user whose roles do no counter business (外勤、审计、
    管理员): the check the window's case service makes (CaseWorkflow.require_counter_role), audited as it is."""
    from counter_app.sync.auth import AuthManager

    auth = AuthManager(store, settings)
    refused = auth.business_refusal()     # the centre disabled the account / retired this workstation
    if refused:
        raise LookupError(refused)
    user = auth.current_user()
    if not user:
        return "", ""
    info = auth.stored_user(user)
    if info is not None:
        from counter_app.domain.case_engine import TransitionRefused
        from counter_app.workflows.cases import CaseWorkflow

        try:
            CaseWorkflow(store, actor=user, roles=info.roles,
                         workstation_id=settings.office.workstation_id).require_counter_role(doing, case=case)
        except TransitionRefused as exc:
            raise LookupError(str(exc.reason)) from None
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
            said += _resubmit_hint(said)
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


def _resubmit_hint(reason) -> str:
    """How to continue the earlier case a same-case refusal names, when it is a returned case of this
    store (材料不齐全（已退回）): the command that resubmits it with the materials brought; else ""."""
    from counter_app.domain.case_engine import STATE_NAMES, CaseState

    params: tuple[str, ...] = tuple(getattr(reason, "params", ()))
    if getattr(reason, "code", None) in ("duplicate_case", "duplicate_case_item") and len(params) > 2 \
            and params[2] == STATE_NAMES[CaseState.returned]:
        return (f"。申请人补齐材料再来的，在该办件中重新提交：counter-app case resubmit {params[1]} "
                "--materials 补齐的材料编码,…（或 all）")
    return ""


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
    """The clerk's CaseWorkflow built as the window builds it (``app_context.case_workflow``): the
    graded authorisation table (7.3.2) in force gates it the same way — an imported case never lets
    the clerk alone issue a 不予受理决定书 or accept a 注销, no step after 受理 lets them alone issue
    a 不予认定决定书 — and 归档 writes the case's archive package where the window's does."""
    from counter_app.app_context import AppContext, UserSession, case_workflow
    from counter_app.paths import app_paths

    from counter_app.sync.auth import AuthManager

    info = AuthManager(store, settings).stored_user(clerk)    # its roles: the workflow refuses an auditor
    ctx = AppContext(settings, app_paths(), store=store, user=UserSession(
        username=clerk, display_name=clerk_name, roles=tuple(info.roles) if info is not None else ()))
    return case_workflow(ctx)


def _approval_requested(store, case_id: str, approval_id: str) -> dict:
    """The keys of a case command's answer when its action raised an approval request (--json)."""
    text = (_approval_keys(store, case_id) or {}).get("text") or "须负责人审批"
    return {"approval_requested": True, "approval_id": approval_id, "reason": text, "error": text}


def _say_approval_requested(out: dict) -> None:
    """What a case command that raised an approval request tells the clerk (stderr: the action waits)."""
    print(f"办件 {out['case']}：{out['reason']}。已提出审批申请 {out['approval_id']}（同步后送达负责人；"
          "负责人集中授权、同步后按申请办理，或在窗口现场授权）", file=sys.stderr)


def _print_documents(store, settings, workflow, case_id: str, clerk: str,
                     only: set | None = None) -> tuple[list[dict], int]:
    """Send the case's issued documents (``only``: these document ids) to the print queue."""
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.printing.backends import printer_backend
    from counter_app.printing.printqueue import PrintQueue

    queue = PrintQueue(store, printer_backend(settings), default_printer=settings.printer.name, actor=clerk,
                       workstation_id=settings.office.workstation_id, roles=workflow.roles)
    out, status = [], 0
    for d in workflow.documents(case_id):
        if d.get("status") != "issued" or not d.get("issued_id") or (only is not None and d["issued_id"] not in only):
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
        settings = load_cli_settings()
        try:    # who applied for what (masked, but a person's case all the same): a signed-in user only
            actor = signed_in_actor(store, settings, "查看办件")
        except LookupError as exc:
            return _fail(str(exc), args.json)
        from counter_app.storage.permissions import RoleRefused
        from counter_app.sync.auth import AuthManager

        info = AuthManager(store, settings).stored_user(actor)   # its roles: who may bring a moved-out case back
        try:
            details = case_details(store, args.number, actor=actor, roles=info.roles if info is not None else None,
                                   workstation_id=settings.office.workstation_id)
        except RoleRefused as exc:
            return _fail(str(exc.reason), args.json)
    finally:
        store.close()
    if details is None:
        return _fail(f"本机没有办件 {args.number}", args.json)
    if args.json:
        print_json(details)
        return 0
    print(f"办件 {details['case_no']} · {details['service_name']} · {details['state_label']}")
    print(f"申请人：{_stored(details['applicant'])} {details['id_masked']}")
    print(f"结果：{_stored(details['outcome'])}")
    if details.get("approval"):
        print(f"审批：{_stored(details['approval'])}")
    if details.get("duplicate"):
        print(_stored(details["duplicate"]))
    if details.get("archive_code"):
        print(f"档号：{details['archive_code']}")
    if details.get("moved_back"):
        print("（该办件原已归档外移，现已取回常用表；满期限后会再次移出）")
    for m in details["materials"]:
        print(f"  材料 {m['name']}：{m['state_label']}" + (f"（{_stored(m['problem'])}）" if m["problem"] else ""))
    for s in details["steps"]:
        print(f"  步骤 {s['name']}：{s['result_label']} {s['at']}")
    for d in details["documents"]:
        print(f"  文书《{d['title']}》{d['number'] or '（未编号）'}")
    return 0


def _stored(text: object) -> str:
    """Free text a case holds (a name, a material's problem, a reason) fit for the terminal: a value
    stored before import refused control characters cannot drive it (an OSC title, ESC[2J, an RLO)."""
    from counter_protocol.free_text import shown

    return shown(str(text or ""), 2000)


def case_list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_actor
    from counter_app.workflows.case_queries import FILTER_ALL, list_cases

    store = open_store()
    try:
        try:    # who applied for what, masked: as field visits, a signed-in user only
            signed_in_actor(store, load_cli_settings(), "列出办件")
        except LookupError as exc:
            return _fail(str(exc), args.json)
        # the state and the limit in SQL: a year's store is not loaded to print a few rows
        rows = list_cases(store, FILTER_ALL, limit=max(args.limit, 0), state=args.state or None)
    finally:
        store.close()
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
        print(f"{r.case_no}  {r.service_name}  {_stored(r.applicant)} {r.id_masked}  {r.state_label}"
              + (f"  （{_stored(r.waiting)}）" if r.waiting else ""))
    return 0


# ------------------------------------------------------------------------------------ after 受理: steps, 办结, 归档, 不予认定

#: exit codes of ``case step / complete / archive / deny`` (the CLI's: 0 done, 1 refused, 2 usage,
#: 3 the local store or disk, 4 a document waits at the printer)
EXIT_PRINT_WAITING = 4
EXIT_APPROVAL_REQUESTED = 5     # the action waits for a supervisor: the approval request is raised (待审批)

EXIT_CODES = ("退出码：0 已办理；1 被拒绝（原因见输出，办件不变）或出错；2 参数错误；3 本机数据库或磁盘有问题；"
              "4 已办理，但文书在打印队列中等待（--print）；5 须负责人审批：已提出审批申请（或该申请已在等待），"
              "办件等待审批，负责人批准（集中授权，同步后生效；或在窗口现场授权）后按申请办理。")

# the step kinds whose results take data of their own (what ``case steps`` says a step needs)
_KIND_DATA = {
    "publicity": {"started": '{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "work_type": "特殊工种名称"}',
                  "objection": '{"objection": "异议内容"}'},
    "verification": {"eligible": '{"finding": "核查情况"}', "not_eligible": '{"finding": "核查情况"}'},
    "delivery": {"done": '{"method": "mail" | "pickup", "address": "邮寄地址（mail 时必填）"}'},
    "sheet_reviewed": {"failed": '{"reason": "不通过的原因"}'},
    "review": {"supplement": '{"missing_items": [{"material_code", "material", "problem", "what_to_bring"}]}'},
}
# the 核准决定书 of a 历史信息审核 (6.5.2.3): the periods it approves (counter_rules.deemed_years)
_DEEMED_YEARS_DATA = ('{"deemed_years": {"periods": [{"start": "YYYY-MM", "end": "YYYY-MM", "unit": "工作单位（可选）"}], '
                      '"total_months": 合计月数（可选，须等于各段之和）, '
                      '"record_difference_confirmed": true（合计与档案记载的视同缴费月数不同时，核对后确认）}}')
_TRANSFER_KINDS = frozenset({"letter_generated", "letter_sent", "sheet_awaited", "sheet_received", "sheet_reviewed",
                             "sheet_generated", "sheet_sent", "fund_transfer", "termination", "continuation"})
_STATUS_LABELS = {"done": "已办理", "open": "待办理", "optional": "可选", "skipped": "不适用", "not_applicable": "不适用"}

FINGERPRINT_IN_WINDOW = ("指纹须在窗口当场采集（6.6.1.1.2.3）：在窗口打开该办件，按 F7 采集；确实无法采集时在窗口填写原因后点"
                         "“无法采集指纹”，等待负责人审批。命令行不登记指纹步骤（counter-app fingerprint list / capture "
                         "只用于检查采集器，不保存到办件）")
CERTIFY_IN_WINDOW = ("资格认证须在窗口核验本人身份（指纹比对，无模板或比对不通过时照片比对）后登记结果：在窗口打开该办件办理；"
                     "命令行不登记认证结果")


class _Refused(Exception):
    """The command refuses before any workflow call (bad step data, a step done at the window only):
    the Chinese reason; nothing is stored."""


def _register_steps(sub) -> None:
    import argparse as ap

    def parser(name: str, help_: str, description: str):
        """One subcommand of a case: its CASE argument and --json, as every one of them takes."""
        p = sub.add_parser(name, help=help_, description=description, epilog=EXIT_CODES,
                           formatter_class=ap.RawDescriptionHelpFormatter)
        p.add_argument("case", metavar="CASE", help="办件编号或内部编号（同 case show）")
        p.add_argument("--json", action="store_true", help="输出 JSON（字段稳定，供脚本使用）")
        return p

    rs = parser("resubmit", "退回补正：材料不齐全（已退回）的办件，申请人补齐材料后重新提交受理审核（须登录）",
                "申请人带着《业务指引告知书》所列材料再来时，在原办件中继续办理（与窗口打开已退回的办件、勾选补齐的材料后"
                "Ctrl+Enter 重新提交相同）：--materials 所列材料记为已提交，其余录入信息保持原样；按参保档案（重新查询）和"
                "规则重新作出受理审核决定——材料齐全的受理，出具《受理告知书》；仍不齐全的再出具《业务指引告知书》，"
                "一次性列明尚需补齐补正的全部材料；不符合受理条件的按分级授权表提出不予受理审批申请（退出码 5）。"
                "一次操作，一个事务，记入待同步和审计。材料编码见 case show（materials）或 case precheck。")
    rs.add_argument("--materials", required=True, metavar="CODE,…|all",
                    help="申请人补齐的材料：编码,编码…（逗号分隔，见 case show），或 all（全部材料已齐）")
    rs.add_argument("--print", dest="print_docs", action="store_true", help="出具的文书送打印机")
    rs.add_argument("--clerk", default="", help="文书上印的经办人姓名（缺省为登录账号的姓名）；办件和审计记录一律记本机登录的账号")
    rs.set_defaults(func=case_resubmit)

    st = parser("steps", "办件受理后的步骤：各步骤状态、下一步及其所需（结果、核定数据项、审批）（须登录）",
                "列出办件的服务步骤（编码、名称、条款、状态、结果、经办人与时间）、下一步及其所需：可登记的结果、"
                "步骤数据、核定数据项（含档案和规则已得出的值）、是否须负责人审批；以及下一个办理动作"
                "（step / complete / archive / deny）和已出具的文书。")
    st.set_defaults(func=case_steps)

    sp = parser("step", "办理一个步骤：登记结果（核定数据用 --data 给出）",
                "按步骤种类办理，与窗口相同：公示开始 / 期满（有无异议）、核查、转移接续各步骤、送达，以及其他步骤；"
                "有核定数据项的步骤按窗口的核定表单校验 --data 给出的数据（档案已有的值和规则计算的值自动带入）。"
                "一次办理一个步骤，一个事务；办完最后一步后用 case complete 办结、case archive 归档。"
                "指纹采集和资格认证须在窗口办理。")
    sp.add_argument("step_code", metavar="STEP_CODE", help="步骤编码（见 case steps）")
    sp.add_argument("--result", default=None,
                    help="结果：done（缺省，步骤可登记 done 时）、started、no_objection、objection、eligible、"
                         "not_eligible、passed、failed、supplement（见 case steps）")
    sp.add_argument("--data", default=None, metavar="FILE|-",
                    help="步骤数据：JSON 对象的文件，- 为标准输入。核定数据 {\"分组\": {\"项目\": 值}}（或 {\"分组.项目\": 值}）；"
                         "公示开始 {start, end, work_type}；公示有异议 {objection}；核查 {finding}；"
                         "送达 {method: mail|pickup, address}；信息表审核不通过 {reason}；"
                         "视同缴费年限核准决定书 {deemed_years: {periods: [{start, end, unit}], total_months, "
                         "record_difference_confirmed}}（见 case steps）")
    sp.add_argument("--print", dest="print_docs", action="store_true", help="本步骤出具的文书送打印机")
    sp.set_defaults(func=case_step)

    co = parser("complete", "办结：所有步骤办理完毕后办结，出具办结文书（须登录）",
                "已受理 → 办结（所有必需步骤办理完毕后）；该事项的办结文书随之出具（步骤已出具的不再重复）。")
    co.add_argument("--print", dest="print_docs", action="store_true", help="出具的文书送打印机")
    co.set_defaults(func=case_complete)

    ar = parser("archive", "归档：办结、不予认定或不予受理的办件归档，写出档案包（须登录）",
                "办结 / 不予认定 / 不予受理 → 归档（办结后的送达等步骤须先办理）；写出办件的档案包（7.2）。")
    ar.set_defaults(func=case_archive)

    de = parser("deny", "不予认定：公示有异议且核查不符合后作出（须负责人审批）（须登录）",
                "已受理 → 不予认定（6.6.1.1.1.3：公示有异议、核查不符合办理要求后），出具《不予认定决定书》。"
                "按分级授权（7.3.2）须负责人审批：未经批准时提出审批申请（退出码 5），负责人批准后"
                "（集中授权同步后生效，或窗口现场授权）按申请的理由作出决定。")
    de.add_argument("--reason", dest="reasons", action="extend", nargs="+", required=True, metavar="TEXT",
                    help="不予认定的理由（可给多条）")
    de.add_argument("--print", dest="print_docs", action="store_true", help="出具的文书送打印机")
    de.set_defaults(func=case_deny)


def _find_case(store, number: str) -> str | None:
    """The internal id of the case ``number`` names (办件编号 or id, as ``case show`` takes it); a case
    moved out by housekeeping is brought back first, as opening it does. None when not here."""
    from sqlalchemy import or_, select

    from counter_app.storage.archive import restore_case
    from counter_app.storage.tables_cases import CaseRow

    with store.session() as s:
        found = s.scalar(select(CaseRow.id).where(or_(CaseRow.case_no == number, CaseRow.id == number)))
    if found is None:
        found = restore_case(store, number)
    return found


def _case_keys(view) -> dict[str, Any]:
    from counter_app.domain.case_engine import STATE_NAMES

    return {"case": view.case.case_no, "case_id": view.case.id, "state": view.case.state.value,
            "state_label": STATE_NAMES[view.case.state]}


def _refusal_out(args, number: str, view, reason: str, *, code: str | None = None) -> int:
    """A refusal: ``{"ok": false, "case", "case_id", "state", "state_label", "refused": true,
    "reason", "refusal_code", "error"}`` under ``--json``, else the Chinese reason on stderr; exit 1."""
    from counter_app.cli._common import print_json

    if args.json:
        keys = _case_keys(view) if view is not None else {"case": number, "case_id": None, "state": None,
                                                          "state_label": None}
        print_json({"ok": False, **keys, "refused": True, "reason": str(reason), "refusal_code": code,
                    "error": str(reason)})
    else:
        print(f"未办理：{reason}", file=sys.stderr)
    return 1


def _case_at_hand(store, settings, args, doing: str):
    """The signed-in clerk's workflow and the case ``args.case`` names, as ``(workflow, case id)``;
    or the exit code of the refusal already said (nobody signed in, no such case here)."""
    try:
        clerk, name = _signed_in_clerk(store, settings, doing, case=args.case)
    except LookupError as exc:
        return _refusal_out(args, args.case, None, str(exc))
    cid = _find_case(store, args.case)
    if cid is None:
        return _refusal_out(args, args.case, None, f"本机没有办件 {args.case}")
    return _case_workflow(store, settings, clerk, clerk_name=name), cid


def _signed_in_clerk(store, settings, doing: str, case: str = "") -> tuple[str, str]:
    """(login, display name) of the signed-in counter user; LookupError (中文) otherwise."""
    from counter_app.cli._common import NOT_SIGNED_IN

    login, name = _clerk(store, settings, doing, case)
    if not login:
        raise LookupError(f"{NOT_SIGNED_IN}，再{doing}")
    return login, name


def _documents(workflow, case_id: str) -> list[dict]:
    from counter_app.domain.documents import DOCUMENTS, DocumentKind

    return [{"kind": d["kind"], "title": DOCUMENTS[DocumentKind(d["kind"])].title, "number": d.get("number"),
             "status": d["status"], "issued_id": d.get("issued_id")} for d in workflow.documents(case_id)]


def _approval_keys(store, case_id: str) -> dict | None:
    """The case's latest approval request: ``{"id", "action", "state", "text"}`` (None without one)."""
    from sqlalchemy import select

    from counter_app.storage.tables_approvals import ApprovalRequestRow
    from counter_app.workflows.approvals import latest_approval, status_text

    status = latest_approval(store, case_id)
    if status is None:
        return None
    with store.session() as s:
        rid = s.scalar(select(ApprovalRequestRow.id).where(ApprovalRequestRow.case_id == case_id)
                       .order_by(ApprovalRequestRow.made_at.desc(), ApprovalRequestRow.id.desc()).limit(1))
    return {"id": rid, "action": status.action, "state": status.state, "text": status_text(status)}


def _latest_result(view, step_code: str) -> str | None:
    from counter_app.domain import case_engine

    rec = case_engine.latest(view.case, step_code)
    return rec.result if rec is not None else None


def _already_approved(workflow, case_id: str, action_name: str, step_code: str | None) -> str | None:
    """Who approved it, when what the command asks for was already carried out on a supervisor's
    approval (集中授权 pulled from the centre, or 现场授权 at the window) — the step recorded with its
    approver, the 不予认定 made — so that running the command again after the approval says so
    (exit 0) instead of a refusal; None otherwise."""
    from counter_app.domain import case_engine
    from counter_app.domain.case_engine import CaseState

    view = workflow.get(case_id)
    if action_name == "step" and step_code:
        rec = case_engine.latest(view.case, step_code)
        return rec.approved_by if rec is not None and rec.approved_by else None
    if action_name == "deny" and view.case.state in (CaseState.denied, CaseState.archived):
        denied = [h for h in workflow.history(case_id) if h["action"] == "deny"]
        return denied[-1]["approved_by"] or None if denied else None
    return None


def _read_step_data(spec: str | None) -> dict:
    """The ``--data`` JSON object (a file, or stdin with ``-``); _Refused with the Chinese reason."""
    from counter_app.cli._common import file_problem

    if spec is None:
        return {}
    try:
        text = sys.stdin.read() if spec == "-" else Path(spec).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _Refused(f"无法读取步骤数据文件 {spec}：{file_problem(exc)}") from None
    except UnicodeDecodeError:
        raise _Refused(f"步骤数据文件 {spec} 应为 UTF-8 编码的 JSON") from None
    where = "标准输入" if spec == "-" else f"步骤数据文件 {spec}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Refused(f"{where}不是有效的 JSON：第{exc.lineno}行第{exc.colno}列") from None
    except RecursionError:
        raise _Refused(f"{where}不是可用的 JSON：嵌套层数过多") from None
    if not isinstance(data, dict):
        raise _Refused(f"{where}应为一个 JSON 对象")
    return data


def _decision_form(workflow, view, step, data: dict) -> dict:
    """The step's 核定数据 as the window's typed form gives it (ui.workspace.decision_form, whose pure
    parts are here): prefilled from the person's record (``from_record``), the clerk's entries from
    ``data`` over them, the rule-computed fields computed (``compute``) unless given, then checked
    (``check_all``, ``unfinished``). Returns ``data`` with each group replaced by the checked values;
    _Refused names every problem. The engine checks the step again when it is recorded."""
    from counter_app.domain.case_engine import rule_context
    from counter_rules.decision_data import check_all, compute, from_record, unfinished

    fields = tuple(step.decision_data)
    by_code = {f.code: f for f in fields}
    groups = {f.group for f in fields}
    entered: dict[str, str] = {}
    unknown: list[str] = []
    rest = {}
    for key, value in data.items():
        if key in groups and isinstance(value, dict):
            for k, v in value.items():
                (unknown.append(f"{key}.{k}") if f"{key}.{k}" not in by_code else
                 entered.__setitem__(f"{key}.{k}", "" if v is None else str(v)))
        elif key in by_code:
            entered[key] = "" if value is None else str(value)
        else:
            rest[key] = value
    if unknown:
        raise _Refused(f"「{step.name}」没有核定数据项：{'、'.join(unknown)}；可用：{'、'.join(by_code)}")
    facts = view.case.facts
    values = from_record(fields, facts)
    rules = {f.code for f in fields if f.source == "rules"}
    overridden = {c for c in rules if values.get(c) not in (None, "")}    # the record's figures are kept as given
    values.update(entered)
    overridden |= {c for c in rules & set(entered) if entered[c] != ""}
    current = {k: v for k, v in values.items() if k not in rules or k in overridden}
    ctx = rule_context(view.case, workflow.now().date(), workflow.params())
    computed, _notes = compute(view.service.code, fields, current, ctx, overridden=frozenset(overridden))
    for code in rules - overridden:
        values[code] = computed.get(code, "")
    checked, problems = check_all(fields, values)
    if not problems:
        known = {k: v for g in groups for k, v in ((facts.get(g) or {}).items() if isinstance(facts.get(g), dict) else ())}
        problems = unfinished(view.service.code, values, known, ctx)
    if problems:
        raise _Refused("核定数据不完整或有误：" + "；".join(str(p) for p in problems))
    return {**rest, **checked}


def _step_action(workflow, view, step_code: str, result: str | None, data: dict):
    """(the workflow call for this step, by its kind as the window maps it — ui.workspace.panel_steps —,
    the result recorded); _Refused for what only the window does, or data missing."""
    from counter_app.domain.case_engine import STEP_RESULTS

    cid = view.case.id
    step = next((s for s in view.service.steps if s.code == step_code), None)
    if step is None:     # the engine says the service has no such step
        r = result or "done"
        return (lambda w: w.record_step(cid, step_code, r, data=data)), r
    kind = step.kind.value
    if kind == "fingerprint":
        raise _Refused(FINGERPRINT_IN_WINDOW)
    if view.service.code == "certification" and step.code == "certify":
        raise _Refused(CERTIFY_IN_WINDOW)
    if view.service.code == "certification" and step.code == "home_visit_request":
        # 上门认证 (5.6.3 a): the request for the field roster, its 告知单 and 办结, as at the window
        from counter_app.workflows.home_visit import raise_home_visit

        reason = str(data.get("reason") or "")
        return (lambda w: raise_home_visit(w, cid, reason=reason)), "done"
    allowed = STEP_RESULTS.get(step.kind, ("done",))
    if result is None:
        if "done" not in allowed:
            from counter_app.domain.terms import result_name

            raise _Refused(f"「{step.name}」须用 --result 给出结果："
                           + "、".join(f"{r}（{result_name(r, step.kind)}）" for r in allowed))
        result = "done"
    if step.decision_data and result == "done" and view.next_step == step.code:
        data = _decision_form(workflow, view, step, data)            # the typed 核定 form, as the window's
    if kind == "publicity" and result == "started":
        return (lambda w: w.start_publicity(cid, start=str(data.get("start") or ""), end=str(data.get("end") or ""),
                                            work_type=str(data.get("work_type") or ""), years=str(data.get("years") or ""),
                                            contact=str(data.get("contact") or ""))), result
    if kind == "publicity" and result == "no_objection":
        return (lambda w: w.close_publicity(cid)), result
    if kind == "publicity" and result == "objection":
        objection = str(data.get("objection") or "").strip()
        if not objection:
            raise _Refused("请在 --data 中写明异议内容：{\"objection\": \"…\"}")
        return (lambda w: w.close_publicity(cid, objection=objection)), result
    if kind == "verification" and result in ("eligible", "not_eligible"):
        return (lambda w: w.record_verification(cid, eligible=result == "eligible",
                                                finding=str(data.get("finding") or ""))), result
    if kind in _TRANSFER_KINDS and result in ("done", "passed", "failed"):
        passed = {"passed": True, "failed": False}.get(result)
        rest = {k: v for k, v in data.items() if k != "reason"}
        reason = str(data.get("reason") or "")
        return (lambda w: w.record_transfer_step(cid, step.code, data=rest, passed=passed, reason=reason)), result
    return (lambda w: w.record_step(cid, step.code, result, data=data)), result


def _act(args, doing: str, action_name: str, build) -> int:
    """One clerk action on the case ``args.case`` through the window's path
    (``workflows.accept.act_and_close``, without the automatic 办结 / 归档: each command is one action):
    ``build(workflow, view)`` gives ``(the workflow call, extra output)``. Prints the outcome."""
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.domain.terms import result_name
    from counter_app.workflows.accept import act_and_close
    from counter_app.workflows.approvals import ApprovalRefused

    settings = load_cli_settings()
    store = open_store()
    try:
        found = _case_at_hand(store, settings, args, doing)
        if isinstance(found, int):
            return found
        workflow, cid = found
        view = workflow.get(cid)
        before = len(workflow.documents(cid))
        try:
            action, extra = build(workflow, view)
            done = act_and_close(workflow, cid, action, close=False)
        except _Refused as exc:
            return _refusal_out(args, args.case, view, str(exc))
        except (TransitionRefused, ApprovalRefused) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            code = getattr(reason, "code", None)
            by = _already_approved(workflow, cid, action_name, getattr(args, "step_code", None)) \
                if code in ("step_done", "state") else None
            if by is None:
                return _refusal_out(args, args.case, workflow.get(cid), reason, code=code)
            view = workflow.get(cid)
            said: dict[str, Any] = {"ok": True, **_case_keys(view), "action": action_name, "already": True, "approved_by": by,
                   "documents": [], "next_step": view.next_step, "reason": str(reason)}
            if getattr(args, "step_code", None):
                said["step"] = {"code": args.step_code, "name": next(
                    (s.name for s in view.service.steps if s.code == args.step_code), args.step_code),
                    "result": _latest_result(view, args.step_code)}
            from counter_app.workflows.approvals import people_names_in

            with workflow.store.session() as s:     # the approver by name (docs/supervisors.md), login id kept
                said["approved_by_name"] = people_names_in(s, [by], [cid]).get(by, "")
            if args.json:
                print_json(said)
            else:
                who = said["approved_by_name"] or by
                print(f"办件 {said['case']}：已按负责人 {who} 的审批办理（{reason}）；无须再办理")
            return 0
        view = workflow.get(cid)
        docs = _documents(workflow, cid)
        new = [d for d in docs[before:] if d["status"] == "issued"]
        out: dict[str, Any] = {"ok": not done.approval_id, **_case_keys(view), "action": action_name}
        if done.approval_id:
            out.update(_approval_requested(store, cid, done.approval_id))
            out.update(extra)
            status = EXIT_APPROVAL_REQUESTED
        else:
            out.update(extra)
            out.update({"documents": [{k: d[k] for k in ("kind", "title", "number")} for d in new],
                        "next_step": None if _denial_ready(view) else view.next_step})
            if action_name == "archive":      # 档号 of the package written with the 归档
                from counter_app.printing.archive_package import archive_code_of

                out["archive_code"] = archive_code_of(store, view.case.case_no)
            status = 0
            if getattr(args, "print_docs", False) and new:
                printed, status = _print_documents(store, settings, workflow, cid, workflow.actor,
                                                   only={d["issued_id"] for d in new})
                out["printed"] = printed
    finally:
        store.close()
    if args.json:
        print_json(out)
        return status
    if out.get("approval_requested"):
        _say_approval_requested(out)
        return status
    what = {"step": lambda: f"已办理步骤 {out['step']['code']} {out['step']['name']}："
                            f"{result_name(out['step']['result'], _step_kind(view, out['step']['code']))}",
            "complete": lambda: "已办结", "archive": lambda: "已归档", "deny": lambda: "已作出不予认定决定"}[action_name]()
    print(f"办件 {out['case']} {what}（{out['state_label']}）")
    if out.get("archive_code"):
        print(f"  档号 {out['archive_code']}")
    for d in out["documents"]:
        print(f"  出具《{d['title']}》文号 {d['number'] or '（未编号）'}")
    for p in out.get("printed", []):
        print(f"  《{p['title']}》{p['state']}")
    if out["documents"] and not out.get("printed"):
        print("  打印：加 --print 送打印机；打印任务用 counter-app print queue / retry / move 查看和处理")
    if out["next_step"]:
        print(f"  下一步：{out['next_step']}（counter-app case steps {out['case']}）")
    return status


def case_resubmit(args: argparse.Namespace) -> int:
    """``case resubmit CASE --materials CODE,…|all``: a returned case (材料不齐全（已退回）) resubmitted
    with the materials the applicant brought, through ``workflows.accept.resubmit_returned`` (the
    window's resume path: one call, one transaction)."""
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.case_engine import CaseState, TransitionRefused
    from counter_app.domain.catalog import CatalogError
    from counter_app.workflows.accept import Draft, DraftError, resubmit_returned

    spec = (args.materials or "").strip()
    brought = None if spec == "all" else [c for c in (p.strip() for p in spec.split(",")) if c]
    if brought == []:
        return _refusal_out(args, args.case, None, "请用 --materials 列出申请人补齐的材料编码（逗号分隔），或 all")
    settings = load_cli_settings()
    store = open_store()
    try:
        found = _case_at_hand(store, settings, args, "重新提交退回补正的办件")
        if isinstance(found, int):
            return found
        workflow, cid = found
        if args.clerk.strip():
            workflow = _case_workflow(store, settings, workflow.actor, clerk_name=args.clerk.strip())
        view = workflow.get(cid)
        before = len(workflow.documents(cid))
        try:
            facts: dict[str, Any] = {}
            if view.case.state is CaseState.returned:      # the record looked up again, as the window does
                _draft, _found = _with_record(store, settings, workflow.actor, Draft(
                    view.case.service_code, view.case.applicant_type, dict(view.case.applicant)))
                facts = dict(_draft.facts)
            result = resubmit_returned(workflow, cid, brought, facts=facts)
        except (DraftError, TransitionRefused, CatalogError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            return _refusal_out(args, args.case, workflow.get(cid), reason, code=getattr(reason, "code", None))
        view = workflow.get(cid)
        docs = _documents(workflow, cid)
        new = [d for d in docs[before:] if d["status"] == "issued"]
        out: dict[str, Any] = {"ok": not result.approval_id, **_case_keys(view), "action": "resubmit",
                               "outcome": result.outcome.value if result.outcome else None,
                               "documents": [{k: d[k] for k in ("kind", "title", "number")} for d in new],
                               "missing": [m.as_dict() for m in view.case.missing]
                               if view.case.state is CaseState.returned else [],
                               "next_step": view.next_step if view.case.state is CaseState.accepted else None}
        status = 0
        if result.approval_id:
            out.update(_approval_requested(store, cid, result.approval_id))
            status = EXIT_APPROVAL_REQUESTED
        elif args.print_docs and new:
            printed, status = _print_documents(store, settings, workflow, cid, workflow.actor,
                                               only={d["issued_id"] for d in new})
            out["printed"] = printed
    finally:
        store.close()
    if args.json:
        print_json(out)
        return status
    if out.get("approval_requested"):
        _say_approval_requested(out)
        return status
    print(f"办件 {out['case']} 已重新提交：{out['state_label']}")
    for d in out["documents"]:
        print(f"  出具《{d['title']}》文号 {d['number'] or '（未编号）'}")
    for m in out["missing"]:
        print(f"  尚需补齐补正：{m['material']}——{m['problem']}；{m['what_to_bring']}")
    for p in out.get("printed", []):
        print(f"  《{p['title']}》{p['state']}")
    if out["documents"] and not out.get("printed"):
        print("  打印：加 --print 送打印机；打印任务用 counter-app print queue / retry / move 查看和处理")
    if out["next_step"]:
        print(f"  下一步：{out['next_step']}（counter-app case steps {out['case']}）")
    return status


def _step_kind(view, step_code: str):
    """The kind of the service's step ``step_code`` (None when the service has no such step)."""
    return next((s.kind for s in view.service.steps if s.code == step_code), None)


def case_step(args: argparse.Namespace) -> int:
    try:
        data = _read_step_data(args.data)
    except _Refused as exc:
        return _refusal_out(args, args.case, None, str(exc))

    def build(workflow, view):
        action, result = _step_action(workflow, view, args.step_code, args.result, data)
        name = next((s.name for s in view.service.steps if s.code == args.step_code), args.step_code)
        return action, {"step": {"code": args.step_code, "name": name, "result": result}}

    return _act(args, "办理步骤", "step", build)


def case_complete(args: argparse.Namespace) -> int:
    return _act(args, "办结办件", "complete", lambda workflow, view: ((lambda w: w.complete(view.case.id)), {}))


def case_archive(args: argparse.Namespace) -> int:
    return _act(args, "归档办件", "archive", lambda workflow, view: ((lambda w: w.archive(view.case.id)), {}))


def case_deny(args: argparse.Namespace) -> int:
    reasons = [r.strip() for r in args.reasons if r and r.strip()]
    return _act(args, "作出不予认定决定", "deny",
                lambda workflow, view: ((lambda w: w.deny(view.case.id, reasons)), {"reasons": reasons}))


def _denial_ready(view) -> bool:
    """The 核查 found the case ineligible: no step is left but the 不予认定 (as the window's steps page)."""
    from counter_app.domain import case_engine
    from counter_app.domain.case_engine import CaseState

    return view.case.state is CaseState.accepted and any(
        s.last and s.last.result == "not_eligible" for s in case_engine.step_statuses(view.case, view.service))


def _next_action(view) -> str | None:
    """What the clerk does next: ``step``, ``complete``, ``deny``, ``archive`` or None (the engine's
    rules asked, nothing changed)."""
    from counter_app.domain import case_engine
    from counter_app.domain.case_engine import CaseState, TransitionRefused

    case, service = view.case, view.service
    if _denial_ready(view):
        return "deny"
    if view.next_step:
        return "step"
    if case.state is CaseState.accepted:
        try:
            case_engine.complete(case, service)
            return "complete"
        except TransitionRefused:
            return None
    if case.state in (CaseState.completed, CaseState.denied, CaseState.rejected):
        try:
            case_engine.archive(case, service)
            return "archive"
        except TransitionRefused:
            return None
    return None


def _step_needs(workflow, view, step, held: dict[str, str]) -> dict[str, Any]:
    """What recording ``step`` needs: its results, the data each takes, its 核定数据 fields (with the
    values the record and the rules give now), the approvals it may need, whether it is headless."""
    from counter_app.domain.case_engine import ESCALATING, STEP_RESULTS
    from counter_app.domain.catalog import ESCALATION_NAMES, Escalation
    from counter_app.domain.documents import DocumentKind
    from counter_app.domain.terms import result_name

    kind = step.kind.value
    allowed = STEP_RESULTS.get(step.kind, ("done",))
    headless = kind != "fingerprint" and not (view.service.code == "certification" and step.code == "certify")
    fields: list[dict] = []
    if step.decision_data:
        from counter_app.domain.case_engine import rule_context
        from counter_rules.decision_data import compute, from_record

        values = from_record(tuple(step.decision_data), view.case.facts)
        rules = {f.code for f in step.decision_data if f.source == "rules"}
        given = {c for c in rules if values.get(c) not in (None, "")}
        computed, _ = compute(view.service.code, tuple(step.decision_data), values,
                              rule_context(view.case, workflow.now().date(), workflow.params()), overridden=frozenset(given))
        values.update(computed)
        fields = [{**f.as_dict(), "value": values.get(f.code) or None} for f in step.decision_data]
    approvals = []
    if step.escalation is not None and ESCALATING.get(step.kind):
        approvals.append({"escalation": step.escalation.value, "name": ESCALATION_NAMES[step.escalation],
                          "results": sorted(ESCALATING[step.kind]),
                          "required": step.escalation in workflow.approvals_required})
    if step.kind.value == "verification":
        approvals.append({"escalation": "denial", "name": ESCALATION_NAMES[Escalation.denial],
                          "results": ["not_eligible"], "required": True})
    from counter_app.domain.authorisation import BENEFIT_GROUPS

    # only a benefit decision (待遇核定: pension, allowance, death_benefits) is weighed against the table's
    # limits; a 联系函 / 信息表 / 基金划转 / 查询 step's 核定数据 is no benefit and needs no such approval
    if (any(f.group in BENEFIT_GROUPS for f in step.decision_data)
            and Escalation.benefit_decision in workflow.approvals_required):
        approvals.append({"escalation": "benefit_decision", "name": ESCALATION_NAMES[Escalation.benefit_decision],
                          "results": ["done"], "required": True,
                          "when": "补发月数或金额超过分级授权表的限额时"})
    from counter_app.domain.case_engine import refined_clause

    return {"code": step.code, "name": step.name, "kind": kind,
            "clause": refined_clause(view.service, step.clause, view.case.variants),
            "results": [{"value": r, "label": result_name(r, step.kind)} for r in allowed],
            "default_result": "done" if "done" in allowed else None,
            "data": ({"done": _DEEMED_YEARS_DATA} if step.document is DocumentKind.deemed_years_decision
                     else dict(_KIND_DATA.get(kind, {}))), "fields": fields, "approvals": approvals,
            "waiting": held.get(step.code), "headless": headless,
            "hint": None if headless else (FINGERPRINT_IN_WINDOW if kind == "fingerprint" else CERTIFY_IN_WINDOW)}


def case_steps(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain import case_engine
    from counter_app.domain.terms import result_name
    from counter_app.workflows.approvals import held_steps
    from counter_app.workflows.inbox import refusals_by_step

    settings = load_cli_settings()
    store = open_store()
    try:
        found = _case_at_hand(store, settings, args, "查看办件步骤")
        if isinstance(found, int):
            return found
        workflow, cid = found
        view = workflow.get(cid)
        held = held_steps(store, cid)
        refused = refusals_by_step(store, cid)
        steps = []
        # a case that ended without 受理 (不予受理) never does its steps: 不适用, as the window says
        never = case_engine.ended_unaccepted(view.case)
        for s in case_engine.step_statuses(view.case, view.service):
            rec = s.last
            status = "not_applicable" if never else s.status
            clause = case_engine.refined_clause(view.service, s.step.clause, view.case.variants)
            steps.append({"code": s.step.code, "name": s.step.name, "clause": clause, "kind": s.step.kind.value,
                          "status": status, "status_label": _STATUS_LABELS.get(status, status),
                          "after_completion": s.step.after_completion,
                          "result": rec.result if rec else None,
                          "result_label": result_name(rec.result, s.step.kind) if rec else None,
                          "actor": rec.actor if rec else None,
                          "at": rec.at.isoformat(timespec="seconds") if rec else None,
                          "approved_by": (rec.approved_by or None) if rec else None,
                          "waiting": held.get(s.step.code) or refused.get(s.step.code)})
        nxt = None if _denial_ready(view) else next((s for s in view.service.steps if s.code == view.next_step), None)
        out = {"ok": True, **_case_keys(view), "service_code": view.service.code, "service_name": view.service.name,
               "steps": steps, "next_step": _step_needs(workflow, view, nxt, held) if nxt is not None else None,
               "next_action": _next_action(view), "approval": _approval_keys(store, cid),
               "documents": [{k: d[k] for k in ("kind", "title", "number", "status")} for d in _documents(workflow, cid)]}
    finally:
        store.close()
    if args.json:
        print_json(out)
        return 0
    print(f"办件 {out['case']} · {out['service_name']} · {out['state_label']}")
    for row in steps:
        line = f"  [{row['status_label']}] {row['code']} {row['name']}（{row['clause']}）"
        if row["result"]:
            line += f"：{row['result_label']}，{_stored(row['actor'])} {row['at']}" + (
                f"，审批人 {_stored(row['approved_by'])}" if row["approved_by"] else "")
        if row["waiting"]:
            line += f"（{_stored(row['waiting'])}）"
        print(line)
    n = out["next_step"]
    if n is not None:
        print(f"下一步：{n['code']} {n['name']}（{n['clause']}）")
        if not n["headless"]:
            print(f"  {n['hint']}")
        else:
            print("  结果：" + "、".join(f"{r['value']}（{r['label']}）" for r in n["results"])
                  + (f"；缺省 {n['default_result']}" if n["default_result"] else "；须用 --result 给出"))
            for result, shape in n["data"].items():
                print(f"  --data（{result}）：{shape}")
            for f in n["fields"]:
                print(f"  核定数据项 {f['code']} {f['label']}"
                      + (f"（{f['unit']}）" if f["unit"] else "") + ("" if f["required"] else "（可不填）")
                      + (f" = {_stored(f['value'])}" if f["value"] else ""))
            for a in n["approvals"]:
                print(f"  审批：{a['name']}" + (f"（{a['when']}）" if a.get("when") else "")
                      + ("，须负责人审批" if a["required"] else ""))
            if n["waiting"]:
                print(f"  {_stored(n['waiting'])}")
    hints = {"step": f"counter-app case step {out['case']} {n['code'] if n else ''}".rstrip(),
             "complete": f"counter-app case complete {out['case']}",
             "archive": f"counter-app case archive {out['case']}",
             "deny": f"counter-app case deny {out['case']} --reason 理由"}
    if out["next_action"]:
        print(f"接下来：{hints[out['next_action']]}")
    if out["approval"]:
        print(f"审批：{_stored(out['approval']['text'])}")
    for d in out["documents"]:
        print(f"文书《{d['title']}》{_stored(d['number']) or '（未编号）'}")
    return 0
