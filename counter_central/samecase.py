"""同一参保人的第二件办件 across workstations (重复受理, counter_protocol.samecase).

The counter refuses a second case of the same 参保人 that the service's ``second_case`` rule forbids
by its own store only; two windows (or two offices) could each accept one. The centre therefore
keeps a person index of the cases it receives and answers the counter's check at 受理审核:

- **Person reference.** ``case_persons.person`` is HMAC-SM3 (the product's keyed digest, as the
  counter store's look-up keys, counter_app.storage.crypto) of the upper-case ID number under a
  centre secret, ``person-key`` in the centre's config dir (mode 0600 in a 0700 folder; made on
  the first start while the index is empty; ``COUNTER_CENTRAL_PERSON_KEY`` names another file,
  each version's key check value kept in ``person_key_checks``: checked_ring) — kept apart from the database, so
  a copy of the database alone cannot be searched by guessing ID numbers. The clear ID number
  arrives only in request bodies (the check's, and ``OutboxItem.person`` of a pushed transition),
  is never stored, logged or put in a URL, and is not part of any entry's payload or digest.
- **Check** (``POST /cases/open-check``, clerk / supervisor): the earlier case of the same service
  and person that blocks a second one, anywhere, by the rule table both sides share
  (counter_rules.second_case). Another office's case is named by number, office and state only.
- **Push.** Each accepted ``case.transition`` keeps the case's row in step (state); a case that
  enters a blocking state while another case of the person and service is in one is still
  ACCEPTED (the applicant holds a 受理告知书: nothing is lost) but recorded as a 重复受理
  (``case_duplicates``) for supervisors (``counter-central cases duplicates``), and both cases'
  counters get a case update (:data:`DUPLICATE_KIND`, state ``open``). When one of the two leaves
  its blocking state (不予受理、不予认定、办结后归档…) the duplicate is resolved and the counters told
  (state ``resolved``).
"""

from __future__ import annotations

import json
import logging
import uuid
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import DateTime, Index, Integer, String, Text, func, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central.db import Base, utcnow
from counter_central.key_file import KeyVersions, VersionedKeyFile, check_value, record_check
from counter_protocol import registry as proto_registry
from counter_protocol import samecase as proto
from counter_protocol.cases import STATE_NAMES, CaseState
from counter_rules import second_case
from counter_rules.catalog import SecondCaseRule
from counter_rules.registration import DONE_STATES, REGISTRATION_SERVICES

log = logging.getLogger(__name__)

KEY_ENV = "COUNTER_CENTRAL_PERSON_KEY"
KEY_BYTES = 32
CHECK_LABEL = b"counter-central person key check"     # what a person key's check value is the HMAC of


class CasePersonRow(Base):
    """The 参保人 (keyed digest, never the ID number) and service of each case the centre received
    a transition of, with the case's state as the centre knows it."""

    __tablename__ = "case_persons"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person: Mapped[str] = mapped_column(String(64), nullable=False)        # HMAC-SM3 hex ("" forgotten)
    # the person key's version the digest was made under (c0028; 0: forgotten when the key was retired)
    key_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    service_code: Mapped[str] = mapped_column(String(64), nullable=False)
    variants: Mapped[str] = mapped_column(Text, nullable=False, default="[]")    # JSON list (变更项目)
    state: Mapped[str] = mapped_column(String(32), nullable=False)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # when the centre learnt the case was 办结 (c0029; kept when it is archived): a 参保登记 / 注销
    # 办结 is read as the record's status until the registry is as new (registration_done)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (Index("ix_case_persons_person", "person", "service_code", "state"),)


class PersonKeyCheck(Base):
    """The key check value (密钥校验值) of each person key version (c0038): HMAC-SM3 of
    :data:`CHECK_LABEL` under the key, truncated — nothing usable about the key, yet it tells
    whether a key file's version is the one the index's digests of that version were made under.
    Recorded at the centre's start for each version of its file (and by the first request that
    reads a version rotated in since); a file whose version has another value is refused."""

    __tablename__ = "person_key_checks"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    check_value: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class DuplicateRow(Base):
    """A 重复受理: ``case_id`` entered a blocking state while ``other_case_id`` (same person and
    service) was in one. ``resolved_at``: when one of them left it."""

    __tablename__ = "case_duplicates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    other_case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    service_code: Mapped[str] = mapped_column(String(64), nullable=False)
    found_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_by_case: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (Index("ix_case_duplicates_case", "case_id"),
                      Index("ix_case_duplicates_other", "other_case_id"))


