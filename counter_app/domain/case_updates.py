"""What a case update pulled from the centre means for a case at the counter. Pure: no I/O.

The centre posts two kinds of case updates (``POST /cases/updates``):

- ``case.info_sheet_received`` — 转移接续：中心收到了转出地（转入地）的信息表. Payload: ``sheet``
  (the sheet's data, an object); anything else is kept with it.
- ``case.escalation_decision`` — 负责人对审批点作出决定. Payload: ``escalation`` (an
  :class:`Escalation` value), ``decision`` (``approved`` | ``refused``), ``reason`` (refusal
  reason / denial reasons), optional ``step_code`` and ``reasons`` (list, for 不予认定);
  ``posted_by`` is stamped by the centre with the username of the supervisor whose token signed
  the decision (the checker); nothing else in the payload names the checker.

:func:`plan_update` turns one update and the case as it stands into an :class:`UpdatePlan`:
the actions the workflow carries out through the case service (each validated here with the
same engine functions the counter uses), or why nothing can be done (``not_applicable``,
``unknown_case``, ``invalid``). Nothing is ever retried: an update that does not fit is noted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Mapping

from counter_app.domain import case_engine
from counter_app.domain.case_engine import STATE_NAMES, Case, CaseState, StepStatus, TransitionRefused
from counter_app.domain.catalog import ESCALATION_NAMES, Escalation, OutcomeKind, Service, StepKind

KIND_INFO_SHEET = "case.info_sheet_received"
KIND_ESCALATION = "case.escalation_decision"
# the centre's re-check of a provisionally accepted case disagrees (counter_protocol.registry.RECHECK_KIND)
KIND_RECHECK = "case.registry_recheck"
# the centre found a second case of the same 参保人 and service in hand at once (重复受理,
# counter_protocol.samecase.DUPLICATE_KIND): ``state`` open / resolved, the other case named
KIND_DUPLICATE = "case.duplicate_accepted"
KINDS = (KIND_INFO_SHEET, KIND_ESCALATION, KIND_RECHECK, KIND_DUPLICATE)

# Outcomes kept on the inbox row
APPLIED = "applied"              # 已应用（信息表已登记）
APPROVED = "approved"            # 负责人同意，已按决定办理
REFUSED = "refused"              # 负责人不同意，已记录理由
NOT_APPLICABLE = "not_applicable"  # 办件当前状态不适用
UNKNOWN_CASE = "unknown_case"    # 本工作站没有该办件
INVALID = "invalid"              # 更新内容不完整
RECHECK_DIFFERS = "recheck_differs"  # 中心复核与窗口结论不一致：待经办人处理
DUPLICATE_FOUND = "duplicate_found"        # 中心发现重复受理：待科长核实后撤回或终止其中一件
DUPLICATE_RESOLVED = "duplicate_resolved"  # 重复受理已解除
CHANGED = frozenset({APPLIED, APPROVED, REFUSED})

OUTCOME_NAMES = {
    APPLIED: "已应用", APPROVED: "已按负责人同意办理", REFUSED: "已记录负责人不同意", NOT_APPLICABLE: "不适用，未应用",
    UNKNOWN_CASE: "本工作站无此办件，未应用", INVALID: "内容不完整，未应用",
    RECHECK_DIFFERS: "中心复核不一致，待经办人处理",
    DUPLICATE_FOUND: "中心发现重复受理，待核实", DUPLICATE_RESOLVED: "重复受理已解除",
}

# keys the centre adds for its own bookkeeping, not part of a sheet's data
_BOOKKEEPING = frozenset({"to_state", "from_state", "posted_by", "posted_by_name"})


# ------------------------------------------------------------------------------------ actions

@dataclass(frozen=True)
class RecordStep:
    """Record a service step (as ``CaseWorkflow.record_step`` does)."""

    step_code: str
    result: str
    data: Mapping[str, Any]
    approved_by: str = ""


@dataclass(frozen=True)
class ApproveRecordedStep:
    """A step already recorded with an escalation and no approver gets ``approved_by``."""

    step_code: str
    approved_by: str


@dataclass(frozen=True)
class DecideAcceptance:
    """受理审核的决定 (here: 不予受理) with the supervisor as approver; ``maker``: who asked for it."""

    expected: OutcomeKind
    approved_by: str
    maker: str = ""


@dataclass(frozen=True)
class Deny:
    """不予认定 with the supervisor as approver; ``maker``: who asked for it."""

    reasons: tuple[str, ...]
    approved_by: str
    maker: str = ""


Action = RecordStep | ApproveRecordedStep | DecideAcceptance | Deny


@dataclass(frozen=True)
class UpdatePlan:
    outcome: str
    note: str                       # 中文说明, kept on the inbox row
    actions: tuple[Action, ...] = ()
    decided_by: str = ""

    @property
    def changes_case(self) -> bool:
        return bool(self.actions)


# ------------------------------------------------------------------------------------ planning

def plan_update(kind: str, payload: Mapping[str, Any], case: Case | None, service: Service | None, *,
                actor: str, at: datetime, case_ref: str = "",
                requested: Mapping[str, Any] | None = None) -> UpdatePlan:
    """What ``kind``/``payload`` means for ``case`` (None: not on this workstation) at ``at``.
    ``requested``: the details of the clerk's approval request the decision answers (as raised
    here): a step held back for a supervisor is recorded with ITS data, never the update's."""
    if kind not in KINDS:
        return UpdatePlan(NOT_APPLICABLE, f"本工作站不处理此类中心更新（{kind}）")
    if case is None or service is None:
        return UpdatePlan(UNKNOWN_CASE, f"本工作站没有该办件（{case_ref or '未注明办件'}），未应用")
    if kind == KIND_INFO_SHEET:
        return _plan_info_sheet(payload, case, service, actor=actor, at=at)
    if kind == KIND_RECHECK:
        # never applied silently: the case stays as it is, the clerk gets the centre's findings
        note = str(payload.get("note") or "中心按参保档案复核，与窗口受理结论不一致").strip()
        return UpdatePlan(RECHECK_DIFFERS, f"办件 {case.case_no or case.id}：{note}")
    if kind == KIND_DUPLICATE:
        return UpdatePlan(*duplicate_note(payload))
    return _plan_escalation(payload, case, service, actor=actor, at=at, requested=requested)


