"""The workstation's audit trail (#16 finding 11): append a record in the caller's transaction,
verify the SM3 chain (and its tail against the centre's anchor), hand records to the sync, prune.

Every record carries time (UTC), user, workstation, action, object and result; personal data in the
object or the detail is masked before it is written (counter_app.domain.masking). The chain and the
digest are counter_protocol.audit's, so the centre checks the same chain when records arrive.
Records are kept at least ``MIN_KEEP_DAYS`` (180, 等保 2.0 level 3: 6 months) and only once synced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.domain.masking import mask_text
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import Meta
from counter_protocol.audit import GENESIS, chain_problems, record_digest

MIN_KEEP_DAYS = 180
META_BASE_SEQ, META_BASE_DIGEST = "audit.base_seq", "audit.base_digest"        # last pruned record
META_ANCHOR_SEQ, META_ANCHOR_DIGEST = "audit.anchor_seq", "audit.anchor_digest"  # last the centre confirmed
META_EPOCH = "audit.epoch"   # the chain's epoch at the centre after a fork (counter_protocol.audit.EPOCH_SEP)


def _meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def _base(session: Session) -> tuple[int, str]:
    return int(_meta(session, META_BASE_SEQ) or 0), _meta(session, META_BASE_DIGEST) or GENESIS


def _text(value: str, limit: int) -> str:
    """What the protocol's text fields take (counter_protocol.sync.SafeStr): no NUL, valid UTF-8 —
    a NUL or a lone surrogate that came in with imported data is replaced, never refused, so no
    record of the trail can later be refused by the centre on every sync round."""
    value = value.replace("\x00", "\ufffd")[:limit]
    return value.encode("utf-8", "replace").decode("utf-8")


def append(session: Session, *, actor: str, workstation_id: str, action: str, object_type: str = "",
           object_id: str = "", result: str = "ok", detail: str = "", at: datetime | None = None) -> AuditRow:
    """Chain one record onto the trail in ``session``'s transaction (a UnitOfWork's: BEGIN IMMEDIATE,
    so two writers never take the same seq)."""
    last = session.execute(select(AuditRow.seq, AuditRow.digest).order_by(AuditRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0], last[1]) if last is not None else _base(session)
    when = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    fields = {"seq": seq + 1, "at": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor": _text(mask_text(actor or ""), 64),
              "workstation_id": _text(workstation_id or "", 64), "action": _text(action, 40),
              "object_type": _text(object_type, 40), "object_id": _text(mask_text(str(object_id)), 128),
              "result": _text(result, 16), "detail": _text(mask_text(str(detail)), 2000)}
    row = AuditRow(**fields, prev_digest=prev, digest=record_digest(fields, prev))
    session.add(row)
    session.flush()
    return row


def record(store, *, actor: str, workstation_id: str, action: str, **kw) -> None:
    """Append one record in a transaction of its own (events outside a business change: sign-in…)."""
    from counter_app.storage.uow import UnitOfWork

    with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
        append(uow.session, actor=actor, workstation_id=workstation_id, action=action, **kw)
        uow.commit()


def as_dict(row: AuditRow) -> dict:
    return {"seq": row.seq, "at": row.at, "actor": row.actor, "workstation_id": row.workstation_id,
            "action": row.action, "object_type": row.object_type, "object_id": row.object_id,
            "result": row.result, "detail": row.detail, "prev_digest": row.prev_digest, "digest": row.digest}


@dataclass
class AuditReport:
    ok: bool
    records: int
    first_seq: int
    last_seq: int
    anchor: dict | None
    anchor_source: str               # centre | local | none
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "records": self.records, "first_seq": self.first_seq, "last_seq": self.last_seq,
                "anchor": self.anchor, "anchor_source": self.anchor_source, "problems": self.problems}


def verify(session: Session, anchor: tuple[int, str] | None = None, anchor_source: str = "none") -> AuditReport:
    """Check the whole chain kept here: every digest, every link, no gap, time never going back;
    and, given the centre's anchor (seq, digest), that the anchored record is still here unchanged
    (a deleted tail takes it away)."""
    rows = [as_dict(r) for r in session.scalars(select(AuditRow).order_by(AuditRow.seq))]
    base_seq, base_digest = _base(session)
    problems = chain_problems(rows, start_seq=base_seq + 1, start_digest=base_digest)
    for before, after in zip(rows, rows[1:], strict=False):
        if after["at"] < before["at"]:
            problems.append({"seq": after["seq"], "problem": "reordered",
                             "message": f"第 {after['seq']} 条记录的时间早于前一条（记录被调换）"})
    if anchor is None:
        local_seq = _meta(session, META_ANCHOR_SEQ)
        if local_seq is not None:
            anchor, anchor_source = (int(local_seq), _meta(session, META_ANCHOR_DIGEST) or ""), "local"
    last_seq = rows[-1]["seq"] if rows else base_seq
    if anchor is not None and anchor[0] > 0:
        a_seq, a_digest = anchor
        by_seq = {r["seq"]: r for r in rows}
        if a_seq > last_seq:
            problems.append({"seq": last_seq + 1, "problem": "tail_deleted",
                             "message": f"中心已锚定到第 {a_seq} 条，本机只剩到第 {last_seq} 条：末尾的记录被删除"})
        elif a_seq == base_seq:
            if a_digest != base_digest:
                problems.append({"seq": a_seq, "problem": "anchor_mismatch", "message": "与中心锚定的链头不符"})
        elif a_seq in by_seq and by_seq[a_seq]["digest"] != a_digest:
            problems.append({"seq": a_seq, "problem": "anchor_mismatch",
                             "message": f"第 {a_seq} 条记录与中心锚定的链头不符（记录被改写或整条链被重算）"})
    problems.sort(key=lambda p: p["seq"])
    return AuditReport(not problems, len(rows), rows[0]["seq"] if rows else 0, last_seq,
                       {"seq": anchor[0], "digest": anchor[1]} if anchor else None, anchor_source, problems)


def unsynced(session: Session, limit: int) -> list[dict]:
    return [as_dict(r) for r in session.scalars(
        select(AuditRow).where(AuditRow.synced_at.is_(None)).order_by(AuditRow.seq).limit(limit))]


def mark_synced(session: Session, up_to_seq: int, anchor_digest: str) -> None:
    """The centre holds every record up to ``up_to_seq`` and anchors the chain there."""
    session.execute(update(AuditRow).where(AuditRow.seq <= up_to_seq, AuditRow.synced_at.is_(None))
                    .values(synced_at=datetime.now(timezone.utc).replace(tzinfo=None)))
    session.merge(Meta(key=META_ANCHOR_SEQ, value=str(up_to_seq)))
    session.merge(Meta(key=META_ANCHOR_DIGEST, value=anchor_digest))


def prune(session: Session, *, keep_days: int = MIN_KEEP_DAYS, now: datetime | None = None) -> int:
    """Housekeeping: delete records older than ``keep_days`` (never less than 180) that the centre
    already holds. The last deleted record's (seq, digest) is kept as the chain's new base.

    ``now`` never runs ahead of the clock (a later ``now`` would make younger records look old), and
    the store's trigger ``audit_records_keep`` (migration audit_0002_keep) refuses any deletion of an
    unsynced or younger record, from this function or anywhere else."""
    keep_days = max(int(keep_days), MIN_KEEP_DAYS)
    clock = datetime.now(timezone.utc)
    cutoff = (min((now or clock).astimezone(timezone.utc), clock) - timedelta(days=keep_days))
    cutoff_text = cutoff.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    doomed = list(session.scalars(select(AuditRow).where(AuditRow.at < cutoff_text, AuditRow.synced_at.is_not(None))
                                  .order_by(AuditRow.seq)))
    # only a contiguous run from the start of the chain: a gap would look like a deletion
    first = session.scalar(select(AuditRow.seq).order_by(AuditRow.seq).limit(1))
    run: list[AuditRow] = []
    for row in doomed:
        if row.seq != (first or 0) + len(run):
            break
        run.append(row)
    if not run:
        return 0
    session.merge(Meta(key=META_BASE_SEQ, value=str(run[-1].seq)))
    session.merge(Meta(key=META_BASE_DIGEST, value=run[-1].digest))
    for row in run:
        session.delete(row)
    session.flush()
    return len(run)


def epoch(session: Session) -> str | None:
    """This store's chain epoch at the centre (None: its first chain, under the 工作站编号 alone)."""
    return _meta(session, META_EPOCH) or None


def start_epoch(session: Session) -> str:
    """The centre holds other records under this workstation's numbers (a store restored from a
    backup, another machine given the same 工作站编号): go on in a new epoch, a chain of its own at
    the centre. Every record kept here is sent again in it — the centre skips the ones it holds
    identically and starts the epoch where the chains part. Returns the new epoch."""
    import secrets

    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    new = "".join(secrets.choice(alphabet) for _ in range(8))
    session.merge(Meta(key=META_EPOCH, value=new))
    session.execute(update(AuditRow).where(AuditRow.synced_at.is_not(None)).values(synced_at=None))
    for key in (META_ANCHOR_SEQ, META_ANCHOR_DIGEST):
        row = session.get(Meta, key)
        if row is not None:
            session.delete(row)
    return new

