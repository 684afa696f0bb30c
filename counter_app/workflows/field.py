"""Field work on a laptop (外勤上门认证, 5.6.3 / 6.6.3): pull the roster, keep it sealed, record a
visit by two staff, seal it, and hand it to the outbox (docs/field.md).

- :func:`pull` fetches the signed-in field worker's office roster from the centre (registering this
  laptop's public key) and stores each assignment sealed (tables_field); assignments no longer on
  the roster and not visited are dropped, visited ones kept until their visit has synced.
- :func:`roster` lists the local copy (for the CLI and the field window), sorted by lapse date.
- :func:`record_visit` checks the visit (two different signed-in staff, address confirmed, identity
  by card chip plus fingerprint against the roster's template — or, where the registry has no
  template, the staff comparing the photo; face recognition is never a path of its own), seals it
  (SM3 over its canonical content, signed with the laptop's key) and writes it with its outbox
  entry in one transaction.
- :func:`visits` lists the recorded visits with their sync state; a visit whose outbox payload
  no longer matches its seal is shown as ``tampered``.
- :func:`withdraw_visit` takes back a sealed visit not yet sent (:func:`unsent_visits` lists them):
  removed with its outbox entry, the person listed again, audited.
- :func:`wipe` removes assignments whose visit has synced and those whose roster has expired.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import AbstractSet, Any

from sqlalchemy import delete, select

from counter_app.domain.free_text import unsafe_characters
from counter_app.domain.masking import mask_id, mask_name
from counter_app.domain.outbox import OutboxState
from counter_app.domain.refusals import Refusal
from counter_app.storage.base import utcnow
from counter_app.storage.crypto import SealedDataError, cipher_for
from counter_app.storage.db import Store, zero_deleted
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_field import FieldAssignment, FieldVisitRow
from counter_app.storage.uow import UnitOfWork, new_id
from counter_app.storage.wiped_files import after_wipe
from counter_app.domain.roster_check import MAX_ADDRESS as MAX_ADDRESS  # re-exported: the window reads it here
from counter_protocol import field as fp
from counter_protocol.certification import FUTURE_ALLOWANCE
from counter_protocol.clock import beijing_text

log = logging.getLogger(__name__)

PURPOSE = "field"               # name, ID, address, phone, dates
BIO_PURPOSE = "biometrics"      # template and photo, as the biometrics store seals them
RESULTS = fp.RESULTS
MAX_NOTE = 500
VISIT_STATES = {"queued": "待同步", "sending": "同步中", "synced": "已同步", "rejected": "中心拒收",
                "conflict": "冲突", "tampered": "记录被改动",
                # a rejected visit whose personal data the laptop cleared (storage.field_clearing)
                "expired": "已过期清除", "superseded": "已被取代清除"}


class FieldError(Exception):
    """The field worker's message: ``reason``, a :class:`Refusal` (the Chinese as the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _key(id_number: str) -> str:
    return cipher_for(PURPOSE).digest("field:" + id_number.strip().upper())


def _aad(key: str, what: str) -> bytes:
    return f"field:{what}:{key}".encode("ascii")


def _carries():
    """The join from a visit's record to the outbox entry carrying it, by the stable key: the
    entry's aggregate is the visit (``field_visit``, the visit id). The entry's own id changes when
    a retry or an edit re-keys it (``OutboxRepository._rekey``), and a record written before the
    re-key kept its link still names the old one."""
    return (OutboxEntry.aggregate_type == fp.AGGREGATE) & (OutboxEntry.aggregate_id == FieldVisitRow.visit_id)


def _entry_of(s, visit_id: str) -> OutboxEntry | None:
    """The outbox entry carrying the visit (the newest, were there ever several), or None."""
    return s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == fp.AGGREGATE,
                                               OutboxEntry.aggregate_id == visit_id)
                     .order_by(OutboxEntry.seq.desc())).first()


def _rejected_visits(s) -> set[str]:
    """The ids of the visits the centre rejected (their outbox entry answered ``rejected``). Such a
    visit certified nobody and the centre's answer says to visit again: its assignment is open
    again (listed, visitable, refreshed by a pull, wiped when its roster expires) — until the
    staff send that visit again (a retry: no longer ``rejected``), when it stands again."""
    return set(s.scalars(select(FieldVisitRow.visit_id).join(OutboxEntry, _carries())
                         .where(OutboxEntry.state == OutboxState.rejected)))


def _visit_stands(row: FieldAssignment, rejected: AbstractSet[str]) -> bool:
    """Whether the assignment has a visit that is still waiting to sync or has synced."""
    return row.visit_id is not None and row.visit_id not in rejected


# ------------------------------------------------------------------------------------ pull


@dataclass
class PullResult:
    office_code: str
    added: int
    updated: int
    dropped: int
    total: int
    expires_at: datetime
    left_out: int = 0       # persons of the centre's roster whose data was unusable (roster_check.entry_problem)

    def as_dict(self) -> dict:
        return {"office_code": self.office_code, "added": self.added, "updated": self.updated,
                "dropped": self.dropped, "total": self.total, "expires_at": self.expires_at.isoformat(),
                "left_out": self.left_out}


