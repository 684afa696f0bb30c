"""Field work at the centre (上门认证, 5.6.3 / 6.6.3): the roster a field laptop pulls, home-visit
requests, and the sealed visits that arrive through the outbox (docs/field.md).

- ``POST /field/roster`` (role ``field``): the token's office's pensioners (registry status
  ``retired``) whose certification lapses within the window or has lapsed (or was never recorded),
  except those a home visit reported deceased, plus the open home-visit requests; the laptop's
  public key in the body is registered to the calling workstation (every key it ever presented is
  kept, :func:`register_key`), and the pull is recorded with it (``field_roster_pulls``).
- ``POST /field/requests`` (clerk / supervisor): request a home visit for someone who cannot come.
- A ``field.visit_recorded`` outbox entry: its seal is checked (:func:`counter_protocol.field.check_seal`)
  against the workstation's key its ``key_id`` names; then what it says (:func:`check_entry`: the
  laptop's own evidence rule, the date within a roster generated for that laptop and key, never
  moving ``last_certified`` backwards, the staff and the pusher, the person). A rejected entry stores
  nothing; an accepted one is stored once per visit id, an ``eligible`` result sets the person's
  ``last_certified`` to the visit date and a ``deceased`` one raises a flag for the centre (nothing
  is deleted).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Callable, Literal

from fastapi import APIRouter, Depends, Path
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_protocol import certification
from counter_protocol import field as proto
from counter_protocol.certification import FUTURE_ALLOWANCE
from counter_rules.masking import mask_id
from counter_central.audit import record_centre
from counter_central.db import (FieldKey, FieldLaptopKey, FieldRequest, FieldRosterPull, FieldVisit,
                                RegistryPerson, Token, User, utcnow)

ROSTER_VALID_DAYS = 14       # how long a pulled roster may stay on a laptop unvisited
REQUEST_ROLES = ("clerk", "supervisor")
# set by a synced 已死亡 visit while its report stands (counter_central.certification.report_death)
DECEASED_FLAG = "deceased_reported"


# ------------------------------------------------------------------------------------ parameters


def param(s: Session, name: str, on: date) -> int:
    """A certification parameter in force on ``on`` as the centre publishes it (else the bundled
    file), read as the counters read it (effective-dated, counter_central.certification). None in
    force is refused with the reason, never replaced by a figure of our own."""
    from counter_central import certification as central_certification
    from counter_central.core import ServiceError

    try:
        return int(central_certification.parameter_entries(s, on)[name]["value"])
    except central_certification.CertificationError as exc:
        raise ServiceError(409, str(exc), "policy_parameter_missing", "请中心管理员发布包含该参数的政策参数") from None


# ------------------------------------------------------------------------------------ roster


def _office_of(who) -> str:
    return who.user.office_code


def register_key(s: Session, who, pem: str) -> str:
    """Register the laptop's public key to the calling workstation and return its key id. Every key
    a workstation presents is kept (``field_keys``): presenting another one — a reinstalled laptop,
    or anyone signed in as a field worker claiming that workstation id — adds it and leaves the
    earlier ones standing, so visits sealed with them before are still checked against them (a
    key is taken out of use only by revocation: :func:`revoke_key`). ``field_laptop_keys`` keeps
    the one presented last."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from counter_central.core import ServiceError

    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        key = None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ServiceError(422, "笔记本电脑的签名公钥格式不正确", "bad_laptop_key", "在笔记本电脑上重新拉取名单")
    kid = proto.key_id(pem)
    known = s.get(FieldKey, (who.workstation_id, kid))
    if known is not None and known.revoked_at is not None:
        raise ServiceError(403, KEY_REVOKED, proto.KEY_REVOKED_CODE, KEY_REVOKED_ACTION)
    row = s.get(FieldLaptopKey, who.workstation_id)
    if known is None and row is not None and row.new_key_held_at is not None:
        # a key of this workstation was revoked (a lost or stolen laptop): whoever holds it may have
        # made itself a new key — none is registered until IT allows it (allow_new_key)
        raise ServiceError(403, proto.NEW_KEY_HELD, proto.NEW_KEY_HELD_CODE, proto.NEW_KEY_HELD_ACTION)
    if known is None:
        s.add(FieldKey(workstation_id=who.workstation_id, key_id=kid, public_key=pem.strip(),
                       registered_by=who.user.username, registered_at=utcnow()))
    if row is None:
        s.add(FieldLaptopKey(workstation_id=who.workstation_id, public_key=pem.strip(), key_id=kid,
                             registered_by=who.user.username, registered_at=utcnow()))
    elif row.key_id != kid:
        row.public_key, row.key_id, row.registered_by, row.registered_at = pem.strip(), kid, who.user.username, utcnow()
    return kid


KEY_REVOKED = proto.KEY_REVOKED
KEY_REVOKED_ACTION = proto.KEY_REVOKED_ACTION


