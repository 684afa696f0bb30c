"""Case (办件) state machine, prechecks and document fields. Pure: no I/O, no SQLAlchemy.

States (图2、图4、图6、图9、图11、图13 and 6.1.1.2.2)::

    draft 草稿 ──submit──▶ review 受理审核 ──accept──▶ accepted 已受理（办理中）──complete──▶ completed 办结
                              │  ▲                          │                                   │
                              │  └─resubmit── returned ◀────┤(return: 材料不齐全，一次性告知)     ├─archive─▶ archived 归档
                              └──reject──▶ rejected 不予受理  └──deny──▶ denied 不予认定 ───────────┘
                                             └──────────────archive──────────────────────────▶

A returned case keeps its applicant data and ticks: the clerk re-ticks the supplemented
materials and resubmits; nothing is typed again. Every function here either returns what
changes (a :class:`Transition` or :class:`StepRecord`) or raises :class:`TransitionRefused`
with the Chinese reason. Escalation points (审批点) are explicit on what is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from counter_app.domain.catalog import (
    ESCALATION_NAMES,
    OUTCOME_NAMES,
    Escalation as Escalation,  # re-exported: callers read cases.Escalation
    OutcomeKind,
    Service,
    Step,
    StepKind,
    applicant_type_name,
)
from counter_app.domain.checklist import ChecklistOutcome, ConditionResult, MissingItem, Tick, decide
from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.domain.refusals import REFUSALS as REFUSALS, Joined, Refusal as Refusal  # re-exported
from counter_protocol.cases import STATE_NAMES as STATE_NAMES, TRANSITIONS as TRANSITIONS, CaseState as CaseState  # re-exported
from counter_app.domain.terms import EDITABLE_STATES as EDITABLE_STATES, RESULT_NAMES as RESULT_NAMES, result_name  # re-exported
from counter_rules import case_steps
from counter_rules.decision_data import iso_day
from counter_rules.approval_points import COMPLETING as COMPLETING, ESCALATING as ESCALATING  # re-exported

if TYPE_CHECKING:
    from counter_app.domain.authorisation import AuthorisationTable
    from counter_rules.decision_data import RuleContext
    from counter_rules.params import ParameterSet
    from counter_rules.conditions import Evaluation
    from counter_rules.retirement import PersonFacts


ACTION_NAMES = {
    "create": "新建办件", "submit": "提交受理审核", "resubmit": "补齐材料后重新提交", "accept": "予以受理",
    "return": "退回材料（一次性告知）", "reject": "不予受理", "complete": "办结", "deny": "不予认定", "archive": "归档",
}

RATEABLE_STATES = frozenset({CaseState.returned, CaseState.rejected, CaseState.accepted, CaseState.completed,
                             CaseState.denied, CaseState.archived})

OUTCOME_STATE = {
    OutcomeKind.accepted: CaseState.accepted,
    OutcomeKind.incomplete: CaseState.returned,
    OutcomeKind.not_eligible: CaseState.rejected,
}


class TransitionRefused(Exception):
    """An illegal transition or step; ``reason`` is the Chinese reason shown to the clerk. Raised
    through :meth:`of`, the reason is a :class:`~counter_app.domain.refusals.Refusal`: the same
    Chinese, with its code and parameters kept so the window words it in the clerk's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @classmethod
    def of(cls, code: str, *params: object) -> "TransitionRefused":
        return cls(Refusal(code, *params))


class ApprovalNeeded(TransitionRefused):
    """The step waits for a supervisor under the graded authorisation table (7.3.2): nothing is
    recorded or issued; what the approval request carries is here (a benefit decision's checked
    核定数据 and the terms the table weighed)."""

    def __init__(self, reason: str, *, escalation: Escalation, level: int, step_code: str, result: str,
                 data: Mapping[str, Any], terms: Mapping[str, Any], reasons: Iterable[str] = ()):
        super().__init__(reason)
        self.escalation, self.level, self.step_code, self.result = escalation, level, step_code, result
        self.data, self.terms = dict(data), dict(terms)
        self.reasons = tuple(reasons)      # a 不予认定's reasons, as the clerk wrote them


# ---------------------------------------------------------------- case data


@dataclass(frozen=True)
class StepRecord:
    step_code: str
    result: str
    at: datetime
    actor: str
    data: Mapping[str, Any] = field(default_factory=dict)
    approved_by: str = ""
    escalation: Escalation | None = None
    document: DocumentKind | None = None


@dataclass
class Case:
    """One 办件 as the engine sees it (the workflow maps it to and from the tables)."""

    id: str
    service_code: str
    catalog_version: str
    applicant_type: str
    variants: tuple[str, ...] = ()
    state: CaseState = CaseState.draft
    case_no: str = ""
    applicant: dict[str, Any] = field(default_factory=dict)   # only what the service needs
    facts: dict[str, Any] = field(default_factory=dict)       # facts for the rules (缴费月数、待遇领取地…)
    ticks: dict[str, Tick] = field(default_factory=dict)
    condition_answers: dict[str, ConditionResult] = field(default_factory=dict)  # clerk's confirmations
    steps: list[StepRecord] = field(default_factory=list)
    missing: tuple[MissingItem, ...] = ()      # last 一次性告知 list
    # the 受理条件 (codes) still 待确认 when that list was given: its 业务指引告知书 names them, to be
    # verified when the materials are brought (not kept in the store: the notice carries them)
    pending: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()              # last 不予受理 / 不予认定 reasons
    created_at: datetime | None = None
    accepted_at: datetime | None = None
    submitted_by: str = ""                     # who last submitted it to 受理审核 (经办人 of a 不予受理 request)


@dataclass(frozen=True)
class Transition:
    from_state: CaseState
    to_state: CaseState
    action: str
    reason: str = ""
    escalation: Escalation | None = None
    approved_by: str = ""
    document: DocumentKind | None = None
    outcome: ChecklistOutcome | None = None


def _refuse_state(case: Case, what: str) -> TransitionRefused:
    return TransitionRefused.of("state", STATE_NAMES[case.state], what)


def check_transition(case: Case, to: CaseState) -> str:
    action = TRANSITIONS.get((case.state, to))
    if action is None:
        return ""
    return action


def require_transition(case: Case, to: CaseState) -> str:
    action = TRANSITIONS.get((case.state, to))
    if action is None:
        raise TransitionRefused.of("state_to", STATE_NAMES[case.state], STATE_NAMES[to])
    return action


def _approval(escalation: Escalation | None, approved_by: str, actor: str, required: Iterable[Escalation]) -> str:
    approved_by = (approved_by or "").strip()
    if escalation is None:
        return approved_by
    if escalation in set(required) and not approved_by:
        raise TransitionRefused.of("approval_needed", ESCALATION_NAMES[escalation])
    if approved_by and approved_by == actor:
        raise TransitionRefused.of("approver_is_actor")
    return approved_by


# ---------------------------------------------------------------- prechecks (受理条件的自动核验)

