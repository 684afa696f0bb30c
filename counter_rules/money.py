"""Pension and benefit arithmetic (养老金测算、个人账户记账、丧葬补助金和抚恤金、缴费核定).

Rounding rule (舍入规则), used everywhere here:
  * all arithmetic is :class:`decimal.Decimal` (floats are refused as input);
  * every money amount is rounded to the fen (0.01 元) with ROUND_HALF_UP (四舍五入到分),
    once, at the end of its own formula — intermediate products are kept exact;
  * a total is the sum of its already-rounded parts, so the parts always add up to it;
  * 计发月数 is rounded half-up to one decimal (0.1 月) before it divides the account balance;
  * the personal account is rounded to the fen at each year end (记账到分).

Facts: shared/notes/policy.md §2–§5. Figures that change (rates, bases, the death-benefit rule
set …) come from a :class:`~counter_rules.params.ParameterSet`, never from constants here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any, Mapping

from counter_rules.params import ParameterSet, ParameterValue
from counter_rules.retirement import RuleInputError, YearMonth

FEN = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

# 计发月数 by whole retirement age (国发〔2005〕38号 附表)
MONTHS_FACTOR_TABLE: dict[int, int] = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 208, 48: 204, 49: 199,
    50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
    60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65,
    70: 56,
}
INTERPOLATIONS = ("linear",)


# No amount, index or count these rules take comes near this (a trillion yuan); beyond it a
# rounding to the fen would exceed Decimal's 28 digits (InvalidOperation), so it is refused as input.
MAX_MAGNITUDE = Decimal(10) ** 12


def to_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half up: 0.005 → 0.01, 0.0049… → 0.00, −0.005 → −0.01."""
    try:
        return amount.quantize(FEN, rounding=ROUND_HALF_UP)
    except InvalidOperation:      # more digits than the context holds: a product of absurd inputs
        raise RuleInputError(f"金额“{amount}”超出可计算的范围") from None


# No working life holds more than a hundred years of contributions: an input sanity bound (not a
# policy figure), so a mistyped 99999999999999999999 is refused instead of estimated as a pension
MAX_CONTRIBUTION_MONTHS = 1200


