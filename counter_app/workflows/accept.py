"""受理 in one use case: accepting a draft is ONE call in ONE transaction.

The clerk's Ctrl+Enter on a draft (and ``counter-app case import`` for a case received at a 综合受理
desk) runs :func:`accept_draft`: create the case (or update a returned one), store the materials'
ticks and the clerk's answers, submit, decide (6.1.1.2.2), allocate the 文号 of the document the
outcome produces, and write every outbox row — inside one :class:`UnitOfWork`, through
``CaseService.within(uow)``. A failure at any stage rolls everything back: no case, no number, no
outbox row is left half-done.

Each operation returns what it changed (:class:`OpChanges`, as Anki's ``OpChanges``), which the UI's
background-task pattern announces (``AppEvents.announce``); no widget emits change events by hand.

The draft's JSON form (:meth:`Draft.from_json` / :meth:`Draft.as_json`) is the one the 综合受理
desk hands over and the window saves::

    {"service": CODE, "applicant_type": "individual|unit|agent|survivor",
     "applicant": {"id_number": …, "name": …, …}, "unit_uscc": …,
     "materials": "all" | [CODE, …] | {CODE: "present|missing|defective" | {"state", "problem"}},
     "conditions": "confirmed" | {CODE: true | false | "reason it is not met"},   # optional
     "variants": [CODE, …], "facts": {…}, "case_id": …}                           # optional

``conditions`` says what the desk (or the clerk) judged of the conditions only a person can judge;
it defaults to ``"confirmed"`` for a handed-over case (the desk confirmed them when it received it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from counter_app.domain.cases import EDITABLE_STATES, CaseState, TransitionRefused
from counter_app.domain.catalog import OutcomeKind, Service
from counter_app.domain.checklist import MISSING, PRESENT, Tick, TickState
from counter_app.storage.uow import UnitOfWork

DEFECTIVE_DEFAULT = "所提交材料不符合要求"

#: the stages of :func:`accept_draft`, in order (a fault may be injected after each one)
STAGES = ("create", "materials", "answers", "submit", "decide")


@dataclass(frozen=True)
class OpChanges:
    """What one operation changed, for the UI to announce (nothing else emits change events)."""

    cases: tuple[str, ...] = ()          # case ids created or changed
    outbox: bool = False                 # outbox rows added
    documents: tuple[str, ...] = ()      # case ids whose documents were issued or printed
    print_jobs: bool = False

    def __or__(self, other: "OpChanges") -> "OpChanges":
        def union(a: tuple, b: tuple) -> tuple:
            return tuple(dict.fromkeys(a + b))

        return OpChanges(union(self.cases, other.cases), self.outbox or other.outbox,
                         union(self.documents, other.documents), self.print_jobs or other.print_jobs)

    @property
    def empty(self) -> bool:
        return not (self.cases or self.outbox or self.documents or self.print_jobs)


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
        service = data.get("service")
        if not isinstance(service, str) or not service:
            raise DraftError("办件文件缺少 service（业务编码）")
        atype = data.get("applicant_type") or "individual"
        if not isinstance(atype, str):
            raise DraftError("applicant_type 应为文字")
        applicant = data.get("applicant") or {}
        if not isinstance(applicant, dict):
            raise DraftError("applicant 应为 JSON 对象（id_number、name …）")
        applicant = {str(k): str(v) for k, v in applicant.items() if v not in (None, "")}
        if data.get("unit_uscc"):
            applicant["credit_code"] = str(data["unit_uscc"])
        if data.get("unit_name"):
            applicant["unit_name"] = str(data["unit_name"])
        ticks = _ticks_of(data.get("materials", "all"))
        answers = _answers_of(data.get("conditions", "confirmed"))
        variants = data.get("variants") or []
        if not isinstance(variants, list):
            raise DraftError("variants 应为业务情形编码的列表")
        facts = data.get("facts") or {}
        if not isinstance(facts, dict):
            raise DraftError("facts 应为 JSON 对象")
        return cls(service, atype, applicant, tuple(str(v) for v in variants), facts, ticks, answers,
                   data.get("case_id") or None)

    def as_json(self) -> dict:
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
        judged = [c.code for c in plan.conditions if not c.check]
        if self.answers is None:
            answers = dict.fromkeys(judged, (True, ""))
        else:
            unknown = sorted(set(self.answers) - {c.code for c in plan.conditions})
            if unknown:
                raise DraftError(f"「{service.name}」没有受理条件：{'、'.join(unknown)}")
            # also a rule condition the rules cannot decide (facts missing) that the clerk confirmed
            answers = {c.code: self.answers[c.code] for c in plan.conditions if c.code in self.answers}
        return ticks, answers


def _ticks_of(value: Any) -> dict[str, Tick] | None:
    if value == "all":
        return None
    if value == "none":
        return {}
    if isinstance(value, list):
        return {str(c): PRESENT for c in value}
    if isinstance(value, dict):
        out = {}
        for code, v in value.items():
            try:
                if isinstance(v, dict):
                    out[str(code)] = Tick(TickState(v.get("state", "present")), str(v.get("problem") or ""))
                else:
                    out[str(code)] = Tick.of(v)
            except ValueError:
                raise DraftError(f"材料 {code} 的状态应为 present、missing 或 defective") from None
        return out
    raise DraftError('materials 应为 "all"、材料编码列表或 {编码: 状态}')


def _answers_of(value: Any) -> dict[str, tuple[bool | None, str]] | None:
    if value == "confirmed":
        return None
    if isinstance(value, dict):
        out: dict[str, tuple[bool | None, str]] = {}
        for code, v in value.items():
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


@dataclass(frozen=True)
class AcceptResult:
    case_id: str
    case_no: str
    state: CaseState
    outcome: OutcomeKind | None
    document_numbers: tuple[str, ...]
    changes: OpChanges


def accept_draft(svc, draft: Draft, *, expected: OutcomeKind | None = None,
                 fault: Callable[[str], None] | None = None) -> AcceptResult:
    """Create (or update), tick, answer, submit and decide ``draft`` in ONE transaction.

    ``svc`` is the clerk's CaseService; ``expected`` the outcome the clerk saw (the decision is
    refused when the stored checklist decides otherwise). ``fault(stage)`` is called after each of
    :data:`STAGES` (tests inject failures there). Raises TransitionRefused / DraftError with the
    clerk's message; then nothing is stored.
    """
    with UnitOfWork(svc.store, actor=svc.actor, workstation_id=svc.workstation_id) as uow:
        inner = svc.within(uow)
        if draft.case_id is None:
            view = inner.create(draft.service, draft.applicant_type, variants=draft.variants,
                                applicant=draft.applicant, facts=draft.facts)
        else:
            view = inner.get(draft.case_id)
            if view.case.state not in EDITABLE_STATES:
                raise TransitionRefused(f"办件 {view.case.case_no} 已{view.case.state.value}，不能重新提交")
            view = inner.update(draft.case_id, applicant=draft.applicant, variants=draft.variants,
                                facts=dict(draft.facts) or None)
        service = view.service
        cid = view.case.id
        _hook(fault, "create")
        ticks, answers = draft.resolved(service)
        stored_ticks = dict(view.case.ticks)
        for code, tick in ticks.items():
            if stored_ticks.get(code) == tick or (tick == MISSING and code not in stored_ticks):
                continue
            problem = tick.problem or (DEFECTIVE_DEFAULT if tick.state is TickState.defective else "")
            inner.tick(cid, code, tick.state, problem)
        _hook(fault, "materials")
        stored = {k: (v.met, v.reasons[0] if v.reasons else "") for k, v in view.case.condition_answers.items()}
        for code, (met, reason) in answers.items():
            new = (met, reason if met is False else "")
            if stored.get(code, (None, "")) != new:
                inner.answer_condition(cid, code, met, new[1])
        _hook(fault, "answers")
        if inner.get(cid).case.state in (CaseState.draft, CaseState.returned):
            inner.submit(cid)
        _hook(fault, "submit")
        decided = inner.decide(cid, expected=expected)
        _hook(fault, "decide")
        numbers = tuple(d["number"] for d in inner.documents(cid) if d.get("status") == "issued" and d.get("number"))
        uow.commit()
    case = decided.case
    outcome = {CaseState.accepted: OutcomeKind.accepted, CaseState.returned: OutcomeKind.incomplete,
               CaseState.rejected: OutcomeKind.not_eligible}.get(case.state)
    return AcceptResult(cid, case.case_no, case.state, outcome, numbers,
                        OpChanges(cases=(cid,), outbox=True, documents=(cid,) if numbers else ()))


def _hook(fault: Callable[[str], None] | None, stage: str) -> None:
    if fault is not None:
        fault(stage)


@dataclass(frozen=True)
class StepResult:
    case_id: str
    state: CaseState
    closed: bool                 # 办结 in the same action (nothing was left to decide)
    archived: bool               # and 归档
    changes: OpChanges


def act_and_close(svc, case_id: str, action: Callable[[Any], Any], *, close: bool = True) -> StepResult:
    """One clerk action after acceptance (a step, 公示, 核查, 办结, 不予认定, 归档) in ONE transaction.

    With ``close``, when the action leaves nothing open and nothing to decide (every step done, no
    objection found the case ineligible), the case is also closed (办结, with its document) and
    archived (归档) in the same transaction: the clerk needs no separate keystroke for either.
    A document that cannot be produced refuses the whole action (the step is not 完成).
    """
    from counter_app.domain import cases as engine

    closed = archived = False
    with UnitOfWork(svc.store, actor=svc.actor, workstation_id=svc.workstation_id) as uow:
        inner = svc.within(uow)
        action(inner)
        view = inner.get(case_id)
        if close and view.case.state is CaseState.accepted and view.next_step is None:
            try:
                engine.complete(view.case, view.service)
            except TransitionRefused:
                pass                                  # something is left to decide (不予认定)
            else:
                view = inner.complete(case_id)
                closed = True
        if close and (closed or view.case.state is CaseState.completed):
            view = inner.archive(case_id)
            archived = True
        uow.commit()
    return StepResult(case_id, view.case.state, closed, archived, OpChanges(cases=(case_id,), outbox=True))
