"""Approvals area: the approval requests (审批申请) this counter made or pulled for its office.

The centre is authoritative once a request reaches it; this is the counter's copy (made here, or
mirrored from the pulled ``approval.requested`` / ``approval.decided`` changes), so a supervisor's
queue and the clerk's 待审批 work offline too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base


class ApprovalRequestRow(Base):
    __tablename__ = "approval_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    action: Mapped[str] = mapped_column(String(32), nullable=False)       # an Escalation value
    case_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    service_code: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    maker: Mapped[str] = mapped_column(String(64), nullable=False)
    made_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)   # UTC
    payload_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    required_level: Mapped[int] = mapped_column(Integer, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    state: Mapped[str] = mapped_column(String(16), nullable=False)        # counter_protocol.approvals.ApprovalState
    checker: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    mode: Mapped[str] = mapped_column(String(8), nullable=False, default="")   # on_site | remote
    # approvals_0002: an on-site decision the centre refused, as reconciled here (JSON; "" if none):
    # the refused checker, mode and time, the centre's reason, the refused entries, the documents voided
    centre_refusal: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
