"""Acceptance conditions evaluated from facts (受理条件的系统核验), not confirmed by a keypress.

Pure: no I/O, no clock (the date is an argument). Each catalog condition names the ``rule`` that
decides it and the ``facts`` it needs (resources/catalog/services.json). The facts come from:

- the ID number (or the card): birth date and sex — :mod:`counter_protocol.identifiers`;
- the person's / the unit's record (参保档案, :mod:`counter_protocol.records`) that the centre's
  registry answered, or the counter's cache of it: status, contribution months (实际 + 视同),
  benefit place, history reviewed …;
- the rules layer (:mod:`counter_rules.retirement`): statutory retirement age after the
  reform, minimum contribution years of the retirement year, flexible window, 5.5 / 5.6;
- facts the clerk establishes from documents (劳动能力鉴定、死亡原因、丧失国籍、离境 …), typed or
  confirmed — only these need the clerk's judgment.

:func:`evaluate_conditions` returns one :class:`Evaluation` per applicable condition: ``result``
``met | unmet | pending``, ``source`` ``system | clerk | offline``, the ``facts`` used and a Chinese
``explanation`` such as "出生 1987-06 → 法定退休 2050-06（63岁），未达".

What an unmet condition means:

- a condition that truly excludes → 不予受理 (the reasons are the rule's);
- short of the minimum contribution years → 业务指引 (keep contributing or pay a lump sum,
  policy.md §1), never a refusal; history not yet reviewed → 业务指引 to 历史信息审核 first
  (``guidance`` is set; :func:`counter_rules.checklist.decide` lists them on the
  《业务指引告知书》).

The clerk may override a system result only with a written reason (``override``); without a
record (offline, no cache) the record's conditions are 待核验（离线）, and the clerk may accept
provisionally only where the catalog allows it (``offline_provisional``); the centre re-checks
such cases when they sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Callable, Iterable, Mapping

from counter_rules import retirement as rules
from counter_rules.catalog import Condition, Service, StatusRule
from counter_rules.checklist import ConditionResult
from counter_protocol.identifiers import check_id, check_uscc
from counter_rules.masking import mask_id
from counter_rules.registration import Provisional
from counter_protocol.records import PERSON_STATUS_NAMES, UNIT_STATUS_NAMES, PersonRecord, PersonStatus, UnitRecord, UnitStatus

MET, UNMET, PENDING = "met", "unmet", "pending"
SYSTEM, CLERK, OFFLINE = "system", "clerk", "offline"

OFFLINE_PENDING = "待核验（离线）"

GUIDE_CONTRIBUTE = "请继续参保缴费，或按规定一次性缴费补足差额，满足最低缴费年限后再申请基本养老金核定"
GUIDE_HISTORY = "请先办理基本养老保险历史信息审核（6.5），历史信息核定后再申请本事项"

# record states
ONLINE, CACHE, NONE, UNKNOWN = "online", "cache", "none", "unknown"


@dataclass(frozen=True)
class RecordView:
    """What the evaluator knows of the registry for one case.

    ``state``: ``online`` (the centre answered now), ``cache`` (the counter's cached answer, of
    ``as_of``), ``none`` (asked, no answer: offline without a cache) or ``unknown`` (a case from
    before records were looked up: the registration conditions are then the clerk's to confirm,
    as they were). With ``online`` / ``cache``, ``person is None`` means the registry has no such
    person.
    """

    state: str = UNKNOWN
    person: PersonRecord | None = None
    unit: UnitRecord | None = None
    as_of: datetime | None = None
    person_asked: bool = False     # the person was looked up (an absent record is an answer)
    unit_asked: bool = False
    # the status read instead of the record's while a 参保登记 / 注销 办结 at a window is not yet in
    # the core system (counter_rules.registration; docs/registry.md)
    person_provisional: Provisional | None = None
    unit_provisional: Provisional | None = None

    @property
    def available(self) -> bool:
        return self.state in (ONLINE, CACHE)

    def person_known(self) -> bool:
        return self.available and self.person_asked

    def unit_known(self) -> bool:
        return self.available and self.unit_asked


@dataclass(frozen=True)
class Evaluation:
    code: str
    text: str
    result: str                          # met | unmet | pending
    source: str                          # system | clerk | offline
    facts: Mapping[str, Any] = field(default_factory=dict)
    explanation: str = ""
    reasons: tuple[str, ...] = ()        # why unmet (不予受理理由 or what the guidance is about)
    guidance: str = ""                   # unmet, but guided (业务指引), not refused
    provisional: bool = False            # accepted offline; the centre re-checks on sync
    override: bool = False               # the clerk overrode the system's result
    override_reason: str = ""
    system_result: str | None = None     # what the system decided (set when it decided)
    needs_clerk: bool = False            # pending for the clerk's judgment (F10 may confirm it)

    def as_condition_result(self) -> ConditionResult:
        met = {MET: True, UNMET: False}.get(self.result)
        return ConditionResult(met, self.reasons if met is False else (), self.source, explanation=self.explanation,
                               facts=dict(self.facts), guidance=self.guidance if met is False else "",
                               provisional=self.provisional, override=self.override,
                               needs_clerk=self.needs_clerk, note=self.override_reason,
                               by_rule=self.system_result is not None and not self.override)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "text": self.text, "result": self.result, "source": self.source,
                               "facts": dict(self.facts), "explanation": self.explanation}
        if self.reasons and self.result == UNMET:
            out["reasons"] = list(self.reasons)
        if self.guidance and self.result == UNMET:
            out["guidance"] = self.guidance
        if self.provisional:
            out["provisional"] = True
        if self.override:
            out["override"] = {"system_result": self.system_result, "reason": self.override_reason}
        return out


# ------------------------------------------------------------------------------------ facts

CLERK_FACTS = ("lost_capacity", "death_cause", "other_death_benefit_received", "nationality_lost",
               "hmt_or_foreign_left", "last_insured_place_shenzhen")
FACT_NAMES = {
    "birth": "出生年月", "sex": "性别", "category": "人员类别", "status": "参保状态",
    "contribution_months": "累计缴费月数", "benefit_place_shenzhen": "待遇领取地为深圳",
    "insured_in_shenzhen": "在深圳参保", "last_insured_place_shenzhen": "深圳为最后参保地",
    "history_reviewed": "历史信息已审核", "deceased": "参保人死亡", "lost_capacity": "完全丧失劳动能力（鉴定）",
    "death_cause": "死亡原因", "other_death_benefit_received": "已领工伤/失业保险丧葬抚恤待遇",
    "nationality_lost": "丧失国籍", "hmt_or_foreign_left": "港澳台及外籍人员离境",
    "hmt_or_foreign_person": "持港澳台或外国人证件",
}
# ID kinds (counter_protocol.identifiers) of 港澳台 and foreign persons: 港澳/台湾居民居住证 (810000 /
# 820000 / 830000) and 外国人永久居留身份证 (new and old form) — policy.md §6
HMT_OR_FOREIGN_ID_KINDS = frozenset({"hk_macau_residence_permit", "taiwan_residence_permit", "foreign_permanent_id",
                                     "foreign_permanent_id_old"})

# facts each clause needs from the ID / the record (system) and from the clerk's documents
RULE_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "5.5.1": (("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed"), ()),
    "5.5.2": (("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed"), ("lost_capacity",)),
    "5.5.3": (("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed", "deceased"), ()),
    "5.6.1.1": (("birth", "category", "contribution_months", "benefit_place_shenzhen"), ()),
    # 特殊工种提前退休: 5.6.1.1 without the age test (retirement.unmet_basic_pension_special_work)
    "5.6.1.1/special_work": (("birth", "category", "contribution_months", "benefit_place_shenzhen"), ()),
    "5.6.1.2": (("birth", "category", "contribution_months", "benefit_place_shenzhen"), ("lost_capacity",)),
    # 最后参保地: the record has no such field and the benefit place is not it (a death while still
    # working has no benefit place fixed) — the clerk establishes it from the documents
    "5.6.1.3": (("insured_in_shenzhen", "deceased"),
                ("last_insured_place_shenzhen", "death_cause", "other_death_benefit_received")),
    "5.6.1.4": (("birth", "category", "contribution_months"), ("nationality_lost", "hmt_or_foreign_left")),
}
# what to assume for a clerk fact not yet established, to see whether the system part holds
_FAVOURABLE = {"lost_capacity": True, "death_cause": rules.DeathCause.illness.value,
               "other_death_benefit_received": False, "last_insured_place_shenzhen": True}
_CLERK_UNMET_CODES = frozenset({"lost_capacity", "death_cause", "other_death_benefit", "nationality_lost",
                                "hmt_or_foreign_left", "last_insured_place"})
_IN_SHENZHEN = frozenset({PersonStatus.insured, PersonStatus.suspended, PersonStatus.retired, PersonStatus.deceased})


class _Facts:
    """Facts with where each came from: ``id`` (the ID number / card), ``record``, ``typed``."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.origin: dict[str, str] = {}

    def put(self, name: str, value: Any, origin: str) -> None:
        if value is not None and name not in self.values:
            self.values[name] = value
            self.origin[name] = origin

    def has(self, name: str) -> bool:
        return name in self.values

    def typed_used(self, names: Iterable[str]) -> bool:
        return any(self.origin.get(n) == "typed" for n in names)


