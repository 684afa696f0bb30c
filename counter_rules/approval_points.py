"""Which approval point (审批点, DB4403/T 254.1—2022 7.3.2) a recorded service step stands on. Pure:
no I/O. The counter's case engine records a step with this point (``counter_app.domain.case_engine``);
the centre reads the same rule from the catalog, never from what a pushed entry says of itself
(``counter_central.approvals``).

- A step the catalog marks with an approval point (``escalation``) raises it with the results of
  :data:`ESCALATING` (无法采集指纹、免于采集; 公示有异议; 信息表审核通过 / 不通过); a 核查 that finds
  the case ineligible raises the 不予认定 (``denial``) it leads to.
- A step deciding a benefit (待遇核定: its 核定数据 has a group of
  :data:`counter_rules.authorisation.BENEFIT_GROUPS`) with a completing result raises
  ``benefit_decision``, weighed on its figures (:func:`counter_rules.authorisation.benefit_terms`).
- Some are recorded first and approved after (:data:`RECORDED_BEFORE_APPROVAL`: the failed capture
  waits for the waiver, the objection and the ineligible finding wait for the decision they lead
  to); every other one is recorded only with the approval at hand.

Which points a service has at all (:func:`service_points`) is the catalog's word too: a request for
a point the case's service lacks (a 注销参保 approval on a 养老金申领) is refused, at the counter
(``counter_app.workflows.approvals``) and at the centre (``counter_central.approvals``).
"""

from __future__ import annotations

from counter_rules.authorisation import BENEFIT_GROUPS
from counter_rules.catalog import Service, Step
from counter_rules.documents import DOCUMENTS, DocumentKind
from counter_rules.terms import Escalation, StepKind

# Results that finish a step. A publicity with an objection is finished, but opens verification.
COMPLETING = frozenset({"done", "waived", "no_objection", "objection", "eligible", "not_eligible", "passed"})
# (kind, result) that raise the approval point the catalog marks on the step
ESCALATING: dict[StepKind, frozenset[str]] = {
    StepKind.fingerprint: frozenset({"failed", "waived"}),
    StepKind.publicity: frozenset({"objection"}),
    StepKind.sheet_reviewed: frozenset({"passed", "failed"}),
    StepKind.verification: frozenset({"not_eligible"}),
}
# (kind, result) recorded before their approval: the approval comes after (免于采集 / 步骤审批 /
# 不予认定), the record itself decides nothing yet
RECORDED_BEFORE_APPROVAL: frozenset[tuple[StepKind, str]] = frozenset({
    (StepKind.fingerprint, "failed"), (StepKind.publicity, "objection"), (StepKind.verification, "not_eligible")})


def benefit_group(step: Step) -> str | None:
    """The 核定数据 group of a benefit decision the step decides (养老金、病残津贴、丧葬补助金), or None."""
    groups = {f.group for f in step.decision_data}
    return next((g for g in BENEFIT_GROUPS if g in groups), None)


def step_point(step: Step, result: str) -> Escalation | None:
    """The approval point a record of ``step`` with ``result`` stands on, or None."""
    if step.kind is StepKind.verification and result == "not_eligible":
        return Escalation.denial
    if step.escalation is not None and result in ESCALATING.get(step.kind, frozenset()):
        return step.escalation
    if result in COMPLETING and benefit_group(step) is not None:
        return Escalation.benefit_decision
    return None


def approved_before_recording(step: Step, result: str) -> bool:
    """Whether a record of ``step`` with ``result`` carries its approval when recorded (the waiver,
    the 信息表审核, the benefit decision), rather than waiting for it (:data:`RECORDED_BEFORE_APPROVAL`)."""
    return step_point(step, result) is not None and (step.kind, result) not in RECORDED_BEFORE_APPROVAL


def _decision(kind: DocumentKind | None) -> bool:
    return kind is not None and DOCUMENTS[kind].decision


def service_points(service: Service) -> frozenset[Escalation]:
    """The approval points the flow of ``service`` has, as the catalog declares it: the points its
    outcomes and steps are marked with (``escalation``: 不予受理, 不予认定, 注销参保 on the 受理 of
    注销登记, 指纹无法采集, 公示有异议, 信息表审核); 不予认定 where a 核查 may find the case
    ineligible; 待遇核定 where a step decides a benefit (its 核定数据); 改判 where a condition is
    verified by the system (a rule, not the clerk's word); 补打 where it issues a 决定书. (暂停发放 /
    恢复发放 are no service's: the centre raises them over a person's payment.)"""
    points: set[Escalation] = set()
    for outcome in service.outcomes:
        if outcome.escalation is not None:
            points.add(outcome.escalation)
        if _decision(outcome.document):
            points.add(Escalation.reprint)
    for step in service.steps:
        if step.escalation is not None:
            points.add(step.escalation)
        if step.kind is StepKind.verification:
            points.add(Escalation.denial)
        if benefit_group(step) is not None:
            points.add(Escalation.benefit_decision)
        if _decision(step.document):
            points.add(Escalation.reprint)
    if any((c.rule or c.check or "clerk") != "clerk" for c in service.conditions):
        points.add(Escalation.condition_override)
    return frozenset(points)

