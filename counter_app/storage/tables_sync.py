"""Sync area tables: pulled reference data and case updates, offline-login verifiers, re-keyed entries.

The sync cursor and status facts live in the foundation's ``meta`` table under ``sync.*`` keys.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.base import Base, utcnow


class ReferenceVersionRow(Base):
    """参考数据（业务目录、材料、政策参数）按版本保存，来自中心服务。"""

    __tablename__ = "sync_reference"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    effective_from: Mapped[str | None] = mapped_column(String(10))
    content: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # the centre's change cursor of the ``reference.published`` change: its publication order, by
    # which the version in force is chosen (sync_0005; None in rows pulled before it)
    published_seq: Mapped[int | None] = mapped_column(Integer)


class InboxChange(Base):
    """A change pulled from the centre (收到信息表、上级决定…), kept until the flows apply it."""

    __tablename__ = "sync_inbox"

    cursor: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    aggregate_type: Mapped[str] = mapped_column(String(32), nullable=False)
    aggregate_id: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    # how it was applied (counter_app.workflows.inbox): applied | approved | refused | not_applicable | unknown_case
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)          # 中文说明（谁决定、为何未能应用）

    __table_args__ = (Index("ix_sync_inbox_aggregate", "aggregate_type", "aggregate_id"),)


class OfflineCredential(Base):
    """Salted argon2 verifier of the last successful online login (离线登录), never the password."""

    __tablename__ = "sync_offline_credentials"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    verifier: Mapped[str] = mapped_column(Text, nullable=False)
    user_json: Mapped[str] = mapped_column(Text, nullable=False)
    central_url: Mapped[str] = mapped_column(String(256), nullable=False)
    last_online_login_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # HMAC-SHA256 over the row, keyed from the OS keyring (counter_app.sync.keystore): a row written
    # into the store by other means grants nothing
    mac: Mapped[str] = mapped_column(String(64), nullable=False, default="", server_default="")
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # a supervisor's approval key for this workstation (现场授权), sealed under their password
    # (counter_app.sync.central_hash.seal_approval_key); never in clear
    approval_key_sealed: Mapped[str | None] = mapped_column(Text)


class SupersededEntry(Base):
    """An outbox entry re-keyed after an edit or a retry: ``new_id`` replaces ``old_id``."""

    __tablename__ = "sync_superseded"

    old_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    new_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    why: Mapped[str] = mapped_column(String(16), nullable=False)  # edit | retry
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
