"""Central service logic, independent of HTTP: idempotent push, pull, auth, reference data.

中心服务业务逻辑：幂等接收、增量下发、认证、参考数据。
"""

from __future__ import annotations

import hashlib
import os
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable, TypeGuard, cast

from sqlalchemy import String, Table, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from psycopg.errors import UniqueViolation
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_protocol import passwords
from counter_protocol.clock import beijing_clock
from counter_protocol.free_text import long_text_refusal, unsafe_text_refusal
from counter_protocol.numbers import case_series, number_series, out_of_range, parse_case_number, parse_number
from counter_protocol import sync as p
from counter_protocol.cases import is_state, state_name, transition_allowed
from counter_central import approvals, case_steps, complaints, entry_key, field, samecase
from counter_central.db import (
    SERVICE_CODE_MAX, CaseState, ChangeRow, IssuedNumberFloor, Office, ReceivedEntry, ReferenceRow, Token, User, Workstation,
    WorkstationTally, utcnow,
)
from counter_central.db import insert_on_conflict

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert

ACCESS_TTL = timedelta(hours=8)
# Demo / test knob: pretend the server clock is off by this many seconds (clock-skew warnings).
CLOCK_OFFSET = timedelta(seconds=float(os.environ.get("COUNTER_CENTRAL_CLOCK_OFFSET", "0") or 0))


def server_now() -> datetime:
    return p.utc_now() + CLOCK_OFFSET
REFRESH_TTL = timedelta(days=30)


class ServiceError(p.Refusal):
    """A 4xx answer: ``status`` plus Chinese ``detail`` / ``reason`` / ``suggested_action``
    (counter_protocol.sync.Refusal; ``body()`` is the ErrorBody sent)."""


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------------- auth

def hash_password(password: str) -> str:
    """The stored hash of a password (counter_protocol.passwords: the product's one argon2id hasher)."""
    return passwords.hash_secret(password)