def duplicate_other(payload: Mapping[str, Any]) -> str:
    """The other case's 办件编号 a 重复受理 update names (cleaned: the centre's text), or 「（未注明）」."""
    from counter_protocol.free_text import shown

    return shown(str(payload.get("other_case_no") or ""), 64) or "（未注明）"


def duplicate_note(payload: Mapping[str, Any]) -> tuple[str, str]:
    """(outcome, note) of a 重复受理 update: 「中心发现重复受理：…（另一办件编号）」, worded here from the
    update's fields (the other case's number, office, workstation within this office, state) — the
    centre's free text is not shown. Nothing about the case changes: a supervisor resolves it by the
    normal means (不予受理, 不予认定, or 办结 and 归档 one of the two)."""
    from counter_protocol.free_text import shown

    def field(key: str, limit: int = 64) -> str:
        return shown(str(payload.get(key) or ""), limit)

    other = duplicate_other(payload)
    where = f"分局 {field('other_office_code', 8)}" if payload.get("other_office_code") else ""
    if payload.get("other_workstation_id"):
        where += f"、工作站 {field('other_workstation_id', 32)}"
    state = field("other_state_name", 16)
    detail = "，".join(x for x in (where, state) if x)
    if payload.get("state") == "resolved":
        return DUPLICATE_RESOLVED, f"重复受理已解除：办件 {other}" + (f"（{detail}）" if detail else "") + "与本办件不再同时在办"
    return DUPLICATE_FOUND, (f"中心发现重复受理：同一参保人的同一事项另有办件 {other}" + (f"（{detail}）" if detail else "")
                             + "，请科长核实后处理其中一件（不予受理、不予认定，或办结后归档）")


def _statuses(case: Case, service: Service) -> list[StepStatus]:
    return case_engine.step_statuses(case, service)


def _step_of(statuses: list[StepStatus], kind: StepKind) -> StepStatus | None:
    return next((s for s in statuses if s.step.kind is kind), None)


