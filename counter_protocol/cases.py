"""Case (办件) states and the transitions between them: the ONE table the counter's engine
(``counter_app.domain.case_engine``) and the centre's state checks both use. Pure.

States (图2、图4、图6、图9、图11、图13 and 6.1.1.2.2)::

    (new) ─create─▶ draft 草稿 ──submit──▶ review 受理审核 ──accept──▶ accepted 已受理 ──complete──▶ completed 办结
                                            │  ▲                          │                            │
                                            │  └─resubmit── returned ◀────┤return                      ├─archive─▶ archived
                                            └──reject──▶ rejected         └──deny──▶ denied ───────────┘
"""

from __future__ import annotations

from enum import Enum


class CaseState(str, Enum):
    draft = "draft"            # 草稿
    review = "review"          # 受理审核
    returned = "returned"      # 材料不齐全（已退回）
    rejected = "rejected"      # 不符合受理条件（不予受理）
    accepted = "accepted"      # 已受理（办理中）
    completed = "completed"    # 办结
    denied = "denied"          # 不予认定
    archived = "archived"      # 归档


STATE_NAMES = {
    CaseState.draft: "草稿",
    CaseState.review: "受理审核",
    CaseState.returned: "材料不齐全（已退回）",
    CaseState.rejected: "不予受理",
    CaseState.accepted: "已受理（办理中）",
    CaseState.completed: "办结",
    CaseState.denied: "不予认定",
    CaseState.archived: "归档",
}

# A case is created in this state (the ``create`` transition, from no state).
INITIAL_STATE = CaseState.draft

# (from, to) → action. Anything else is refused.
TRANSITIONS: dict[tuple[CaseState, CaseState], str] = {
    (CaseState.draft, CaseState.review): "submit",
    (CaseState.returned, CaseState.review): "resubmit",
    (CaseState.review, CaseState.accepted): "accept",
    (CaseState.review, CaseState.returned): "return",
    (CaseState.review, CaseState.rejected): "reject",
    (CaseState.accepted, CaseState.completed): "complete",
    (CaseState.accepted, CaseState.denied): "deny",
    (CaseState.rejected, CaseState.archived): "archive",
    (CaseState.completed, CaseState.archived): "archive",
    (CaseState.denied, CaseState.archived): "archive",
}

STATE_VALUES = frozenset(s.value for s in CaseState)


def is_state(name: object) -> bool:
    """Whether ``name`` is the value of a case state."""
    return isinstance(name, str) and name in STATE_VALUES


def transition_allowed(src: str | None, dst: str) -> bool:
    """Whether a case may go from ``src`` (None or "": a case new to the receiver) to ``dst``."""
    if not is_state(dst):
        return False
    if not src:
        return dst == INITIAL_STATE.value
    if not is_state(src):
        return False
    return (CaseState(src), CaseState(dst)) in TRANSITIONS


def state_name(value: str | None) -> str:
    """The Chinese name of a state value (the value itself when unknown; 新办件 for none)."""
    if not value:
        return "新办件"
    return STATE_NAMES[CaseState(value)] if is_state(value) else value
