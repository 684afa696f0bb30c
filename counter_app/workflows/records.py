"""Looking up the person's / the unit's record (参保档案) at the centre, with the sealed local cache.

:class:`RecordService` asks the centre (``POST /registry/person|unit``, the identifier in the
body) when a card is read or an ID / credit code is entered; every answer — "found" or "no such
person" — is cached in ``record_cache`` with the registry's as-of time (key HMAC-SM3 of the
identifier, the record sealed with SM4-GCM: :mod:`counter_app.storage.crypto`). Offline (or not
signed in) the cache answers and its age is shown; with no cache the answer's state is ``none``
and the conditions that need the record are 待核验（离线）.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, Callable

from counter_app.domain.conditions import CACHE, NONE, ONLINE, RecordView
from counter_app.domain.masking import mask_id
from counter_app.domain.record import PersonRecord, RecordError, UnitRecord, person_from_dict, unit_from_dict
from counter_app.storage.crypto import SealedDataError, StoreCipher, cipher_for
from counter_app.storage.tables_records import RecordCacheRow
from counter_rules.registration import DONE_STATES, REGISTRATION_SERVICES, Completed, provisional_status

log = logging.getLogger(__name__)

PURPOSE = "records"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _naive(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def _aware(dt: datetime | None) -> datetime | None:
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def age_text(as_of: datetime | None, now: datetime | None = None) -> str:
    """“3 小时前” / “2 天前” (as-of time of a cached record), Chinese."""
    if as_of is None:
        return ""
    seconds = max(0, int(((now or _utcnow()) - as_of.replace(tzinfo=as_of.tzinfo or timezone.utc)).total_seconds()))
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{seconds // 60} 分钟前"
    if seconds < 86400:
        return f"{seconds // 3600} 小时前"
    return f"{seconds // 86400} 天前"


@dataclass(frozen=True)
class Lookup:
    """One look-up's answer. ``state``: online | cache | none. ``record`` None with state online /
    cache: the registry has no such person or unit."""

    kind: str
    state: str
    record: PersonRecord | UnitRecord | None = None
    as_of: datetime | None = None
    message: str = ""          # Chinese: why the centre was not asked / did not answer
    # the latest 参保登记 / 注销 办结 the centre knows of for this person / unit (any window's; online
    # only: not cached), and this store's own (counter_rules.registration)
    centre_completed: Completed | None = None
    local_completed: Completed | None = None

    def provisional(self):
        """The status read instead of the record's until the core system records the latest
        completed registration (counter_rules.registration.Provisional), or None."""
        if not self.available:
            return None
        status = self.record.status.value if self.record is not None else "none"
        return provisional_status(status, self.as_of, (self.centre_completed, self.local_completed),
                                  found=self.record is not None)

    @property
    def available(self) -> bool:
        return self.state in (ONLINE, CACHE)

    def describe(self, now: datetime | None = None) -> str:
        if self.state == ONLINE:
            return "参保档案：联网查询" + ("" if self.record else "（核心业务系统无此档案）")
        if self.state == CACHE:
            return (f"参保档案：本机缓存，截至 {_aware(self.as_of):%Y-%m-%d %H:%M}（{age_text(self.as_of, now)}）"
                    + ("" if self.record else "（核心业务系统无此档案）"))
        return f"参保档案：{self.message or '离线且无缓存'}，相关受理条件待核验（离线）"


class AnswerMismatch(Exception):
    """The centre answered a look-up with a record of another person or unit (or of the other kind)
    than the one asked: not used, not cached; the message is the clerk's (Chinese, no ID numbers)."""


def _check_kind(kind: str, answer_kind: str, data: Any) -> None:
    """Refuse an answer of the other kind (a unit's record for a person look-up, or the reverse)."""
    said = data.get("kind", kind) if isinstance(data, dict) else kind
    if answer_kind != kind or said != kind:
        log.warning("registry %s lookup answered with a record of another kind: refused", kind)
        raise AnswerMismatch("中心返回的档案类别与查询不符，未采用")


def _check_ident(kind: str, ident: str, record: PersonRecord | UnitRecord | None) -> None:
    """Refuse an answer that is not about ``ident``: a person's record must carry the ID number
    asked, a unit's the credit code asked. Logged without either identifier."""
    if record is None:
        return
    got = record.id_number if isinstance(record, PersonRecord) else record.uscc
    if got.strip().upper() != ident:
        log.warning("registry %s lookup answered with another %s's record: refused, not cached", kind, kind)
        what = "身份证号" if kind == "person" else "统一社会信用代码"
        raise AnswerMismatch(f"中心返回的档案不是所查询的{'人员' if kind == 'person' else '单位'}（{what}不符），未采用")


