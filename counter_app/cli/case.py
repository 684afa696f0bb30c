"""``counter-app case …``: cases without the window (support staff, the 综合受理 front desk).

    counter-app case precheck --service CODE (--id ID | --unit USCC) [--applicant-type T]
                              [--materials all|none|CODE,…] [--facts FILE] [--offline] --json

``precheck`` decides what the window would decide now, without creating a case: the person's /
the unit's record is looked up at the centre (the ID in the request body), or — offline, not
signed in, or with ``--offline`` — taken from this workstation's sealed cache; with neither, the
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

Each subcommand is one function (``_precheck`` …) registered on the ``case`` group.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

FACT_FILE_KEYS = ("lost_capacity", "death_cause", "other_death_benefit_received", "nationality_lost",
                  "hmt_or_foreign_left", "category", "requested_retirement", "birth", "answers")


class PrecheckError(Exception):
    """Bad input; the message is Chinese."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("case", help="办件：预审（不建办件）等")
    sub = parser.add_subparsers(dest="case_command", metavar="ACTION")
    pre = sub.add_parser("precheck", help="预审：按参保档案和规则判断受理结果（不建办件）")
    pre.add_argument("--service", required=True, help="事项编码，如 pension（见 counter-app services）")
    who = pre.add_mutually_exclusive_group(required=True)
    who.add_argument("--id", dest="id_number", help="参保人证件号码（遗属、代办人办理时为参保人的证件号码）")
    who.add_argument("--unit", dest="uscc", help="参保单位统一社会信用代码")
    pre.add_argument("--applicant-type", default=None, help="申请对象：unit | individual | survivor | agent")
    pre.add_argument("--variant", action="append", default=None, help="办理情形编码（缺省为该申请对象的第一个情形）")
    pre.add_argument("--materials", default="all", help="已提交的材料：all | none | 编码,编码…（缺省 all）")
    pre.add_argument("--facts", default=None, help="经办人根据材料确认的事实（JSON 文件）")
    pre.add_argument("--offline", action="store_true", help="不联网，只用本机缓存的参保档案")
    pre.add_argument("--json", action="store_true")
    pre.set_defaults(func=_precheck)
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


def _read_facts(path: str | None) -> tuple[dict, dict]:
    from counter_app.domain.checklist import ConditionResult

    if not path:
        return {}, {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise PrecheckError(f"无法读取事实文件 {path}：{exc.strerror or exc}") from None
    except ValueError as exc:
        raise PrecheckError(f"事实文件 {path} 不是有效的 JSON：{exc}") from None
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

    from counter_app.domain import cases as engine
    from counter_app.domain.catalog import CatalogError
    from counter_app.domain.conditions import registry_fact
    from counter_app.domain.documents import DOCUMENTS
    from counter_app.domain.identifiers import check_id, check_uscc
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
    case = engine.Case(id="precheck", service_code=service.code, catalog_version=catalog.version,
                       applicant_type=applicant_type, variants=variants, applicant=applicant, facts=case_facts,
                       ticks=_ticks(service, applicant_type, variants, materials),
                       condition_answers=dict(answers or {}))
    evaluations = engine.evaluate_case(case, service, on)
    outcome = engine.evaluate(case, service, on)
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
    from counter_app.workflows.records import RecordService, age_text

    store = None
    try:
        facts, answers = _read_facts(args.facts)
        catalog, _source = in_force("catalog")
        settings = load_cli_settings()
        store = open_store()
        records = RecordService(store, _client_factory(settings, store))
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
