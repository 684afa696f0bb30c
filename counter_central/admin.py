"""Administration of the centre (管理): users and workstations, as the ``counter-central users`` and
``counter-central workstations`` commands do it. Every function works in the given session and
commits; errors are :class:`AdminError` with a Chinese message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_central import approvals, core
from counter_central.audit import operator, record_centre
from counter_central.db import Office, Token, User, Workstation, utcnow
from counter_protocol.free_text import name_unsafe_characters
from counter_protocol.roles import ROLES, incompatible_roles, role_text
from counter_protocol.sync import USERNAME_PATTERN

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

USERNAME_RE = re.compile(USERNAME_PATTERN)
WORKSTATION_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
OFFICE_RE = re.compile(r"^[A-Z0-9]{1,8}$")
MIN_PASSWORD = 8


class AdminError(Exception):
    """A refused administration request (Chinese message)."""


def _office(s: Session, code: str) -> Office:
    if not OFFICE_RE.match(code or ""):
        raise AdminError(f"分局代码格式不正确：{code!r}（大写字母或数字，最多 8 位）")
    office = s.get(Office, code)
    if office is None:
        raise AdminError(f"分局代码 {code} 不存在")
    return office


def _password_ok(password: str) -> str:
    password = password.rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"密码至少 {MIN_PASSWORD} 位")
    if len(password) > 256 or "\x00" in password:
        raise AdminError("密码过长或包含空字符")
    return password


def revoke_tokens(s: Session, **where) -> int:
    """End every live sign-in (access and refresh tokens) matching ``where`` (column=value); their number."""
    q = update(Token).where(Token.revoked_at.is_(None))
    for column, value in where.items():
        q = q.where(getattr(Token, column) == value)
    return cast("CursorResult[Any]", s.execute(q.values(revoked_at=utcnow()))).rowcount or 0


# ---------------------------------------------------------------------------------------- users

@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    office_code: str
    roles: list[str]
    active: bool
    locked: bool
    totp: bool = False
    approval_level: int = 0
    staff_no: str = ""                      # 工号 ("" not recorded)
    same_person: tuple[str, ...] = ()       # the other accounts of the same person (same 工号)

    def as_dict(self) -> dict:
        return {"username": self.username, "display_name": self.display_name, "office_code": self.office_code,
                "roles": self.roles, "active": self.active, "locked": self.locked, "totp": self.totp,
                "approval_level": self.approval_level, "staff_no": self.staff_no,
                "same_person": list(self.same_person)}


def _user_row(u: User, same: tuple[str, ...] | None = None, s: Session | None = None) -> UserRow:
    now = utcnow()
    if same is None:
        same = _linked(s, u) if s is not None else ()
    return UserRow(u.username, u.display_name, u.office_code, u.role_list(), bool(u.active),
                   u.locked_until is not None and u.locked_until > now, bool(u.totp_secret), u.approval_level or 0,
                   u.staff_no or "", same)


def _linked(s: Session, u: User) -> tuple[str, ...]:
    """The other accounts with ``u``'s staff number: the same person."""
    if not u.staff_no:
        return ()
    return tuple(s.scalars(select(User.username).where(User.staff_no == u.staff_no, User.username != u.username)
                           .order_by(User.username)))


# 工号: letters, digits and '-'; stored in capitals. Never a national ID number (a staff number
# identifies the staff member, it is not personal data of an applicant, and is never in a URL).
STAFF_NO_RE = re.compile(r"^[A-Za-z0-9-]{1,20}$")
ID_NUMBER_SHAPE = re.compile(r"^(\d{15}|\d{17}[\dXx])$")


def _staff_no_ok(staff_no: str | None) -> str | None:
    staff_no = (staff_no or "").strip()
    if not staff_no:
        return None
    if ID_NUMBER_SHAPE.match(staff_no):
        raise AdminError("工号不能是身份证号码：请填写单位编给该工作人员的工号")
    if not STAFF_NO_RE.match(staff_no):
        raise AdminError(f"工号格式不正确：{staff_no!r}（字母、数字或 -，最多 20 位）")
    return staff_no.upper()