def revoke_key(s: Session, workstation_id: str, key_id: str, by: str) -> bool:
    """Take one of a laptop's keys out of use (a lost or stolen laptop): visits sealed with it are
    refused from now on, and the laptop cannot pull a roster with it. Whoever holds the laptop has
    its keyring too, so the workstation's sign-ins end with it (every token issued on it revoked, as
    ``workstations retire`` does: a field worker signs in again with the password), and no new key
    of the workstation is registered until IT allows one (:func:`allow_new_key`) — else the holder
    makes the laptop a new key and pulls the roster again. False: no such key. One record in the
    centre's audit chain (``field.revoke_key``). Commits."""
    from counter_central.admin import revoke_tokens

    row = s.get(FieldKey, (workstation_id, key_id))
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = utcnow(), by
        ended = revoke_tokens(s, workstation_id=workstation_id)
        laptop = s.get(FieldLaptopKey, workstation_id)
        if laptop is not None:
            laptop.new_key_held_at = row.revoked_at
        record_centre(s, actor=by, action="field.revoke_key", object_type="field_key",
                      object_id=f"{workstation_id}:{key_id}",
                      detail=(f"停用笔记本电脑 {workstation_id} 的签名密钥 {key_id}；其上的登录全部注销（{ended} 个凭据）；"
                              "新的签名密钥须经信息技术人员准许后才能登记"))
    s.commit()
    return True


class KeyAdminError(Exception):
    """A refused allowance of a laptop's new key (Chinese message); nothing was written."""


def new_key_held(s: Session, workstation_id: str) -> datetime | None:
    """Since when the workstation's new keys wait for IT's allowance (a key of it revoked), or None."""
    row = s.get(FieldLaptopKey, workstation_id)
    return row.new_key_held_at if row is not None else None


def allow_new_key(s: Session, workstation_id: str, *, by: str, reason: str, cli_user: str | None = None) -> None:
    """IT allows a laptop whose key the centre revoked to register a new key (the laptop is
    recovered and checked): the hold :func:`revoke_key` set is lifted; the next roster pull with a
    new key registers it. ``by`` is not taken on trust: an active account of the workstation's
    office whose roles may change a laptop's key (counter_protocol.roles.MANAGE_LAPTOP_KEY: 系统管理);
    a reason is required. One record in the centre's audit chain (``field.allow_new_key``, with
    ``cli_user``: done at the centre host's command line by that operating-system account). Refused
    before anything is written (KeyAdminError, Chinese). Commits."""
    from counter_central.db import Workstation
    from counter_protocol import roles as r

    reason = (reason or "").strip()
    if not reason:
        raise KeyAdminError("请填写准许的原因（如 笔记本已找回，经信息技术人员检查）")
    if len(reason) > 200 or any(ord(ch) < 32 or ord(ch) == 127 for ch in reason):
        raise KeyAdminError("原因过长（最多 200 个字符）或包含控制字符")
    ws = s.get(Workstation, workstation_id)
    laptop = s.get(FieldLaptopKey, workstation_id)
    if ws is None or laptop is None:
        raise KeyAdminError(f"工作站 {workstation_id} 没有登记过笔记本电脑的签名密钥")
    user = s.get(User, by)
    if user is None:
        raise KeyAdminError(f"没有用户 {by}：准许登记新密钥须由本分局在职系统管理员的账号办理")
    if not user.active:
        raise KeyAdminError(f"账号 {by} 已停用，不能准许登记新密钥")
    refused = r.action_refusal(r.MANAGE_LAPTOP_KEY, user.role_list(), by)
    if refused:
        raise KeyAdminError(refused)
    if user.office_code != ws.office_code:
        raise KeyAdminError(f"工作站 {workstation_id} 属于分局 {ws.office_code}，须由该分局的系统管理员准许")
    if laptop.new_key_held_at is None:
        raise KeyAdminError(f"工作站 {workstation_id} 的签名密钥没有被停用（或已准许），登记新密钥无须准许")
    held = laptop.new_key_held_at
    laptop.new_key_held_at, laptop.new_key_allowed_by, laptop.new_key_allowed_at = None, by, utcnow()
    record_centre(s, actor=by, action="field.allow_new_key", object_type="workstation", object_id=workstation_id,
                  detail=(f"准许笔记本电脑 {workstation_id} 登记新的签名密钥（自 {held.isoformat(timespec='seconds')}Z 起暂停），"
                          f"原因：{reason}"
                          + (f"；在中心主机命令行办理（系统用户 {cli_user}，--by {by}）" if cli_user is not None else "")))
    s.commit()


