"""Field area (外勤上门认证): the roster pulled onto a field laptop and the visits recorded on it.

No personal data in clear: an assignment's ``key`` is HMAC-SM3 of the ID number (purpose key
``field``), its person (name, ID, address, phone, dates, reason) is one SM4-GCM blob sealed with
the ``field`` purpose key, and the enrolled template and photo are sealed with the ``biometrics``
purpose key (counter_app.storage.crypto; keys only in the OS keyring) — on top of the store's
SQLCipher encryption. An assignment is wiped once its visit has synced or the roster has expired.

A visit's content and seal travel in its outbox entry (``field.visit_recorded``); the row here
holds what the laptop lists without opening anything: the result, the time and the staff.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class FieldAssignment(Base):
    """一项上门认证任务 (one pensioner of the pulled roster)."""

    __tablename__ = "field_assignments"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)          # HMAC-SM3("field:" + ID number)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    pulled_by: Mapped[str] = mapped_column(String(64), nullable=False)
    pulled_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)  # the roster's validity (UTC)
    valid_until: Mapped[date | None] = mapped_column(Date)                  # certification valid through (sorting)
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)      # SM4-GCM(person JSON), purpose "field"
    template: Mapped[bytes | None] = mapped_column(LargeBinary)             # SM4-GCM(template), purpose "biometrics"
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)                # SM4-GCM(photo), purpose "biometrics"
    visit_id: Mapped[str | None] = mapped_column(String(36))                # set once visited

    __table_args__ = (Index("ix_field_assignments_user", "pulled_by", "valid_until"),)


class FieldVisitRow(Base):
    """一次上门认证记录 as recorded on this laptop; content and seal are in the outbox entry."""

    __tablename__ = "field_visit_records"

    visit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # the outbox entry carrying it, under its current key (OutboxRepository._rekey moves it); the
    # stable link is the entry's aggregate (field_visit, visit_id): workflows.field._carries
    entry_id: Mapped[str] = mapped_column(String(36), nullable=False)
    assignment_key: Mapped[str] = mapped_column(String(64), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)
    visited_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    staff: Mapped[str] = mapped_column(String(140), nullable=False)         # "user1,user2"
    recorded_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # the end of the roster it was recorded against: once synced and past it, the outbox payload's
    # personal data is cleared (workflows.field.wipe); NULL (recorded before field_0002): once synced
    keep_until: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_field_visit_records_recorded", "recorded_by", "visited_at"),)
