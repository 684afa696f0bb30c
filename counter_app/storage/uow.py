"""Unit of work: the business change and its outbox entries commit together or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from counter_app.storage.db import Store
from counter_app.storage.tables_core import OutboxEntry, OutboxState
from counter_protocol.canonical import canonical_json, payload_digest


def new_id() -> str:
    """Time-ordered client id (UUIDv7) for outbox entries and records made offline."""
    import uuid6

    return str(uuid6.uuid7())


@dataclass
class OutboxWriter:
    session: Session
    actor: str
    workstation_id: str
    added: list[OutboxEntry] = field(default_factory=list)

    def add(self, *, kind: str, aggregate_type: str, aggregate_id: str, payload: dict, entry_id: str | None = None) -> OutboxEntry:
        body = canonical_json(payload)
        entry = OutboxEntry(
            id=entry_id or new_id(),
            kind=kind,
            aggregate_type=aggregate_type,
            aggregate_id=str(aggregate_id),
            payload=body,
            payload_digest=payload_digest(body),
            actor=self.actor,
            workstation_id=self.workstation_id,
            state=OutboxState.pending,
        )
        self.session.add(entry)
        self.added.append(entry)
        return entry


class UnitOfWork:
    """``with UnitOfWork(store, actor=...) as uow: ...; uow.commit()`` — rolled back unless committed.

    Opens a write transaction (BEGIN IMMEDIATE) so concurrent writers wait on the busy timeout.
    ``events`` collects domain events raised inside for whoever wants them after commit.
    """

    def __init__(self, store: Store, *, actor: str = "", workstation_id: str = ""):
        self.store = store
        self.actor = actor
        self.workstation_id = workstation_id
        self.events: list[Any] = []
        self.committed = False

    def __enter__(self) -> "UnitOfWork":
        self.session = self.store.new_session()
        self.session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        self.outbox = OutboxWriter(self.session, self.actor, self.workstation_id)
        return self

    def audit(self, action: str, *, object_type: str = "", object_id: str = "", result: str = "ok",
              detail: str = "", actor: str | None = None) -> None:
        """Chain an audit record (counter_app.storage.audit) into this transaction."""
        from counter_app.storage.audit import append

        append(self.session, actor=self.actor if actor is None else actor, workstation_id=self.workstation_id,
               action=action, object_type=object_type, object_id=object_id, result=result, detail=detail)

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed:
                self.session.rollback()
        finally:
            self.session.close()