PrecheckFn = Callable[[Case, date], ConditionResult]

# Facts each clause's rule needs; when one is missing the condition stays 待确认 instead of
# being judged on a default.
RULE_FACTS: dict[str, tuple[str, ...]] = {
    "5.5.1": ("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed"),
    "5.5.2": ("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed", "lost_capacity"),
    "5.5.3": ("insured_in_shenzhen", "benefit_place_shenzhen", "history_reviewed", "deceased"),
    "5.6.1.1": ("contribution_months", "benefit_place_shenzhen"),
    "5.6.1.1/special_work": ("contribution_months", "benefit_place_shenzhen"),
    "5.6.1.2": ("contribution_months", "lost_capacity", "benefit_place_shenzhen"),
    "5.6.1.3": ("insured_in_shenzhen", "last_insured_place_shenzhen", "deceased", "death_cause",
                "other_death_benefit_received"),
    "5.6.1.4": ("contribution_months", "nationality_lost", "hmt_or_foreign_left"),
}


def _id_valid(case: Case, on: date) -> ConditionResult:
    from counter_protocol.identifiers import check_id

    value = (case.applicant.get("id_number") or "").strip()
    if not value:
        return ConditionResult(None)
    r = check_id(value, today=on)
    if not r.valid:
        return ConditionResult(False, (f"参保人证件号码无效：{r.error}",), "rules")
    return _id_not_expired(case, on)


def _id_not_expired(case: Case, on: date) -> ConditionResult:
    """证件在有效期内 (:func:`counter_app.domain.conditions.id_card_expiry`)."""
    from counter_app.domain.conditions import id_card_expiry

    met, _until, reason = id_card_expiry(case.facts.get("id_card"), case.applicant.get("id_number") or "", on)
    if met is None:
        return ConditionResult(None)          # not a date: the clerk decides
    return ConditionResult(met, (reason,) if met is False else (), "rules")


def _uscc_valid(case: Case, on: date) -> ConditionResult:
    from counter_protocol.identifiers import check_uscc

    value = (case.applicant.get("credit_code") or "").strip()
    if not value:
        return ConditionResult(None)
    r = check_uscc(value)
    if r.valid:
        return ConditionResult(True, source="rules")
    return ConditionResult(False, (f"统一社会信用代码无效：{r.error}",), "rules")


# Clauses whose rule does not look at the retirement age: birth and category are not needed.
AGE_FREE_CLAUSES = frozenset({"5.5.1", "5.5.2", "5.5.3", "5.6.1.3"})


def person_facts(case: Case, on: date, *, age_free: bool = False) -> PersonFacts | None:
    """PersonFacts for the rules from the ID number and the facts typed at the counter (or None)."""
    from counter_rules import retirement as rules
    from counter_protocol.identifiers import check_id

    f = case.facts
    birth = f.get("birth")
    sex = None
    idc = check_id(case.applicant.get("id_number") or "", today=on) if case.applicant.get("id_number") else None
    if idc is not None and idc.valid:
        if idc.birth_date:
            birth = birth or (idc.birth_date.year, idc.birth_date.month)
        sex = idc.sex
    if isinstance(birth, str):
        birth = rules.YearMonth.parse(birth)
    category = f.get("category") or (c.value if (c := rules.category_from_sex(sex)) else None)
    if age_free:  # placeholders the rule never reads
        birth = birth or (1900, 1)
        category = category or rules.Category.male.value
    if birth is None or category is None:
        return None
    kwargs: dict[str, Any] = {k: f[k] for k in (
        "contribution_months", "benefit_place_shenzhen", "insured_in_shenzhen", "last_insured_place_shenzhen",
        "history_reviewed", "lost_capacity", "deceased", "death_cause", "other_death_benefit_received",
        "nationality_lost", "hmt_or_foreign_left") if k in f and f[k] is not None}
    if idc is not None and idc.valid:
        from counter_rules.conditions import HMT_OR_FOREIGN_ID_KINDS

        kwargs["hmt_or_foreign_person"] = idc.kind in HMT_OR_FOREIGN_ID_KINDS
    if f.get("requested_retirement"):
        kwargs["requested_retirement"] = rules.YearMonth.parse(str(f["requested_retirement"]))
    return rules.PersonFacts(birth=rules.YearMonth.of(tuple(birth)), category=rules.Category.parse(str(category)), **kwargs)


def _rule(clause: str) -> PrecheckFn:
    def check(case: Case, on: date) -> ConditionResult:
        from counter_rules import retirement as rules

        if any(case.facts.get(k) is None for k in RULE_FACTS.get(clause, ())):
            return ConditionResult(None)
        try:
            facts = person_facts(case, on, age_free=clause in AGE_FREE_CLAUSES)
        except (rules.RuleInputError, ValueError):
            return ConditionResult(None)
        if facts is None:
            return ConditionResult(None)
        unmet = rules.evaluate(clause, facts, on)
        if not unmet:
            return ConditionResult(True, source="rules")
        return ConditionResult(False, tuple(u.reason for u in unmet), "rules")

    check.__name__ = f"rule_{clause.replace('.', '_')}"
    return check


def _history_reviewed(case: Case, on: date) -> ConditionResult:
    value = case.facts.get("history_reviewed")
    if value is None:
        return ConditionResult(None)
    if value:
        return ConditionResult(True, source="rules")
    return ConditionResult(False, ("历史信息尚未核定，请先办理历史信息审核（6.5）",), "rules")


# condition ``check`` code (in the catalog) → callable. Add a rule here; the catalog names it.
PRECHECKS: dict[str, PrecheckFn] = {
    "id_valid": _id_valid,                  # number valid and (when an ID card was read) not expired
    "id_not_expired": _id_not_expired,
    "uscc_valid": _uscc_valid,
    "history_reviewed": _history_reviewed,
    **{clause: _rule(clause) for clause in RULE_FACTS},
}


def condition_results(
    case: Case, service: Service, on: date, prechecks: Mapping[str, PrecheckFn] | None = None
) -> dict[str, ConditionResult]:
    """Every applicable condition, decided from the facts: the ID, the record the case carries
    (``facts["registry"]``), the rules, and only where the clerk's judgment is needed, the clerk's
    answer (:mod:`counter_app.domain.conditions`). ``prechecks`` (check code → callable) replaces
    that with the given checks (tests, special deployments)."""
    if prechecks is None:
        return {e.code: e.as_condition_result() for e in evaluate_case(case, service, on)}
    out: dict[str, ConditionResult] = {}
    for c in service.plan(case.applicant_type, case.variants).conditions:
        result = ConditionResult(None)
        fn = prechecks.get(c.check) if c.check else None
        if fn is not None:
            result = fn(case, on)
        if result.met is None:
            result = case.condition_answers.get(c.code, result)
        out[c.code] = result
    return out


