"""Why a case waits (等待中): 主管审批 of a step, 公示, 信息表, or the approval of its 不予受理.

The one definition of whether, and why, a case waits. The case row keeps its result
(``cases.waiting_kind`` / ``waiting_arg``, migration growth_0008_waiting), worked out again in the
transaction that changes anything it looks at (counter_app.workflows.case_waiting), so that the
办件 list's 等待中 is an index range of the store, not a walk through every accepted case.
Pure: no I/O.
"""

from __future__ import annotations

from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.catalog import Service, StepKind

WAIT_APPROVAL, WAIT_PUBLICITY, WAIT_SHEET, WAIT_APPROVAL_STATUS = "approval", "publicity", "sheet", "approval_status"

# the states in which a case can wait: 已受理 (主管审批 of a step, 公示, 信息表) and 受理审核 (the
# supervisor's approval of its 不予受理)
MAY_WAIT = (CaseState.accepted.value, CaseState.review.value)

# an approval request in these states keeps its case waiting — for the supervisor (待审批), or for
# the clerk to ask again or carry the refusal out (已驳回 / 已过期 / 已撤回); 已批准 does not
APPROVAL_WAITS = frozenset({"pending", "rejected", "expired", "withdrawn"})


def waiting_data(case: Case, service: Service) -> tuple[str, str] | None:
    """Why an accepted case waits, as data: (WAIT_APPROVAL, the approval point's Escalation value),
    (WAIT_PUBLICITY, the end date or ""), (WAIT_SHEET, ""); None when the clerk can go on."""
    if case.state is not CaseState.accepted:
        return None
    if case.steps:
        last = case.steps[-1]
        if last.escalation is not None and not last.approved_by:
            return WAIT_APPROVAL, last.escalation.value
    nxt = next((s for s in case_engine.step_statuses(case, service) if s.status == "open"), None)
    if nxt is None:
        return None
    kind = nxt.step.kind
    if kind is StepKind.publicity and nxt.last is not None and nxt.last.result == "started":
        return WAIT_PUBLICITY, str(nxt.last.data.get("end", ""))[:10]
    if kind is StepKind.sheet_awaited:
        return WAIT_SHEET, ""
    if kind is StepKind.fingerprint and nxt.last is not None and nxt.last.result == "failed":
        return WAIT_APPROVAL, case_engine.Escalation.fingerprint_unavailable.value
    return None


def stored_waiting(case: Case, service: Service, latest_approval_state: str | None) -> tuple[str, str]:
    """What the case row keeps of why the case waits: (kind, parameter), ("", "") when it does not.

    An accepted case: :func:`waiting_data`. A case in 受理审核: (WAIT_APPROVAL_STATUS, "") while its
    latest approval request (``latest_approval_state``; None without one) keeps it waiting. How an
    approval stands when the list is shown (待审批, or past its deadline 已过期; a step's request
    no longer pending) is read for the rows shown: a pending request turns 已过期 with the clock,
    not with a write, and either way the case waits."""
    if case.state is CaseState.review:
        return (WAIT_APPROVAL_STATUS, "") if latest_approval_state in APPROVAL_WAITS else ("", "")
    data = waiting_data(case, service)
    return data if data is not None else ("", "")