def roster(s: Session, who, req: proto.RosterRequest, *, today: date | None = None) -> proto.Roster:
    from counter_central.core import require_role

    require_role(who, "field")
    today = today or datetime.now(timezone.utc).date()
    office = _office_of(who)
    cycle = param(s, "certification.cycle_months", today)
    window = req.days if req.days is not None else param(s, "certification.roster_window_days", today)
    kid = register_key(s, who, req.laptop_key)
    requests = {r.id_number: r for r in s.scalars(
        select(FieldRequest).where(FieldRequest.office_code == office, FieldRequest.state == "open"))}
    entries: list[proto.RosterEntry] = []
    rows = s.scalars(select(RegistryPerson).where(RegistryPerson.office == office,
                                                  RegistryPerson.status == "retired"))
    seen: set[str] = set()
    for row in rows:
        if row.field_flag == DECEASED_FLAG and row.id_number not in requests:
            continue        # a home visit reported the death: nobody is sent there again unless asked
        entry = _entry(row, today, cycle, window, requests.get(row.id_number))
        if entry is not None:
            entries.append(entry)
            seen.add(row.id_number)
    for id_number, req_row in requests.items():      # requested for someone not (or not yet) retired here
        if id_number in seen:
            continue
        requested = s.get(RegistryPerson, id_number)
        if requested is not None:
            entry = _entry(requested, today, cycle, window, req_row, force=True)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.valid_until or date.min, e.id_number))
    # 查询留痕: a roster is a read of every person on it — one row for the pull (committed with the rest)
    from counter_central.audit import record_registry_read

    now = datetime.now(timezone.utc)
    until = now + timedelta(days=ROSTER_VALID_DAYS)
    # the roster this laptop will visit from, with the key it presented: its visits are dated within it
    s.add(FieldRosterPull(workstation_id=who.workstation_id, office_code=office, username=who.user.username,
                          key_id=kid, generated_at=now.replace(tzinfo=None), valid_until=until.replace(tzinfo=None)))
    record_registry_read(s, who, "roster", f"{office}:{len(entries)}人", bool(entries))
    return proto.Roster(office_code=office, generated_at=now, valid_until=until,
                        window_days=window, cycle_months=cycle, entries=entries)


def _entry(row: RegistryPerson, today: date, cycle: int, window: int, request: FieldRequest | None,
           *, force: bool = False) -> proto.RosterEntry | None:
    record = json.loads(row.record)
    last = record.get("last_certified")
    last_d = date.fromisoformat(last) if last else None
    st = certification.status(last_d, today, cycle_months=cycle, window_days=window)
    if request is None and not force and st.state == "valid":
        return None
    reason: Literal["due", "lapsed", "never", "requested"]
    if request is not None or st.state == "valid":
        reason = "requested"
    else:
        reason = "due" if st.state == "due" else "lapsed" if st.state == "lapsed" else "never"
    return proto.RosterEntry(
        assignment_id=(request.id if request is not None else str(uuid.uuid4())),
        id_number=row.id_number, name=record.get("name", ""), address=row.address or "", phone=row.phone or "",
        last_certified=last_d, valid_until=st.valid_until, reason=reason,
        request_id=request.id if request is not None else None,
        fingerprint_template=row.fingerprint_template, photo=row.photo)


# ------------------------------------------------------------------------------------ requests


def request_visit(s: Session, id_number: str, office_code: str, requested_by: str, reason: str = "") -> FieldRequest:
    """Open a home-visit request (one open request per person and office: a second returns the first). Commits."""
    row = open_request(s, id_number, office_code, requested_by, reason)
    s.commit()
    return row


def request_refusal(s: Session, id_number: str, office_code: str) -> tuple[int, str, str, str] | None:
    """Why no home visit can be requested for ``id_number`` by ``office_code``: (status, Chinese
    reason, code, suggested action), or None. The same for the API and a window's outbox entry."""
    person = s.get(RegistryPerson, id_number.strip().upper())
    if person is None:
        return 404, "档案中没有此人，无法申请上门认证", "not_found", "核对证件号码"
    if person.status != "retired":
        return 409, "此人不是退休人员（不领取养老待遇），无需资格认证", "not_retired", "核对证件号码"
    if person.office != office_code:
        # the roster carries the person's name, address and phone: never to another office's laptops
        return 403, f"此人属于分局 {person.office}，上门认证由该分局申请和安排", "other_office_person", "请联系该分局"
    return None


def open_request(s: Session, id_number: str, office_code: str, requested_by: str, reason: str = "",
                 request_id: str | None = None) -> FieldRequest:
    """:func:`request_visit` without the commit (a push's effect commits with the batch): the open
    request of the person and office if there is one, else a new one (``request_id``: the window's
    own id for it, so a replay finds the same row). ServiceError when :func:`request_refusal` says no."""
    from counter_central.core import ServiceError

    id_number = id_number.strip().upper()
    refusal = request_refusal(s, id_number, office_code)
    if refusal is not None:
        raise ServiceError(*refusal)
    open_row = s.scalars(select(FieldRequest).where(FieldRequest.id_number == id_number,
                                                    FieldRequest.office_code == office_code,
                                                    FieldRequest.state == "open")).first()
    if open_row is not None:
        return open_row
    done = s.get(FieldRequest, request_id) if request_id else None
    if done is not None:
        return done                  # raised before and visited since: nothing again
    row = FieldRequest(id=request_id or str(uuid.uuid4()), id_number=id_number, office_code=office_code,
                       requested_by=requested_by, requested_at=utcnow(), reason=reason.strip(), state="open")
    s.add(row)
    record_centre(s, actor=requested_by, action="field.request", object_type="field_request", object_id=row.id,
                  detail=f"上门认证申请：{mask_id(id_number)}，分局 {office_code}")
    s.flush()
    return row


