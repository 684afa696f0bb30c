"""``counter-app rules …``: the policy rules from the command line (一人或整批核对).

With ``--json`` every answer is one JSON object on one line. ``-`` in place of the value reads
many inputs from stdin, one per line, answered one JSON line each, in order (e.g. a unit's whole
staff list). Bad input gets a Chinese message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, Iterable

from counter_protocol.cli_args import ZhArgumentParser as _ZhArgumentParser


def register(subparsers: Any) -> None:
    rules = subparsers.add_parser("rules", help="政策规则：退休年龄、计发月数、养老金测算、证件号码校验")
    rules.__class__ = _ZhArgumentParser  # Chinese usage errors for ``rules <unknown>`` as well
    rules.set_defaults(func=_no_subcommand, _rules_parser=rules)
    sub = rules.add_subparsers(dest="rules_command", metavar="RULE", parser_class=_ZhArgumentParser)

    params_parent = _ZhArgumentParser(add_help=False)
    params_parent.add_argument("--params", metavar="FILE",
                               help="政策参数文件（默认：本机在用的政策参数——中心发布的最新版本，未同步过则为随程序发布的文件）")
    json_parent = _ZhArgumentParser(add_help=False)
    json_parent.add_argument("--json", action="store_true", help="每个答案输出一行 JSON")

    p = sub.add_parser("retirement", parents=[json_parent], help="法定退休年龄、最低缴费年限与弹性退休窗口")
    p.add_argument("input", nargs="?", help="“-”：从标准输入逐行读取“YYYY-MM 类别 [缴费月数]”")
    p.add_argument("--birth", help="出生年月 YYYY-MM（“-”为标准输入）")
    p.add_argument("--category", help="male | female-cadre | female-worker")
    p.add_argument("--contribution-months", help="累计缴费月数（可选，用于判断能否弹性提前退休）")
    p.set_defaults(func=_cmd_retirement)

    p = sub.add_parser("months-factor", parents=[json_parent, params_parent], help="计发月数（岁+月）")
    p.add_argument("input", nargs="?", help="“-”：从标准输入逐行读取“岁 月”")
    p.add_argument("--age-years")
    p.add_argument("--age-months", default="0")
    p.set_defaults(func=_cmd_months_factor)

    for name, helptext in (
        ("check-id", "校验证件号码（身份证、港澳台居住证、外国人永久居留身份证）"),
        ("check-uscc", "校验统一社会信用代码"),
        ("check-mobile", "校验手机号码"),
        ("check-postcode", "校验邮政编码"),
        ("check-bank-card", "校验银行卡号（Luhn）"),
    ):
        p = sub.add_parser(name, parents=[json_parent], help=helptext)
        p.add_argument("value", nargs="?", help="待校验的值；“-”从标准输入逐行读取")
        p.set_defaults(func=_cmd_check, check_name=name)

    p = sub.add_parser("pension", parents=[json_parent, params_parent], help="基本养老金测算（基础 + 个人账户 + 过渡性）")
    p.add_argument("--birth", help="出生年月 YYYY-MM（与 --category 一起按法定退休年龄测算）")
    p.add_argument("--category", help="male | female-cadre | female-worker")
    p.add_argument("--age-years", help="退休年龄：岁（不按法定年龄时）")
    p.add_argument("--age-months", default=None, help="退休年龄：月")
    p.add_argument("--retire", help="退休年月 YYYY-MM（不按法定年龄时必填，用于取计发基数）")
    p.add_argument("--avg-index", help="平均缴费指数 Z，如 1.2")
    p.add_argument("--months", help="累计缴费月数（含视同缴费）")
    p.add_argument("--account", help="个人账户储存额（元）")
    p.add_argument("--transitional", default="0", help="过渡性养老金（元，按本地办法另行核定）")
    p.add_argument("--base", help="计发基数（元/月），覆盖参数文件（如当年基数未公布）")
    p.set_defaults(func=_cmd_pension)

    p = sub.add_parser("contribution", parents=[json_parent, params_parent], help="缴费核定：按缴费基数上下限计算单位、个人缴费")
    p.add_argument("input", nargs="?", help="“-”：从标准输入逐行读取缴费基数")
    p.add_argument("--base", help="申报缴费基数（元/月）")
    p.add_argument("--date", help="缴费所属日期 YYYY-MM-DD 或年月 YYYY-MM")
    p.set_defaults(func=_cmd_contribution)

    p = sub.add_parser("params", parents=[json_parent, params_parent], help="列出政策参数及其来源、是否已确认")
    p.set_defaults(func=_cmd_params)


# ---------------------------------------------------------------- plumbing


class _InputError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _known_errors() -> tuple[type[BaseException], ...]:
    from counter_rules.params import ParameterError, ParameterNotInForce
    from counter_rules.retirement import RuleInputError

    return (_InputError, RuleInputError, ParameterNotInForce, ParameterError)


def _message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)


def _emit(result: dict, as_json: bool, human: Callable[[dict], str]) -> None:
    from counter_app.cli._common import print_json

    if as_json:
        print_json(result)
    elif result.get("error") and "valid" not in result:
        print(result["error"], file=sys.stderr)
    else:
        print(human(result))


def _answer_all(items: Iterable[str], answer: Callable[[str], dict], as_json: bool, human: Callable[[dict], str]) -> int:
    """Answer every input in order; an input's error is its answer (``{"error": …}``), the run goes on."""
    errors = _known_errors()
    status = 0
    for item in items:
        try:
            result = answer(item)
        except errors as exc:
            result = {"error": _message(exc)}
        if result.get("error") or result.get("valid") is False:
            status = 1
        _emit(result, as_json, human)
    return status


