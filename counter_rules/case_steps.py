"""Which service steps (办理步骤) of a case are done, and what they let the case do. Pure: no I/O.

The counter's case engine (``counter_app.domain.case_engine``) and the centre
(``counter_central.case_steps``) read the same rule, so a workstation cannot move a case past the
steps its service asks for by saying so:

- 办结 (accepted → completed): every step of the case's plan (its service, applicant type and
  variants, per the catalog) that is not optional, not skipped (a 核查 only after an objection)
  and not recorded after 办结 is done (its latest record has a result of
  :data:`~counter_rules.approval_points.COMPLETING`), and no 核查 found the case ineligible;
- 不予认定 (accepted → denied): the latest record of a step found the case ineligible
  (``not_eligible``);
- 归档 of a 办结 case (completed → archived): every step recorded after 办结 (the 送达, 记录缴费信息)
  is done.

A record is anything with a ``step_code`` and a ``result``; the records are in the order they were
made (the latest of a step counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from counter_rules.approval_points import COMPLETING
from counter_rules.catalog import Service, Step
from counter_rules.terms import StepKind


class Recorded(Protocol):
    @property
    def step_code(self) -> str: ...

    @property
    def result(self) -> str: ...


@dataclass(frozen=True)
class StepState:
    """One step of the plan: ``status`` done | open | skipped | optional; ``last``: the index of its
    latest record in the records given (None: never recorded)."""

    step: Step
    status: str
    last: int | None


@dataclass(frozen=True)
class StepRow:
    """A record as the centre reads it from a pushed ``case.step`` entry."""

    step_code: str
    result: str


def step_states(service: Service, applicant_type: str, variants: Iterable[str],
                records: Sequence[Recorded]) -> list[StepState]:
    """The state of every step of the case's plan, from its records."""
    latest: dict[str, int] = {}
    for i, rec in enumerate(records):
        latest[rec.step_code] = i
    objection = any(st.kind is StepKind.publicity and st.code in latest and records[latest[st.code]].result == "objection"
                    for st in service.steps)
    out: list[StepState] = []
    for st in service.plan(applicant_type, variants).steps:
        at = latest.get(st.code)
        if st.only_on_objection and not objection:
            out.append(StepState(st, "skipped", at))
        elif at is not None and records[at].result in COMPLETING:
            out.append(StepState(st, "done", at))
        elif st.optional:
            out.append(StepState(st, "optional", at))
        else:
            out.append(StepState(st, "open", at))
    return out


def found_ineligible(states: Sequence[StepState], records: Sequence[Recorded]) -> bool:
    """Whether the latest record of a step found the case ineligible (核查：不符合条件)."""
    return any(s.last is not None and records[s.last].result == "not_eligible" for s in states)


def open_before_completion(states: Sequence[StepState]) -> list[Step]:
    """The steps still to be done before 办结, in the catalog's order."""
    return [s.step for s in states if s.status == "open" and not s.step.after_completion]


def open_after_completion(states: Sequence[StepState]) -> list[Step]:
    """The steps recorded after 办结 (送达、记录缴费信息) still to be done before 归档."""
    return [s.step for s in states if s.status == "open" and s.step.after_completion]


def transition_missing(to_state: str, from_state: str | None, service: Service, applicant_type: str,
                       variants: Iterable[str], records: Sequence[Recorded]) -> tuple[str, list[Step]] | None:
    """Why the steps recorded do not allow the case's move ``from_state`` → ``to_state``, or None
    when they do (or the move asks nothing of the steps): (``not_eligible``, []) — a 核查 found the
    case ineligible, it cannot be 办结; (``open``, the steps) — 办结 / 归档 waits for these;
    (``unverified``, []) — a 不予认定 without a 核查 that found the case ineligible; (``no_denial``, [])
    — a 不予认定 of a service that has none."""
    if to_state not in ("completed", "denied", "archived"):
        return None
    if to_state == "archived" and from_state != "completed":
        return None
    states = step_states(service, applicant_type, variants, records)
    if to_state == "denied":
        if not service.has_outcome("denied"):
            return "no_denial", []
        return None if found_ineligible(states, records) else ("unverified", [])
    if to_state == "archived":
        waiting = open_after_completion(states)
        return ("open", waiting) if waiting else None
    if found_ineligible(states, records):
        return "not_eligible", []
    missing = open_before_completion(states)
    return ("open", missing) if missing else None
