"""Client-side outbox repository (待同步队列): claim, mark, recover, retry, edit, list, counts.

States: pending 待发送 → sending 发送中 → synced 已同步 | rejected 被拒绝 | conflict 冲突.

Rules that keep the clerk's work safe:
- an entry is claimed only when no earlier entry of the same case (aggregate) is still unresolved
  (pending or sending), so order is kept per case while other cases go ahead;
- a result is applied only if the entry is still ``sending`` with the digest that was sent; an
  entry edited meanwhile goes back to pending under a new key (the server may hold the old
  content, and the same key with different content would be a conflict) — the edit is not lost;
- ``sending`` entries left by a dead worker go back to pending (the server is idempotent, so a
  resend can never duplicate).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, cast

from sqlalchemy import DateTime, Table, and_, bindparam, case, func, select, text, update

from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import OutboxEntry, OutboxState
from counter_app.storage.tables_field import FieldVisitRow
from counter_app.storage.tables_sync import SupersededEntry
from counter_app.storage.uow import new_id
from counter_protocol.canonical import canonical_json, payload_digest
from counter_protocol.free_text import shown
from counter_protocol import sync as p
from counter_protocol.field import AGGREGATE, CLEARED_EXPIRED, CLEARED_SUPERSEDED, VISIT_KIND, WIPED
from counter_protocol.samecase import ANNOUNCE_KIND

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

log = logging.getLogger(__name__)
S = OutboxState

# the centre's reason and suggested action for an entry, as stored and shown: cleaned and bounded
# (counter_protocol.free_text.shown; they come from another party and reach the clerk's screen)
RESULT_TEXT_MAX_CHARS = 500
# an entry the centre's push answer left out goes back to the queue, due again after this: not in
# the same round (a centre that keeps leaving it out would have it sent for ever), but the next
UNANSWERED_RETRY = timedelta(seconds=30)
UNANSWERED = "中心的答复中没有这条记录，下次同步时再发"

STATE_LABELS = {
    S.pending: "待发送",
    S.sending: "发送中",
    S.synced: "已同步",
    S.rejected: "被拒绝",
    S.conflict: "冲突",
}
# a rejected field visit cleared at the laptop (counter_app.storage.field_clearing): it stays
# rejected, shown by why it can no longer be sent
CLEARED_LABELS = {"expired": "已过期清除", "superseded": "已被取代清除"}


class Claimed(NamedTuple):
    """An entry as it was sent: the seq identifies the row, id + digest what the server got.

    ``body`` is the entry's JSON exactly as it goes into the push request (an ``OutboxItem``),
    built by SQLite from the stored canonical payload; ``item`` parses it when a model is wanted.
    (A named tuple: a batch is a thousand of them, made straight from the query's rows.)
    """

    seq: int
    id: str
    payload_digest: str
    body: str

    @property
    def item(self) -> p.OutboxItem:
        return p.OutboxItem.model_validate_json(self.body)


@dataclass(frozen=True)
class EntryView:
    """One row of the outbox view (UI / ``queue list``)."""

    seq: int
    id: str
    kind: str
    aggregate_type: str
    aggregate_id: str
    actor: str
    state: str
    state_label: str
    attempts: int
    reason: str | None
    suggested_action: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sending_since: datetime | None
    next_attempt_at: datetime | None
    synced_at: datetime | None
    # a rejected field visit whose personal data the laptop cleared: why (expired / superseded)
    cleared: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class MarkSummary:
    synced: int = 0
    rejected: int = 0
    conflict: int = 0
    changed_while_sending: int = 0
    skipped: int = 0
    unanswered: int = 0      # sent, but the answer had no result for them: back to pending


class OutboxError(Exception):
    """A clerk-facing problem with an outbox operation (Chinese message); ``reason``, when set, is
    the refusal as data (counter_app.domain.refusals), which the window words in its language."""

    reason: object = None


def _refused(refusal) -> OutboxError:
    err = OutboxError(str(refusal))
    err.reason = refusal
    return err


# What may hold an entry back: an earlier entry of its case still in flight outside ``ahead_of``
# or waiting for its backoff. Those are few (at most a batch or two in flight; ``ix_outbox_backoff``
# holds only the waiting ones, migration growth_0006_sync), so they are found once per claim and
# grouped per case (its first such entry), instead of walking back through every case's entries,
# synced ones included, for each candidate.
_BLOCKERS_SQL = """
    SELECT aggregate_type, aggregate_id, min(seq) AS first FROM (
      SELECT aggregate_type, aggregate_id, seq FROM outbox
      WHERE state = 'sending' AND seq NOT IN (SELECT value FROM json_each(:ahead_of))
      UNION ALL
      SELECT aggregate_type, aggregate_id, seq FROM outbox INDEXED BY ix_outbox_backoff
      WHERE state = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at > :now)
    GROUP BY aggregate_type, aggregate_id
"""

# A case transition's 参保人 for the centre's same-person index (OutboxItem.person, counter_protocol.samecase):
# the ID number as the case holds it when the entry is sent (an ID number corrected while the case was
# returned goes with its next transition) — or, for a unit's own case (参保单位, no ID number), the unit's
# 统一社会信用代码 (counter_app.workflows.cases.case_party) — never part of the payload or its digest; null
# for a case without either and any other entry but a case's announcement to the index (case.samecase,
# migrations growth_0009_samecase_announce, growth_0010_unit_samecase)
_VARIANTS_SQL = """CASE WHEN json_valid(c.variants) AND json_type(c.variants) = 'array'
                        THEN json(c.variants) ELSE json('[]') END"""
_PERSON_SQL = f"""(SELECT CASE
                      WHEN length(a.id_number) BETWEEN 15 AND 18 AND a.id_number NOT GLOB '*[^0-9A-Za-z]*'
                        THEN json_object('id_number', a.id_number, 'variants', {_VARIANTS_SQL})
                      WHEN a.id_number = '' AND c.applicant_type = 'unit' AND length(a.credit_code) = 18
                           AND a.credit_code NOT GLOB '*[^0-9A-Za-z]*'
                        THEN json_object('credit_code', upper(a.credit_code), 'variants', {_VARIANTS_SQL})
                    END
                    FROM case_applicants a JOIN cases c ON c.id = a.case_id
                    WHERE o.kind IN ('case.transition', '{ANNOUNCE_KIND}') AND o.aggregate_type = 'case'
                      AND a.case_id = o.aggregate_id)"""

_CLAIM_ROWS_SQL = text(
    f"""
    WITH blockers AS MATERIALIZED ({_BLOCKERS_SQL})
    SELECT o.seq, o.id, o.payload_digest,
           json_object('id', o.id, 'seq', o.seq, 'kind', o.kind, 'aggregate_type', o.aggregate_type,
                       'aggregate_id', o.aggregate_id, 'payload', json(o.payload),
                       'payload_digest', o.payload_digest, 'actor', coalesce(o.actor, ''),
                       'created_at', replace(o.created_at, ' ', 'T'),
                       'supersedes', (SELECT l.old_id FROM sync_superseded l WHERE l.new_id = o.id
                                      ORDER BY l.rowid DESC LIMIT 1),
                       'person', {_PERSON_SQL})
    FROM outbox o
    WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
      AND NOT EXISTS (SELECT 1 FROM blockers b WHERE b.aggregate_type = o.aggregate_type
                      AND b.aggregate_id = o.aggregate_id AND b.first < o.seq)
    ORDER BY o.seq
    LIMIT :limit
    """
).bindparams(bindparam("now", type_=DateTime))

_MARK_SENDING_SQL = text(
    """
    UPDATE outbox SET state = 'sending', sending_since = :now, attempts = attempts + 1, updated_at = :now
    WHERE seq IN (SELECT value FROM json_each(:seqs))
    """
).bindparams(bindparam("now", type_=DateTime))

_CURRENT_SQL = text("SELECT seq, state, payload_digest, actor FROM outbox WHERE seq IN (SELECT value FROM json_each(:seqs))")

_MARK_SYNCED_SQL = text(
    """
    UPDATE outbox SET state = 'synced', synced_at = :now, updated_at = :now, sending_since = NULL, reason = NULL,
                      suggested_action = NULL, last_error = NULL, next_attempt_at = NULL
    WHERE seq IN (SELECT value FROM json_each(:seqs)) AND state = 'sending'
    """
).bindparams(bindparam("now", type_=DateTime))


# The answered entries move in the tally in one step per clerk (sending counts as pending there,
# migration growth_0006_sync): the per-row trigger is paused for the one UPDATE, in the same write
# transaction, and the pause is lifted before anything else happens (see _mark_synced).
_TALLY_PAUSE = "INSERT INTO outbox_tally_paused (one) VALUES (1)"
_TALLY_RESUME = "DELETE FROM outbox_tally_paused"
_TALLY_MOVE = ("UPDATE outbox_tally SET n = n - :n WHERE actor = :actor AND state = 'pending'",
               ("INSERT INTO outbox_tally (actor, state, n) VALUES (:actor, 'synced', :n)"
                " ON CONFLICT (actor, state) DO UPDATE SET n = n + excluded.n"))


def _result_text(text: str | None) -> str | None:
    """The centre's reason / suggested action for an entry as stored (None stays None)."""
    return None if text is None else shown(text, RESULT_TEXT_MAX_CHARS)


def _driver(s):
    """The DB-API connection under the session, inside the session's transaction (begun already)."""
    return s.connection().connection.driver_connection


def _stored_time(dt: datetime) -> str:
    """A naive UTC datetime as SQLAlchemy stores a DateTime in SQLite (for statements run on the
    driver connection directly; the stored text compares and sorts like the ORM's)."""
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


class OutboxRepository:
    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------------ worker side

    def claim_batch(self, limit: int, now: datetime | None = None, *, ahead_of: Iterable[Claimed] = ()) -> list[Claimed]:
        """Move up to ``limit`` due entries to ``sending`` (one write transaction) and return them.

        Set-based: one SELECT picks the due entries and builds each one's request JSON in SQLite
        (the stored payload is already canonical JSON), one UPDATE marks them all ``sending``.

        ``ahead_of``: a batch claimed earlier that will reach the centre before this one (the
        worker sends batches one after the other and sends this one only if that one got its
        answer). Its entries then do not hold back later entries of their cases.
        """
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            claimed = self._claim(s, limit, now, ahead_of)
            if claimed:
                s.commit()
            else:
                s.rollback()
        return claimed

    def mark_and_claim(self, sent: list[Claimed], results: Iterable[p.EntryResult], limit: int, *,
                       ahead_of: Iterable[Claimed] = (), now: datetime | None = None) -> tuple[MarkSummary, list[Claimed]]:
        """:meth:`mark_results` of a batch the centre answered and :meth:`claim_batch` of the next
        one, in ONE write transaction (the worker does both while the batch between them is on the
        wire): one commit of the encrypted store instead of two. Either both happen or neither."""
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            ahead_of = list(ahead_of)
            summary = self._mark(s, sent, results, now, in_flight=ahead_of)
            claimed = self._claim(s, limit, now, ahead_of) if limit > 0 else []
            s.commit()
        return summary, claimed

    @staticmethod
    def _claim(s, limit: int, now: datetime, ahead_of: Iterable[Claimed]) -> list[Claimed]:
        """The claim inside the caller's write transaction (not committed), on the session's own
        driver connection: the thousand rows come back as plain tuples, not result rows."""
        raw = _driver(s)
        stamp = _stored_time(now)
        ahead = json.dumps([c.seq for c in ahead_of])
        rows = raw.execute(_CLAIM_ROWS_SQL.text, {"now": stamp, "limit": limit, "ahead_of": ahead}).fetchall()
        if not rows:
            return []
        raw.execute(_MARK_SENDING_SQL.text, {"now": stamp, "seqs": json.dumps([r[0] for r in rows])})
        return list(map(Claimed._make, rows))

    @staticmethod
    def _item(r: OutboxEntry, supersedes: str | None) -> p.OutboxItem:
        return p.OutboxItem.model_construct(
            id=r.id, seq=r.seq, kind=r.kind, aggregate_type=r.aggregate_type, aggregate_id=r.aggregate_id,
            payload=json.loads(r.payload), payload_digest=r.payload_digest, actor=r.actor or "",
            created_at=r.created_at, supersedes=supersedes,
        )

    def mark_results(self, sent: list[Claimed], results: Iterable[p.EntryResult], now: datetime | None = None) -> MarkSummary:
        """Apply the server's per-entry results in one transaction (set-based: one SELECT of the
        current rows, one UPDATE for all accepted entries)."""
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            summary = self._mark(s, sent, results, now)
            s.commit()
        return summary

    def _mark(self, s, sent: list[Claimed], results: Iterable[p.EntryResult], now: datetime, *,
              in_flight: Iterable[Claimed] = ()) -> MarkSummary:
        """:meth:`mark_results` inside the caller's write transaction (not committed).

        An entry the answer has no result for, still ``sending`` with what was sent, goes back to
        pending now, due again after UNANSWERED_RETRY (``summary.unanswered``) — unless it is in
        ``in_flight``, a batch on the wire that claimed it again. Results for ids not sent are
        ignored (and logged: a centre answering so is broken or not the centre)."""
        by_id = {r.id: r for r in results}
        summary = MarkSummary()
        stray = len(by_id.keys() - {c.id for c in sent})
        if stray:
            log.warning("push answer has %d results for entries not in the batch sent (%d entries): ignored",
                        stray, len(sent))
        on_wire = {c.seq for c in in_flight}
        seqs = json.dumps([c.seq for c in sent])
        # the session's own driver connection: a thousand rows as plain tuples
        raw = _driver(s)
        current = {seq: (state, digest, actor) for seq, state, digest, actor in raw.execute(_CURRENT_SQL.text, {"seqs": seqs})}
        synced, final, edited, unanswered = [], [], [], []
        per_actor: dict[str, int] = {}
        for c in sent:
            res = by_id.get(c.id)
            state, digest, actor = current.get(c.seq, (None, None, None))
            if res is not None and state is not None and digest != c.payload_digest:
                # edited while in flight: the edit stays and goes out under a new key
                summary.changed_while_sending += 1
                if state == S.sending:
                    edited.append(c)
                continue
            if res is None and state == S.sending and digest == c.payload_digest and c.seq not in on_wire:
                unanswered.append(c.seq)     # sent, not answered: the queue again, not 发送中 for ever
                continue
            if res is None or state != S.sending:
                summary.skipped += 1
                continue
            if res.outcome == "accepted":
                synced.append(c.seq)
                per_actor[actor] = per_actor.get(actor, 0) + 1
            else:
                final.append({"b_seq": c.seq, "b_state": res.outcome,
                              "b_reason": _result_text(res.reason), "b_action": _result_text(res.suggested_action)})
        if synced:
            # still ``sending`` with the digest that was sent (checked above, same transaction)
            self._mark_synced(raw, synced, per_actor, now)
            summary.synced = len(synced)
        if final:
            t = cast(Table, OutboxEntry.__table__)
            s.execute(
                update(t).where(t.c.seq == bindparam("b_seq"))
                .values(state=bindparam("b_state"), reason=bindparam("b_reason"),
                        suggested_action=bindparam("b_action"), updated_at=now, sending_since=None,
                        next_attempt_at=None),
                final,
            )
            summary.rejected = sum(1 for f in final if f["b_state"] == S.rejected)
            summary.conflict = sum(1 for f in final if f["b_state"] == S.conflict)
        if unanswered:
            s.execute(update(OutboxEntry).where(OutboxEntry.seq.in_(unanswered), OutboxEntry.state == S.sending)
                      .values(state=S.pending, sending_since=None, next_attempt_at=now + UNANSWERED_RETRY,
                              last_error=UNANSWERED, updated_at=now),
                      execution_options={"synchronize_session": False})
            summary.unanswered = len(unanswered)
            log.warning("push answer left out %d of %d entries sent: back in the queue", len(unanswered), len(sent))
        for c in edited:
            self._rekey(s, c.seq, "edit", now)
        return summary

    @staticmethod
    def _mark_synced(raw, seqs: list[int], per_actor: dict[str, int], now: datetime) -> None:
        """``sending`` -> ``synced`` for ``seqs`` (read as ``sending`` in this same write
        transaction; ``per_actor``: how many of them each clerk has), with the tally moved once per
        clerk instead of by the trigger per entry. Any failure raises and the caller's transaction
        rolls back whole, the pause with it."""
        raw.execute(_TALLY_PAUSE)
        changed = raw.execute(_MARK_SYNCED_SQL.text, {"now": _stored_time(now), "seqs": json.dumps(seqs)}).rowcount
        if changed != len(seqs):   # cannot happen under the write lock; never let the tally drift
            raise RuntimeError(f"outbox changed under the sync's write lock ({changed} of {len(seqs)} rows)")
        for statement in _TALLY_MOVE:
            raw.executemany(statement, [{"actor": actor, "n": n} for actor, n in per_actor.items()])
        raw.execute(_TALLY_RESUME)

    def release(self, sent: list[Claimed], error: str, delay: timedelta, now: datetime | None = None,
                count_attempt: bool = True) -> int:
        """Network error / 5xx: back to pending, due again after ``delay`` (backoff)."""
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            values: dict[str, Any] = dict(state=S.pending, sending_since=None, last_error=error[:2000], next_attempt_at=now + delay,
                          updated_at=now)
            if not count_attempt:
                values["attempts"] = func.max(OutboxEntry.attempts - 1, 0)
            n = cast("CursorResult[Any]", s.execute(
                update(OutboxEntry).where(OutboxEntry.seq.in_([c.seq for c in sent]), OutboxEntry.state == S.sending)
                .values(**values), execution_options={"synchronize_session": False},
            )).rowcount
            s.commit()
        return n

    def recover_stuck(self, older_than: timedelta | None = None, now: datetime | None = None) -> int:
        """Entries left in ``sending`` (a crashed or killed worker) go back to pending.

        With ``older_than=None`` every sending entry is recovered: call that only while holding the
        sync lock (:class:`counter_app.sync.worker.SyncLock`), i.e. when no other worker is alive.
        """
        now = now or utcnow()
        # nothing in flight (every round but one after a crash): no write transaction, which would
        # take the store's write lock from the clerk's work each round for nothing. No entry turns
        # ``sending`` meanwhile but by a worker's claim, and the caller holds the sync lock (or the
        # age limit leaves a fresh claim alone).
        with self.store.session() as s:
            if s.execute(text("SELECT 1 FROM outbox WHERE state = 'sending' LIMIT 1")).first() is None:
                return 0
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            q = update(OutboxEntry).where(OutboxEntry.state == S.sending)
            if older_than is not None:
                q = q.where(OutboxEntry.sending_since <= now - older_than)
            n = cast("CursorResult[Any]", s.execute(
                q.values(state=S.pending, sending_since=None, next_attempt_at=None, updated_at=now,
                         last_error="上次发送中断（程序退出或断网），已重新排队"),
                execution_options={"synchronize_session": False})).rowcount
            s.commit()
        return n

    # ------------------------------------------------------------------ reconcile (核对)

    def synced_count(self) -> int:
        with self.store.session() as s:
            return s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == S.synced)) or 0

    def synced_keys(self, page: int) -> Iterable[list[str]]:
        """The keys of every synced entry, ``page`` at a time, in seq order."""
        after = 0
        while True:
            with self.store.session() as s:
                rows = s.execute(select(OutboxEntry.seq, OutboxEntry.id).where(OutboxEntry.state == S.synced,
                                                                               OutboxEntry.seq > after)
                                 .order_by(OutboxEntry.seq).limit(page)).all()
            if not rows:
                return
            after = rows[-1][0]
            yield [key for _, key in rows]

    def requeue_missing(self, keys: Iterable[str], now: datetime | None = None) -> int:
        """Synced entries the centre turned out not to hold go back to pending (same key: the centre
        has nothing under it, so it is not "same key, different content")."""
        keys = list(keys)
        if not keys:
            return 0
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            n = cast("CursorResult[Any]", s.execute(
                update(OutboxEntry).where(OutboxEntry.id.in_(keys), OutboxEntry.state == S.synced,
                                          func.json_extract(OutboxEntry.payload, f"$.{WIPED}").is_(None))
                .values(state=S.pending, synced_at=None, next_attempt_at=None, updated_at=now,
                        last_error="中心核对时未找到此记录（中心数据可能已从备份恢复），已重新排队发送"),
                execution_options={"synchronize_session": False})).rowcount
            s.commit()
        return n

    def synced_items(self, keys: Iterable[str]) -> list[p.OutboxItem]:
        """The synced entries among ``keys`` as they were pushed, in seq order — but those whose
        content was cleared after its keeping period (a field visit): nothing left to send."""
        keys = list(keys)
        if not keys:
            return []
        with self.store.session() as s:
            rows = s.scalars(select(OutboxEntry).where(
                OutboxEntry.id.in_(keys), OutboxEntry.state == S.synced,
                func.json_extract(OutboxEntry.payload, f"$.{WIPED}").is_(None)).order_by(OutboxEntry.seq))
            return [self._item(r, None) for r in rows]

    def cleared_among(self, keys: Iterable[str]) -> int:
        """How many of these synced entries can no longer be sent: their content was cleared after
        its keeping period (a field visit, workflows.field.clear_synced_visits)."""
        keys = list(keys)
        if not keys:
            return 0
        with self.store.session() as s:
            return s.scalar(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.id.in_(keys), OutboxEntry.state == S.synced,
                func.json_extract(OutboxEntry.payload, f"$.{WIPED}").is_not(None))) or 0

    # ------------------------------------------------------------------ clerk side

    def _rekey(self, s, seq: int, why: str, now: datetime) -> str:
        row = s.get(OutboxEntry, seq)
        old = row.id
        row.id = new_id()
        row.state = S.pending
        row.attempts = 0
        row.sending_since = None
        row.next_attempt_at = None
        row.reason = None
        row.suggested_action = None
        row.updated_at = now
        s.flush()
        s.merge(SupersededEntry(old_id=old, new_id=row.id, why=why, created_at=now))
        # chains: anything that pointed at ``old`` as its replacement now points at the newest key
        s.execute(update(SupersededEntry).where(SupersededEntry.new_id == old).values(new_id=row.id),
                  execution_options={"synchronize_session": False})
        # a field visit's record names the entry carrying it (workflows.field): it follows the new key
        s.execute(update(FieldVisitRow).where(FieldVisitRow.entry_id == old).values(entry_id=row.id),
                  execution_options={"synchronize_session": False})
        return row.id

    def _find(self, s, entry_id: str) -> OutboxEntry:
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.id == entry_id)).first()
        if row is None:
            link = s.get(SupersededEntry, entry_id)
            if link is not None:
                row = s.scalars(select(OutboxEntry).where(OutboxEntry.id == link.new_id)).first()
        if row is None:
            raise OutboxError(f"待同步队列中没有编号为 {entry_id} 的记录")
        return row

    def retry(self, entry_id: str, now: datetime | None = None) -> str:
        """Send again now. A rejected / conflicting entry gets a new key (the server keeps the first
        answer for a key), so the centre judges it afresh. Returns the entry's (new) id."""
        now = now or utcnow()
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            row = self._find(s, entry_id)
            if row.state == S.synced:
                raise OutboxError("该记录已同步，无需重试")
            if row.aggregate_type == AGGREGATE and row.state == S.rejected:
                self._field_visit_retry(s, row, now)
            if row.state in (S.rejected, S.conflict):
                new = self._rekey(s, row.seq, "retry", now)
            else:  # pending (waiting for backoff) or stuck in sending: due now, same key
                row.state, row.next_attempt_at, row.sending_since, row.updated_at = S.pending, None, None, now
                new = row.id
            s.commit()
        return new

    @staticmethod
    def _field_visit_retry(s, row: OutboxEntry, now: datetime) -> None:
        """A field visit is sent again only while it still holds the visit and no newer visit to the
        same person was recorded since: a rejected visit cleared with its roster (已过期清除) or
        overtaken by a newer one is refused; one found overtaken now is cleared as such first
        (committed), then refused — the newer visit is the one the centre gets."""
        from counter_app.domain.refusals import Refusal
        from counter_app.storage.field_clearing import clear_visit, cleared_why, newer_visit
        from counter_protocol.clock import beijing_text

        why = cleared_why(row.payload)
        if why == CLEARED_EXPIRED:
            raise _refused(Refusal("field_visit_expired"))
        visit = s.get(FieldVisitRow, row.aggregate_id)
        newer = newer_visit(s, visit) if visit is not None else None
        if why == CLEARED_SUPERSEDED or newer is not None:
            if newer is not None and visit is not None and clear_visit(
                    s, visit, row, now=now, why=CLEARED_SUPERSEDED, superseded_by=newer.visit_id):
                s.commit()
            raise _refused(Refusal("field_visit_superseded", beijing_text(newer.visited_at) if newer else "—"))

    def edit_payload(self, entry_id: str, payload: dict, *, session=None, now: datetime | None = None) -> str:
        """Replace the content of an unsynced entry (e.g. the clerk corrected a field before sync).

        If it may already have reached the server (sending, attempted before, rejected, conflict) it
        gets a new key that ``supersedes`` the old one. Returns the entry's (new) id.
        """
        now = now or utcnow()
        own = session is None
        s = session or self.store.new_session()
        try:
            if own:
                s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            row = self._find(s, entry_id)
            if row.state == S.synced:
                raise OutboxError("该记录已同步到中心，不能再修改；请新建一条更正记录")
            body = canonical_json(payload)
            row.payload, row.payload_digest, row.updated_at = body, payload_digest(body), now
            may_have_arrived = row.state in (S.sending, S.rejected, S.conflict) or row.attempts > 0
            s.flush()
            new = self._rekey(s, row.seq, "edit", now) if may_have_arrived else row.id
            if not may_have_arrived:
                row.next_attempt_at = None
            if own:
                s.commit()
            return new
        finally:
            if own:
                s.close()

    def list_entries(self, states: Iterable[str] | None = None, *, actor: str | None = None,
                     limit: int = 500, offset: int = 0) -> list[EntryView]:
        """Per-entry rows for the outbox view, newest first. ``actor`` limits to one user's work."""
        e = OutboxEntry
        # the columns the view shows, not the ORM rows: no payload text, no identity map
        # a rejected field visit's payload is read (for why it was cleared) only for those few rows
        cleared = case((and_(e.kind == VISIT_KIND, e.state == S.rejected),
                        func.json_extract(e.payload, f"$.{WIPED}.why")), else_=None)
        q = (select(e.seq, e.id, e.kind, e.aggregate_type, e.aggregate_id, e.actor, e.state, e.attempts, e.reason,
                    e.suggested_action, e.last_error, e.created_at, e.updated_at, e.sending_since, e.next_attempt_at,
                    e.synced_at, cleared)
             .order_by(e.seq.desc()).limit(limit).offset(offset))
        if states:
            q = q.where(e.state.in_(list(states)))
        if actor is not None:
            q = q.where(e.actor == actor)
        with self.store.session() as s:
            # positional: the select's columns in EntryView's order, the label put in after ``state``
            # (EntryView(**row._mapping) costs ~5x as much a row, and this view lists up to 10,000)
            # (a cleared field visit, the last column: labelled by why, and kept as ``cleared``)
            return [EntryView(*r[:7], CLEARED_LABELS.get(r[16]) or STATE_LABELS.get(r[6], r[6]),  # type: ignore[call-arg]
                              *r[7:16], r[16] if r[16] in CLEARED_LABELS else None)  # type: ignore[arg-type]
                    for r in s.execute(q)]

    def counts(self, *, actor: str | None = None) -> dict[str, int]:
        """Entries per state (of one clerk's work), read from ``outbox_tally`` — kept exact by
        triggers (migrations growth_0002, growth_0006_sync) — not counted from years of entries.
        The tally keeps entries in flight under ``pending``; those few (a batch or two) are counted
        from ``ix_outbox_state_seq`` and moved to ``sending``, in the same read transaction."""
        mine = " AND actor = :actor" if actor is not None else ""
        tally = "SELECT state, sum(n) FROM outbox_tally WHERE 1 = 1" + mine + " GROUP BY state"
        in_flight = "SELECT count(*) FROM outbox WHERE state = 'sending'" + mine
        out = dict.fromkeys(S.ALL, 0)
        with self.store.session() as s:
            out.update({state: int(n) for state, n in s.execute(text(tally), {"actor": actor})})
            sending = int(s.execute(text(in_flight), {"actor": actor}).scalar() or 0)
        out[S.pending] -= sending
        out[S.sending] += sending
        return out

    def unsynced_count(self, *, actor: str | None = None) -> int:
        c = self.counts(actor=actor)
        return c[S.pending] + c[S.sending] + c[S.rejected] + c[S.conflict]

    def unsynced_items(self) -> list[tuple[OutboxEntry, str | None]]:
        """Every entry not yet synced, in seq order, with the key it supersedes (for export) — but
        a field visit whose personal data the laptop has cleared (a rejected visit expired with its
        roster, or superseded: storage.field_clearing), which is no visit the centre could take."""
        from counter_app.storage.field_clearing import cleared_why
        from counter_protocol.field import VISIT_KIND

        with self.store.session() as s:
            rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.state != S.synced).order_by(OutboxEntry.seq)))
            links = dict(s.execute(select(SupersededEntry.new_id, SupersededEntry.old_id)).all())
            return [(r, links.get(r.id)) for r in rows
                    if not (r.kind == VISIT_KIND and cleared_why(r.payload) is not None)]

    def as_item(self, row: OutboxEntry, supersedes: str | None = None,
                person: p.CasePerson | None = None) -> p.OutboxItem:
        item = self._item(row, supersedes)
        return item.model_copy(update={"person": person}) if person is not None else item

    def case_persons(self, seqs: Iterable[int]) -> dict[int, p.CasePerson]:
        """seq → the 参保人 its case transition goes with (as the push sends it: ``_PERSON_SQL``), for
        the entries of ``seqs`` that have one (the queue export, sealed to the centre)."""
        with self.store.session() as s:
            rows = s.execute(text(f"SELECT o.seq, {_PERSON_SQL} FROM outbox o WHERE o.seq IN "
                                  "(SELECT value FROM json_each(:seqs))"), {"seqs": json.dumps(list(seqs))}).all()
        return {seq: p.CasePerson.model_validate_json(body) for seq, body in rows if body}