def _fail(message: str, as_json: bool) -> int:
    from counter_app.cli._common import print_json

    if as_json:
        print_json({"error": message})
    print(message, file=sys.stderr)
    return 2


def _run_single(args: argparse.Namespace, build: Callable[[], dict], human: Callable[[dict], str]) -> int:
    try:
        result = build()
    except _known_errors() as exc:
        return _fail(_message(exc), args.json)
    _emit(result, args.json, human)
    return 1 if result.get("error") or result.get("valid") is False else 0


def _stdin_lines() -> Iterable[str]:
    from counter_app.cli._common import each_input

    return each_input("-")


def _int(text: str | None, what: str) -> int:
    if text is None or str(text).strip() == "":
        raise _InputError(f"缺少{what}")
    try:
        return int(str(text).strip())
    except ValueError:
        raise _InputError(f"{what}“{text}”不是整数") from None


def _params(args: argparse.Namespace):
    """``--params FILE`` if given, else the 政策参数 in force on this workstation (the centre's latest
    published version once pulled, else the shipped file)."""
    from counter_app.reference.params import load_policy_params

    path = getattr(args, "params", None)
    if path is not None:
        return load_policy_params(path)
    from counter_app.cli._common import in_force

    return in_force("policy_params")[0]


def _no_subcommand(args: argparse.Namespace) -> int:
    args._rules_parser.print_help(sys.stderr)
    print("请指定规则子命令，如 retirement、months-factor、check-id、pension", file=sys.stderr)
    return 2


# ---------------------------------------------------------------- retirement


def retirement_answer(birth: str, category: str, contribution_months: int | None = None) -> dict:
    from counter_rules.retirement import Category, YearMonth, flexible_window, min_contribution_months

    ym = YearMonth.parse(birth)
    cat = Category.parse(category)
    w = flexible_window(ym.year, ym.month, cat, contribution_months)
    r = w.statutory
    return {
        "birth": str(ym),
        "category": cat.cli_name,
        "delay_months": r.delay_months,
        "age_years": r.age_years,
        "age_months": r.age_months,
        "retirement_month": str(r.retirement_month),
        "min_contribution_months": min_contribution_months(r.retirement_month.year),
        "flexible_applicable": w.applicable,
        "earliest_month": str(w.earliest_month),
        "earliest_age_years": w.earliest_age_years,
        "earliest_age_months": w.earliest_age_months,
        "latest_month": str(w.latest_month),
        "latest_age_years": w.latest_age_years,
        "latest_age_months": w.latest_age_months,
        "early_min_contribution_months": w.early_min_contribution_months,
        "early_allowed": w.early_allowed,
        "flexible_notes": list(w.notes),
    }