def _person_facts(applicant: Mapping[str, Any], rec: RecordView, typed: Mapping[str, Any], on: date) -> _Facts:
    f = _Facts()
    idc = check_id(applicant.get("id_number") or "", today=on) if applicant.get("id_number") else None
    if idc is not None and idc.valid:
        if idc.birth_date:
            f.put("birth", rules.YearMonth(idc.birth_date.year, idc.birth_date.month), "id")
        f.put("sex", idc.sex, "id")
        f.put("hmt_or_foreign_person", idc.kind in HMT_OR_FOREIGN_ID_KINDS, "id")
    p = rec.person if rec.person_known() else None
    if p is not None:
        if p.birth:
            f.put("birth", rules.YearMonth(p.birth.year, p.birth.month), "record")
        f.put("sex", p.sex, "record")
        f.put("category", p.category, "record")
        f.put("status", p.status.value, "record")
        if p.contribution_months is not None:
            f.put("contribution_months", p.contribution_months + (p.deemed_months or 0), "record")
        f.put("benefit_place_shenzhen", p.benefit_place_shenzhen, "record")
        f.put("insured_in_shenzhen", p.status in _IN_SHENZHEN, "record")
        if p.status not in _IN_SHENZHEN:
            f.put("last_insured_place_shenzhen", False, "record")
        f.put("history_reviewed", p.history_reviewed, "record")
        f.put("deceased", p.status is PersonStatus.deceased, "record")
    elif rec.person_known():  # the registry has no such person
        f.put("status", PersonStatus.none.value, "record")
        f.put("contribution_months", 0, "record")
        f.put("insured_in_shenzhen", False, "record")
        f.put("last_insured_place_shenzhen", False, "record")
    if f.values.get("sex") == "male":
        f.put("category", rules.Category.male.value, "id")
    for k in ("birth", "category", "contribution_months", "benefit_place_shenzhen", "insured_in_shenzhen",
              "history_reviewed", "deceased", *CLERK_FACTS, "requested_retirement"):
        v = typed.get(k)
        if v is None:
            continue
        if k in ("birth", "requested_retirement") and isinstance(v, str):
            try:
                v = rules.YearMonth.parse(v)
            except rules.RuleInputError:
                continue
        if k == "category":
            try:
                v = rules.Category.parse(str(v)).value
            except rules.RuleInputError:
                continue
        f.put(k, v, "typed")
    return f


