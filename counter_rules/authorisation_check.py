"""The shape of a graded authorisation table (分级授权表, DB4403/T 254.1—2022 7.3.2), reference data
``authorisation``: what the centre checks before it publishes one (``POST /reference`` and
``counter-central reference publish``), so a table that would switch approvals off or that the
counters cannot read is refused with the reason instead of being published.

A table is ``{"rules": [...], "parameters": [...], "levels": {...}, "version", "note",
"agency_defaults", "name"}``. Each rule names a known 审批点 (:class:`~counter_rules.terms.Escalation`),
a level the product knows (1 科长, 2 中心主任: counter_protocol.approvals.LEVEL_NAMES — never 0,
never text), the date it takes effect (``YYYY-MM-DD``) and, for a 待遇核定 only, the condition it
weighs (``when``: ``back_pay`` / ``amount``, whose parameter the table must then set). An action the
agency does not gate is left out of the table; a rule cannot say "no approval". Unknown keys are
refused (a misspelt ``levle`` would otherwise be read as no level at all). Pure: no I/O.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from counter_protocol.approvals import LEVEL_NAMES
from counter_rules.terms import ESCALATION_NAMES, Escalation

STRICTEST_LEVEL = max(LEVEL_NAMES)       # what an unreadable level counts as where a table is read
CONDITIONS = {"back_pay": "补发月数超过参数", "amount": "金额超过参数"}
CONDITION_PARAMETERS = {"back_pay": "back_pay_months_max", "amount": "amount_max"}
PARAMETERS = {"back_pay_months_max": "补发月数上限", "amount_max": "金额上限（元）",
              "pending_expiry_hours": "待审批申请过期时限（小时）"}
TABLE_KEYS = frozenset({"name", "version", "note", "agency_defaults", "levels", "rules", "parameters"})
RULE_KEYS = frozenset({"action", "level", "effective_from", "effective_to", "when", "note", "default"})
PARAMETER_KEYS = frozenset({"key", "value", "effective_from", "effective_to", "note", "default"})


class AuthorisationTableError(ValueError):
    """The table cannot be published; the message is the administrator's (Chinese), naming the rule."""


def _known(keys: frozenset[str]) -> str:
    return "、".join(sorted(keys))


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def level_of(value: Any) -> int | None:
    """``value`` as a level the product knows (1, 2), else None (text, 0, a bool, 3, 1.5…)."""
    if isinstance(value, int) and not isinstance(value, bool) and value in LEVEL_NAMES:
        return value
    return None


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _rule_name(i: int, raw: Mapping[str, Any]) -> str:
    action = raw.get("action")
    try:
        return f"第 {i} 条规则（{ESCALATION_NAMES[Escalation(action)]}）"
    except (ValueError, TypeError, KeyError):
        return f"第 {i} 条规则"


def _dates(where: str, raw: Mapping[str, Any]) -> None:
    start = _date(raw.get("effective_from"))
    if start is None:
        raise AuthorisationTableError(f"{where}的生效日期（effective_from）应为 YYYY-MM-DD 格式的日期："
                                      f"{raw.get('effective_from')!r}")
    if raw.get("effective_to") is not None:
        end = _date(raw.get("effective_to"))
        if end is None or end < start:
            raise AuthorisationTableError(f"{where}的截止日期（effective_to）应为不早于生效日期的 YYYY-MM-DD 日期："
                                          f"{raw.get('effective_to')!r}")


def _check_rule(i: int, raw: Any) -> tuple[str, str, str]:
    if not isinstance(raw, Mapping):
        raise AuthorisationTableError(f"分级授权表第 {i} 条规则应为一个对象（action、level、effective_from）")
    where = f"分级授权表{_rule_name(i, raw)}"
    unknown = sorted(str(k) for k in set(raw) - RULE_KEYS)
    if unknown:
        raise AuthorisationTableError(f"{where}有不认识的项 {'、'.join(unknown)}（可用：{_known(RULE_KEYS)}）")
    action = raw.get("action")
    if not isinstance(action, str) or action not in {e.value for e in Escalation}:
        raise AuthorisationTableError(f"{where}的审批事项（action）不认识：{action!r}"
                                      f"（可用：{'、'.join(e.value for e in Escalation)}）")
    if level_of(raw.get("level")) is None:
        levels = "、".join(f"{n}（{name}）" for n, name in sorted(LEVEL_NAMES.items()))
        raise AuthorisationTableError(f"{where}的审批级别（level）应为整数 {levels}：{raw.get('level')!r}"
                                      "（不须审批的事项不列入分级授权表）")
    _dates(where, raw)
    when = raw.get("when", "")
    if when not in ("", None):
        if not isinstance(when, str) or when not in CONDITIONS:
            raise AuthorisationTableError(f"{where}的条件（when）不认识：{when!r}（可用：{'、'.join(CONDITIONS)}）")
        if action != Escalation.benefit_decision.value:
            raise AuthorisationTableError(f"{where}：条件（when）只用于待遇核定（benefit_decision）")
    if not _text(raw.get("note", "")) or not isinstance(raw.get("default", False), bool):
        raise AuthorisationTableError(f"{where}：说明（note）应为文字，default 应为 true 或 false")
    return action, str(when or ""), str(raw.get("effective_from"))