def _retirement_human(d: dict) -> str:
    from counter_rules.retirement import format_age, format_years

    if d.get("error"):
        return d["error"]
    return (
        f"出生 {d['birth']}（{d['category']}）：法定退休年龄 {format_age(d['age_years'], d['age_months'])}"
        f"（延迟 {d['delay_months']} 个月），{d['retirement_month']} 达到；"
        f"最低缴费年限 {format_years(d['min_contribution_months'])}；"
        f"弹性窗口 {d['earliest_month']} — {d['latest_month']}"
    )


def _retirement_line(line: str) -> dict:
    parts = line.split()
    if len(parts) not in (2, 3):
        raise _InputError(f"输入行“{line}”格式错误：应为“YYYY-MM 类别 [缴费月数]”")
    months = _int(parts[2], "缴费月数") if len(parts) == 3 else None
    return retirement_answer(parts[0], parts[1], months)


def _cmd_retirement(args: argparse.Namespace) -> int:
    if args.input == "-" or args.birth == "-":
        return _answer_all(_stdin_lines(), _retirement_line, args.json, _retirement_human)
    if args.input is not None:
        return _fail(f"无法识别的输入“{args.input}”：用 --birth YYYY-MM --category …，或“-”从标准输入读取", args.json)

    def build() -> dict:
        if not args.birth:
            raise _InputError("缺少出生年月：--birth YYYY-MM")
        if not args.category:
            raise _InputError("缺少人员类别：--category male | female-cadre | female-worker")
        months = None if args.contribution_months is None else _int(args.contribution_months, "缴费月数")
        return retirement_answer(args.birth, args.category, months)

    return _run_single(args, build, _retirement_human)


# ---------------------------------------------------------------- months factor


def months_factor_answer(age_years: int, age_months: int, interpolation: str = "linear") -> dict:
    from counter_rules.money import months_factor

    return {
        "age_years": age_years,
        "age_months": age_months,
        "months": str(months_factor(age_years, age_months, interpolation=interpolation)),
    }


def _interpolation_lookup(args: argparse.Namespace) -> Callable[[], str]:
    """The 计发月数 interpolation rule in force today (an UNCONFIRMED parameter), looked up only
    when an age has months — whole ages read the table directly."""
    from datetime import date

    return lambda: _params(args).text("months_factor.interpolation", date.today())


def _cmd_months_factor(args: argparse.Namespace) -> int:
    human = lambda d: d.get("error") or f"{d['age_years']}岁{d['age_months']}个月：计发月数 {d['months']}"
    method = _interpolation_lookup(args)

    def answer(years: int, months: int) -> dict:
        return months_factor_answer(years, months, method() if months else "linear")

    if args.input == "-" or args.age_years == "-":
        def line(text: str) -> dict:
            parts = text.split()
            if len(parts) not in (1, 2):
                raise _InputError(f"输入行“{text}”格式错误：应为“岁 月”")
            return answer(_int(parts[0], "岁数"), _int(parts[1] if len(parts) == 2 else "0", "月数"))

        return _answer_all(_stdin_lines(), line, args.json, human)
    if args.input is not None:
        return _fail(f"无法识别的输入“{args.input}”：用 --age-years A --age-months M，或“-”从标准输入读取", args.json)
    return _run_single(
        args,
        lambda: answer(_int(args.age_years, "退休年龄岁数（--age-years）"), _int(args.age_months, "月数（--age-months）")),
        human,
    )


# ---------------------------------------------------------------- identifier checks