def check_request_entry(s: Session, office_code: str, workstation_id: str, item, pushed_by: str = ""):
    """(outcome, reason, suggested action, effect) of a window's ``certification.home_visit_requested``
    entry (counter_protocol.certification_sync.HomeVisitRequested): the request its clerk raised for a
    case of the ``home_visit`` variant, opened as :func:`open_request` opens one (the same checks as
    ``POST /field/requests``: on the registry, retired, of this office)."""
    from pydantic import ValidationError

    from counter_protocol import certification_sync as cs

    try:
        payload = cs.HomeVisitRequested.model_validate(item.payload)
    except ValidationError as exc:
        from counter_protocol.field_errors import field_error_words, where

        first = exc.errors()[0]
        return ("rejected", f"上门认证申请内容不完整：{where(first)} {field_error_words(first)}",
                "联系信息技术人员", None)
    if payload.request_id != item.aggregate_id:
        return "rejected", "上门认证申请编号与内容不一致", "联系信息技术人员", None
    if payload.clerk != item.actor:
        return ("rejected", f"上门认证申请的经办人（{payload.clerk}）与记录该申请的账号（{item.actor}）不一致",
                "由经办人本人登录后重新申请", None)
    refusal = request_refusal(s, payload.id_number, office_code)
    if refusal is not None:
        return "rejected", f"上门认证申请未登记：{refusal[1]}", refusal[3], None
    # the request's note (kept at the centre, never an answer): the window case it came from, then why
    note = "：".join(x for x in (f"窗口办件 {payload.case_no}" if payload.case_no else "", payload.reason.strip()) if x)

    def effect(sess: Session) -> None:
        open_request(sess, payload.id_number, office_code, payload.clerk, note, request_id=payload.request_id)

    return "accepted", None, None, effect


def request_model(row: FieldRequest) -> proto.VisitRequest:
    return proto.VisitRequest(id=row.id, office_code=row.office_code, requested_by=row.requested_by,
                              requested_at=row.requested_at.replace(tzinfo=timezone.utc), reason=row.reason,
                              state="done" if row.state == "done" else "open")


# ------------------------------------------------------------------------------------ visits (push)


class VisitView:
    """Laptop keys, roster pulls and already stored visits, looked up once per push batch."""

    def __init__(self, s: Session):
        self.s = s
        self.keys: dict[tuple[str, str], FieldKey | None] = {}
        self.latest: dict[str, str | None] = {}
        self.pulls: dict[tuple[str, str, str], list[tuple[date, date]]] = {}
        self.stored: set[str] = set()
        self.newest: dict[str, datetime] = {}      # id number -> the latest visit accepted (so far in this batch)

    def key(self, workstation_id: str, key_id: str) -> FieldKey | None:
        """The workstation's key of that id (revoked or not), if it registered one."""
        if (workstation_id, key_id) not in self.keys:
            self.keys[workstation_id, key_id] = self.s.get(FieldKey, (workstation_id, key_id))
        return self.keys[workstation_id, key_id]

    def latest_key(self, workstation_id: str) -> str | None:
        """The key the workstation presented last (for the words of a seal made with another one)."""
        if workstation_id not in self.latest:
            row = self.s.get(FieldLaptopKey, workstation_id)
            self.latest[workstation_id] = row.public_key if row is not None else None
        return self.latest[workstation_id]

    def signed_in_before(self, username: str, workstation_id: str, at: datetime) -> bool:
        """Whether the centre saw ``username`` sign in on ``workstation_id`` by ``at`` (naive UTC; the
        laptop's clock, so within the clock-skew allowance): a token issued to them there then."""
        limit = at + FUTURE_ALLOWANCE
        return self.s.scalar(select(Token.token_hash).where(
            Token.username == username, Token.workstation_id == workstation_id,
            Token.created_at <= limit).limit(1)) is not None

    def newest_visit(self, id_number: str) -> datetime | None:
        """When the latest visit to the person the centre accepted took place (naive UTC), counting
        the ones accepted earlier in this batch."""
        if id_number not in self.newest:
            from sqlalchemy import func

            at = self.s.scalar(select(func.max(FieldVisit.visited_at)).where(FieldVisit.id_number == id_number))
            if at is not None:
                self.newest[id_number] = at
        return self.newest.get(id_number)

    def accepted(self, visit_id: str, id_number: str, at: datetime) -> None:
        self.stored.add(visit_id)
        if id_number not in self.newest or self.newest[id_number] < at:
            self.newest[id_number] = at

    def roster_days(self, workstation_id: str, key_id: str, office: str) -> list[tuple[date, date]]:
        """(first, last) Beijing day of each roster the office generated for the workstation and key."""
        k = (workstation_id, key_id, office)
        if k not in self.pulls:
            rows = self.s.execute(select(FieldRosterPull.generated_at, FieldRosterPull.valid_until).where(
                FieldRosterPull.workstation_id == workstation_id, FieldRosterPull.key_id == key_id,
                FieldRosterPull.office_code == office))
            self.pulls[k] = sorted((certification.beijing_day(a), certification.beijing_day(b)) for a, b in rows)
        return self.pulls[k]


SEAL_ACTION = "该记录不能入库；请在笔记本电脑上核查（counter-app field visits）并重新上门认证"
DATE_ACTION = "在笔记本电脑上核对日期和时间后重新上门认证"


def _seal_refusal(view: VisitView, workstation_id: str, payload: dict[str, Any]) -> str | None:
    """Why the seal does not stand (中文), or None: checked against the key its ``key_id`` names
    among those the workstation registered (not only the last one), which must not be revoked."""
    sealed = payload.get("seal")
    kid = sealed.get("key_id") if isinstance(sealed, dict) else None
    row = view.key(workstation_id, kid) if isinstance(kid, str) else None
    problem = proto.check_seal(payload, row.public_key if row is not None else view.latest_key(workstation_id))
    if problem is None and row is not None and row.revoked_at is not None:
        return KEY_REVOKED
    return problem


