"""差评工单 as the centre serves them to the office's supervisors and auditors
(``GET /offices/{office}/complaints``): every ticket any counter of the office opened and moved on
(``complaint.opened`` / ``complaint.advanced`` entries it pushed), so a 科长 follows the deadlines
from their own workstation. No ID number or name: the case number, the service, the score, the
customer's reason and each stage's note (cleaned: counter_protocol.free_text.shown).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

PATH = "/offices/{office}/complaints"
READERS = ("supervisor", "auditor")
# the stages in order (counter_app.domain.complaints): 已受理 → 已核实 → 已整改 → 已反馈 → 已回访
STAGES = ("received", "checked", "fixed", "reported_back", "followed_up")
STAGE_NAMES = {"received": "已受理", "checked": "已核实", "fixed": "已整改", "reported_back": "已反馈",
               "followed_up": "已回访（办结）"}


def next_stage(stage: str) -> str | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketStep(_Model):
    stage: str
    by: str = ""
    at: str = ""
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
    opened_at: str = ""
    due: str | None = None
    history: list[TicketStep] = Field(default_factory=list)


class TicketList(_Model):
    office_code: str
    items: list[Ticket] = Field(default_factory=list)
