"""The workstations' audit trails at the centre (#16 finding 11): records arrive on each sync, the
chain is checked as they arrive, and the head (seq, digest) is kept as the workstation's anchor, so
a workstation whose tail was deleted — or whose chain was recomputed — no longer matches it.

``POST /audit/records``: the next records of the token's workstation (the first links to the anchor);
``GET /audit/anchor``: the anchor. Nothing here trusts the client: seq, link and every SM3 digest
are recomputed (counter_protocol.audit) and a break is refused with 409, storing nothing.

A record whose actor is not an account of the pushing workstation's office is stored all the same
and flagged: ``audit_records.actor_unknown`` (c0014), which an auditor can query, and a warning in
the centre's log.

A workstation's number can change after records were written (the first-run wizard run again);
its store keeps one chain. The records written under the earlier number then arrive with the new
number's sign-in: they are kept in the new number's chain, each with the number it carries
(``audit_records.written_as``, c0015), and a warning names both numbers. A chain the centre has not
seen yet starts either at the first record (from GENESIS) or where an anchor of a workstation of
the same office stands (the records before went under that number): continuing that anchor takes
its head digest, which only the store holding that chain and the centre know. A workstation given
back a number it had sent records under continues the same way: its chain at the centre then has a
gap, bridged by the other number's chain (the records in between are there), which ``verify``
follows.
"""

from __future__ import annotations

import itertools
import logging
from datetime import datetime
from typing import Callable

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central.db import Base, utcnow
from counter_protocol import audit as proto

log = logging.getLogger(__name__)


