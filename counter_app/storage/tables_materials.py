"""Materials area tables: 材料电子化 — the photographed pages of a case's checklist materials
(高拍仪), and the applicant's signatures on its documents (签名板 / 屏幕签名).

Image and signature bytes are personal data: stored encrypted (``scheme`` ``sm4-gcm:<key id>``,
see :mod:`counter_app.storage.crypto`), bound to their row by the AAD. ``digest`` is the SM3 of
the plain bytes, which the archive records. ``case_id`` / ``document_id`` are plain strings (no
foreign key): those tables belong to other areas' migration branches.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class MaterialImage(Base):
    """材料图像: one page of a checklist material, as filed in the archive."""

    __tablename__ = "material_images"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    material_code: Mapped[str] = mapped_column(String(64), nullable=False)
    page_no: Mapped[int] = mapped_column(Integer, nullable=False)
    mime: Mapped[str] = mapped_column(String(32), nullable=False, default="image/jpeg")
    scheme: Mapped[str] = mapped_column(String(48), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)          # SM3 of the plain image
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    dpi: Mapped[int] = mapped_column(Integer, nullable=False)
    device: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    captured_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")

    __table_args__ = (Index("ix_material_images_case", "case_id", "material_code", "page_no", unique=True),)


class CaseSignature(Base):
    """申请人签名: the applicant's signature on one document of the case (PNG, transparent)."""

    __tablename__ = "case_signatures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    document_id: Mapped[str] = mapped_column(String(36), nullable=False)
    document_kind: Mapped[str] = mapped_column(String(48), nullable=False)
    scheme: Mapped[str] = mapped_column(String(48), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    backend: Mapped[str] = mapped_column(String(16), nullable=False)                  # hid | screen
    device: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    signed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    __table_args__ = (Index("ix_case_signatures_document", "document_id", unique=True),
                      Index("ix_case_signatures_case", "case_id"))
