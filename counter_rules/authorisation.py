"""Graded authorisation table (分级授权, DB4403/T 254.1—2022 7.3.2). Pure: no I/O.

Which action (审批点, an :class:`Escalation` value) needs a supervisor, and at which level
(科长 1, 中心主任 2), on a given date. The table is reference data the centre publishes
(``authorisation``); the shipped defaults in ``resources/reference/authorisation.json`` are the
agency's to set. Every rule and parameter is effective-dated; a later ``effective_from`` for the
same action (and condition) replaces an earlier one from that date.

A benefit decision (待遇核定) needs approval only when its back pay exceeds
``back_pay_months_max`` months (rule ``when: back_pay``) or its amount exceeds ``amount_max``
yuan (rule ``when: amount``); both are effective-dated parameters of the table.
:func:`benefit_terms` reads both from the decision step's 核定数据: the back pay is the months from
the benefit's first month (``start_month``) up to the month of the decision, the amount what is paid
at once (the back pay of a monthly benefit; the one-off grants of 丧葬补助金、抚恤金).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from counter_rules.terms import MINIMUM_LEVELS, Escalation

LEVEL_NAMES = {1: "科长", 2: "中心主任"}
CONDITIONS = ("back_pay", "amount")
EXPIRY_PARAMETER = "pending_expiry_hours"     # 待审批申请的过期时限（小时，counter_protocol.approvals）

# 核定数据 groups of a benefit decision (待遇核定) → (monthly amount key or None, one-off amount key or None)
BENEFIT_GROUPS: dict[str, tuple[str | None, str | None]] = {
    "pension": ("total", None),            # 养老金核准决定书：月标准
    "allowance": ("monthly", None),        # 病残津贴核准决定书：月标准
    "death_benefits": (None, "total"),     # 丧葬补助金、抚恤金核准决定书：一次性
}


@dataclass(frozen=True)
class BenefitTerms:
    """What the graded authorisation table weighs in a benefit decision."""

    group: str
    back_pay_months: int        # 补发月数：起始月至核定当月之前
    amount: Decimal             # 一次性支付金额（元）：补发金额或一次性待遇

    def as_dict(self) -> dict[str, Any]:
        return {"group": self.group, "back_pay_months": self.back_pay_months, "amount": f"{self.amount:.2f}"}

    def text(self) -> str:
        parts = []
        if self.back_pay_months:
            parts.append(f"补发 {self.back_pay_months} 个月")
        parts.append(f"一次性支付 {self.amount:,.2f} 元")
        return "、".join(parts)


def _money(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", "")) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _month_index(value: Any) -> int | None:
    text = str(value or "").strip()[:7]
    try:
        y, m = int(text[:4]), int(text[5:7])
    except ValueError:
        return None
    return y * 12 + m - 1 if 1 <= m <= 12 and text[4] in "-/" else None


def _count(value: Any) -> int | None:
    """A number of months as a request carries it (an integer, or its digits), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value).strip() if isinstance(value, str) else ""
    return int(text) if text.isdigit() and len(text) <= 6 else None


def _amount(value: Any) -> Decimal | None:
    """An amount in yuan as a request carries it, or None (missing, not a finite number, negative)."""
    if isinstance(value, bool):
        return None
    found = _money(value) if isinstance(value, (str, int, Decimal)) else None
    return found if found is not None and found.is_finite() and found >= 0 else None


def benefit_terms(data: Mapping[str, Any], on: date) -> BenefitTerms | None:
    """The back pay and the amount of a benefit decision whose 核定数据 (``{group: {key: value}}``)
    is ``data``, decided on ``on``; None when ``data`` is no benefit decision."""
    for group, (monthly_key, once_key) in BENEFIT_GROUPS.items():
        values = data.get(group)
        if not isinstance(values, Mapping):
            continue
        months = 0
        amount = Decimal("0")
        start = _month_index(values.get("start_month"))
        if monthly_key is not None and start is not None:
            months = max(0, on.year * 12 + on.month - 1 - start)
            amount += (_money(values.get(monthly_key)) or Decimal("0")) * months
        if once_key is not None:
            amount += _money(values.get(once_key)) or Decimal("0")
        return BenefitTerms(group, months, amount.quantize(Decimal("0.01")))
    return None


class AuthorisationError(ValueError):
    """A malformed authorisation table (Chinese message)."""