def _require_field_role(store: Store, user: str, roles, workstation_id: str) -> None:
    """Refuse 上门认证 (the roster, a visit) by an account without the field role (7.3.2:
    counter_protocol.roles.FIELD_VISIT): FieldError with the Chinese reason, the attempt audited.
    ``roles`` None: the caller decided who acts."""
    from counter_app.storage.permissions import RoleRefused, require_role
    from counter_protocol.roles import FIELD_VISIT

    try:
        require_role(store, FIELD_VISIT, actor=user, roles=roles, workstation_id=workstation_id)
    except RoleRefused as exc:
        raise FieldError(exc.reason) from None


def pull(store: Store, client, *, user: str, workstation_id: str, office_code: str,
         days: int | None = None, roles=None) -> PullResult:
    """Fetch the roster and store it sealed (one transaction). The roster is checked first
    (counter_app.domain.roster_check): one of another office than ``office_code`` (the signed-in
    worker's), of an implausible validity or size is refused and the laptop's roster stays as it
    was; a person whose data is unusable is left out and counted (``PullResult.left_out``)."""
    from counter_app.domain.roster_check import entry_problem, roster_refusal
    from counter_app.sync.client import RequestRejected, TransientError
    from counter_app.sync.field_key import note_held, note_revoked, signing_key

    _require_field_role(store, user, roles, workstation_id)
    _, pem = signing_key(workstation_id)
    try:
        roster = client.field_roster(pem, days)
    except TransientError as exc:
        # not reached (or no answer understood): a pull saves nothing and is not retried by itself —
        # said as such, with the roster the laptop keeps (never 「业务已保存在本机，联网后会自动同步」)
        raise FieldError(_not_pulled(store, user, exc)) from exc
    except RequestRejected as exc:
        if exc.reason == fp.NEW_KEY_HELD_CODE:
            # the centre revoked this workstation's key and holds its new one until IT allows it:
            # the roster goes from the laptop as well (audited); the centre's words are shown
            note_held(store, workstation_id, user)
            raise
        if exc.reason != fp.KEY_REVOKED_CODE:
            raise
        # the centre revoked this laptop's key: no visit sealed with it can be stored, so none is
        # recorded from now on and the roster goes (audited) until IT makes a new key
        note_revoked(store, workstation_id, user)
        raise FieldError(Refusal("field_key_revoked")) from None
    now = datetime.now(timezone.utc)
    refusal = roster_refusal(roster, office_code=office_code, now=now)
    if refusal is not None:
        log.warning("field roster refused (%s): office %s, %d entries", refusal.code, roster.office_code,
                    len(roster.entries))
        raise FieldError(refusal)
    today = (now + timedelta(hours=8)).date()
    entries, left_out = [], 0
    for e in roster.entries:
        problem = entry_problem(e, today=today)
        if problem is None:
            entries.append(e)
        else:
            left_out += 1
            log.warning("field roster: assignment %s left out (unusable %s)", e.assignment_id[:36], problem)
    info, bio = cipher_for(PURPOSE), cipher_for(BIO_PURPOSE)
    expires = roster.valid_until.astimezone(timezone.utc).replace(tzinfo=None)
    added = updated = 0
    keys: set[str] = set()
    with UnitOfWork(store, actor=user, workstation_id=workstation_id) as uow:
        s = uow.session
        rejected = _rejected_visits(s)
        for e in entries:
            key = _key(e.id_number)
            keys.add(key)
            person = {"assignment_id": e.assignment_id, "id_number": e.id_number, "name": e.name,
                      "address": e.address, "phone": e.phone, "reason": e.reason, "request_id": e.request_id,
                      "last_certified": e.last_certified.isoformat() if e.last_certified else None,
                      "valid_until": e.valid_until.isoformat() if e.valid_until else None}
            sealed = info.seal(json.dumps(person, ensure_ascii=False).encode("utf-8"), _aad(key, "person"))
            template = bio.seal(base64.b64decode(e.fingerprint_template), _aad(key, "template")) \
                if e.fingerprint_template else None
            photo = bio.seal(base64.b64decode(e.photo), _aad(key, "photo")) if e.photo else None
            row = s.get(FieldAssignment, key)
            if row is None:
                s.add(FieldAssignment(key=key, office_code=roster.office_code, pulled_by=user, pulled_at=utcnow(),
                                      expires_at=expires, valid_until=e.valid_until, sealed=sealed,
                                      template=template, photo=photo))
                added += 1
            elif not _visit_stands(row, rejected):
                row.office_code, row.pulled_by, row.pulled_at, row.expires_at = roster.office_code, user, utcnow(), expires
                row.valid_until, row.sealed, row.template, row.photo = e.valid_until, sealed, template, photo
                # a rejected visit keeps its mark: the assignment is open while it stays rejected,
                # and closed again if the staff retry it (else the person sent again stays listed)
                updated += 1
        stale = [r.key for r in s.scalars(select(FieldAssignment).where(FieldAssignment.pulled_by == user))
                 if r.key not in keys and not _visit_stands(r, rejected)]
        if stale:
            zero_deleted(s)
            s.execute(delete(FieldAssignment).where(FieldAssignment.key.in_(stale)))
        uow.audit("field.pull", object_type="field_roster", object_id=roster.office_code,
                  detail=f"名单 {len(entries)} 人" + (f"（另有 {left_out} 人资料有误未列入）" if left_out else ""))
        uow.commit()
    log.info("field roster pulled: %d entries for office %s, %d left out", len(entries), roster.office_code, left_out)
    if stale:
        after_wipe(store, actor=user, workstation_id=workstation_id)
    return PullResult(roster.office_code, added, updated, len(stale), len(keys), expires, left_out)


