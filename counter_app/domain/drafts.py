"""The draft of a case and what an operation changed: pure values the window holds on its GUI thread.

:class:`Draft` is the JSON form the 综合受理 desk hands over and the window saves (``counter-app case
import``; :func:`counter_app.workflows.accept.accept_draft` accepts it in one transaction), and
:class:`OpChanges` what one clerk action changed, which the UI's task pattern announces. Pure: no
I/O, no SQLAlchemy, so the window imports them before its store is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from counter_app.domain.catalog import Service
from counter_app.domain.changes import OpChanges as OpChanges  # re-exported: workflows import it from here
from counter_app.domain.checklist import MISSING, PRESENT, Tick, TickState
from counter_protocol.canonical import canonical_json
from counter_protocol.free_text import MULTI_LINE, unsafe_text_refusal
from counter_protocol.sync import MAX_PAYLOAD_BYTES

DEFECTIVE_DEFAULT = "所提交材料不符合要求"

# What a draft may hold, so that nothing the counter accepts is refused by the centre later: every
# outbox entry's payload is at most MAX_PAYLOAD_BYTES of JSON (counter_protocol.sync), and a case's
# applicant, facts and reasons are copied into more than one payload (the case's steps, each
# document's fields). A whole draft of at most an eighth of that leaves room for those copies and
# the catalogue's own texts; one applicant field (a name, an address, a phone) is a line on a form.
MAX_DRAFT_BYTES = MAX_PAYLOAD_BYTES // 8
MAX_FIELD_CHARS = 200        # one applicant field, a code (service, material, condition, variant)
MAX_REASON_CHARS = 500       # a reason a condition is not met, a material's problem

class DraftError(ValueError):
    """A draft (or an imported file) that cannot be read; the message is the clerk's Chinese."""


@dataclass(frozen=True)
class Draft:
    """A case as entered at the window (or received at a 综合受理 desk), before it is stored."""

    service: str
    applicant_type: str
    applicant: Mapping[str, str]
    variants: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    ticks: Mapping[str, Tick] | None = None            # None: every material present ("all")
    answers: Mapping[str, tuple[bool | None, str]] | None = None   # None: the clerk's conditions confirmed
    case_id: str | None = None                         # a returned case resubmitted

    # ------------------------------------------------------------ JSON form
    @classmethod
    def from_json(cls, data: Any) -> "Draft":
        if not isinstance(data, dict):
            raise DraftError("办件文件应为 JSON 对象")
        known = {"service", "applicant_type", "applicant", "unit_uscc", "unit_name", "materials", "conditions",
                 "variants", "facts", "case_id", "saved_at", "note"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DraftError(f"办件文件中有不认识的项目：{'、'.join(unknown)}")
        try:
            size = len(canonical_json(data).encode("utf-8"))
        except (TypeError, ValueError):      # a lone surrogate (\ud800), a number JSON cannot hold
            raise DraftError("办件文件含有无法保存的字符或数值（如无效的 Unicode 字符）") from None
        service = data.get("service")
        if not isinstance(service, str) or not service:
            raise DraftError("办件文件缺少 service（业务编码）")
        _text(service, "service")
        atype = data.get("applicant_type") or "individual"
        if not isinstance(atype, str):
            raise DraftError("applicant_type 应为文字")
        _text(atype, "applicant_type")
        applicant = data.get("applicant") or {}
        if not isinstance(applicant, dict):
            raise DraftError("applicant 应为 JSON 对象（id_number、name …）")
        applicant = {k: _text(v, f"applicant.{k}", required_type=True) for k, v in applicant.items()
                     if v not in (None, "")}
        for key, into in (("unit_uscc", "credit_code"), ("unit_name", "unit_name")):
            if data.get(key) not in (None, ""):
                applicant[into] = _text(data[key], key, required_type=True)
        ticks = _ticks_of(data.get("materials", "all"))
        answers = _answers_of(data.get("conditions", "confirmed"))
        variants = data.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise DraftError("variants 应为业务情形编码（文字）的列表")
        for v in variants:
            _text(v, "variants")
        facts = data.get("facts") or {}
        if not isinstance(facts, dict):
            raise DraftError("facts 应为 JSON 对象")
        refusal = unsafe_text_refusal(facts, "facts", allow="")
        if refusal is not None:
            raise DraftError(refusal)
        _check_facts(facts)
        case_id = data.get("case_id") or None
        if case_id is not None:
            _text(case_id, "case_id", required_type=True)
        if size > MAX_DRAFT_BYTES:      # each field fits, but together (facts, reasons) they do not
            raise DraftError(f"办件文件太大（{size // 1024} KB，至多 {MAX_DRAFT_BYTES // 1024} KB）："
                             "请检查是否误粘贴了大段文字")
        return cls(service, atype, applicant, tuple(variants), facts, ticks, answers, case_id)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"service": self.service, "applicant_type": self.applicant_type,
                               "applicant": {k: v for k, v in self.applicant.items() if k != "credit_code"}}
        if self.applicant.get("credit_code"):
            out["unit_uscc"] = self.applicant["credit_code"]
        if self.ticks is None:
            out["materials"] = "all"
        else:
            out["materials"] = {c: (t.state.value if not t.problem else {"state": t.state.value, "problem": t.problem})
                                for c, t in self.ticks.items()}
        if self.answers is None:
            out["conditions"] = "confirmed"
        else:
            out["conditions"] = {c: (met if met is not False or not reason else reason)
                                 for c, (met, reason) in self.answers.items() if met is not None}
        if self.variants:
            out["variants"] = list(self.variants)
        if self.facts:
            out["facts"] = dict(self.facts)
        if self.case_id:
            out["case_id"] = self.case_id
        return out

    # ------------------------------------------------------------ against the service
    def resolved(self, service: Service) -> tuple[dict[str, Tick], dict[str, tuple[bool | None, str]]]:
        """The ticks of every planned material and the answers to every condition the clerk judges."""
        plan = service.plan(self.applicant_type, self.variants)
        codes = {m.code for m in plan.materials}
        if self.ticks is None:
            ticks = {m.code: PRESENT for m in plan.materials}
        else:
            unknown = sorted(set(self.ticks) - codes)
            if unknown:
                raise DraftError(f"「{service.name}」没有材料：{'、'.join(unknown)}")
            ticks = {m.code: self.ticks.get(m.code, MISSING) for m in plan.materials}
        # what only a person can judge: a condition the clerk answers, and a rule condition that
        # needs a clerk's fact (5.5.2's 完全丧失劳动能力, 5.6.1.3's 死亡原因 …) — its answer counts only
        # where the record and the rules leave that fact to the clerk (domain.conditions)
        judged = [c.code for c in plan.conditions
                  if not c.check or any(str(f).startswith("clerk.") for f in c.facts)]
        if self.answers is None:
            answers: dict[str, tuple[bool | None, str]] = dict.fromkeys(judged, (True, ""))
        else:
            unknown = sorted(set(self.answers) - {c.code for c in plan.conditions})
            if unknown:
                raise DraftError(f"「{service.name}」没有受理条件：{'、'.join(unknown)}")
            # also a rule condition the rules cannot decide (facts missing) that the clerk confirmed
            answers = {c.code: self.answers[c.code] for c in plan.conditions if c.code in self.answers}
        return ticks, answers