def _shown(f: _Facts, names: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in names:
        if n in f.values:
            v = f.values[n]
            out[n] = str(v) if isinstance(v, rules.YearMonth) else v
    return out


def _yes(v: Any) -> str:
    return "是" if v else "否"


# ------------------------------------------------------------------------------------ verdicts


@dataclass
class _Verdict:
    result: str
    source: str
    facts: dict[str, Any]
    explanation: str
    reasons: tuple[str, ...] = ()
    guidance: str = ""
    needs_clerk: bool = False


def _offline(facts: dict[str, Any], what: str, state: str = NONE) -> _Verdict:
    if state == UNKNOWN:
        return _Verdict(PENDING, CLERK, facts, f"未查询参保档案，须经办人核实（{what}）", needs_clerk=True)
    return _Verdict(PENDING, OFFLINE, facts, f"{OFFLINE_PENDING}：须查询参保档案（{what}）")


def id_card_expiry(card: Any, id_number: str, on: date) -> tuple[bool | None, str, str]:
    """证件在有效期内: a 居民身份证 read at the counter leaves the case fact ``id_card`` =
    ``{"id_number", "valid_until" (YYYY-MM-DD, null for 长期)}``. When it is the applicant's number,
    an end date before ``on`` fails (the end date itself is still valid). Answers (met, the end date
    shown, the refusal reason); met is True without a read card for this number, None when the end
    date is unreadable (the clerk decides)."""
    number = str(id_number or "").strip().upper()
    if not isinstance(card, Mapping) or str(card.get("id_number") or "").strip().upper() != number:
        return True, "", ""
    until = str(card.get("valid_until") or "").strip()
    if not until:
        return True, "长期", ""
    try:
        end = date.fromisoformat(until)
    except ValueError:
        return None, until, ""
    if end < on:
        return False, end.isoformat(), f"参保人居民身份证已过有效期（有效期至 {end.isoformat()}），请出示有效身份证件"
    return True, end.isoformat(), ""


def _rule_id_valid(c: Condition, ctx: "_Ctx") -> _Verdict:
    value = (ctx.applicant.get("id_number") or "").strip()
    if not value:
        return _Verdict(PENDING, CLERK, {}, "尚未读卡或录入参保人证件号码", needs_clerk=True)
    r = check_id(value, today=ctx.on)
    facts: dict[str, Any] = {"id_number": mask_id(value), "kind": r.kind}
    if not r.valid:
        return _Verdict(UNMET, SYSTEM, facts, f"证件号码无效：{r.error}", (f"参保人证件号码无效：{r.error}",))
    birth = f"，出生 {r.birth_date:%Y-%m}" if r.birth_date else ""
    met, until, reason = id_card_expiry(ctx.case_facts.get("id_card"), value, ctx.on)
    if until:
        facts["id_card_valid_until"] = until
    if met is False:
        return _Verdict(UNMET, SYSTEM, facts, f"居民身份证有效期至 {until}，已过期", (reason,))
    if met is None:
        return _Verdict(PENDING, CLERK, facts, f"居民身份证有效期“{until}”无法识别，须经办人核实", needs_clerk=True)
    valid = f"；居民身份证有效期至 {until}" if until else ""
    return _Verdict(MET, SYSTEM, facts, f"证件号码校验通过{birth}{valid}")


def _rule_uscc_valid(c: Condition, ctx: "_Ctx") -> _Verdict:
    value = (ctx.applicant.get("credit_code") or "").strip()
    if not value:
        return _Verdict(PENDING, CLERK, {}, "尚未录入统一社会信用代码", needs_clerk=True)
    r = check_uscc(value)
    if r.valid:
        return _Verdict(MET, SYSTEM, {"uscc": value.upper()}, "统一社会信用代码校验通过")
    return _Verdict(UNMET, SYSTEM, {"uscc": value}, f"统一社会信用代码无效：{r.error}", (f"统一社会信用代码无效：{r.error}",))


def _unit_side(ctx: "_Ctx") -> bool:
    return ctx.applicant_type == "unit" and not ctx.applicant.get("id_number")


def _status_of(ctx: "_Ctx") -> tuple[str | None, str, dict[str, Any], bool]:
    """(status value or None when unknown, its Chinese name, facts, unit?) of the party the
    registration conditions are about. A 参保登记 / 注销 办结 at a window that the core system does
    not show yet is read as the status it recorded, named so (「参保缴费（本机办结参保登记 …，待核心系统确认）」)."""
    if _unit_side(ctx):
        if not ctx.record.unit_known():
            return None, "", {}, True
        u = ctx.record.unit
        ustatus = u.status if u else UnitStatus.none
        facts = {"uscc": (ctx.applicant.get("credit_code") or "").upper(), "status": ustatus.value, "found": u is not None}
        name = UNIT_STATUS_NAMES[ustatus] + ("" if u else "（核心业务系统无此单位）")
        return _provisional(ctx.record.unit_provisional, ustatus.value, name, facts, UNIT_STATUS_NAMES, UnitStatus, True)
    if not ctx.record.person_known():
        return None, "", {}, False
    p = ctx.record.person
    status = p.status if p else PersonStatus.none
    facts = {"status": status.value, "found": p is not None}
    name = PERSON_STATUS_NAMES[status] + ("" if p else "（核心业务系统无此人档案）")
    return _provisional(ctx.record.person_provisional, status.value, name, facts, PERSON_STATUS_NAMES, PersonStatus,
                        False)


def _provisional(prov: Provisional | None, status: str, name: str, facts: dict[str, Any], names: Mapping[Any, str],
                 kind: type, unit: bool) -> tuple[str | None, str, dict[str, Any], bool]:
    if prov is None:
        return status, name, facts, unit
    facts = {**facts, "status": prov.status, "record_status": status, "provisional_case": prov.case.case_no}
    return prov.status, f"{names[kind(prov.status)]}（{prov.note()}）", facts, unit


def _rule_not_registered(c: Condition, ctx: "_Ctx") -> _Verdict:
    status, name, facts, unit = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保单位档案" if unit else "参保人档案", ctx.record.state)
    if status in ("none", "cancelled"):
        return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}，可办理参保登记")
    return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 已在本市参保，不能重复参保登记",
                    (f"{c.reason}（档案状态：{name}）",))