class PersonKeyError(Exception):
    """The centre's person key is missing, unreadable or too widely readable (message Chinese)."""


class KeyStillNeeded(PersonKeyError):
    """The key version cannot be retired (message Chinese)."""


# ------------------------------------------------------------------------------------ the key

def default_key_file() -> Path:
    from counter_central.export_key import central_key_file

    return central_key_file(KEY_ENV, "person-key")


@dataclass(frozen=True)
class KeyRing(KeyVersions):
    """The centre's person keys by version (密钥版本): new digests are made under the newest; a
    look-up computes the digest under every one (``case_persons.key_version`` names the key of each
    row). The file holds one key per line, ``VERSION:HEX`` (a line of bare hex — the file as
    written before rotation — is version 1)."""

    def digests(self, id_number: str) -> dict[int, str]:
        """version → the ID number's digest under that version's key."""
        return {v: person_digest(id_number, k) for v, k in sorted(self.keys.items())}

    def party_digests(self, party: Any) -> dict[int, str]:
        """version → the digest of ``party`` (counter_protocol.samecase CasePerson / OpenCaseCheck):
        a person's ID number, or a unit's credit code under its own prefix (:func:`unit_digest`)."""
        if party.party == "unit":
            return {v: unit_digest(party.ident, k) for v, k in sorted(self.keys.items())}
        return self.digests(party.ident)


KEY_FILE = VersionedKeyFile(locate=default_key_file, noun="人员索引密钥", users="索引", error=PersonKeyError,
                            kind=KeyRing, key_bytes=KEY_BYTES, exact=False, bare_v1=True, create=True,
                            refused=KeyStillNeeded)


def check_ready(engine) -> None:
    """At start (after the migrations), and before every administration command: refused —
    :class:`PersonKeyError`, Chinese, with what to do — when index rows were made under a key and
    its file is missing (a new key would match none of them: every 重复受理 look-up would silently
    find nothing), or when a version of the file is not the key the database recorded for it
    (``person_key_checks``: another file put in its place, or a lost one made anew while a centre
    ran). A new centre (no digest in the index) makes its key. The check value of each version of
    the file not recorded yet is recorded now (a database from before c0038 takes its file's
    values as they are: its digests cannot be proven against them)."""
    with Session(engine) as s:
        _refuse_a_new_key(sum(_rows_per_version(s).values()),
                          recorded=s.scalar(select(func.count()).select_from(PersonKeyCheck)) or 0)
        _CHECKED.pop(engine, None)
        checked_ring(s)
        s.commit()


def _refuse_a_new_key(rows: int, path: Path | None = None, *, recorded: int = 0) -> None:
    """:class:`PersonKeyError` when the key file is missing while index rows were made under it, or
    while this database records a key of its (``recorded`` check values: a command run with another
    ``COUNTER_CENTRAL_PERSON_KEY``, or none, would otherwise make a stray file before it is refused)."""
    path = Path(path or default_key_file())
    if rows and not path.exists():
        raise PersonKeyError(f"中心的人员索引密钥文件 {path} 不存在，而人员索引中有 {rows} 条记录由它生成：请从备份恢复该文件"
                             f"（或用环境变量 {KEY_ENV} 指向它）后再试。未新建密钥：新建的密钥认不出已有的索引，"
                             "重复受理将无从发现")
    if recorded and not path.exists():
        raise PersonKeyError(f"中心的人员索引密钥文件 {path} 不存在，而本数据库已记录过它的密钥校验值：请从备份恢复该文件"
                             f"（或用环境变量 {KEY_ENV} 指向它）后再试。未新建密钥")


