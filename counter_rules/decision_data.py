"""核定数据 as typed fields: declared per step in the catalog (``decision_data``), checked here,
prefilled from the person's record and computed by the rules calculators.

A field: ``code`` (``group.key``, e.g. ``pension.total``: the document reads ``fields[group][key]``),
``label`` (Chinese), ``type`` (money | integer | decimal | month | choice | text), ``unit``,
``min`` / ``max``, ``source`` (record: the core system's record of the person; rules: computed
by ``domain.money`` / ``domain.retirement`` from the other fields and the policy parameters in
force; clerk: typed by the clerk), ``choices`` and ``required``.

Pure: no Qt, no I/O. Values travel as strings (money to the fen) so they are stored exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Mapping

from counter_protocol.free_text import unsafe_characters
from counter_rules.params import ParameterError, ParameterNotInForce, ParameterSet
from counter_rules.terms import Worded

if TYPE_CHECKING:
    from counter_rules.retirement import YearMonth

TYPES = ("money", "integer", "decimal", "month", "date", "choice", "text")
SOURCES = ("record", "rules", "clerk")
SOURCE_NAMES = {"record": "档案", "rules": "规则计算", "clerk": "经办人填写"}


@dataclass(frozen=True)
class DecisionField:
    code: str
    label: str
    type: str = "money"
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    source: str = "clerk"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()     # (value, Chinese label)

    @property
    def group(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.code.split(".", 1)[1]

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "label": self.label, "type": self.type, "unit": self.unit,
                             "source": self.source, "required": self.required}
        if self.min is not None:
            d["min"] = str(self.min)
        if self.max is not None:
            d["max"] = str(self.max)
        if self.choices:
            d["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        return d


def field_from_dict(d: Mapping[str, Any], where: str) -> DecisionField:
    """One declared field of the catalog; a bad declaration raises ValueError naming it."""
    code = str(d.get("code") or "")
    if not re.fullmatch(r"[a-z_]+\.[a-z_]+", code):
        raise ValueError(f"{where} 核定数据项编码「{code}」应为 分组.项目（如 pension.total）")
    if not d.get("label"):
        raise ValueError(f"{where} 核定数据项 {code} 缺少中文名称 label")
    kind = d.get("type", "money")
    if kind not in TYPES:
        raise ValueError(f"{where} 核定数据项 {code} 的类型「{kind}」无效（{'、'.join(TYPES)}）")
    source = d.get("source", "clerk")
    if source not in SOURCES:
        raise ValueError(f"{where} 核定数据项 {code} 的来源「{source}」无效（record、rules、clerk）")
    unknown = set(d) - {"code", "label", "type", "unit", "min", "max", "source", "required", "choices"}
    if unknown:
        raise ValueError(f"{where} 核定数据项 {code} 有不认识的设置：{'、'.join(sorted(unknown))}")
    choices = tuple((str(c["value"]), str(c.get("label") or c["value"])) for c in d.get("choices") or ())
    if kind == "choice" and not choices:
        raise ValueError(f"{where} 核定数据项 {code} 是选项，须列出 choices")

    def dec(key: str) -> Decimal | None:
        return None if d.get(key) is None else Decimal(str(d[key]))

    return DecisionField(code, str(d["label"]), kind, str(d.get("unit") or ""), dec("min"), dec("max"), source,
                         bool(d.get("required", True)), choices)


# ---------------------------------------------------------------- checking

# what is wrong with a 核定 form's value ({0}: the field's label) or missing from its results
DECISION_PROBLEMS: dict[str, str] = {
    "field_required": "请填写{0}",
    "field_number": "{0}应为数字",
    "field_integer": "{0}应为整数",
    "field_cents": "{0}最多到分（两位小数）",
    "field_decimals": "{0}最多{1}位小数",
    # {1}: the characters as U+XXXX joined by "、" (counter_protocol.free_text.unsafe_characters)
    "field_text_unsafe": "{0}含有不能保存的控制字符或文字方向控制符（{1}），请删除后重新输入",
    # a text field longer than TEXT_CHARS ({1}: the limit, {2}: how many characters were given)
    "field_text_long": "{0}最多{1}个字（现有{2}个字），请精简后重新输入",
    "field_min": "{0}不能小于{1}",
    "field_max": "{0}不能大于{1}",
    "field_month": "{0}应为年月，如 2026-04",
    "field_date": "{0}应为日期，如 2026-04-15",
    "field_choice": "{0}应为：{1}",
    "results_not_computed": "{0}尚未算出，不能确定缴费金额：请按规则计算的提示处理，或由经办人填写",
    "results_missing": "{0}尚未确定：请填写申报缴费基数，由规则计算缴费金额",
    # a figure that does not follow from the others by the rules (settle): {0} the field's label, {1} the
    # figure given, {2} the figure the rules give
    "rules_mismatch": "{0}{1}与按已核定数据计算的结果不符：应为{2}",
    # 计发月数 not the table's figure for the age ({2}: an age, format_age) at the 退休（领取）年月 {1} /
    # on the day of the application {1}; {3} the table's figure
    "months_factor_retirement": "计发月数{0}与退休（领取）年月{1}时的年龄{2}不符：按计发月数表应为{3}",
    "months_factor_application": "计发月数{0}与申请时（{1}）的年龄{2}不符：按计发月数表应为{3}",
    # a 退休（领取）年月 {0} before the earliest month {1} the birth month {2} allows ({3}: the statutory age)
    "retirement_before_statutory": "退休（领取）年月{0}早于法定退休年月{1}（出生年月{2}，法定退休年龄{3}）：应不早于{1}",
    "retirement_before_flexible": "退休（领取）年月{0}早于弹性提前退休的最早年月{1}（出生年月{2}，法定退休年龄{3}，"
                                  "最多提前3年且不低于原法定退休年龄）：应不早于{1}",
    # a figure the record computed from inputs that have changed since ({2}: their labels joined by "、")
    "stale_value": "{0}{1}是档案按原核定数据得出的数值，{2}已改变，请重新核定{0}",
    # a 核定缴费基数 {1} outside the limits in force in the 费款所属期 {2} ({3}: the limit; policy.md §4)
    "base_below_floor": "{0}{1}低于费款所属期{2}的缴费基数下限{3}：应不低于{3}",
    "base_above_ceiling": "{0}{1}高于费款所属期{2}的缴费基数上限{3}：应不高于{3}",
}


class DecisionProblem(Worded):
    """A problem of :data:`DECISION_PROBLEMS` (the counter's ``domain.refusals.REFUSALS`` lists these
    codes too): the Chinese as before, with its code and parameters."""

    TEMPLATES = DECISION_PROBLEMS


# what the rules could not compute yet or found amiss, shown under the 核定 form ({0} of rules_pending:
# the fields' labels joined by "、"; the others' figures — 计发月数, an age, a 年月, a date — as
# parameters, so the window words the sentence and puts the figures in)
DECISION_NOTES: dict[str, str] = {
    "rules_pending": "待其他数据填齐后计算：{0}",
    "rules_failed": "规则计算暂不能完成：请核对已填写的数据，或由经办人填写计算结果",
    "death_short_contributions": "实际缴费不足6个月（现有{0}个月），深圳办法不予计发",
    # a 死亡日期 {0} after the day of the decision {1}
    "death_date_future": "死亡日期 {0} 晚于核定日期 {1}，请核对",
    "months_factor_at_retirement": "计发月数 {0} 与退休时年龄{1}对应的 {2} 不符，请核对",
    "months_factor_at_application": "计发月数 {0} 与申请时年龄{1}对应的 {2} 不符，请核对",
    "retirement_month_outside": "退休年月 {0} 不在按出生年月 {1} 和人员类别可办理的 {2} 之内，"
                                "请核对（特殊工种提前退休、延长缴费等另有依据的除外）",
    # a policy parameter not in force (params.ParameterNotInForce's message: {0} its name, {1} the date)
    "parameter_missing": "参数“{0}”在 {1} 无有效取值：没有生效的参数值，请由管理员补录或更新参数",
    "parameter_pending": "参数“{0}”在 {1} 无有效取值：该期间的数值尚未公布（{2}），请先由管理员录入",
    "period_note": "费款所属期 {0}：{1}",
}


class DecisionNote(Worded):
    """A note of :data:`DECISION_NOTES` (``domain.refusals.REFUSALS`` lists these codes too): the
    Chinese, its code and parameters; ``cause`` the exception a calculation failed with (for the
    log, never shown: its text is the rules' or Python's, not a sentence for the clerk)."""

    TEMPLATES = DECISION_NOTES
    cause: BaseException | None = None

    @classmethod
    def failed(cls, cause: BaseException) -> "DecisionNote":
        note = cls("rules_failed")
        note.cause = cause
        return note


def not_in_force_note(exc: ParameterNotInForce) -> DecisionNote:
    """A parameter not in force as a note (the same Chinese as the exception's message)."""
    if exc.pending is not None:
        return DecisionNote("parameter_pending", exc.name, exc.on_date.isoformat(),
                            exc.pending.note or exc.pending.source)
    return DecisionNote("parameter_missing", exc.name, exc.on_date.isoformat())


class _NotComputed(Exception):
    """A calculator's verdict that nothing can be computed, with the note that says why."""

    def __init__(self, note: DecisionNote):
        super().__init__(str(note))
        self.note = note


# What the window's 核定 form takes (its editors refuse anything else as it is typed or pasted), and so
# what ``case step --data`` takes too — one rule for both: plain decimal digits 0-9 (no sign, exponent,
# "_" or other scripts' digits), at most this many before and after the point. A field the catalog
# gives no ``max`` is bounded by those digits (money: 9999999999.99).
NUMBER_DIGITS: dict[str, tuple[int, int]] = {"money": (10, 2), "integer": (6, 0), "decimal": (6, 4)}
_NUMBER = re.compile(r"([0-9]*)(?:\.([0-9]*))?")
_MONTH = re.compile(r"([0-9]{4})-?([0-9]{1,2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A text field (a region, an agency) is printed on the 转移联系函 / 信息表 in one line: the 联系函's
# addressee line 「{转出地社保经办机构}：」 and its sentence 「由{转出地}转入{转入地}」, the 信息表's
# label / value pairs. 60 characters take the longest real name (a county's full 省市县 name, a
# 社会保险经办机构's full name) and still fit that line; as deemed_years.MAX_UNIT_CHARS, offices.MAX_NAME.
TEXT_CHARS = 60


def editor_pattern(kind: str) -> str | None:
    """The regular expression the window's editor of a ``kind`` field accepts while typing (every
    prefix of a value :func:`check` takes), None for a type without one (choice, text)."""
    if kind == "month":
        return r"[0-9]{0,4}(-[0-9]{0,2})?"
    if kind == "date":
        return r"[0-9]{0,4}(-[0-9]{0,2}(-[0-9]{0,2})?)?"
    if kind not in NUMBER_DIGITS:
        return None
    whole, places = NUMBER_DIGITS[kind]
    return f"[0-9]{{0,{whole}}}" + (f"(\\.[0-9]{{0,{places}}})?" if places else "")


def largest(kind: str) -> Decimal:
    """The largest value the form's digits allow for a number ``kind`` (money: 9999999999.99)."""
    whole, places = NUMBER_DIGITS[kind]
    return Decimal(10) ** whole - Decimal(10) ** -places if places else Decimal(10) ** whole - 1


def check(field: DecisionField, text: Any) -> tuple[str | None, str]:
    """(the value as stored, "") or (None, Chinese reason). Empty: (None, "") unless required."""
    raw = "" if text is None else str(text).strip()
    if field.type in NUMBER_DIGITS:
        raw = raw.replace(",", "").replace("，", "")        # thousands separators
    if not raw:
        return None, (DecisionProblem("field_required", field.label) if field.required else "")
    if field.type in NUMBER_DIGITS:
        whole, places = NUMBER_DIGITS[field.type]
        low = field.min if field.min is not None else (Decimal(0) if field.type != "decimal" else None)
        high = field.max if field.max is not None else largest(field.type)
        negative = raw.startswith("-")
        m = _NUMBER.fullmatch(raw[1:] if negative else raw)
        if m is None or not (m.group(1) or m.group(2)):
            return None, DecisionProblem("field_number", field.label)
        if negative:       # the form takes no sign: no figure here is below zero
            return None, DecisionProblem("field_min", field.label, low if low is not None else Decimal(0))
        digits, fraction = m.group(1), m.group(2) or ""
        if len(fraction) > places:
            if field.type == "integer":
                return None, DecisionProblem("field_integer", field.label)
            if field.type == "money":
                return None, DecisionProblem("field_cents", field.label)
            return None, DecisionProblem("field_decimals", field.label, places)
        value = Decimal(f"{digits or 0}.{fraction or 0}")
        if len(digits) > whole or value > high:      # the form takes no more digits, leading zeros too
            return None, DecisionProblem("field_max", field.label, high)
        if low is not None and value < low:
            return None, DecisionProblem("field_min", field.label, low)
        if field.type == "integer":
            return str(int(value)), ""
        if field.type == "money":
            return f"{value:.2f}", ""
        return str(Decimal(f"{digits or 0}.{fraction}") if fraction else Decimal(digits)), ""
    if field.type == "month":
        mm = _MONTH.fullmatch(raw)
        if not mm or not 1 <= int(mm.group(2)) <= 12:
            return None, DecisionProblem("field_month", field.label)
        return f"{int(mm.group(1)):04d}-{int(mm.group(2)):02d}", ""
    if field.type == "date":
        day = iso_day(raw)
        if day is None:
            return None, DecisionProblem("field_date", field.label)
        return day.isoformat(), ""
    if field.type == "choice":
        values = [v for v, _ in field.choices]
        if raw not in values:
            return None, DecisionProblem("field_choice", field.label, "、".join(label for _, label in field.choices))
        return raw, ""
    # text (a region, an agency: printed on the 联系函): no control or text-direction characters, as
    # the applicant's name and address at the window (counter_protocol.free_text)
    if len(raw) > TEXT_CHARS:       # before anything else is looked at: a pasted megabyte is refused whole
        return None, DecisionProblem("field_text_long", field.label, TEXT_CHARS, len(raw))
    bad = unsafe_characters(raw)
    if bad:
        return None, DecisionProblem("field_text_unsafe", field.label, "、".join(bad))
    return raw, ""


def check_all(fields: tuple[DecisionField, ...], values: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The step data (``{group: {key: value}}``) and every problem, each naming its field.

    A wrong value (not merely a missing one) keeps the rules from computing the others: a
    rules-sourced field then left empty is not named as "to be filled in" — the rules fill it once
    the wrong value is put right (e.g. the 费款所属期 while the 申报缴费基数 reads "abc")."""
    data: dict[str, dict[str, Any]] = {}
    found: list[tuple[DecisionField, Any]] = []
    for f in fields:
        value, problem = check(f, values.get(f.code))
        if problem:
            found.append((f, problem))
        elif value is not None:
            data.setdefault(f.group, {})[f.key] = int(value) if f.type == "integer" else value

    def missing(problem: Any) -> bool:
        return getattr(problem, "code", "") == "field_required"

    if any(not missing(p) for _f, p in found):
        found = [(f, p) for f, p in found if not (f.source == "rules" and missing(p))]
    return data, [p for _f, p in found]


# ---------------------------------------------------------------- prefill and rules


def from_record(fields: tuple[DecisionField, ...], facts: Mapping[str, Any]) -> dict[str, str]:
    """Values the person's record gives, by field code: case facts in the PersonRecord's names, else
    the record the registry answered for this case (fact ``registry``, domain.conditions)."""
    registry = facts.get("registry")
    person = registry.get("person") if isinstance(registry, Mapping) else None
    looked_up: Mapping[str, Any] = person if isinstance(person, Mapping) else {}

    def fact(key: str) -> Any:
        return facts[key] if facts.get(key) is not None else looked_up.get(key)

    record = {
        "contribution_months": fact("contribution_months"),
        "account_balance": fact("account_balance"),
        "deemed_months": fact("deemed_months"),
        # 实际缴费 only: the Shenzhen death-benefit rule counts these, never 视同缴费 (policy.md §5)
        "actual_contribution_months": fact("contribution_months"),
        # 参保起始年月 (转移接续信息表, 个人账户对账单: 缴费时间, 6.3.3.1)
        "insured_since": str(fact("insured_since"))[:7] if fact("insured_since") else None,
    }
    if record["contribution_months"] is not None and record["deemed_months"] is not None:
        record["contribution_months"] = int(record["contribution_months"]) + int(record["deemed_months"])
    out = {}
    for f in fields:
        for key in (f.key, {"opening": "account_balance", "closing": "account_balance", "balance": "account_balance",
                            "insured_from": "insured_since"}.get(f.key, f.key)):
            if record.get(key) is not None and f.source == "record":
                out[f.code] = _text(f, record[key])
                break
    for group in {f.group for f in fields}:          # 核定数据 the core system already handed over
        for key, value in (facts.get(group) or {}).items() if isinstance(facts.get(group), Mapping) else ():
            code = f"{group}.{key}"
            if any(f.code == code for f in fields) and value not in (None, ""):
                out[code] = str(value)
    return out


def _text(f: DecisionField, value: Any) -> str:
    if f.type == "money":
        try:
            return f"{Decimal(str(value)):.2f}"
        except InvalidOperation:
            return str(value)
    return str(value)


Calculator = Callable[[dict[str, str], "RuleContext", list[str]], dict[str, str]]


@dataclass(frozen=True)
class RuleContext:
    """What the calculators know besides the fields. Parameters are looked up on the date of the
    event they belong to (费款所属期, 退休年月, 申请之日, 死亡之日), never simply on ``on``, the day
    the clerk decides (policy.md: every figure is effective-dated)."""

    on: date                       # the decision date (today at the window)
    params: ParameterSet | None    # the policy parameters in force
    birth: tuple[int, int] | None  # from the ID / card
    category: str | None           # retirement category
    applied: date | None = None    # the day the application was accepted (病残津贴 counts from it)
    death: date | None = None      # the date of death (丧葬补助金、抚恤金), from the record
    variants: tuple[str, ...] = ()  # the case's 办理情形 (e.g. special_work_type: 特殊工种提前退休)

    @property
    def applied_on(self) -> date:
        return self.applied or self.on


def compute(service_code: str, fields: tuple[DecisionField, ...], values: Mapping[str, str], ctx: RuleContext,
            *, overridden: frozenset[str] = frozenset()) -> tuple[dict[str, str], list[str]]:
    """The rules-sourced fields computed from the others (never those the clerk ``overridden``);
    and notes in Chinese on what could not be computed yet (e.g. a parameter not in force): a
    :class:`DecisionNote` where the note is one of :data:`DECISION_NOTES` (a calculation that
    failed: ``rules_failed``, its exception kept as the note's ``cause`` for the log)."""
    computed, notes, verdict = _run(service_code, values, ctx)
    if verdict is not None:
        return {}, [verdict]
    if computed is None:
        return {}, notes
    current = {k: v for k, v in values.items() if v not in (None, "")}
    rule_codes = {f.code for f in fields if f.source == "rules"}
    out = {k: v for k, v in computed.items() if k in rule_codes and k not in overridden}
    missing = sorted(f.label for f in fields if f.source == "rules" and f.code not in out and f.code not in overridden
                     and not current.get(f.code))
    if missing:
        notes.append(DecisionNote("rules_pending", "、".join(missing)))
    return out, notes


def _run(service_code: str, values: Mapping[str, str], ctx: RuleContext
         ) -> tuple[dict[str, str] | None, list[str], DecisionNote | None]:
    """The calculator's figures (None when it failed: why in the notes), its notes, and its verdict
    that nothing can be computed (e.g. 深圳办法 with under 6 months of contributions), if any."""
    calc = CALCULATORS.get(service_code)
    if calc is None:
        return {}, [], None
    current = {k: v for k, v in values.items() if v not in (None, "")}
    notes: list[str] = []
    try:
        return calc(current, ctx, notes), notes, None
    except _NotComputed as verdict:
        return None, [], verdict.note
    except (ParameterError, ParameterNotInForce, ValueError, InvalidOperation, ArithmeticError) as exc:
        return None, [DecisionNote.failed(exc)], None


def _money(values: Mapping[str, Any], code: str) -> Decimal | None:
    v = values.get(code)
    try:
        return Decimal(str(v)) if v not in (None, "") else None
    except InvalidOperation:
        return None


def iso_day(value: Any) -> date | None:
    """The day ``value`` writes as YYYY-MM-DD; None for anything else (2026-3-6, 2026-02-30)."""
    text = str(value or "").strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _month_start(month: Any) -> date | None:
    """The first day of a 年月 ``YYYY-MM`` (as the fields store it); None when empty or malformed."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", str(month or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def _param(ctx: RuleContext, notes: list[str], key: str, on: date) -> Decimal | None:
    """A policy parameter in force on ``on``; None (and why, in ``notes``) when it is not."""
    if ctx.params is None:
        return None
    try:
        return ctx.params.decimal(key, on)
    except ParameterNotInForce as exc:
        notes.append(not_in_force_note(exc))
        return None
    except ParameterError as exc:
        notes.append(str(exc))
        return None


def _param_text(ctx: RuleContext, notes: list[str], key: str, on: date) -> str | None:
    """A text policy parameter in force on ``on``; None (and why, in ``notes``) when it is not."""
    if ctx.params is None:
        return None
    try:
        return ctx.params.text(key, on)
    except ParameterNotInForce as exc:
        notes.append(not_in_force_note(exc))
        return None
    except ParameterError as exc:
        notes.append(str(exc))
        return None


def _pension(prefix: str) -> Calculator:
    """基本养老金 (group ``pension``) or 病残津贴 (group ``allowance``, computed the same way, 5.6.1.2;
    its monthly standard is ``allowance.monthly``)."""
    g = "pension" if prefix == "pension" else "allowance"
    total_key = f"{g}.total" if g == "pension" else f"{g}.monthly"

    def calc(v: dict[str, str], ctx: RuleContext, notes: list[str]) -> dict[str, str]:
        from counter_rules import money, retirement

        out: dict[str, str] = {}
        if ctx.birth and ctx.category:
            r = retirement.statutory_retirement(ctx.birth[0], ctx.birth[1], ctx.category)
            if prefix == "pension":
                out[f"{g}.retirement_month"] = str(r.retirement_month)
                # the 退休年月 in use: the record's or the clerk's (弹性退休, 特殊工种…), else the statutory
                in_use = _year_month(v.get(f"{g}.retirement_month")) or r.retirement_month
                _check_retirement_month(in_use, ctx, notes)
                out[f"{g}.start_month"] = str(in_use.plus_months(1))
                when, at = in_use, "months_factor_at_retirement"
            else:   # 病残津贴: from the month after the application, at the age then reached
                when, at = retirement.YearMonth.of(ctx.applied_on), "months_factor_at_application"
                out[f"{g}.start_month"] = str(when.plus_months(1))
            # 计发月数 by the age at retirement (国发〔2005〕38号 附表; policy.md)
            age_years, age_months = age_at(ctx.birth, when)
            by_age = _months_factor(ctx, notes, age_years, age_months, when)
            if by_age is not None:
                out[f"{g}.months_factor"] = str(by_age)
                given = _money(v, f"{g}.months_factor")
                if given is not None and given != by_age:
                    notes.append(DecisionNote(at, given, retirement.format_age(age_years, age_months), by_age))
        if not v.get(f"{g}.base"):
            month = v.get(f"{g}.retirement_month") or out.get(f"{g}.retirement_month")
            # the 计发基数 of the month the pension starts from: the retirement month, or for 病残津贴
            # the day of the application (not the day the clerk happens to decide)
            on = _month_start(month) or ctx.applied_on
            base = _param(ctx, notes, "pension.computation_base", on)
            if base is not None:
                out[f"{g}.base"] = f"{base:.2f}"
        base = _money(v, f"{g}.base") or _money(out, f"{g}.base")
        idx = _money(v, f"{g}.avg_index")
        n = v.get(f"{g}.contribution_months")
        if base is not None and idx is not None and n:
            out[f"{g}.basic"] = str(money.to_fen(base * (1 + idx) * Decimal(int(n)) / Decimal(2400)))
        balance = _money(v, f"{g}.account_balance")
        factor = _money(v, f"{g}.months_factor") or _money(out, f"{g}.months_factor")
        if balance is not None and factor:
            out[f"{g}.personal_account"] = str(money.to_fen(balance / factor))
        merged = {**out, **v}
        parts = [p for k in ("basic", "personal_account", "transitional") if (p := _money(merged, f"{g}.{k}")) is not None]
        if len(parts) == 3:
            out[total_key] = str(sum(parts, Decimal("0.00")))
        return out

    return calc


def age_at(birth: tuple[int, int], when: YearMonth) -> tuple[int, int]:
    """The age (years, months) in the month ``when`` of someone born in the month ``birth``."""
    return divmod(max((when.year - birth[0]) * 12 + when.month - birth[1], 0), 12)


def _months_factor(ctx: RuleContext, notes: list[str], age_years: int, age_months: int, when: YearMonth) -> Decimal | None:
    """计发月数 for an age (the table's ages 40—70, beyond them its first or last figure); for an age
    with months, by the interpolation rule in force in the month ``when`` (policy parameter
    ``months_factor.interpolation``, UNCONFIRMED: effective-dated, never assumed); None (and why,
    in ``notes``) when that rule is not in force."""
    from counter_rules import money

    years = max(40, min(age_years, 70))
    months = age_months if 40 <= age_years < 70 else 0
    interpolation = "linear"          # the parameter's value without a parameter set (money.months_factor)
    if months and ctx.params is not None:
        rule = _param_text(ctx, notes, "months_factor.interpolation", date(when.year, when.month, 1))
        if rule is None:
            return None
        interpolation = rule
    return money.months_factor(years, months, interpolation=interpolation)


def _year_month(value: Any) -> YearMonth | None:
    """A 年月 ``YYYY-MM`` as a :class:`~counter_rules.retirement.YearMonth`; None when empty or malformed."""
    from counter_rules import retirement

    start = _month_start(value)
    return retirement.YearMonth.of(start) if start is not None else None


def _check_retirement_month(in_use: YearMonth, ctx: RuleContext, notes: list[str]) -> None:
    """A note when the 退休年月 in use lies outside the 弹性退休 window of the person's birth month and
    category (a record or a typing error, unless 特殊工种, 延长缴费 or the like say otherwise)."""
    from counter_rules import retirement

    if ctx.birth is None or ctx.category is None:
        return
    w = retirement.flexible_window(ctx.birth[0], ctx.birth[1], ctx.category)
    if w.earliest_month <= in_use <= w.latest_month:
        return
    allowed = (f"{w.earliest_month}—{w.latest_month}" if w.earliest_month != w.latest_month
               else f"{w.statutory.retirement_month}")
    notes.append(DecisionNote("retirement_month_outside", in_use, retirement.YearMonth.checked(*ctx.birth), allowed))


def _death(v: dict[str, str], ctx: RuleContext, notes: list[str]) -> dict[str, str]:
    """丧葬补助金、抚恤金 (group ``death_benefits``): two one-off grants by the rule set in force."""
    from counter_rules import money

    out: dict[str, str] = {}
    died = iso_day(str(v.get("death_benefits.death_date") or "")[:10]) or ctx.death
    if died is not None and died > ctx.on:
        raise _NotComputed(DecisionNote("death_date_future", died.isoformat(), ctx.on.isoformat()))
    on = died or ctx.on             # the rule set and base in force when the insured person died
    rule_set = v.get("death_benefits.rule_set")
    if not rule_set:
        rule_set = _param_text(ctx, notes, "death_benefit.rule_set", on)
        if rule_set:
            out["death_benefits.rule_set"] = rule_set
    base = _money(v, "death_benefits.base")
    if base is None and rule_set in ("shenzhen", "national"):
        key = {"shenzhen": "death_benefit.shenzhen_avg_wage", "national": "death_benefit.province_disposable_income"}[rule_set]
        base = _param(ctx, notes, key, on)
        if base is not None:
            out["death_benefits.base"] = f"{base:.2f}"
    # 深圳办法 counts actual contributions only (policy.md §5: at least 6 months of actual
    # contributions), never the 视同缴费 months the 累计缴费月数 holds; without them it waits
    actual = v.get("death_benefits.actual_contribution_months")
    if rule_set and base is not None and v.get("death_benefits.dependants") not in (None, ""):
        months = int(v.get("death_benefits.contribution_months") or 0)
        dependants = int(v["death_benefits.dependants"])
        if rule_set == "shenzhen" and actual in (None, ""):
            return out
        # 国家办法: the 抚恤金月数 given (a deceased pensioner's: 24 less a month per year of pension
        # drawn, at least 9 — _given_inputs) is the one paid, never the in-service months (was: 14
        # months printed beside 24 months' amount)
        given = v.get("death_benefits.survivor_months") if rule_set == "national" else None
        r = money.funeral_and_survivor(rule_set, base, dependants=dependants,
                                       contribution_months=months,
                                       actual_contribution_months=None if actual in (None, "") else int(actual),
                                       survivor_months=None if given in (None, "") else int(given))
        if not r.eligible:      # the one case (深圳办法, money.funeral_and_survivor): r.reason is this note
            raise _NotComputed(DecisionNote("death_short_contributions", int(actual or 0)))
        out.update({"death_benefits.funeral_grant": str(r.funeral_grant), "death_benefits.survivor_months": str(r.survivor_months),
                    "death_benefits.survivor_benefit": str(r.survivor_benefit), "death_benefits.total": str(r.total)})
    return out


def _settlement(v: dict[str, str], ctx: RuleContext, notes: list[str]) -> dict[str, str]:
    out = {"account.year": str(ctx.on.year)}
    parts = [p for k in ("opening", "contributions", "interest") if (p := _money(v, f"account.{k}")) is not None]
    if len(parts) == 3:
        out["account.closing"] = str(sum(parts, Decimal("0.00")))
    return out


def _contribution(v: dict[str, str], ctx: RuleContext, notes: list[str]) -> dict[str, str]:
    from counter_rules import money

    # rates, floor and ceiling are those in force in the 费款所属期 (the period the contributions are
    # for, e.g. 2026-02 declared in December), not on the day of the decision
    period = _month_start(v.get("contributions.period"))
    if period is None:
        period = date(ctx.on.year, ctx.on.month, 1)     # none given: the current month
        out = {"contributions.period": f"{period.year:04d}-{period.month:02d}"}
    else:
        out = {}
    er = _param(ctx, notes, "pension.employer_rate", period)
    ir = _param(ctx, notes, "pension.individual_rate", period)
    if er is not None and ir is not None:
        out["contributions.employer_rate"] = f"{er}%"
        out["contributions.individual_rate"] = f"{ir}%"
        base = _money(v, "contributions.base")
        declared = _money(v, "contributions.declared_base")
        if base is not None:
            # a 核定缴费基数 given (the clerk's 修改, the record's): the amounts follow it, at the rates
            # of the period (whether it lies within the limits is checked: contribution_problems)
            employer, individual = money.to_fen(base * er / money.HUNDRED), money.to_fen(base * ir / money.HUNDRED)
            out.update({"contributions.employer": str(employer), "contributions.individual": str(individual)})
        elif declared is not None and declared >= 0 and ctx.params is not None:
            # (a declared base that is no amount computes nothing: check() names it, the period stays)
            try:
                a = money.contribution_amounts(declared, period, ctx.params)
            except ParameterNotInForce as exc:       # e.g. no floor yet for that period: said, not guessed
                notes.append(DecisionNote("period_note", f"{period.year:04d}-{period.month:02d}", not_in_force_note(exc)))
                return out
            out.update({"contributions.base": f"{a.base:.2f}", "contributions.employer": str(a.employer),
                        "contributions.individual": str(a.individual)})
    parts = [_money(v, k) if _money(v, k) is not None else _money(out, k)
             for k in ("contributions.employer", "contributions.individual")]
    if parts[0] is not None and parts[1] is not None:
        out["contributions.total"] = str(parts[0] + parts[1])
    return out


def contribution_problems(values: Mapping[str, Any], ctx: RuleContext) -> list[str]:
    """缴费核定's figures as one calculation (policy.md §4): the 核定缴费基数 within the floor and ceiling
    in force in the 费款所属期, 单位缴费 and 个人缴费 the base × the rates of that period (to the fen,
    half up), 缴费合计 their sum. A figure typed over the rules' (经办人修改) or handed over that does
    not follow is refused, naming the limit or the figure it should be: the 缴费明细 pushed to the
    collector carries these amounts, and no approval the catalog declares lets them differ."""
    from counter_rules import money

    base, employer, individual, total = (_money(values, f"contributions.{k}")
                                         for k in ("base", "employer", "individual", "total"))
    problems: list[str] = []
    period = _month_start(values.get("contributions.period")) or date(ctx.on.year, ctx.on.month, 1)
    month = f"{period.year:04d}-{period.month:02d}"
    if base is not None and ctx.params is not None:
        try:
            floor = ctx.params.decimal("contribution.base_floor", period)
            ceiling = ctx.params.decimal("contribution.base_ceiling", period)
            er = ctx.params.decimal("pension.employer_rate", period)
            ir = ctx.params.decimal("pension.individual_rate", period)
        except ParameterNotInForce as exc:          # the limits unknown: said, never assumed
            return [DecisionNote("period_note", month, not_in_force_note(exc))]
        except ParameterError as exc:               # a malformed parameter file: its own message
            return [str(exc)]
        if base < floor:
            problems.append(DecisionProblem("base_below_floor", "核定缴费基数", f"{base:.2f}", month, f"{floor:.2f}"))
        elif base > ceiling:
            problems.append(DecisionProblem("base_above_ceiling", "核定缴费基数", f"{base:.2f}", month, f"{ceiling:.2f}"))
        for have, rate, label in ((employer, er, "单位缴费"), (individual, ir, "个人缴费")):
            expected = money.to_fen(base * rate / money.HUNDRED)
            if have is not None and have != expected:
                problems.append(DecisionProblem("rules_mismatch", label, f"{have:.2f}", f"{expected:.2f}"))
    if total is not None and employer is not None and individual is not None and total != employer + individual:
        problems.append(DecisionProblem("rules_mismatch", "缴费合计", f"{total:.2f}", f"{employer + individual:.2f}"))
    return problems


# ---------------------------------------------------------------- completeness of the results


def _contribution_results(values: Mapping[str, Any], known: Mapping[str, Any], ctx: RuleContext | None) -> list[str]:
    """缴费核定 decides amounts: the 核定缴费基数 with 单位缴费 and 个人缴费, computed from the declared
    base (or typed by the clerk); without a declared base the per-person rows the core system
    handed over (``contributions.rows``) are the amounts. A declared base whose amounts could not be
    computed (e.g. no parameter in force) never lets the step complete with empty amounts."""
    results = (("contributions.base", "核定缴费基数"), ("contributions.employer", "单位缴费"),
               ("contributions.individual", "个人缴费"))
    missing = [label for code, label in results if values.get(code) in (None, "")]
    if not missing:
        return contribution_problems(values, ctx) if ctx is not None else []
    names = "、".join(missing)
    if values.get("contributions.declared_base") not in (None, ""):
        return [DecisionProblem("results_not_computed", names)]
    if known.get("rows"):
        return []
    return [DecisionProblem("results_missing", names)]


RESULT_CHECKS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any], "RuleContext | None"], list[str]]] = {
    "contribution": _contribution_results,
}


def unfinished(service_code: str, values: Mapping[str, Any], known: Mapping[str, Any] | None = None,
               ctx: RuleContext | None = None) -> list[str]:
    """Why a decision step's results are not there yet or cannot stand (Chinese, each naming the
    amounts), or [].

    ``values`` by field code (entered, computed or from the record); ``known``: the rest of the
    step's group the record holds (e.g. the core system's per-person rows); ``ctx``: the rules'
    context, with which the figures are checked against each other and the limits in force
    (缴费核定: :func:`contribution_problems`). Used by the form and, authoritatively, by the case
    engine when the step is recorded (the CLI path is guarded too) — one rule for all three."""
    check_results = RESULT_CHECKS.get(service_code)
    return check_results(values, known or {}, ctx) if check_results else []


# ---------------------------------------------------------------- one consistent calculation (settle)

# The figures a benefit decision derives, by service: each derived field and the fields it is computed
# from, in the order of the calculation. The core system's record holds them as ITS calculation from
# ITS inputs: once an input in use differs from the record's, the record's figure is stale, never kept.
DERIVED_FROM: dict[str, dict[str, tuple[str, ...]]] = {
    "pension": {
        "pension.start_month": ("pension.retirement_month",),
        "pension.base": ("pension.retirement_month",),
        "pension.months_factor": ("pension.retirement_month",),
        "pension.basic": ("pension.base", "pension.avg_index", "pension.contribution_months"),
        "pension.personal_account": ("pension.account_balance", "pension.months_factor"),
        "pension.total": ("pension.basic", "pension.personal_account", "pension.transitional"),
    },
    "disability_allowance": {
        "allowance.start_month": (),
        "allowance.base": (),
        "allowance.months_factor": (),
        "allowance.basic": ("allowance.base", "allowance.avg_index", "allowance.contribution_months"),
        "allowance.personal_account": ("allowance.account_balance", "allowance.months_factor"),
        "allowance.monthly": ("allowance.basic", "allowance.personal_account", "allowance.transitional"),
    },
    "death_benefit": {
        # the rule set and the base in force on the day of death (死亡日期)
        "death_benefits.rule_set": ("death_benefits.death_date",),
        "death_benefits.base": ("death_benefits.rule_set", "death_benefits.death_date"),
        "death_benefits.funeral_grant": ("death_benefits.rule_set", "death_benefits.base",
                                         "death_benefits.actual_contribution_months"),
        "death_benefits.survivor_months": ("death_benefits.rule_set", "death_benefits.dependants",
                                           "death_benefits.contribution_months",
                                           "death_benefits.actual_contribution_months"),
        "death_benefits.survivor_benefit": ("death_benefits.base", "death_benefits.survivor_months"),
        "death_benefits.total": ("death_benefits.funeral_grant", "death_benefits.survivor_benefit"),
    },
    # 储存额核定 (5.6.1.4, 6.6.1.4.2.3): the 结算额 paid out is the 上年末储存额, the 本年记账额 and its
    # 利息 together (policy.md §3) — never a figure of its own (was: any 结算额 issued, 1.00 beside 207,679.00)
    "account_settlement": {
        "account.closing": ("account.opening", "account.contributions", "account.interest"),
    },
}

# Derived fields whose given value is an input of the calculation (the record's or the clerk's), computed
# only when none is given: a 退休年月 of 弹性退休 or 延长缴费, a 起领年月, a 计发基数 not yet published
# as a parameter, the 计发办法 chosen.
GIVEN_INPUTS: dict[str, frozenset[str]] = {
    "pension": frozenset({"pension.retirement_month", "pension.start_month", "pension.base"}),
    "disability_allowance": frozenset({"allowance.start_month", "allowance.base"}),
    "death_benefit": frozenset({"death_benefits.rule_set", "death_benefits.base"}),
    "account_settlement": frozenset({"account.year"}),     # the year settled (the rules': the current one)
}

# the 计发基数 field of each settled service and the parameter it is, by 计发办法 for 丧葬补助金、抚恤金
_BASES: dict[str, tuple[str, Mapping[str | None, str]]] = {
    "pension": ("pension.base", {None: "pension.computation_base"}),
    "disability_allowance": ("allowance.base", {None: "pension.computation_base"}),
    "death_benefit": ("death_benefits.base", {"shenzhen": "death_benefit.shenzhen_avg_wage",
                                              "national": "death_benefit.province_disposable_income"}),
}


@dataclass(frozen=True)
class Settled:
    """A benefit decision's 核定数据 as one calculation: every field's value by code (given, or
    computed by the rules from the others), the 计发参数 rows the document prints (the parameters
    of the rule actually applied, with the figures used), and the problems that refuse it."""

    values: dict[str, str]
    parameters: list[dict[str, str]]
    problems: list[str]


def _given_inputs(service_code: str, values: Mapping[str, str]) -> frozenset[str]:
    given = GIVEN_INPUTS.get(service_code, frozenset())
    if service_code == "death_benefit" and values.get("death_benefits.rule_set") == "national":
        # 国家办法: a pensioner's 抚恤金月数 also depends on the years the pension was drawn, which
        # the calculation does not know; the months given (record, clerk) are an input
        given = given | {"death_benefits.survivor_months"}
    return given


def _same(field: DecisionField | None, a: str, b: str) -> bool:
    if field is not None and field.type in ("money", "decimal", "integer"):
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    return a == b


def settle(service_code: str, fields: tuple[DecisionField, ...], values: Mapping[str, str | None],
           record: Mapping[str, str | None], ctx: RuleContext) -> Settled | None:
    """The decision's figures as ONE calculation of the rule actually applied (None for a service
    whose figures the rules do not derive, :data:`DERIVED_FROM`).

    ``values``: the checked values in use by code (the clerk's entries over the record's); ``record``:
    the record's own values (the core system's calculation). A record figure whose inputs changed is
    dropped and computed again (or, when it cannot be, named: ``stale_value``); every derived figure
    the rules can compute is computed, and a given one that differs refuses the decision with the
    figure it should be (``rules_mismatch``, the 计发月数 by the age); a 退休年月 before the earliest
    the birth month allows (法定退休年龄, or 弹性提前退休 with the minimum contribution years; not for
    特殊工种提前退休, which has its own basis) refuses it too. Later retirement is not refused
    (弹性延迟退休, 延长缴费 for the minimum years)."""
    derived = DERIVED_FROM.get(service_code)
    if derived is None:
        return None
    by_code = {f.code: f for f in fields}
    current = {k: str(v) for k, v in values.items() if v not in (None, "")}
    rec = {k: str(v) for k, v in record.items() if v not in (None, "")}
    problems: list[str] = []
    # 1. the record's figures whose inputs changed are stale
    changed = {k for k in set(by_code) | set(current) | set(rec) if current.get(k) != rec.get(k)}
    stale: dict[str, tuple[str, str]] = {}           # code → (the stale figure, the changed inputs' labels)
    for code, deps in derived.items():
        moved = [i for i in deps if i in changed]
        if moved and code in current and current[code] == rec.get(code):
            labels = "、".join(by_code[i].label if i in by_code else i for i in moved)
            stale[code] = (current.pop(code), labels)
            changed.add(code)
    # 2. compute what the inputs give; a figure the rules cannot compute (an input missing) is taken as given
    given = _given_inputs(service_code, current) & set(current)
    inputs = {k: v for k, v in current.items() if k not in derived or k in given}
    while True:
        computed, _notes, verdict = _run(service_code, inputs, ctx)
        if verdict is not None:
            return Settled(current, [], [verdict])
        computed = {k: v for k, v in (computed or {}).items() if k in by_code and k not in given}
        extra = {k: current[k] for k in derived if k in current and k not in inputs and k not in computed}
        if not extra:
            break
        inputs.update(extra)
    # 3. every computed figure: filled in, or the given one checked against it
    final = dict(current)
    for code, value in computed.items():
        have = current.get(code)
        if have is None:
            final[code] = value
        elif not _same(by_code.get(code), have, value):
            problems.append(_mismatch(service_code, by_code[code], have, value, final, ctx))
    for code, (figure, labels) in stale.items():
        if code not in final:
            problems.append(DecisionProblem("stale_value", by_code[code].label, figure, labels))
    problem = _retirement_month_problem(service_code, final, ctx)
    if problem is not None:
        problems.append(problem)
    return Settled(final, _parameter_rows(service_code, by_code, final, ctx), problems)


def _mismatch(service_code: str, field: DecisionField, have: str, expected: str, values: Mapping[str, str],
              ctx: RuleContext) -> DecisionProblem:
    """Why the given figure ``have`` of ``field`` is refused: the rules give ``expected``."""
    from counter_rules import retirement

    if field.key == "months_factor" and ctx.birth is not None:
        if service_code == "pension":
            when = _year_month(values.get(field.code.replace("months_factor", "retirement_month")))
            if when is not None:
                age = retirement.format_age(*age_at(ctx.birth, when))
                return DecisionProblem("months_factor_retirement", have, when, age, expected)
        else:
            when = retirement.YearMonth.of(ctx.applied_on)
            age = retirement.format_age(*age_at(ctx.birth, when))
            return DecisionProblem("months_factor_application", have, ctx.applied_on.isoformat(), age, expected)
    return DecisionProblem("rules_mismatch", field.label, have, expected)


def _retirement_month_problem(service_code: str, values: Mapping[str, str], ctx: RuleContext) -> DecisionProblem | None:
    """A 退休（领取）年月 before the earliest the person's birth month and category allow (policy.md §1):
    the statutory month, or with 弹性提前退休 (the reform's window, at least the minimum contribution
    years) at most 3 years earlier, never below the original age. 特殊工种提前退休 is not judged here."""
    from counter_rules import retirement

    if service_code != "pension" or ctx.birth is None or ctx.category is None or "special_work_type" in ctx.variants:
        return None
    month = _year_month(values.get("pension.retirement_month"))
    if month is None:
        return None
    w = retirement.flexible_window(ctx.birth[0], ctx.birth[1], ctx.category)
    r = w.statutory
    try:
        months = int(values.get("pension.contribution_months") or 0)
    except ValueError:
        months = 0
    early = w.applicable and w.earliest_month < r.retirement_month and months >= w.early_min_contribution_months
    birth = retirement.YearMonth.checked(*ctx.birth)
    if early and month < w.earliest_month:
        return DecisionProblem("retirement_before_flexible", month, w.earliest_month, birth, r.age_text)
    if not early and month < r.retirement_month:
        return DecisionProblem("retirement_before_statutory", month, r.retirement_month, birth, r.age_text)
    return None


def _parameter_rows(service_code: str, by_code: Mapping[str, DecisionField], values: Mapping[str, str],
                    ctx: RuleContext) -> list[dict[str, str]]:
    """The 计发参数 rows of the decision: the 计发基数 actually used, named as the parameter of the rule
    applied, with the date its value took effect when it is the parameter's value in force (a figure
    the record or the clerk gave that no parameter in force holds has no such date). No rows for a
    service without a 计发基数 (储存额核定)."""
    if service_code not in _BASES:
        return []
    code, keys = _BASES[service_code]
    value = _money(values, code)
    if value is None:
        return []
    if service_code == "pension":
        on = _month_start(values.get("pension.retirement_month")) or ctx.applied_on
        key: str | None = keys[None]
    elif service_code == "disability_allowance":
        on, key = ctx.applied_on, keys[None]
    else:
        on = iso_day(str(values.get("death_benefits.death_date") or "")[:10]) or ctx.death or ctx.on
        key = keys.get(values.get("death_benefits.rule_set"))
    label, effective = (by_code[code].label if code in by_code else code), ""
    unit = by_code[code].unit if code in by_code else ""
    if key is not None and ctx.params is not None and key in ctx.params:
        parameter = ctx.params.parameter(key)
        label, unit = parameter.title, parameter.unit
        try:
            entry = parameter.entry_on(on)
        except ParameterNotInForce:
            entry = None
        if entry is not None and entry.value == value:
            effective = entry.effective_from.isoformat()
    # the unit (元, 元/月) says how the document writes the value: an amount as every amount (4,511.00)
    return [{"label": label, "value": f"{value:.2f}", "effective_from": effective, "unit": unit}]


CALCULATORS: dict[str, Calculator] = {
    "pension": _pension("pension"),
    "disability_allowance": _pension("disability"),
    "death_benefit": _death,
    "account_settlement": _settlement,
    "contribution": _contribution,
}