def _simulate(case: Case, service: Service, steps: list[RecordStep], *, actor: str, at: datetime) -> Case:
    """Record ``steps`` on a copy of ``case`` with the engine's own checks (raises TransitionRefused)."""
    work = replace(case, steps=list(case.steps))
    for st in steps:
        rec = case_engine.record_step(work, service, st.step_code, st.result, actor=actor, at=at, data=st.data,
                                 approved_by=st.approved_by)
        work.steps.append(rec)
    return work


def _plan_info_sheet(payload: Mapping[str, Any], case: Case, service: Service, *, actor: str, at: datetime) -> UpdatePlan:
    by = str(payload.get("posted_by") or "")
    if case.state is not CaseState.accepted:
        return UpdatePlan(NOT_APPLICABLE, f"办件当前状态为「{STATE_NAMES[case.state]}」，不能登记收到信息表", decided_by=by)
    statuses = _statuses(case, service)
    received = _step_of(statuses, StepKind.sheet_received)
    if received is None:
        return UpdatePlan(NOT_APPLICABLE, f"「{service.name}」没有「收到信息表」步骤", decided_by=by)
    sheet = payload.get("sheet")
    if not isinstance(sheet, Mapping):
        sheet = {k: v for k, v in payload.items() if k not in _BOOKKEEPING}
    data = {"sheet": dict(sheet), "via": "centre"}
    if by:
        data["posted_by"] = by
    direct = [RecordStep(received.step.code, "done", data)]
    try:
        _simulate(case, service, direct, actor=actor, at=at)
        plan = direct
    except TransitionRefused as first:
        awaited = _step_of(statuses, StepKind.sheet_awaited)
        if awaited is None or not first.reason.startswith("请先办理"):
            return UpdatePlan(NOT_APPLICABLE, f"未能登记收到信息表：{first.reason}", decided_by=by)
        # 等待信息表 not yet marked: the sheet's arrival ends the waiting too
        plan = [RecordStep(awaited.step.code, "done", {"via": "centre"}), *direct]
        try:
            _simulate(case, service, plan, actor=actor, at=at)
        except TransitionRefused as exc:
            return UpdatePlan(NOT_APPLICABLE, f"未能登记收到信息表：{exc.reason}", decided_by=by)
    return UpdatePlan(APPLIED, f"中心转来信息表，已登记「{received.step.name}」", tuple(plan), decided_by=by)


def _reasons(payload: Mapping[str, Any]) -> tuple[str, ...]:
    raw = payload.get("reasons")
    items = [str(r).strip() for r in raw] if isinstance(raw, (list, tuple)) else []
    items = [r for r in items if r]
    if not items and str(payload.get("reason") or "").strip():
        items = [str(payload["reason"]).strip()]
    return tuple(items)