def _not_pulled(store: Store, user: str, exc: BaseException) -> Refusal:
    """Why the roster was not pulled (``exc``: the sync client's TransientError, its cause without
    the sync's promise) and what the laptop still holds: how many to visit, valid until when."""
    from counter_app.domain.messages import cause_message

    kept = roster(store, user=user)
    if not kept:
        return Refusal("field_roster_not_pulled_none", cause_message(exc))
    until = min(a.roster_expires_at for a in kept)
    return Refusal("field_roster_not_pulled", cause_message(exc), len(kept), beijing_text(until))


def new_laptop_key(store: Store, *, user: str | None, roles, workstation_id: str,
                   unsigned_actor: str = "") -> tuple[str, str | None, bool]:
    """信息技术人员 makes this laptop a new signing key (``counter-app field new-key``; docs/field.md
    §1: "On a recovered laptop IT makes a new key"). Only a signed-in account whose ``roles`` may
    (counter_protocol.roles.MANAGE_LAPTOP_KEY: 系统管理): after the centre revoked the key of a lost
    or stolen laptop, whoever holds it must not re-key it — nobody signed in (``user`` None; the
    attempt recorded as ``unsigned_actor``, the system account that ran the command) or an account
    of another role is refused (FieldError, a ``role_not_allowed`` Refusal) and the attempt audited
    (``business.refused``). The centre registers the new key only once IT allowed it there too
    (counter_central.field.allow_new_key). Returns (new key id, old key id, whether the centre had
    revoked the old one)."""
    from counter_app.storage.audit import record
    from counter_app.storage.permissions import RoleRefused, require_role, role_refusal
    from counter_app.sync.field_key import current_key_id, is_revoked, new_key
    from counter_protocol.roles import MANAGE_LAPTOP_KEY

    if not user:
        refusal = role_refusal(MANAGE_LAPTOP_KEY, (), "")
        assert refusal is not None
        record(store, actor=unsigned_actor or "（未登录）", workstation_id=workstation_id, action="business.refused",
               object_type="field_key", object_id=current_key_id(workstation_id) or "", result="refused",
               detail=str(refusal))
        raise FieldError(refusal)
    try:
        require_role(store, MANAGE_LAPTOP_KEY, actor=user, roles=list(roles or ()), workstation_id=workstation_id,
                     object_type="field_key", object_id=current_key_id(workstation_id) or "")
    except RoleRefused as exc:
        raise FieldError(exc.reason) from None
    was_revoked = is_revoked(store, workstation_id)
    kid, old = new_key(store, workstation_id, user)
    return kid, old, was_revoked


def worker_office(auth, user: str, settings) -> str:
    """The office of the signed-in field worker as the centre described it at their last online
    sign-in here (``auth``: an AuthManager), else the workstation's configured office."""
    info = auth.stored_user(user)
    return (info.office_code if info is not None and info.office_code else "") or settings.office.code


# ------------------------------------------------------------------------------------ roster


@dataclass
class Assignment:
    key: str
    id_number: str
    name: str
    address: str
    phone: str
    reason: str
    request_id: str | None
    last_certified: date | None
    valid_until: date | None
    expires: date | None            # the day the certification lapses (the day after valid_until)
    has_template: bool
    has_photo: bool
    visit_id: str | None
    roster_expires_at: datetime
    pulled_at: datetime | None = None   # when this laptop pulled it (naive UTC, the laptop's clock)

    def as_dict(self, *, masked: bool) -> dict:
        return {"key": self.key, "id_number": mask_id(self.id_number) if masked else self.id_number,
                "name": mask_name(self.name) if masked else self.name, "address": self.address if not masked else "",
                "phone": self.phone if not masked else "", "reason": self.reason, "request_id": self.request_id,
                "last_certified": self.last_certified.isoformat() if self.last_certified else None,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "expires": self.expires.isoformat() if self.expires else None,
                "has_template": self.has_template, "has_photo": self.has_photo, "visited": self.visit_id is not None}