def evaluate_case(case: Case, service: Service, on: date) -> list[Evaluation]:
    """The :class:`counter_app.domain.conditions.Evaluation` of every applicable condition."""
    from counter_app.domain.conditions import evaluate_conditions, record_view_from_facts

    return evaluate_conditions(service, case.applicant_type, case.variants, applicant=case.applicant,
                               record=record_view_from_facts(case.facts), facts=case.facts,
                               answers=case.condition_answers, on=on)


def evaluate(case: Case, service: Service, on: date, prechecks: Mapping[str, PrecheckFn] | None = None) -> ChecklistOutcome:
    """The 6.1.1.2.2 outcome of the case as it stands (pure; cheap)."""
    return decide(service, case.applicant_type, case.variants, case.ticks, condition_results(case, service, on, prechecks))


# ---------------------------------------------------------------- acceptance


REQUIRED_APPLICANT_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "unit": (("unit_name", "单位名称"), ("credit_code", "统一社会信用代码")),
    "individual": (("name", "参保人姓名"), ("id_number", "参保人证件号码")),
    "agent": (("name", "参保人姓名"), ("id_number", "参保人证件号码"), ("agent_name", "代办人姓名"),
              ("agent_id_number", "代办人证件号码")),
    "survivor": (("name", "参保人姓名"), ("id_number", "参保人证件号码"), ("agent_name", "申请人（遗属）姓名"),
                 ("agent_id_number", "申请人（遗属）证件号码")),
}


def submit_problems(case: Case, service: Service) -> list[str]:
    problems = service.validate_selection(case.applicant_type, case.variants)
    for key, label in REQUIRED_APPLICANT_FIELDS.get(case.applicant_type, ()):
        if not str(case.applicant.get(key) or "").strip():
            problems.append(Refusal("fill_field", label))
    return problems


def submit(case: Case, service: Service) -> Transition:
    """draft / returned → 受理审核."""
    action = require_transition(case, CaseState.review)
    problems = submit_problems(case, service)
    if problems:
        raise TransitionRefused.of("submit_problems", Joined(problems))
    return Transition(case.state, CaseState.review, action)


def decide_acceptance(
    case: Case, service: Service, outcome: ChecklistOutcome, *, actor: str = "", approved_by: str = "",
    approvals_required: Iterable[Escalation] = (), expected: OutcomeKind | None = None,
) -> Transition:
    """受理审核 → 受理 / 材料不齐全 / 不予受理, exactly as the checklist says (6.1.1.2.2).

    ``expected`` is what the clerk pressed; it must agree with the checklist, so a case cannot be
    accepted with a material missing nor refused when everything is in order.
    """
    if case.state is not CaseState.review:
        raise _refuse_state(case, "作出受理决定（须先提交受理审核）")
    if not outcome.decided:
        conds = {c.code: c.text for c in service.conditions}
        pending = "、".join(conds.get(c, c) for c in outcome.pending_conditions)
        raise TransitionRefused.of("conditions_pending", pending)
    kind = outcome.kind
    assert kind is not None
    if expected is not None and OutcomeKind(expected) is not kind:
        raise TransitionRefused.of("outcome_mismatch", OUTCOME_NAMES[kind], OUTCOME_NAMES[OutcomeKind(expected)],
                                   outcome.summary())
    to = OUTCOME_STATE[kind]
    action = require_transition(case, to)
    svc_outcome = service.outcome(kind)
    escalation = svc_outcome.escalation if svc_outcome else None
    if kind is OutcomeKind.not_eligible:
        escalation = escalation or Escalation.rejection
    approved = _approval(escalation, approved_by, actor, approvals_required)
    reason = outcome.summary()
    return Transition(case.state, to, action, reason, escalation, approved, outcome.document, outcome)


# ---------------------------------------------------------------- service steps

STEP_RESULTS: dict[StepKind, tuple[str, ...]] = {
    StepKind.fingerprint: ("done", "failed", "waived"),
    StepKind.publicity: ("started", "no_objection", "objection"),
    StepKind.verification: ("eligible", "not_eligible"),
    StepKind.review: ("done", "supplement"),
    StepKind.sheet_reviewed: ("passed", "failed"),
}
# COMPLETING (results that finish a step) and ESCALATING (the (kind, result) that raise an escalation
# point) are counter_rules.approval_points': the rule the centre applies too
# (kind, result) that produce the step's document
DOCUMENT_ON: dict[StepKind, str] = {StepKind.publicity: "started", StepKind.review: "supplement"}


def latest(case: Case, step_code: str) -> StepRecord | None:
    for rec in reversed(case.steps):
        if rec.step_code == step_code:
            return rec
    return None


@dataclass(frozen=True)
class StepStatus:
    step: Step
    status: str          # done | open | skipped | optional
    last: StepRecord | None


def ended_unaccepted(case: Case) -> bool:
    """不予受理 (and archived so): the case never reached 受理, its handling steps never apply
    (不适用 — the window's steps list and ``counter-app case steps`` say so alike)."""
    return case.accepted_at is None and not case.steps and case.state in (CaseState.rejected, CaseState.archived)


def step_statuses(case: Case, service: Service) -> list[StepStatus]:
    """Every step of the case's plan with its status (done | open | skipped | optional) and latest
    record: the rule of :func:`counter_rules.case_steps.step_states`, which the centre applies too."""
    return [StepStatus(st.step, st.status, case.steps[st.last] if st.last is not None else None)
            for st in case_steps.step_states(service, case.applicant_type, case.variants, case.steps)]


def next_step(case: Case, service: Service) -> Step | None:
    """The next open step: before 办结 the steps of the service, after it the 送达 (6.5.2.3).

    A step already begun that a later open step runs alongside (catalog ``concurrent_with``: the
    审核 during a 公示 that has started, 6.6.1.1.1.3) is not the next one while that later step is
    open: the clerk reviews the materials while the 公示 runs, and comes back to the 公示 when its
    period is over."""
    after = case.state is CaseState.completed
    if case.state not in (CaseState.accepted, CaseState.completed):
        return None
    statuses = step_statuses(case, service)
    open_steps = [s.step for s in statuses if s.status == "open" and s.step.after_completion == after]
    for i, step in enumerate(open_steps):
        if step.kind is StepKind.sheet_reviewed:      # after a failed review: a new sheet is to be received
            receipt = _receipt_after_failed_review(case, statuses, step)
            if receipt is not None:
                return receipt
        if latest(case, step.code) is not None:
            alongside = next((later for later in open_steps[i + 1:] if step.code in later.concurrent_with), None)
            if alongside is not None:
                return alongside
        return step
    return None