def _rule_registered(c: Condition, ctx: "_Ctx") -> _Verdict:
    """Registered here (参保登记 not 注销). What the record status means for the chosen grounds — e.g.
    注销登记/停止参保 for a person the record says has died fits only the ground 参保人死亡 (5.1.3.2) —
    and the true reason for each status that fails are the catalog's (the condition's ``by_status``);
    a status without an entry fails with the condition's own reason."""
    status, name, facts, unit = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保单位档案" if unit else "参保人档案", ctx.record.state)
    ok = {"insured", "suspended"} if unit else {"insured", "suspended", "retired", "deceased"}
    by_status = c.status_rule(status, "unit" if unit else "person", ctx.variants)
    if by_status is not None and by_status.result == UNMET:
        return _by_status_verdict(by_status, name, facts)
    if status not in ok:
        return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 未在本市参保登记", (f"{c.reason}（档案状态：{name}）",))
    if by_status is not None:
        return _by_status_verdict(by_status, name, facts)
    return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}，已参保登记")


def _by_status_verdict(by_status: StatusRule, name: str, facts: dict[str, Any]) -> _Verdict:
    """What a condition's ``by_status`` entry says of the record's status ``name``: unmet with its
    reason, or the clerk's to judge from the documents — the reason says why, and ``unmet_reason``
    is what the 不予受理决定书 says when the clerk judges it unmet without a note of their own."""
    if by_status.result == UNMET:
        return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 不符合受理条件：{by_status.reason}",
                        (f"{by_status.reason}（档案状态：{name}）",))
    return _Verdict(PENDING, CLERK, facts, f"档案状态：{name} → 须经办人根据申请材料核实：{by_status.reason}",
                    (f"{by_status.unmet_reason}（档案状态：{name}）",), needs_clerk=True)


def _rule_record_status(c: Condition, ctx: "_Ctx") -> _Verdict:
    """What the record's status means for the chosen 情形, as the condition's ``by_status`` says it —
    a status (and 情形) without an entry meets it. E.g. 个人账户查询: 缴费期间查询 (6.3.3.1) is not for a
    person drawing a pension, 待遇领取期间查询 (6.3.3.2) is for no one else; was: the clerk's choice
    of 情形 was taken as it was, and a 对账单 printed for the wrong period."""
    status, name, facts, unit = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保单位档案" if unit else "参保人档案", ctx.record.state)
    by_status = c.status_rule(status, "unit" if unit else "person", ctx.variants)
    if by_status is None:
        return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}")
    return _by_status_verdict(by_status, name, facts)


def _rule_insured_here(c: Condition, ctx: "_Ctx") -> _Verdict:
    """参保缴费 or 暂停 in Shenzhen — a live local relationship: what a transfer in joins and a
    transfer out ends (6.4.1.1.1.3, 6.4.1.2.2 终结其本地养老保险关系), and the states a contribution
    may be assessed in (6.2.1.3 当前状态是否符合推送至社会保险费征收机构的状态; 5.1.3.2: death ends
    participation). 已退休 (drawing a benefit), 已死亡, 已注销 and 未参保 are not."""
    status, name, facts, _ = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保人档案", ctx.record.state)
    if status in ("insured", "suspended"):
        return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}，在本市参保")
    if status in ("retired", "deceased"):
        return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 不在参保缴费或暂停状态",
                        (f"{c.reason}（档案状态：{name}）",))
    return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 未在本市参加职工基本养老保险",
                    (f"{c.reason}（档案状态：{name}）",))


