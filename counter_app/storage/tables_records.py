"""Records area: the cache of the person's / the unit's record (参保档案) looked up at the centre.

No personal data in clear: ``key`` is HMAC-SM3 of ``kind:identifier`` and ``sealed`` the record
JSON sealed with SM4-GCM (:mod:`counter_app.storage.crypto`, keys in the OS keyring). ``as_of`` is
the registry's time the record is valid as of (UTC); ``fetched_at`` when this counter got it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base


class RecordCacheRow(Base):
    __tablename__ = "record_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)          # person | unit
    found: Mapped[bool] = mapped_column(Boolean, nullable=False)           # the registry had the record
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)     # SM4-GCM(record JSON | "null")
    as_of: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
