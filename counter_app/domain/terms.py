"""The words the counter's screens need before any case is open: case states, step and tick
kinds, applicant types, approval points, document kinds and their Chinese names.

Light on purpose: the workspace imports these while the window is built, and the case engine, the
catalog model, the checklist and the decision data (~0.1 s of imports, most of it dataclass code
generation) load later, with the catalog, on a worker (docs/architecture.md, start-up).
"""

from __future__ import annotations

from counter_protocol.cases import STATE_NAMES as STATE_NAMES, CaseState as CaseState
from counter_rules.documents import DOCUMENTS as DOCUMENTS, DocumentKind as DocumentKind
from counter_rules.terms import (
    APPLICANT_TYPE_NAMES as APPLICANT_TYPE_NAMES,
    ESCALATION_NAMES as ESCALATION_NAMES,
    OUTCOME_NAMES as OUTCOME_NAMES,
    TICK_NAMES as TICK_NAMES,
    ApplicantType as ApplicantType,
    Escalation as Escalation,
    OutcomeKind as OutcomeKind,
    StepKind as StepKind,
    TickState as TickState,
    applicant_type_name as applicant_type_name,
)

# 草稿、受理审核、退回补正: the states in which the clerk may still change the case
EDITABLE_STATES = frozenset({CaseState.draft, CaseState.review, CaseState.returned})
# 资格认证's home-visit variant: its one step, 提出上门认证申请 (counter_app.workflows.home_visit); here
# so the workspace words its button while the window is built, without the workflow's imports
HOME_VISIT_STEP = "home_visit_request"

# a step's recorded result, in words (case_engine.STEP_RESULTS lists which step takes which)
RESULT_NAMES = {
    "done": "完成", "failed": "未能完成", "waived": "经审批免于采集", "started": "公示开始", "no_objection": "公示无异议",
    "objection": "公示有异议", "eligible": "核查符合办理要求", "not_eligible": "核查不符合办理要求",
    "supplement": "需补齐补正材料", "passed": "审核通过", "supplemented": "已补齐补正",
}
# a result worded by the kind of step that records it: a 信息表 review that failed did not pass
KIND_RESULT_NAMES = {("sheet_reviewed", "failed"): "审核不通过"}


def result_name(result: str, kind: object = None) -> str:
    """The words of a step's recorded ``result``; ``kind`` (a StepKind or its value) words it as
    that kind of step does (a failed 信息表 review reads 审核不通过, not 未能完成)."""
    kind = getattr(kind, "value", kind)
    return KIND_RESULT_NAMES.get((str(kind), result)) or RESULT_NAMES.get(result, result)