def _rule_not_drawing(c: Condition, ctx: "_Ctx") -> _Verdict:
    """Not yet drawing a benefit and not deceased, from the record's status (never a keypress).

    基本养老金核定 and 病残津贴核定 are for persons whose benefit is not yet approved (5.6.1.1,
    5.6.1.2; an approved benefit is paid, 5.6.2.1 / 5.6.2.2 完成…核定, so 已退休 means the approval is
    done), and the applicant's fingerprint is taken on the spot (6.6.1.1.2.3) — not for a deceased
    person. 个人账户储存额核定 lists three grounds (5.6.1.4), none of them a pensioner's or a death:
    a death is the survivors' 丧葬补助金、抚恤金 (5.6.1.3), to which the refusal points."""
    if _unit_side(ctx):
        return _Verdict(PENDING, CLERK, {}, "须录入参保人证件号码，查询参保档案后核验", needs_clerk=True)
    status, name, facts, _ = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保人档案", ctx.record.state)
    if status == "retired":
        return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 已在领取基本养老金或病残津贴",
                        (f"参保人已在领取基本养老金或病残津贴（档案状态：{name}），{c.reason}",))
    if status == "deceased":
        return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 参保人已死亡",
                        (f"参保人已死亡（档案状态：{name}），{c.reason}，遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）",))
    return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}，尚未核定领取待遇")


def _rule_pensioner(c: Condition, ctx: "_Ctx") -> _Verdict:
    """资格认证 (5.6.3): the person draws a pension or 病残津贴 (档案状态 已退休) and is not deceased —
    from the record, never from a keypress."""
    status, name, facts, _ = _status_of(ctx)
    if status is None:
        return _offline(facts, "参保人档案", ctx.record.state)
    p = ctx.record.person
    if p is not None and p.last_certified:
        facts["last_certified"] = p.last_certified.isoformat()
    if status == "retired":
        return _Verdict(MET, SYSTEM, facts, f"档案状态：{name}，领取待遇中")
    return _Verdict(UNMET, SYSTEM, facts, f"档案状态：{name} → 不是领取待遇的人员",
                    (f"{c.reason}（档案状态：{name}）",))


def _rule_account_exists(c: Condition, ctx: "_Ctx") -> _Verdict:
    if not ctx.record.person_known():
        return _offline({}, "参保人档案", ctx.record.state)
    p = ctx.record.person
    months = p.contribution_months if p else 0
    facts = {"status": p.status.value if p else "none", "contribution_months": months,
             "insured_since": p.insured_since.isoformat() if p and p.insured_since else None}
    if p is not None and ((months or 0) > 0 or p.insured_since is not None):
        return _Verdict(MET, SYSTEM, facts, f"参保起始 {facts['insured_since'] or '—'}，已缴费 {months or 0} 个月，个人账户已建立")
    return _Verdict(UNMET, SYSTEM, facts, "无缴费记录 → 个人账户尚未建立", (f"{c.reason}（无缴费记录）",))


def _rule_account_open(c: Condition, ctx: "_Ctx") -> _Verdict:
    """个人账户储存额核定 (5.6.1.4) settles an account that is there: set up at the first contribution
    (6.3.1.1) and not 注销 since — a 转出 (6.3.1.3) or a 结算 already made (6.3.1.4) closes it.
    From the record: 已注销 and no contribution at all (未参保, a person the core system does not
    know) are refused; was: both read as 「尚未核定领取待遇」 and were settled on the spot."""
    if not ctx.record.person_known():
        return _offline({}, "参保人档案", ctx.record.state)
    p = ctx.record.person
    if p is not None and p.status is PersonStatus.cancelled:
        name = PERSON_STATUS_NAMES[p.status]
        return _Verdict(UNMET, SYSTEM, {"status": p.status.value}, f"档案状态：{name} → 个人账户已注销",
                        (f"{c.reason}（档案状态：{name}）",))
    return _rule_account_exists(c, ctx)


def _rule_history_reviewed(c: Condition, ctx: "_Ctx") -> _Verdict:
    f = ctx.facts
    if not f.has("history_reviewed"):
        if ctx.record.state == NONE:
            return _offline({}, "历史信息审核状态")
        return _Verdict(PENDING, CLERK, {}, "参保档案未注明历史信息是否已审核，须查询档案后核验")
    reviewed = bool(f.values["history_reviewed"])
    facts = {"history_reviewed": reviewed}
    src = CLERK if f.typed_used(["history_reviewed"]) else SYSTEM
    if reviewed:
        return _Verdict(MET, src, facts, "历史信息已审核")
    return _Verdict(UNMET, src, facts, "历史信息尚未审核 → 先办理历史信息审核",
                    ("历史信息尚未核定，须先办理历史信息审核（6.5）",), GUIDE_HISTORY)


def _rule_clerk(c: Condition, ctx: "_Ctx") -> _Verdict:
    return _Verdict(PENDING, CLERK, {}, "须经办人根据申请材料确认", needs_clerk=True)


