"""Printing area tables: issued documents (文书), number counters (文号), print queue, archive (档案)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class NumberCounter(Base):
    """Last number handed out in one series (分局 + 工作站 + 安装标识 + 年度, or an archive series)."""

    __tablename__ = "number_counters"

    series: Mapped[str] = mapped_column(String(96), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class DocumentRecord(Base):
    """One issued document: its number, the content fields it was rendered from and their SM3 digest."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)          # UUIDv7
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(48), nullable=False)
    number: Mapped[str] = mapped_column(String(96), nullable=False, unique=True)
    series: Mapped[str] = mapped_column(String(96), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    fields: Mapped[str] = mapped_column(Text, nullable=False)               # canonical JSON
    digest: Mapped[str] = mapped_column(String(64), nullable=False)         # SM3 hex
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    layout: Mapped[int | None] = mapped_column(Integer)   # printing.layout.LAYOUT_VERSION at issue; NULL: 1

    __table_args__ = (Index("ix_documents_case", "case_id", "created_at"),
                      Index("ix_documents_created", "created_at", "seq"))    # growth_0004: a day's 文书


class PrintJob(Base):
    """A print job kept in the store: queued → printing → done, or waiting (offline / out of paper / error)."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id"))
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    pdf_path: Mapped[str] = mapped_column(Text, nullable=False)
    printer: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    copies: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    reason: Mapped[str | None] = mapped_column(String(24))       # offline | out_of_paper | error
    detail: Mapped[str | None] = mapped_column(Text)             # Chinese, for the clerk
    reprint: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)   # 补打
    backend_job_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_print_jobs_state", "state", "id"),)


class PrintJobPdf(Base):
    """The PDF of one print job, kept inside the encrypted store (SQLCipher) — never as a file on
    disk: it holds the applicant's name and ID number. Retry, transfer and the clerk's look at a
    job read it from here; CUPS gets it on ``lp``'s standard input."""

    __tablename__ = "print_job_pdfs"

    job_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)     # print_jobs.id
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sm3: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class PrintEvent(Base):
    """Print log (打印日志): every submission, state change, retry, transfer and reprint."""

    __tablename__ = "print_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("print_jobs.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    event: Mapped[str] = mapped_column(String(32), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    actor: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    __table_args__ = (Index("ix_print_events_job", "job_id", "id"),)


class ArchiveRecord(Base):
    """A filed case (归档文件) with GB/T 31599-style metadata."""

    __tablename__ = "archive_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    archive_no: Mapped[str] = mapped_column(String(96), nullable=False, unique=True)   # 档号
    case_id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    category: Mapped[str] = mapped_column(String(64), nullable=False)                  # 门类/类别
    retention: Mapped[str] = mapped_column(String(16), nullable=False)                 # 保管期限
    year: Mapped[int] = mapped_column(Integer, nullable=False)                          # 年度
    filed_date: Mapped[str] = mapped_column(String(10), nullable=False)                # 归档日期
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")        # 题名
    items: Mapped[str] = mapped_column(Text, nullable=False)                            # canonical JSON
    checksum: Mapped[str] = mapped_column(String(64), nullable=False)                  # SM3 of items
    clerk: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