def _name_clash(s: Session, username: str, office: str, display_name: str, staff_no: str | None) -> None:
    """An account of ``office`` named ``display_name`` is refused when another account of the office
    has that name and staff numbers do not tell the two people apart: maker-checker would otherwise
    take one person's second account for someone else (approvals.same_person)."""
    wanted = approvals.person_name(display_name)
    for other in s.scalars(select(User).where(User.office_code == office, User.username != username)
                           .order_by(User.username)):
        if approvals.person_name(other.display_name) != wanted:
            continue
        if staff_no and other.staff_no:
            continue            # the same number: one person's two accounts; different: two people
        raise AdminError(
            f"分局 {office} 已有姓名为「{other.display_name}」的账号 {other.username}：同一人的另一个账号请用 --staff-no "
            f"登记与其相同的工号；同名的两人请为两个账号都登记各自的工号（已有账号用 counter-central users "
            f"set-staff-no {other.username} 工号）")


DISPLAY_NAME_MAX = 64      # users.display_name


def _duties_apart(s: Session, username: str, roles: list[str], staff_no: str | None) -> None:
    """不相容岗位分离 (7.3; security.md: 人社厅发〔2021〕64号, 等保 2.0 三级): one account never holds a
    business role (clerk, supervisor, field) or administration together with audit, and neither does
    one person through two accounts with the same 工号."""
    problem = incompatible_roles(roles)
    if problem is not None:
        raise AdminError(problem)
    if not staff_no:
        return
    for other in s.scalars(select(User).where(User.staff_no == staff_no, User.username != username)
                           .order_by(User.username)):
        problem = incompatible_roles(set(roles) | set(other.role_list()))
        if problem is not None:
            raise AdminError(f"工号 {staff_no} 已登记在账号 {other.username}（{role_text(other.role_list())}）上，"
                             f"同一人不能兼任：{problem}")


def _display_name_ok(name: str, username: str) -> str:
    """The name shown for the account (its username when none is given); refused, not cut, when
    it does not fit: a name cut silently is a wrong name on every document and audit line."""
    name = (name or "").strip() or username
    if len(name) > DISPLAY_NAME_MAX:
        raise AdminError(f"姓名过长：{len(name)} 个字符，最多 {DISPLAY_NAME_MAX} 个")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise AdminError("姓名不能包含控制字符（如换行、制表符、空字符）")
    # invisible and text-direction characters: the name would read as another (the same-name rule
    # of maker-checker, and the 审批人 printed) while being another string
    bad = name_unsafe_characters(name)
    if bad:
        raise AdminError(f"姓名不能包含不可见字符或文字方向控制符（如零宽空格、从右至左覆盖）：{'、'.join(bad)}")
    return name


def _audit(s: Session, by: str | None, action: str, object_type: str, object_id: str, detail: str = "") -> None:
    """The administration action's record in the centre's own audit chain (same transaction)."""
    record_centre(s, actor=by or operator(), action=action, object_type=object_type, object_id=object_id,
                  detail=detail)


def add_user(s: Session, username: str, *, office: str, role: str, password: str, display_name: str = "",
             level: int = 0, staff_no: str | None = None, by: str | None = None) -> UserRow:
    if not USERNAME_RE.match(username or ""):
        raise AdminError(f"用户名格式不正确：{username!r}（字母、数字、_ . -，最多 64 位）")
    roles = [r.strip() for r in role.split(",") if r.strip()]
    unknown = [r for r in roles if r not in ROLES]
    if not roles or unknown:
        raise AdminError(f"角色不正确：{role!r}；可选：{'、'.join(ROLES)}")
    _office(s, office)
    if s.get(User, username) is not None:
        raise AdminError(f"用户 {username} 已存在")
    display_name = _display_name_ok(display_name, username)
    staff_no = _staff_no_ok(staff_no)
    _duties_apart(s, username, roles, staff_no)
    _name_clash(s, username, office, display_name, staff_no)
    user = User(username=username, display_name=display_name,
                password_hash=core.hash_password(_password_ok(password)), roles=",".join(roles),
                office_code=office, active=True, created_at=utcnow(), failed_logins=0, staff_no=staff_no)
    _check_level(roles, level)
    user.approval_level = level
    s.add(user)
    linked = _linked(s, user)
    _audit(s, by, "user.add", "user", username, f"分局 {office}，角色 {','.join(roles)}，审批级别 {level}"
           + (f"，工号 {staff_no}" if staff_no else "") + (f"（与 {'、'.join(linked)} 为同一人）" if linked else ""))
    s.commit()
    return _user_row(user, linked)