def _plan_escalation(payload: Mapping[str, Any], case: Case, service: Service, *, actor: str, at: datetime,
                     requested: Mapping[str, Any] | None = None) -> UpdatePlan:
    try:
        escalation = Escalation(payload.get("escalation"))
    except ValueError:
        return UpdatePlan(INVALID, f"中心决定的审批点不认识：{payload.get('escalation')!r}")
    decision = payload.get("decision")
    if decision not in ("approved", "refused"):
        return UpdatePlan(INVALID, f"中心决定须为同意（approved）或不同意（refused），收到：{decision!r}")
    # the checker is the identity that signed the decision at the centre, never whoever is signed in here
    by = str(payload.get("posted_by") or "").strip()
    if not by:
        return UpdatePlan(INVALID, "中心决定未注明审批人")
    name = ESCALATION_NAMES[escalation]
    approved = decision == "approved"
    reason = str(payload.get("reason") or "").strip()
    step_code = payload.get("step_code") or None
    refused_note = f"负责人 {by} 不同意「{name}」：{reason or '未说明理由'}"

    def refused(extra: str = "") -> UpdatePlan:
        return UpdatePlan(REFUSED, refused_note + extra, decided_by=by)

    def own(maker: str) -> UpdatePlan | None:
        """审批人不能是经办人本人: the checker asked for this approval themselves."""
        if approved and maker and maker == by:
            return UpdatePlan(NOT_APPLICABLE, f"负责人 {by} 是提出「{name}」的经办人本人，审批人不能是经办人本人，决定未应用",
                              decided_by=by)
        return None

    def tried(actions: list[Action], note: str, outcome: str = APPROVED) -> UpdatePlan:
        try:
            _check(actions, case, service, actor=actor, at=at)
        except TransitionRefused as exc:
            return UpdatePlan(NOT_APPLICABLE, f"负责人 {by} 的「{name}」决定未能办理：{exc.reason}", decided_by=by)
        return UpdatePlan(outcome, note, tuple(actions), decided_by=by)

    statuses = _statuses(case, service) if case.state is CaseState.accepted else []
    # 1. a recorded step that waits for this approval (等待主管审批)
    waiting = [(s, s.last) for s in statuses if s.last is not None and s.last.escalation is escalation
               and not s.last.approved_by and (step_code is None or s.step.code == step_code)]
    if waiting:
        st, last = waiting[-1]
        if not approved:
            return refused(f"（步骤「{st.step.name}」）")
        if (mine := own(last.actor)) is not None:
            return mine
        if st.step.kind is StepKind.fingerprint and last.result == "failed":
            waived = RecordStep(st.step.code, "waived", {"reason": last.data.get("reason", ""), "via": "centre"}, by)
            return tried([waived], f"负责人 {by} 同意免于采集指纹")
        actions: list[Action] = [ApproveRecordedStep(st.step.code, by)]
        note = f"负责人 {by} 同意「{name}」（步骤「{st.step.name}」）"
        if escalation is Escalation.denial:
            reasons = _reasons(payload) or (str(last.data.get("finding") or "").strip(),)
            actions.append(Deny(tuple(r for r in reasons if r), by, last.actor))
            note += "，已作出不予认定决定"
        return tried(actions, note)
    # 2. the next open step is the one this approval point belongs to (e.g. 审核信息表)
    nxt = case_engine.next_step(case, service) if case.state is CaseState.accepted else None
    if nxt is not None and nxt.escalation is escalation and step_code in (None, nxt.code):
        if nxt.kind is StepKind.sheet_reviewed:
            # a clerk's request (the engine held the review back) carries the result and its data
            # (a 不通过's reason): the approval records exactly that; a decision without one is the
            # supervisor's own review (审核通过)
            verdict = str(payload.get("result") or "passed")
            if verdict not in ("passed", "failed"):
                return UpdatePlan(INVALID, f"中心决定所附的信息表审核结论不认识：{verdict!r}", decided_by=by)
            if approved:
                if (mine := own(str(payload.get("maker") or ""))) is not None:
                    return mine
                asked_data = payload.get("data")
                asked_with = {**(dict(asked_data) if isinstance(asked_data, Mapping) else {}), "via": "centre"}
                if verdict == "failed":
                    return tried([RecordStep(nxt.code, "failed", asked_with, by)],
                                 f"负责人 {by} 同意信息表审核不通过，等待新的信息表")
                return tried([RecordStep(nxt.code, "passed", asked_with, by)], f"负责人 {by} 审核信息表通过")
            if verdict == "failed":       # the supervisor does not confirm the 不通过: the clerk reviews again
                return refused("，信息表审核退回经办人重新审核")
            return tried([RecordStep(nxt.code, "failed", {"reason": reason or "负责人审核不通过", "via": "centre"}, by)],
                         refused_note + "，信息表审核不通过，等待新的信息表", REFUSED)
        return UpdatePlan(NOT_APPLICABLE, f"「{nxt.name}」须在窗口先办理，负责人 {by} 的决定未能应用", decided_by=by)
    # 3. a benefit decision (待遇核定) over the table's parameters: the step is recorded now, with the
    #    核定数据 of the request the clerk raised here (the supervisor approved what was asked, never
    #    figures of the update's own), and its 核准决定书 issued
    if escalation is Escalation.benefit_decision and case.state is CaseState.accepted:
        if not approved:
            return refused("，核定待遇退回经办人处理")
        asked = requested if isinstance(requested, Mapping) else {}
        data, code = asked.get("data"), asked.get("step_code")
        if not code or not isinstance(data, Mapping):
            return UpdatePlan(NOT_APPLICABLE, f"本工作站没有该办件等待「{name}」的审批申请（核定数据），"
                              f"负责人 {by} 的决定未应用", decided_by=by)
        for key, given, own_value in (("步骤", step_code, code), ("核定数据", payload.get("data"), dict(data)),
                                      ("办理结果", payload.get("result"), asked.get("result"))):
            if given not in (None, "", {}) and own_value not in (None, "") and given != own_value:
                return UpdatePlan(NOT_APPLICABLE, f"负责人 {by} 的决定所附{key}与经办人提出的审批申请不一致，决定未应用",
                                  decided_by=by)
        if (mine := own(str(payload.get("maker") or ""))) is not None:
            return mine
        return tried([RecordStep(str(code), str(asked.get("result") or "done"), dict(data), by)],
                     f"负责人 {by} 同意「{name}」，已出具核准决定书")
    # 4. a decision that waits for the approval
    if escalation is Escalation.rejection and case.state is CaseState.review:
        if not approved:
            return refused("，办件仍在受理审核")
        if (mine := own(case.submitted_by)) is not None:
            return mine
        return tried([DecideAcceptance(OutcomeKind.not_eligible, by, case.submitted_by)],
                     f"负责人 {by} 同意不予受理，已作出不予受理决定")
    if escalation in (Escalation.condition_override, Escalation.reg_cancel) and case.state is CaseState.review:
        if not approved:
            return refused("，办件仍在受理审核")
        if (mine := own(case.submitted_by)) is not None:
            return mine
        kind = case_engine.evaluate(case, service, at.date()).kind
        if kind is None:
            return UpdatePlan(NOT_APPLICABLE, f"负责人 {by} 同意「{name}」，但尚有受理条件未确认", decided_by=by)
        return tried([DecideAcceptance(kind, by, case.submitted_by)], f"负责人 {by} 同意「{name}」，已作出受理决定")
    if escalation is Escalation.denial and case.state is CaseState.accepted:
        if not approved:
            return refused("，办件仍在办理中")
        reasons = _reasons(payload)
        found = next((s.last for s in reversed(statuses) if s.last is not None and s.last.result == "not_eligible"), None)
        if not reasons and found is not None:
            reasons = (str(found.data.get("finding") or "").strip(),)
        maker = found.actor if found is not None else ""
        if (mine := own(maker)) is not None:
            return mine
        return tried([Deny(tuple(r for r in reasons if r), by, maker)], f"负责人 {by} 同意不予认定，已作出不予认定决定")
    return UpdatePlan(NOT_APPLICABLE, f"办件当前状态为「{STATE_NAMES[case.state]}」，没有等待「{name}」审批的事项",
                      decided_by=by)


