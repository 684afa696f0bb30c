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