# per engine: (key file, version, check value) found recorded and equal (committed), so a request
# reading the keys looks no more while the file stays as it is (checked_ring)
_CHECKED: weakref.WeakKeyDictionary[Any, set[tuple[str, int, str]]] = weakref.WeakKeyDictionary()
_VALUES: dict[bytes, str] = {}       # key → its check value (an HMAC each, made once per process)


def _check_value(key: bytes) -> str:
    value = _VALUES.get(key)
    if value is None:
        value = _VALUES[key] = check_value(key, CHECK_LABEL)
    return value


def checked_ring(s: Session) -> KeyRing:
    """The centre's person keys (:func:`key_ring`), each version's check value recorded in this
    database and equal to the file's — a version not recorded yet (rotated in) recorded in ``s``'s
    transaction (``INSERT … ON CONFLICT DO NOTHING``: of two workers the first wins) — else
    :class:`PersonKeyError`: no digest is made or looked up under a key the index was not made
    under. Once found recorded and equal, a version is not looked at again by this process while
    the file holds the same key: a push pays one query after the file changed, none before."""
    ring = key_ring()
    engine = s.get_bind().engine
    held = _CHECKED.get(engine)
    if held is None:
        held = _CHECKED[engine] = set()
    todo = {v: _check_value(k) for v, k in ring.keys.items() if (str(ring.path), v, _check_value(k)) not in held}
    if not todo:
        return ring
    stored = {int(v): c for v, c in s.execute(select(PersonKeyCheck.version, PersonKeyCheck.check_value)
                                              .where(PersonKeyCheck.version.in_(sorted(todo))))}
    for version, mine in sorted(todo.items()):
        if version not in stored:
            if record_check(s, PersonKeyCheck, version, mine) != mine:   # another worker's file, recorded meanwhile
                raise _key_differs(ring.path, version)
        elif stored[version] != mine:
            raise _key_differs(ring.path, version)
        else:
            held.add((str(ring.path), version, mine))
    return ring


def _key_differs(path: Path, version: int) -> PersonKeyError:
    return PersonKeyError(
        f"中心的人员索引密钥文件 {path} 中版本 {version} 的密钥不是生成人员索引时的那一个：它与本数据库记录的该版本密钥校验值"
        f"不符（文件被替换，或丢失后被新建）。请从备份恢复原密钥文件（或用环境变量 {KEY_ENV} 指向它）后再试。"
        "未用它生成或查找索引：用错的密钥，重复受理将无从发现")


def key_check(s: Session, version: int, key: bytes) -> str:
    """Whether ``key`` is version ``version``'s by the recorded check value: ``matches``,
    ``differs`` or ``unrecorded`` (``person-key status``: ``key_check``)."""
    stored = s.scalar(select(PersonKeyCheck.check_value).where(PersonKeyCheck.version == version))
    return "unrecorded" if stored is None else "matches" if stored == _check_value(key) else "differs"


def key_ring(path: Path | None = None) -> KeyRing:
    """The centre's person keys (the file made on first use); read again whenever the file changed
    (a rotation or retirement by ``counter-central cases person-key``, seen by a running centre at
    its next request). :class:`PersonKeyError` when unreadable."""
    return KEY_FILE.read(path)


def person_key() -> bytes:
    """The centre's newest person key (made on first use); :class:`PersonKeyError` when unreadable."""
    return key_ring().key


def person_digest(id_number: str, key: bytes | None = None) -> str:
    """HMAC-SM3 (hex) of the upper-case ID number under ``key`` (the centre's newest person key)."""
    from cryptography.hazmat.primitives import hashes, hmac

    h = hmac.HMAC(key if key is not None else person_key(), hashes.SM3())
    h.update(id_number.strip().upper().encode("ascii", "replace"))
    return h.finalize().hex()


UNIT_PREFIX = "UNIT:"


def unit_digest(credit_code: str, key: bytes | None = None) -> str:
    """A 参保单位's reference in the index: HMAC-SM3 of ``UNIT:`` + the upper-case 统一社会信用代码,
    under the same person key (one mechanism, one rotation). A credit code is no personal data, but
    kept the same way as an ID number all the same; the prefix keeps a unit's digest apart from any
    person's (an 18-character credit code could read as an ID number)."""
    return person_digest(UNIT_PREFIX + credit_code.strip().upper(), key)