def _open(row: FieldAssignment, rejected: AbstractSet[str] = frozenset()) -> Assignment:
    person = json.loads(cipher_for(PURPOSE).open(row.sealed, _aad(row.key, "person")))
    last = date.fromisoformat(person["last_certified"]) if person.get("last_certified") else None
    until = date.fromisoformat(person["valid_until"]) if person.get("valid_until") else None
    return Assignment(key=row.key, id_number=person["id_number"], name=person["name"], address=person.get("address", ""),
                      phone=person.get("phone", ""), reason=person.get("reason", ""), request_id=person.get("request_id"),
                      last_certified=last, valid_until=until, expires=until + timedelta(days=1) if until and until < date.max else until,
                      has_template=row.template is not None, has_photo=row.photo is not None,
                      visit_id=row.visit_id if _visit_stands(row, rejected) else None, roster_expires_at=row.expires_at,
                      pulled_at=row.pulled_at)


def roster(store: Store, *, user: str, days: int | None = None, today: date | None = None,
           include_visited: bool = False) -> list[Assignment]:
    """The signed-in field worker's assignments from the local copy, soonest lapse first (never
    certified first of all). ``days``: only those lapsing within that many days (or lapsed), and
    every requested home visit."""
    wipe(store)
    today = today or (datetime.now(timezone.utc) + timedelta(hours=8)).date()
    out: list[Assignment] = []
    with store.session() as s:
        rows = list(s.scalars(select(FieldAssignment).where(FieldAssignment.pulled_by == user)))
        rejected = _rejected_visits(s)
    for row in rows:
        if _visit_stands(row, rejected) and not include_visited:
            continue
        try:
            a = _open(row, rejected)
        except SealedDataError:
            log.warning("field assignment %s does not open (key missing or data altered)", row.key[:12])
            continue
        if days is not None and a.reason != "requested" and a.valid_until is not None \
                and (a.valid_until - today).days > days:
            continue
        out.append(a)
    out.sort(key=lambda a: (a.valid_until or date.min, a.key))
    return out


def assignment(store: Store, key: str) -> Assignment:
    """One assignment; ``visit_id`` is its visit unless the centre rejected that one."""
    with store.session() as s:
        row = s.get(FieldAssignment, key)
        rejected = _rejected_visits(s) if row is not None and row.visit_id is not None else frozenset()
    if row is None:
        raise FieldError(Refusal("field_no_task"))
    return _open(row, rejected)


def template_of(store: Store, key: str) -> bytes | None:
    with store.session() as s:
        row = s.get(FieldAssignment, key)
    if row is None or row.template is None:
        return None
    return cipher_for(BIO_PURPOSE).open(row.template, _aad(key, "template"))


def photo_of(store: Store, key: str) -> bytes | None:
    with store.session() as s:
        row = s.get(FieldAssignment, key)
    if row is None or row.photo is None:
        return None
    return cipher_for(BIO_PURPOSE).open(row.photo, _aad(key, "photo"))


def verify_fingerprint(store: Store, key: str, device, *, timeout: float | None = 30.0) -> bool:
    """Scan a finger on ``device`` and compare it with the roster's enrolled template."""
    template = template_of(store, key)
    if template is None:
        raise FieldError(Refusal("field_no_template"))
    return bool(device.verify(template, timeout=timeout).match)


# ------------------------------------------------------------------------------------ visit


@dataclass
class Staff:
    username: str
    display_name: str = ""
    mode: str = "online"            # how the second staff member authenticated (online / offline)


@dataclass
class Evidence:
    """What the staff established on site. ``card_id_number``: the ID number read from the card
    chip (None: no card read). ``fingerprint``: matched / not_matched / no_template / not_taken.
    ``photo_compared``: the staff compared the person with the registry photo (used only where
    there is no template). ``photo``: the photo taken now (camera). ``signature``: PNG bytes;
    ``signature_method``: pad / screen / none. ``consent_at``: when the staff read the consent
    notice for the fingerprint and the photo (PIPL Art. 28/29, sensitive personal data) and the
    person agreed — sealed with the visit (``consent``); None: not given (then no fingerprint is
    compared and no photo taken)."""

    card_id_number: str | None = None
    fingerprint: str = "not_taken"
    photo_compared: bool = False
    photo: bytes | None = None
    signature: bytes | None = None
    signature_method: str = "none"
    consent_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


STAFF_ROLES = fp.STAFF_ROLES
# which consent notice was read (counter_app.ui.field_panel.CONSENT_NOTICE): kept with the visit
CONSENT_NOTICE_ID = "field-biometrics-1"


def second_staff(auth, first: str, username: str, password: str, totp: str = "") -> Staff:
    """The second staff member signs in on this laptop for ONE visit (``AuthManager.authenticate_once``:
    online, or the offline verifier when the centre is unreachable); the signed-in field worker
    stays signed in. Must be another user, with a staff role."""
    from counter_app.sync.auth import LoginError

    username = (username or "").strip()
    if not username:
        raise FieldError(Refusal("field_second_login"))
    if username == first:
        raise FieldError(Refusal("field_same_staff"))
    try:
        user, mode, _key = auth.authenticate_once(username, password, totp, who="", act="验证",
                                                  purpose="上门认证第二名工作人员")
    except LoginError as exc:
        raise FieldError(Refusal("field_second_failed", str(exc))) from None
    if not set(user.roles) & set(STAFF_ROLES):
        raise FieldError(Refusal("field_second_role"))
    return Staff(user.username, user.display_name, mode)