def check_entry(view: VisitView, office: str, workstation_id: str, item,
                pushed_by: str = "") -> tuple[str, str | None, str | None, Callable | None]:
    """(outcome, reason, suggested action, effect) of one visit entry pushed by ``pushed_by`` (the
    signed-in user); the effect writes the visit."""
    payload: dict[str, Any] = item.payload
    problem = _seal_refusal(view, workstation_id, payload)
    if problem is not None:
        # a revoked key: another visit cannot succeed until IT re-keys the laptop (not "visit again")
        return "rejected", problem, KEY_REVOKED_ACTION if problem == KEY_REVOKED else SEAL_ACTION, None
    visit = payload["visit"]
    try:
        visit_id = str(visit["visit_id"])
        id_number = str(visit["id_number"]).upper()
        result = str(visit["result"])
        visited_at = datetime.fromisoformat(str(visit["visited_at"]))
        staff = [str(u) for u in visit["staff"]]
        key_id = str(payload["seal"]["key_id"])
    except (KeyError, TypeError, ValueError):
        return "rejected", "上门认证记录内容不完整", "请联系信息技术人员", None
    if visit_id != item.aggregate_id or result not in proto.RESULTS or len(staff) != 2 or len(set(staff)) != 2:
        return "rejected", "上门认证记录不符合要求（编号、结果或两名工作人员）", "请联系信息技术人员", None
    try:
        local_day = certification.beijing_day(visited_at)      # the visit's date in Beijing time
        if visited_at.tzinfo is not None:
            visited_at = visited_at.astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:
        return "rejected", "上门认证记录的上门时间超出范围", DATE_ACTION, None
    # a visit dated in the future would move last_certified (and the next lapse) ahead: the date
    # counts (a sealed visit cannot be corrected, only done again), a time later today does not
    from counter_central.core import server_now

    refusal = certification.future_date_refusal(local_day, server_now(), what="上门认证日期")
    if refusal is not None:
        return "rejected", refusal, DATE_ACTION, None
    # …and one dated before its roster existed is back-dated: a visit is made from a roster this
    # office generated for this laptop with the key that sealed it, within that roster's validity
    refusal = _roster_refusal(view.roster_days(workstation_id, key_id, office), local_day)
    if refusal is not None:
        return "rejected", refusal, DATE_ACTION, None
    if visit_id in view.stored or view.s.get(FieldVisit, visit_id) is not None:
        return "accepted", None, None, None       # the same visit under another key: stored once already
    refusal = _staff_refusal(view, office, staff, item.actor, pushed_by, workstation_id, visited_at)
    if refusal is not None:
        return "rejected", refusal, STAFF_ACTIONS.get(refusal, "核对上门认证记录；如确有其事请联系信息技术人员"), None
    refusal = _person_refusal(view.s, office, id_number, result)
    if refusal is not None:
        return "rejected", refusal, "核对上门认证记录；如确有其事请联系信息技术人员", None
    person = view.s.get(RegistryPerson, id_number)
    refusal = _evidence_refusal(visit, person) or _text_refusal(visit)
    if refusal is not None:
        return "rejected", refusal, SEAL_ACTION, None
    refusal = _backwards_refusal(person, result, local_day)
    if refusal is not None:
        return "rejected", refusal, "该人员的认证仍然有效，无需为此再次上门；请在笔记本电脑上重新拉取名单", None
    newest = view.newest_visit(id_number)
    refusal = _superseded_refusal(newest, visited_at)
    if refusal is not None:
        return "rejected", refusal, SUPERSEDED_ACTION, _superseded_conflict(
            visit_id, id_number, result, visited_at, newest, staff, office, workstation_id)
    view.accepted(visit_id, id_number, visited_at)

    def effect(s: Session) -> None:
        s.add(FieldVisit(visit_id=visit_id, entry_id=item.id, workstation_id=workstation_id, office_code=office,
                         id_number=id_number, result=result, visited_at=visited_at, staff=",".join(staff),
                         sm3=payload["seal"]["sm3"], received_at=utcnow()))
        if result == "eligible":   # last_certified moves forward there, as for a window certification
            _record_certification(s, visit, visit_id, id_number, local_day, visited_at, staff, office, workstation_id,
                                  pushed_by, item.actor)
        elif result == "deceased":   # a suspension for a supervisor to decide (5.6.2.1), off the reminders
            from counter_central import certification as central_certification

            central_certification.report_death(
                s, id_number=id_number, office_code=office, visit_id=visit_id, workstation_id=workstation_id,
                visited_at=visited_at, staff=staff, pushed_by=pushed_by, actor=item.actor,
                roster_generated_at=_roster_generated(s, workstation_id, key_id, office, visited_at))
        request_id = visit.get("request_id")
        if request_id:
            req = s.get(FieldRequest, str(request_id))
            if req is not None and req.state == "open":
                _answer_request(s, req, visit_id, id_number, result, visited_at, staff, pushed_by or item.actor)

    return "accepted", None, None, effect