def _with_suspension_day(record: PersonRecord | UnitRecord | None, answer: Any) -> PersonRecord | UnitRecord | None:
    """The person's record with the day its 暂停发放 took effect, which the centre answers beside the
    record (``RegistryAnswer.payment_suspended_on``; absent from older centres: the record as it
    came, the 告知单 then leaves the back-pay months to the approval). Only for a suspension the
    record names; cached with it."""
    day = getattr(answer, "payment_suspended_on", None)
    if not isinstance(record, PersonRecord) or not record.payment_suspension or not isinstance(day, date):
        return record
    return replace(record, payment_suspended_on=day)


ClientFactory = Callable[[], Any]   # a CentralClient (lookup_person / lookup_unit / close) or None


class RecordService:
    """Look-ups through ``client_factory()`` (a logged-in ``CentralClient``, or None when nobody
    is signed in / offline by choice), falling back to the sealed cache in ``store``."""

    def __init__(self, store, client_factory: ClientFactory | None = None, *, cipher: StoreCipher | None = None,
                 now: Callable[[], datetime] = _utcnow, close_clients: bool = True,
                 who: Callable[[], tuple[str, str]] | None = None):
        self.store = store
        self.who = who or (lambda: ("", ""))   # (user, workstation) for the audit trail
        self.client_factory = client_factory
        self.close_clients = close_clients   # False: the factory hands out one shared client
        self._cipher = cipher
        self.now = now

    @property
    def cipher(self) -> StoreCipher | None:
        """The cache's cipher; None when the OS keyring is not usable (then nothing is cached:
        personal data never goes to the store unsealed)."""
        if self._cipher is None:
            try:
                self._cipher = cipher_for(PURPOSE)
            except Exception as exc:  # keyring.errors.KeyringError and backend failures
                log.warning("record cache disabled: the keyring is not usable (%s)", type(exc).__name__)
                return None
        return self._cipher

    def _key(self, kind: str, ident: str) -> str:
        assert self.cipher is not None
        return self.cipher.digest(f"{kind}:{ident.strip().upper()}")

    # ------------------------------------------------------------ cache

    def cached(self, kind: str, ident: str) -> Lookup | None:
        if self.cipher is None:
            return None
        key = self._key(kind, ident)
        with self.store.session() as s:
            row = s.get(RecordCacheRow, key)
            if row is None:
                return None
            sealed, as_of = row.sealed, row.as_of
        try:
            data = json.loads(self.cipher.open(sealed, key.encode()))  # type: ignore[union-attr]
            record = (person_from_dict(data) if kind == "person" else unit_from_dict(data)) if data else None
        except (SealedDataError, ValueError, RecordError):
            log.warning("record cache row %s… does not open; treated as not cached", key[:8])
            return None
        return Lookup(kind, CACHE, record, _aware(as_of))

    def _store(self, kind: str, ident: str, record: PersonRecord | UnitRecord | None, as_of: datetime) -> None:
        if self.cipher is None:
            return
        key = self._key(kind, ident)
        text = json.dumps(record.to_dict() if record else None, ensure_ascii=False, sort_keys=True)
        sealed = self.cipher.seal(text.encode("utf-8"), key.encode())  # type: ignore[union-attr]
        with self.store.new_session() as s:
            s.merge(RecordCacheRow(key=key, kind=kind, found=record is not None, sealed=sealed, as_of=_naive(as_of),
                                   fetched_at=_naive(self.now())))
            s.commit()

    def completed_here(self, kind: str, ident: str) -> Completed | None:
        """The latest 参保登记 / 注销 of this person (ID number) or unit (credit code, a unit's own
        case) 办结 in this store — 办结 or 归档 since (counter_rules.registration)."""
        from sqlalchemy import select

        from counter_app.storage.tables_cases import CaseApplicantRow, CaseRow

        ident = (ident or "").strip().upper()
        if not ident:
            return None
        party = (CaseApplicantRow.id_number == ident if kind == "person" else
                 CaseApplicantRow.credit_code.in_(sorted({ident, ident.lower()})) & (CaseApplicantRow.id_number == "")
                 & (CaseRow.applicant_type == "unit"))
        with self.store.session() as s:
            row = s.execute(select(CaseRow.service_code, CaseRow.case_no, CaseRow.closed_at)
                            .join(CaseApplicantRow, CaseApplicantRow.case_id == CaseRow.id)
                            .where(party, CaseRow.service_code.in_(list(REGISTRATION_SERVICES)),
                                   CaseRow.state.in_(DONE_STATES), CaseRow.closed_at.is_not(None))
                            .order_by(CaseRow.closed_at.desc()).limit(1)).first()
        if row is None:
            return None
        # ``closed_at`` is the workstation's local wall time (CaseWorkflow.now)
        return Completed(row.service_code, row.case_no or "", row.closed_at.astimezone(timezone.utc), here=True)

    # ------------------------------------------------------------ look-ups

    def person(self, id_number: str, *, online: bool = True) -> Lookup:
        return self._lookup("person", id_number, online)

    def unit(self, uscc: str, *, online: bool = True) -> Lookup:
        return self._lookup("unit", uscc, online)

    def _lookup(self, kind: str, ident: str, online: bool) -> Lookup:
        result = self._find(kind, ident, online)
        from counter_app.storage.audit import record

        actor, workstation = self.who()
        record(self.store, actor=actor, workstation_id=workstation, action="record.lookup", object_type=kind,
               object_id=mask_id(ident.strip().upper()) if kind == "person" else ident.strip()[:8] + "…",
               result="ok" if result.record is not None else "failed", detail=f"{result.state} {result.message}".strip())
        return result

    def _find(self, kind: str, ident: str, online: bool) -> Lookup:
        from counter_app.sync.client import RequestRejected, SyncError

        ident = (ident or "").strip().upper()
        message = "未联网查询"
        client = self.client_factory() if (online and self.client_factory is not None) else None
        if online and client is None:
            message = "未登录中心服务"
        if client is not None:
            try:
                answer = client.lookup_person(ident) if kind == "person" else client.lookup_unit(ident)
                data = answer.record if answer.found else None
                _check_kind(kind, answer.kind, data)
                record = (person_from_dict(data) if kind == "person" else unit_from_dict(data)) if data else None
                _check_ident(kind, ident, record)    # before the cache: another's record is never kept under ``ident``
                record = _with_suspension_day(record, answer)
                self._store(kind, ident, record, answer.as_of)
                done = getattr(answer, "registration", None)
                return Lookup(kind, ONLINE, record, _aware(answer.as_of),
                              centre_completed=Completed.from_dict(done.model_dump(mode="json")) if done else None,
                              local_completed=self.completed_here(kind, ident))
            except RequestRejected as exc:
                message = f"中心拒绝查询：{exc.detail}"
            except SyncError as exc:
                message = f"中心服务不可用（{type(exc).__name__}）"
            except AnswerMismatch as exc:
                message = str(exc)
            except (RecordError, ValueError) as exc:
                message = f"中心返回的档案格式不正确：{exc}"
            finally:
                close = getattr(client, "close", None)
                if close is not None and self.close_clients:
                    close()
            log.info("registry %s lookup for %s went to the cache: %s", kind,
                     mask_id(ident) if kind == "person" else ident[:8] + "…", message)
        hit = self.cached(kind, ident)
        if hit is not None:
            return Lookup(kind, CACHE, hit.record, hit.as_of, message, local_completed=self.completed_here(kind, ident))
        return Lookup(kind, NONE, None, None, f"{message}，且本机无缓存")