# ------------------------------------------------------------------------------------ the key's versions
# ``counter-central cases person-key rotate | status | retire VERSION`` (an IT command on the centre's
# host: no supervisor; audited under the operating-system account, counter_central.cli)

def _rows_per_version(s: Session) -> dict[int, int]:
    return {v: n for v, n in s.execute(select(CasePersonRow.key_version, func.count())
                                       .group_by(CasePersonRow.key_version)) if v}


def _needed_per_version(s: Session) -> dict[int, int]:
    """version → the rows made under it whose case is in a blocking state (by its service's rule):
    those a look-up must still find."""
    rules = _Rules(s)
    needed: dict[int, int] = {}
    for version, service, state, n in s.execute(
            select(CasePersonRow.key_version, CasePersonRow.service_code, CasePersonRow.state, func.count())
            .where(CasePersonRow.key_version > 0)
            .group_by(CasePersonRow.key_version, CasePersonRow.service_code, CasePersonRow.state)):
        found = rules(service)
        if second_case.is_blocking(found[0] if found is not None else SecondCaseRule.until_archived.value, state):
            needed[version] = needed.get(version, 0) + n
    return needed


def key_status(s: Session, path: Path | None = None, *, scan: bool = True) -> dict:
    """The key file, its versions (the newest makes new digests) and, per version, how many index
    rows were made under it and how many of those are of cases in a blocking state (what
    ``retire`` waits for) and its ``key_check``; ``missing``: versions rows name that the file no
    longer holds. (``scan``: as the entry key's — a digest cannot be opened, so nothing to scan.)"""
    rows = _rows_per_version(s)
    _refuse_a_new_key(sum(rows.values()), path)       # (status would otherwise make a new file)
    out = KEY_FILE.status(rows, path, blocking_rows=_needed_per_version(s))
    ring = key_ring(path)
    for v in out["versions"]:
        v["key_check"] = key_check(s, v["version"], ring.keys[v["version"]])
    return out


def rotate_key(path: Path | None = None) -> int:
    """Add a new key version (the newest from now on: new digests are made under it, look-ups try
    every version) and return its number. The file is rewritten whole, 0600."""
    return KEY_FILE.rotate(path)


def retire_key(s: Session, version: int, path: Path | None = None) -> int:
    """Delete key ``version`` from the file — refused (:class:`KeyStillNeeded`) for the newest one,
    one the file does not hold, and while cases in a blocking state are indexed under it. The
    digests still made under it (cases no longer in a blocking state) are forgotten (``person``
    "", ``key_version`` 0): nothing can find them once the key is gone. Returns how many were
    forgotten. The caller commits (after the file is rewritten: a failed write changes nothing)."""
    def forget(_ring: KeyRing) -> int:
        needed = _needed_per_version(s).get(version, 0)
        if needed:
            raise KeyStillNeeded(f"仍有 {needed} 件在办办件的人员索引由版本 {version} 的密钥生成，停用后中心将查不到这些办件的重复受理；"
                                 "这些办件有新的状态变更（由新版本密钥重新生成）或不再在办后再停用")
        return s.execute(update(CasePersonRow).where(CasePersonRow.key_version == version)
                         .values(person="", key_version=0)).rowcount or 0   # type: ignore[attr-defined]

    try:
        return KEY_FILE.retire(version, forget, path)
    except PersonKeyError:
        s.rollback()
        raise


# ------------------------------------------------------------------------------------ the rule

class _Rules:
    """The ``second_case`` rule of each service, read once per request (the catalog published at
    the centre, else the bundled one: counter_central.registry.recheck._catalog_service)."""

    def __init__(self, s: Session):
        self.s = s
        self.found: dict[str, tuple[str, str] | None] = {}

    def __call__(self, service_code: str) -> tuple[str, str] | None:
        """(rule, reason), or None: no such service in the catalog."""
        if service_code not in self.found:
            from counter_central.registry.recheck import _catalog_service

            try:
                service = _catalog_service(self.s, service_code, None)
            except Exception:         # a catalog the centre cannot read: the strictest rule
                service = None
            self.found[service_code] = (None if service is None
                                        else (service.second_case.rule.value, service.second_case.reason))
        return self.found[service_code]