# the results that answer a home-visit request (5.6.3 a: the certification offered at home): the
# person certified, reported dead, no longer living there, or declining the certification. Nobody
# found at home (not_found) or something else (other, with a note) leaves the request open: the
# person stays on the roster as 申请上门 and the field staff go back.
ANSWERS_REQUEST = frozenset({"eligible", "deceased", "moved_away", "refused"})


def _answer_request(s: Session, req: FieldRequest, visit_id: str, id_number: str, result: str,
                    visited_at: datetime, staff: list[str], actor: str) -> None:
    """Close the open request ``req`` with the visit when its result answers it
    (:data:`ANSWERS_REQUEST`); otherwise keep it open and record the visit against it (audited
    ``field.request_visited``, with how many visits since the request left it open)."""
    if result in ANSWERS_REQUEST:
        req.state, req.closed_by_visit = "done", visit_id
        return
    from sqlalchemy import func

    s.flush()
    tries = s.scalar(select(func.count()).select_from(FieldVisit).where(
        FieldVisit.id_number == id_number, FieldVisit.visited_at >= req.requested_at,
        FieldVisit.result.not_in(sorted(ANSWERS_REQUEST)))) or 1
    day = certification.beijing_day(visited_at.replace(tzinfo=timezone.utc)).isoformat()
    record_centre(s, actor=actor, action="field.request_visited", object_type="field_request", object_id=req.id,
                  detail=(f"上门认证申请仍待上门：{mask_id(id_number)} {day} 上门结果「{proto.RESULTS[result]}」"
                          f"（工作人员 {'、'.join(staff)}，上门认证记录 {visit_id}）；自申请以来已上门 {tries} 次未办结"))


def _roster_generated(s: Session, workstation_id: str, key_id: str, office: str, at: datetime) -> datetime | None:
    """When the roster a visit at ``at`` (naive UTC) was made from was generated: the latest one
    the office generated for the workstation and key by then (within the clock allowance)."""
    from sqlalchemy import func

    return s.scalar(select(func.max(FieldRosterPull.generated_at)).where(
        FieldRosterPull.workstation_id == workstation_id, FieldRosterPull.key_id == key_id,
        FieldRosterPull.office_code == office, FieldRosterPull.generated_at <= at + FUTURE_ALLOWANCE))


def _superseded_conflict(visit_id: str, id_number: str, result: str, visited_at: datetime, newest: datetime | None,
                         staff: list[str], office: str, workstation_id: str) -> Callable | None:
    """A visit refused as superseded changes nothing, but an 认证通过 superseded by a later 已死亡, or
    an 已死亡 superseded by a later 认证通过, contradicts it: the contradiction is kept for a
    supervisor (the death report's listing, counter_central.certification), never settled silently."""
    from counter_central import certification as central_certification
    from counter_protocol.certification_sync import CHANNEL_NAMES

    if result == "eligible":
        def effect(s: Session) -> None:
            central_certification.note_certification_conflict(
                s, id_number, visit_id, visited_at, CHANNEL_NAMES["home_visit"], "、".join(staff),
                "；该记录早于本报告，已被拒收")
        return effect
    if result == "deceased" and newest is not None:
        def effect_death(s: Session) -> None:
            central_certification.report_refused_death(
                s, id_number=id_number, office_code=office, visit_id=visit_id, workstation_id=workstation_id,
                visited_at=visited_at, staff=staff, newer_visit_at=newest)
        return effect_death
    return None


def _roster_refusal(rosters: list[tuple[date, date]], day: date) -> str | None:
    """Why a visit on ``day`` was not made from one of ``rosters`` (中文), or None."""
    if not rosters:
        return "中心没有该笔记本电脑用此签名密钥拉取名单的记录，上门认证记录无从核对"
    if any(first <= day <= last for first, last in rosters):
        return None
    if day < rosters[0][0]:
        return f"上门日期 {day.isoformat()} 早于该笔记本电脑拉取名单的日期 {rosters[0][0].isoformat()}"
    return f"上门日期 {day.isoformat()} 不在该笔记本电脑所拉取名单的有效期内"


def _evidence_refusal(visit: dict[str, Any], person: RegistryPerson | None) -> str | None:
    """Why the visit's identity evidence does not stand (中文), or None: the laptop's own rule
    (:func:`counter_protocol.field.sealed_visit_refusal`), with whether the person has an enrolled
    fingerprint template taken from the centre's registry, not from the visit."""
    has_template = person is not None and bool(person.fingerprint_template)
    code = proto.sealed_visit_refusal(visit, has_template=has_template)
    if code in ("two_staff", "same_staff", "choose_result"):
        return "上门认证记录不符合要求（编号、结果或两名工作人员）"
    if code == "address":
        return "上门认证记录没有核实上门地址"
    if code == "signature_method":
        return "上门认证记录的签名方式不正确"
    if code == "card":
        return "认证通过须读取本人社保卡或身份证芯片，该记录没有读卡"
    if code == "card_mismatch":
        return "读到的卡与被认证人不符，不能认证通过"
    if code == "no_match":
        return "指纹比对不一致，不能认证通过"
    if code is None and visit.get("result") == "eligible" and not has_template and not (person and person.photo):
        return "该人员在档案中既没有指纹模板也没有照片，无从核对身份，不能上门认证通过"
    if code is None:
        return None
    if code == "fingerprint" and has_template:
        return "该人员在档案中有指纹模板，认证通过须指纹比对一致"
    if code == "fingerprint":
        return "该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片"
    return "认证通过须由本人签名，该记录没有签名"


