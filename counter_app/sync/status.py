"""The sync state as the store holds it (同步状态): status bar counts, meta keys, pulled inbox
and reference data. Store queries only: no HTTP client and no protocol models, so the window's
status poll and the workflows that read pulled changes do not import the network side.
(:mod:`counter_app.sync.worker` re-exports these names.)"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select

from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import Meta, OutboxEntry
from counter_app.storage.tables_sync import InboxChange, ReferenceVersionRow
from counter_protocol.clock import beijing_day
from counter_protocol.reference_names import InForceChoice, Publication, choose_in_force

# one pull cursor per scope (counter_protocol.sync.pull_scope, docs/sync.md "Pull scopes"): the
# counter scope keeps the key a store has always had, so an existing store's cursor carries over
META_CURSOR = "sync.pull_cursor"                 # counter scope: every change up to it is stored here
META_FIELD_CURSOR = "sync.pull_cursor.field"     # field scope: every field change up to it is stored here
META_LAST_SYNC = "sync.last_sync_at"
META_LAST_ATTEMPT = "sync.last_attempt_at"
META_LAST_ERROR = "sync.last_error"
META_ONLINE = "sync.online"
META_SKEW = "sync.clock_skew_seconds"
META_LAST_PROGRESS = "sync.last_progress_at"  # a round took entries out of the queue (sync.stall)
META_CENTRE_VERSION = "sync.centre_version"    # the centre's release+build its /health gave at the last round
META_CENTRE_PROTOCOL = "sync.centre_protocol"  # and its sync protocol (counter_protocol.sync.PROTOCOL_VERSION)
META_COUNT_OFFSET = "sync.count_offset"  # synced here minus held at the centre, explained by a clean check


# ----------------------------------------------------------------------------------- meta

def meta_get(store: Store, key: str) -> str | None:
    with store.session() as s:
        row = s.get(Meta, key)
        return row.value if row else None


def field_cursor(counter: str | None, field: str | None) -> int:
    """Where the field scope's pull starts: its own cursor, or the counter scope's when that is
    further (a counter pull stores a superset of the field changes; a store from before the scopes
    has only the counter cursor)."""
    return max(int(counter or 0), int(field or 0))


def meta_set(session, key: str, value: str) -> None:
    session.merge(Meta(key=key, value=value))


def sync_status(store: Store, *, actor: str | None = None) -> dict:
    """What ``counter-app sync status --json`` and the status bar show."""
    from counter_app.sync.outbox import OutboxRepository
    from counter_protocol import sync as p

    repo = OutboxRepository(store)
    counts = repo.counts(actor=actor)
    from counter_app.storage.tables_archive import ArchiveUploadRow
    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        meta = {m.key: m.value for m in s.scalars(select(Meta).where(Meta.key.like("sync.%")))}
        # archive package versions whose parts the centre does not hold in full yet (sync.archive_upload)
        packages = s.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.aggregate_type == "archive", OutboxEntry.kind == "archive.package"))   # indexed
        uploaded = s.scalar(select(func.count()).select_from(ArchiveUploadRow))
        # audit records the centre has not taken yet (ix_audit_records_synced): a trail stuck here shows
        audit_waiting = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.synced_at.is_(None)))
    skew = meta.get(META_SKEW)
    return {
        "archive_waiting": max(0, int(packages or 0) - int(uploaded or 0)),
        "audit_waiting": int(audit_waiting or 0),
        "online": meta.get(META_ONLINE) == "1",
        "last_sync": meta.get(META_LAST_SYNC),
        "last_attempt": meta.get(META_LAST_ATTEMPT),
        "last_error": meta.get(META_LAST_ERROR) or None,
        "pending": counts["pending"] + counts["sending"],
        "sending": counts["sending"],
        "rejected": counts["rejected"],
        "conflict": counts["conflict"],
        "synced": counts["synced"],
        "pull_cursor": int(meta.get(META_CURSOR) or 0),
        "field_pull_cursor": field_cursor(meta.get(META_CURSOR), meta.get(META_FIELD_CURSOR)),
        "clock_skew_seconds": float(skew) if skew else None,
        "clock_skewed": bool(skew) and abs(float(skew or 0)) > p.CLOCK_SKEW_LIMIT_SECONDS,
    }


class StatusCounts(NamedTuple):
    waiting: int                  # pending + sending
    problems: int                 # rejected + conflict
    online: bool | None           # what the last sync round found, if it ran after ``since``; else None
    centre_updated: tuple[str, ...] = ()   # cases the centre's updates changed after ``inbox_since``
    inbox_seen: datetime | None = None     # the latest of those updates (the next ``inbox_since``)
    catalog_version: str | None = None     # the newest 业务目录 pulled from the centre (None: none yet)
    stalled: str = ""                      # online and the queue has not moved (sync.stall), else ""
    outbox_mark: tuple = ()                # (count per state, newest id): changes when any entry changes
    stalled_outbox: object = None          # the same as data (sync.stall.StalledOutbox), for the window's words
    # cases whose on-site approval the centre refused, undone here after ``inbox_since`` (workflows.approval_sync)
    reconciled: tuple[str, ...] = ()
    # the 办件编号 of cases whose window certification the centre refused, followed here after
    # ``inbox_since`` (workflows.certification_refused: notice voided, to be recovered from the person)
    certifications_refused: tuple[str, ...] = ()


def window_status(store: Store, since: str = "", inbox_since: datetime | None = None,
                  stall_after: timedelta | None = None) -> StatusCounts:
    """The window's status poll (status bar counts, centre updates, newest catalog) — run it on a worker thread.

    ``online`` is what the last sync round (the background sync process, or 立即同步) found, if
    that round ran after ``since`` (UTC ISO time). ``centre_updated``: cases that the sync process
    changed by applying the centre's updates (审批决定、信息表) after ``inbox_since`` (UTC).
    """
    from sqlalchemy import func

    from counter_app.storage.tables_core import OutboxEntry, OutboxState

    with store.session() as s:
        # the states still in the queue only: one range of ix_outbox_state_seq, not every synced
        # entry of years (the status bar never shows the synced count)
        rows = dict(s.execute(select(OutboxEntry.state, func.count())
                              .where(OutboxEntry.state.in_((OutboxState.pending, OutboxState.sending,
                                                            OutboxState.rejected, OutboxState.conflict)))
                              .group_by(OutboxEntry.state)).all())
        newest = s.scalar(select(func.max(OutboxEntry.id)))
        meta = dict(s.execute(select(Meta.key, Meta.value).where(Meta.key.in_((META_LAST_ATTEMPT, META_ONLINE)))).all())
        applied = s.execute(select(InboxChange.aggregate_id, InboxChange.applied_at)
                            .where(InboxChange.aggregate_type == "case", InboxChange.applied_at.is_not(None),
                                   InboxChange.applied_at > (inbox_since or datetime.min))).all()
        from counter_app.storage.tables_cases import CaseTransitionRow

        undone = s.execute(select(CaseTransitionRow.case_id, CaseTransitionRow.at)
                           .where(CaseTransitionRow.action == "centre_reconcile",
                                  CaseTransitionRow.at > (inbox_since or datetime.min))).all()
        refused = certifications_refused_since(s, inbox_since or datetime.min)
    waiting = rows.get(OutboxState.pending, 0) + rows.get(OutboxState.sending, 0)
    problems = rows.get(OutboxState.rejected, 0) + rows.get(OutboxState.conflict, 0)
    online = None
    if meta.get(META_LAST_ATTEMPT, "") > since and META_ONLINE in meta:
        online = meta[META_ONLINE] == "1"
    cases = tuple(dict.fromkeys(case_id for case_id, _ in applied))
    stalled = None
    if waiting and stall_after is not None:
        from counter_app.sync.stall import stalled_outbox

        stalled = stalled_outbox(store, stall_after=stall_after)
    # the states still in the queue and the newest id: an entry added, sent or answered changes it
    mark = (tuple(sorted((str(k), v) for k, v in rows.items())), str(newest or ""))
    reconciled = tuple(dict.fromkeys(case_id for case_id, _ in undone))
    cases = tuple(dict.fromkeys((*cases, *reconciled, *(case_id for case_id, _, _ in refused))))
    seen = max((at for _, at in (*applied, *undone, *((c, at) for c, _, at in refused)) if at is not None),
               default=None) or inbox_since
    return StatusCounts(waiting, problems, online, cases, seen,
                        _version(reference_choice(store, "catalog")), stalled=stalled.message() if stalled else "",
                        outbox_mark=mark, stalled_outbox=stalled, reconciled=reconciled,
                        certifications_refused=tuple(dict.fromkeys(no for _, no, _ in refused)))


CERTIFICATION_RECORDED = "certification.recorded"   # counter_protocol.certification_sync.KIND_RECORDED


def certifications_refused_since(session, since: datetime) -> list[tuple[str, str, datetime]]:
    """(case id, 办件编号, when) of each window certification the centre refused and this counter
    followed after ``since`` (naive UTC): its ``certify`` step carries ``centre_refusal`` (written by
    workflows.certification_refused). Reads only the refused ``certification.recorded`` entries: a
    handful, whatever the size of the queue."""
    from counter_app.storage.tables_cases import CaseRow, CaseStepRow

    out: list[tuple[str, str, datetime]] = []
    entries = session.execute(select(OutboxEntry.aggregate_id, OutboxEntry.payload).where(
        OutboxEntry.kind == CERTIFICATION_RECORDED, OutboxEntry.state.in_(("rejected", "conflict")))).all()
    for certification_id, payload in entries:
        try:
            case_id = str(json.loads(payload).get("case_id") or "")
        except (ValueError, AttributeError):
            continue
        for data_text in session.scalars(select(CaseStepRow.data).where(CaseStepRow.case_id == case_id,
                                                                         CaseStepRow.step_code == "certify")):
            try:
                cert = json.loads(data_text or "{}").get("certification") or {}
                refusal = cert.get("centre_refusal") if cert.get("certification_id") == certification_id else None
                at = datetime.fromisoformat(refusal["at"]) if isinstance(refusal, dict) else None
            except (ValueError, AttributeError, KeyError, TypeError):
                continue
            at = at.replace(tzinfo=None) if at is not None else None
            if at is not None and at > since:
                out.append((case_id, session.scalar(select(CaseRow.case_no).where(CaseRow.id == case_id)) or "", at))
    return out


# ------------------------------------------------------------------------------- helpers

def _version(choice: InForceChoice) -> str | None:
    return choice.current.version if choice.current is not None else None


def pending_inbox(store: Store, kind_prefix: str = "case.") -> list[dict]:
    """Case updates pulled from the centre that no flow has applied yet (oldest first)."""
    with store.session() as s:
        rows = s.scalars(select(InboxChange).where(InboxChange.applied_at.is_(None),
                                                   InboxChange.kind.like(kind_prefix + "%")).order_by(InboxChange.cursor))
        return [dict(cursor=r.cursor, kind=r.kind, aggregate_type=r.aggregate_type, aggregate_id=r.aggregate_id,
                     payload=json.loads(r.payload), created_at=r.created_at) for r in rows]


def mark_inbox_applied(session, cursor: int) -> None:
    """Call inside the flow's unit of work that applied the change."""
    row = session.get(InboxChange, cursor)
    if row is not None and row.applied_at is None:
        row.applied_at = utcnow()