def _variants(text: str) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _blocking_other(s: Session, persons: Iterable[str], service_code: str, rule: str, variants: Iterable[str],
                    not_case: str | None) -> list[CasePersonRow]:
    """The cases of the person (``persons``: the digests under each key still in use) and
    ``service_code`` other than ``not_case`` that block a case with ``variants`` under ``rule``,
    oldest first."""
    states = [st.value for st in second_case.blocking_states(rule)]
    digests = sorted({d for d in persons if d})
    if not states or not digests:
        return []
    q = (select(CasePersonRow).where(CasePersonRow.person.in_(digests), CasePersonRow.service_code == service_code,
                                     CasePersonRow.state.in_(states))
         .order_by(CasePersonRow.updated_at, CasePersonRow.case_id))
    if not_case:
        q = q.where(CasePersonRow.case_id != not_case)
    wanted = list(variants)
    return [r for r in s.scalars(q) if second_case.clashes(rule, r.state, wanted, _variants(r.variants))]


def _state_name(state: str) -> str:
    try:
        return STATE_NAMES[CaseState(state)]
    except ValueError:
        return state


# ------------------------------------------------------------------------------------ the check

def open_check(s: Session, who, req: proto.OpenCaseCheck) -> proto.OpenCaseAnswer:
    """The earlier case in the way of ``req``'s (clerk / supervisor; the caller checks the role)."""
    from counter_central.core import ServiceError

    found = _Rules(s)(req.service_code)
    if found is None:
        raise ServiceError(422, f"事项目录中没有事项 {req.service_code}", "unknown_service", "核对事项编码或更新事项目录")
    rule, reason = found
    try:
        digests = checked_ring(s).party_digests(req).values()     # every key still in use
    except PersonKeyError as exc:
        raise ServiceError(503, str(exc), "person_key_unavailable", "请信息技术人员检查中心配置") from None
    others = _blocking_other(s, digests, req.service_code, rule, req.variants, req.case_id)
    if not others:
        return proto.OpenCaseAnswer(rule=rule, reason=reason)
    o = others[0]
    own = o.office_code == who.user.office_code
    items = second_case.shared_items(rule, req.variants, _variants(o.variants)) or []
    return proto.OpenCaseAnswer(rule=rule, reason=reason, blocking=proto.OpenCase(
        case_no=o.case_no or o.case_id, office_code=o.office_code, workstation_id=o.workstation_id if own else None,
        service_code=o.service_code, state=o.state, state_name=_state_name(o.state), items=items))


# ------------------------------------------------------------------------------------ registrations done

def registration_done(s: Session, party: str, ident: str) -> proto_registry.RegistrationDone | None:
    """The latest 参保登记 / 注销登记 of the person (``party`` person: ID number) or unit (credit
    code) that any window pushed as 办结 (or archived since), as the index holds it — for the
    registry answer and the re-check, which read the record's status as that case left it until the
    registry's data is as new (counter_rules.registration). None when there is none, or the person
    key is unreadable (the record then stands alone)."""
    try:
        ring = checked_ring(s)
    except PersonKeyError as exc:
        log.error("registrations done not looked up: %s", exc)
        return None
    ident = (ident or "").strip().upper()
    if not ident:
        return None
    digests = sorted(set((ring.party_digests(_Ident(party, ident))).values()))
    row = s.scalars(select(CasePersonRow).where(
        CasePersonRow.person.in_(digests), CasePersonRow.service_code.in_(list(REGISTRATION_SERVICES)),
        CasePersonRow.state.in_(list(DONE_STATES)), CasePersonRow.completed_at.is_not(None))
        .order_by(CasePersonRow.completed_at.desc(), CasePersonRow.case_id).limit(1)).first()
    if row is None or row.completed_at is None:
        return None
    return proto_registry.RegistrationDone(service_code=row.service_code, case_no=row.case_no or row.case_id,
                                           office_code=row.office_code,
                                           completed_at=row.completed_at.replace(tzinfo=timezone.utc))