def _check(a: Assignment, staff: list[Staff], result: str, address_confirmed: bool, ev: Evidence) -> None:
    if len(staff) != 2 or not all(s.username for s in staff):
        raise FieldError(Refusal("field_two_staff"))
    if staff[0].username == staff[1].username:
        raise FieldError(Refusal("field_same_staff"))
    if result not in RESULTS:
        raise FieldError(Refusal("field_choose_result", "、".join(RESULTS.values())))
    if not address_confirmed:
        raise FieldError(Refusal("field_address"))
    # the evidence rule is the centre's too (counter_protocol.field.evidence_refusal): one rule, two places
    card = (ev.card_id_number or "").strip().upper()
    code = fp.evidence_refusal(
        result=result, card_read=bool(ev.card_id_number), card_matches=card == a.id_number,
        fingerprint=ev.fingerprint, has_template=a.has_template, photo_compared=ev.photo_compared,
        photo_taken=bool(ev.photo), signature=bool(ev.signature), signature_method=ev.signature_method)
    if code is not None:
        raise FieldError(Refusal(f"field_{code}"))


def record_visit(store: Store, key: str, *, staff: list[Staff], workstation_id: str, result: str,
                 address_confirmed: bool, address: str = "", note: str = "", evidence: Evidence | None = None,
                 visited_at: datetime | None = None, roles=None) -> dict:
    """Seal one visit and queue it: the visit row, its outbox entry and the assignment's mark in
    one transaction. ``staff[0]`` is the signed-in field worker (the one who records), ``roles``
    theirs: only the field role records a visit (None: the caller decided)."""
    from counter_app.sync.field_key import is_revoked, signing_key

    _require_field_role(store, staff[0].username if staff else "", roles, workstation_id)

    if is_revoked(store, workstation_id):
        # every visit sealed with a revoked key is refused by the centre: not sealed at all
        raise FieldError(Refusal("field_key_revoked"))
    now = datetime.now(timezone.utc)
    at = (visited_at or now).astimezone(timezone.utc)
    if at > now + FUTURE_ALLOWANCE:
        # the centre refuses a visit dated after its today (it would move the next lapse ahead),
        # and a sealed visit cannot be corrected afterwards: refused here, while it still can be
        raise FieldError(Refusal("field_future"))
    ev = evidence or Evidence()
    a = assignment(store, key)
    if a.roster_expires_at <= now.replace(tzinfo=None):
        # the roster's period is over: the centre refuses a visit dated after it and the laptop then
        # clears it (已过期清除) — refused here, before anything is sealed, while nothing is lost yet
        raise FieldError(Refusal("field_roster_expired", beijing_text(a.roster_expires_at)))
    if a.visit_id is not None:
        raise FieldError(Refusal("field_recorded"))
    if a.pulled_at is not None and at.replace(tzinfo=None) < a.pulled_at - FUTURE_ALLOWANCE:
        # nobody visits a person before the roster naming them was on the laptop: the laptop's
        # clock fell behind since the pull, or the visit time was mistyped (the centre refuses it too)
        raise FieldError(Refusal("field_before_pull", beijing_text(a.pulled_at)))
    note = (note or "").strip()
    if result == "other" and not note:
        raise FieldError(Refusal("field_other_note"))
    if len(note) > MAX_NOTE:
        raise FieldError(Refusal("field_note_length"))
    if bad := unsafe_characters(note, allow="\n\t"):
        raise FieldError(Refusal("field_note_characters", "、".join(bad)))
    address = (address or a.address).strip()
    if len(address) > MAX_ADDRESS:
        raise FieldError(Refusal("field_address_length"))
    if bad := unsafe_characters(address):
        raise FieldError(Refusal("field_address_characters", "、".join(bad)))
    _check(a, staff, result, address_confirmed, ev)
    if (ev.fingerprint in ("matched", "not_matched") or ev.photo) and ev.consent_at is None:
        # a fingerprint compared or a photo taken without the consent notice read and agreed to
        raise FieldError(Refusal("field_consent"))
    if result == "eligible" and ev.fingerprint != "matched" and not a.has_photo:
        # the photo path is the staff comparing the person with the registry photo: without one
        # there is nothing to compare, whatever the box 已核对档案照片 says
        raise FieldError(Refusal("field_no_registry_photo"))
    visit_id = new_id()
    visit = {
        "visit_id": visit_id, "assignment_id": a.key[:16], "request_id": a.request_id,
        "id_number": a.id_number, "result": result, "note": note,
        "visited_at": at.isoformat(timespec="seconds"), "workstation_id": workstation_id,
        "staff": [s.username for s in staff], "second_staff_auth": staff[1].mode,
        "address_confirmed": True, "address": address,
        "identity": {"card_chip": ev.card_id_number is not None,
                     "card_matches": bool(ev.card_id_number and ev.card_id_number.strip().upper() == a.id_number),
                     "fingerprint": ev.fingerprint, "photo_compared": ev.photo_compared},
        "photo": base64.b64encode(ev.photo).decode("ascii") if ev.photo else None,
        "signature": {"method": ev.signature_method,
                      "png": base64.b64encode(ev.signature).decode("ascii") if ev.signature else None},
    }
    if ev.consent_at is not None:      # the consent notice read and agreed to, and when (PIPL Art. 28/29)
        visit["consent"] = {"biometrics": True, "notice": CONSENT_NOTICE_ID,
                            "at": ev.consent_at.astimezone(timezone.utc).isoformat(timespec="seconds")}
    if len(json.dumps(visit)) > fp_limit():
        raise FieldError(Refusal("field_too_large"))
    private, pem = signing_key(workstation_id)
    payload = fp.seal(visit, private, pem)
    with UnitOfWork(store, actor=staff[0].username, workstation_id=workstation_id) as uow:
        s = uow.session
        # checked again inside the write transaction: a second save started before this one
        # committed (封存并保存 pressed twice) must not seal and send a second visit
        row = s.get(FieldAssignment, key)
        if row is None:
            raise FieldError(Refusal("field_no_task"))
        if _visit_stands(row, _rejected_visits(s)):
            raise FieldError(Refusal("field_recorded"))
        entry = uow.outbox.add(kind=fp.VISIT_KIND, aggregate_type=fp.AGGREGATE, aggregate_id=visit_id, payload=payload)
        s.add(FieldVisitRow(visit_id=visit_id, entry_id=entry.id, assignment_key=key, result=result,
                            visited_at=at.replace(tzinfo=None), staff=",".join(v.username for v in staff),
                            recorded_by=staff[0].username, created_at=utcnow(), keep_until=row.expires_at))
        row.visit_id = visit_id
        # the visits of this person the centre rejected are superseded by this one: never sent again
        # (OutboxRepository.retry refuses them), their personal data cleared now
        from counter_app.storage.field_clearing import clear_visit

        superseded = 0
        for older, older_entry in s.execute(select(FieldVisitRow, OutboxEntry).join(OutboxEntry, _carries())
                                            .where(FieldVisitRow.assignment_key == key,
                                                   FieldVisitRow.visit_id != visit_id,
                                                   OutboxEntry.state == OutboxState.rejected)).all():
            superseded += clear_visit(s, older, older_entry, now=utcnow(), why=fp.CLEARED_SUPERSEDED,
                                      superseded_by=visit_id)
        uow.audit("field.visit", object_type="field_visit", object_id=visit_id,
                  detail=f"{mask_id(a.id_number)} {RESULTS[result]}，工作人员 {staff[0].username}、{staff[1].username}")
        uow.commit()
    if superseded:
        after_wipe(store, actor=staff[0].username, workstation_id=workstation_id)
    return {"visit_id": visit_id, "entry_id": entry.id, "result": result, "sm3": payload["seal"]["sm3"]}


