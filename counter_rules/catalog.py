"""Service catalog model (服务事项目录): the window flows of section 6 of DB4403/T 254.1—2022 as data.

Pure: no I/O. :mod:`counter_app.reference.catalog` reads ``resources/catalog/services.json`` and
builds these objects with :func:`catalog_from_dict`. Every figure the standard does not fix (the
materials an agency's service guide lists, most time limits) is marked ``maintained_by="agency"``
in the file: the agency maintains it, the code never hard-codes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, Mapping

from counter_protocol.records import PersonStatus, UnitStatus
from counter_rules.decision_data import DecisionField, field_from_dict
from counter_rules.documents import DocumentKind
from counter_rules.terms import (  # the vocabulary lives apart (counter_rules.terms); re-exported here
    ACCEPTANCE_OUTCOMES as ACCEPTANCE_OUTCOMES,
    APPLICANT_TYPE_NAMES as APPLICANT_TYPE_NAMES,
    ESCALATION_NAMES as ESCALATION_NAMES,
    OUTCOME_NAMES as OUTCOME_NAMES,
    ApplicantType as ApplicantType,
    Escalation as Escalation,
    OutcomeKind as OutcomeKind,
    StepKind as StepKind,
    Worded,
    applicant_type_name as applicant_type_name,
)


# what is wrong with an applicant type / variant choice (Service.validate_selection); "、" joins a list
SELECTION_PROBLEMS: dict[str, str] = {
    "type_not_accepted": "「{0}」不接受{1}申请，可申请的对象：{2}",
    "no_variant": "「{0}」没有情形「{1}」",
    "variant_not_for_type": "情形「{0}」不适用于{1}",
    "choose_variant": "请选择「{0}」的办理情形",
    "one_variant": "「{0}」一次只能选择一种情形",
}


class SelectionProblem(Worded):
    """A problem of :data:`SELECTION_PROBLEMS`: the Chinese as the string, with its ``code`` and
    ``params`` (the counter's ``domain.refusals.REFUSALS`` lists these codes too)."""

    TEMPLATES = SELECTION_PROBLEMS


class CatalogError(ValueError):
    """The catalog file is inconsistent; the message is Chinese and names the entry."""


class SecondCaseRule(str, Enum):
    """Whether the same 参保人 may have a second case of a service while one is in hand (catalog
    ``second_case.rule``); the case workflow refuses the second at 受理审核 by this rule."""

    allowed = "allowed"                                  # 可再次办理：一件在办时可再开一件
    while_open = "refused_while_open"                    # 一件受理审核、已退回或办理中时不能再开
    while_open_same_item = "refused_while_open_same_item"  # 同上，仅当办理的情形（变更项目）相同
    until_archived = "refused_until_archived"            # 一件受理审核、已退回、办理中或办结（未归档）时不能再开


SECOND_CASE_RULE_NAMES: dict[SecondCaseRule, str] = {
    SecondCaseRule.allowed: "可再次办理",
    SecondCaseRule.while_open: "一件在办（受理审核、已退回、办理中）时不能再办理",
    SecondCaseRule.while_open_same_item: "相同项目的一件在办（受理审核、已退回、办理中）时不能再办理",
    SecondCaseRule.until_archived: "一件在办或办结未归档时不能再办理",
}


@dataclass(frozen=True)
class SecondCase:
    """同一参保人第二件同一事项的办件: the rule and why (the catalog's ``second_case``)."""

    rule: SecondCaseRule
    reason: str


# a catalog entry without ``second_case`` (a case snapshot or a catalog published before 2026.3): the
# strictest rule, so no entry issues a second decision for lack of data
SECOND_CASE_UNSTATED = SecondCase(SecondCaseRule.until_archived, "")


@dataclass(frozen=True)
class TimeLimit:
    """办理时限: 即时办结 or N working days; ``source`` says whether the standard fixes it."""

    instant: bool
    working_days: int | None = None
    source: str = "agency"           # "standard" (with clause) | "agency" (机构参数)
    clause: str = ""

    def text(self) -> str:
        return "即时办结" if self.instant else f"{self.working_days}个工作日"

    def basis(self) -> str:
        """Where the limit comes from, in words: the standard's clause, or 经办机构设定 — a figure in
        neither the standard nor shared/notes/policy.md (the 45 / 15 / 20 working days), never shown
        as if the standard fixed it. Each catalog release is dated as a whole (``effective_from``);
        a limit has no dates of its own."""
        if self.source == "standard" and self.clause:
            return f"DB4403/T 254.1—2022 {self.clause}"
        return "经办机构设定"

    def text_with_basis(self) -> str:
        """“20个工作日（经办机构设定）”, “即时办结（DB4403/T 254.1—2022 6.1.1.2.3）”."""
        return f"{self.text()}（{self.basis()}）"


@dataclass(frozen=True)
class Variant:
    """A case variant (情形): a change field, a cancellation reason, a purpose, a phase…"""

    code: str
    name: str
    group: str = ""                  # e.g. 重要信息 / 一般信息 / 单位基本信息
    tags: frozenset[str] = frozenset()
    clause: str = ""
    applicant_types: frozenset[str] = frozenset()   # empty: every applicant type
    note: str = ""


@dataclass(frozen=True)
class Material:
    """申请材料. Applies when applicant type, variants and tags match (empty filter = any)."""

    code: str
    name: str
    required: bool = True            # False: optional, never blocks acceptance
    applicant_types: frozenset[str] = frozenset()
    variants: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    what_to_bring: str = ""          # 一次性告知: what to bring instead
    note: str = ""
    maintained_by: str = "agency"

    @property
    def conditional(self) -> bool:
        return bool(self.variants or self.tags)

    def applies(self, applicant_type: str, variants: frozenset[str], tags: frozenset[str]) -> bool:
        if self.applicant_types and applicant_type not in self.applicant_types:
            return False
        if self.variants and not (self.variants & variants):
            return False
        if self.tags and not (self.tags & tags):
            return False
        return True


@dataclass(frozen=True)
class Condition:
    """受理条件 from sections 5 and 6. ``check`` names a precheck (None: the clerk confirms)."""

    code: str
    text: str
    reason: str                      # 不予受理理由 when unmet
    clause: str
    check: str | None = None
    applicant_types: frozenset[str] = frozenset()
    variants: frozenset[str] = frozenset()
    rule: str | None = None          # counter_rules.conditions.RULES name (default: ``check``)
    facts: tuple[str, ...] = ()      # the facts the rule needs (documentation and the checklist)
    offline_provisional: bool = False  # offline without a record, the clerk may accept provisionally
    # what a record status means for this condition beyond the rule's own states (catalog ``by_status``),
    # in order, the first that applies decides: the true reason for that status, or the grounds it fits
    by_status: tuple["StatusRule", ...] = ()

    def applies(self, applicant_type: str, variants: frozenset[str]) -> bool:
        if self.applicant_types and applicant_type not in self.applicant_types:
            return False
        if self.variants and not (self.variants & variants):
            return False
        return True

    def status_rule(self, status: str, party: str, variants: Iterable[str]) -> "StatusRule | None":
        """The first ``by_status`` entry for this record status of this party (``person`` / ``unit``)
        and these chosen variants; None when none applies."""
        chosen = frozenset(variants)
        return next((r for r in self.by_status if r.applies(status, party, chosen)), None)


STATUS_RULE_RESULTS = ("unmet", "clerk")
_RECORD_STATUSES = frozenset(s.value for s in (*PersonStatus, *UnitStatus))
STATUS_RULE_PARTIES = ("", "person", "unit")


@dataclass(frozen=True)
class StatusRule:
    """One entry of a condition's ``by_status``: for a record ``status`` (of ``party``, either when
    empty), and — when given — only when a chosen variant is one of ``variants`` or one is not one of
    ``other_than`` (no variant chosen counts as not one of them), the condition is ``unmet`` with
    ``reason`` (不予受理理由), or ``clerk``: the clerk judges from the documents, ``reason`` says why,
    and ``unmet_reason`` is the 不予受理理由 printed when the clerk judges it unmet without writing
    one (as a clerk-judged condition prints its own ``reason``) — the condition's generic reason would
    not be true of this status."""

    status: str
    result: str
    reason: str
    party: str = ""
    variants: frozenset[str] = frozenset()
    other_than: frozenset[str] = frozenset()
    unmet_reason: str = ""

    def applies(self, status: str, party: str, chosen: frozenset[str]) -> bool:
        if status != self.status or (self.party and party != self.party):
            return False
        if self.variants and not (chosen & self.variants):
            return False
        if self.other_than and chosen and chosen <= self.other_than:
            return False
        return True


@dataclass(frozen=True)
class Step:
    """A service step after acceptance. ``when`` lists variants it applies to (empty: all)."""

    code: str
    name: str
    kind: StepKind
    clause: str = ""
    document: DocumentKind | None = None
    escalation: Escalation | None = None
    variants: frozenset[str] = frozenset()
    applicant_types: frozenset[str] = frozenset()
    only_on_objection: bool = False  # the verification step after an objection
    optional: bool = False           # may be skipped (e.g. a push step done elsewhere)
    # earlier steps this one runs alongside (6.6.1.1.1.3: 在审核申请材料的期间进行公示): once one of
    # them has begun, this step may be recorded while they are still open; later steps wait for all
    concurrent_with: frozenset[str] = frozenset()
    # recorded after 办结 and before 归档, like the 送达 (catalog ``after_completion``; e.g. 6.2.1.1 d)
    # 记录缴费信息, once the collection agency has collected)
    post_completion: bool = False
    # 核定数据 the clerk confirms at this step, as typed fields (domain.decision_data)
    decision_data: tuple[DecisionField, ...] = ()
    # 将办理结果通过信息系统反馈至服务对象 (6.4.1.1.1.3, 6.4.2.1.1.3): done, the step's entry carries
    # the applicant's contact mobile, and the centre exports the result for the SMS platform
    # (counter_central.result_feedback)
    result_feedback: bool = False

    @property
    def after_completion(self) -> bool:
        """Recorded after 办结 (6.5.2.3: 于服务办结后……送达), not before it."""
        return self.kind is StepKind.served or self.post_completion

    def applies(self, applicant_type: str, variants: frozenset[str]) -> bool:
        if self.applicant_types and applicant_type not in self.applicant_types:
            return False
        return not self.variants or bool(self.variants & variants)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    name: str
    document: DocumentKind | None
    clause: str = ""
    escalation: Escalation | None = None
    # (applicant type, clause) where the standard names another clause for that type of applicant
    # (缴费核定: 6.2.2.1 for a unit, 6.2.2.2 for an individual); ``clause`` for the others
    applicant_clauses: tuple[tuple[str, str], ...] = ()

    def clause_for(self, applicant_type: str) -> str:
        """The clause this outcome rests on for ``applicant_type`` (办理依据)."""
        return dict(self.applicant_clauses).get(applicant_type, self.clause)


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    clause: str
    figure: str
    applicant_types: tuple[str, ...]
    variants: tuple[Variant, ...]
    variant_multiple: bool           # several variants at once (变更登记) or exactly one
    variant_required: bool
    materials: tuple[Material, ...]
    conditions: tuple[Condition, ...]
    steps: tuple[Step, ...]
    outcomes: tuple[Outcome, ...]
    time_limit: TimeLimit
    time_limit_overrides: Mapping[str, TimeLimit] = field(default_factory=dict)  # by applicant type
    notes: str = ""
    second_case: SecondCase = SECOND_CASE_UNSTATED   # 同一参保人能否同时再办一件
    source: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the entry as in the file
    # indexes and the plan memo, filled in __post_init__ (not constructor arguments, not compared)
    _variant_index: dict[str, Variant] = field(init=False, default_factory=dict, compare=False, repr=False)
    _material_index: dict[str, Material] = field(init=False, default_factory=dict, compare=False, repr=False)
    _outcome_index: dict[OutcomeKind, Outcome] = field(init=False, default_factory=dict, compare=False, repr=False)
    _plan_cache: dict[tuple[str, frozenset[str]], Plan] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_variant_index", {v.code: v for v in self.variants})
        object.__setattr__(self, "_material_index", {m.code: m for m in self.materials})
        object.__setattr__(self, "_outcome_index", {o.kind: o for o in self.outcomes})
        object.__setattr__(self, "_plan_cache", {})

    def variant(self, code: str) -> Variant:
        try:
            return self._variant_index[code]
        except KeyError:
            raise CatalogError(f"事项「{self.name}」没有情形「{code}」") from None

    def time_limit_for(self, applicant_type: str) -> TimeLimit:
        return self.time_limit_overrides.get(applicant_type, self.time_limit)

    def material(self, code: str) -> Material | None:
        return self._material_index.get(code)

    def outcome(self, kind: OutcomeKind | str) -> Outcome | None:
        return self._outcome_index.get(OutcomeKind(kind))

    def has_outcome(self, kind: OutcomeKind | str) -> bool:
        return OutcomeKind(kind) in self._outcome_index

    def tags_for(self, variants: Iterable[str]) -> frozenset[str]:
        tags: set[str] = set()
        for code in variants:
            v = self._variant_index.get(code)
            if v:
                tags |= v.tags
        return frozenset(tags)

    def plan(self, applicant_type: str, variants: Iterable[str]) -> "Plan":
        """The materials, conditions and steps that apply to one case (memoised: cheap per keystroke)."""
        key = (applicant_type, frozenset(variants))
        cache = self._plan_cache
        hit = cache.get(key)
        if hit is not None:
            return hit
        vset = key[1]
        tags = self.tags_for(vset)
        plan = Plan(
            materials=tuple(m for m in self.materials if m.applies(applicant_type, vset, tags)),
            conditions=tuple(c for c in self.conditions if c.applies(applicant_type, vset)),
            steps=tuple(s for s in self.steps if s.applies(applicant_type, vset)),
        )
        if len(cache) < 256:
            cache[key] = plan
        return plan

    def validate_selection(self, applicant_type: str, variants: Iterable[str]) -> list[str]:
        """Problems with an applicant type / variant choice (empty when fine): each a
        :class:`SelectionProblem`, the Chinese with its code and parameters."""
        problems: list[str] = []
        vlist = list(variants)
        if applicant_type not in self.applicant_types:
            allowed = "、".join(applicant_type_name(t) for t in self.applicant_types)
            problems.append(SelectionProblem("type_not_accepted", self.name, applicant_type_name(applicant_type),
                                             allowed))
        for code in vlist:
            v = self._variant_index.get(code)
            if v is None:
                problems.append(SelectionProblem("no_variant", self.name, code))
            elif v.applicant_types and applicant_type not in v.applicant_types:
                problems.append(SelectionProblem("variant_not_for_type", v.name, applicant_type_name(applicant_type)))
        if self.variants and self.variant_required and not vlist:
            problems.append(SelectionProblem("choose_variant", self.name))
        if not self.variant_multiple and len(vlist) > 1:
            problems.append(SelectionProblem("one_variant", self.name))
        return problems


@dataclass(frozen=True)
class Plan:
    materials: tuple[Material, ...]
    conditions: tuple[Condition, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Catalog:
    version: str
    effective_from: str
    services: tuple[Service, ...]
    maintained_by_note: str = ""

    _index: dict[str, Service] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {s.code: s for s in self.services})

    def get(self, code: str) -> Service:
        try:
            return self._index[code]
        except KeyError:
            raise CatalogError(f"服务事项目录（版本 {self.version}）中没有事项「{code}」") from None

    def codes(self) -> list[str]:
        return [s.code for s in self.services]


# ---------------------------------------------------------------- building from data

def _fs(value: Any) -> frozenset[str]:
    return frozenset(value or ())


def _need(d: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in d or d[key] in (None, ""):
        raise CatalogError(f"服务事项目录：{where} 缺少字段「{key}」")
    return d[key]


def _document(value: Any, where: str) -> DocumentKind | None:
    if value in (None, ""):
        return None
    try:
        return DocumentKind(value)
    except ValueError:
        raise CatalogError(f"服务事项目录：{where} 的文书种类「{value}」未定义") from None


def _time_limit(tl: Mapping[str, Any], where: str) -> TimeLimit:
    limit = TimeLimit(instant=bool(tl.get("instant")), working_days=tl.get("working_days"),
                      source=tl.get("source", "agency"), clause=tl.get("clause", ""))
    if not limit.instant and not (isinstance(limit.working_days, int) and limit.working_days > 0):
        raise CatalogError(f"服务事项目录：{where} 的办理时限须为即时办结或若干工作日")
    if limit.source not in ("standard", "agency"):
        raise CatalogError(f"服务事项目录：{where} 的办理时限来源须为 standard 或 agency")
    return limit


def _second_case(value: Any, where: str) -> SecondCase:
    """The entry's ``second_case``: ``{"rule": one of SecondCaseRule, "reason": "…"}``; absent: the
    strictest rule (:data:`SECOND_CASE_UNSTATED`)."""
    if value is None:
        return SECOND_CASE_UNSTATED
    if not isinstance(value, Mapping):
        raise CatalogError(f"服务事项目录：{where} 的 second_case 应为含 rule 与 reason 的对象")
    rule = value.get("rule")
    if rule not in SecondCaseRule._value2member_map_:
        allowed = "、".join(r.value for r in SecondCaseRule)
        raise CatalogError(f"服务事项目录：{where} 的 second_case.rule「{rule}」未定义，可用：{allowed}")
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise CatalogError(f"服务事项目录：{where} 的 second_case 缺少理由（reason）")
    return SecondCase(SecondCaseRule(rule), reason.strip())


def _status_rules(value: Any, vcodes: set[str], where: str) -> tuple[StatusRule, ...]:
    """A condition's ``by_status``: a list of ``{"status", "result", "reason"[, "party", "variants",
    "other_than"]}``, a ``clerk`` entry with its ``unmet_reason`` too (see :class:`StatusRule`);
    absent: none."""
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        raise CatalogError(f"服务事项目录：{where} 的 by_status 应为列表")
    rules = []
    for r in value:
        if not isinstance(r, Mapping):
            raise CatalogError(f"服务事项目录：{where} 的 by_status 每项应为对象")
        status, result, party = r.get("status"), r.get("result"), r.get("party", "")
        if status not in _RECORD_STATUSES:
            raise CatalogError(f"服务事项目录：{where} 的 by_status 档案状态「{status}」未定义")
        if result not in STATUS_RULE_RESULTS or party not in STATUS_RULE_PARTIES:
            raise CatalogError(f"服务事项目录：{where} 的 by_status（{status}）的 result 或 party 取值无效")
        reason = r.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise CatalogError(f"服务事项目录：{where} 的 by_status（{status}）缺少理由（reason）")
        unmet_reason = r.get("unmet_reason")
        if result == "clerk" and (not isinstance(unmet_reason, str) or not unmet_reason.strip()):
            raise CatalogError(f"服务事项目录：{where} 的 by_status（{status}）由经办人核实，"
                               f"须写明经办人核实不符合时的不予受理理由（unmet_reason）")
        if result != "clerk" and unmet_reason is not None:
            raise CatalogError(f"服务事项目录：{where} 的 by_status（{status}）不由经办人核实，"
                               f"不予受理理由写在 reason，不应有 unmet_reason")
        variants, other_than = _fs(r.get("variants")), _fs(r.get("other_than"))
        unknown = (variants | other_than) - vcodes
        if unknown:
            raise CatalogError(f"服务事项目录：{where} 的 by_status 引用了不存在的情形 {sorted(unknown)}")
        rules.append(StatusRule(status=str(status), result=str(result), reason=reason.strip(), party=str(party),
                                variants=variants, other_than=other_than,
                                unmet_reason=unmet_reason.strip() if isinstance(unmet_reason, str) else ""))
    return tuple(rules)


def service_from_dict(d: Mapping[str, Any]) -> Service:
    code = _need(d, "code", "事项")
    where = f"事项 {code}"
    applicant_types = tuple(_need(d, "applicant_types", where))
    for t in applicant_types:
        if t not in ApplicantType._value2member_map_:
            raise CatalogError(f"服务事项目录：{where} 的申请对象「{t}」未定义")
    variants = tuple(
        Variant(
            code=_need(v, "code", where), name=_need(v, "name", where), group=v.get("group", ""),
            tags=_fs(v.get("tags")), clause=v.get("clause", ""), applicant_types=_fs(v.get("applicant_types")),
            note=v.get("note", ""),
        )
        for v in d.get("variants", ())
    )
    vcodes = {v.code for v in variants}
    materials = []
    for m in d.get("materials", ()):
        mw = f"{where} 材料 {m.get('code')}"
        unknown = _fs(m.get("variants")) - vcodes
        if unknown:
            raise CatalogError(f"服务事项目录：{mw} 引用了不存在的情形 {sorted(unknown)}")
        materials.append(Material(
            code=_need(m, "code", mw), name=_need(m, "name", mw), required=bool(m.get("required", True)),
            applicant_types=_fs(m.get("applicant_types")), variants=_fs(m.get("variants")), tags=_fs(m.get("tags")),
            what_to_bring=m.get("what_to_bring", ""), note=m.get("note", ""),
            maintained_by=m.get("maintained_by", "agency"),
        ))
    if len({m.code for m in materials}) != len(materials):
        raise CatalogError(f"服务事项目录：{where} 的材料编码重复")
    conditions = tuple(
        Condition(
            code=_need(c, "code", where), text=_need(c, "text", where), reason=_need(c, "reason", where),
            clause=_need(c, "clause", where), check=c.get("check"), applicant_types=_fs(c.get("applicant_types")),
            variants=_fs(c.get("variants")), rule=c.get("rule"), facts=tuple(c.get("facts") or ()),
            offline_provisional=bool(c.get("offline_provisional", d.get("offline_provisional", False))),
            by_status=_status_rules(c.get("by_status"), vcodes, f"{where} 条件 {c.get('code')}"),
        )
        for c in d.get("conditions", ())
    )
    steps = []
    for s in d.get("steps", ()):
        sw = f"{where} 步骤 {s.get('code')}"
        try:
            kind = StepKind(_need(s, "kind", sw))
            esc = Escalation(s["escalation"]) if s.get("escalation") else None
        except ValueError as exc:
            raise CatalogError(f"服务事项目录：{sw} 的取值无效：{exc}") from None
        try:
            fields = tuple(field_from_dict(f, sw) for f in s.get("decision_data") or ())
        except (ValueError, KeyError, TypeError) as exc:
            raise CatalogError(f"服务事项目录：{exc}") from None
        if len({f.code for f in fields}) != len(fields):
            raise CatalogError(f"服务事项目录：{sw} 的核定数据项编码重复")
        steps.append(Step(
            code=_need(s, "code", sw), name=_need(s, "name", sw), kind=kind, clause=s.get("clause", ""),
            document=_document(s.get("document"), sw), escalation=esc, variants=_fs(s.get("variants")),
            applicant_types=_fs(s.get("applicant_types")), decision_data=fields,
            only_on_objection=bool(s.get("only_on_objection", False)), optional=bool(s.get("optional", False)),
            concurrent_with=_fs(s.get("concurrent_with")), post_completion=bool(s.get("after_completion", False)),
            result_feedback=bool(s.get("result_feedback", False)),
        ))
        unknown = steps[-1].concurrent_with - {st.code for st in steps[:-1]}
        if unknown:
            raise CatalogError(f"服务事项目录：{sw} 的 concurrent_with 应为其前面的步骤：{'、'.join(sorted(unknown))}")
    outcomes = []
    for o in _need(d, "outcomes", where):
        ow = f"{where} 结果 {o.get('kind')}"
        try:
            okind = OutcomeKind(_need(o, "kind", ow))
            esc = Escalation(o["escalation"]) if o.get("escalation") else None
        except ValueError as exc:
            raise CatalogError(f"服务事项目录：{ow} 的取值无效：{exc}") from None
        by_type = o.get("applicant_clauses") or {}
        if not isinstance(by_type, dict) or not all(isinstance(c, str) and c.strip() for c in by_type.values()):
            raise CatalogError(f"服务事项目录：{ow} 的 applicant_clauses 应为「申请人类型: 条款」")
        strange = set(by_type) - set(applicant_types)
        if strange:
            raise CatalogError(f"服务事项目录：{ow} 的 applicant_clauses 引用了本事项没有的申请人类型 {sorted(strange)}")
        outcomes.append(Outcome(kind=okind, name=o.get("name") or OUTCOME_NAMES[okind], document=_document(o.get("document"), ow),
                                clause=o.get("clause", ""), escalation=esc,
                                applicant_clauses=tuple(sorted((t, c.strip()) for t, c in by_type.items()))))
    kinds = {o.kind for o in outcomes}
    for needed in (OutcomeKind.accepted, OutcomeKind.not_eligible, OutcomeKind.completed):
        if needed not in kinds:
            raise CatalogError(f"服务事项目录：{where} 缺少结果「{OUTCOME_NAMES[needed]}」")
    time_limit = _time_limit(_need(d, "time_limit", where), where)
    overrides = {t: _time_limit(v, f"{where}（{t}）") for t, v in (d.get("time_limit_overrides") or {}).items()}
    return Service(
        code=code, name=_need(d, "name", where), clause=_need(d, "clause", where), figure=d.get("figure", ""),
        applicant_types=applicant_types, variants=variants, variant_multiple=bool(d.get("variant_multiple", False)),
        variant_required=bool(d.get("variant_required", bool(variants))), materials=tuple(materials),
        conditions=conditions, steps=tuple(steps), outcomes=tuple(outcomes), time_limit=time_limit,
        time_limit_overrides=overrides, notes=d.get("notes", ""),
        second_case=_second_case(d.get("second_case"), where), source=dict(d),
    )


def catalog_from_dict(d: Mapping[str, Any]) -> Catalog:
    if not isinstance(d, Mapping):
        raise CatalogError("服务事项目录应为 JSON 对象（含 version 与 services）")
    version = d.get("version")
    if not version:
        raise CatalogError("服务事项目录缺少版本号（version）")
    listed = d.get("services", ())
    if not isinstance(listed, (list, tuple)):
        raise CatalogError("服务事项目录的 services 应为事项的列表")
    services = tuple(_service_at(i, s) for i, s in enumerate(listed, 1))
    codes = [s.code for s in services]
    if len(set(codes)) != len(codes):
        raise CatalogError("服务事项目录中事项编码重复")
    return Catalog(version=str(version), effective_from=str(d.get("effective_from", "")), services=services,
                   maintained_by_note=d.get("maintained_by_note", ""))


def _service_at(index: int, s: Any) -> Service:
    """The ``index``-th service of a catalog file; a malformed one is a CatalogError naming it."""
    if not isinstance(s, Mapping):
        raise CatalogError(f"服务事项目录第 {index} 个事项应为 JSON 对象")
    try:
        return service_from_dict(s)
    except CatalogError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        what = f"缺少 {exc.args[0]}" if isinstance(exc, KeyError) and exc.args else "有项目的类型或取值不对"
        raise CatalogError(f"服务事项目录第 {index} 个事项（{s.get('code') or '无编码'}）{what}") from None


def applies_to(s: Service, applicant_types: Iterable[str]) -> str:
    """Which applicant types a material (or condition) is for, in Chinese (“参保单位”, “代办人” …,
    in the service's order); "" when it is for every applicant type of the service."""
    types = set(applicant_types)
    if not types or set(s.applicant_types) <= types:
        return ""
    return "、".join(applicant_type_name(t) for t in s.applicant_types if t in types)


def service_to_summary(s: Service) -> dict[str, Any]:
    """The JSON shape ``counter-app services --json`` prints for one service."""
    return {
        "code": s.code,
        "name": s.name,
        "clause": s.clause,
        "figure": s.figure,
        "applicant_types": list(s.applicant_types),
        "variants": [{"code": v.code, "name": v.name, "group": v.group, "clause": v.clause,
                      "tags": sorted(v.tags), "applicant_types": sorted(v.applicant_types)} for v in s.variants],
        "variant_multiple": s.variant_multiple,
        "materials": [{"code": m.code, "name": m.name, "required": m.required, "conditional": m.conditional,
                       "applicant_types": sorted(m.applicant_types), "variants": sorted(m.variants),
                       "tags": sorted(m.tags), "what_to_bring": m.what_to_bring, "maintained_by": m.maintained_by,
                       "applies_to": applies_to(s, m.applicant_types)}
                      for m in s.materials],
        "conditions": [{"code": c.code, "text": c.text, "reason": c.reason, "clause": c.clause, "check": c.check,
                        "rule": c.rule or c.check or "clerk", "facts": list(c.facts),
                        "offline_provisional": c.offline_provisional,
                        "applicant_types": sorted(c.applicant_types), "variants": sorted(c.variants),
                        "by_status": [{"status": r.status, "result": r.result, "reason": r.reason, "party": r.party,
                                       "variants": sorted(r.variants), "other_than": sorted(r.other_than),
                                       "unmet_reason": r.unmet_reason}
                                      for r in c.by_status],
                        "applies_to": applies_to(s, c.applicant_types)} for c in s.conditions],
        "steps": [{"code": st.code, "name": st.name, "kind": st.kind.value, "clause": st.clause,
                   "document": st.document.value if st.document else None,
                   "escalation": st.escalation.value if st.escalation else None,
                   "variants": sorted(st.variants), "applicant_types": sorted(st.applicant_types),
                   "only_on_objection": st.only_on_objection, "optional": st.optional,
                   "concurrent_with": sorted(st.concurrent_with), "after_completion": st.after_completion,
                   "decision_data": [f.as_dict() for f in st.decision_data],
                   "result_feedback": st.result_feedback} for st in s.steps],
        "outcomes": [{"kind": o.kind.value, "name": o.name, "clause": o.clause,
                      "applicant_clauses": dict(o.applicant_clauses),
                      "document": o.document.value if o.document else None,
                      "escalation": o.escalation.value if o.escalation else None} for o in s.outcomes],
        "time_limit": {"instant": s.time_limit.instant, "working_days": s.time_limit.working_days,
                       "text": s.time_limit.text(), "source": s.time_limit.source, "clause": s.time_limit.clause,
                       "basis": s.time_limit.basis()},
        "time_limit_overrides": {t: {"instant": tl.instant, "working_days": tl.working_days, "text": tl.text(),
                                     "source": tl.source, "clause": tl.clause} for t, tl in s.time_limit_overrides.items()},
        "notes": s.notes,
        "second_case": {"rule": s.second_case.rule.value, "name": SECOND_CASE_RULE_NAMES[s.second_case.rule],
                        "reason": s.second_case.reason},
    }