def _check_function(name: str):
    from counter_protocol import identifiers

    return {
        "check-id": identifiers.check_id,
        "check-uscc": identifiers.check_uscc,
        "check-mobile": identifiers.check_mobile,
        "check-postcode": identifiers.check_postcode,
        "check-bank-card": identifiers.check_bank_card,
    }[name]


def check_answer(name: str, value: str) -> dict:
    from counter_protocol.identifiers import KIND_LABELS
    from counter_app.domain.masking import mask_id, mask_phone

    result = _check_function(name)(value)
    out: dict[str, Any] = {"valid": result.valid, "kind": result.kind, "error": result.error}
    if name == "check-id":
        out["birth_date"] = result.birth_date.isoformat() if result.birth_date else None
        out["sex"] = result.sex
        out["masked"] = mask_id(value.strip())
    elif name == "check-mobile":
        out["masked"] = mask_phone(value.strip())
    elif name == "check-bank-card":
        out["masked"] = mask_id(value.strip().replace(" ", ""))
    out["kind_label"] = KIND_LABELS.get(result.kind or "")
    return out


def _check_human(d: dict) -> str:
    shown = d.get("masked") or ""
    if d["valid"]:
        return f"{shown} 有效（{d.get('kind_label') or d['kind']}）".strip()
    return f"{shown} 无效：{d['error']}".strip()


def _cmd_check(args: argparse.Namespace) -> int:
    if args.value is None:
        return _fail("缺少待校验的值（或用“-”从标准输入逐行读取）", args.json)
    items = _stdin_lines() if args.value == "-" else [args.value]
    return _answer_all(items, lambda v: check_answer(args.check_name, v), args.json, _check_human)


# ---------------------------------------------------------------- pension estimate


def _cmd_pension(args: argparse.Namespace) -> int:
    def build() -> dict:
        from counter_rules.money import pension_estimate_on
        from counter_rules.retirement import Category, YearMonth, statutory_retirement

        params = _params(args)
        if args.birth or args.category:
            if not (args.birth and args.category):
                raise _InputError("按法定退休年龄测算须同时给出 --birth YYYY-MM 和 --category")
            ym = YearMonth.parse(args.birth)
            r = statutory_retirement(ym.year, ym.month, Category.parse(args.category))
            age_years, age_months, retire = r.age_years, r.age_months, r.retirement_month
            if args.age_years is not None or args.retire:
                raise _InputError("--birth/--category 与 --age-years/--retire 只能二选一")
        else:
            if args.age_years is None or not args.retire:
                raise _InputError("请给出 --birth 和 --category，或 --age-years [--age-months] 和 --retire YYYY-MM")
            age_years = _int(args.age_years, "退休年龄岁数（--age-years）")
            age_months = _int(args.age_months or "0", "月数（--age-months）")
            retire = YearMonth.parse(args.retire)
        for opt, what in (("avg_index", "--avg-index 平均缴费指数"), ("months", "--months 累计缴费月数"), ("account", "--account 个人账户储存额")):
            if getattr(args, opt) in (None, ""):
                raise _InputError(f"缺少 {what}")
        est = pension_estimate_on(
            retire,
            params,
            computation_base=args.base,
            avg_index=args.avg_index,
            contribution_months=_int(args.months, "累计缴费月数（--months）"),
            account_balance=args.account,
            transitional=args.transitional,
            age_years=age_years,
            age_months=age_months,
        )
        out = est.as_dict()
        out["retirement_month"] = str(retire)
        out["parameter_version"] = params.version
        out["unconfirmed"] = [p["key"] for p in out["parameters"] if not p["confirmed"]]
        if args.base is not None:
            out["inputs"]["computation_base_source"] = "命令行 --base"
        return out

    def human(d: dict) -> str:
        lines = [
            f"退休年月 {d['retirement_month']}，计发基数 {d['inputs']['computation_base']} 元，计发月数 {d['inputs']['months_factor']}",
            f"基础养老金　　 {d['basic']}",
            f"个人账户养老金 {d['personal_account']}",
            f"过渡性养老金　 {d['transitional']}（按本地办法另行核定）",
            f"合计　　　　　 {d['total']} 元/月",
        ]
        if d["unconfirmed"]:
            lines.append("注意：以下参数尚未确认：" + "、".join(d["unconfirmed"]))
        return "\n".join(lines)

    return _run_single(args, build, human)