def publicity_period_problem(start: Any, end: Any, today: date) -> Refusal | None:
    """Why a 特殊工种提前退休 公示 (6.6.1.1.1.3) cannot be issued for the period ``start``–``end``
    (YYYY-MM-DD) on ``today``, in Chinese; None when it can. The standard sets no length for the
    period; a period that ends before it starts, or that is already over, publicises nothing."""
    if not str(start or "").strip() or not str(end or "").strip():
        return Refusal("publicity_dates")
    first, last = iso_day(start), iso_day(end)
    for value, day, code in ((start, first, "publicity_start_invalid"), (end, last, "publicity_end_invalid")):
        if day is None:
            return Refusal(code, str(value).strip()[:20], today.isoformat())
    if first is None or last is None:
        return None                    # (said above)
    if last < first:
        return Refusal("publicity_end_before_start", last.isoformat(), first.isoformat())
    if last < today:
        return Refusal("publicity_over", last.isoformat(), today.isoformat())
    return None


def record_step(
    case: Case, service: Service, step_code: str, result: str = "done", *, actor: str, at: datetime,
    data: Mapping[str, Any] | None = None, approved_by: str = "", approvals_required: Iterable[Escalation] = (),
    authorisation: "AuthorisationTable | None" = None, params: "ParameterSet | None" = None,
) -> StepRecord:
    """Record one service step (指纹、公示、核查、联系函/信息表、基金划转、终止、送达…) in order.

    Steps are recorded while the case is 已受理; the 送达 (kind ``served``) and a step the catalog
    marks ``after_completion`` (6.2.1.1 d) 记录缴费信息) only once it is 办结, before 归档.
    A benefit decision (待遇核定) whose back pay or amount exceeds the parameters of
    ``authorisation`` (an :class:`~counter_app.domain.authorisation.AuthorisationTable`), when
    ``benefit_decision`` is among ``approvals_required``, is refused without an approver
    (:class:`ApprovalNeeded`: nothing recorded, no 核准决定书). A benefit decision's figures are
    settled as one calculation of the rule applied (:func:`counter_rules.decision_data.settle`)
    with the policy parameters ``params`` (none given: only the figures given are used)."""
    if case.state not in (CaseState.accepted, CaseState.completed):
        raise _refuse_state(case, "办理受理后的步骤")
    statuses = step_statuses(case, service)
    index = {s.step.code: i for i, s in enumerate(statuses)}
    if step_code not in index:
        raise TransitionRefused.of("no_step", service.name, step_code)
    pos = index[step_code]
    status = statuses[pos]
    step = status.step
    if step.after_completion and case.state is not CaseState.completed:
        raise TransitionRefused.of("after_completion", step.name, step.clause or "6.5.2.3")
    if not step.after_completion and case.state is not CaseState.accepted:
        raise _refuse_state(case, "办理受理后的步骤")
    if status.status == "skipped":
        raise TransitionRefused.of("only_on_objection", step.name)
    allowed = STEP_RESULTS.get(step.kind, ("done",))
    if result not in allowed:
        names = "、".join(result_name(r, step.kind) for r in allowed)
        raise TransitionRefused.of("results_allowed", step.name, names)
    data = dict(data or {})
    _check_step_text(data, skip=({f.group for f in step.decision_data} if result in COMPLETING else set()))
    reopened = _reopened_by_failed_review(case, statuses, pos)
    if status.status == "done" and not reopened:
        done = status.last.result if status.last else ""
        raise TransitionRefused.of("step_done", step.name, result_name(done, step.kind))
    # a step the catalog runs alongside earlier ones (concurrent_with: 审核 during the 公示) may be
    # recorded while they are open, once one of them has begun; every later step waits for them all
    alongside = step.concurrent_with if any(latest(case, c) is not None for c in step.concurrent_with) else frozenset()
    for earlier in statuses[:pos]:
        if earlier.status == "open" and earlier.step.code not in alongside:
            raise TransitionRefused.of("earlier_step", earlier.step.name, step.name)
    if any(s.status == "done" and s.last and s.last.result == "not_eligible" for s in statuses):
        raise TransitionRefused.of("verified_not_eligible")

    # kind-specific rules
    if step.kind is StepKind.publicity:
        last = status.last
        if result == "started":
            if last is not None and last.result == "started":
                raise TransitionRefused.of("publicity_started")
            problem = publicity_period_problem(data.get("start"), data.get("end"), at.date())
            if problem:
                raise TransitionRefused(problem)
            data["start"], data["end"] = str(iso_day(data["start"])), str(iso_day(data["end"]))   # as checked
        else:
            if last is None or last.result != "started":
                raise TransitionRefused.of("publicity_not_started")
            end = str(last.data.get("end", ""))
            if end and at.date().isoformat() < end[:10]:
                raise TransitionRefused.of("publicity_running", end[:10])
            if result == "objection" and not str(data.get("objection") or "").strip():
                raise TransitionRefused.of("objection_text")
    if step.kind is StepKind.fingerprint:
        if result == "done" and not data.get("template_ref"):
            raise TransitionRefused.of("no_template")
        if result == "failed" and not str(data.get("reason") or "").strip():
            raise TransitionRefused.of("fingerprint_reason")
        if result == "waived":
            if not (status.last is not None and status.last.result == "failed"):
                raise TransitionRefused.of("waive_before_failed")
            if not (approved_by or "").strip():
                raise TransitionRefused.of("waive_approval")
    if step.kind is StepKind.review and result == "supplement":
        _check_supplement_items(data.get("missing_items"))
    if step.kind is StepKind.verification and not str(data.get("finding") or "").strip():
        raise TransitionRefused.of("finding")
    if step.kind is StepKind.sheet_reviewed and result == "failed" and not str(data.get("reason") or "").strip():
        raise TransitionRefused.of("sheet_reason")
    if step.kind is StepKind.delivery:
        method = data.get("method")
        if method not in ("mail", "pickup"):
            raise TransitionRefused.of("delivery_method")
        if method == "mail" and not str(data.get("address") or "").strip():
            raise TransitionRefused.of("delivery_address")

    if step.decision_data and result in COMPLETING:
        data.update(_checked_decision_data(case, service, step, data, on=at.date(), params=params))
    if step.document is DocumentKind.deemed_years_decision and result in COMPLETING:
        data["deemed_years"] = checked_deemed_years(case, service, data.get("deemed_years"), on=at.date(),
                                                    step_name=step.name)
    if step.kind in (StepKind.letter_generated, StepKind.sheet_generated):
        _check_transfer_sides(step, data)
    if step.document is DocumentKind.account_statement and "pension_phase" in case.variants and step.decision_data:
        # 6.3.3.2: in the drawing period the statement gives the 缴费期储存额 and the 支付记录 too
        from counter_rules.decision_data import DecisionProblem

        entered = data.get("account")
        account: Mapping[str, Any] = entered if isinstance(entered, Mapping) else {}
        lacking = [DecisionProblem("field_required", f.label) for f in step.decision_data
                   if f.key in ("contribution_balance", "drawing_from", "paid_total") and account.get(f.key) in (None, "")]
        if lacking:
            raise TransitionRefused.of("decision_data", step.name, Joined(lacking))
    if step.kind is StepKind.fund_transfer and step.decision_data:
        fund = data.get("transfer")
        given = fund.get("fund_date") if isinstance(fund, Mapping) else None
        day = iso_day(given)
        if day is None or day > at.date():
            raise TransitionRefused.of("fund_date", str(given or "")[:20], at.date().isoformat())

    escalation = step.escalation if (step.escalation and result in ESCALATING.get(step.kind, frozenset())) else None
    required = frozenset(approvals_required)
    if step.kind is StepKind.verification and result == "not_eligible":
        # the 核查 finding is the clerk's to record; it waits for the supervisor, who approves the
        # 不予认定 it leads to (deny, gated) — one approval, not one for the finding and one for the decision
        escalation = Escalation.denial
        required = required - {Escalation.denial}
    if (step.decision_data and result in COMPLETING and authorisation is not None
            and Escalation.benefit_decision in required):
        from counter_app.domain.authorisation import benefit_terms, level_name

        terms = benefit_terms(data, at.date())
        level = 0 if terms is None else authorisation.required_level(
            Escalation.benefit_decision, at.date(), back_pay_months=terms.back_pay_months, amount=terms.amount)
        if level > 0 and terms is not None:
            escalation = Escalation.benefit_decision
            if not (approved_by or "").strip():
                raise ApprovalNeeded(
                    Refusal("benefit_approval", step.name, terms.text(), level_name(level)), escalation=escalation, level=level, step_code=step.code,
                    result=result, data={k: v for k, v in data.items() if k == terms.group}, terms=terms.as_dict())
    if (escalation is Escalation.info_sheet_review and escalation in required and not (approved_by or "").strip()):
        # 审批点 信息表审核 (the authorisation table gates it): the clerk's 审核通过 / 不通过 is not recorded
        # until a supervisor approves it — the request carries the result and the reason, and the
        # approval records exactly that (case_updates._plan_escalation)
        from counter_app.domain.authorisation import level_name

        level = max(1, authorisation.required_level(escalation, at.date()) if authorisation is not None else 1)
        raise ApprovalNeeded(Refusal("sheet_review_approval", step.name, result_name(result, step.kind), level_name(level)),
                             escalation=escalation, level=level, step_code=step.code, result=result, data=data, terms={})
    if (escalation is None and step.decision_data and result in COMPLETING and (approved_by or "").strip()):
        escalation = Escalation.benefit_decision     # recorded as a supervisor approved it (审批 line)
    approved = _approval(escalation, approved_by, actor, required)
    document = None
    if step.document is not None and result == DOCUMENT_ON.get(step.kind, "done"):
        document = step.document
    return StepRecord(step.code, result, at, actor, data, approved, escalation, document)