def _text(value: Any, name: str, *, required_type: bool = False, limit: int = MAX_FIELD_CHARS,
          allow: str = "") -> str:
    """``value`` if it is text of at most ``limit`` characters without control or text-direction
    characters (``allow``: those a note may carry), else DraftError naming the field. The window's
    applicant form refuses the same characters as they are typed; what is stored here is printed on
    the notices and shown on terminals (an ESC sequence, an RLO)."""
    if not isinstance(value, str):
        if required_type:
            raise DraftError(f"{name} 应为文字（JSON 字符串），收到的是{_json_kind(value)}")
        raise DraftError(f"{name} 应为文字")
    if len(value) > limit:
        raise DraftError(f"{name} 太长（{len(value)} 个字符，至多 {limit} 个）")
    if "\x00" in value:
        raise DraftError(f"{name} 含有空字符")
    refusal = unsafe_text_refusal(value, name, allow=allow)
    if refusal is not None:
        raise DraftError(refusal)
    return value


# The facts a case file may give and how each is checked — as the rules read them (counter_rules:
# retirement.YearMonth, Category, DeathCause), as the person's record holds them (non-negative whole
# months, true / false) and as the 核定 form takes a figure (decision_data.check): a value the rules
# would raise on later is refused at import, naming the fact.
_YES_NO_FACTS = frozenset({"benefit_place_shenzhen", "insured_in_shenzhen", "last_insured_place_shenzhen",
                           "history_reviewed", "lost_capacity", "deceased", "other_death_benefit_received",
                           "nationality_lost", "hmt_or_foreign_left"})
_MONTH_FACTS = frozenset({"birth", "requested_retirement"})
_COUNT_FACTS = frozenset({"contribution_months", "deemed_months", "special_work_months"})
_MONEY_FACTS = frozenset({"account_balance"})
# objects: a 核定数据 group the core system handed over (the form checks each figure when the step is
# done), the transfer's parties, the ID card read, the record the case was decided on
_OBJECT_FACTS = frozenset({"pension", "account", "contributions", "allowance", "death_benefits", "deemed_years",
                           "transfer", "id_card", "registry"})