def _text_refusal(visit: dict[str, Any]) -> str | None:
    """Why the visit's address or note cannot be kept (中文), or None: longer than the registry
    takes, or carrying control or bidirectional-override characters (counter_protocol.free_text),
    which the laptop refuses when they are typed — a visit bringing them anyway was not written by
    it as shipped."""
    from counter_central.registry.field import MAX_ADDRESS
    from counter_protocol.free_text import unsafe_characters

    address, note = visit.get("address", ""), visit.get("note", "")
    if not isinstance(address, str) or not isinstance(note, str):
        return "上门认证记录的地址或备注不是文字"
    if len(address) > MAX_ADDRESS:
        return f"上门认证记录的地址超过 {MAX_ADDRESS} 个字"
    bad = unsafe_characters(address) + unsafe_characters(note, allow="\n\t")
    if bad:
        return f"上门认证记录的地址或备注含有不可保存的控制字符（{'、'.join(dict.fromkeys(bad))}）"
    return None


def _backwards_refusal(person: RegistryPerson | None, result: str, day: date) -> str | None:
    """An ``eligible`` visit dated before the person's last certification would store a 资格认证
    older than the one the registry holds (and leave the laptop showing 已同步 for a certification
    that changes nothing): refused, naming both dates (中文), or None."""
    if result != "eligible" or person is None:
        return None
    last = json.loads(person.record).get("last_certified")
    if last and date.fromisoformat(str(last)) > day:
        return f"该人员已于 {last} 通过资格认证，晚于本次上门日期 {day.isoformat()}，认证日期不能倒退"
    return None


SUPERSEDED_ACTION = "无需为此再次上门；请在笔记本电脑上重新拉取名单"


def _superseded_refusal(newest: datetime | None, at: datetime) -> str | None:
    """A visit older than one the centre already accepted for the same person is superseded by it
    (whatever either's result: an older 认证通过 arriving after a newer 已死亡 would certify a person
    reported dead, an older 未找到本人 would stand beside a newer certification): refused naming both
    times (Beijing, 中文), or None. The same moment stands (the same visit again is accepted above)."""
    if newest is None or newest <= at:
        return None
    from counter_protocol.clock import beijing_text

    return f"中心已收到该人员 {beijing_text(newest)} 的上门认证记录，晚于本次上门时间 {beijing_text(at)}，本次记录已被其取代"


STAFF_REFUSED = "上门认证的工作人员须为本分局在职的外勤、窗口或科长账号"
RECORDER_NOT_STAFF = "记录上门认证的账号不是该次上门的工作人员"
# a visit pushed by an account that is not one of its staff: a colleague's sync (honest) or a forgery
PUSHER_NOT_FIELD = "同步他人上门认证记录的登录账号须为本分局的外勤账号"
PUSHER_NOT_FIELD_ACTION = "由本分局的外勤人员或参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送"
RECORDER_NOT_ON_LAPTOP = "记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记"
RECORDER_NOT_ON_LAPTOP_ACTION = "该记录不能入库；请核查该笔记本电脑的上门认证记录，如确有其事请联系信息技术人员"
STAFF_ACTIONS = {PUSHER_NOT_FIELD: PUSHER_NOT_FIELD_ACTION, RECORDER_NOT_ON_LAPTOP: RECORDER_NOT_ON_LAPTOP_ACTION}
PERSON_NOT_HERE = "该人员不在本分局的上门认证名单上（不是本分局领取待遇的人员，也没有本分局的上门认证申请）"
NOT_A_PENSIONER = "该人员不是领取待遇的退休人员，不能登记资格认证"


def _staff_refusal(view: VisitView, office: str, staff: list[str], actor: str, pushed_by: str = "",
                   workstation_id: str = "", visited_at: datetime | None = None) -> str | None:
    """Why the visit's staff cannot stand (中文), or None. The laptop's word is checked against the
    centre's accounts: each is an active account of the pushing office with a staff role, and the
    account that recorded it (the entry's ``actor``) is one of them.

    Who pushes it: one of the staff, signed in at the centre (the one name of the visit the centre
    itself authenticated), or — the visits of a laptop shared in the office — any field login of
    the office on that laptop, provided the centre saw the recorder sign in on this same
    workstation before the visit's time (its login history: ``tokens``, one row per sign-in and
    refresh, with the workstation, kept). A key holder therefore cannot push a visit in the name
    of colleagues who never used that laptop (:data:`RECORDER_NOT_ON_LAPTOP`). An import by the
    centre's operator (``import:…``, no sign-in) is not held to the pusher rule."""
    s = view.s
    if actor not in staff:
        return RECORDER_NOT_STAFF
    for name in staff:
        user = s.get(User, name)
        if user is None or not user.active or user.office_code != office or not set(user.role_list()) & set(
                proto.STAFF_ROLES):
            return STAFF_REFUSED
    if pushed_by and not pushed_by.startswith("import:") and pushed_by not in staff:
        pusher = s.get(User, pushed_by)
        if pusher is None or pusher.office_code != office or "field" not in pusher.role_list():
            return PUSHER_NOT_FIELD
        if visited_at is None or not view.signed_in_before(actor, workstation_id, visited_at):
            return RECORDER_NOT_ON_LAPTOP
    return None