def set_staff_no(s: Session, username: str, staff_no: str, *, by: str | None = None) -> UserRow:
    """登记工号: the staff member the account belongs to. The same number as another account's links
    the two as one person (maker-checker then never lets one approve what the other made)."""
    user = _user(s, username)
    number = _staff_no_ok(staff_no)
    if number is None:
        raise AdminError("请给出工号（字母、数字或 -，最多 20 位）")
    _duties_apart(s, username, user.role_list(), number)
    before = user.staff_no or "未登记"
    user.staff_no = number
    s.flush()
    linked = _linked(s, user)
    _audit(s, by, "user.set_staff_no", "user", username, f"工号 {before} → {number}"
           + (f"（与 {'、'.join(linked)} 为同一人）" if linked else ""))
    s.commit()
    return _user_row(user, linked)


def clear_staff_no(s: Session, username: str, *, by: str | None = None) -> UserRow:
    """清除工号: a number recorded by mistake (e.g. linking two people as one). Without a number the
    account is compared by name again: the same display name in the same office is the same person."""
    user = _user(s, username)
    if not user.staff_no:
        raise AdminError(f"账号 {username} 未登记工号，无需清除")
    before, linked = user.staff_no, _linked(s, user)
    user.staff_no = None
    s.flush()
    same_name = [u.username for u in s.scalars(select(User).where(User.office_code == user.office_code,
                                                                   User.username != username)
                                               .order_by(User.username))
                 if approvals.person_name(u.display_name) == approvals.person_name(user.display_name)]
    _audit(s, by, "user.set_staff_no", "user", username, f"工号 {before} → 未登记（清除）"
           + (f"（原与 {'、'.join(linked)} 为同一人）" if linked else "")
           + (f"；与 {'、'.join(same_name)} 姓名相同，未登记工号时视为同一人" if same_name else ""))
    s.commit()
    return _user_row(user, ())


LEVEL_NAMES = {0: "无", 1: "科长", 2: "中心主任"}


def _check_level(roles: list[str], level: int) -> None:
    if level not in LEVEL_NAMES:
        raise AdminError("审批级别只能是 0（无）、1（科长）或 2（中心主任）")
    if level and "supervisor" not in roles:
        raise AdminError("只有科长（supervisor）角色可以设定审批级别")


def set_approval_level(s: Session, username: str, level: int, *, by: str | None = None) -> UserRow:
    """审批级别 (counter_protocol.approvals): what a supervisor may approve under the 分级授权表."""
    user = _user(s, username)
    _check_level(user.role_list(), level)
    before = user.approval_level or 0
    user.approval_level = level
    _audit(s, by, "user.set_level", "user", username, f"审批级别 {before} → {level}")
    s.commit()
    return _user_row(user, s=s)


def _user(s: Session, username: str) -> User:
    user = s.get(User, username)
    if user is None:
        raise AdminError(f"没有用户 {username}")
    return user


def disable_user(s: Session, username: str, *, by: str | None = None) -> UserRow:
    """停用：no new sign-in, and every token of the user is revoked at once."""
    user = _user(s, username)
    user.active = False
    revoke_tokens(s, username=username)
    approvals.forget_approval_keys(s, username)
    _audit(s, by, "user.disable", "user", username, "停用，登录全部注销")
    s.commit()
    return _user_row(user, s=s)