def to_decimal(value: Any, what: str = "金额") -> Decimal:
    """str / int / Decimal → Decimal; floats and non-numbers raise a Chinese :class:`RuleInputError`."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, bool) or isinstance(value, float):
        raise RuleInputError(f"{what}请以字符串或整数给出（不接受浮点数，以免二进制误差）")
    elif isinstance(value, (int, str)):
        try:
            d = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise RuleInputError(f"{what}“{value}”不是有效数值") from None
    else:
        raise RuleInputError(f"{what}“{value}”不是有效数值")
    if not d.is_finite():
        raise RuleInputError(f"{what}“{value}”不是有效数值")
    if abs(d) >= MAX_MAGNITUDE:
        raise RuleInputError(f"{what}“{value}”超出可计算的范围（应小于 1 万亿）")
    return d


def _non_negative(value: Any, what: str) -> Decimal:
    d = to_decimal(value, what)
    if d < 0:
        raise RuleInputError(f"{what}不能为负数：{value}")
    return d


# ---------------------------------------------------------------- 计发月数


def months_factor(age_years: int, age_months: int = 0, *, interpolation: str = "linear") -> Decimal:
    """计发月数 for a retirement age in years and months.

    M(a, m) = M(a) − (M(a) − M(a+1)) × m / 12, decimal arithmetic, half-up to one decimal
    (60y1m → 138.4, 60y3m → 137.3, 50y1m → 194.6). Whole ages give the table value (139.0).
    """
    if interpolation not in INTERPOLATIONS:
        raise RuleInputError(f"计发月数取值办法“{interpolation}”未实现：已知办法 {', '.join(INTERPOLATIONS)}")
    if isinstance(age_years, bool) or not isinstance(age_years, int) or isinstance(age_months, bool) or not isinstance(age_months, int):
        raise RuleInputError("年龄的岁数和月数应为整数")
    if not 0 <= age_months <= 11:
        raise RuleInputError(f"月数“{age_months}”无效：应为 0—11")
    lo, hi = min(MONTHS_FACTOR_TABLE), max(MONTHS_FACTOR_TABLE)
    if age_years not in MONTHS_FACTOR_TABLE or (age_years == hi and age_months):
        raise RuleInputError(f"退休年龄{age_years}岁{age_months}个月超出计发月数表范围（{lo}—{hi}岁）")
    base = Decimal(MONTHS_FACTOR_TABLE[age_years])
    if age_months == 0:
        return base.quantize(TENTH)
    nxt = Decimal(MONTHS_FACTOR_TABLE[age_years + 1])
    exact = base - (base - nxt) * Decimal(age_months) / Decimal(12)
    return exact.quantize(TENTH, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- 养老金测算


@dataclass(frozen=True)
class PensionEstimate:
    """基本养老金测算. ``total`` = basic + personal_account + transitional (each rounded to the fen)."""

    basic: Decimal                 # 基础养老金
    personal_account: Decimal      # 个人账户养老金
    transitional: Decimal          # 过渡性养老金（按本地办法另行核定，输入）
    total: Decimal
    computation_base: Decimal      # C 计发基数
    avg_index: Decimal             # Z 平均缴费指数
    contribution_months: int       # N 累计缴费月数（含视同缴费）
    account_balance: Decimal
    age_years: int
    age_months: int
    months_factor: Decimal
    parameters: tuple[tuple[str, ParameterValue], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "basic": str(self.basic),
            "personal_account": str(self.personal_account),
            "transitional": str(self.transitional),
            "total": str(self.total),
            "inputs": {
                "computation_base": str(self.computation_base),
                "avg_index": str(self.avg_index),
                "contribution_months": self.contribution_months,
                "account_balance": str(self.account_balance),
                "age_years": self.age_years,
                "age_months": self.age_months,
                "months_factor": str(self.months_factor),
            },
            "parameters": [{"key": k, **v.as_dict()} for k, v in self.parameters],
            "rounding": "各项按十进制计算，四舍五入到分；合计为各项之和",
        }


def pension_estimate(
    *,
    computation_base: Any,
    avg_index: Any,
    contribution_months: int,
    account_balance: Any,
    age_years: int,
    age_months: int = 0,
    transitional: Any = "0",
    interpolation: str = "linear",
) -> PensionEstimate:
    """National formula (国发〔2005〕38号):

    basic = C × (1 + Z) / 2 × N × 1%, N = contribution months / 12 (counted to the month);
    personal account = balance ÷ 计发月数; transitional = given (set by local rules, not computed).
    """
    c = to_decimal(computation_base, "计发基数")
    if c <= 0:
        raise RuleInputError(f"计发基数应大于0：{computation_base}")
    z = _non_negative(avg_index, "平均缴费指数")
    if isinstance(contribution_months, bool) or not isinstance(contribution_months, int) or contribution_months < 0:
        raise RuleInputError(f"累计缴费月数应为非负整数：{contribution_months}")
    if contribution_months > MAX_CONTRIBUTION_MONTHS:
        raise RuleInputError(f"累计缴费月数“{contribution_months}”超出可计算的范围（应不超过 {MAX_CONTRIBUTION_MONTHS} 个月）")
    balance = _non_negative(account_balance, "个人账户储存额")
    trans = _non_negative(transitional, "过渡性养老金")
    m = months_factor(age_years, age_months, interpolation=interpolation)
    with localcontext() as ctx:
        ctx.prec = 34
        basic = to_fen(c * (1 + z) * Decimal(contribution_months) / Decimal(2400))
        personal = to_fen(balance / m)
    trans = to_fen(trans)
    return PensionEstimate(
        basic=basic,
        personal_account=personal,
        transitional=trans,
        total=basic + personal + trans,
        computation_base=c,
        avg_index=z,
        contribution_months=contribution_months,
        account_balance=balance,
        age_years=age_years,
        age_months=age_months,
        months_factor=m,
    )


def pension_estimate_on(
    retirement_month: YearMonth | date, params: ParameterSet, *, computation_base: Any = None, **kwargs: Any
) -> PensionEstimate:
    """:func:`pension_estimate` with 计发基数 and (for ages with months) the 计发月数 interpolation
    rule in force in the retirement month.

    ``computation_base`` overrides the parameter (e.g. while the year's base is unpublished).
    Raises :class:`~counter_rules.params.ParameterNotInForce` when a needed value is missing.
    """
    ym = YearMonth.of(retirement_month)
    on = date(ym.year, ym.month, 1)
    used: list[tuple[str, ParameterValue]] = []
    interpolation = "linear"  # unused for whole ages: the table value applies
    if kwargs.get("age_months", 0):
        interp = params.entry("months_factor.interpolation", on)
        used.append(("months_factor.interpolation", interp))
        interpolation = str(interp.value)
    if computation_base is None:
        entry = params.entry("pension.computation_base", on)
        used.append(("pension.computation_base", entry))
        computation_base = entry.value
    est = pension_estimate(computation_base=computation_base, interpolation=interpolation, **kwargs)
    return PensionEstimate(**{**est.__dict__, "parameters": tuple(used)})


# ---------------------------------------------------------------- 个人账户记账


def account_year_end(previous_balance: Any, contributions: Any, rate_percent: Any) -> Decimal:
    """Year-end balance = previous × (1 + r) + this year's contributions × (1 + r × 1.083 × 1/2),
    r = rate_percent / 100; rounded to the fen half-up (记账到分)."""
    prev = _non_negative(previous_balance, "上年末个人账户储存额")
    contrib = _non_negative(contributions, "当年记账额")
    r = to_decimal(rate_percent, "记账利率") / HUNDRED
    with localcontext() as ctx:
        ctx.prec = 34
        value = prev * (1 + r) + contrib * (1 + r * Decimal("1.083") / 2)
    return to_fen(value)


@dataclass(frozen=True)
class AccountYear:
    year: int
    opening: Decimal
    contributions: Decimal
    rate_percent: Decimal
    closing: Decimal
    confirmed: bool
    source: str


def account_history(
    opening_balance: Any, contributions_by_year: Mapping[int, Any], params: ParameterSet
) -> list[AccountYear]:
    """Year-by-year 个人账户 from the first to the last year given (missing years contribute 0),
    each year's 记账利率 taken from ``params`` (an unknown year raises ParameterNotInForce)."""
    if not contributions_by_year:
        return []
    rows: list[AccountYear] = []
    balance = _non_negative(opening_balance, "期初个人账户储存额")
    for year in range(min(contributions_by_year), max(contributions_by_year) + 1):
        entry = params.entry("account.interest_rate", date(year, 1, 1))
        contrib = _non_negative(contributions_by_year.get(year, 0), f"{year}年记账额")
        closing = account_year_end(balance, contrib, entry.value)
        rows.append(AccountYear(year, balance, contrib, entry.value, closing, entry.confirmed, entry.source))  # type: ignore[arg-type]
        balance = closing
    return rows


# ---------------------------------------------------------------- 丧葬补助金、抚恤金

RULE_SETS = ("shenzhen", "national")


@dataclass(frozen=True)
class DeathBenefits:
    rule_set: str                  # "shenzhen" | "national"
    eligible: bool
    reason: str | None             # Chinese, when not eligible
    base: Decimal                  # 深圳：上年度职工月平均工资；国家：上年度城镇居民月人均可支配收入
    funeral_grant: Decimal         # 丧葬补助金
    survivor_months: int           # 抚恤金月数（深圳办法为倍数）
    survivor_benefit: Decimal      # 抚恤金
    total: Decimal
    parameters: tuple[tuple[str, ParameterValue], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "eligible": self.eligible,
            "reason": self.reason,
            "base": str(self.base),
            "funeral_grant": str(self.funeral_grant),
            "survivor_months": self.survivor_months,
            "survivor_benefit": str(self.survivor_benefit),
            "total": str(self.total),
            "parameters": [{"key": k, **v.as_dict()} for k, v in self.parameters],
        }


def national_survivor_months(*, contribution_months: int = 0, pensioner: bool = False, pension_years_drawn: int = 0) -> int:
    """人社部发〔2021〕18号 抚恤金月数.

    In service, by completed contribution years y: y < 5 → 3; 5–9 → 6; 10–15 → 9; then +1 per
    further year, 24 at 30 years and above. Pensioners: 24 − 1 per completed year of pension
    drawn, at least 9.
    """
    if pensioner:
        if pension_years_drawn < 0:
            raise RuleInputError("领取养老金年数不能为负数")
        return max(9, 24 - pension_years_drawn)
    if contribution_months < 0:
        raise RuleInputError("累计缴费月数不能为负数")
    y = contribution_months // 12
    if y < 5:
        return 3
    if y < 10:
        return 6
    if y <= 15:
        return 9
    return min(24, 9 + (y - 15))


def funeral_and_survivor(
    rule_set: str,
    base: Any,
    *,
    dependants: int = 0,
    contribution_months: int = 0,
    actual_contribution_months: int | None = None,
    pensioner: bool = False,
    pension_years_drawn: int = 0,
    survivor_months: int | None = None,
) -> DeathBenefits:
    """丧葬补助金 and 抚恤金 under one of the two rule sets.

    shenzhen: at least 6 months of actual contributions (``actual_contribution_months``: 实际缴费,
    never 视同缴费 — policy.md §5; required, ``contribution_months`` may include deemed months);
    funeral = 3 × base; survivor = 6 / 9 / 12 × base for 1 / 2 / ≥3 dependants (0 dependants →
    none). base = 深圳市上年度职工月平均工资.
    national: funeral = 2 × base; survivor = base × :func:`national_survivor_months` of
    ``contribution_months`` (policy.md §5 says “years”, not whether deemed years count: the caller's
    累计缴费月数, deemed included, as the record gives it), or × ``survivor_months`` when given (a
    deceased pensioner's, which the years of pension drawn decide). base = 省上年度城镇居民月人均可支配收入.
    """
    if rule_set not in RULE_SETS:
        raise RuleInputError(f"丧葬补助金、抚恤金办法“{rule_set}”无效：应为 shenzhen 或 national")
    b = to_decimal(base, "计发基数")
    if b <= 0:
        raise RuleInputError(f"计发基数应大于0：{base}")
    if dependants < 0:
        raise RuleInputError("遗属人数不能为负数")
    zero = Decimal("0.00")
    if rule_set == "shenzhen":
        if actual_contribution_months is None:
            # the total may hold 视同缴费 months, which the Shenzhen rule does not count
            raise RuleInputError("深圳办法按实际缴费月数（不含视同缴费）计发：请给出实际缴费月数")
        actual = actual_contribution_months
        if isinstance(actual, bool) or not isinstance(actual, int) or actual < 0:
            raise RuleInputError(f"实际缴费月数应为非负整数：{actual}")
        if actual < 6:
            return DeathBenefits(rule_set, False, f"实际缴费不足6个月（现有{actual}个月），深圳办法不予计发", to_fen(b), zero, 0, zero, zero)
        funeral = to_fen(b * 3)
        months = 0 if dependants == 0 else {1: 6, 2: 9}.get(dependants, 12)
    else:
        funeral = to_fen(b * 2)
        months = survivor_months if survivor_months is not None else national_survivor_months(
            contribution_months=contribution_months, pensioner=pensioner, pension_years_drawn=pension_years_drawn
        )
    survivor = to_fen(b * months)
    return DeathBenefits(rule_set, True, None, to_fen(b), funeral, months, survivor, funeral + survivor)


_DEATH_BASE_KEYS = {
    "shenzhen": "death_benefit.shenzhen_avg_wage",
    "national": "death_benefit.province_disposable_income",
}


def funeral_and_survivor_on(on_date: date, params: ParameterSet, *, base: Any = None, rule_set: str | None = None, **kwargs: Any) -> DeathBenefits:
    """:func:`funeral_and_survivor` with the rule set (and, unless given, its base) in force on ``on_date``."""
    used: list[tuple[str, ParameterValue]] = []
    if rule_set is None:
        entry = params.entry("death_benefit.rule_set", on_date)
        used.append(("death_benefit.rule_set", entry))
        rule_set = str(entry.value)
    if rule_set not in RULE_SETS:
        raise RuleInputError(f"丧葬补助金、抚恤金办法“{rule_set}”无效：应为 shenzhen 或 national")
    if base is None:
        key = _DEATH_BASE_KEYS[rule_set]
        entry = params.entry(key, on_date)
        used.append((key, entry))
        base = entry.value
    result = funeral_and_survivor(rule_set, base, **kwargs)
    return DeathBenefits(**{**result.__dict__, "parameters": tuple(used)})


# ---------------------------------------------------------------- 缴费核定


@dataclass(frozen=True)
class ContributionAmounts:
    """缴费核定: monthly contributions on a declared base clamped to the floor/ceiling."""

    declared_base: Decimal
    base: Decimal                  # 核定缴费基数
    clamped: str | None            # "floor" | "ceiling" | None
    floor: Decimal
    ceiling: Decimal
    employer_rate: Decimal         # %
    individual_rate: Decimal       # %
    employer: Decimal              # 单位缴费
    individual: Decimal            # 个人缴费
    total: Decimal
    parameters: tuple[tuple[str, ParameterValue], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        d = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items() if k != "parameters"}
        d["parameters"] = [{"key": k, **v.as_dict()} for k, v in self.parameters]
        return d


def contribution_amounts(base: Any, on_date: date, params: ParameterSet) -> ContributionAmounts:
    """Base (rounded to the fen) clamped to [floor, ceiling] in force on ``on_date``; employer =
    base × employer rate, individual = base × individual rate, each rounded to the fen half-up."""
    declared = to_fen(_non_negative(base, "申报缴费基数"))
    keys = ("contribution.base_floor", "contribution.base_ceiling", "pension.employer_rate", "pension.individual_rate")
    entries = [(k, params.entry(k, on_date)) for k in keys]
    floor, ceiling, er, ir = (e.value for _, e in entries)
    assert isinstance(floor, Decimal) and isinstance(ceiling, Decimal) and isinstance(er, Decimal) and isinstance(ir, Decimal)
    if declared < floor:
        used, clamped = floor, "floor"
    elif declared > ceiling:
        used, clamped = ceiling, "ceiling"
    else:
        used, clamped = declared, None
    employer = to_fen(used * er / HUNDRED)
    individual = to_fen(used * ir / HUNDRED)
    return ContributionAmounts(
        declared_base=declared,
        base=used,
        clamped=clamped,
        floor=floor,
        ceiling=ceiling,
        employer_rate=er,
        individual_rate=ir,
        employer=employer,
        individual=individual,
        total=employer + individual,
        parameters=tuple(entries),
    )