@dataclass(frozen=True)
class Rule:
    action: Escalation
    level: int                   # 0: no approval from this date on
    effective_from: date
    effective_to: date | None = None
    when: str = ""               # "" | back_pay | amount
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    key: str
    value: Decimal
    effective_from: date
    effective_to: date | None = None


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AuthorisationError(f"分级授权表中{what}的日期格式不正确：{value!r}") from None


def _in_force(start: date, end: date | None, on: date) -> bool:
    return start <= on and (end is None or on <= end)


@dataclass(frozen=True)
class AuthorisationTable:
    version: str
    rules: tuple[Rule, ...]
    parameters: tuple[Parameter, ...] = ()
    agency_defaults: bool = False
    note: str = ""

    # ------------------------------------------------------------ lookups

    def _rule(self, action: Escalation, when: str, on: date) -> Rule | None:
        found = [r for r in self.rules if r.action is action and r.when == when
                 and _in_force(r.effective_from, r.effective_to, on)]
        return max(found, key=lambda r: r.effective_from) if found else None

    def parameter(self, key: str, on: date) -> Decimal:
        found = [p for p in self.parameters if p.key == key and _in_force(p.effective_from, p.effective_to, on)]
        if not found:
            raise AuthorisationError(f"分级授权参数「{key}」在 {on.isoformat()} 没有生效的取值，请由管理员设定")
        return max(found, key=lambda p: p.effective_from).value

    def expiry_hours(self, on: date) -> Decimal | None:
        """How long (hours) a pending request waits before it expires (``pending_expiry_hours``;
        None: the table sets no expiry, nothing expires)."""
        try:
            hours = self.parameter(EXPIRY_PARAMETER, on)
        except AuthorisationError:
            return None
        return hours if hours > 0 else None

    def required_level(self, action: Escalation | str, on: date, *, back_pay_months: int | None = None,
                       amount: Decimal | int | str | None = None) -> int:
        """The supervisor level ``action`` needs on ``on`` (0: none). For a benefit decision the
        back pay (months) and the amount (yuan) decide; the highest level that applies wins."""
        action = Escalation(action)
        level = MINIMUM_LEVELS.get(action, 0)       # gated whatever the table says (不予认定)
        plain = self._rule(action, "", on)
        if plain is not None:
            level = max(level, plain.level)
        back = self._rule(action, "back_pay", on)
        if back is not None and back_pay_months is not None and back_pay_months > self.parameter("back_pay_months_max", on):
            level = max(level, back.level)
        over = self._rule(action, "amount", on)
        if over is not None and amount is not None and Decimal(str(amount)) > self.parameter("amount_max", on):
            level = max(level, over.level)
        return level

    def strictest_level(self, action: Escalation | str, on: date) -> int:
        """The highest level any rule for ``action`` in force on ``on`` sets, with a condition or
        without (what a conditional rule asks when the terms it weighs are missing or unreadable)."""
        action = Escalation(action)
        return max([MINIMUM_LEVELS.get(action, 0)]
                   + [r.level for when in ("", *CONDITIONS) if (r := self._rule(action, when, on)) is not None])

    def weighed_level(self, action: Escalation | str, on: date, details: Mapping[str, Any] | None) -> int:
        """The level a request for ``action`` needs on ``on``, its conditional rules (``when``)
        weighed on what the request carries (``details``, as the counter sends it): ``terms`` (the
        back pay in months and the amount, :meth:`BenefitTerms.as_dict`) and ``data`` (the 核定数据
        they come from, weighed again by :func:`benefit_terms`) — the higher of the two. A
        conditional rule in force whose term is missing or unreadable (or whose parameter the
        table lacks) asks the strictest level of the action's rules (:meth:`strictest_level`): a
        request never needs less for saying less. The same evaluation as :meth:`required_level`,
        which the counter applies when it makes the request; the centre applies this one."""
        action = Escalation(action)
        plain = self._rule(action, "", on)
        level = max(MINIMUM_LEVELS.get(action, 0), plain.level if plain is not None else 0)
        conditions = [when for when in CONDITIONS
                      if (r := self._rule(action, when, on)) is not None and r.level > level]
        if not conditions:
            return level
        details = details if isinstance(details, Mapping) else {}
        terms = details.get("terms")
        readings: list[tuple[int | None, Decimal | None]] = [
            (_count(terms.get("back_pay_months")), _amount(terms.get("amount"))) if isinstance(terms, Mapping)
            else (None, None)]
        data = details.get("data")
        if isinstance(data, Mapping):
            try:
                weighed = benefit_terms(data, on)
            except ArithmeticError:     # a figure beyond what a decimal holds (InvalidOperation, Overflow)
                readings.append((None, None))
            else:
                if weighed is not None:
                    readings.append((weighed.back_pay_months, _amount(weighed.amount)))
        try:
            for months, amount in readings:
                if ("back_pay" in conditions and months is None) or ("amount" in conditions and amount is None):
                    return self.strictest_level(action, on)
                level = max(level, self.required_level(action, on, back_pay_months=months, amount=amount))
        except AuthorisationError:      # a parameter the rule weighs against is not set on that date
            return self.strictest_level(action, on)
        return level

    def approvals_required(self, on: date) -> frozenset[Escalation]:
        """The escalation points that need a supervisor unconditionally on ``on`` (what the case
        service is built with)."""
        return frozenset(a for a in Escalation if self.required_level(a, on) > 0)

    def decisions_gated(self, on: date) -> frozenset[Escalation]:
        """What the case service is built with (``approvals_required``): the decisions it refuses
        without an approver (不予受理, 不予认定, a decision resting on an override of a system check, accepting a
        注销 reg_cancel, a benefit decision over the back-pay / amount parameters, the review of a received
        转移接续信息表 info_sheet_review: its 审核通过 / 不通过 is recorded once approved). The fingerprint waiver is gated by the engine
        always; the failed capture is recorded first and waits for the approval. 不予认定 is gated
        always (:data:`counter_rules.terms.MINIMUM_LEVELS`): a table published without its rule
        cannot let a clerk alone issue a 不予认定决定书; the 核查 that found the case ineligible is
        recorded first and the decision waits for the approval."""
        gated = self.approvals_required(on) & {Escalation.rejection, Escalation.denial, Escalation.condition_override,
                                               Escalation.reg_cancel, Escalation.info_sheet_review}
        if any((r := self._rule(Escalation.benefit_decision, when, on)) is not None and r.level > 0
               for when in CONDITIONS):
            gated |= {Escalation.benefit_decision}    # weighed per decision (benefit_terms)
        return gated

    def describe(self, on: date) -> list[dict[str, Any]]:
        out = []
        for a in Escalation:
            for when in ("", *CONDITIONS):
                r = self._rule(a, when, on)
                if r is not None and r.level > 0:
                    out.append({"action": a.value, "when": when, "level": r.level,
                                "level_name": LEVEL_NAMES.get(r.level, str(r.level)), "note": r.note})
        return out