def _person_refusal(s: Session, office: str, id_number: str, result: str) -> str | None:
    """Why a visit to this person cannot be recorded by ``office`` (中文), or None: the person is on
    the office's roster — one of its pensioners, or asked for by its home-visit request — and only
    a pensioner is certified (an ``eligible`` visit moves ``last_certified``)."""
    person = s.get(RegistryPerson, id_number)
    requested = s.scalar(select(FieldRequest.id).where(FieldRequest.id_number == id_number,
                                                       FieldRequest.office_code == office).limit(1))
    if person is None or (person.office != office and requested is None):
        return PERSON_NOT_HERE
    if result == "eligible" and person.status != "retired":
        return NOT_A_PENSIONER
    return None


def _record_certification(s: Session, visit: dict, visit_id: str, id_number: str, on, at: datetime,
                          staff: list[str], office: str, workstation_id: str, pushed_by: str = "",
                          actor: str = "") -> None:
    """An eligible home visit is a 资格认证 (channel ``home_visit``) like one at the window: stored
    once in the certifications, and a suspended pensioner's resumption (with back pay, 6.6.2.8) is
    raised for approval by the same rule (counter_central.certification). Every staff member of the
    visit, the account that recorded the entry (``actor``) and the pusher took part in it: none of
    them decides that resumption."""
    from counter_central import certification
    from counter_protocol import certification_sync as cs

    identity = visit.get("identity")
    matched = isinstance(identity, dict) and identity.get("fingerprint") == "matched"
    method: Literal["fingerprint", "photo"] = "fingerprint" if matched else "photo"
    certification.record_certification(s, cs.CertificationRecorded(
        certification_id=visit_id, id_number=id_number, certified_on=on, certified_at=at.replace(tzinfo=timezone.utc),
        method=method, channel="home_visit", clerk=staff[0], second_staff=staff[1],
        valid_until=on, back_pay_months=[]), office_code=office, workstation_id=workstation_id, pushed_by=pushed_by,
        actor=actor, staff=staff)


# ------------------------------------------------------------------------------------ the API


def router(who: Callable, db: Callable, errors: dict | None = None, error_model=None) -> APIRouter:
    r = APIRouter(tags=["field"])
    documented = dict(errors or {})

    @r.post(proto.ROSTER_PATH, response_model=proto.Roster, responses=documented)
    def post_roster(req: proto.RosterRequest, w=Depends(who), s=Depends(db)) -> proto.Roster:
        """外勤名单：本分局认证即将到期或已过期的退休人员，以及上门认证申请（外勤人员）。"""
        return roster(s, w, req)

    extra = dict(documented)
    if error_model is not None:
        extra[404] = {"model": error_model, "description": "档案中没有此人"}
        extra[409] = {"model": error_model, "description": "此人不是退休人员"}

    @r.post(proto.REQUESTS_PATH, response_model=proto.VisitRequest, status_code=201, responses=extra)
    def post_request(req: proto.VisitRequestIn, w=Depends(who), s=Depends(db)) -> proto.VisitRequest:
        """上门认证申请（窗口经办员、科长）：为无法到窗口认证的人申请上门认证。"""
        from counter_central.core import require_role

        require_role(w, *REQUEST_ROLES)
        return request_model(request_visit(s, req.id_number, w.user.office_code, w.user.username, req.reason))

    @r.get(proto.DEATHS_PATH, response_model=proto.DeathReportList, responses=documented)
    def get_death_reports(w=Depends(who), s=Depends(db), include_cleared: bool = False,
                          record: bool = False) -> proto.DeathReportList:
        """上门认证死亡报告（科长、审计）：本分局的报告，证件号码、姓名均已遮盖；含暂停发放的状态与矛盾的认证。
        默认只列有效的报告（待处理、已拒收待核实）；include_cleared=true 时另列已撤销的报告（排在后面）。
        查看记入查询留痕（kind deaths）：record=true（科长、审计人员打开、切换筛选、刷新）时必记；否则同一账号、同一工作站、
        同一范围 10 分钟内已有记录的自动刷新不再重复记录。"""
        from counter_central.certification import office_death_reports

        return office_death_reports(s, w, include_cleared=include_cleared, record=record)

    cleared = dict(documented)
    if error_model is not None:
        cleared[404] = {"model": error_model, "description": "本分局没有该死亡报告"}
        cleared[409] = {"model": error_model, "description": "该死亡报告已撤销"}

    @r.post(proto.DEATHS_PATH + "/{report_id}/clear", response_model=proto.DeathReportCleared, responses=cleared)
    def post_clear_death_report(body: proto.ClearDeathReport,
                                report_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$")],
                                w=Depends(who), s=Depends(db)) -> proto.DeathReportCleared:
        """撤销死亡报告（本分局科长，不能是上门的工作人员）：撤销人是令牌的用户；须填写原因；记入中心审计记录。"""
        from counter_central.certification import clear_death_report_for

        return clear_death_report_for(s, w, report_id, body.reason)

    return r