def _publication_order(published_seq: int | None, received_at: datetime | None) -> tuple:
    """A pulled version's place in the centre's publication order (its change cursor); a row pulled
    before the centre's order was kept (sync_0005) comes before every one that has it."""
    return published_seq is not None, published_seq or 0, received_at or datetime.min


def reference_choice(store: Store, name: str, today: date | None = None) -> InForceChoice:
    """Which pulled version of the reference data set ``name`` is in force on ``today`` (the Beijing
    day; now when None) and which one comes next (counter_protocol.reference_names.choose_in_force:
    the centre's newest publication whose 生效日期 has come, by the centre's order — its change
    cursor — never by when this machine received it). One small query, no content read."""
    with store.session() as s:
        rows = s.execute(select(ReferenceVersionRow.version, ReferenceVersionRow.effective_from,
                                ReferenceVersionRow.published_seq, ReferenceVersionRow.received_at)
                         .where(ReferenceVersionRow.name == name)).all()
    return choose_in_force((Publication(version, effective_from, _publication_order(seq, received_at))
                            for version, effective_from, seq, received_at in rows),
                           beijing_day(utcnow()) if today is None else today)


def reference_in_force(store: Store, name: str, today: date | None = None) -> dict | None:
    """The pulled version of ``name`` in force (:func:`reference_choice`), with its content:
    {name, version, effective_from, content, next_version, next_from}; None when no pulled version
    is in force yet (the shipped one is)."""
    choice = reference_choice(store, name, today)
    if choice.current is None:
        return None
    doc = pulled_version(store, name, choice.current.version)
    if doc is not None:
        doc.update(next_version=choice.next.version if choice.next else None, next_from=choice.next_from)
    return doc


