"""差评工单 as the centre serves them to the office's supervisors and auditors
(``GET /offices/{office}/complaints``): every ticket any counter of the office opened and moved on
(``complaint.opened`` / ``complaint.advanced`` entries it pushed), so a 科长 follows the deadlines
from their own workstation. No ID number or name: the case number, the service, the score, the
customer's reason and each stage's note (cleaned: counter_protocol.free_text.shown).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.clock import BEIJING

PATH = "/offices/{office}/complaints"
READERS = ("supervisor", "auditor")
# the stages in order (counter_app.domain.complaints): 已受理 → 已核实 → 已整改 → 已反馈 → 已回访
STAGES = ("received", "checked", "fixed", "reported_back", "followed_up")
STAGE_NAMES = {"received": "已受理", "checked": "已核实", "fixed": "已整改", "reported_back": "已反馈",
               "followed_up": "已回访（办结）"}


def next_stage(stage: str) -> str | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def ticket_time(value: object, *, opening: bool) -> str:
    """A ticket's time (its opening, ``opening``, or a stage reached) as it travels and is kept: an
    aware UTC ISO-8601 text, ``2026-11-30T16:30:00+00:00``. Workstations before this form sent them
    naive, in two clocks: the opening in the PC's local time — read as Beijing wall-clock time, as the
    centre always read it (counter_central.dashboard._at) — and a stage in UTC. A text that is no time
    comes back as it was; none gives ""."""
    if value is None or value == "":
        return ""
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if at.tzinfo is None:
        at = at.replace(tzinfo=BEIJING if opening else timezone.utc)
    try:
        return at.astimezone(timezone.utc).isoformat()
    except OverflowError:          # at the edge of the calendar: no UTC time
        return str(value)


def history_times(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ticket's stages with each ``at`` in the travelling form (:func:`ticket_time`): the 已受理
    step is the ticket's opening, the others stages reached."""
    return [{**h, "at": ticket_time(h.get("at"), opening=h.get("stage") == "received")} for h in history]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketStep(_Model):
    stage: str
    by: str = ""
    at: str = Field(default="", description="aware UTC ISO-8601 (ticket_time)")
    note: str = ""


class Ticket(_Model):
    id: str
    workstation_id: str = Field(description="the counter holding the ticket (where it is moved on)")
    case_id: str = ""
    case_no: str = ""
    service_code: str = ""
    clerk: str = ""
    score: int = 0
    reason: str = ""
    stage: str = "received"
    owner: str = ""
    opened_at: str = Field(default="", description="aware UTC ISO-8601 (ticket_time)")
    due: str | None = None
    history: list[TicketStep] = Field(default_factory=list)


class TicketList(_Model):
    office_code: str
    items: list[Ticket] = Field(default_factory=list)