@dataclass(frozen=True)
class _Ident:
    party: str
    ident: str


# ------------------------------------------------------------------------------------ on push

@dataclass
class Transition:
    """An accepted case transition of a push batch, in order."""

    case_id: str
    new_state: str
    payload: dict
    person: Any = None          # proto.CasePerson | None


@dataclass
class _Batch:
    office: str
    workstation_id: str
    now: datetime
    rows: dict[str, CasePersonRow] = field(default_factory=dict)


def record_transitions(s: Session, transitions: list[Transition], *, office: str, workstation_id: str,
                       now: datetime) -> None:
    """Keep ``case_persons`` in step with a push batch's accepted transitions and record the
    duplicates they make or end (in the push transaction; the caller commits). One read of the
    batch's cases; a person's other cases only when one of them enters or leaves a blocking state.
    A transition that carries the person writes the digest under the newest key (a row made under
    an older one moves to the newest: rotation empties the old key's rows as their cases move)."""
    if not transitions:
        return
    ids = sorted({t.case_id for t in transitions})
    rows = {r.case_id: r for r in s.scalars(select(CasePersonRow).where(CasePersonRow.case_id.in_(ids)))}
    if not rows and all(t.person is None for t in transitions):
        return
    try:
        ring = checked_ring(s)
    except PersonKeyError as exc:      # the push stands; the index waits for IT to fix the key
        log.error("case person index not updated: %s", exc)
        return
    rules = _Rules(s)
    for t in transitions:
        row = rows.get(t.case_id)
        was: str | None = None
        mine = ring.party_digests(t.person) if t.person is not None else {}
        if row is None:
            if t.person is None:
                continue
            service_code = str(t.payload.get("service_code") or "")
            if not service_code:
                continue
            row = CasePersonRow(case_id=t.case_id, person=mine[ring.newest], key_version=ring.newest,
                                service_code=service_code, variants=json.dumps(list(t.person.variants)),
                                state=t.new_state, case_no=str(t.payload.get("case_no") or ""),
                                office_code=office, workstation_id=workstation_id, updated_at=now)
            s.add(row)
            rows[t.case_id] = row
        else:
            was = row.state
            if t.person is not None:      # the ID number corrected while the case was returned (已退回)
                row.person, row.key_version = mine[ring.newest], ring.newest
                row.variants = json.dumps(list(t.person.variants))
            row.state, row.updated_at = t.new_state, now
            row.case_no = row.case_no or str(t.payload.get("case_no") or "")
        if t.new_state == CaseState.completed.value and row.completed_at is None:
            row.completed_at = now
        _judge(s, rules, row, was, list(mine.values()) or [row.person], now)


def _judge(s: Session, rules: _Rules, row: CasePersonRow, was: str | None, persons: list[str],
           now: datetime) -> None:
    """Record the 重复受理 ``row`` makes by entering a blocking state from ``was`` (None: the case
    is new to the index), or resolve those it ends by leaving one; ``persons``: the person's
    digests under each key still in use (only the row's own when the number is not at hand)."""
    found = rules(row.service_code)
    rule = found[0] if found is not None else SecondCaseRule.until_archived.value
    before, after = second_case.is_blocking(rule, was), second_case.is_blocking(rule, row.state)
    if after and not before:
        s.flush()
        _serialise(s, persons)
        for other in _blocking_other(s, persons, row.service_code, rule, _variants(row.variants), row.case_id):
            _found(s, row, other, now)
    elif before and not after:
        _resolve(s, row, now)


@dataclass
class Announcement:
    """An accepted ``case.samecase`` entry (counter_protocol.samecase.ANNOUNCE_KIND): a workstation
    names the 参保人 (``OutboxItem.person``) of a case it holds that the centre received before it
    kept the index (c0025)."""

    case_id: str
    person: Any = None          # proto.CasePerson | None