def _verify(user: User | None, password: str) -> TypeGuard[User]:
    if user is None:
        passwords.spend(password)  # same cost whether or not the user exists
        return False
    return passwords.verify(user.password_hash, password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Principal:
    user: User
    workstation_id: str
    family: str
    # the workstation's recorded client build and protocol (clients.ClientBuilds), read with the token
    client: tuple[str | None, int | None] | None = None

    @property
    def roles(self) -> list[str]:
        return self.user.role_list()


def user_info(user: User) -> p.UserInfo:
    return p.UserInfo(username=user.username, display_name=user.display_name, roles=user.role_list(),
                      office_code=user.office_code, active=user.active, totp=bool(user.totp_secret),
                      approval_level=user.approval_level or 0, staff_no=user.staff_no or None)


@dataclass(frozen=True)
class Lockout:
    """登录失败锁定：``after`` failures in a row lock the account for ``minutes``."""

    after: int = 5
    minutes: float = 15.0


DEFAULT_LOCKOUT = Lockout()

# roles that sign in with a second factor (动态验证码, TOTP)
TOTP_ROLES = frozenset({"supervisor", "admin"})


def _failure(s: Session, user: User, lockout: Lockout, now: datetime) -> None:
    """Count one failed sign-in (committed on its own); raise the lock when it is the last allowed."""
    user.failed_logins = (user.failed_logins or 0) + 1
    until = None
    if user.failed_logins >= lockout.after:
        until = now + timedelta(minutes=lockout.minutes)
        user.failed_logins, user.locked_until = 0, until
    s.commit()
    if until is not None:
        raise ServiceError(403, f"连续 {lockout.after} 次密码错误，账号已锁定至 {beijing_clock(until)}（北京时间）",
                           "account_locked", "稍后再试，或请系统管理员重置密码")


def _second_factor(s: Session, user: User, code: str | None, lockout: Lockout, *, required: bool) -> bool:
    """Check the TOTP code of an enrolled user (a wrong one counts like a wrong password, a code is
    accepted once); ``required``: supervisors and admins must be enrolled. True when a code was proved."""
    import pyotp

    if not user.totp_secret:
        if required and TOTP_ROLES & set(user.role_list()):
            raise ServiceError(403, "科长和管理员须使用动态验证码登录，该账号尚未开通", "totp_not_enrolled",
                               "请系统管理员开通动态验证码（counter-central users totp-enrol）")
        return False
    if not code:
        raise ServiceError(401, "请输入动态验证码（身份验证器上的 6 位数字）", "totp_required", "输入动态验证码后重新登录")
    totp = pyotp.TOTP(user.totp_secret)
    now = datetime.now(timezone.utc)
    step = None
    for delta in (0, -1, 1):                       # ±30 s of clock difference
        at = now + timedelta(seconds=30 * delta)
        if totp.verify(code, for_time=at):
            step = totp.timecode(at)
            break
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        _failure(s, user, lockout, utcnow())
        raise ServiceError(401, "动态验证码不正确或已使用过", "totp_invalid", "等身份验证器显示新的验证码后重新登录")
    user.totp_last_step = step
    return True


def _authenticate(s: Session, username: str, password: str, lockout: Lockout = DEFAULT_LOCKOUT) -> User:
    """The user whose password this is; counts failures and locks the account after
    ``lockout.after`` in a row (the count is committed on its own: the request itself fails)."""
    user = s.get(User, username)
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        passwords.spend(password)  # same cost as a check
        raise ServiceError(403, f"连续 {lockout.after} 次密码错误，账号已锁定至 {beijing_clock(user.locked_until)}（北京时间）",
                           "account_locked", "稍后再试，或请系统管理员重置密码")
    if not _verify(user, password):
        if user is not None:
            _failure(s, user, lockout, now)
        raise ServiceError(401, "用户名或密码不正确", "invalid_credentials", "核对用户名和密码后重新登录")
    if not user.active:
        raise ServiceError(403, "该账号已停用", "account_disabled", "联系系统管理员")
    if passwords.needs_rehash(user.password_hash):  # made with older parameters: renewed with the request
        user.password_hash = passwords.hash_secret(password)
    return user


def _signed_in(user: User) -> None:
    """Password and second factor both right: the run of failures ends (committed with the request)."""
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins, user.locked_until = 0, None


def _issue(s: Session, user: User, workstation_id: str, login_id: str | None = None, *,
           totp_proved: bool = False) -> p.TokenPair:
    family = secrets.token_hex(16)
    login_id = login_id or family
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    s.add(Token(token_hash=_token_hash(access), kind="access", family=family, login_id=login_id, username=user.username,
                workstation_id=workstation_id, created_at=now, expires_at=now + ACCESS_TTL))
    s.add(Token(token_hash=_token_hash(refresh), kind="refresh", family=family, login_id=login_id,
                username=user.username, workstation_id=workstation_id, created_at=now, expires_at=now + REFRESH_TTL))
    return p.TokenPair(access_token=access, refresh_token=refresh, expires_in=int(ACCESS_TTL.total_seconds()),
                       user=user_info(user), server_time=server_now(),
                       totp_secret=user.totp_secret if totp_proved else None)


def register_workstation(s: Session, req: p.WorkstationRegistration, *, lockout: Lockout = DEFAULT_LOCKOUT,
                         require_totp: bool = False) -> p.WorkstationInfo:
    user = _authenticate(s, req.username, req.password, lockout)
    _second_factor(s, user, req.totp, lockout, required=require_totp)
    _signed_in(user)
    roles = user.role_list()
    if "admin" not in roles and not ("supervisor" in roles and user.office_code == req.office_code):
        raise ServiceError(403, "只有本分局的科长（supervisor）或管理员可以登记工作站", "forbidden", "请科长或管理员登记")
    if s.get(Office, req.office_code) is None:
        raise ServiceError(422, f"分局代码 {req.office_code} 不存在", "unknown_office", "核对分局代码")
    ws = s.get(Workstation, req.workstation_id)
    if ws is None:
        ws = Workstation(workstation_id=req.workstation_id, office_code=req.office_code, name=req.name,
                         registered_by=user.username, registered_at=utcnow())
        s.add(ws)
        from counter_central.audit import record_centre

        record_centre(s, actor=user.username, action="workstation.add", object_type="workstation",
                      object_id=req.workstation_id, detail=f"登记到分局 {req.office_code}（首次运行向导）")
    elif ws.office_code != req.office_code:
        raise ServiceError(409, f"工作站 {req.workstation_id} 已登记在分局 {ws.office_code}", "workstation_taken",
                           "换用新的工作站编号，或请管理员处理")
    elif ws.retired_at is not None:
        raise ServiceError(409, f"工作站 {req.workstation_id} 已停用", "workstation_retired", "换用新的工作站编号")
    s.commit()
    return p.WorkstationInfo(workstation_id=ws.workstation_id, office_code=ws.office_code, name=ws.name,
                             registered_at=_aware(ws.registered_at))


def login(s: Session, req: p.LoginRequest, *, demo: bool = False, lockout: Lockout = DEFAULT_LOCKOUT,
          require_totp: bool = False) -> p.TokenPair:
    """Sign in on a registered workstation of the user's own office. An unregistered workstation
    id is refused, except in demo mode, where it is registered to the user's office. An enrolled
    user gives the TOTP code too; with ``require_totp`` supervisors and admins must be enrolled."""
    user = _authenticate(s, req.username, req.password, lockout)
    proved = _second_factor(s, user, req.totp, lockout, required=require_totp)
    _signed_in(user)
    ws = s.get(Workstation, req.workstation_id)
    if ws is None:
        if not demo:
            s.commit()  # a good password still ends a run of failures
            raise ServiceError(403, f"工作站 {req.workstation_id} 未登记", "unknown_workstation",
                               "请管理员先登记本工作站（counter-central workstations add）")
        ws = Workstation(workstation_id=req.workstation_id, office_code=user.office_code, name="",
                         registered_by=user.username, registered_at=utcnow())
        s.add(ws)
        from counter_central.audit import record_centre

        record_centre(s, actor=user.username, action="workstation.add", object_type="workstation",
                      object_id=req.workstation_id, detail=f"演示模式：首次登录时登记到分局 {user.office_code}")
    elif ws.retired_at is not None:
        s.commit()
        raise ServiceError(403, f"工作站 {req.workstation_id} 已停用", "workstation_retired", "请在已登记的工作站上登录")
    if ws.office_code != user.office_code:
        s.commit()
        raise ServiceError(403, f"工作站 {req.workstation_id} 属于分局 {ws.office_code}，本账号属于分局 {user.office_code}",
                           "workstation_other_office", "请在本分局的工作站上登录")
    pair = _issue(s, user, req.workstation_id, totp_proved=proved)
    if "supervisor" in user.role_list():     # 现场授权 on this workstation needs it (approvals.approval_key)
        from counter_central.approvals import approval_key

        pair.approval_key = approval_key(s, user.username, req.workstation_id)
    s.commit()
    return pair


def _live_token(s: Session, token: str, kind: str) -> Token | None:
    row = s.get(Token, _token_hash(token))
    if row is None or row.kind != kind or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    return row


# The statements every push runs are built once, with bound parameters. SQLAlchemy then computes
# their SQL and cache key once, instead of for a new statement object per request (~0.2 ms of CPU
# each on the 2-core machine: a tenth of a push's own work in `bench centre-burst`).
_PRINCIPAL = (select(Token, User, Workstation.client_build, Workstation.client_protocol)
              .outerjoin(User, User.username == Token.username)
              .outerjoin(Workstation, Workstation.workstation_id == Token.workstation_id)
              .where(Token.token_hash == bindparam("token_hash")))


def principal(s: Session, bearer: str | None) -> Principal:
    if not bearer:
        raise ServiceError(401, "未登录", "not_authenticated", "请先登录")
    # token, user and the workstation's recorded build in one query: every request asks this
    found = s.execute(_PRINCIPAL, {"token_hash": _token_hash(bearer)}).first()
    row, user, build, protocol = found if found is not None else (None, None, None, None)
    if row is None or row.kind != "access" or row.revoked_at is not None or row.expires_at <= utcnow():
        if row is not None:
            _refuse_retired(s, row.workstation_id)    # signing in again would not help: say why
        raise ServiceError(401, "登录已过期或已注销", "token_invalid", "重新登录")
    if user is None or not user.active:
        raise ServiceError(403, "该账号已停用", "account_disabled", "联系系统管理员")
    return Principal(user, row.workstation_id, row.family, (build, protocol))


def _refuse_retired(s: Session, workstation_id: str) -> None:
    """403 ``workstation_retired`` when a token's workstation was retired (its tokens were revoked
    then): the same answer a sign-in there gets, not 「登录已过期」, which sends the clerk to a sign-in
    that cannot succeed. Only on the refusal path: a live token costs no extra read."""
    ws = s.get(Workstation, workstation_id)
    if ws is not None and ws.retired_at is not None:
        raise ServiceError(403, f"工作站 {workstation_id} 已停用", "workstation_retired", "请在已登记的工作站上登录")


def refresh(s: Session, req: p.RefreshRequest) -> p.TokenPair:
    """Rotate: the refresh token's family is revoked and a new pair issued for the same login. A
    refresh token used again after its rotation (a copy in other hands) ends that whole login. A
    token revoked because its workstation was retired or its account disabled is answered as the
    sign-in there would be (403 ``workstation_retired`` / ``account_disabled``), not as a reuse:
    signing in again would not help."""
    row = s.get(Token, _token_hash(req.refresh_token))
    if row is not None and row.revoked_at is not None:
        _refuse_retired(s, row.workstation_id)    # revoked by the retirement: not a reuse
        owner = s.get(User, row.username)
        if owner is None or not owner.active:     # revoked by 停用 (every token of the account is): not a reuse
            raise ServiceError(403, "该账号已停用", "account_disabled", "联系系统管理员")
    if row is not None and row.kind == "refresh" and row.revoked_at is not None:
        s.execute(update(Token).where(Token.login_id == row.login_id, Token.revoked_at.is_(None))
                  .values(revoked_at=utcnow()))
        s.commit()
        raise ServiceError(401, "该登录凭据已被使用过，为安全起见本次登录已全部注销", "token_reused", "重新登录")
    row = _live_token(s, req.refresh_token, "refresh")
    if row is None:
        raise ServiceError(401, "登录已过期或已注销", "token_invalid", "重新登录")
    user = s.get(User, row.username)
    if user is None or not user.active:
        raise ServiceError(403, "该账号已停用", "account_disabled", "联系系统管理员")
    s.execute(update(Token).where(Token.family == row.family).values(revoked_at=utcnow()))
    pair = _issue(s, user, row.workstation_id, row.login_id)
    s.commit()
    return pair


def revoke(s: Session, req: p.RevokeRequest) -> None:
    row = s.get(Token, _token_hash(req.refresh_token))
    if row is not None:
        s.execute(update(Token).where(Token.family == row.family, Token.revoked_at.is_(None)).values(revoked_at=utcnow()))
        s.commit()


READ_ONLY_ROLES = frozenset({"auditor"})   # reads everything (GET), changes nothing
COUNTER_ROLES = frozenset({"clerk", "supervisor"})   # push every kind of entry a counter writes
FIELD_VISITS_ONLY = "外勤账号只能同步上门认证记录，不能提交窗口业务数据"
NO_BUSINESS_ROLE = "该账号没有办理窗口业务的权限，不能提交业务数据"
ACTOR_NOT_COUNTER_ACTION = "由窗口经办人或科长重新办理；核对该账号的角色，并检查该工作站的使用记录"


def _actor_refusal(actor_roles: dict[str, list[str]], actor: str) -> str | None:
    """Why a case entry done by ``actor`` is refused (7.3: an auditor or administrator does no counter
    business, whoever pushes it), or None: a known account without a counter role only — an actor
    the centre does not know is stored (the audit trail flags such actors)."""
    roles = actor_roles.get(actor)
    if roles is None or set(roles) & COUNTER_ROLES:
        return None
    from counter_protocol.roles import role_text

    return f"经办人 {actor} 不是窗口经办人或科长（{role_text(roles) or '无角色'}），不能办理窗口业务"


COMPLAINT_AGGREGATE = "complaint"          # counter_app.workflows.complaints.AGGREGATE
COMPLAINT_ADVANCED = "complaint.advanced"
DOCUMENT_AGGREGATE = "document"
CERTIFICATION_AGGREGATE = "certification"   # counter_protocol.certification_sync.AGGREGATE
# the entries whose actor's roles the centre checks (7.3.2 明确各岗位经办权限), whoever pushes them
ROLE_CHECKED = frozenset({"case", approvals.ap.AGGREGATE, COMPLAINT_AGGREGATE, DOCUMENT_AGGREGATE,
                          field.proto.AGGREGATE, CERTIFICATION_AGGREGATE})
ACTOR_NOT_ALLOWED_ACTION = "由有该岗位权限的人员重新办理；核对该账号的角色，并检查该工作站的使用记录"


def _entry_role_refusal(actor_roles: dict[str, list[str]], item) -> tuple[str, str] | None:
    """(reason, action) when the entry's actor may not have done it (counter_protocol.roles, the
    table the workstation's workflows ask), or None — an actor the centre does not know is judged
    as for a case entry (stored; the audit trail flags it). A case or a document entry needs a
    counter role (:func:`_actor_refusal`); an approval request or its withdrawal, the maker's
    counter role (the decision's checker is checked by counter_central.approvals); a complaint
    ticket moved on, a supervisor (the ticket opened by a rating, a counter role); a home visit, a
    field role of the account that recorded it (the visit's second staff member may be any staff
    role: counter_central.field); a 资格认证 at the window, a counter role."""
    from counter_protocol import roles as r

    held = actor_roles.get(item.actor)
    if held is None:
        return None
    if item.aggregate_type in ("case", DOCUMENT_AGGREGATE) or (item.aggregate_type == COMPLAINT_AGGREGATE
                                                                and item.kind != COMPLAINT_ADVANCED):
        refusal = _actor_refusal(actor_roles, item.actor)
        return (refusal, ACTOR_NOT_COUNTER_ACTION) if refusal else None
    if item.aggregate_type == approvals.ap.AGGREGATE:
        if item.kind not in (approvals.ap.KIND_REQUESTED, approvals.ap.KIND_WITHDRAWN):
            return None
        refusal = r.action_refusal(r.REQUEST_APPROVAL, held, item.actor)
    elif item.aggregate_type == COMPLAINT_AGGREGATE:
        refusal = r.action_refusal(r.HANDLE_COMPLAINT, held, item.actor)
    elif item.aggregate_type == field.proto.AGGREGATE:
        refusal = r.action_refusal(r.FIELD_VISIT, held, item.actor)
    elif item.aggregate_type == CERTIFICATION_AGGREGATE:
        refusal = r.action_refusal(r.WINDOW_CERTIFICATION, held, item.actor)
    else:
        return None
    return (refusal, ACTOR_NOT_ALLOWED_ACTION) if refusal else None


def _refused(reason: str, action: str) -> tuple[str, str | None, str | None, str | None]:
    """(outcome, reason, action, new state) of an entry refused before its state is checked."""
    return "rejected", reason, action, None


# the roles of a batch's actors: one statement, its IN list an expanding parameter (built once)
_ACTOR_ROLES = select(User.username, User.roles).where(User.username.in_(bindparam("actors", expanding=True)))


def _case_actor_roles(s: Session, entries, signed_in: User | None = None) -> dict[str, list[str]]:
    """The roles of the distinct actors of the batch's role-checked entries (:data:`ROLE_CHECKED`):
    one lookup per batch. ``signed_in``: the pushing account, read by the sign-in check in this
    same transaction — its roles are taken from that row, so a batch done by the signed-in clerk
    alone (the usual one) asks the database nothing more (a round trip was ~8 % of a push's time
    in ``bench centre-burst``)."""
    actors = {e.actor for e in entries if e.aggregate_type in ROLE_CHECKED and e.actor}
    if not actors:
        return {}
    found: dict[str, list[str]] = {}
    if signed_in is not None and signed_in.username in actors:
        found[signed_in.username] = signed_in.role_list()
        actors.discard(signed_in.username)
    if actors:
        found.update((name, [r for r in roles.split(",") if r])
                     for name, roles in s.execute(_ACTOR_ROLES, {"actors": sorted(actors)}))
    return found


def require_role(who: Principal, *roles: str) -> None:
    if not set(who.roles) & set(roles):
        raise ServiceError(403, "没有权限执行此操作", "forbidden", f"需要角色：{'、'.join(roles)}")


UNSAFE_TEXT_ACTION = "删去控制字符和文字方向控制符（如从别处粘贴带来的）后重新提交"
LONG_TEXT_ACTION = "精简该内容后在柜面重新办理该步骤"


def refuse_unsafe_text(value: object, root: str) -> None:
    """422 ``unsafe_text`` naming the field when free text another party will see (a case update's
    payload, an approval's reason) carries a control character or a bidirectional control
    (counter_protocol.free_text): refused before anything is written, never stored and sent on."""
    refusal = unsafe_text_refusal(value, root)
    if refusal is not None:
        raise ServiceError(422, refusal, "unsafe_text", UNSAFE_TEXT_ACTION)


# ---------------------------------------------------------------------------------------- push

def _stored_result(row: ReceivedEntry, status: str) -> tuple:
    return (row.id, status, row.outcome, row.reason, row.suggested_action, _aware(row.received_at))


SAME_KEY_DIFFERENT = ("同一编号的记录已收到，但内容不同（记录在发送后被修改过）",
                      "不要重复使用编号：修改后的内容作为新记录发送（客户端会自动处理）；如仍出现请联系信息技术人员")


def _is_transition(item: p.OutboxItem) -> bool:
    return "to_state" in item.payload or "to" in item.payload


def _state_check(item: p.OutboxItem, current: str | None, case_office: str | None = None,
                 office: str | None = None) -> tuple[str, str | None, str | None, str | None]:
    """(outcome, reason, action, new_state) for one entry against the case's current state and
    office (``case_office``: the office the centre holds the case under; ``office``: the pusher's)."""
    payload = item.payload
    if case_office and office is not None and case_office != office:
        return ("rejected", f"办件属于分局 {case_office}，本工作站属于分局 {office}", "只能办理本分局的办件", None)
    to_state = payload.get("to_state", payload.get("to"))
    if item.aggregate_type != "case" or not isinstance(to_state, str):
        return "accepted", None, None, None
    if not is_state(to_state):
        return "rejected", f"没有「{to_state}」这个办件状态", "联系信息技术人员", None
    from_state = payload.get("from_state", payload.get("from"))
    if from_state is not None and not isinstance(from_state, str):
        return "rejected", "from_state 应为状态名称", "联系信息技术人员", None
    from_state = from_state or None  # "" = a new case
    if from_state != current:
        now = f"「{state_name(current)}」" if current else "（中心尚无此办件）"
        return ("conflict", f"办件在中心的当前状态为{now}，本操作要求当前状态为「{state_name(from_state)}」",
                "先同步以取得办件最新状态，再按最新状态重新办理", None)
    if not transition_allowed(from_state, to_state):
        return ("rejected", f"不允许从「{state_name(from_state)}」变为「{state_name(to_state)}」",
                "核对业务流程；如确需办理请联系科长", None)
    return "accepted", None, None, to_state


# One entry's result as a tuple (id, status, outcome, reason, suggested_action, received_at): building
# ten thousand pydantic models per bench run costs more than the database insert.
ResultTuple = tuple


def push(s: Session, who: Principal | None, req: p.PushRequest, *, source: str = "push") -> p.PushResponse:
    """Apply a batch idempotently, in order, in one transaction; each entry gets its own result."""
    results, server_time = _push(s, who, req, source=source)
    return p.PushResponse(results=[p.EntryResult(id=r[0], status=r[1], outcome=r[2], reason=r[3], suggested_action=r[4],
                                                 received_at=r[5]) for r in results], server_time=server_time)


def push_json(s: Session, who: Principal | None, req: p.PushRequest, *, source: str = "push") -> str:
    """:func:`push`, answered directly as the JSON of a ``PushResponse`` (what the HTTP endpoint sends)."""
    results, server_time = _push(s, who, req, source=source)
    dates: dict[datetime, str] = {}

    def date(dt: datetime | None) -> str:
        if dt is None:
            return "null"
        text = dates.get(dt)
        if text is None:
            text = dates[dt] = json.dumps(dt.isoformat().replace("+00:00", "Z"))
        return text

    parts = []
    for key, status, outcome, reason, action, at in results:
        if reason is None and action is None:
            # key is a validated UUID, status / outcome are fixed words: nothing to escape
            parts.append(f'{{"id":"{key}","status":"{status}","outcome":"{outcome}","reason":null,'
                         f'"suggested_action":null,"received_at":{date(at)}}}')
        else:
            parts.append(json.dumps({"id": key, "status": status, "outcome": outcome, "reason": reason,
                                     "suggested_action": action}, ensure_ascii=False)[:-1] + f',"received_at":{date(at)}}}')
    return f'{{"results":[{",".join(parts)}],"server_time":{date(server_time)}}}'


def writer_check(who: Principal, workstation_id: str, entries: list[p.OutboxItem]) -> None:
    """May ``who`` send these entries as workstation ``workstation_id`` (a push, a restore)? Else
    :class:`ServiceError` 403: another workstation than the token's, an auditor, an account without
    a counter role (a field worker's brings home visits only)."""
    if workstation_id != who.workstation_id:
        raise ServiceError(403, "登录的工作站与提交数据的工作站不一致", "workstation_mismatch", "在本工作站重新登录后再同步")
    if entries and set(who.roles) <= READ_ONLY_ROLES:
        # 人社厅发〔2021〕64号: audit is kept apart from business operation — an auditor changes nothing
        raise ServiceError(403, "审计人员只能查看，不能提交业务数据", "read_only_role", "由经办人员登录后同步")
    if entries and not set(who.roles) & COUNTER_ROLES:
        # least privilege: a field worker's login brings home visits only; an administrator's no business
        # (the whole batch waits at the workstation, unchanged, until a clerk signs in and syncs it)
        if "field" not in who.roles:
            raise ServiceError(403, NO_BUSINESS_ROLE, "role_forbidden", "由窗口经办人员登录后同步")
        if any(e.aggregate_type != field.proto.AGGREGATE for e in entries):
            raise ServiceError(403, FIELD_VISITS_ONLY, "role_forbidden", "由窗口经办人员登录后同步")


def _push(s: Session, who: Principal | None, req: p.PushRequest, *, source: str = "push",
          _attempt: int = 0) -> tuple[list[ResultTuple], datetime]:
    """Attempt 0 on PostgreSQL is optimistic: no lookup of stored keys, the rows are COPied straight
    into ``received_entries`` and a key stored before fails the COPY (unique key) — then, and on
    SQLite always, the batch is worked out again against the stored keys (attempt 1). Attempt 2 is
    the last: another request stored one of the keys between the lookup and the insert."""
    if who is not None:
        writer_check(who, req.workstation_id, req.entries)
    pushed_by = who.user.username if who else f"import:{req.workstation_id}"
    postgres = s.get_bind().dialect.name == "postgresql"
    optimistic = postgres and _attempt == 0
    existing: dict[str, ReceivedEntry] = {}
    if not optimistic:
        ids = [e.id for e in req.entries]
        if postgres:
            cond = ReceivedEntry.id == _pg_any(ids)
        else:
            cond = ReceivedEntry.id.in_(ids)
        existing = {r.id: r for r in s.scalars(select(ReceivedEntry).where(cond))}
    case_ids = sorted({e.aggregate_id for e in req.entries if e.aggregate_type == "case" and e.id not in existing})
    states: dict[str, str] = {}
    case_offices: dict[str, str] = {}
    # case id -> the service it was opened as: held (case_states.service_code), else named by its
    # first accepted entry of this batch
    services: dict[str, str] = {}
    held_services: dict[str, str] = {}
    if case_ids:
        # one array parameter on PostgreSQL (as the key lookup above): an IN list of up to a
        # thousand case ids is rendered, bound and converted anew by SQLAlchemy and psycopg for
        # every batch, which cost more than the lookup itself; Core rows on the session's
        # connection, as no ORM object is needed for two columns
        if postgres and _splittable(case_ids):
            found = s.connection().execute(_CASES_FOR_UPDATE_PG, {"case_keys": ",".join(case_ids)})
        else:
            case_cond = _CASE_STATES.c.case_id == _pg_any(case_ids) if postgres else _CASE_STATES.c.case_id.in_(case_ids)
            found = s.connection().execute(_CASES_FOR_UPDATE.where(case_cond))
        for case_id, state, case_office, service_code in found:
            states[case_id], case_offices[case_id] = state, case_office
            if service_code:
                services[case_id] = held_services[case_id] = service_code
    known_cases = set(states)            # cases the centre held before this batch: their numbers stand
    holders = _NumberHolders(req.workstation_id)  # 文号 and case numbers at or below the floor: held by whom
    # the pushing workstation's office (a login is only ever on a workstation of the user's office)
    office = who.user.office_code if who is not None else _workstation_office(s, req.workstation_id)
    touched: dict[str, tuple[str, str]] = {}
    now = utcnow()
    received_at = _aware(now)
    # PostgreSQL takes the rows by COPY, whose text format PostgreSQL parses itself: the timestamps
    # go as ISO text, the batch's own one written once (not a datetime dumped per row and column).
    # An entry's created_at is aware UTC (protocol.UtcDatetime); a timestamp-without-time-zone
    # column ignores the "+00:00" of its text, so it is stored naive UTC as before.
    now_value = now.isoformat() if postgres else now
    ws = req.workstation_id
    results: list[ResultTuple] = []
    new_rows: list[tuple] = []           # in _PG_COLUMNS order
    seen: dict[str, tuple] = {}          # key -> (digest, outcome, reason, action) earlier in this batch
    issued: list = []                    # payloads of accepted document.issued entries (文号 floors)
    case_numbers: list = []              # case_no of accepted case entries (case-number floors)
    rechecks: list = []                  # accepted case acceptances to re-check against the registry
    transitions: list[samecase.Transition] = []   # accepted case transitions (the person index, 重复受理)
    announced: list[samecase.Announcement] = []    # accepted case.samecase: cases received before the index
    approval_view = None                 # approval entries (counter_central.approvals), looked up lazily
    approval_effects: list = []          # their writes, after the entries are stored
    field_view = None                    # field visits (counter_central.field), looked up lazily
    rated: set[str] = set()              # cases whose rating this batch accepted (counter_central.complaints)
    tickets: dict[str, tuple[str, str]] = {}  # 差评工单 -> (stage, owner) as this batch leaves it (complaints)
    offices: dict[str, str | None] = {}  # workstation id -> its office, for keys stored before (_same_office)
    entries = req.entries
    order = None
    if any(e.kind == approvals.ap.KIND_DECIDED for e in entries):
        approval_view = approvals.BatchView(s)
        order = approvals.decisions_first(approval_view, entries)
        if order is not None:
            entries = [entries[i] for i in order]
    actor_roles = _case_actor_roles(s, entries, who.user if who is not None else None)
    steps_view = case_steps.StepsView(s)   # the case entries accepted so far: 办结 only after its steps
    keep = _Keeper(s)                     # the text and digest stored of an entry (no clear ID number)
    for item in entries:
        key = item.id
        canonical, digest = item.payload_text_for_digest()
        old = existing.get(key)
        prior = seen.get(key)
        if old is not None:
            # the same entry again: the same content about the same thing by the same actor, from the
            # same office — anything else under a held key is a conflict, and tells nothing of the
            # stored entry's outcome (another office's reason is not this one's to read)
            same = (keep.same_digest(item, old.payload_digest) and old.kind == item.kind
                    and old.aggregate_type == item.aggregate_type and old.aggregate_id == item.aggregate_id
                    and old.actor == item.actor and _same_office(s, old.workstation_id, ws, office, offices))
            res = _stored_result(old, "duplicate") if same else None
            results.append(res or (key, "conflict", "conflict", SAME_KEY_DIFFERENT[0], SAME_KEY_DIFFERENT[1], None))
            continue
        if prior is not None:
            res = ((key, "duplicate", prior[1], prior[2], prior[3], received_at)
                   if prior[0] == (item.payload_digest, item.kind, item.aggregate_type, item.aggregate_id, item.actor)
                   else None)
            results.append(res or (key, "conflict", "conflict", SAME_KEY_DIFFERENT[0], SAME_KEY_DIFFERENT[1], None))
            continue
        if digest != item.payload_digest:
            results.append((key, "rejected", "rejected", "内容摘要与内容不符（传输中损坏或客户端错误）",
                            "重试发送；如反复出现请联系信息技术人员", None))
            continue
        where = p.payload_non_finite_at(item.payload, canonical)
        if where is not None:        # NaN / Infinity / an overflowing 1e400: no number to store — this entry only
            results.append((key, "rejected", "rejected", f"{where} 的数值超出范围或不是有效数字（如 NaN、Infinity），不能保存",
                            "请联系信息技术人员核对该业务的数据", None))
            continue
        aggregate_type, aggregate_id = item.aggregate_type, item.aggregate_id
        created_at = item.created_at  # aware, in UTC (protocol.UtcDatetime); stored naive UTC
        taken = holders.refusal(s, item, known_cases)
        if taken is not None:     # a 文号 / case number another document or case holds: nothing stored
            results.append((key, "rejected", "rejected", taken, NUMBER_TAKEN_ACTION, None))
            continue
        if aggregate_type == "case":
            refused_actor = _actor_refusal(actor_roles, item.actor)
            too_long = long_text_refusal(item.payload.get("data"), "data") if item.kind == "case.step" else None
            if refused_actor is not None:
                outcome, reason, action, new_state = _refused(refused_actor, ACTOR_NOT_COUNTER_ACTION)
            elif too_long is not None:     # the counter's limit for a step's text (free_text.STEP_TEXT_CHARS)
                outcome, reason, action, new_state = _refused(f"步骤数据不能保存：{too_long}", LONG_TEXT_ACTION)
            else:
                outcome, reason, action, new_state = _state_check(item, states.get(aggregate_id),
                                                                  case_offices.get(aggregate_id), office)
            if outcome == "accepted" and item.kind == complaints.RATED:   # 7.5.2: once per case, clean text
                if (bad := complaints.rating_refusal(s, item, rated)) is not None:
                    (reason, action), outcome = bad, "rejected"
                else:
                    rated.add(aggregate_id)
            guard_payload = item.payload
            if outcome == "accepted" and new_state == "accepted":
                # the acceptance is judged as the service the case was opened as, not as it says now
                opened_as = services.get(aggregate_id)
                said = item.payload.get("service_code")
                if opened_as and said is not None and said != opened_as:
                    outcome, reason, action, new_state = "rejected", SERVICE_CHANGED, SERVICE_CHANGED_ACTION, None
                elif opened_as and said is None:
                    guard_payload = {**item.payload, "service_code": opened_as}
            if outcome == "accepted" and approvals.needs_check(guard_payload, new_state, item.kind):
                # 分级授权: the approval the entry stands on must be at the centre; a step is weighed
                # as the service the case was opened as (its approval points), not as it says now
                if approval_view is None:
                    approval_view = approvals.BatchView(s)
                opened = services.get(aggregate_id) if item.kind in approvals.STEP_KINDS else None
                refusal = approvals.approval_refusal(approval_view, aggregate_id, guard_payload, new_state,
                                                     created_at or now, case_offices.get(aggregate_id) or office or "",
                                                     item.kind, opened, entry_id=key, received=now)
                if refusal is not None:
                    (reason, action), outcome, new_state = refusal, "rejected", None
            if outcome == "accepted" and case_steps.guarded(new_state, states.get(aggregate_id)):
                # 办结 / 不予认定 / 归档 stand on the steps the centre accepted, never on the entry's word
                assert new_state is not None
                missing_steps = steps_view.refusal(aggregate_id, new_state, states.get(aggregate_id))
                if missing_steps is not None:
                    (reason, action), outcome, new_state = missing_steps, "rejected", None
            if outcome == "accepted":
                steps_view.note(aggregate_id, item.kind, item.payload)
            named = item.payload.get("service_code")
            if (outcome == "accepted" and isinstance(named, str) and 0 < len(named) <= SERVICE_CODE_MAX
                    and aggregate_id not in services):
                services[aggregate_id] = named
            if outcome == "accepted" and item.kind == approvals.OVERRIDE_KIND:
                # the acceptance later in the batch rests on it (approvals.rests_on_override)
                if approval_view is None:
                    approval_view = approvals.BatchView(s)
                approval_view.note_override(aggregate_id, item.payload)
            if new_state is not None:
                states[aggregate_id] = new_state
                case_offices.setdefault(aggregate_id, office or "")
                touched[aggregate_id] = (new_state, key)
            if outcome == "accepted" and "recheck" in item.payload and new_state == "accepted":
                rechecks.append(item)
            if outcome == "accepted" and new_state is not None:
                transitions.append(samecase.Transition(aggregate_id, new_state, item.payload, item.person))
            elif outcome == "accepted" and item.kind == samecase.proto.ANNOUNCE_KIND:
                announced.append(samecase.Announcement(aggregate_id, item.person))
        elif (aggregate_type != "case" and aggregate_type in ROLE_CHECKED
              and (not_allowed := _entry_role_refusal(actor_roles, item)) is not None):
            # 7.3.2: done by an account whose roles do not allow it — refused, nothing of it takes effect
            (reason, action), outcome = not_allowed, "rejected"
        elif aggregate_type == COMPLAINT_AGGREGATE and (bad := complaints.ticket_refusal(s, item, tickets)) is not None:
            (reason, action), outcome = bad, "rejected"     # clean text; the next stage, by the ticket's owner
        elif aggregate_type == COMPLAINT_AGGREGATE and item.kind == complaints.ADVANCED:
            outcome, reason, action = "accepted", None, None
            # the other workstations holding a copy (where the applicant rated) pull the new stage
            approval_effects.append(lambda sess, ticket_id=aggregate_id: complaints.publish_ticket(
                sess, ticket_id, office=office or "", pushed_from=ws))
        elif aggregate_type == approvals.ap.AGGREGATE:
            unsafe = unsafe_text_refusal(item.payload, "payload")   # details, summary, reason: shown at every counter
            if unsafe is not None:
                outcome, reason, action = "rejected", f"审批记录内容不能保存：{unsafe}", UNSAFE_TEXT_ACTION
            else:
                if approval_view is None:
                    approval_view = approvals.BatchView(s)
                outcome, reason, action, effect = approvals.check_entry(approval_view, office or "", ws, item,
                                                                        pushed_by, services)
                if effect is not None:
                    approval_effects.append(effect)
        elif aggregate_type == field.proto.AGGREGATE:
            if field_view is None:
                field_view = field.VisitView(s)
            outcome, reason, action, effect = field.check_entry(field_view, office or "", ws, item, pushed_by)
            if effect is not None:
                approval_effects.append(effect)
        elif aggregate_type == CERTIFICATION_AGGREGATE:
            from counter_central import certification

            outcome, reason, action, effect = certification.check_entry(s, office or "", ws, item, pushed_by)
            if effect is not None:
                approval_effects.append(effect)
        else:
            outcome, reason, action = "accepted", None, None
        if aggregate_type == "case" and outcome == "accepted" and "case_no" in item.payload:
            case_numbers.append(item.payload["case_no"])
        if item.kind == DOCUMENT_ISSUED and outcome == "accepted":
            problem = _number_problem(item.payload, ws) or _document_office_problem(item.payload, office)
            if problem is not None:
                outcome, reason, action = "rejected", problem, "核对文号；如反复出现请联系信息技术人员"
            else:
                issued.append(item.payload)
        kept_text, kept_digest = keep.row(item, canonical, digest)
        key_version, sealed = keep.seal(key, kept_text)
        new_rows.append((key, ws, item.seq, item.kind, aggregate_type, aggregate_id, sealed, kept_digest, item.actor,
                         pushed_by, source, item.supersedes,
                         created_at and (created_at.isoformat() if postgres else created_at.replace(tzinfo=None)),
                         now_value,
                         outcome, reason, action, key_version, entry_key.number_of(item.kind, aggregate_type, item.payload)))
        seen[key] = ((digest, item.kind, aggregate_type, aggregate_id, item.actor), outcome, reason, action)
        results.append((key, outcome, outcome, reason, action, received_at))
    if order is not None:        # answered in the batch's own order
        results = [r for _, r in sorted(zip(order, results, strict=True), key=lambda pair: pair[0])]
    try:
        if new_rows:
            inserted = _copy_new(s, new_rows) if optimistic else _insert_ignore(s, new_rows)
            if inserted != len(new_rows):
                raise IntegrityError("concurrent push of the same key", None, Exception("race"))
        if touched:
            _upsert_states(s, [(k, v[0], v[1], case_offices[k], services.get(k)) for k, v in sorted(touched.items())],
                           now)
        named = sorted((k, v) for k, v in services.items() if k in states and k not in touched and k not in held_services)
        if named:     # a case held without a service (before it was kept) whose entry of this batch names one
            s.connection().execute(_CASE_STATES.update().where(_CASE_STATES.c.case_id == bindparam("named_case"),
                                                              _CASE_STATES.c.service_code.is_(None))
                                   .values(service_code=bindparam("named_service")),
                                   [{"named_case": k, "named_service": v} for k, v in named])
        if issued or case_numbers:
            _raise_number_floors(s, ws, issued, now, case_numbers)
        accepted = sum(1 for row in new_rows if row[_OUTCOME] == "accepted")
        if accepted:
            _count_accepted(s, ws, accepted, now)
        for effect in approval_effects:
            effect(s)
        if approval_view is not None:
            approval_view.store_uses(s)       # the approvals the batch's steps spent (approvals.BatchView.bind)
        if transitions:
            samecase.record_transitions(s, transitions, office=office or "", workstation_id=ws, now=now)
        if announced:
            samecase.record_announcements(s, announced, states=states, office=office or "", workstation_id=ws,
                                          now=now)
        if rechecks:
            from counter_central.registry.recheck import recheck_entry

            for item in rechecks:
                recheck_entry(s, item.payload, item.aggregate_id, office_code=office, workstation_id=ws)
        s.commit()
    except (IntegrityError, UniqueViolation):
        # A key was stored before (or by another request meanwhile): work the batch out again
        # against the stored keys, which are now duplicates.
        s.rollback()
        if _attempt >= 2:
            raise
        return _push(s, who, req, source=source, _attempt=_attempt + 1)
    return results, server_now()


class _Keeper:
    """(text, digest) the centre stores of a pushed entry: its own canonical text and digest, but
    for a ``document.issued`` entry whose ``fields`` still hold the applicant's personal data (kept
    reduced: counter_rules.document_fields) and for an acceptance carrying a clear ID number for
    the re-check (``recheck.id_number``), kept masked and as the keyed digest
    (counter_central.registry.recheck.kept_payload) — each with the digest of the text kept (and
    that text sealed under the entry key, counter_central.entry_key): the client's digest of the
    clear text would let a copy of the table find the number by trying the few thousand birth
    dates its masked form hides. A replay is compared by the kept digest, so it is still the same entry (a duplicate) — under whichever of the
    person keys still held it was kept (a rotation since changes nothing). The person keys are read
    once per push; when they cannot be read the push is refused (503): nothing is stored in clear
    and the workstation keeps the entries and sends them again."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._ring: samecase.KeyRing | None = None
        self._sealer: entry_key.EntryKeys | None = None

    def seal(self, entry_id: str, text: str) -> tuple[int, str]:
        """(entry key version, sealed text) of the text kept (counter_central.entry_key), the keys
        read once per push."""
        if self._sealer is None:
            self._sealer = entry_key.sealer(self._s)
        return self._sealer.seal(entry_id, text)

    def _keys(self) -> samecase.KeyRing:
        if self._ring is None:
            try:
                self._ring = samecase.checked_ring(self._s)
            except samecase.PersonKeyError as exc:
                raise ServiceError(503, str(exc), "person_key_unavailable", "请信息技术人员检查中心配置") from None
        return self._ring

    def _kept(self, item: p.OutboxItem, version: int | None = None) -> dict | None:
        """What the centre keeps of ``item``'s payload (None: the payload itself), its re-check ID
        number kept under person key ``version`` (the newest)."""
        if item.kind == DOCUMENT_ISSUED:
            # a printed document's content: the applicant's ID number and name masked, phone and
            # address dropped (what a current workstation sends already; older ones sent it whole)
            from counter_rules.document_fields import shared_document_payload

            return shared_document_payload(item.payload)
        if "recheck" not in item.payload:
            return None
        from counter_central.registry.recheck import kept_payload

        ring = self._keys()
        version = ring.newest if version is None else version
        return kept_payload(item.payload, ring.keys[version], version=version)

    def same_digest(self, item: p.OutboxItem, stored: str) -> bool:
        """Whether ``stored`` is the digest the centre kept of ``item`` had it arrived before (a
        replay's comparison), under any person key still held."""
        kept = self._kept(item)
        if kept is None:
            return item.payload_digest == stored
        if p.payload_digest(p.canonical_json(kept)) == stored:
            return True
        if item.kind == DOCUMENT_ISSUED:
            return False
        ring = self._keys()
        return any(p.payload_digest(p.canonical_json(self._kept(item, v) or {})) == stored
                   for v in ring.keys if v != ring.newest)

    def row(self, item: p.OutboxItem, canonical: str, digest: str) -> tuple[str, str]:
        """(payload text, digest) to store of ``item`` (``canonical`` / ``digest``: its own, checked)."""
        kept = self._kept(item)
        if kept is None:
            return canonical, digest
        text = p.canonical_json(kept)
        return text, p.payload_digest(text)


SERVICE_CHANGED = "受理记录的事项编码与该办件在中心登记的事项不一致"
SERVICE_CHANGED_ACTION = "按办件原来的事项办理；事项不同的应另建办件"


def _same_office(s: Session, stored_ws: str, ws: str, office: str | None, cache: dict[str, str | None]) -> bool:
    """Whether a key stored from ``stored_ws`` was pushed from the pushing workstation's office (a
    workstation re-registered under a new id sends its old keys again: the same office's)."""
    if stored_ws == ws:
        return True
    if stored_ws not in cache:
        cache[stored_ws] = _workstation_office(s, stored_ws)
    return cache[stored_ws] is not None and cache[stored_ws] == office


def _case_service(s: Session, case_id: str) -> str | None:
    """The service (事项编码) the case was opened as at the centre: the one the first of its
    accepted entries named (``case_states.service_code``, kept by the push). A workstation cannot
    leave it out, or name another, to pass an acceptance off as a service that needs no approval
    (注销参保 does, 7.3.2)."""
    return s.scalar(select(CaseState.service_code).where(CaseState.case_id == case_id))


def _splittable(values: list[str]) -> bool:
    """Whether ``values`` can go as one comma-joined text that PostgreSQL splits back."""
    return not any("," in v or not v for v in values)


def _pg_any(values: list[str]):
    """``= ANY(...)`` of a batch's keys as ONE text parameter that PostgreSQL splits
    (``string_to_array``): psycopg dumps a Python list of a thousand strings element by element,
    which cost about a millisecond per batch. Keys and case ids cannot hold a comma (protocol
    patterns, nor be empty); should one ever, the list goes as an array parameter as before."""
    if not _splittable(values):
        return func.any(bindparam("keys", values, type_=ARRAY(String), unique=True))
    return _any_of_joined(bindparam("keys", ",".join(values), type_=String, unique=True))


def _any_of_joined(text):
    """``ANY`` of the values in ``text``, a comma-joined bound parameter that PostgreSQL splits."""
    return func.any(func.string_to_array(text, ","))


# a push's case states, locked: (case id, state, office) rows of the Core table, which cost about
# half the CPU of the same query through the ORM (~0.1 ms a push); on PostgreSQL the ids as one
# comma-joined text, as _pg_any
_CASE_STATES = cast(Table, CaseState.__table__)
_CASES_FOR_UPDATE = (select(_CASE_STATES.c.case_id, _CASE_STATES.c.state, _CASE_STATES.c.office_code,
                            _CASE_STATES.c.service_code)
                     .with_for_update())
_CASES_FOR_UPDATE_PG = _CASES_FOR_UPDATE.where(
    _CASE_STATES.c.case_id == _any_of_joined(bindparam("case_keys", type_=String)))


_PG_COLUMNS = ("id", "workstation_id", "client_seq", "kind", "aggregate_type", "aggregate_id", "payload",
               "payload_digest", "actor", "pushed_by", "source", "supersedes", "created_at", "received_at",
               "outcome", "reason", "suggested_action", "payload_key", "number")
_OUTCOME = _PG_COLUMNS.index("outcome")
_PG_COPY = f"COPY push_in ({', '.join(_PG_COLUMNS)}) FROM STDIN"
_PG_MOVE = (f"INSERT INTO received_entries ({', '.join(_PG_COLUMNS)}) SELECT {', '.join(_PG_COLUMNS)} FROM push_in"
            " ON CONFLICT (id) DO NOTHING")


_RECEIVED = cast(Table, ReceivedEntry.__table__)
_PG_COPY_DIRECT = f"COPY received_entries ({', '.join(_PG_COLUMNS)}) FROM STDIN"


def _copy_new(s: Session, rows: list[tuple]) -> int:
    """PostgreSQL, keys believed new: COPY the rows straight into ``received_entries`` on the
    session's connection and transaction. A key already stored raises UniqueViolation."""
    raw: Any = s.connection().connection.driver_connection   # psycopg's connection (SQLAlchemy: Optional[Any])
    with raw.cursor() as cur:
        with cur.copy(_PG_COPY_DIRECT) as copy:
            for row in rows:
                copy.write_row(row)
    return len(rows)


def _insert_ignore(s: Session, rows: list[tuple]) -> int:
    """Insert rows (tuples in ``_PG_COLUMNS`` order), skipping keys already stored (the unique key
    decides a race); returns how many were inserted."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        # COPY into a per-connection temp table, then one INSERT … SELECT … ON CONFLICT DO NOTHING,
        # all on the session's own connection and transaction (ON COMMIT DELETE ROWS empties it;
        # a rollback discards it with everything else).
        fairy = s.connection().connection
        raw: Any = fairy.driver_connection   # psycopg's connection of this checkout (SQLAlchemy: Optional[Any])
        with raw.cursor() as cur:
            if not fairy.info.get("push_in"):
                cur.execute("CREATE TEMP TABLE IF NOT EXISTS push_in (LIKE received_entries) ON COMMIT DELETE ROWS")
                fairy.info["push_in"] = True
            with cur.copy(_PG_COPY) as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(_PG_MOVE)
            return cur.rowcount
    # SQLite: one executemany of the Core statement, counted by its rowcount (the rows' changes
    # summed; a key already stored changes nothing). Not RETURNING: SQLite has it only from 3.35,
    # and the package's SQLite is the distribution's (Debian 11: 3.34.1), where SQLAlchemy refuses
    # an executemany with RETURNING and every push answered 500.
    stmt = insert_on_conflict(s, _RECEIVED).on_conflict_do_nothing(index_elements=["id"])
    return s.connection().execute(stmt, [dict(zip(_PG_COLUMNS, r, strict=False)) for r in rows]).rowcount


_BUILT: "dict[tuple[Callable, str], Insert]" = {}


def _built_once(s: Session, build: "Callable[[Session, str], Insert]") -> "Insert":
    """The statement ``build(s, dialect)`` makes for the session's database, built on first use
    (PostgreSQL's and SQLite's ON CONFLICT differ): SQLAlchemy then computes its SQL and cache
    key once, not for a new statement object per push."""
    dialect = s.get_bind().dialect.name
    stmt = _BUILT.get((build, dialect))
    if stmt is None:
        stmt = _BUILT[build, dialect] = build(s, dialect)
    return stmt


_STATE_COLUMNS = ("case_id", "state", "last_entry_id", "office_code", "service_code")


def _state_upsert(s: Session, dialect: str) -> "Insert":
    """The batch's case states in ONE statement: on PostgreSQL an ``INSERT … SELECT`` from
    ``unnest`` of one array per column (one round trip whatever the batch's size); on SQLite an
    executemany. A state already held is overwritten (the push locked it ``FOR UPDATE`` and
    checked the transition); its office stays the one it was first held under, and its service the
    one it was first opened as (the first accepted entry naming one: a later entry naming another is
    refused before it gets here)."""
    table = _CASE_STATES
    if dialect == "postgresql":
        arrays = (bindparam(c, type_=ARRAY(String)) for c in _STATE_COLUMNS)
        rows = func.unnest(*arrays).table_valued(*_STATE_COLUMNS).render_derived()
        ins = insert_on_conflict(s, table).from_select(
            [*_STATE_COLUMNS, "updated_at"], select(*(rows.c[c] for c in _STATE_COLUMNS), bindparam("state_at")))
    else:
        ins = insert_on_conflict(s, table).values(
            {**{c: bindparam(c) for c in _STATE_COLUMNS}, "updated_at": bindparam("state_at")})
    return ins.on_conflict_do_update(index_elements=["case_id"], set_={
        "state": ins.excluded.state, "last_entry_id": ins.excluded.last_entry_id, "updated_at": ins.excluded.updated_at,
        "service_code": func.coalesce(table.c.service_code, ins.excluded.service_code)})


def _upsert_states(s: Session, rows: list[tuple[str, str, str, str, str | None]], now: datetime) -> None:
    """Write the batch's new case states, rows of ``_STATE_COLUMNS`` (each case once, in case id
    order, so two pushes meet their rows in the same order). One statement per batch: a
    statement per case was a round trip each, and made a push of a hundred new cases five
    times the cost of a push of a hundred notes."""
    stmt = _built_once(s, _state_upsert)
    if s.get_bind().dialect.name == "postgresql":
        arrays = dict(zip(_STATE_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))
        s.execute(stmt, {**arrays, "state_at": now})
    else:
        s.execute(stmt, [{**dict(zip(_STATE_COLUMNS, row, strict=True)), "state_at": now} for row in rows])


def _tally_upsert(s: Session, dialect: str) -> "Insert":
    table = cast(Table, WorkstationTally.__table__)
    ins = insert_on_conflict(s, table).values(
        workstation_id=bindparam("tally_ws"), accepted=bindparam("tally_n"), updated_at=bindparam("tally_at"))
    return ins.on_conflict_do_update(index_elements=["workstation_id"], set_={
        "accepted": table.c.accepted + ins.excluded.accepted, "updated_at": ins.excluded.updated_at})


def _count_accepted(s: Session, workstation_id: str, n: int, now: datetime) -> None:
    """Add ``n`` newly accepted entries to the workstation's tally (one upsert per batch). A Core
    statement on the session's connection and transaction: through ``Session.execute`` the ORM's
    bulk-insert path took ~0.3 ms of CPU per push for this one row, against ~0.1 ms."""
    s.connection().execute(_built_once(s, _tally_upsert), {"tally_ws": workstation_id, "tally_n": n, "tally_at": now})


DOCUMENT_ISSUED = "document.issued"


NUMBER_TAKEN_ACTION = ("本工作站的数据可能曾从备份恢复而未先联网登录：请联网登录并同步后再办理；该笔业务请联系信息技术人员"
                       "核对（中心未保存这条记录）")


class _NumberHolders:
    """A pushed ``document.issued`` 文号, or a new case's 办件编号, that another document or case at
    the centre already carries (a store restored from a backup that numbered on before its first
    online sign-in): refused instead of stored twice. Only a number at or below the centre's floor
    of its series can be held already, so only those are looked up (the floors are one primary-key
    read per series; the holder a LIKE over the stored payloads, which a working counter never
    needs); a case the centre held before the batch keeps the number it was accepted with."""

    def __init__(self, workstation_id: str):
        self.ws = workstation_id
        self.floors: dict[str, int | None] = {}
        self.batch: dict[tuple[str, str], str] = {}     # (field, number) -> the aggregate that took it here

    def _floor(self, s: Session, series: str) -> int | None:
        if series not in self.floors:
            self.floors[series] = s.scalar(select(IssuedNumberFloor.last_seq).where(
                IssuedNumberFloor.workstation_id == self.ws, IssuedNumberFloor.series == series))
        return self.floors[series]

    def refusal(self, s: Session, item: p.OutboxItem, known_cases: set[str]) -> str | None:
        """Why ``item`` may not be stored (Chinese), or None."""
        if item.kind == DOCUMENT_ISSUED:
            field_name, label, aggregate_type = "number", "文号", item.aggregate_type
            value = item.payload.get("number")
            parsed = parse_number(value)
            series = None if parsed is None or parsed["ws"] != self.ws or out_of_range(parsed) else number_series(parsed)
        elif item.aggregate_type == "case" and item.aggregate_id not in known_cases:
            field_name, label, aggregate_type = "case_no", "办件编号", "case"
            value = item.payload.get("case_no")
            parsed = parse_case_number(value)
            series = None if parsed is None or parsed["ws"] != self.ws else case_series(parsed)
        else:
            return None
        if series is None or parsed is None:
            return None
        number = cast(str, value).strip()
        taken_by = self.batch.setdefault((field_name, number), item.aggregate_id)
        if taken_by == item.aggregate_id:
            floor = self._floor(s, series)
            if floor is None or parsed["seq"] > floor:
                return None
            # the same entry sent again (a batch retried after a lost answer): a duplicate, found by
            # its key, never a scan of the stored payloads per entry
            if s.scalar(select(ReceivedEntry.id).where(ReceivedEntry.id == item.id)) is not None:
                return None
            if self._holder(s, aggregate_type, number, item.aggregate_id) is None:
                return None
            del self.batch[(field_name, number)]
        thing = "文书" if label == "文号" else "办件"
        return f"{label} {number} 中心已有另一{thing}使用，不能重复"

    @staticmethod
    def _holder(s: Session, aggregate_type: str, number: str, aggregate_id: str) -> str | None:
        """Another aggregate whose accepted entry carries ``number`` (``received_entries.number``:
        the payloads are sealed), or None."""
        return s.scalar(select(ReceivedEntry.aggregate_id).where(
            ReceivedEntry.aggregate_type == aggregate_type, ReceivedEntry.number == number,
            ReceivedEntry.outcome == "accepted", ReceivedEntry.aggregate_id != aggregate_id).limit(1))


def _workstation_office(s: Session, workstation_id: str) -> str | None:
    ws = s.get(Workstation, workstation_id)
    return ws.office_code if ws is not None else None


def _number_problem(payload: dict, workstation_id: str) -> str | None:
    """Why a ``document.issued`` entry may not move a 文号 floor (Chinese), or None. Only the
    workstation that issued a number moves its series, and only within the series' range."""
    parsed = parse_number(payload.get("number"))
    if parsed is None:
        return None    # not a 文号 (e.g. an archive code): nothing to raise
    if parsed["ws"] != workstation_id:
        return f"文号 {payload['number'].strip()} 不是本工作站（{workstation_id}）开具的"
    return out_of_range(parsed)


def _document_office_problem(payload: dict, office_code: str | None) -> str | None:
    """Why a ``document.issued`` entry names another office than the workstation's (Chinese), or
    None: a workstation issues its own office's documents only (its 文号, its seal area)."""
    fields = payload.get("fields")
    named = fields.get("office_code") if isinstance(fields, dict) else None
    if office_code and isinstance(named, str) and named != office_code:
        return f"文书上的分局代码（{named}）不是本工作站所属的分局（{office_code}）"
    return None


def _raise_number_floors(s: Session, workstation_id: str, payloads: list[dict], now: datetime,
                         case_numbers: list | None = None) -> None:
    """Remember the highest 文号 per series of this workstation (payload ``number``) and its highest
    case number per day (``case_numbers``: the ``case_no`` of its accepted case entries; one of
    another workstation, or no case number, moves nothing), in the push's transaction. A row only
    ever goes up (``WHERE last_seq < excluded.last_seq``); rows are upserted in series order, so
    two pushes of one workstation cannot deadlock on them."""
    best: dict[str, tuple[int, str]] = {}
    for case_no in case_numbers or ():
        parsed_case = parse_case_number(case_no)
        if parsed_case is None or parsed_case["ws"] != workstation_id:
            continue
        series = case_series(parsed_case)
        if series not in best or best[series][0] < parsed_case["seq"]:
            best[series] = (parsed_case["seq"], case_no.strip())
    for payload in payloads:
        number: Any = payload.get("number")   # JSON; a 文号 (str) once parse_number accepts it
        parsed = parse_number(number)
        if parsed is None or parsed["ws"] != workstation_id or out_of_range(parsed):
            continue
        series = number_series(parsed)
        if series not in best or best[series][0] < parsed["seq"]:
            best[series] = (parsed["seq"], number.strip())
    if not best:
        return
    stmt = insert_on_conflict(s, IssuedNumberFloor)
    stmt = stmt.on_conflict_do_update(
        index_elements=["workstation_id", "series"],
        set_={"last_seq": stmt.excluded.last_seq, "last_number": stmt.excluded.last_number,
              "updated_at": stmt.excluded.updated_at},
        where=IssuedNumberFloor.last_seq < stmt.excluded.last_seq)
    s.execute(stmt, [dict(workstation_id=workstation_id, series=series, last_seq=seq, last_number=number,
                          updated_at=now) for series, (seq, number) in sorted(best.items())])


def number_floors(s: Session, workstation_id: str) -> list[str]:
    """The highest 文号 per series, and the highest case number per day, the centre has received
    from this workstation (series order)."""
    return list(s.scalars(select(IssuedNumberFloor.last_number)
                          .where(IssuedNumberFloor.workstation_id == workstation_id)
                          .order_by(IssuedNumberFloor.series)))


# ---------------------------------------------------------------------------------------- pull

def pull(s: Session, who: Principal, since: int, limit: int) -> p.PullResponse:
    """The changes after ``since`` for the caller's office and workstation. A login whose roles are
    all field roles gets only the field scope (p.FIELD_CHANGE_KINDS, filtered by the WHERE clause);
    its cursor still passes over what the scope left out, so a field laptop does not scan it again."""
    from counter_central.approvals import expire_due

    if expire_due(s, office_code=who.user.office_code):    # 过期: the office's overdue requests, before reading
        s.commit()
    scope = p.pull_scope(who.roles)
    q = (
        select(ChangeRow)
        .where(ChangeRow.cursor > since)
        .where(or_(ChangeRow.office_code.is_(None), ChangeRow.office_code == who.user.office_code))
        .where(or_(ChangeRow.workstation_id.is_(None), ChangeRow.workstation_id == who.workstation_id))
        .order_by(ChangeRow.cursor)
        .limit(limit + 1)
    )
    top = since
    if scope == "field":
        # read the newest cursor first and the page up to it: a change committed between the two
        # reads is then either on the page or after the cursor answered, never passed over
        top = s.scalar(select(func.max(ChangeRow.cursor))) or since
        q = q.where(ChangeRow.kind.in_(p.FIELD_CHANGE_KINDS)).where(ChangeRow.cursor <= top)
    rows = list(s.scalars(q))
    more = len(rows) > limit
    rows = rows[:limit]
    # sealed at rest (counter_central.entry_key); a row altered in the database is passed over (the
    # cursor moves past it: one row no one can read must not stall every counter) and recorded
    readable, broken = entry_key.readable_changes(s, rows)
    changes = [p.Change(cursor=r.cursor, kind=r.kind, aggregate_type=r.aggregate_type, aggregate_id=r.aggregate_id,
                        payload=payload, created_at=_aware(r.created_at)) for r, payload in readable]
    if broken:
        _record_unreadable(s, who, broken)
    cursor = rows[-1].cursor if rows else since
    if scope == "field" and not more:
        cursor = max(cursor, top)   # pass over the changes the scope left out, up to the newest read
    # the newest cursor after the page: committed changes only ever add to it, so it is never below
    # the page's cursor (the field scope's top was read before the page)
    newest = s.scalar(select(func.max(ChangeRow.cursor))) or 0
    # number_floors on every page: one primary-key range read, and each answer stands on its own
    return p.PullResponse(changes=changes, cursor=cursor, more=more, scope=scope, server_time=server_now(),
                          newest=newest, number_floors=number_floors(s, who.workstation_id))


UNREADABLE_CHANGE = "sync.change_unreadable"


def _record_unreadable(s: Session, who: Principal, broken: list[tuple[ChangeRow, str]]) -> None:
    """Record in the centre's audit chain, once per row, each change a pull passed over because it
    does not open (altered in the database: counter_central.entry_key.readable_changes); committed
    on its own (the pull writes nothing else)."""
    from counter_central.audit import CENTRE_CHAIN, CentralAuditRecord, record_centre

    recorded = set(s.scalars(select(CentralAuditRecord.object_id).where(
        CentralAuditRecord.workstation_id == CENTRE_CHAIN, CentralAuditRecord.action == UNREADABLE_CHANGE,
        CentralAuditRecord.object_id.in_([str(r.cursor) for r, _ in broken]))))
    fresh = [(r, why) for r, why in broken if str(r.cursor) not in recorded]
    for row, why in fresh:
        record_centre(s, actor=who.user.username, action=UNREADABLE_CHANGE, object_type="change",
                      object_id=str(row.cursor), result="refused",
                      detail=f"{why}。该变更未发给窗口，同步游标已越过它（{row.kind}）")
    if fresh:
        s.commit()


def add_change(s: Session, kind: str, aggregate_type: str, aggregate_id: str, payload: dict,
               office_code: str | None = None, workstation_id: str | None = None) -> ChangeRow:
    """Publish a change for the counters to pull: THE writer of ``changes`` (its payload sealed under
    the entry key, counter_central.entry_key.sealed_change; the caller commits)."""
    row = ChangeRow(kind=kind, aggregate_type=aggregate_type, aggregate_id=aggregate_id,
                    office_code=office_code, workstation_id=workstation_id, created_at=utcnow(),
                    **entry_key.sealed_change(s, kind, aggregate_type, aggregate_id, office_code, workstation_id,
                                              p.canonical_json(payload)))
    s.add(row)
    return row


KIND_ESCALATION = "case.escalation_decision"
# keys of a case update only the centre writes: who decided is the signed-in supervisor, never the body
# what only the centre says of an update: who posted it (and by name), the states, and whose
# request it answers (a maker named by the body would mislead the counter's maker-checker comparison)
_CENTRE_KEYS = ("posted_by", "posted_by_name", "decided_by", "approved_by", "from_state", "to_state", "maker",
                "maker_name", "request_id")


def post_case_update(s: Session, who: Principal, upd: p.CaseUpdate) -> str:
    """A supervisor's case update (信息表已收到、审批决定) for one office's counters, as the JSON of
    the stored :class:`Change`. Checked before anything is written: the case's office, the state
    machine (unknown state 422, illegal transition 409) and, for an approval or refusal, that the
    supervisor is not the clerk who asked for it (审批人不能是经办人本人). Nothing is committed
    unless the answer could be made."""
    require_role(who, "supervisor", "admin")
    refuse_unsafe_text(upd.payload, "payload")
    office = upd.office_code or who.user.office_code   # an update goes to one office's counters
    if "admin" not in who.roles and office != who.user.office_code:
        raise ServiceError(403, f"只能处理本分局（{who.user.office_code}）的办件", "forbidden", "请由该分局的科长处理")
    current = s.get(CaseState, upd.case_id, with_for_update=True)
    if current is not None and current.office_code and current.office_code != office:
        raise ServiceError(403, f"办件属于分局 {current.office_code}，不能由分局 {office} 处理", "other_office_case",
                           "请由该分局的科长处理")
    if upd.office_code and s.get(Office, upd.office_code) is None:
        raise ServiceError(422, f"分局代码 {upd.office_code} 不存在", "unknown_office", "核对分局代码")
    payload = {k: v for k, v in upd.payload.items() if k not in _CENTRE_KEYS}
    payload["posted_by"] = who.user.username  # who decided, as the centre knows it (not as the body says)
    payload["posted_by_name"] = who.user.display_name     # and by name: the 审批人 a counter's documents print
    deciding = upd.kind == KIND_ESCALATION and payload.get("decision") in ("approved", "refused")
    if upd.to_state and not is_state(upd.to_state):
        raise ServiceError(422, f"没有「{upd.to_state}」这个办件状态", "unknown_state", "核对目标状态")
    if upd.to_state and current is None:
        # a state is only ever moved on from one the centre holds: a case starts at a counter (push)
        raise ServiceError(404, "中心没有该办件，不能更改其状态", "unknown_case", "先由窗口同步该办件")
    service = _case_service(s, upd.case_id) if upd.to_state == "accepted" else None
    guarded = (approvals.move_action(s, upd.case_id, current.state if current is not None else None, upd.to_state,
                                     service) if upd.to_state else None)
    request = None
    if deciding or upd.to_state:
        # an approval decided here, or any move of the case's state made here, is the supervisor's
        # own decision: the same rules as 集中授权 — a supervisor of the case's office (管理员不作审批
        # 决定) who took no part in the case, at the level of the approval the move stands on
        # (不予受理, 注销参保's acceptance, a 受理 on the clerk's 改判), if any
        escalation = payload.get("escalation")
        action = guarded or (escalation if isinstance(escalation, str) else None)
        # a decision of an approval point decides the clerk's pending request for it: weighed on
        # that request's own terms (a 待遇核定 over the amount needs a 中心主任), and carried out on them
        request = (approvals.pending_request(s, upd.case_id, escalation, office)
                   if deciding and isinstance(escalation, str) else None)
        found = approvals.case_decision_refusal(s, who.user, upd.case_id, action, office,
                                                _case_participants(s, upd.case_id), request)
        named = upd.payload.get("request_id")
        if found is None and deciding and isinstance(escalation, str):
            if named and (request is None or named != request.id):
                found = (approvals.OTHER_REQUEST.format(named, approvals._action_name(escalation)), "no_pending_request")
            elif request is None and payload.get("decision") == "approved" and approvals.gated(s, escalation):
                found = (approvals.NO_PENDING_REQUEST.format(approvals._action_name(escalation)), "no_pending_request")
            elif request is not None:
                differs = approvals.request_terms_refusal(request, payload)
                found = (differs, "request_terms_differ") if differs else None
        if found is not None:
            from counter_central.audit import record_refusal

            record_refusal(s, actor=who.user.username, action="case.update", object_type="case",
                           object_id=upd.case_id, detail=f"{upd.kind}：{found[0]}")
            if found[1] in ("no_pending_request", "request_terms_differ"):
                raise ServiceError(409, found[0], found[1], "按经办人提出的审批申请作出决定（审批队列或 approvals decide）")
            raise ServiceError(403, found[0], found[1], "请由本分局有相应审批级别、未参与办理的科长处理")
    if upd.to_state:
        src = current.state if current is not None else None
        if not transition_allowed(src, upd.to_state):
            raise ServiceError(409, f"办件在中心的当前状态为「{state_name(src)}」，不能变为「{state_name(upd.to_state)}」",
                               "illegal_transition", "先同步以取得办件最新状态，再按业务流程办理")
        # a supervisor's move too stands on the steps the centre accepted (办结 / 不予认定 / 归档)
        missing_steps = (case_steps.StepsView(s).refusal(upd.case_id, upd.to_state, src)
                         if case_steps.guarded(upd.to_state, src) else None)
        if missing_steps is not None:
            from counter_central.audit import record_refusal

            record_refusal(s, actor=who.user.username, action="case.update", object_type="case",
                           object_id=upd.case_id, detail=f"{upd.kind}：{missing_steps[0]}")
            raise ServiceError(409, missing_steps[0], "steps_missing", missing_steps[1])
        payload["to_state"] = upd.to_state
        if current is None:
            s.add(CaseState(case_id=upd.case_id, state=upd.to_state, office_code=office, updated_at=utcnow()))
        else:
            payload["from_state"] = current.state
            current.state, current.updated_at = upd.to_state, utcnow()
    if request is not None:
        approvals.decide_by_update(s, request, who.user, str(payload.get("decision")),
                                   str(payload.get("reason") or ""), payload)
    # to the case's own workstation when the centre knows it (the other windows hold no such case)
    row = add_change(s, upd.kind, "case", upd.case_id, payload, office_code=office,
                     workstation_id=_case_workstation(s, upd.case_id))
    from counter_central.audit import record_centre

    decision = payload.get("decision") if deciding else None
    record_centre(s, actor=who.user.username, action="case.update", object_type="case", object_id=upd.case_id,
                  detail=" ".join(str(x) for x in (upd.kind, payload.get("escalation") if deciding else None, decision,
                                                   upd.to_state and f"→ {upd.to_state}") if x)[:200])
    s.flush()
    try:
        body = p.Change(cursor=row.cursor, kind=row.kind, aggregate_type="case", aggregate_id=row.aggregate_id,
                        payload=payload, created_at=_aware(row.created_at)).model_dump_json()
    except (ValueError, RecursionError):
        s.rollback()
        raise ServiceError(422, "更新内容无法保存（嵌套过深或包含无效字符）", "invalid_payload", "核对更新内容") from None
    s.commit()
    return body


def _case_workstation(s: Session, case_id: str) -> str | None:
    """The workstation the case lives on (the one whose accepted entries brought it), or None when
    the centre holds none of its entries, or entries from more than one workstation: then its
    updates go to the whole office, as before."""
    found = list(s.scalars(select(ReceivedEntry.workstation_id).distinct()
                           .where(ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case_id,
                                  ReceivedEntry.outcome == "accepted").limit(2)))
    return found[0] if len(found) == 1 else None


def _case_participants(s: Session, case_id: str) -> set[str]:
    """Everyone the centre knows worked on the case: the actor, the signed-in sender and the
    payload's actor of each of its accepted entries (the clerk who asked for an approval among
    them: 审批人不能是经办人本人)."""
    names: set[str] = set()
    for entry_id, version, stored, actor, pushed_by in s.execute(
            select(*entry_key.PAYLOAD, ReceivedEntry.actor, ReceivedEntry.pushed_by)
            .where(ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case_id,
                   ReceivedEntry.outcome == "accepted")):
        names.update(x for x in (actor, pushed_by) if x)
        payload = entry_key.opened_json(entry_id, version, stored, s)
        named = payload.get("actor") if isinstance(payload, dict) else None
        if isinstance(named, str) and named:
            names.add(named)
    return names


# ------------------------------------------------------------------------------------ reconcile

def summary(s: Session, who: Principal) -> p.SyncSummary:
    tally = s.get(WorkstationTally, who.workstation_id)
    accepted = tally.accepted if tally is not None else 0
    return p.SyncSummary(workstation_id=who.workstation_id, accepted=accepted, server_time=server_now())


def missing(s: Session, who: Principal, req: p.MissingRequest) -> p.MissingResponse:
    """Which of the asked keys the centre does not hold (keys are global: an entry pushed under an
    earlier workstation id counts as held), and which it holds only set aside (its content altered
    in the database and moved out: ``set_aside``, counter_central.set_aside_restore — never
    ``missing``, since pushed again it would be applied twice)."""
    from counter_central.db import SetAsidePayload

    held = set(s.scalars(select(ReceivedEntry.id).where(ReceivedEntry.id.in_(req.ids))))
    aside = set(s.scalars(select(SetAsidePayload.source_id).where(SetAsidePayload.source_table == "received_entries",
                                                                  SetAsidePayload.source_id.in_(req.ids))))
    asked = [k for k in dict.fromkeys(req.ids) if k not in held]
    return p.MissingResponse(missing=[k for k in asked if k not in aside], set_aside=[k for k in asked if k in aside])


# ------------------------------------------------------------------------------------ reference

def reference_refusal(name: str, content: dict) -> str | None:
    """Why the counters could not use ``content`` as reference data ``name`` (Chinese), or None: a
    catalog, a parameter set and the offices' facts as the counters read them (counter_rules), a
    graded authorisation table as the centre and the counters apply it
    (counter_rules.authorisation_check); a name the counters do not read
    (counter_protocol.reference_names) is refused with the names they do."""
    from counter_protocol.reference_names import READ_BY_COUNTERS, names_text
    from counter_rules.authorisation_check import AuthorisationTableError, check_authorisation_table
    from counter_rules.catalog import CatalogError, catalog_from_dict
    from counter_rules.offices import OfficesError, offices_from_dict
    from counter_rules.params import ParameterError, ParameterSet
    from counter_protocol.workdays import CalendarError, check_holiday_document

    if name not in READ_BY_COUNTERS:
        return f"{name} 未发布：柜面不读取这个名称的参考数据（材料清单在业务目录 catalog 中）。可发布的名称：{names_text()}"
    known = (CatalogError, ParameterError, OfficesError, AuthorisationTableError, CalendarError)
    try:
        if name == "catalog":
            catalog_from_dict(content)
        elif name == "policy_params":
            ParameterSet.from_mapping(content, source="政策参数")
        elif name == "offices":
            offices_from_dict(content)
        elif name == "authorisation":
            check_authorisation_table(content)
        elif name == "holidays":
            check_holiday_document(content)
    except (*known, KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        reason = str(exc) if isinstance(exc, known) else "结构不符合要求"
        return f"{name} 未发布：柜面无法使用这个版本（{reason}）"
    return None


def unknown_offices_refusal(s: Session, name: str, content: dict) -> str | None:
    """An ``offices`` document naming an office code the centre does not have (``counter-central
    offices list``): refused naming it — its 复议机关 / 法院 would reach no office, and the version
    would be used up (the corrected file needs a new one)."""
    from counter_protocol.reference_names import OFFICES

    if name != OFFICES or not isinstance(content.get("offices"), dict):
        return None
    known = set(s.scalars(select(Office.code)))
    unknown = sorted(code for code in content["offices"] if code not in known)
    if not unknown:
        return None
    return (f"{name} 未发布：中心没有分局 {'、'.join(unknown)}（已登记的分局：{'、'.join(sorted(known)) or '无'}；"
            "先用 counter-central offices add 登记，或改正分局代码）")


def publish_reference(s: Session, doc: p.PublishReference, *, by: str | None = None) -> p.ReferenceDocument:
    """Publish a reference version (the same version again with the same content changes nothing);
    recorded in the centre's audit chain as ``by`` (the admin's account; the command line's operator
    when None). Content the counters could not use (:func:`reference_refusal`) is refused with 422
    and nothing is stored — the one check for ``POST /reference`` and ``counter-central reference
    publish`` alike."""
    refusal = reference_refusal(doc.name, doc.content) or unknown_offices_refusal(s, doc.name, doc.content)
    if refusal is not None:
        raise ServiceError(422, refusal, "reference_invalid", "改正文件后用新的版本号重新发布")
    content = p.canonical_json(doc.content)
    digest = p.payload_digest(content)
    row = s.get(ReferenceRow, (doc.name, doc.version))
    if row is not None:
        if row.digest != digest:
            raise ServiceError(409, f"参考数据 {doc.name} 版本 {doc.version} 已发布且内容不同", "version_exists", "使用新的版本号发布")
    else:
        row = ReferenceRow(name=doc.name, version=doc.version, effective_from=doc.effective_from, content=content,
                           digest=digest, published_at=utcnow())
        s.add(row)
        add_change(s, "reference.published", "reference", doc.name,
                   {"name": doc.name, "version": doc.version, "effective_from": doc.effective_from, "digest": digest})
        from counter_central.audit import operator, record_centre

        record_centre(s, actor=by or operator(), action="reference.publish", object_type="reference",
                      object_id=f"{doc.name}:{doc.version}", detail=f"摘要 {digest[:12]}，生效 {doc.effective_from or '即时'}")
        if doc.name == "authorisation":     # pending requests need the level the table asks now (分级授权)
            from counter_central.approvals import raise_pending_levels

            raise_pending_levels(s)
        s.commit()
    return p.ReferenceDocument(name=row.name, version=row.version, effective_from=row.effective_from,
                               content=json.loads(row.content), digest=row.digest)


def reference_row_in_force(s: Session, name: str, today: date | None = None) -> ReferenceRow | None:
    """The published version of ``name`` in force at the centre on ``today`` (the Beijing day; now when
    None): the newest publication whose 生效日期 has come — the rule the counters apply
    (counter_protocol.reference_names.choose_in_force); None when none is yet (the bundled file is)."""
    from counter_protocol.clock import beijing_day
    from counter_protocol.reference_names import Publication, choose_in_force

    rows = s.execute(select(ReferenceRow.version, ReferenceRow.effective_from, ReferenceRow.published_at)
                     .where(ReferenceRow.name == name)).all()
    choice = choose_in_force((Publication(v, frm, at) for v, frm, at in rows),
                             beijing_day(utcnow()) if today is None else today)
    return None if choice.current is None else s.get(ReferenceRow, (name, choice.current.version))


def reference_index(s: Session) -> p.ReferenceIndex:
    rows = s.scalars(select(ReferenceRow).order_by(ReferenceRow.name, ReferenceRow.published_at))
    latest: dict[str, ReferenceRow] = {}
    for r in rows:
        latest[r.name] = r
    return p.ReferenceIndex(items=[p.ReferenceVersion(name=r.name, version=r.version, effective_from=r.effective_from)
                                   for r in latest.values()])


def reference_document(s: Session, name: str, version: str | None) -> p.ReferenceDocument:
    if version:
        row = s.get(ReferenceRow, (name, version))
    else:
        row = s.scalars(select(ReferenceRow).where(ReferenceRow.name == name)
                        .order_by(ReferenceRow.published_at.desc()).limit(1)).first()
    if row is None:
        refusal = f"没有参考数据 {name} 版本 {version}" if version else f"没有参考数据 {name}"
        raise ServiceError(404, refusal, "not_found", "核对名称与版本")
    return p.ReferenceDocument(name=row.name, version=row.version, effective_from=row.effective_from,
                               content=json.loads(row.content), digest=row.digest)


