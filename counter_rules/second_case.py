"""同一参保人第二件同一事项的办件: which states of an earlier case stand in the way of a second one,
by the service's ``second_case`` rule (catalog). Shared by the counter (its own store's cases,
``CaseWorkflow.earlier_case_refusal``) and the centre (every workstation's cases,
``counter_central.samecase``), so both judge by the same table. Pure: no I/O.

The same application still in hand (受理审核, 已退回, 办理中) blocks under every rule but
``allowed``; for a service whose decision a second case would repeat or contradict
(``refused_until_archived``) also 办结 and not yet archived (a second 信息表 / 核准决定书).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from counter_protocol.cases import CaseState
from counter_rules.catalog import SecondCaseRule

IN_HAND_STATES: tuple[CaseState, ...] = (CaseState.review, CaseState.returned, CaseState.accepted)
BLOCKING_STATES: Mapping[SecondCaseRule, tuple[CaseState, ...]] = {
    SecondCaseRule.allowed: (),
    SecondCaseRule.while_open: IN_HAND_STATES,
    SecondCaseRule.while_open_same_item: IN_HAND_STATES,
    SecondCaseRule.until_archived: (*IN_HAND_STATES, CaseState.completed),
}


def blocking_states(rule: SecondCaseRule | str) -> tuple[CaseState, ...]:
    """The states in which a case of a service under ``rule`` stands in the way of a second one
    (an unknown rule: the strictest, ``refused_until_archived``)."""
    try:
        return BLOCKING_STATES[SecondCaseRule(rule)]
    except ValueError:
        return BLOCKING_STATES[SecondCaseRule.until_archived]


def is_blocking(rule: SecondCaseRule | str, state: str | CaseState | None) -> bool:
    """Whether a case in ``state`` blocks a second case of its service under ``rule``."""
    return state is not None and str(getattr(state, "value", state)) in {s.value for s in blocking_states(rule)}


def shared_items(rule: SecondCaseRule | str, variants: Iterable[str], other_variants: Iterable[str]) -> list[str] | None:
    """For ``refused_while_open_same_item``: the variants (变更项目) the two cases have in common, in
    this case's order (empty: they do not clash); None under any other rule (items not looked at)."""
    try:
        same_item = SecondCaseRule(rule) is SecondCaseRule.while_open_same_item
    except ValueError:
        same_item = False
    if not same_item:
        return None
    others = set(other_variants)
    return [v for v in variants if v in others]


def clashes(rule: SecondCaseRule | str, state: str | CaseState | None, variants: Iterable[str],
            other_variants: Iterable[str]) -> bool:
    """Whether an earlier case in ``state`` with ``other_variants`` stands in the way of a case with
    ``variants`` of the same service and 参保人 under ``rule``."""
    if not is_blocking(rule, state):
        return False
    shared = shared_items(rule, variants, other_variants)
    return shared is None or bool(shared)