def _check_parameter(i: int, raw: Any) -> str:
    if not isinstance(raw, Mapping):
        raise AuthorisationTableError(f"分级授权表第 {i} 个参数应为一个对象（key、value、effective_from）")
    key = raw.get("key")
    where = f"分级授权表第 {i} 个参数（{PARAMETERS[key]}）" if key in PARAMETERS else f"分级授权表第 {i} 个参数"
    unknown = sorted(str(k) for k in set(raw) - PARAMETER_KEYS)
    if unknown:
        raise AuthorisationTableError(f"{where}有不认识的项 {'、'.join(unknown)}（可用：{_known(PARAMETER_KEYS)}）")
    if key not in PARAMETERS:
        raise AuthorisationTableError(f"{where}的参数名（key）不认识：{key!r}（可用：{'、'.join(PARAMETERS)}）")
    value = raw.get("value")
    try:
        number = Decimal(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise AuthorisationTableError(f"{where}的取值（value）应为不小于 0 的数：{value!r}")
    _dates(where, raw)
    if not _text(raw.get("note", "")) or not isinstance(raw.get("default", False), bool):
        raise AuthorisationTableError(f"{where}：说明（note）应为文字，default 应为 true 或 false")
    return str(key)


def check_authorisation_table(content: Any) -> None:
    """Raise :class:`AuthorisationTableError` (Chinese, naming the rule) when ``content`` is not a
    table the product can apply as written; return None when it is."""
    if not isinstance(content, Mapping):
        raise AuthorisationTableError("分级授权表应为一个对象（rules、parameters）")
    unknown = sorted(str(k) for k in set(content) - TABLE_KEYS)
    if unknown:
        raise AuthorisationTableError(f"分级授权表有不认识的项 {'、'.join(unknown)}（可用：{_known(TABLE_KEYS)}）")
    rules = content.get("rules")
    if not isinstance(rules, list) or not rules:
        raise AuthorisationTableError("分级授权表缺少规则（rules 应为非空列表）")
    parameters = content.get("parameters", [])
    if not isinstance(parameters, list):
        raise AuthorisationTableError("分级授权表的参数（parameters）应为列表")
    levels = content.get("levels", {})
    known_names = {str(n) for n in LEVEL_NAMES}
    if not isinstance(levels, Mapping) or not set(levels) <= known_names \
            or not all(isinstance(v, str) for v in levels.values()):
        raise AuthorisationTableError("分级授权表的级别名称（levels）应为 {\"1\": \"科长\", \"2\": \"中心主任\"} 这样的表")
    for item in ("version", "note", "name"):
        if not _text(content.get(item, "")):
            raise AuthorisationTableError(f"分级授权表的 {item} 应为文字")
    if not isinstance(content.get("agency_defaults", False), bool):
        raise AuthorisationTableError("分级授权表的 agency_defaults 应为 true 或 false")
    seen: dict[tuple[str, str, str], int] = {}
    conditions: set[str] = set()
    for i, raw in enumerate(rules, 1):
        rule = _check_rule(i, raw)
        if rule in seen:
            raise AuthorisationTableError(f"分级授权表{_rule_name(i, raw)}与第 {seen[rule]} 条的审批事项、条件和生效日期"
                                          "相同，无法确定适用哪一条")
        seen[rule] = i
        if rule[1]:
            conditions.add(rule[1])
    keys = {_check_parameter(i, raw) for i, raw in enumerate(parameters, 1)}
    for when in sorted(conditions):
        if CONDITION_PARAMETERS[when] not in keys:
            param = CONDITION_PARAMETERS[when]
            raise AuthorisationTableError(f"分级授权表有「{CONDITIONS[when]}」的规则（when: {when}），"
                                          f"但没有设定参数 {param}（{PARAMETERS[param]}）")