def enable_user(s: Session, username: str, *, by: str | None = None) -> UserRow:
    """恢复启用 a disabled account (a mistaken 停用, a clerk back from leave): sign-in works again with
    the password it had; the lockout counter starts afresh. Its sign-ins ended at 停用 stay ended."""
    user = _user(s, username)
    user.active = True
    user.failed_logins, user.locked_until = 0, None
    _audit(s, by, "user.enable", "user", username, "恢复启用")
    s.commit()
    return _user_row(user, s=s)


def reset_password(s: Session, username: str, password: str, *, by: str | None = None) -> UserRow:
    """A new password; the lockout is lifted and every sign-in with the old one is ended."""
    user = _user(s, username)
    user.password_hash = core.hash_password(_password_ok(password))
    user.failed_logins, user.locked_until = 0, None
    revoke_tokens(s, username=username)
    approvals.forget_approval_keys(s, username)
    _audit(s, by, "user.reset_password", "user", username, "重置密码，登录全部注销")
    s.commit()
    return _user_row(user, s=s)


@dataclass(frozen=True)
class TotpEnrolment:
    username: str
    secret: str
    uri: str

    def as_dict(self) -> dict:
        return {"username": self.username, "secret": self.secret, "uri": self.uri}


def enrol_totp(s: Session, username: str, *, issuer: str = "深圳社保柜面", replace: bool = False,
               by: str | None = None) -> TotpEnrolment:
    """开通动态验证码: a new TOTP secret for the user; the URI goes into the user's authenticator app
    (as a QR code or typed in). A user who has one keeps it unless ``replace`` (a lost phone): a new
    secret makes the old authenticator useless and ends every sign-in, so a mistyped name must not."""
    import pyotp

    user = _user(s, username)
    if user.totp_secret and not replace:
        raise AdminError(f"用户 {username} 已开通动态验证码；重新开通会使其原身份验证器失效并注销其全部登录。"
                         "确需重新开通（如手机遗失）请加 --replace")
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_last_step = secret, None
    revoke_tokens(s, username=username)
    _audit(s, by, "user.totp_enrol", "user", username, "重新开通动态验证码" if replace else "开通动态验证码")
    s.commit()
    return TotpEnrolment(username, secret, pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer))


def list_users(s: Session) -> list[UserRow]:
    users = list(s.scalars(select(User).order_by(User.office_code, User.username)))
    by_staff_no: dict[str, list[str]] = {}
    for u in users:
        if u.staff_no:
            by_staff_no.setdefault(u.staff_no, []).append(u.username)
    return [_user_row(u, tuple(sorted(n for n in by_staff_no.get(u.staff_no or "", []) if n != u.username)))
            for u in users]


# --------------------------------------------------------------------------------- workstations

@dataclass(frozen=True)
class OfficeRow:
    code: str
    name: str

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name}


def add_office(s: Session, code: str, *, name: str, by: str | None = None) -> OfficeRow:
    """登记经办机构（分局）: the production path's first step (``seed`` makes only demo offices)."""
    if not OFFICE_RE.match(code or ""):
        raise AdminError(f"分局代码格式不正确：{code!r}（大写字母或数字，最多 8 位）")
    name = (name or "").strip()[:64]
    if not name:
        raise AdminError("请用 --name 给出分局名称（如“福田分局”，打印在文书上）")
    office = s.get(Office, code)
    if office is not None:
        raise AdminError(f"分局代码 {code} 已存在（{office.name}），未作改动")
    s.add(Office(code=code, name=name))
    _audit(s, by, "office.add", "office", code, f"名称 {name}")
    s.commit()
    return OfficeRow(code, name)


def list_offices(s: Session) -> list[OfficeRow]:
    return [OfficeRow(o.code, o.name) for o in s.scalars(select(Office).order_by(Office.code))]