MAX_WITHDRAW_REASON = 200


def _withdrawal_refusal(s, visit: FieldVisitRow, entry: OutboxEntry | None, user: str) -> Refusal | None:
    """Why ``user`` cannot withdraw ``visit`` now, or None. Only a visit that has certainly not
    reached the centre is withdrawn: its entry waiting (``pending``), never handed to a send
    (``attempts`` 0: a send whose answer was lost may have been stored there), never re-keyed (an
    earlier key of it may have arrived), its content not cleared, and no queue export
    (``counter-app queue export``, audited ``export``) made since it was recorded — the file may
    reach the centre by hand. Only the staff member who recorded it withdraws it."""
    from counter_app.storage.tables_audit import AuditRow
    from counter_app.storage.tables_sync import SupersededEntry

    if visit.recorded_by != user:
        return Refusal("field_withdraw_recorder", visit.recorded_by)
    from counter_app.storage.field_clearing import cleared_why

    if entry is None or entry.state != OutboxState.pending or entry.attempts or cleared_why(entry.payload) \
            or s.scalar(select(SupersededEntry.old_id).where(SupersededEntry.new_id == entry.id).limit(1)):
        return Refusal("field_withdraw_sent")
    since = visit.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")     # the audit trail's time format (UTC)
    if s.scalar(select(AuditRow.seq).where(AuditRow.action == "export", AuditRow.object_type == "outbox",
                                           AuditRow.at >= since).limit(1)):
        return Refusal("field_withdraw_exported")
    return None


