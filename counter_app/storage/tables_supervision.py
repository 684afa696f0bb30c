"""Supervision area: the 差评 complaint tickets opened at this counter (counter_app.domain.complaints)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base


class ComplaintRow(Base):
    __tablename__ = "complaint_tickets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    service_code: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")      # who served the customer
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    stage: Mapped[str] = mapped_column(String(16), nullable=False)
    owner: Mapped[str] = mapped_column(String(64), nullable=False, default="")     # the supervisor
    opened_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    due: Mapped[date | None] = mapped_column(Date)                                  # the next stage's deadline
    history: Mapped[str] = mapped_column(Text, nullable=False, default="[]")        # [{stage, by, at, note}]
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