def record_announcements(s: Session, announcements: list[Announcement], *, states: dict[str, str], office: str,
                         workstation_id: str, now: datetime) -> None:
    """Index the announced cases the index lacks (in the push transaction; the caller commits), in
    the state the centre holds them in (``states``: not what the workstation says), with the
    service and number their accepted entries at the centre name, and record the 重复受理 a blocking
    one makes — as if the case had just entered that state. A case already in the index, one the
    centre has no state of, or without a person: nothing (so an announcement is idempotent). Only
    the digest is kept; the number is used here and forgotten."""
    todo: dict[str, Announcement] = {}
    for a in announcements:
        if a.person is not None and states.get(a.case_id):
            todo.setdefault(a.case_id, a)
    if not todo:
        return
    have = set(s.scalars(select(CasePersonRow.case_id).where(CasePersonRow.case_id.in_(sorted(todo)))))
    todo = {k: v for k, v in todo.items() if k not in have}
    if not todo:
        return
    try:
        ring = checked_ring(s)
    except PersonKeyError as exc:      # the push stands; a later transition will index the case
        log.error("case person index not updated from announcements: %s", exc)
        return
    rules = _Rules(s)
    for case_id, a in sorted(todo.items()):
        service_code, case_no, last = _case_facts(s, case_id)
        if not service_code:
            continue
        mine = ring.party_digests(a.person)
        row = CasePersonRow(case_id=case_id, person=mine[ring.newest], key_version=ring.newest,
                            service_code=service_code, variants=json.dumps(list(a.person.variants)),
                            state=states[case_id], case_no=case_no, office_code=office,
                            workstation_id=workstation_id, updated_at=last or now,
                            completed_at=(last or now) if states[case_id] in DONE_STATES else None)
        s.add(row)
        _judge(s, rules, row, None, list(mine.values()), now)


def _case_facts(s: Session, case_id: str) -> tuple[str, str, datetime | None]:
    """(service, case number, when its last accepted entry arrived) of a case, from the entries the
    centre accepted of it (the first that names a service, a number)."""
    from counter_central.db import ReceivedEntry

    service, number, last = "", "", None
    from counter_central.entry_key import PAYLOAD, opened_json

    rows = s.execute(select(*PAYLOAD, ReceivedEntry.received_at)
                     .where(ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case_id,
                            ReceivedEntry.outcome == "accepted")
                     .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq))
    for entry_id, version, sealed, at in rows:
        last = at
        payload = opened_json(entry_id, version, sealed, s)
        if not isinstance(payload, dict):
            continue
        if not service and isinstance(payload.get("service_code"), str):
            service = payload["service_code"]
        if not number and isinstance(payload.get("case_no"), str):
            number = payload["case_no"]
    return service, number, last


def _serialise(s: Session, persons: list[str]) -> None:
    """On PostgreSQL, one push at a time looks for a person's other cases (a transaction lock on
    each of the person's digests, in order, after this push's own row is written): of two windows
    pushing the same person's cases at once, the second sees the first's row and records the
    重复受理. (SQLite writes one at a time.)"""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        for person in sorted({d for d in persons if d}):
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": int(person[:15], 16)})


def _open_between(s: Session, a: str, b: str) -> DuplicateRow | None:
    return s.scalars(select(DuplicateRow).where(
        DuplicateRow.resolved_at.is_(None),
        or_((DuplicateRow.case_id == a) & (DuplicateRow.other_case_id == b),
            (DuplicateRow.case_id == b) & (DuplicateRow.other_case_id == a))).limit(1)).first()


def _found(s: Session, row: CasePersonRow, other: CasePersonRow, now: datetime) -> None:
    from counter_central.audit import record_centre

    if _open_between(s, row.case_id, other.case_id) is not None:
        return
    dup = DuplicateRow(id=str(uuid.uuid4()), case_id=row.case_id, other_case_id=other.case_id,
                       service_code=row.service_code, found_at=now)
    s.add(dup)
    _tell(s, dup, row, other, proto.DUPLICATE_OPEN)
    _tell(s, dup, other, row, proto.DUPLICATE_OPEN)
    record_centre(s, actor="centre", action="case.duplicate", object_type="case", object_id=row.case_no or row.case_id,
                  detail=(f"重复受理：办件 {row.case_no or row.case_id}（分局 {row.office_code}，工作站 "
                          f"{row.workstation_id}）与办件 {other.case_no or other.case_id}（分局 {other.office_code}，"
                          f"工作站 {other.workstation_id}，{_state_name(other.state)}）为同一参保人的同一事项 {row.service_code}"))