def unsent_visits(store: Store, *, user: str) -> list[dict]:
    """The visits ``user`` recorded on this laptop that can still be withdrawn (:func:`withdraw_visit`):
    not yet sent to the centre. Each with the person's full name, masked ID number and address (the
    staff must see whom they withdraw), the result and the visit time; newest first."""
    out = []
    with store.session() as s:
        rows = s.scalars(select(FieldVisitRow).where(FieldVisitRow.recorded_by == user)
                         .order_by(FieldVisitRow.visited_at.desc(), FieldVisitRow.visit_id.desc())).all()
        for row in rows:
            entry = _entry_of(s, row.visit_id)
            if _withdrawal_refusal(s, row, entry, user) is not None:
                continue
            assigned = s.get(FieldAssignment, row.assignment_key)
            person = None
            if assigned is not None:
                try:
                    person = _open(assigned)
                except SealedDataError:
                    person = None
            out.append({"visit_id": row.visit_id, "result": row.result, "result_text": RESULTS.get(row.result, row.result),
                        "visited_at": row.visited_at.replace(tzinfo=timezone.utc).isoformat(),
                        "name": person.name if person else "", "id_number": mask_id(person.id_number) if person else "",
                        "address": person.address if person else "", "staff": row.staff.split(",")})
    return out


def withdraw_visit(store: Store, visit_id: str, *, user: str, workstation_id: str, reason: str, roles=None) -> dict:
    """撤回 a sealed visit that has not been sent (the wrong person, the wrong result): its outbox
    entry and record removed, the person back on the roster to be visited again, in one transaction,
    audited (``field.visit_withdrawn``: who, which visit, whose and what result, why; the audit
    trail reaches the centre). Removal, not a sealed 作废 entry: the centre never saw the visit, so
    there is nothing there to void, and a void sent after it would still carry the wrong 已死亡 to
    the centre first. A visit that may have reached the centre is refused (:func:`_withdrawal_refusal`).
    Returns the visit id, its result and whether the person is listed again."""
    _require_field_role(store, user, roles, workstation_id)
    reason = (reason or "").strip()
    if not reason:
        raise FieldError(Refusal("field_withdraw_reason"))
    if len(reason) > MAX_WITHDRAW_REASON:
        raise FieldError(Refusal("field_withdraw_reason_length", MAX_WITHDRAW_REASON))
    if bad := unsafe_characters(reason):
        raise FieldError(Refusal("field_note_characters", "、".join(bad)))
    with UnitOfWork(store, actor=user, workstation_id=workstation_id) as uow:
        s = uow.session
        visit = s.get(FieldVisitRow, visit_id)
        if visit is None:
            raise FieldError(Refusal("field_withdraw_unknown"))
        entry = _entry_of(s, visit_id)
        refusal = _withdrawal_refusal(s, visit, entry, user)
        if refusal is not None:
            raise FieldError(refusal)
        assert entry is not None
        try:
            id_masked = mask_id(json.loads(entry.payload)["visit"]["id_number"])
        except (ValueError, KeyError, TypeError):
            id_masked = ""
        zero_deleted(s)
        s.delete(entry)
        s.delete(visit)
        row = s.get(FieldAssignment, visit.assignment_key)
        reopened = row is not None and row.visit_id == visit_id
        if row is not None and reopened:
            row.visit_id = None         # listed again, visitable, refreshed by a pull
        uow.audit("field.visit_withdrawn", object_type="field_visit", object_id=visit_id,
                  detail=f"{id_masked} {RESULTS.get(visit.result, visit.result)}（未发送，撤回），"
                         f"工作人员 {visit.staff.replace(',', '、')}；原因：{reason}")
        uow.commit()
    log.info("field visit %s withdrawn before sync by %s", visit_id, user)
    after_wipe(store, actor=user, workstation_id=workstation_id)
    return {"visit_id": visit_id, "result": visit.result, "reopened": reopened}


def fp_limit() -> int:
    from counter_protocol.sync import MAX_PAYLOAD_BYTES

    return MAX_PAYLOAD_BYTES - 4096       # room for the seal


# ------------------------------------------------------------------------------------ visits


def _state(entry: OutboxEntry | None, pems: dict[str, str]) -> str:
    if entry is None:
        return "tampered"            # the outbox entry that carried it is gone
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        return "tampered"
    if isinstance(payload, dict) and isinstance(payload.get(fp.WIPED), dict):
        why = payload[fp.WIPED].get("why", fp.CLEARED_SYNCED)
        if entry.state == OutboxState.synced:
            return "synced"          # its personal data cleared after its roster period (wipe)
        if entry.state == OutboxState.rejected and why == fp.CLEARED_EXPIRED:
            return "expired"         # rejected, never sent again, cleared with its roster
        if entry.state == OutboxState.rejected and why == fp.CLEARED_SUPERSEDED:
            return "superseded"      # rejected, and a newer visit to the person recorded since
    sealed = payload.get("seal") if isinstance(payload, dict) else None
    pem = pems.get(sealed.get("key_id", "")) if isinstance(sealed, dict) else None   # the key it names, if this laptop's
    if hashlib.sha256(entry.payload.encode("utf-8")).hexdigest() != entry.payload_digest \
            or fp.check_seal(payload, pem) is not None:
        return "tampered"
    return {OutboxState.synced: "synced", OutboxState.rejected: "rejected", OutboxState.conflict: "conflict",
            OutboxState.sending: "sending"}.get(entry.state, "queued")


