"""差评工单 (complaint tickets, 7.5.2 服务对象满意测评). Pure: no I/O.

A 不满意 (2) or 非常不满意 (1) rating needs the customer's reason and opens a ticket, which moves
through five stages — 已受理 received → 已核实 checked → 已整改 fixed → 已反馈 reported back →
已回访 followed up (closed) — each to be reached within a deadline in working days from the
previous one (effective-dated policy parameters ``complaint.*_days``; shipped defaults are marked
unconfirmed). A supervisor owns the ticket: the first supervisor to advance it takes it, and only
the owner advances it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from counter_app.domain.free_text import unsafe_characters
from counter_app.domain.refusals import Refusal
from counter_protocol.complaints import STAGE_NAMES as STAGE_NAMES, STAGES as STAGES  # shared with the centre
from counter_protocol.dashboard import DISSATISFIED_MAX

# the deadline to reach each stage after the previous one: policy parameter key (working days)
STAGE_DEADLINES = {"checked": "complaint.check_days", "fixed": "complaint.fix_days",
                   "reported_back": "complaint.report_days", "followed_up": "complaint.followup_days"}
DISSATISFIED = tuple(range(1, DISSATISFIED_MAX + 1))     # 非常不满意、不满意: the dashboards' 差评
REASONS = ("等候时间长", "服务态度", "办理结果", "材料要求说明不清", "其他")
# a rating's reason and a stage's note: at most as long as a 决定书's numbered reason or a step's
# text (counter_protocol.free_text.STEP_TEXT_CHARS), one line or a few; the centre refuses longer ones too
TEXT_CHARS = 500
# who may see the tickets (7.3.2): the supervisors who handle them (counter_protocol.roles.HANDLE_COMPLAINT)
# and the auditors who oversee; a clerk never learns which case (hence which applicant) rated them badly
READERS = frozenset({"supervisor", "auditor"})


class ComplaintRefused(ValueError):
    """Why a complaint action is refused: ``reason``, a :class:`Refusal` (the Chinese as the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def needs_ticket(score: int) -> bool:
    return score in DISSATISFIED


def check_reason(score: int, reason: str) -> None:
    """A 不满意 / 非常不满意 rating without a reason is refused."""
    if needs_ticket(score) and not (reason or "").strip():
        raise ComplaintRefused(Refusal("rating_reason"))
    refusal = text_refusal(reason, "rating_reason")
    if refusal:
        raise ComplaintRefused(refusal)


def text_refusal(text: str, code: str) -> str | None:
    """Why a rating's reason (``code`` "rating_reason") or a stage's note ("complaint_note") may not
    be kept (中文): longer than TEXT_CHARS, or carrying control or text-direction characters (a
    U+202E that makes the supervisor's screen read otherwise than what is stored); None if it may."""
    text = (text or "").strip()
    if len(text) > TEXT_CHARS:
        return Refusal(f"{code}_length", str(TEXT_CHARS), str(len(text)))
    if bad := unsafe_characters(text, allow="\n\t"):
        return Refusal(f"{code}_characters", "、".join(bad))
    return None


def next_stage(stage: str) -> str | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def due_of(stage_reached_on: date, next_: str | None, days_of: Callable[[str], Decimal],
           add_working_days: Callable[[date, int], date]) -> date | None:
    """When ``next_`` is due, counted in working days from the day the current stage was reached
    (``days_of(key)`` → the parameter's days; ``add_working_days(start, n)`` the calendar's)."""
    if next_ is None:
        return None
    return add_working_days(stage_reached_on, int(days_of(STAGE_DEADLINES[next_])))


def advance_refusal(*, stage: str, owner: str, user: str, roles: Iterable[str], note: str) -> str | None:
    """Why ``user`` may not advance the ticket now (中文), or None."""
    if "supervisor" not in set(roles):
        return Refusal("complaint_supervisor_only")
    if next_stage(stage) is None:
        return Refusal("complaint_closed")
    if owner and owner != user:
        return Refusal("complaint_owner", owner)
    if not (note or "").strip():
        return Refusal("complaint_note")
    return text_refusal(note, "complaint_note")