def _resolve(s: Session, row: CasePersonRow, now: datetime) -> None:
    dups = list(s.scalars(select(DuplicateRow).where(
        DuplicateRow.resolved_at.is_(None),
        or_(DuplicateRow.case_id == row.case_id, DuplicateRow.other_case_id == row.case_id))))
    for dup in dups:
        dup.resolved_at, dup.resolved_by_case = now, row.case_id
        other_id = dup.other_case_id if dup.case_id == row.case_id else dup.case_id
        other = s.get(CasePersonRow, other_id)
        if other is None:
            continue
        _tell(s, dup, row, other, proto.DUPLICATE_RESOLVED)
        _tell(s, dup, other, row, proto.DUPLICATE_RESOLVED)


def _tell(s: Session, dup: DuplicateRow, mine: CasePersonRow, other: CasePersonRow, state: str) -> None:
    """The case update for ``mine``'s counter about ``other`` (no personal data: numbers, places, states)."""
    from counter_central.core import add_change

    own = mine.office_code == other.office_code
    where = f"分局 {other.office_code}" + (f"、工作站 {other.workstation_id}" if own and other.workstation_id else "")
    other_no = other.case_no or other.case_id
    if state == proto.DUPLICATE_OPEN:
        note = (f"中心发现重复受理：同一参保人的同一事项另有办件 {other_no}（{where}，{_state_name(other.state)}）"
                "，请科长核实后处理其中一件（不予受理、不予认定，或办结后归档）")
    else:
        note = f"重复受理已解除：办件 {other_no}（{where}）与本办件不再同时在办"
    add_change(s, proto.DUPLICATE_KIND, "case", mine.case_id, {
        "duplicate_id": dup.id, "state": state, "note": note, "case_no": mine.case_no,
        "other_case_no": other_no, "other_office_code": other.office_code,
        "other_workstation_id": other.workstation_id if own else None,
        "other_state": other.state, "other_state_name": _state_name(other.state),
        "service_code": mine.service_code,
    }, office_code=mine.office_code or None, workstation_id=mine.workstation_id or None)


# ------------------------------------------------------------------------------------ the list

def duplicates(s: Session, *, office: str | None = None, all_states: bool = False) -> list[dict]:
    """The 重复受理 for supervisors (open ones; ``all_states``: resolved too), oldest first: the two
    cases' numbers, offices, workstations and states, the service, when found / resolved. No
    personal data. ``office``: those with a case of that office."""
    q = select(DuplicateRow).order_by(DuplicateRow.found_at, DuplicateRow.id)
    if not all_states:
        q = q.where(DuplicateRow.resolved_at.is_(None))
    out = []
    for d in s.scalars(q):
        a, b = s.get(CasePersonRow, d.case_id), s.get(CasePersonRow, d.other_case_id)
        cases = [_case_json(d.case_id, a), _case_json(d.other_case_id, b)]
        if office and office not in {c["office_code"] for c in cases}:
            continue
        out.append({"id": d.id, "service_code": d.service_code, "found_at": d.found_at.isoformat() + "Z",
                    "resolved_at": d.resolved_at.isoformat() + "Z" if d.resolved_at else None,
                    "resolved_by_case": d.resolved_by_case, "case": cases[0], "other_case": cases[1]})
    return out


def _case_json(case_id: str, row: CasePersonRow | None) -> dict:
    if row is None:
        return {"case_id": case_id, "case_no": "", "office_code": "", "workstation_id": "", "state": "", "state_name": ""}
    return {"case_id": row.case_id, "case_no": row.case_no, "office_code": row.office_code,
            "workstation_id": row.workstation_id, "state": row.state, "state_name": _state_name(row.state)}