# the texts of a step's data a refusal names by name (the others by where they are in the data); their
# limits: counter_protocol.free_text.STEP_TEXT_CHARS (a 核定数据 text field: decision_data.TEXT_CHARS)
STEP_TEXT_LABELS = {"finding": "核查情况", "objection": "公示异议", "reason": "原因", "note": "备注",
                    "address": "送达地址"}


def _check_step_text(data: Mapping[str, Any], *, skip: set[str]) -> None:
    """Refuse (``step_text_long``, naming the field and the limit) a text of ``data`` over its
    limit (counter_protocol.free_text.long_text_at); ``skip``: the groups of 核定数据 the
    decision-data check words itself."""
    from counter_protocol.free_text import long_text_at

    found = long_text_at(dict(data), skip=skip)
    if found is not None:
        where, _key, limit, length = found
        raise TransitionRefused.of("step_text_long", STEP_TEXT_LABELS.get(where) or f"步骤数据 {where}", limit, length)


def _check_transfer_sides(step: Step, data: Mapping[str, Any]) -> None:
    """5.4.1: the other side of a transfer is another province (跨省). Shenzhen is always this side —
    the 转入地 of a transfer in, the 转出地 of a transfer out (filled from the office, never typed);
    the 转出地 of the 联系函 (letter_generated) and the 转入地 of the 信息表 (sheet_generated) must be a
    province other than 广东省."""
    from counter_rules.regions import cross_province_problem

    key = "from_region" if step.kind is StepKind.letter_generated else "to_region"
    entered = data.get("transfer")
    transfer: Mapping[str, Any] = entered if isinstance(entered, Mapping) else {}
    if not transfer or key not in transfer:
        return                    # a step without the field declared (an older catalog): as it was recorded
    problem = cross_province_problem(str(transfer.get(key) or ""))
    if problem is not None:
        code, region = problem
        raise TransitionRefused.of(f"{code}_{key[:-7]}", region)


def _checked_decision_data(case: Case, service: Service, step: Step, data: Mapping[str, Any], *, on: date,
                           params: "ParameterSet | None" = None) -> dict[str, dict[str, Any]]:
    """The step's 核定数据 (typed fields declared in the catalog), entered now or already known
    (the record, an earlier step), checked; a missing or wrong value refuses the step, named. A
    benefit decision's figures are settled as one calculation of the rule actually applied (the
    record's figures whose inputs changed are computed again, the derived ones filled in or checked,
    the 退休年月 and 计发月数 against the birth month), its group carrying the 计发参数 it used."""
    from counter_rules.decision_data import check, check_all, from_record, settle, unfinished

    values: dict[str, Any] = {}
    record: dict[str, Any] = {}
    known_groups: dict[str, Any] = {}
    # what the person's record gives a field sourced from it (the window's form is prefilled the same way)
    prefill = from_record(tuple(f for f in step.decision_data if f.source == "record"), case.facts)
    for f in step.decision_data:
        entered = data.get(f.group)
        known = known_groups.setdefault(f.group, decision_data(case, f.group, service))
        values[f.code] = entered.get(f.key, known.get(f.key)) if isinstance(entered, Mapping) else known.get(f.key)
        if values[f.code] in (None, "") and prefill.get(f.code) is not None:
            values[f.code] = prefill[f.code]
        facts_group = case.facts.get(f.group)
        record[f.code] = check(f, facts_group.get(f.key))[0] if isinstance(facts_group, Mapping) else None
    problems: list[str] = []
    shaped: dict[str, str] = {}
    for f in step.decision_data:          # the shape of each value first; what is missing may be computed
        value, problem = check(f, values.get(f.code))
        if value is not None:
            shaped[f.code] = value
        elif problem and getattr(problem, "code", "") != "field_required":
            problems.append(problem)
    settled = None
    if not problems:
        settled = settle(case.service_code, step.decision_data, shaped, record, rule_context(case, on, params))
        if settled is not None:
            problems, values = list(settled.problems), dict(settled.values)
    checked: dict[str, dict[str, Any]] = {}
    if not problems:
        checked, problems = check_all(step.decision_data, values)
    if not problems:      # the amounts the step decides must be there (not left empty by a failed calculation)
        groups = {f.group for f in step.decision_data}
        known_all: dict[str, Any] = {}
        for g in groups:                   # the record's group, then what was entered with the step
            entered_group = data.get(g)
            known_all.update(known_groups[g])
            known_all.update(entered_group if isinstance(entered_group, Mapping) else {})
        problems = unfinished(case.service_code, values, known_all, rule_context(case, on, params))
    if problems:
        raise TransitionRefused.of("decision_data", step.name, Joined(problems))
    if settled is not None:                # the parameters of this calculation, never the record's
        for group in checked.values():
            group["parameters"] = [dict(row) for row in settled.parameters]
    return checked