# ---------------------------------------------------------------- contribution amounts


def _parse_day(text: str | None):
    from datetime import date

    if not text:
        raise _InputError("缺少缴费所属日期：--date YYYY-MM-DD 或 YYYY-MM")
    t = text.strip()
    try:
        return date.fromisoformat(t) if len(t) == 10 else date.fromisoformat(t + "-01")
    except ValueError:
        raise _InputError(f"日期“{text}”格式错误：应为 YYYY-MM-DD 或 YYYY-MM") from None


def _cmd_contribution(args: argparse.Namespace) -> int:
    def human(d: dict) -> str:
        if d.get("error"):
            return d["error"]
        note = {"floor": "（低于下限，按下限）", "ceiling": "（高于上限，按上限）"}.get(d["clamped"] or "", "")
        line = f"核定基数 {d['base']}{note}：单位 {d['employer']}，个人 {d['individual']}，合计 {d['total']}"
        if d.get("unconfirmed_names"):      # on the same line: one answer per input line in a batch
            line += "（参数待确认：" + "、".join(d["unconfirmed_names"]) + "）"
        return line

    try:
        on = _parse_day(args.date)
        params = _params(args)
    except _known_errors() as exc:
        return _fail(_message(exc), args.json)

    def answer(base: str) -> dict:
        from counter_rules.decision_data import DecisionField, check
        from counter_rules.money import contribution_amounts
        from counter_rules.params import plain_title

        # the declared base as the 核定 form takes it (plain digits, to the fen): 6000.999 is refused,
        # not rounded to 6001.00
        _value, problem = check(DecisionField("contributions.declared_base", "申报缴费基数", "money"), base)
        if problem:
            raise _InputError(str(problem))
        out = contribution_amounts(base, on, params).as_dict()
        # the figures used that are not confirmed (policy.md UNCONFIRMED), by key and by name
        flagged = [p["key"] for p in out["parameters"] if not p["confirmed"]]
        out["unconfirmed"] = flagged
        out["unconfirmed_names"] = [plain_title(params.parameter(k).title, params.parameter(k).unit) for k in flagged]
        return out

    if args.input == "-" or args.base == "-":
        return _answer_all(_stdin_lines(), answer, args.json, human)
    if args.input is not None or not args.base:
        return _fail("缺少申报缴费基数：--base 金额（或“-”从标准输入读取）", args.json)
    return _run_single(args, lambda: answer(args.base), human)


# ---------------------------------------------------------------- parameter listing


def _cmd_params(args: argparse.Namespace) -> int:
    def build() -> dict:
        if getattr(args, "params", None) is not None:
            return _params(args).as_dict()
        from counter_app.cli._common import in_force_found

        found = in_force_found("policy_params")    # with the next version the centre announced
        upcoming = found.upcoming
        return {**found.value.as_dict(), "next": (None if upcoming is None else
                                                  {"version": upcoming[0], "effective_from": upcoming[1]})}

    def human(d: dict) -> str:
        lines = [f"政策参数版本 {d['version']}（{d['source']}）"]
        if d.get("next"):
            from counter_protocol.free_text import shown as shown_text

            lines.append(f"下一版本：中心发布 {shown_text(d['next']['version'], 80)}，{d['next']['effective_from']} 起生效")
        for key, p in d["parameters"].items():
            lines.append(f"{p['title']}（{key}）")
            if not p["values"]:
                lines.append("  （无取值，待录入）")
            for v in p["values"]:
                flag = "已确认" if v["confirmed"] else "待确认"
                value = v["value"] if v["value"] is not None else "待公布"
                lines.append(f"  {v['effective_from']} — {v['effective_to'] or '长期'}：{value} {p['unit']}　[{flag}] {v['source']}")
        return "\n".join(lines)

    return _run_single(args, build, human)
