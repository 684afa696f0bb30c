"""Case (办件) tables: cases, their transitions, checklist ticks, applicant data, step records, documents.

Applicant data is limited to what the services and their documents need (no photos, no free
personal history). Transitions and steps are append-only: who, when, from, to, why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class CaseRow(Base):
    """办件: one application at the window, pinned to the catalog version it started under."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)   # 办件编号
    service_code: Mapped[str] = mapped_column(String(40), nullable=False)
    catalog_version: Mapped[str] = mapped_column(String(20), nullable=False)
    service_snapshot: Mapped[str] = mapped_column(Text, nullable=False)   # the catalog entry as JSON
    applicant_type: Mapped[str] = mapped_column(String(16), nullable=False)
    variants: Mapped[str] = mapped_column(Text, nullable=False, default="[]")      # JSON list
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="{}")         # JSON: rule inputs
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    missing_items: Mapped[str] = mapped_column(Text, nullable=False, default="[]")  # last 一次性告知
    reasons: Mapped[str] = mapped_column(Text, nullable=False, default="[]")        # 不予受理/不予认定理由
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)      # 办结 / 不予认定 / 不予受理
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 服务质量评价 (7.5.2)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # growth_0008: why the case waits (等待中), as counter_app.domain.waiting.stored_waiting works it
    # out — written in the transaction that changes the case, its steps or its approval requests
    # (counter_app.workflows.case_waiting); "" when it does not wait
    waiting_kind: Mapped[str] = mapped_column(String(16), nullable=False, default="", server_default="")
    waiting_arg: Mapped[str] = mapped_column(String(32), nullable=False, default="", server_default="")

    __table_args__ = (
        Index("ix_cases_state", "state", "updated_at"),
        Index("ix_cases_service", "service_code", "created_at"),
        Index("ix_cases_updated", "updated_at", "case_no"),          # growth_0001: newest first
        Index("ix_cases_created", "created_at"),                     # growth_0004: the office's day
        Index("ix_cases_closed", "closed_at", "accepted_at"),        # growth_0004: open or closed since
        Index("ix_cases_state_archived", "state", "archived_at"),    # growth_0004: housekeeping's order
        Index("ix_cases_rated", "rated_at"),                         # growth_0007: ratings of the day
        Index("ix_cases_waiting", "updated_at", "case_no",           # growth_0008: 等待中, newest first
              sqlite_where=text("waiting_kind <> ''")),
    )


class CaseApplicantRow(Base):
    """申请人信息: only the fields the services and documents need."""

    __tablename__ = "case_applicants"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, default="")          # 参保人姓名
    id_kind: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    id_number: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    unit_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    credit_code: Mapped[str] = mapped_column(String(18), nullable=False, default="")
    agent_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")    # 代办人 / 遗属
    agent_id_number: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")      # 送达地址

    # growth_0001: a search by name / ID number / unit is an index lookup, not a scan of years of
    # cases. The indexed values are the ones this table holds anyway (see docs/architecture.md,
    # "A store that holds years of cases", for the trade-off against keyed hashes).
    __table_args__ = tuple(Index(f"ix_case_applicants_{col}", col, sqlite_where=text(f"{col} <> ''"))
                           for col in ("name", "id_number", "agent_name", "agent_id_number", "credit_code", "unit_name"))


APPLICANT_FIELDS = ("name", "id_kind", "id_number", "unit_name", "credit_code", "agent_name", "agent_id_number",
                    "phone", "address")


class CaseTransitionRow(Base):
    """One state change: who, when, from, to, why (append-only)."""

    __tablename__ = "case_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    from_state: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    to_state: Mapped[str] = mapped_column(String(16), nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    escalation: Mapped[str | None] = mapped_column(String(32))     # 审批点
    approved_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    outbox_id: Mapped[str] = mapped_column(String(36), nullable=False, default="")

    __table_args__ = (Index("ix_case_transitions_case", "case_id", "id"),
                      Index("ix_case_transitions_action", "case_id", "action", "at"))   # growth_0004: the day's times


class CaseTickRow(Base):
    """Checklist tick for a material, or the clerk's confirmation of a condition."""

    __tablename__ = "case_ticks"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)       # material | condition
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), nullable=False)        # present|missing|defective / met|unmet
    problem: Mapped[str] = mapped_column(Text, nullable=False, default="")
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class CaseStepRow(Base):
    """A service step record: fingerprint template ref, publicity, letters/sheets, fund transfer, termination…"""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    step_code: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)
    data: Mapped[str] = mapped_column(Text, nullable=False, default="{}")   # JSON (template_ref, start/end, letter no…)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    escalation: Mapped[str | None] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    outbox_id: Mapped[str] = mapped_column(String(36), nullable=False, default="")

    __table_args__ = (Index("ix_case_steps_case", "case_id", "id"),)


class CaseDocumentRow(Base):
    """A document an outcome or step produced; ``issued_id`` links the printed notice when issued."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    source: Mapped[str] = mapped_column(String(40), nullable=False)     # action or step code that produced it
    fields: Mapped[str] = mapped_column(Text, nullable=False)           # JSON content fields
    issued_id: Mapped[str | None] = mapped_column(String(64))          # IssuedDocument id (printing)
    number: Mapped[str | None] = mapped_column(String(64))             # 文号
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending | issued | voided
    # cases_0002: why an issued document was voided (作废: issued under an on-site approval the centre
    # refused); the record and its 文号 stay, the number is never given again
    void_reason: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (
        Index("ix_case_documents_case", "case_id", "id"),
        UniqueConstraint("case_id", "kind", "source", name="uq_case_documents_case_kind_source"),
    )