class AuditAnchorRow(Base):
    """The head of one workstation's audit chain as the centre holds it."""

    __tablename__ = "audit_anchors"

    workstation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class CentralAuditRecord(Base):
    """One workstation audit record, as received (kept at the centre beyond the workstation's 180 days)."""

    __tablename__ = "audit_records"

    workstation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40), nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[str] = mapped_column(String(128), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    prev_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # the actor is not an account of the pushing workstation's office (a name typed on the
    # workstation, nobody signed in): kept, flagged for the security administrator (c0014). Not
    # part of the chain: the centre's judgement of the record, not the record
    actor_unknown: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # the 工作站编号 the record carries when it is not the chain's (written before the workstation's
    # number changed; its digest covers it); None: written under the chain's own number
    written_as: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_records_at", "at"),)


def anchor_of(s: Session, workstation_id: str) -> proto.AuditAnchor:
    row = s.get(AuditAnchorRow, workstation_id)
    if row is None:
        return proto.AuditAnchor(workstation_id=workstation_id)
    return proto.AuditAnchor(workstation_id=workstation_id, seq=row.seq, digest=row.digest)


def chain_key(workstation_id: str, epoch: str | None) -> str:
    """The centre's key of a workstation's chain: its number, or ``<number>~<epoch>`` for a chain
    the workstation started after its chain forked from the centre's (counter_protocol.audit.EPOCH_SEP:
    "~" is never in a 工作站编号)."""
    return f"{workstation_id}{proto.EPOCH_SEP}{epoch}" if epoch else workstation_id


def _family(workstation_id: str):
    """The chains of one workstation: its number's and every epoch of it."""
    from sqlalchemy import or_

    like = workstation_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + proto.EPOCH_SEP + "%"
    return or_(CentralAuditRecord.workstation_id == workstation_id,
               CentralAuditRecord.workstation_id.like(like, escape="\\"))


def _forked(workstation_id: str, seq: int, why: str):
    from counter_central.core import ServiceError

    return ServiceError(
        409, f"工作站 {workstation_id} 的审计记录第 {seq} 条与中心已保存的不同（{why}）：本机的数据可能是从备份恢复的，"
             "或另一台电脑使用了同一工作站编号",
        proto.FORKED,
        "新版柜面程序会在下次同步时另起一条审计记录链继续上传；如仍出现，请报告信息安全管理员核查")


def receive(s: Session, workstation_id: str, batch: proto.AuditBatch, office_code: str | None = None) -> proto.AuditAnchor:
    """Store the next records of ``workstation_id``. ``office_code``: the pusher's office — a record whose
    actor is not an account of that office (a name typed on the workstation, nobody signed in) is stored
    all the same (the chain must stay whole) but flagged: ``actor_unknown`` is set on it and a warning
    in the centre's log names the workstation, seq and action for the security administrator.

    A record the centre already holds in the chain must be the one it holds (same digest): a resend
    is ignored, another record under a held number — a store restored from a backup, a second machine
    given the same 工作站编号 — is 409 ``audit_chain_forked`` and nothing is stored; so is a first new
    record that does not link to the head. The workstation then starts a new epoch (``batch.epoch``): a
    chain of its own (``<number>~<epoch>``) that starts at record 1 or where it parts from records the
    centre holds for that workstation (the identical ones before are skipped). Every fork is logged
    and recorded in ``@centre`` (``audit.forked``)."""
    from sqlalchemy import select

    from counter_central.core import ServiceError

    chain = chain_key(workstation_id, batch.epoch)
    anchor = anchor_of(s, chain)
    records = [r.model_dump() for r in batch.records]
    held_seqs = [r["seq"] for r in records if r["seq"] <= min(anchor.seq, _MAX_SEQ)]
    if held_seqs:
        held = dict(s.execute(select(CentralAuditRecord.seq, CentralAuditRecord.digest)
                              .where(CentralAuditRecord.workstation_id == chain,
                                     CentralAuditRecord.seq.in_(held_seqs))).all())
        for r in records:
            if r["seq"] in held and held[r["seq"]] != r["digest"]:
                raise _forked(workstation_id, r["seq"], "同一序号的记录内容不同")
    records = [r for r in records if r["seq"] > anchor.seq]   # a resend of what is held (same digests): ignored
    new_epoch = batch.epoch is not None and anchor.seq == 0
    if new_epoch:
        records = _past_common(s, workstation_id, records)
    if not records:
        return anchor
    start_seq, start_digest = anchor.seq + 1, anchor.digest
    if new_epoch and records[0]["seq"] > 1:
        if _held_in_family(s, workstation_id, records[0]["seq"] - 1, records[0]["prev_digest"]):
            start_seq, start_digest = records[0]["seq"], records[0]["prev_digest"]
    elif records[0]["seq"] > start_seq:
        # the store went on under another number (its records after this anchor are in that
        # number's chain): it continues that number's head, whichever chain holds it
        handed = _handover(s, records[0], office_code)
        if handed is not None:
            start_seq, start_digest = handed.seq + 1, handed.digest
            log.warning("工作站 %s 的审计记录从第 %s 条起接续工作站编号 %s 的记录链（本机的编号改过）",
                        workstation_id, handed.seq + 1, handed.workstation_id)
    elif (anchor.seq > 0 and records[0]["seq"] == start_seq and records[0]["prev_digest"] != start_digest
          and not proto.chain_problems(records, start_seq=start_seq, start_digest=records[0]["prev_digest"])):
        # a whole, well-formed chain that goes on from another record than the head: a fork
        raise _forked(workstation_id, anchor.seq, "本机的前一条记录不是中心保存的链头")
    problems = proto.chain_problems(records, start_seq=start_seq, start_digest=start_digest)
    if problems:
        raise ServiceError(409, "审计记录链不连续或被改动：" + problems[0]["message"], "audit_chain_broken",
                           "在该工作站运行 counter-app audit verify，并报告信息安全管理员")
    if new_epoch:
        log.warning("工作站 %s 的审计记录链与中心保存的分叉（数据从备份恢复或编号被另一台电脑使用），自第 %s 条起另起记录链 %s",
                    workstation_id, records[0]["seq"], chain)
        record_centre(s, actor=workstation_id, action="audit.forked", object_type="audit_chain", object_id=chain,
                      detail=f"自第 {records[0]['seq']} 条起另起记录链")
    earlier = sorted({r["workstation_id"] for r in records if r["workstation_id"] != workstation_id})
    if earlier:
        log.warning("工作站 %s 送来写于工作站编号 %s 的审计记录（本机的编号在写下这些记录之后改过），已并入 %s 的记录链",
                    workstation_id, "、".join(earlier), workstation_id)
    flagged: set[int] = set()
    if office_code is not None:
        flagged = {r["seq"] for r in _flag_unknown_actors(s, workstation_id, office_code, records)}
    for r in records:
        written_as = r.pop("workstation_id")
        s.add(CentralAuditRecord(**r, workstation_id=chain, actor_unknown=r["seq"] in flagged,
                                 written_as=None if written_as == chain else written_as))
    row = s.get(AuditAnchorRow, chain)
    if row is None:
        row = AuditAnchorRow(workstation_id=chain, seq=0, digest=proto.GENESIS)
        s.add(row)
    row.seq, row.digest, row.updated_at = records[-1]["seq"], records[-1]["digest"], utcnow()
    s.commit()
    return proto.AuditAnchor(workstation_id=workstation_id, seq=row.seq, digest=row.digest)


def _past_common(s: Session, workstation_id: str, records: list[dict]) -> list[dict]:
    """``records`` from the first one the centre does not hold, identical, in a chain of the
    workstation (a new epoch's records begin with those it shares with the chain it forked from)."""
    from sqlalchemy import select

    seqs = [r["seq"] for r in records if r["seq"] <= _MAX_SEQ]
    if not seqs:
        return records
    held = set(s.execute(select(CentralAuditRecord.seq, CentralAuditRecord.digest)
                         .where(_family(workstation_id), CentralAuditRecord.seq.in_(seqs))).all())
    for i, r in enumerate(records):
        if (r["seq"], r["digest"]) not in held:
            return records[i:]
    return []


def _held_in_family(s: Session, workstation_id: str, seq: int, digest: str) -> bool:
    from sqlalchemy import select

    if not 0 < seq <= _MAX_SEQ:
        return False
    return s.scalar(select(CentralAuditRecord.seq).where(_family(workstation_id), CentralAuditRecord.seq == seq,
                                                         CentralAuditRecord.digest == digest).limit(1)) is not None


# ``audit_anchors.seq`` is a 32-bit integer column: an anchor beyond it does not exist (and a
# bound value beyond it is an error on PostgreSQL, not a comparison)
_MAX_SEQ = 2**31 - 1


def _handover(s: Session, first: dict, office_code: str | None) -> AuditAnchorRow | None:
    """The anchor of a workstation of ``office_code`` that the chain starting with ``first``
    continues (the store wrote and sent the records before it under that number), or None."""
    from sqlalchemy import select

    from counter_central.db import Workstation

    if office_code is None or not 0 < first["seq"] - 1 <= _MAX_SEQ:
        return None
    return s.scalars(select(AuditAnchorRow).join(Workstation, Workstation.workstation_id == AuditAnchorRow.workstation_id)
                     .where(AuditAnchorRow.seq == first["seq"] - 1, AuditAnchorRow.digest == first["prev_digest"],
                            Workstation.office_code == office_code)).first()


# a failed sign-in records the name that was typed, which need not be an account
_ANY_ACTOR = frozenset({"login.failed"})


def _flag_unknown_actors(s: Session, workstation_id: str, office_code: str, records: list[dict]) -> list[dict]:
    from sqlalchemy import select

    from counter_central.db import User

    # an empty actor is a workstation's own event (a configuration change made outside a sign-in), not a claim
    claimed = [r for r in records if r["actor"] and r["action"] not in _ANY_ACTOR]
    names = {r["actor"] for r in claimed}
    known = set(s.scalars(select(User.username).where(User.username.in_(names), User.office_code == office_code))) \
        if names else set()
    flagged = [r for r in claimed if r["actor"] not in known]
    for r in flagged:
        log.warning("审计记录的操作人不是本分局的账号（工作站 %s 第 %s 条，%s），请信息安全管理员核查",
                    workstation_id, r["seq"], r["action"])
    return flagged


# ------------------------------------------------------------------------------------ the centre's own chain

# The centre's own actions (account and workstation administration, reference data) in a chain of
# their own, kept with the workstations' chains: "@" is never in a 工作站编号 (admin.WORKSTATION_RE).
CENTRE_CHAIN = "@centre"


def operator() -> str:
    """Who runs a ``counter-central`` administration command: the operating-system account
    (``命令行:<account>``), as the centre has no sign-in of its own on the command line."""
    import getpass

    try:
        name = getpass.getuser()
    except Exception:             # no account name in this environment (a container without one)
        name = "?"
    return f"命令行:{name}"[:64]


def record_centre(s: Session, *, actor: str, action: str, object_type: str = "", object_id: str = "",
                  detail: str = "", result: str = "ok") -> None:
    """Append one record of a centre action to :data:`CENTRE_CHAIN` in the caller's transaction (the
    caller commits: the record and the action stand or fall together). The chain's anchor row is
    locked first, so concurrent actions chain one after another. No personal data: account names,
    workstation numbers and reference names only."""
    from sqlalchemy import select

    from counter_central.db import insert_on_conflict

    s.execute(insert_on_conflict(s, AuditAnchorRow)
              .values(workstation_id=CENTRE_CHAIN, seq=0, digest=proto.GENESIS, updated_at=utcnow())
              .on_conflict_do_nothing(index_elements=["workstation_id"]))
    anchor = s.scalars(select(AuditAnchorRow).where(AuditAnchorRow.workstation_id == CENTRE_CHAIN)
                       .with_for_update().execution_options(populate_existing=True)).one()
    seq = anchor.seq + 1
    fields: dict[str, object] = {"seq": seq, "at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "actor": actor[:64],
              "workstation_id": CENTRE_CHAIN, "action": action[:40], "object_type": object_type[:40],
              "object_id": object_id[:128], "result": result[:16], "detail": detail[:2000]}
    digest = proto.record_digest(fields, anchor.digest)
    row = {k: v for k, v in fields.items() if k != "workstation_id"}
    s.add(CentralAuditRecord(**row, workstation_id=CENTRE_CHAIN, prev_digest=anchor.digest, digest=digest))
    anchor.seq, anchor.digest, anchor.updated_at = seq, digest, utcnow()


def record_refusal(s: Session, *, actor: str, action: str, object_type: str = "", object_id: str = "",
                   detail: str = "") -> None:
    """A refused request's or command's record, written on its own: whatever it wrote is rolled
    back first (a refusal commits nothing else), then the record alone is committed. A centre that
    cannot even write the record still answers the refusal (it is logged that the record is missing)."""
    from sqlalchemy.exc import SQLAlchemyError

    s.rollback()
    try:
        record_centre(s, actor=actor, action=action, object_type=object_type, object_id=object_id, detail=detail,
                      result="refused")
        s.commit()
    except SQLAlchemyError:
        s.rollback()
        log.warning("the refusal of %s could not be recorded in the centre's audit chain", action)


def records_of(s: Session, chain: str, *, limit: int = 100) -> list[dict]:
    """The last ``limit`` records of one chain (a workstation's, or :data:`CENTRE_CHAIN`), oldest first."""
    from sqlalchemy import select

    rows = list(s.scalars(select(CentralAuditRecord).where(CentralAuditRecord.workstation_id == chain)
                          .order_by(CentralAuditRecord.seq.desc()).limit(limit)))
    return [_as_dict(r) for r in reversed(rows)]


def _as_dict(r: CentralAuditRecord) -> dict:
    return {"seq": r.seq, "at": r.at, "actor": r.actor, "workstation_id": r.written_as or r.workstation_id,
            "action": r.action, "object_type": r.object_type, "object_id": r.object_id, "result": r.result,
            "detail": r.detail, "prev_digest": r.prev_digest, "digest": r.digest,
            "actor_unknown": bool(r.actor_unknown)}     # the actor was no account of the workstation's office


def verify(s: Session) -> list[dict]:
    """Every chain the centre holds — each chain with stored records and each anchor, so a chain
    whose anchor row was deleted is checked too — recomputed from its first stored record to its
    anchor: one {chain, records, head, problem} per chain (problem None when it holds together).
    A chain must start at its first record (seq 1, from GENESIS) unless its first stored record
    continues a record the centre holds in another chain (a handover to another 工作站编号 or a new
    epoch after a fork, docs/sync.md): otherwise its head was deleted."""
    from sqlalchemy import select

    anchors = {a.workstation_id: a for a in s.scalars(select(AuditAnchorRow))}
    chains = sorted(set(anchors) | set(s.scalars(select(CentralAuditRecord.workstation_id).distinct())))
    out = []
    for chain in chains:
        anchor = anchors.get(chain)
        records = [_as_dict(r) for r in s.scalars(select(CentralAuditRecord)
                                                   .where(CentralAuditRecord.workstation_id == chain)
                                                   .order_by(CentralAuditRecord.seq))]
        problem = None
        if records:
            problem = _start_problem(s, chain, records[0]) or _first_problem(s, chain, records)
            if problem is None and anchor is None:
                problem = "中心没有该记录链的链头记录（链头被删除）：无法核对末尾的记录是否被删除"
            elif problem is None and anchor is not None \
                    and (records[-1]["seq"], records[-1]["digest"]) != (anchor.seq, anchor.digest):
                problem = "记录链的末条与中心保存的链头不一致（末尾的记录被删除或改动）"
        elif anchor is not None and anchor.seq:
            problem = "中心保存有链头，但没有任何记录"
        out.append({"chain": chain, "records": len(records), "head": anchor.seq if anchor is not None else None,
                    "problem": problem})
    return out


def _start_problem(s: Session, chain: str, first: dict) -> str | None:
    """None when the chain's first stored record is its first record (seq 1 from GENESIS) or
    continues a record held in another chain (a handover or an epoch: the records before went
    there); else the records before it were deleted."""
    from sqlalchemy import select

    if first["seq"] == 1 and first["prev_digest"] == proto.GENESIS:
        return None
    if 0 < first["seq"] - 1 <= _MAX_SEQ and s.scalar(
            select(CentralAuditRecord.seq).where(CentralAuditRecord.workstation_id != chain,
                                                 CentralAuditRecord.seq == first["seq"] - 1,
                                                 CentralAuditRecord.digest == first["prev_digest"]).limit(1)) is not None:
        return None
    return (f"记录链不是从第 1 条开始，也不接续其他工作站编号的记录：第 1–{first['seq'] - 1} 条被删除"
            if first["seq"] > 1 else "第 1 条记录不是从链的起点（GENESIS）开始（被改动或替换）")


def _first_problem(s: Session, chain: str, records: list[dict]) -> str | None:
    """The first break in one chain's stored ``records`` (None: it holds together). A gap whose next
    record links to a record of another chain (the number was given back: the records in between
    went under another number) is a bridge, not a deletion; each stretch between bridges is
    recomputed from its first record's link."""
    from sqlalchemy import select

    stretches = [[records[0]]]
    for before, rec in itertools.pairwise(records):
        if rec["seq"] > before["seq"] + 1 and s.scalar(
                select(CentralAuditRecord.seq).where(CentralAuditRecord.workstation_id != chain,
                                                     CentralAuditRecord.seq == rec["seq"] - 1,
                                                     CentralAuditRecord.digest == rec["prev_digest"]).limit(1)) is not None:
            stretches.append([rec])
        else:
            stretches[-1].append(rec)
    for stretch in stretches:
        found = proto.chain_problems(stretch, start_seq=stretch[0]["seq"], start_digest=stretch[0]["prev_digest"])
        if found:
            return found[0]["message"]
    return None


# ------------------------------------------------------------------------------------ registry reads

def registry_subject(kind: str, ident: str) -> str:
    """The look-up's subject as the workstation's ``record.lookup`` record writes it: an ID number
    masked (counter_rules.masking.mask_id), a unit's code cut to its first 8 characters."""
    from counter_rules.masking import mask_id

    ident = (ident or "").strip().upper()
    return mask_id(ident) if kind == "person" else ident[:8] + "…"


def record_registry_read(s: Session, who, kind: str, subject: str, found: bool) -> None:
    """One 参保档案 read by ``who`` (the token's principal) of ``subject`` (already masked:
    :func:`registry_subject`; a roster: its office and size), committed with the rest of the
    session's work: the answer goes out only once it is recorded."""
    from counter_central.db import RegistryRead

    s.add(RegistryRead(at=utcnow(), username=who.user.username, workstation_id=who.workstation_id,
                       office_code=who.user.office_code, kind=kind, subject=subject, found=found))
    s.commit()


def registry_reads(s: Session, *, subject: str = "", username: str = "", limit: int = 100) -> list[dict]:
    """The last ``limit`` registry reads (oldest first), of a masked subject and/or a user."""
    from sqlalchemy import select

    from counter_central.db import RegistryRead

    q = select(RegistryRead)
    if subject:
        q = q.where(RegistryRead.subject == subject)
    if username:
        q = q.where(RegistryRead.username == username)
    rows = list(s.scalars(q.order_by(RegistryRead.id.desc()).limit(limit)))
    return [{"at": r.at.isoformat(timespec="seconds") + "Z", "username": r.username, "workstation_id": r.workstation_id,
             "office_code": r.office_code, "kind": r.kind, "subject": r.subject, "found": r.found}
            for r in reversed(rows)]


def office_chains(s: Session, office_code: str) -> list[str]:
    """The chains of ``office_code``'s workstations (each number's, and its epochs')."""
    from sqlalchemy import select

    from counter_central.db import Workstation

    stations = set(s.scalars(select(Workstation.workstation_id).where(Workstation.office_code == office_code)))
    chains = s.scalars(select(CentralAuditRecord.workstation_id).distinct())
    return sorted(c for c in chains if c.split(proto.EPOCH_SEP, 1)[0] in stations)


def beijing_day_in_utc(day: str) -> tuple[str, str]:
    """The records' UTC ``at`` texts (YYYY-MM-DDTHH:MM:SS…) of Beijing day ``day``: from 16:00 UTC
    the day before, up to 16:00 UTC that day (China keeps UTC+8 all year)."""
    from datetime import date, timedelta

    start = datetime.combine(date.fromisoformat(day), datetime.min.time()) - timedelta(hours=8)
    return start.strftime("%Y-%m-%dT%H:%M:%S"), (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")


def stored_records(s: Session, chains: list[str], *, day: str = "", action: str = "", limit: int = 100) -> list[dict]:
    """The last ``limit`` records of ``chains`` (oldest first), of one day (Beijing time, YYYY-MM-DD:
    the day the hall worked, as every listing shows it) and/or one action."""
    from sqlalchemy import select

    if not chains:
        return []
    q = select(CentralAuditRecord).where(CentralAuditRecord.workstation_id.in_(chains))
    if day:
        start, end = beijing_day_in_utc(day)
        q = q.where(CentralAuditRecord.at >= start, CentralAuditRecord.at < end)
    if action:
        q = q.where(CentralAuditRecord.action == action)
    rows = list(s.scalars(q.order_by(CentralAuditRecord.at.desc(), CentralAuditRecord.seq.desc()).limit(limit)))
    return [{**_as_dict(r), "chain": r.workstation_id, "action_label": proto.ACTIONS.get(r.action, "")}
            for r in reversed(rows)]


def _auditor(s: Session, w, *, what: str, detail: str) -> None:
    """Only the 审计 role reads here (7.3.3: monitoring apart from business); the read is recorded in
    the centre's own chain before the answer goes out."""
    from counter_central.core import require_role

    require_role(w, "auditor")
    record_centre(s, actor=w.user.username, action="audit.read", object_type=what, object_id=w.user.office_code,
                  detail=detail[:2000])
    s.commit()


def router(who: Callable, db: Callable, errors: dict | None = None, error_model=None) -> APIRouter:
    """``errors``: the app's documented 401/403 answers; ``error_model``: its error body (409)."""
    r = APIRouter(tags=["audit"])
    documented = dict(errors or {})
    if error_model is not None:
        documented[409] = {"model": error_model, "description": "审计记录链不连续或被改动（未保存任何记录）"}

    @r.post(proto.AUDIT_PATH, response_model=proto.AuditAnchor, responses=documented)
    def post_records(batch: proto.AuditBatch, w=Depends(who), s=Depends(db)) -> proto.AuditAnchor:
        """The workstation's next audit records; answered with the new anchor (409: the chain is broken)."""
        return receive(s, w.workstation_id, batch, w.user.office_code)

    @r.get(proto.ANCHOR_PATH, response_model=proto.AuditAnchor, responses=dict(errors or {}))
    def get_anchor(epoch: str | None = Query(default=None, pattern=proto.EPOCH_PATTERN),
                   w=Depends(who), s=Depends(db)) -> proto.AuditAnchor:
        """The head of the signed-in workstation's audit chain held by the centre (``epoch``: of that
        epoch's chain, which the workstation started after a fork)."""
        anchor = anchor_of(s, chain_key(w.workstation_id, epoch))
        return proto.AuditAnchor(workstation_id=w.workstation_id, seq=anchor.seq, digest=anchor.digest)

    @r.get(proto.AUDIT_PATH, response_model=list[proto.StoredRecord], responses=dict(errors or {}))
    def get_records(workstation: str = Query(default="", pattern=r"^[0-9A-Za-z~-]{0,40}$"),
                    day: str = Query(default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                    action: str = Query(default="", pattern=r"^[a-z_.]{0,40}$"),
                    limit: int = Query(default=100, ge=1, le=proto.READ_LIMIT),
                    w=Depends(who), s=Depends(db)) -> list[dict]:
        """审计记录（审计角色，只读）：本分局各工作站的审计记录，可按工作站、日期（北京时间）、操作筛选；个人信息已脱敏。
        每次查询本身记入中心审计记录（audit.read）。"""
        _auditor(s, w, what="audit_records", detail=f"工作站 {workstation or '全部'}，日期 {day or '全部'}，"
                                                    f"操作 {action or '全部'}，最多 {limit} 条")
        chains = office_chains(s, w.user.office_code)
        if workstation:
            chains = [c for c in chains if c.split(proto.EPOCH_SEP, 1)[0] == workstation.split(proto.EPOCH_SEP, 1)[0]]
        return stored_records(s, chains, day=day, action=action, limit=limit)

    @r.get(proto.REGISTRY_READS_PATH, response_model=list[proto.RegistryReadRecord], responses=dict(errors or {}))
    def get_registry_reads(user: str = Query(default="", pattern=r"^[A-Za-z0-9_.-]{0,64}$"),
                           limit: int = Query(default=100, ge=1, le=proto.READ_LIMIT),
                           w=Depends(who), s=Depends(db)) -> list[dict]:
        """参保档案查询记录（审计角色，只读）：本分局账号的查询，查询对象已脱敏。每次查询本身记入中心审计记录。"""
        from sqlalchemy import select

        from counter_central.db import RegistryRead

        _auditor(s, w, what="registry_reads", detail=f"账号 {user or '全部'}，最多 {limit} 条")
        q = select(RegistryRead).where(RegistryRead.office_code == w.user.office_code)
        if user:
            q = q.where(RegistryRead.username == user)
        rows = list(s.scalars(q.order_by(RegistryRead.id.desc()).limit(limit)))
        return [{"at": x.at.isoformat(timespec="seconds") + "Z", "username": x.username,
                 "workstation_id": x.workstation_id, "office_code": x.office_code, "kind": x.kind,
                 "subject": x.subject, "found": x.found} for x in reversed(rows)]

    return r