def pulled_version(store: Store, name: str, version: str) -> dict | None:
    """One pulled version of ``name`` with its content: {name, version, effective_from, content}."""
    with store.session() as s:
        row = s.get(ReferenceVersionRow, (name, version))
        if row is None:
            return None
        return dict(name=row.name, version=row.version, effective_from=row.effective_from,
                    content=json.loads(row.content))


def pulled_references(store: Store, name: str, today: date | None = None) -> list[dict]:
    """Every pulled version of ``name`` whose 生效日期 has come, oldest publication first, with its
    content — for a set that is the union of its publications (the holiday calendar: one year each)."""
    day = (beijing_day(utcnow()) if today is None else today).isoformat()
    with store.session() as s:
        rows = list(s.scalars(select(ReferenceVersionRow).where(ReferenceVersionRow.name == name)))
        rows.sort(key=lambda r: _publication_order(r.published_seq, r.received_at))
        return [dict(name=r.name, version=r.version, effective_from=r.effective_from, content=json.loads(r.content))
                for r in rows if r.effective_from is None or r.effective_from <= day]


def centre_seen(store: Store) -> tuple[str, int] | None:
    """(release+build, sync protocol) of the centre as its health answer gave them at the last sync
    round that reached it, or None when no round has (or what is kept is no such answer)."""
    with store.session() as s:
        meta = dict(s.execute(select(Meta.key, Meta.value).where(
            Meta.key.in_((META_CENTRE_VERSION, META_CENTRE_PROTOCOL)))).all())
    version, protocol = meta.get(META_CENTRE_VERSION), meta.get(META_CENTRE_PROTOCOL)
    if not version or not (protocol or "").isdigit():
        return None
    return version, int(protocol or 0)