def table_from_dict(data: Mapping[str, Any], version: str = "") -> AuthorisationTable:
    """The table from its published / shipped JSON shape (raises :class:`AuthorisationError`)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise AuthorisationError("分级授权表缺少 rules 列表")
    rules = []
    for i, raw in enumerate(data["rules"], 1):
        try:
            action = Escalation(raw.get("action"))
        except (ValueError, AttributeError):
            raise AuthorisationError(f"分级授权表第 {i} 条的审批事项不认识：{raw!r}") from None
        level = raw.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or level not in (0, *LEVEL_NAMES):
            raise AuthorisationError(f"分级授权表第 {i} 条的审批级别应为 0、1 或 2：{level!r}")
        when = str(raw.get("when") or "")
        if when and when not in CONDITIONS:
            raise AuthorisationError(f"分级授权表第 {i} 条的条件不认识：{when!r}")
        end = raw.get("effective_to")
        rules.append(Rule(action, level, _date(raw.get("effective_from", "2000-01-01"), f"第 {i} 条"),
                          _date(end, f"第 {i} 条") if end else None, when, str(raw.get("note") or "")))
    params = []
    for raw in data.get("parameters") or []:
        try:
            value = Decimal(str(raw["value"]))
        except (KeyError, InvalidOperation, TypeError):
            raise AuthorisationError(f"分级授权参数取值不正确：{raw!r}") from None
        end = raw.get("effective_to")
        params.append(Parameter(str(raw.get("key")), value, _date(raw.get("effective_from", "2000-01-01"), "参数"),
                                _date(end, "参数") if end else None))
    return AuthorisationTable(version or str(data.get("version") or ""), tuple(rules), tuple(params),
                              bool(data.get("agency_defaults")), str(data.get("note") or ""))


def level_name(level: int) -> str:
    return LEVEL_NAMES.get(level, f"{level}级")
