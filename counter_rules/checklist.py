"""Checklist outcome (受理审核结果) of 6.1.1.2.2, decided from the catalog and the clerk's ticks.

Pure and cheap (the service's plan is memoised; the decision is one pass over the applicable
materials and conditions), so the UI can run :func:`decide` on every keystroke.

- any acceptance condition unmet           → 不符合受理条件：《不予受理决定书》 with every reason;
- any required material missing/defective  → 材料不齐全：《业务指引告知书》 listing, in one go, every
  missing or defective material, what is wrong and what to bring (一次性告知). A service whose
  flow has no 材料不齐全 path (窗口转出, 6.4.1.2.2) refuses instead, naming the materials;
- a guided condition unmet (缴费年限不足, 历史信息未审核: policy.md §1, not refused outright) → the
  same 《业务指引告知书》, which names it apart from the materials (``guided``) with what to do first;
- everything present and every condition met → 受理：《受理告知书》/《受理通知书》;
- materials complete but a condition not yet confirmed → no decision yet (``kind is None``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from counter_rules.catalog import OutcomeKind, Service
from counter_rules.documents import DocumentKind
from counter_rules.retirement import applicant_reason
from counter_rules.terms import TICK_NAMES as TICK_NAMES, TickState as TickState, Worded  # re-exported

# the checklist's own sentences: the summary under the checklist and a material as a refusal reason
CHECKLIST_SENTENCES: dict[str, str] = {
    "summary_accepted": "材料齐全且符合受理条件，可予受理",
    "summary_incomplete": "材料不齐全：{0} 项需补齐补正",
    "summary_guided": "{0} 项受理条件须先按业务指引办理",
    "summary_incomplete_guided": "材料不齐全：{0} 项需补齐补正；另有 {1} 项受理条件须先按业务指引办理",
    "summary_not_eligible": "不符合受理条件：{0}",
    "summary_pending": "尚有 {0} 项受理条件待确认",
    "material_missing": "{0}未提交",
    "material_defective": "{0}不符合要求：{1}",
}


class ChecklistSentence(Worded):
    """A sentence of :data:`CHECKLIST_SENTENCES` (the counter's ``domain.refusals.REFUSALS`` lists
    these codes too): the Chinese as before, with its code and parameters."""

    TEMPLATES = CHECKLIST_SENTENCES


@dataclass(frozen=True)
class Tick:
    state: TickState
    problem: str = ""          # what is wrong with a defective material (clerk's words)

    @classmethod
    def of(cls, value: "Tick | str | bool | None") -> "Tick":
        if isinstance(value, Tick):
            return value
        if value is True:
            return PRESENT
        if value in (None, False):
            return MISSING
        return cls(TickState(value))


PRESENT = Tick(TickState.present)
MISSING = Tick(TickState.missing)


@dataclass(frozen=True)
class ConditionResult:
    """One acceptance condition: met (True), unmet (False) or not yet known (None).

    From :mod:`counter_rules.conditions` it also carries the facts used and the Chinese
    explanation; ``guidance`` set on an unmet condition means 业务指引 (e.g. keep contributing,
    历史信息审核 first), not 不予受理.
    """

    met: bool | None
    reasons: tuple[str, ...] = ()   # precise reasons when unmet (from the rules or the clerk)
    source: str = "clerk"           # clerk | system | offline (| rules: older callers)
    explanation: str = field(default="", compare=False)
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False)
    guidance: str = ""              # unmet, but guided (业务指引) instead of refused
    provisional: bool = False       # accepted offline, the centre re-checks
    override: bool = False          # the clerk overrode a system result (``note`` is the reason)
    needs_clerk: bool = field(default=False, compare=False)   # pending for the clerk's judgment
    note: str = ""                  # the clerk's written reason (confirmation / override)
    by_rule: bool = field(default=False, compare=False)   # the rules decided it (facts, not a keypress)

    @property
    def system(self) -> bool:
        """Decided by the system (the rules on the ID and the record), not the clerk."""
        return (self.source in ("system", "rules") or self.by_rule) and self.met is not None

    @classmethod
    def of(cls, value: "ConditionResult | bool | None") -> "ConditionResult":
        if isinstance(value, ConditionResult):
            return value
        return cls(value)


UNKNOWN = ConditionResult(None)


@dataclass(frozen=True)
class MissingItem:
    """One line of the 业务指引告知书: material, what is wrong, what to bring."""

    material_code: str
    material: str
    problem: str
    what_to_bring: str

    def as_dict(self) -> dict[str, str]:
        return {"material_code": self.material_code, "material": self.material, "problem": self.problem,
                "what_to_bring": self.what_to_bring}


@dataclass(frozen=True)
class ChecklistOutcome:
    kind: OutcomeKind | None
    document: DocumentKind | None
    missing: tuple[MissingItem, ...] = ()
    reasons: tuple[str, ...] = ()
    pending_conditions: tuple[str, ...] = ()      # condition codes not yet confirmed
    unmet_conditions: tuple[str, ...] = ()
    materials: tuple[str, ...] = field(default=(), compare=False)  # names of applicable materials
    # the condition codes among ``missing``: unmet, but guided (业务指引) — what to do first, not a material
    guided: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        return self.kind is not None

    @property
    def guided_only(self) -> bool:
        """业务指引 for guided conditions alone: no material is missing (the notice says so)."""
        return self.kind is OutcomeKind.incomplete and bool(self.guided) and len(self.guided) == len(self.missing)

    def summary(self) -> str:
        """The line under the checklist: a :class:`ChecklistSentence` (for 不符合受理条件 the reasons
        joined by "；" are one parameter; the window words each reason from ``reasons``)."""
        if self.kind is OutcomeKind.accepted:
            return ChecklistSentence("summary_accepted")
        if self.kind is OutcomeKind.incomplete:
            materials = len(self.missing) - len(self.guided)
            if self.guided and materials:
                return ChecklistSentence("summary_incomplete_guided", materials, len(self.guided))
            if self.guided:
                return ChecklistSentence("summary_guided", len(self.guided))
            return ChecklistSentence("summary_incomplete", materials)
        if self.kind is OutcomeKind.not_eligible:
            return ChecklistSentence("summary_not_eligible", "；".join(self.reasons))
        return ChecklistSentence("summary_pending", len(self.pending_conditions))

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value if self.kind else None,
            "document": self.document.value if self.document else None,
            "missing": [m.as_dict() for m in self.missing],
            "reasons": list(self.reasons),
            "pending_conditions": list(self.pending_conditions),
            "unmet_conditions": list(self.unmet_conditions),
            "guided_conditions": list(self.guided),
            "summary": self.summary(),
        }


def _doc(service: Service, kind: OutcomeKind) -> DocumentKind | None:
    o = service.outcome(kind)
    return o.document if o else None


def decide(
    service: Service,
    applicant_type: str,
    variants: Iterable[str],
    ticks: Mapping[str, Tick | str | bool | None],
    conditions: Mapping[str, ConditionResult | bool | None] | None = None,
) -> ChecklistOutcome:
    """The acceptance outcome of 6.1.1.2.2 for one case (pure; see module docstring)."""
    plan = service.plan(applicant_type, variants)
    conditions = conditions or {}

    missing: list[MissingItem] = []
    for m in plan.materials:
        if not m.required:
            continue
        raw = ticks.get(m.code)
        tick = raw if isinstance(raw, Tick) else Tick.of(raw)
        if tick.state is TickState.present:
            continue
        if tick.state is TickState.defective:
            problem = tick.problem.strip() or "所提交材料不符合要求"
        else:
            problem = "未提交"
        missing.append(MissingItem(m.code, m.name, problem, m.what_to_bring or f"请携带{m.name}"))

    reasons: list[str] = []
    unmet: list[str] = []
    pending: list[str] = []
    guided: list[MissingItem] = []
    for c in plan.conditions:
        answer = conditions.get(c.code)
        result = answer if isinstance(answer, ConditionResult) else ConditionResult.of(answer)
        if result.met is False and result.guidance:
            # 业务指引: not a refusal — the applicant is told what to do first (一次性告知), in the
            # words a notice gives the applicant (the clerk's advice stays on the clerk's screen)
            problem = "；".join(applicant_reason(r) for r in result.reasons) or c.reason
            guided.append(MissingItem(c.code, c.text, problem, result.guidance))
        elif result.met is False:
            unmet.append(c.code)
            reasons.extend(result.reasons or (c.reason,))
        elif result.met is None:
            pending.append(c.code)
    if guided and not service.has_outcome(OutcomeKind.incomplete):
        for g in guided:       # no 业务指引 path in this flow: the guided condition refuses
            unmet.append(g.material_code)
            reasons.append(g.problem)
        guided = []
    missing = guided + missing

    names = tuple(m.name for m in plan.materials)
    if unmet:
        return ChecklistOutcome(OutcomeKind.not_eligible, _doc(service, OutcomeKind.not_eligible), tuple(missing),
                                tuple(reasons), tuple(pending), tuple(unmet), names)
    if missing:
        if service.has_outcome(OutcomeKind.incomplete):
            return ChecklistOutcome(OutcomeKind.incomplete, _doc(service, OutcomeKind.incomplete), tuple(missing),
                                    (), tuple(pending), (), names, tuple(g.material_code for g in guided))
        # No 材料不齐全 path in this flow (e.g. 6.4.1.2.2): the missing material is a refusal reason.
        why = tuple(ChecklistSentence("material_missing", i.material) if i.problem == "未提交"
                    else ChecklistSentence("material_defective", i.material, i.problem) for i in missing)
        return ChecklistOutcome(OutcomeKind.not_eligible, _doc(service, OutcomeKind.not_eligible), tuple(missing),
                                why, tuple(pending), (), names)
    if pending:
        return ChecklistOutcome(None, None, (), (), tuple(pending), (), names)
    return ChecklistOutcome(OutcomeKind.accepted, _doc(service, OutcomeKind.accepted), (), (), (), (), names)