def record_deemed_months(case: Case) -> int | None:
    """The record's 视同缴费月数 of the case (:func:`deemed_months_in` its facts)."""
    return deemed_months_in(case.facts)


def deemed_months_in(facts: Mapping[str, Any]) -> int | None:
    """The record's 视同缴费月数: the case fact, else the record the registry answered for the case."""
    value = facts.get("deemed_months")
    if value is None:
        registry = facts.get("registry")
        person = registry.get("person") if isinstance(registry, Mapping) else None
        value = person.get("deemed_months") if isinstance(person, Mapping) else None
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def deemed_years_entry(case: Case, service: Service, entered: Any) -> dict[str, Any]:
    """The 核准的视同缴费期间 to check: what the clerk entered at the step, else the periods the
    record handed over (facts ``deemed_years``); entered periods come with their own total."""
    known = decision_data(case, "deemed_years", service)
    entry: dict[str, Any] = {k: known[k] for k in ("periods", "total_months") if k in known}
    if isinstance(entered, Mapping):
        if "periods" in entered:
            entry.pop("total_months", None)
        entry.update(entered)
    return entry


def checked_deemed_years(case: Case, service: Service, entered: Any, *, on: date, step_name: str) -> dict[str, Any]:
    """The decision's 核准的视同缴费期间, checked (counter_rules.deemed_years: the same check as the
    window's form); a problem refuses the step, named in Chinese."""
    from counter_rules.deemed_years import check_deemed_years

    if entered is not None and not isinstance(entered, Mapping):
        entered = {"periods": entered}
    checked, problems = check_deemed_years(deemed_years_entry(case, service, entered), on=on,
                                           record_months=record_deemed_months(case))
    if problems:
        raise TransitionRefused.of("decision_data", step_name, Joined(problems))
    return checked


def rule_context(case: Case, on: date, params: "ParameterSet | None") -> RuleContext:
    """What the 核定数据 rules know of the case besides its fields: birth and retirement category
    (the ID number, the facts), the day the application was accepted, the date of death the record
    gives, the 办理情形, and the policy parameters."""
    from counter_rules.decision_data import RuleContext

    try:
        facts = person_facts(case, on)
    except ValueError:
        facts = None
    birth = (facts.birth.year, facts.birth.month) if facts is not None else None
    category = facts.category.value if facts is not None else None
    return RuleContext(on=on, params=params, birth=birth, category=category, applied=_accepted_on(case, on),
                       death=_death_date(case), variants=tuple(case.variants))


def _accepted_on(case: Case, on: date) -> date | None:
    """The day the application was accepted (local date); None when unknown or after ``on``."""
    accepted = case.accepted_at
    if accepted is None:
        return None
    day = (accepted.astimezone() if accepted.tzinfo is not None else accepted).date()
    return day if day <= on else None


def _death_date(case: Case) -> date | None:
    """The date of death the core system handed over (fact ``death_benefits.death_date``)."""
    benefits = case.facts.get("death_benefits")
    raw = benefits.get("death_date") if isinstance(benefits, Mapping) else None
    return iso_day(str(raw or "")[:10])


def _reopened_by_failed_review(case: Case, statuses: list[StepStatus], pos: int) -> bool:
    """After a failed 信息表 review the awaited/received steps may be recorded again, each once and
    in order: once 收到信息表 is recorded again, 等待信息表 is over (the new sheet has come)."""
    step = statuses[pos].step
    if step.kind not in (StepKind.sheet_awaited, StepKind.sheet_received):
        return False
    for j in range(pos + 1, len(statuses)):
        review = statuses[j]
        if review.step.kind is StepKind.sheet_reviewed:
            if review.last is None or review.last.result != "failed":
                return False
            failed_at = case.steps.index(review.last)
            return not any(s.last is not None and case.steps.index(s.last) > failed_at for s in statuses[pos:j])
    return False


def _receipt_after_failed_review(case: Case, statuses: list[StepStatus], review: Step) -> Step | None:
    """The 收到信息表 step a failed 信息表 review reopened (the next step after it), or None."""
    at = next((i for i, s in enumerate(statuses) if s.step.code == review.code), None)
    if at is None:
        return None
    return next((s.step for i, s in enumerate(statuses[:at]) if s.step.kind is StepKind.sheet_received
                 and _reopened_by_failed_review(case, statuses, i)), None)


def complete(case: Case, service: Service) -> Transition:
    """已受理 → 办结, once every applicable step is done."""
    if case.state is not CaseState.accepted:
        raise _refuse_state(case, "办结")
    states = case_steps.step_states(service, case.applicant_type, case.variants, case.steps)
    if case_steps.found_ineligible(states, case.steps):
        raise TransitionRefused.of("complete_not_eligible")
    open_steps = [st.name for st in case_steps.open_before_completion(states)]
    if open_steps:
        raise TransitionRefused.of("open_steps", "、".join(open_steps))
    outcome = service.outcome(OutcomeKind.completed)
    return Transition(case.state, CaseState.completed, "complete", "", None, "",
                      outcome.document if outcome else None)


def deny(
    case: Case, service: Service, reasons: Iterable[str], *, actor: str = "", approved_by: str = "",
    approvals_required: Iterable[Escalation] = (),
) -> Transition:
    """已受理 → 不予认定 (6.6.1.1.1.3): only after an objection whose verification found the case ineligible."""
    if case.state is not CaseState.accepted:
        raise _refuse_state(case, "作出不予认定决定")
    outcome = service.outcome(OutcomeKind.denied)
    if outcome is None:
        raise TransitionRefused.of("no_denial", service.name)
    verified = case_steps.found_ineligible(case_steps.step_states(service, case.applicant_type, case.variants, case.steps),
                                           case.steps)
    if not verified:
        raise TransitionRefused.of("deny_unverified")
    reasons = tuple(r.strip() for r in reasons if r and r.strip())
    if not reasons:
        raise TransitionRefused.of("deny_reason")
    escalation = outcome.escalation or Escalation.denial
    if escalation in frozenset(approvals_required) and not (approved_by or "").strip():
        # 分级授权 (7.3.2): the clerk alone never issues a 不予认定决定书 — the request carries the
        # reasons and the 核查 step whose finding waits for the same approval
        step = next(s.step.code for s in reversed(step_statuses(case, service))
                    if s.last and s.last.result == "not_eligible")
        raise ApprovalNeeded(Refusal("approval_needed", ESCALATION_NAMES[escalation]), escalation=escalation, level=1,
                             step_code=step, result="", data={}, terms={}, reasons=reasons)
    approved = _approval(escalation, approved_by, actor, approvals_required)
    return Transition(case.state, CaseState.denied, "deny", "；".join(reasons), escalation, approved, outcome.document)