def _check(actions: list[Action], case: Case, service: Service, *, actor: str, at: datetime) -> None:
    """Validate the actions with the engine (raises TransitionRefused with the clerk's reason)."""
    work = replace(case, steps=list(case.steps))
    for a in actions:
        if isinstance(a, RecordStep):
            work = _simulate(work, service, [a], actor=actor, at=at)
        elif isinstance(a, ApproveRecordedStep):
            idx = max(i for i, r in enumerate(work.steps) if r.step_code == a.step_code)
            if a.approved_by == work.steps[idx].actor:       # the step's maker, not whoever is signed in
                raise TransitionRefused.of("approver_is_actor")
            work.steps[idx] = replace(work.steps[idx], approved_by=a.approved_by)
        elif isinstance(a, DecideAcceptance):
            outcome = case_engine.evaluate(work, service, at.date())
            t = case_engine.decide_acceptance(work, service, outcome, actor=a.maker or actor, approved_by=a.approved_by,
                                         approvals_required={Escalation.rejection}, expected=a.expected)
            work = case_engine.with_state(work, t)
        elif isinstance(a, Deny):
            t = case_engine.deny(work, service, a.reasons, actor=a.maker or actor, approved_by=a.approved_by,
                            approvals_required={Escalation.denial})
            work = case_engine.with_state(work, t)