_MORE_FACT_NAMES = {"requested_retirement": "申请退休年月", "deemed_months": "视同缴费月数",
                    "special_work_months": "特殊工种月数", "account_balance": "个人账户余额"}


def _check_facts(facts: Mapping[str, Any]) -> None:
    """DraftError naming the first fact whose value the rules could not use (None: not given)."""
    from counter_rules.conditions import FACT_NAMES
    from counter_rules.decision_data import DecisionField, check
    from counter_rules.retirement import Category, DeathCause, RuleInputError, YearMonth

    for key, value in facts.items():
        if value is None:
            continue
        said = FACT_NAMES.get(key) or _MORE_FACT_NAMES.get(key)
        name = f"facts.{key}" + (f"（{said}）" if said else "")
        if key in _YES_NO_FACTS:
            if not isinstance(value, bool):
                raise DraftError(f"{name} 应为 true、false 或 null")
        elif key in _MONTH_FACTS:
            try:
                if isinstance(value, str):
                    YearMonth.parse(value)
                elif isinstance(value, list) and len(value) == 2 and all(
                        isinstance(v, int) and not isinstance(v, bool) for v in value):
                    YearMonth.checked(*value)
                else:
                    raise RuleInputError(f"应为年月 YYYY-MM，收到的是{_json_kind(value)}")
            except RuleInputError as exc:
                raise DraftError(f"{name}：{exc}") from None
        elif key == "category":
            try:
                Category.parse(value if isinstance(value, str) else "")
            except RuleInputError as exc:
                raise DraftError(f"{name}：{exc}") from None
        elif key == "death_cause":
            if value not in {c.value for c in DeathCause}:
                raise DraftError(f"{name} 应为 {'、'.join(c.value for c in DeathCause)} 之一")
        elif key in _COUNT_FACTS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise DraftError(f"{name} 应为非负整数（月数），收到的是{_json_kind(value)}")
            _value, problem = check(DecisionField(f"facts.{key}", name, "integer"), str(value))
            if problem:
                raise DraftError(str(problem))
        elif key in _MONEY_FACTS:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise DraftError(f"{name} 应为金额（元），收到的是{_json_kind(value)}")
            _value, problem = check(DecisionField(f"facts.{key}", name, "money"), str(value))
            if problem:
                raise DraftError(str(problem))
        elif key in _OBJECT_FACTS and not isinstance(value, dict):
            raise DraftError(f"{name} 应为 JSON 对象，收到的是{_json_kind(value)}")


def _json_kind(value: Any) -> str:
    if isinstance(value, str):
        return "文字"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return "其他类型"


def _ticks_of(value: Any) -> dict[str, Tick] | None:
    if value == "all":
        return None
    if value == "none":
        return {}
    if isinstance(value, list):
        if not all(isinstance(c, str) for c in value):
            raise DraftError("materials 的列表应为材料编码（文字）")
        return {_text(c, "materials"): PRESENT for c in value}
    if isinstance(value, dict):
        out = {}
        for code, v in value.items():
            _text(code, "materials")
            try:
                if isinstance(v, dict):
                    problem = v.get("problem") or ""
                    _text(problem, f"材料 {code} 的 problem", required_type=True, limit=MAX_REASON_CHARS,
                          allow=MULTI_LINE)
                    state = v.get("state", "present")
                    if not isinstance(state, str):
                        raise ValueError(state)
                    out[str(code)] = Tick(TickState(state), problem)
                else:
                    if isinstance(v, str):
                        _text(v, f"材料 {code} 的状态", limit=MAX_REASON_CHARS, allow=MULTI_LINE)
                    out[str(code)] = Tick.of(v)
            except DraftError:       # its problem's own words (too long, control characters)
                raise
            except (ValueError, TypeError):
                raise DraftError(f"材料 {code} 的状态应为 present、missing 或 defective") from None
        return out
    raise DraftError('materials 应为 "all"、材料编码列表或 {编码: 状态}')


def _answers_of(value: Any) -> dict[str, tuple[bool | None, str]] | None:
    if value == "confirmed":
        return None
    if isinstance(value, dict):
        out: dict[str, tuple[bool | None, str]] = {}
        for code, v in value.items():
            _text(code, "conditions")
            if isinstance(v, str):
                _text(v, f"受理条件 {code} 的原因", limit=MAX_REASON_CHARS, allow=MULTI_LINE)
            if v is True:
                out[str(code)] = (True, "")
            elif v is None:
                out[str(code)] = (None, "")
            elif v is False or isinstance(v, str):
                out[str(code)] = (False, v if isinstance(v, str) else "")
            else:
                raise DraftError(f"受理条件 {code} 应为 true、false 或不符合的原因")
        return out
    raise DraftError('conditions 应为 "confirmed" 或 {条件编码: true/false/原因}')