def archive(case: Case, service: Service | None = None) -> Transition:
    """办结 / 不予认定 / 不予受理 → 归档 (7.2.1: 业务办结后归档), a 办结 case once it is 送达 and every
    step after 办结 is done."""
    if case.state not in (CaseState.completed, CaseState.denied, CaseState.rejected):
        raise _refuse_state(case, "归档（须办结、不予认定或不予受理后归档）")
    if service is not None and case.state is CaseState.completed:
        waiting = case_steps.open_after_completion(
            case_steps.step_states(service, case.applicant_type, case.variants, case.steps))
        if waiting:
            code = "not_delivered" if all(s.kind is StepKind.served for s in waiting) else "after_completion_open"
            raise TransitionRefused.of(code, "、".join(s.name for s in waiting))
    return Transition(case.state, CaseState.archived, "archive")


def can_edit(case: Case) -> bool:
    return case.state in EDITABLE_STATES


def require_editable(case: Case, what: str) -> None:
    if case.state not in EDITABLE_STATES:
        raise _refuse_state(case, what)


def check_rating(case: Case, score: int, *, rated: int | None = None) -> None:
    """服务质量评价 (7.5.2): 1–5 once the window has served the applicant, and once per case
    (``rated``: the score already given, if any): a 差评 is not erased by rating again, and one
    rating opens at most one 差评工单."""
    if rated is not None:
        raise TransitionRefused.of("already_rated", str(rated))
    if case.state not in RATEABLE_STATES:
        raise _refuse_state(case, "评价（服务尚未完成受理审核）")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise TransitionRefused.of("rating_range")


def available_actions(case: Case) -> list[str]:
    return [action for (frm, _), action in TRANSITIONS.items() if frm is case.state]


# ---------------------------------------------------------------- document fields


def _issuing_clause(service: Service, kind: DocumentKind, applicant_type: str, variants: Iterable[str] = ()) -> str:
    """The clause of the outcome (for ``applicant_type``: a unit's 缴费核定 rests on 6.2.2.1, an
    individual's on 6.2.2.2) or step that issues ``kind`` (办理依据), else the service's clause —
    or, where that is a heading (6.3.3 个人账户查询) and the case's 情形 names the clause under it
    that rules the case (6.3.3.1 缴费期间, 6.3.3.2 待遇领取期间), that clause."""
    clause = service.clause
    for outcome in service.outcomes:
        if outcome.document is kind and outcome.clause_for(applicant_type):
            clause = outcome.clause_for(applicant_type)
            break
    else:
        for step in service.steps:
            if step.document is kind and step.clause:
                clause = step.clause
                break
    return refined_clause(service, clause, variants)


def refined_clause(service: Service, clause: str, variants: Iterable[str] = ()) -> str:
    """``clause``, or — where it is a heading (6.3.3 个人账户查询) and the case's 情形 names the one
    clause under it that rules the case (6.3.3.1 缴费期间, 6.3.3.2 待遇领取期间) — that clause: what a
    document cites as 办理依据 and what the window shows for the step."""
    chosen = set(variants)
    refined = {v.clause for v in service.variants if v.code in chosen and v.clause.startswith(clause + ".")}
    return refined.pop() if len(refined) == 1 else clause


def _check_supplement_items(items: object) -> None:
    """The 补齐补正材料清单 of a 人工审核 that asks for more (6.6.1.1.1.2): each item names the
    material, what is wrong with it and what to bring — a list without them tells the applicant
    nothing (its columns printed 「—」)."""
    if not items:
        raise TransitionRefused.of("supplement_items")
    for n, item in enumerate(items if isinstance(items, list) else [items], 1):
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                    for k in ("material", "problem", "what_to_bring")):
            raise TransitionRefused.of("supplement_item_incomplete", n)


# the variants of a case about a deceased 参保人 (历史信息审核's 丧葬补助金、抚恤金; 注销登记/停止参保's
# 参保人死亡): its documents address the 遗属 or agent who applied, never the deceased
DECEASED_VARIANTS = frozenset({"death", "person.death"})