def record_view(person: Lookup | None = None, unit: Lookup | None = None) -> RecordView:
    """The evaluator's view of one or two look-ups (the older as-of time, the weaker state)."""
    looks = [x for x in (person, unit) if x is not None]
    if not looks or not all(x.available for x in looks):
        return RecordView(state=NONE, person_asked=person is not None, unit_asked=unit is not None)
    state = CACHE if any(x.state == CACHE for x in looks) else ONLINE
    as_ofs = [x.as_of for x in looks if x.as_of is not None]
    return RecordView(state=state, person=person.record if person else None,  # type: ignore[arg-type]
                      unit=unit.record if unit else None,  # type: ignore[arg-type]
                      as_of=min(as_ofs) if as_ofs else None, person_asked=person is not None,
                      unit_asked=unit is not None,
                      person_provisional=person.provisional() if person else None,
                      unit_provisional=unit.provisional() if unit else None)


def look_up_applicant(records: RecordService, applicant_type: str, applicant: dict, *, online: bool = True) -> RecordView:
    """Look up whoever the case is about: the insured person (ID number) and / or the unit (USCC)."""
    person = records.person(applicant["id_number"], online=online) if applicant.get("id_number") else None
    unit = records.unit(applicant["credit_code"], online=online) if applicant.get("credit_code") else None
    if person is None and unit is None:
        return RecordView(state=NONE)
    return record_view(person, unit)


__all__ = ["Lookup", "RecordService", "age_text", "look_up_applicant", "record_view"]