def _retirement_text(f: _Facts, on: date) -> tuple[str, dict[str, Any]]:
    birth, cat = f.values.get("birth"), f.values.get("category")
    if birth is None or cat is None:
        return "", {}
    r = rules.statutory_retirement(birth.year, birth.month, cat)
    reached = rules.YearMonth.of(on) >= r.retirement_month
    need = rules.min_contribution_months(r.retirement_month.year)
    facts = {"retirement_month": str(r.retirement_month), "retirement_age": r.age_text,
             "min_contribution_months": need}
    text = f"出生 {birth} → 法定退休 {r.retirement_month}（{r.age_text}），{'已达' if reached else '未达'}"
    return text, facts


# the clerk's fact each ground of 5.6.1.4 rests on (None: the ID and the record decide it)
_GROUND_FACT = {"lost_nationality": "nationality_lost", "insufficient_years": None, "departure": "hmt_or_foreign_left"}
OTHER_GROUND = "所选情形不成立，但符合5.6.1.4的其他情形，请改选办理情形"


def _settlement_ground(ground: str, pf: rules.PersonFacts, ctx: "_Ctx", shown: dict[str, Any], summary: str,
                       src: str, clerk_missing: list[str]) -> _Verdict:
    """个人账户储存额核定 on the ground the case names (its 情形): that ground must hold, not any of
    the three — the decision settles the account on the ground it states. Was: any ground holding
    met the condition, so a case chosen as 港澳台及外籍人员离境 for a 居民身份证 holder short of the
    minimum years was settled and its documents named a ground that did not hold."""
    fact = _GROUND_FACT[ground]
    grounds = rules.account_settlement_grounds(pf, ctx.on)
    why = grounds[ground]
    if why is None:
        return _Verdict(MET, CLERK if fact else src, shown, summary + "；符合5.6.1.4所列情形")
    if fact is not None and fact in clerk_missing:
        return _Verdict(PENDING, CLERK, shown, summary + "；须经办人确认是否丧失国籍或离境", needs_clerk=True)
    reasons = (why.reason,) + ((OTHER_GROUND,) if any(u is None for g, u in grounds.items() if g != ground) else ())
    return _Verdict(UNMET, CLERK if fact and ctx.facts.typed_used([fact]) else src, shown, summary, reasons)


def _clause_rule(clause: str) -> Callable[[Condition, _Ctx], _Verdict]:
    base = clause.split("/")[0]          # "5.6.1.1/special_work" is a form of 5.6.1.1

    def rule(c: Condition, ctx: "_Ctx") -> _Verdict:
        f = ctx.facts
        system_needs, clerk_needs = RULE_NEEDS[clause]
        extra = ("hmt_or_foreign_person",) if base == "5.6.1.4" else ()
        shown = _shown(f, ("birth", "sex", "category", "status", *system_needs, *clerk_needs, *extra))
        age_text, age_facts = "", dict[str, Any]()
        if "birth" in system_needs:
            age_text, age_facts = _retirement_text(f, ctx.on)
            shown.update(age_facts)
        missing = [n for n in system_needs if not f.has(n)]
        if missing and age_facts and not f.has("requested_retirement") and clause in ("5.6.1.1", "5.6.1.2"):
            # the ID alone decides the age: no record is needed to see it is not (or already) reached
            reached = rules.YearMonth.of(ctx.on) >= rules.YearMonth.parse(age_facts["retirement_month"])
            if clause == "5.6.1.1" and not reached:
                why = f"未达到法定退休年龄：法定退休年龄{age_facts['retirement_age']}，{age_facts['retirement_month']}达到"
                return _Verdict(UNMET, SYSTEM, shown, age_text, (why,))
            if clause == "5.6.1.2" and reached:
                why = f"已达到法定退休年龄（{age_facts['retirement_age']}，{age_facts['retirement_month']}），应申请基本养老金核定"
                return _Verdict(UNMET, SYSTEM, shown, age_text, (why,))
        if missing:
            names = "、".join(FACT_NAMES.get(n, n) for n in missing)
            if ctx.record.state == NONE and ctx.applicant.get("id_number"):
                return _offline(shown, names)
            if missing == ["category"]:
                return _Verdict(PENDING, CLERK, shown, "女职工须确认人员类别（原法定退休年龄50周岁或55周岁）")
            if not ctx.applicant.get("id_number"):
                return _Verdict(PENDING, CLERK, shown, "须录入参保人证件号码，查询参保档案后核验")
            # facts, not a keypress: the clerk cannot confirm what the record must show
            return _Verdict(PENDING, CLERK, shown, f"缺少事实：{names}（须查询参保档案）")
        values = {k: f.values[k] for k in (*system_needs, *extra) if k in f.values}
        clerk_missing = [n for n in clerk_needs if not f.has(n)]
        if base == "5.6.1.4" and f.values.get("hmt_or_foreign_person") is False and "hmt_or_foreign_left" in clerk_missing:
            clerk_missing.remove("hmt_or_foreign_left")   # a 居民身份证: the departure ground cannot apply
        for n in clerk_needs:
            if f.has(n):
                values[n] = f.values[n]
            elif n in _FAVOURABLE:
                values[n] = _FAVOURABLE[n]
        if f.has("requested_retirement") and clause == "5.6.1.1":
            values["requested_retirement"] = f.values["requested_retirement"]
        birth = values.pop("birth", None) or rules.YearMonth(1900, 1)
        try:
            category = rules.Category.parse(str(values.pop("category", None) or rules.Category.male.value))
            pf = rules.PersonFacts(birth=birth, category=category, **values)
            unmet = rules.evaluate(clause, pf, ctx.on)
        except (rules.RuleInputError, ValueError, TypeError) as exc:
            return _Verdict(PENDING, CLERK, shown, f"事实不完整或有误：{exc}", needs_clerk=True)
        src = CLERK if f.typed_used(system_needs) else SYSTEM
        summary = _summary(clause, f, age_text)
        if clause == "5.6.1.4":
            # the source is the clerk's where a fact the clerk established decides: a ground met by
            # 丧失国籍 / 离境, or a refusal that rests on the clerk's "no" to them
            chosen = [g for g in rules.SETTLEMENT_GROUNDS if g in ctx.variants]
            if chosen:
                return _settlement_ground(chosen[0], pf, ctx, shown, summary, src, clerk_missing)
            clerk_used = f.typed_used(clerk_needs)
            if not unmet:
                system_ground = not rules.evaluate(clause, replace(pf, nationality_lost=False, hmt_or_foreign_left=False),
                                                   ctx.on)
                return _Verdict(MET, src if system_ground else CLERK, shown, summary + "；符合5.6.1.4所列情形")
            if clerk_missing:
                return _Verdict(PENDING, CLERK, shown, summary + "；须经办人确认是否丧失国籍或离境",
                                needs_clerk=True)
            return _Verdict(UNMET, CLERK if clerk_used else src, shown, summary, tuple(u.reason for u in unmet))
        system_unmet = [u for u in unmet if u.code not in _CLERK_UNMET_CODES]
        if system_unmet:
            guidance = ""
            if base == "5.6.1.1" and all(u.code == "contribution_years" for u in system_unmet):
                guidance = GUIDE_CONTRIBUTE
            return _Verdict(UNMET, src, shown, summary, tuple(u.reason for u in system_unmet), guidance)
        if clerk_missing:
            names = "、".join(FACT_NAMES[n] for n in clerk_missing)
            return _Verdict(PENDING, CLERK, shown, f"{summary}；须经办人根据材料确认：{names}", needs_clerk=True)
        if unmet:
            return _Verdict(UNMET, CLERK, shown, summary, tuple(u.reason for u in unmet))
        return _Verdict(MET, CLERK if f.typed_used(clerk_needs) else src, shown, summary)

    rule.__name__ = f"rule_{clause.replace('.', '_').replace('/', '_')}"
    return rule