def document_fields(
    case: Case, kind: DocumentKind | str, *, service: Service, clerk: str, on: date,
    office: str = "", office_code: str = "", workstation_id: str = "", extra: Mapping[str, Any] | None = None,
    remedy: Mapping[str, str] | None = None, office_transfer: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The content fields of one document (see the comments of counter_app.domain.documents).
    ``remedy``: the office's 行政复议机关 and court (``review_body``, ``court``; reference data set
    ``offices``), which a decision names (only those set). ``office_transfer``: the office's fund
    account and contact (reference data ``offices``: ``account_name``, ``bank``, ``bank_account``,
    ``contact_address``, ``contact_phone``, ``postcode``), which its 转移联系函 gives the 转出地."""
    kind = DocumentKind(kind)
    a = case.applicant
    applicant = {
        "type": case.applicant_type, "type_name": applicant_type_name(case.applicant_type),
        "name": a.get("name", ""), "id_number": a.get("id_number", ""), "id_kind": a.get("id_kind", ""),
        "unit_name": a.get("unit_name", ""), "credit_code": a.get("credit_code", ""),
        "phone": a.get("phone", ""), "address": a.get("address", ""),
    }
    if case.applicant_type in ("agent", "survivor"):
        applicant["agent_name"] = a.get("agent_name", "")
        applicant["agent_id_number"] = a.get("agent_id_number", "")
    if service.code == "death_benefit" or DECEASED_VARIANTS & set(case.variants):
        applicant["insured_deceased"] = True   # the documents address the applicant, never the deceased
    fields: dict[str, Any] = {
        "title": DOCUMENTS[kind].title,
        "office": office, "office_code": office_code, "workstation_id": workstation_id, "clerk": clerk,
        "date": on.isoformat(), "case_id": case.id, "case_no": case.case_no,
        "service_code": service.code, "service_name": service.name, "clause": _issuing_clause(service, kind, case.applicant_type, case.variants),
        "catalog_version": case.catalog_version, "applicant": applicant,
    }
    if DOCUMENTS[kind].decision and remedy:
        fields.update({k: str(v) for k, v in remedy.items() if k in ("review_body", "court") and v})
    if case.variants:
        fields["variants"] = [service.variant(v).name for v in case.variants]
    if kind in (DocumentKind.guidance_notice, DocumentKind.supplement_list):
        # a 受理条件 among them (业务指引: 缴费年限不足, 历史信息未审核) is marked: the notice names it
        # apart from the materials, with what to do first
        guided = {c.code for c in service.conditions}
        fields["missing_items"] = [
            {"material": m.material, "problem": m.problem, "what_to_bring": m.what_to_bring,
             **({"condition": True} if m.material_code in guided else {})} for m in case.missing
        ]
    if kind is DocumentKind.guidance_notice and case.pending:
        texts = {c.code: c.text for c in service.conditions}
        fields["pending_conditions"] = [texts[code] for code in case.pending if code in texts]
    if kind in (DocumentKind.rejection_decision, DocumentKind.pension_denial_decision):
        from counter_rules.retirement import applicant_reason

        # the reasons as the applicant is told them: the clerk's advice stays on the clerk's screen
        fields["reasons"] = [applicant_reason(r) for r in case.reasons]
    if kind in (DocumentKind.acceptance_notice, DocumentKind.acceptance_notification):
        limit = service.time_limit_for(case.applicant_type)
        fields["time_limit"] = limit.text()
        fields["time_limit_basis"] = limit.basis()     # printed with it: 经办机构设定 or the standard's clause
        plan = service.plan(case.applicant_type, case.variants)
        # how the applicant learns the result: on the spot (即时办结), or served as chosen at a
        # 登记送达方式 / 送达 step (6.5.1.3) — a service without one promises no delivery
        fields["instant"] = limit.instant
        fields["delivered"] = any(st.kind in (StepKind.delivery, StepKind.served) for st in plan.steps)
        fields["materials"] = [m.name for m in plan.materials
                               if getattr(case.ticks.get(m.code), "state", None) is not None
                               and case.ticks[m.code].state.value == "present"]
    if kind in (DocumentKind.transfer_contact_letter, DocumentKind.transfer_info_sheet,
                DocumentKind.temp_transfer_contact_letter, DocumentKind.temp_transfer_info_sheet):
        fields["transfer"] = transfer_fields(case, service, office=office, office_transfer=office_transfer)
    if kind is DocumentKind.special_work_publicity:
        rec = next((r for r in reversed(case.steps) if r.result == "started"), None)
        fields["publicity"] = dict(rec.data) if rec else {}
    if kind is DocumentKind.deemed_years_decision:
        deemed = decision_data(case, "deemed_years", service)
        rec = next((r for r in reversed(case.steps) if r.data.get("method")), None)
        if rec is not None:      # the 送达方式 the applicant chose (6.5.1.3), recorded before the decision
            deemed["delivery"] = rec.data.get("method")
            if rec.data.get("address"):
                deemed["delivery_address"] = rec.data.get("address")
        fields["deemed_years"] = deemed
    if kind is DocumentKind.pension_approval_decision:
        fields["pension"] = decision_data(case, "pension", service)
    if kind is DocumentKind.disability_allowance_decision:
        fields["allowance"] = allowance_fields(case, service)
    if kind is DocumentKind.death_benefit_decision:
        fields["death_benefits"] = decision_data(case, "death_benefits", service)
    if kind is DocumentKind.account_statement:
        fields["account"] = decision_data(case, "account", service)
        if fields["account"].get("balance") in (None, "") and fields["account"].get("closing") not in (None, ""):
            fields["account"]["balance"] = fields["account"]["closing"]    # 本年末储存额: the balance
        if "pension_phase" in case.variants:      # 待遇领取期间查询 (6.3.3.2)
            fields["account"]["period"] = "drawing"
    if kind is DocumentKind.contribution_detail:
        fields["contributions"] = decision_data(case, "contributions", service)
    if kind is DocumentKind.certification_notice:
        fields["certification"] = decision_data(case, "certification", service)
    if kind is DocumentKind.home_visit_notice:
        fields["home_visit"] = decision_data(case, "home_visit", service)
    if extra:
        fields.update(extra)
    return fields


def transfer_fields(case: Case, service: Service, *, office: str = "",
                    office_transfer: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A 转移联系函's / 信息表's ``transfer``: the facts, then what the clerk entered at the steps, with
    this office's side filled from the office, never typed (5.4.1: Shenzhen is one side of every
    transfer it handles): a transfer in comes INTO this office (转入地 广东省深圳市, 转入地经办机构 the
    office, its fund account and contact from the reference data), a transfer out goes FROM it."""
    from counter_rules.regions import SHENZHEN_REGION

    t = decision_data(case, "transfer", service)
    t.setdefault("direction", "in" if "_in" in service.code else "out")
    side = "to" if t["direction"] == "in" else "from"
    t[f"{side}_region"] = SHENZHEN_REGION
    if office:
        t[f"{side}_agency"] = office
    if t["direction"] == "in":
        t.update({k: v for k, v in (office_transfer or {}).items() if v})
    return t


# keys of a 核定数据 group that belong to ONE calculation besides its fields: the parameters it used, its
# verdict, the document's items and 计发办法 text. A step's settled calculation replaces them (and every
# field the service declares for the group): none of the record's is kept beside it.
CALCULATION_KEYS = frozenset({"parameters", "eligible", "reason", "items", "rule"})


def decision_data(case: Case, group: str, service: Service | None = None) -> dict[str, Any]:
    """核定数据 of one group (pension, account, contributions, deemed_years…): the case's facts,
    overridden by what the clerk entered at a step (the typed 核定 form), the latest step last. A
    decision step's settled calculation (its group carries ``parameters``) replaces the record's
    calculation whole: the record keeps only what is not part of it (e.g. the date of death)."""
    data = dict(case.facts.get(group) or {})
    declared = {f.key for st in (service.steps if service is not None else ()) for f in st.decision_data
                if f.group == group}
    for rec in case.steps:
        entered = rec.data.get(group) if isinstance(rec.data, Mapping) else None
        if isinstance(entered, Mapping):
            if "parameters" in entered:
                data = {k: v for k, v in data.items() if k not in CALCULATION_KEYS and k not in declared}
            data.update(entered)
    return data


def allowance_fields(case: Case, service: Service | None = None) -> dict[str, Any]:
    """病残津贴核准决定书's ``allowance``: the typed 核定 form's values (group ``allowance``, computed
    like a pension, 5.6.1.2) or the core system's, with the parts as the document's items."""
    a = decision_data(case, "allowance", service)
    if a and not a.get("items"):
        a["items"] = [{"name": name, "amount": a[key]} for key, name in
                      (("basic", "基础部分"), ("personal_account", "个人账户部分"), ("transitional", "过渡性部分"))
                      if a.get(key) not in (None, "")]
    if a and not a.get("rule"):
        a["rule"] = "按基本养老金计发办法计发（计发月数按申领时年龄）"
    if a.get("base") not in (None, "") and not a.get("parameters"):
        a["parameters"] = [{"label": "计发基数（元/月）", "value": a["base"], "unit": "元/月"}]
    return a


def with_state(case: Case, t: Transition) -> Case:
    """The case after a transition (a copy)."""
    c = replace(case, state=t.to_state)
    if t.outcome is not None:
        c.missing = t.outcome.missing if t.to_state is CaseState.returned else ()
        c.pending = t.outcome.pending_conditions if t.to_state is CaseState.returned else ()
        c.reasons = t.outcome.reasons if t.to_state is CaseState.rejected else ()
    if t.to_state is CaseState.denied:
        c.reasons = tuple(t.reason.split("；")) if t.reason else ()
    return c