def visits(store: Store, *, workstation_id: str, state: str | None = None, user: str | None = None) -> list[dict]:
    """The visits recorded on this laptop with their state (queued / sending / synced / rejected /
    conflict / tampered), newest first; the ID number is masked."""
    from counter_app.sync.field_key import known_pems

    pem = known_pems(store, workstation_id)
    out = []
    with store.session() as s:
        q = select(FieldVisitRow).order_by(FieldVisitRow.visited_at.desc(), FieldVisitRow.visit_id.desc())
        if user:
            q = q.where(FieldVisitRow.staff.like(f"%{user}%"))
        for row in s.scalars(q):
            entry = _entry_of(s, row.visit_id)
            st = _state(entry, pem)
            if state and st != state:
                continue
            id_masked = ""
            if entry is not None:
                try:
                    body = json.loads(entry.payload)
                    id_masked = body[fp.WIPED].get("id_masked", "") if fp.WIPED in body \
                        else mask_id(body["visit"]["id_number"])
                except (ValueError, KeyError, TypeError):
                    pass
            out.append({"visit_id": row.visit_id, "entry_id": entry.id if entry is not None else row.entry_id,
                        "id_number": id_masked,
                        "result": row.result, "result_text": RESULTS.get(row.result, row.result),
                        "visited_at": row.visited_at.replace(tzinfo=timezone.utc).isoformat(),
                        "staff": row.staff.split(","), "state": st, "state_text": VISIT_STATES[st],
                        "reason": entry.reason if entry is not None else None})
    return out


def wipe(store: Store, now: datetime | None = None) -> int:
    """Remove assignments whose visit has synced and those whose roster has expired (unvisited
    or visited, once the visit is no longer waiting to sync), and clear the personal data of synced
    visits whose roster period is over (:func:`clear_synced_visits`). Returns how many assignments
    were removed."""
    now = now or utcnow()
    cleared = clear_synced_visits(store, now)
    with store.session() as s:
        gone = _wiped(s, now)               # a read: most reloads find nothing to wipe, and lock nothing
    if gone:
        # found again under the write lock (BEGIN IMMEDIATE, as every store write): two reloads at
        # once (a save's, a sync's) queue here on the busy timeout — a delete after a plain read
        # would fail at once with "database is locked" once the other's delete committed
        with store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            gone = _wiped(s, now)
            if gone:
                zero_deleted(s)
                s.execute(delete(FieldAssignment).where(FieldAssignment.key.in_(gone)))
                s.commit()
    if gone:
        log.info("field roster: %d assignments wiped (visit synced or roster expired)", len(gone))
    if gone or cleared:
        after_wipe(store)
    return len(gone)


def _wiped(s, now: datetime) -> list[str]:
    """The keys of the assignments :func:`wipe` removes at ``now``."""
    gone = []
    for row in s.scalars(select(FieldAssignment)):
        if row.visit_id is not None:
            entry = _entry_of(s, row.visit_id) if s.get(FieldVisitRow, row.visit_id) is not None else None
            if entry is None or entry.state == OutboxState.synced:
                gone.append(row.key)
            elif entry.state == OutboxState.rejected and row.expires_at <= now:
                gone.append(row.key)        # the rejected visit waits for nothing: as unvisited
        elif row.expires_at <= now:
            gone.append(row.key)
    return gone


def clear_synced_visits(store: Store, now: datetime | None = None) -> int:
    """"Minimise what a field laptop carries, and wipe it when done": a visit's outbox payload holds
    the ID number, address, photo and signature. Once the roster it was recorded against has
    expired (``keep_until``), the payload is replaced (:func:`counter_app.storage.field_clearing.clear_visit`):

    - of a synced visit (the centre has it) by the seal's digest, when, the masked ID. Until then
      a centre restored from a backup gets it again (``SyncWorker._reconcile``); after, the sync
      reports it as one the laptop can no longer send;
    - of a rejected visit nobody sent again (a retry makes it pending) by a tombstone — digest,
      when, why, the person's roster key (no ID number), the centre's reason, the visit's time —
      shown as 已过期清除 (``expired``) at the laptop and in 待同步; it can no longer be sent.

    Returns how many were cleared."""
    from counter_app.storage.field_clearing import clear_visit

    now = now or utcnow()
    cleared = 0
    with UnitOfWork(store) as uow:
        s = uow.session
        # every entry of the visit (by its stable key, whatever its entry's id has become)
        rows = s.execute(select(FieldVisitRow, OutboxEntry).join(OutboxEntry, _carries())
                         .where(OutboxEntry.state.in_((OutboxState.synced, OutboxState.rejected)))
                         .where((FieldVisitRow.keep_until.is_(None)) | (FieldVisitRow.keep_until <= now))).all()
        for visit, entry in rows:
            why = fp.CLEARED_SYNCED if entry.state == OutboxState.synced else fp.CLEARED_EXPIRED
            if clear_visit(s, visit, entry, now=now, why=why):
                cleared += 1
        if cleared:
            uow.commit()
    if cleared:
        log.info("field visits: personal data of %d synced or rejected visits cleared (roster period over)", cleared)
    return cleared