def _summary(clause: str, f: _Facts, age_text: str) -> str:
    v = f.values
    parts = [age_text] if age_text else []
    if clause == "5.6.1.1/special_work":
        parts.append("特殊工种提前退休：年龄条件由经办人按审批材料确认")
    clause = clause.split("/")[0]
    if "contribution_months" in v and clause in ("5.6.1.1", "5.6.1.2", "5.6.1.4"):
        parts.append(f"累计缴费 {rules.format_years(int(v['contribution_months']))}")
        birth, cat = v.get("birth"), v.get("category")
        if clause != "5.6.1.2" and birth is not None and cat is not None:
            r = rules.statutory_retirement(birth.year, birth.month, cat)
            need = rules.min_contribution_months(r.retirement_month.year)
            have = int(v["contribution_months"])
            parts[-1] += f"，{r.retirement_month.year}年最低 {rules.format_years(need)}，{'已满' if have >= need else '不足'}"
        elif clause == "5.6.1.2":
            parts[-1] += f"，{'已满' if int(v['contribution_months']) >= rules.STANDARD_MIN_MONTHS else '不足'}15年"
    if "status" in v and clause not in ("5.6.1.1", "5.6.1.2", "5.6.1.4"):
        parts.append(f"档案状态：{PERSON_STATUS_NAMES[PersonStatus(v['status'])]}")
    if "benefit_place_shenzhen" in v and clause not in ("5.6.1.3", "5.6.1.4"):   # not a condition of these
        parts.append(f"待遇领取地深圳：{_yes(v['benefit_place_shenzhen'])}")
    if "history_reviewed" in v and clause.startswith("5.5"):
        parts.append(f"历史信息已审核：{_yes(v['history_reviewed'])}")
    return "；".join(parts)


RULES = {
    "id_valid": _rule_id_valid,
    "uscc_valid": _rule_uscc_valid,
    "not_registered": _rule_not_registered,
    "registered": _rule_registered,
    "insured_here": _rule_insured_here,
    "record_status": _rule_record_status,
    "account_exists": _rule_account_exists,
    "account_open": _rule_account_open,
    "pensioner": _rule_pensioner,
    "not_drawing": _rule_not_drawing,
    "history_reviewed": _rule_history_reviewed,
    "clerk": _rule_clerk,
    **{clause: _clause_rule(clause) for clause in RULE_NEEDS},
}


@dataclass(frozen=True)
class _Ctx:
    applicant_type: str
    applicant: Mapping[str, Any]
    record: RecordView
    facts: _Facts
    on: date
    case_facts: Mapping[str, Any] = field(default_factory=dict)   # the case's own facts (e.g. id_card)
    variants: frozenset[str] = frozenset()                        # the chosen variants (情形)


