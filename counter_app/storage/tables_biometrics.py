"""Biometrics tables: fingerprint templates captured at 6.6.1.1.2.3, verifications, and the
"continued without prints" records that wait for a supervisor.

``case_id`` is a plain string (no foreign key): the cases table belongs to another area's
migration branch. Template and image bytes are stored as written by ``scheme``: SM4-GCM sealed
(``"sm4-gcm:biometrics"``, counter_app.workflows.fingerprint.Sm4Codec); ``"plain"`` only in stores
written before encryption at rest, which the migration biometrics_0002 seals.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class TemplateScheme:
    plain = "plain"                 # rows from before encryption at rest (sealed by biometrics_0002)
    sm4_gcm = "sm4-gcm:biometrics"  # SM4-GCM, key ``biometrics`` in the OS keyring


class ExemptionStatus:
    """无法采集指纹登记的审批状态."""

    awaiting_supervisor = "awaiting_supervisor"   # 待主管审批
    approved = "approved"                         # 主管已同意
    rejected = "rejected"                         # 主管不同意，须采集

    ALL = (awaiting_supervisor, approved, rejected)


class FingerprintTemplate(Base):
    """指纹模板：one enrolled finger of the applicant of a case."""

    __tablename__ = "fingerprint_templates"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    finger: Mapped[str] = mapped_column(String(16), nullable=False)
    scheme: Mapped[str] = mapped_column(String(32), nullable=False, default=TemplateScheme.plain)
    template: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    template_digest: Mapped[str] = mapped_column(String(64), nullable=False)   # SHA-256 of the plain template
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_width: Mapped[int | None] = mapped_column(Integer)
    image_height: Mapped[int | None] = mapped_column(Integer)
    quality: Mapped[str] = mapped_column(String(8), nullable=False)
    minutiae: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    backend: Mapped[str] = mapped_column(String(16), nullable=False)
    device: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    captured_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")

    __table_args__ = (Index("ix_fingerprint_templates_case", "case_id", "captured_at"),)


class FingerprintVerification(Base):
    """指纹比对记录: a live finger compared with a stored template (e.g. 资格认证 6.6.3)."""

    __tablename__ = "fingerprint_verifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    template_id: Mapped[str] = mapped_column(String(36), nullable=False)
    matched: Mapped[bool] = mapped_column(Boolean, nullable=False)
    purpose: Mapped[str] = mapped_column(String(32), nullable=False, default="certification")
    verified_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    __table_args__ = (Index("ix_fingerprint_verifications_case", "case_id", "verified_at"),)


class FingerprintExemption(Base):
    """无法采集指纹登记: the applicant could not give prints; a supervisor must approve."""

    __tablename__ = "fingerprint_exemptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(24), nullable=False, default=ExemptionStatus.awaiting_supervisor)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    supervisor: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_fingerprint_exemptions_case", "case_id"),
                      Index("ix_fingerprint_exemptions_status", "status"))
