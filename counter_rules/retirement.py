"""Statutory retirement age after the 2024 reform (法定退休年龄), minimum contribution years
(最低缴费年限), flexible retirement (弹性退休) and the service conditions of DB4403/T 254.1—2022
5.5.1–5.5.3 and 5.6.1.1–5.6.1.4, evaluated for explicit facts on a given date.

Facts: shared/notes/policy.md §1 (NPC Standing Committee decision of 2024-09-13, in force
2025-01-01). The category (sex + post type) is explicit input; an ID number can only tell the
sex, so a woman's category must always be asked (:func:`category_from_sex`).

Pure: no I/O, no clock — the date is always an argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Callable, NamedTuple


class RuleInputError(ValueError):
    """Bad input to a rule (impossible month, unknown category …); ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class YearMonth(NamedTuple):
    """A calendar month; compares and sorts as (year, month); ``str()`` is ``YYYY-MM``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def plus_months(self, months: int) -> "YearMonth":
        index = self.year * 12 + (self.month - 1) + months
        return YearMonth(index // 12, index % 12 + 1)

    def months_until(self, other: "YearMonth") -> int:
        return (other.year * 12 + other.month) - (self.year * 12 + self.month)

    @classmethod
    def of(cls, value: "date | YearMonth | tuple[int, int]") -> "YearMonth":
        if isinstance(value, date):
            return cls(value.year, value.month)
        year, month = value
        return cls.checked(year, month)

    @classmethod
    def checked(cls, year: int, month: int) -> "YearMonth":
        if not isinstance(year, int) or not isinstance(month, int) or isinstance(year, bool):
            raise RuleInputError("年月应为整数")
        if not 1 <= month <= 12:
            raise RuleInputError(f"月份“{month}”无效：应为 1—12")
        if not 1900 <= year <= 2100:
            raise RuleInputError(f"年份“{year}”超出范围（1900—2100）")
        return cls(year, month)

    @classmethod
    def parse(cls, text: str) -> "YearMonth":
        """``YYYY-MM`` (also ``YYYYMM``); a bad value raises :class:`RuleInputError` in Chinese."""
        m = re.fullmatch(r"\s*(\d{4})-?(\d{2})\s*", text or "")
        if not m:
            raise RuleInputError(f"年月“{text}”格式错误：应为 YYYY-MM，如 1965-12")
        return cls.checked(int(m.group(1)), int(m.group(2)))


class Category(str, Enum):
    """Retirement category (人员类别). CLI spellings: male | female-cadre | female-worker."""

    male = "male"                    # 男职工
    female_cadre = "female_cadre"    # 女职工（原法定退休年龄55周岁，管理技术岗位/干部）
    female_worker = "female_worker"  # 女职工（原法定退休年龄50周岁，生产操作岗位/工人）

    @property
    def cli_name(self) -> str:
        return self.value.replace("_", "-")

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> "Category":
        key = (text or "").strip().lower().replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            raise RuleInputError(
                f"人员类别“{text}”无效：应为 male（男）、female-cadre（女，原55周岁）或 female-worker（女，原50周岁）"
            ) from None


_CATEGORY_LABELS = {
    Category.male: "男职工",
    Category.female_cadre: "女职工（原55周岁）",
    Category.female_worker: "女职工（原50周岁）",
}


@dataclass(frozen=True)
class ReformRule:
    original_age: int       # 原法定退休年龄（周岁）
    first_year: int         # 首个受影响的出生年份（该年1月起）
    step: int               # 每多少个出生月延迟1个月
    cap: int                # 最多延迟月数


REFORM_RULES: dict[Category, ReformRule] = {
    Category.male: ReformRule(60, 1965, 4, 36),
    Category.female_cadre: ReformRule(55, 1970, 4, 36),
    Category.female_worker: ReformRule(50, 1975, 2, 60),
}

REFORM_IN_FORCE = YearMonth(2025, 1)       # 改革施行：2025-01-01
FLEXIBLE_MAX_MONTHS = 36                   # 弹性提前/延迟最长3年
STANDARD_MIN_MONTHS = 180                  # 标准5.6.1.2“累计缴费年限满15年”


def category_from_sex(sex: str | None) -> Category | None:
    """The category implied by the sex in an ID: men → ``male``; women → ``None`` (ask the post)."""
    return Category.male if sex == "male" else None


def categories_for_sex(sex: str | None) -> tuple[Category, ...]:
    if sex == "male":
        return (Category.male,)
    if sex == "female":
        return (Category.female_cadre, Category.female_worker)
    return tuple(Category)


@dataclass(frozen=True)
class RetirementAge:
    category: Category
    birth: YearMonth
    delay_months: int         # 延迟月数
    age_years: int            # 法定退休年龄：岁
    age_months: int           # 法定退休年龄：月
    retirement_month: YearMonth  # 达到法定退休年龄的年月

    @property
    def total_months(self) -> int:
        return self.age_years * 12 + self.age_months

    @property
    def retirement_month_str(self) -> str:
        return str(self.retirement_month)

    @property
    def age_text(self) -> str:
        return format_age(self.age_years, self.age_months)


def format_age(years: int, months: int) -> str:
    return f"{years}岁" if months == 0 else f"{years}岁{months}个月"


def format_years(months: int) -> str:
    """180 → “15年”, 186 → “15年6个月”."""
    y, m = divmod(months, 12)
    if y and m:
        return f"{y}年{m}个月"
    return f"{y}年" if y or not m else f"{m}个月"


def delay_months(birth_year: int, birth_month: int, category: Category) -> int:
    """k = (birth_year − first_year)·12 + (birth_month − 1); delay = 0 if k < 0 else min(cap, k // step + 1)."""
    rule = REFORM_RULES[Category(category)]
    k = (birth_year - rule.first_year) * 12 + (birth_month - 1)
    return 0 if k < 0 else min(rule.cap, k // rule.step + 1)


def statutory_retirement(birth_year: int, birth_month: int, category: Category | str) -> RetirementAge:
    """法定退休年龄 and the month it is reached (birth month + age in months)."""
    cat = category if isinstance(category, Category) else Category.parse(category)
    birth = YearMonth.checked(birth_year, birth_month)
    delay = delay_months(birth.year, birth.month, cat)
    total = REFORM_RULES[cat].original_age * 12 + delay
    return RetirementAge(
        category=cat,
        birth=birth,
        delay_months=delay,
        age_years=total // 12,
        age_months=total % 12,
        retirement_month=birth.plus_months(total),
    )


def min_contribution_months(year: int) -> int:
    """最低缴费年限 (months) for the year the statutory retirement month is reached.

    15 years through 2029; from 2030 +6 months a calendar year (2030: 186, 2031: 192 …) to
    20 years (240) in 2039 and after.
    """
    if year <= 2029:
        return 180
    return min(240, 180 + 6 * (year - 2029))


@dataclass(frozen=True)
class FlexibleWindow:
    """弹性退休窗口: earliest (提前) and latest (延迟) retirement month.

    Early: at most 3 years before the statutory age, never below the original age (50/55/60),
    and only with the minimum contribution years (those of the statutory retirement year).
    Late: at most 3 years, by agreement with the employer. Special national rules (e.g. 特殊工种
    提前退休, standard 6.6.1.1.1.3) take precedence. People who reached the old age before the
    reform (retirement month before 2025-01) have no flexible window: earliest = latest = statutory.
    """

    statutory: RetirementAge
    applicable: bool
    earliest_month: YearMonth
    earliest_age_years: int
    earliest_age_months: int
    latest_month: YearMonth
    latest_age_years: int
    latest_age_months: int
    early_min_contribution_months: int
    early_allowed: bool | None      # None = contribution months not given
    notes: tuple[str, ...] = field(default=())


def flexible_window(
    birth_year: int, birth_month: int, category: Category | str, contribution_months: int | None = None
) -> FlexibleWindow:
    if contribution_months is not None and (isinstance(contribution_months, bool) or contribution_months < 0):
        raise RuleInputError(f"累计缴费月数应为非负整数：{contribution_months}")   # as pension_estimate says
    r = statutory_retirement(birth_year, birth_month, category)
    rule = REFORM_RULES[r.category]
    need = min_contribution_months(r.retirement_month.year)
    applicable = r.retirement_month >= REFORM_IN_FORCE
    if applicable:
        earliest_total = max(r.total_months - FLEXIBLE_MAX_MONTHS, rule.original_age * 12)
        latest_total = r.total_months + FLEXIBLE_MAX_MONTHS
        notes: tuple[str, ...] = (
            (f"弹性提前退休：最多提前3年且不低于原法定退休年龄{rule.original_age}周岁，"
             f"须达到最低缴费年限{format_years(need)}"),
            "弹性延迟退休：最多延迟3年，须与用人单位协商一致",
            "特殊工种等国家特殊规定优先适用（标准6.6.1.1.1.3）",
        )
    else:
        earliest_total = latest_total = r.total_months
        notes = ("改革施行（2025-01-01）前已达到退休年龄，不适用弹性退休",)
    early_allowed = None
    if contribution_months is not None:
        early_allowed = applicable and earliest_total < r.total_months and contribution_months >= need
    return FlexibleWindow(
        statutory=r,
        applicable=applicable,
        earliest_month=r.birth.plus_months(earliest_total),
        earliest_age_years=earliest_total // 12,
        earliest_age_months=earliest_total % 12,
        latest_month=r.birth.plus_months(latest_total),
        latest_age_years=latest_total // 12,
        latest_age_months=latest_total % 12,
        early_min_contribution_months=need,
        early_allowed=early_allowed,
        notes=notes,
    )


# ---------------------------------------------------------------- service conditions (5.5, 5.6.1)


class DeathCause(str, Enum):
    illness = "illness"                  # 因病死亡
    non_work_injury = "non_work_injury"  # 非因工死亡
    work_injury = "work_injury"          # 因工死亡（按工伤保险办理）


@dataclass(frozen=True)
class Unmet:
    """An unmet condition: a stable ``code`` and the Chinese ``reason`` shown to the clerk."""

    code: str
    reason: str


@dataclass(frozen=True)
class PersonFacts:
    """Facts about the insured person, as established at the counter (all explicit)."""

    birth: YearMonth
    category: Category
    contribution_months: int = 0                 # 累计缴费月数（含视同缴费）
    benefit_place_shenzhen: bool = False         # 待遇领取地为深圳市
    insured_in_shenzhen: bool = False            # 参加我市基本养老保险
    last_insured_place_shenzhen: bool = False    # 深圳为最后参保地
    history_reviewed: bool = False               # 已核定历史信息
    lost_capacity: bool = False                  # 因病或非因工致残完全丧失劳动能力
    deceased: bool = False                       # 参保人死亡
    death_cause: DeathCause | None = None
    other_death_benefit_received: bool = False   # 已领工伤/失业保险丧葬补助金、抚恤金
    nationality_lost: bool = False               # 丧失中华人民共和国国籍
    hmt_or_foreign_left: bool = False            # 港澳台及外籍人员离境
    # the person holds a 港澳台 / foreign document (居住证 81/82/83, 外国人永久居留身份证), as the
    # ID number's kind shows; None = unknown (no valid number), False = a 居民身份证
    hmt_or_foreign_person: bool | None = None
    requested_retirement: YearMonth | None = None  # 申请弹性提前/延迟退休的年月（None = 法定）

    def __post_init__(self) -> None:
        object.__setattr__(self, "birth", YearMonth.of(self.birth))
        if not isinstance(self.category, Category):
            object.__setattr__(self, "category", Category.parse(str(self.category)))
        if self.death_cause is not None and not isinstance(self.death_cause, DeathCause):
            object.__setattr__(self, "death_cause", DeathCause(self.death_cause))
        if self.requested_retirement is not None:
            object.__setattr__(self, "requested_retirement", YearMonth.of(self.requested_retirement))
        if self.contribution_months < 0:
            raise RuleInputError("累计缴费月数不能为负数")

    @property
    def retirement(self) -> RetirementAge:
        return statutory_retirement(self.birth.year, self.birth.month, self.category)


def _reached_age(facts: PersonFacts, on_date: date) -> bool:
    return YearMonth.of(on_date) >= facts.retirement.retirement_month


# what follows this in a reason is advice to the clerk (what else the applicant can do), shown on
# the clerk's screen: never printed on the applicant's 不予受理 / 不予认定决定书 (applicant_reason)
STAFF_ADVICE = "不直接拒绝："


def applicant_reason(reason: str) -> str:
    """``reason`` as a decision given to the applicant states it: without the staff advice."""
    head, sep, _ = str(reason).partition(STAFF_ADVICE)
    return head.rstrip() if sep and head.strip() else str(reason)


def _short_of_minimum(facts: PersonFacts) -> Unmet | None:
    r = facts.retirement
    need = min_contribution_months(r.retirement_month.year)
    have = facts.contribution_months
    if have >= need:
        return None
    return Unmet(
        "contribution_years",
        f"累计缴费年限不足：{r.retirement_month.year}年达到法定退休年龄，最低缴费年限为{format_years(need)}，"
        f"现有{format_years(have)}，尚差{format_years(need - have)}。{STAFF_ADVICE}可继续缴费"
        f"（或按规定一次性缴费）至满足年限后再申请；也可按5.6.1.4申请个人账户储存额核定",
    )


def _benefit_place(facts: PersonFacts) -> list[Unmet]:
    if facts.benefit_place_shenzhen:
        return []
    return [Unmet("benefit_place_shenzhen", "待遇领取地不是深圳市")]


def unmet_basic_pension(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.6.1.1 基本养老金核定: 待遇领取地为深圳市；达到法定退休年龄；累计缴费满最低年限.

    The minimum is that of the year the statutory retirement month is reached (15 years through
    2029, then the 2030+ ramp). With ``requested_retirement`` the flexible window applies instead
    of the statutory month.
    """
    out = _benefit_place(facts)
    r = facts.retirement
    now = YearMonth.of(on_date)
    req = facts.requested_retirement
    if req is None or req == r.retirement_month:
        if now < r.retirement_month:
            out.append(Unmet(
                "retirement_age",
                f"未达到法定退休年龄：法定退休年龄{r.age_text}，{r.retirement_month}达到",
            ))
    else:
        w = flexible_window(r.birth.year, r.birth.month, r.category, facts.contribution_months)
        if not w.applicable:
            out.append(Unmet("retirement_age", f"{w.notes[0]}；法定退休时间为{r.retirement_month}"))
        elif req < w.earliest_month:
            out.append(Unmet(
                "retirement_age",
                f"申请的退休时间{req}早于弹性提前退休的最早时间{w.earliest_month}"
                f"（{format_age(w.earliest_age_years, w.earliest_age_months)}）",
            ))
        elif req > w.latest_month:
            out.append(Unmet(
                "retirement_age",
                f"申请的退休时间{req}晚于弹性延迟退休的最晚时间{w.latest_month}"
                f"（{format_age(w.latest_age_years, w.latest_age_months)}）",
            ))
        elif now < req:
            out.append(Unmet("retirement_age", f"未到申请的退休时间{req}"))
    short = _short_of_minimum(facts)
    if short is not None:
        out.append(short)
    return out


def unmet_basic_pension_special_work(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.6.1.1 for 特殊工种提前退休 (6.6.1.1.1.3, 6.6.1.1.2.4): special national rules take precedence
    over the retirement-age table only (policy.md §1), so 待遇领取地为深圳市 and the minimum
    contribution years of 5.6.1.1 still hold. The age is not tested here: the clerk confirms the
    special-work conditions from the approval documents (the catalog's ``special_work_eligible``)."""
    plain = replace(facts, requested_retirement=None)
    return [u for u in unmet_basic_pension(plain, on_date) if u.code != "retirement_age"]


def unmet_disability_allowance(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.6.1.2 病残津贴核定: 未达到法定退休年龄且累计缴费满15年；因病或非因工致残完全丧失劳动能力；待遇领取地为深圳市."""
    out: list[Unmet] = []
    r = facts.retirement
    if _reached_age(facts, on_date):
        out.append(Unmet(
            "retirement_age",
            f"已达到法定退休年龄（{r.age_text}，{r.retirement_month}），应申请基本养老金核定",
        ))
    if facts.contribution_months < STANDARD_MIN_MONTHS:
        out.append(Unmet(
            "contribution_years",
            f"累计缴费年限不足15年：现有{format_years(facts.contribution_months)}，"
            f"尚差{format_years(STANDARD_MIN_MONTHS - facts.contribution_months)}",
        ))
    if not facts.lost_capacity:
        out.append(Unmet("lost_capacity", "未经鉴定为因病或非因工致残完全丧失劳动能力"))
    return out + _benefit_place(facts)


def unmet_death_benefits(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.6.1.3 丧葬补助金和抚恤金申领: 在深圳参保且为最后参保地；因病或非因工死亡；未领取工伤/失业保险的同类待遇."""
    out: list[Unmet] = []
    if not facts.insured_in_shenzhen:
        out.append(Unmet("insured_in_shenzhen", "未在深圳市参加职工基本养老保险"))
    elif not facts.last_insured_place_shenzhen:
        out.append(Unmet("last_insured_place", "深圳市不是参保人的最后参保地"))
    if not facts.deceased:
        out.append(Unmet("deceased", "参保人死亡信息未确认"))
    elif facts.death_cause is None:
        out.append(Unmet("death_cause", "死亡原因未确定：须为因病或非因工死亡"))
    elif facts.death_cause is DeathCause.work_injury:
        out.append(Unmet("death_cause", "因工死亡的，按工伤保险规定办理，不属于本项"))
    if facts.other_death_benefit_received:
        out.append(Unmet("other_death_benefit", "已领取工伤保险或失业保险的丧葬补助金和抚恤金"))
    return out


# the three grounds of 5.6.1.4, as the catalog's 情形 of 个人账户储存额核定 name them
SETTLEMENT_GROUNDS = ("lost_nationality", "insufficient_years", "departure")


def account_settlement_grounds(facts: PersonFacts, on_date: date) -> dict[str, Unmet | None]:
    """Each ground of 5.6.1.4 (:data:`SETTLEMENT_GROUNDS`): None when it holds, else why not.

    达到领取条件前丧失国籍; 达到法定退休年龄后缴费年限不足 (“不足15年” read as short of the minimum
    of the statutory retirement year, the 2030+ ramp); 港澳台及外籍人员离境 — for 港澳台及外籍人员
    only: a person whose ID number is a 居民身份证 (``hmt_or_foreign_person`` False) cannot rely on
    it, whatever is typed about a departure."""
    r = facts.retirement
    reached = _reached_age(facts, on_date)
    short = _short_of_minimum(facts) is not None
    pension_conditions_met = reached and not short
    out: dict[str, Unmet | None] = {}
    if not facts.nationality_lost:
        out["lost_nationality"] = Unmet("nationality_lost", "未丧失中华人民共和国国籍")
    elif pension_conditions_met:
        out["lost_nationality"] = Unmet("nationality_lost", "丧失国籍时已达到领取基本养老金条件，应办理基本养老金核定")
    else:
        out["lost_nationality"] = None
    if not reached:
        out["insufficient_years"] = Unmet("retirement_age", f"未达到法定退休年龄（{r.age_text}，{r.retirement_month}达到）")
    elif not short:
        out["insufficient_years"] = Unmet("contribution_years", "缴费年限已满最低缴费年限，应申请基本养老金核定（5.6.1.1）")
    else:
        out["insufficient_years"] = None
    if facts.hmt_or_foreign_person is False:
        out["departure"] = Unmet("hmt_or_foreign_id",
                                 "参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形")
    elif not facts.hmt_or_foreign_left:
        out["departure"] = Unmet("hmt_or_foreign_left", "不属于港澳台及外籍人员离境")
    else:
        out["departure"] = None
    return out


def unmet_account_settlement(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.6.1.4 个人账户储存额核定 — one of its grounds (:func:`account_settlement_grounds`).
    Returns [] as soon as one holds, otherwise why each does not."""
    grounds = account_settlement_grounds(facts, on_date)
    if any(u is None for u in grounds.values()):
        return []
    return [u for u in grounds.values() if u is not None]


def unmet_history_review(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.5.1 基本养老保险历史信息审核: 参加我市基本养老保险；待遇领取地为我市；尚未核定历史信息."""
    out: list[Unmet] = []
    if not facts.insured_in_shenzhen:
        out.append(Unmet("insured_in_shenzhen", "未参加深圳市基本养老保险"))
    out += _benefit_place(facts)
    if facts.history_reviewed:
        out.append(Unmet("history_reviewed", "历史信息已核定，无需重复审核"))
    return out


def unmet_history_review_disability(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.5.2 病残津贴历史信息审核: 5.5.1 的要求 + 因病或非因工致残完全丧失劳动能力."""
    out = unmet_history_review(facts, on_date)
    if not facts.lost_capacity:
        out.append(Unmet("lost_capacity", "未经鉴定为因病或非因工致残完全丧失劳动能力"))
    return out


def unmet_history_review_death(facts: PersonFacts, on_date: date) -> list[Unmet]:
    """5.5.3 丧葬补助金、抚恤金历史信息审核: 5.5.1 的要求 + 参保人死亡."""
    out = unmet_history_review(facts, on_date)
    if not facts.deceased:
        out.append(Unmet("deceased", "参保人死亡信息未确认"))
    return out


CONDITIONS: dict[str, Callable[[PersonFacts, date], list[Unmet]]] = {
    "5.5.1": unmet_history_review,
    "5.5.2": unmet_history_review_disability,
    "5.5.3": unmet_history_review_death,
    "5.6.1.1": unmet_basic_pension,
    "5.6.1.1/special_work": unmet_basic_pension_special_work,
    "5.6.1.2": unmet_disability_allowance,
    "5.6.1.3": unmet_death_benefits,
    "5.6.1.4": unmet_account_settlement,
}


def evaluate(clause: str, facts: PersonFacts, on_date: date) -> list[Unmet]:
    """Unmet conditions of a clause of the standard (``"5.6.1.1"`` …); [] = all met."""
    try:
        check = CONDITIONS[clause]
    except KeyError:
        raise RuleInputError(f"条款“{clause}”没有对应的条件规则：可选 {', '.join(CONDITIONS)}") from None
    return check(facts, on_date)
