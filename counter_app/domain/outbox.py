"""Outbox entry states (pure constants): the storage tables and the UI lists share them; the UI builds
its lists on the GUI thread without importing SQLAlchemy."""


class OutboxState:
    """Per-entry states shown to the clerk (待发送 / 发送中 / 已同步 / 被拒绝 / 冲突)."""

    pending = "pending"
    sending = "sending"
    synced = "synced"
    rejected = "rejected"
    conflict = "conflict"

    ALL = (pending, sending, synced, rejected, conflict)