def rule_of(c: Condition) -> str:
    return c.rule or c.check or "clerk"


def evaluate_conditions(
    service: Service, applicant_type: str, variants: Iterable[str], *, applicant: Mapping[str, Any], record: RecordView,
    facts: Mapping[str, Any] | None = None, answers: Mapping[str, ConditionResult] | None = None, on: date,
) -> list[Evaluation]:
    """Every applicable condition of the case, decided from the facts (see the module docstring)."""
    answers = answers or {}
    chosen = frozenset(variants)
    ctx = _Ctx(applicant_type, applicant, record, _person_facts(applicant, record, facts or {}, on), on, dict(facts or {}),
               chosen)
    out: list[Evaluation] = []
    for c in service.plan(applicant_type, chosen).conditions:
        fn = RULES.get(rule_of(c), _rule_clerk)
        v = fn(c, ctx)
        out.append(_with_answer(c, v, answers.get(c.code), service))
    return out


def _with_answer(c: Condition, v: _Verdict, answer: ConditionResult | None, service: Service) -> Evaluation:
    base: dict[str, Any] = dict(code=c.code, text=c.text, facts=v.facts)
    decided = v.result in (MET, UNMET)
    if decided:
        ev = Evaluation(result=v.result, source=v.source, explanation=v.explanation, reasons=v.reasons or (
            (c.reason,) if v.result == UNMET else ()), guidance=v.guidance, system_result=v.result, **base)
        if answer is not None and answer.met is not None and (MET if answer.met else UNMET) != v.result:
            note = (answer.note or (answer.reasons[0] if answer.reasons else "")).strip()
            if note:
                result = MET if answer.met else UNMET
                return Evaluation(result=result, source=CLERK, explanation=f"{v.explanation}（经办人改判：{note}）",
                                  reasons=(note,) if result == UNMET else (), override=True, override_reason=note,
                                  system_result=v.result, **base)
        return ev
    # pending: the clerk's answer decides where the clerk may judge
    if v.source == OFFLINE:
        if answer is not None and answer.met:
            if c.offline_provisional:
                return Evaluation(result=MET, source=OFFLINE, explanation=f"{v.explanation}；离线暂予受理，联网后由中心复核",
                                  provisional=True, **base)
            return Evaluation(result=PENDING, source=OFFLINE,
                              explanation=f"{v.explanation}；本事项不允许离线暂予受理，请联网核验", **base)
        if answer is not None and answer.met is False:
            note = (answer.note or (answer.reasons[0] if answer.reasons else c.reason)).strip()
            return Evaluation(result=UNMET, source=CLERK, explanation=v.explanation, reasons=(note,), **base)
        return Evaluation(result=PENDING, source=OFFLINE, explanation=v.explanation,
                          needs_clerk=c.offline_provisional, **base)
    if answer is not None and answer.met is not None and v.needs_clerk:
        result = MET if answer.met else UNMET
        note = (answer.note or (answer.reasons[0] if answer.reasons else "")).strip()
        # no note: the verdict's own wording of what the clerk judged unmet, else the condition's
        reasons = ((note or (v.reasons[0] if v.reasons else c.reason)),) if result == UNMET else ()
        return Evaluation(result=result, source=CLERK, explanation=v.explanation + ("；经办人确认" if result == MET else ""),
                          reasons=reasons, **base)
    return Evaluation(result=PENDING, source=v.source, explanation=v.explanation, needs_clerk=v.needs_clerk, **base)


def record_view_from_facts(facts: Mapping[str, Any]) -> RecordView:
    """The record a case carries in its facts (``registry`` key, as the workflow stores it)."""
    from counter_protocol.records import person_from_dict, unit_from_dict

    reg = facts.get("registry")
    if not isinstance(reg, Mapping):
        return RecordView()
    if reg.get("state") not in (ONLINE, CACHE):
        return RecordView(state=NONE)
    as_of = reg.get("as_of")
    try:
        as_of_dt = datetime.fromisoformat(as_of) if isinstance(as_of, str) else None
    except ValueError:
        as_of_dt = None
    person = reg.get("person")
    unit = reg.get("unit")
    return RecordView(state=reg["state"], person=person_from_dict(person) if isinstance(person, Mapping) else None,
                      unit=unit_from_dict(unit) if isinstance(unit, Mapping) else None, as_of=as_of_dt,
                      person_asked=bool(reg.get("person_asked")), unit_asked=bool(reg.get("unit_asked")),
                      person_provisional=Provisional.from_dict(reg.get("person_provisional")),
                      unit_provisional=Provisional.from_dict(reg.get("unit_provisional")))


def registry_fact(view: RecordView) -> dict[str, Any]:
    """The ``registry`` fact a case stores (the inverse of :func:`record_view_from_facts`)."""
    return {"state": view.state, "as_of": view.as_of.isoformat() if view.as_of else None,
            "person": view.person.to_dict() if view.person else None,
            "unit": view.unit.to_dict() if view.unit else None,
            "person_asked": view.person_asked, "unit_asked": view.unit_asked,
            **{f"{k}_provisional": p.as_dict() for k, p in (("person", view.person_provisional),
                                                             ("unit", view.unit_provisional)) if p is not None}}