@dataclass(frozen=True)
class WorkstationRow:
    workstation_id: str
    office_code: str
    name: str
    registered_by: str
    registered_at: str
    retired_at: str | None
    # the counter program it last used (counter_central.clients): release+build ("0.1.0.0+5a70176.20261205"),
    # or what a program too old to name its build sent (client_protocol None); None: not seen since
    client_build: str | None = None
    client_protocol: int | None = None
    client_seen_at: str | None = None

    def as_dict(self) -> dict:
        return {"workstation_id": self.workstation_id, "office_code": self.office_code, "name": self.name,
                "registered_by": self.registered_by, "registered_at": self.registered_at,
                "retired_at": self.retired_at, "client_build": self.client_build,
                "client_protocol": self.client_protocol, "client_seen_at": self.client_seen_at}


def _ws_row(w: Workstation) -> WorkstationRow:
    return WorkstationRow(w.workstation_id, w.office_code, w.name or "", w.registered_by or "",
                          w.registered_at.isoformat(timespec="seconds") + "Z",
                          w.retired_at.isoformat(timespec="seconds") + "Z" if w.retired_at else None,
                          w.client_build, w.client_protocol,
                          w.client_seen_at.isoformat(timespec="seconds") + "Z" if w.client_seen_at else None)


def add_workstation(s: Session, workstation_id: str, *, office: str, name: str = "", by: str = "admin") -> WorkstationRow:
    """登记工作站 to one office. An id registered before is refused, saying where it is and what to do
    (the command line's refusal is audited): it changed nothing silently before, a new ``name``
    included. A machine that replaces a workstation keeps its id and needs no registration."""
    if not WORKSTATION_RE.match(workstation_id or ""):
        raise AdminError(f"工作站编号格式不正确：{workstation_id!r}（字母、数字、_ -，最多 32 位）")
    _office(s, office)
    ws = s.get(Workstation, workstation_id)
    if ws is not None:
        if ws.retired_at is not None:
            raise AdminError(f"工作站 {workstation_id} 已停用，不能再次登记；请换用新的编号")
        if ws.office_code != office:
            raise AdminError(f"工作站 {workstation_id} 已登记在分局 {ws.office_code}")
        raise AdminError(f"工作站 {workstation_id} 已登记在分局 {office}（名称：{ws.name or '未填'}），未作改动："
                         f"更换或重装的电脑沿用此编号，无需再登记；要改名称请用 "
                         f"counter-central workstations rename {workstation_id} --name 新名称")
    ws = Workstation(workstation_id=workstation_id, office_code=office, name=name[:64], registered_by=by,
                     registered_at=utcnow())
    s.add(ws)
    _audit(s, None if by == "admin" else by, "workstation.add", "workstation", workstation_id, f"登记到分局 {office}")
    s.commit()
    return _ws_row(ws)


def rename_workstation(s: Session, workstation_id: str, name: str, *, by: str | None = None) -> WorkstationRow:
    """改工作站名称 (the 编号 and its office stay); audited with the old and the new name."""
    ws = s.get(Workstation, workstation_id)
    if ws is None:
        raise AdminError(f"没有工作站 {workstation_id}")
    new = (name or "").strip()[:64]
    if not new:
        raise AdminError("名称不能为空")
    old = ws.name or ""
    if new != old:
        ws.name = new
        _audit(s, by, "workstation.rename", "workstation", workstation_id, f"名称 {old or '未填'} → {new}")
        s.commit()
    return _ws_row(ws)


def retire_workstation(s: Session, workstation_id: str, *, by: str | None = None) -> WorkstationRow:
    """停用工作站：no sign-in on it any more, and every token issued on it is revoked."""
    ws = s.get(Workstation, workstation_id)
    if ws is None:
        raise AdminError(f"没有工作站 {workstation_id}")
    if ws.retired_at is not None:     # retired already (its tokens ended then): no second record
        return _ws_row(ws)
    ws.retired_at = utcnow()
    revoke_tokens(s, workstation_id=workstation_id)
    _audit(s, by, "workstation.retire", "workstation", workstation_id, "停用，其上的登录全部注销")
    s.commit()
    return _ws_row(ws)


def list_workstations(s: Session) -> list[WorkstationRow]:
    return [_ws_row(w) for w in s.scalars(select(Workstation).order_by(Workstation.office_code, Workstation.workstation_id))]
