"""Archive area: which archive package versions the centre holds in full (counter_app.sync.archive_upload)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base


class ArchiveUploadRow(Base):
    """A package version (by its manifest's SM3) the centre answered as complete: never sent again."""

    __tablename__ = "archive_uploads"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    bytes_sent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
