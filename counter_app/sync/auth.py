"""Login against the central service (登录), offline login (离线登录), logout (注销).

- Tokens live only in the OS keyring (``keyring``), never in files; a plaintext keyring backend
  is refused (:mod:`counter_app.sync.keystore`).
- After a successful online login a salted argon2 verifier of the credentials is kept in the
  store, with an HMAC over the row keyed from the keyring (a row written into the store by other
  means grants nothing); with the centre unreachable the same user may log in offline for
  ``settings.central.offline_login_days`` days after that online login. A wrong password online
  never falls back to offline; an account the centre reports disabled loses its verifier.
- ``settings.central.lockout_after`` wrong passwords in a row offline lock the account on this
  workstation for ``lockout_minutes`` (online, the centre counts and locks).
- A user enrolled in the TOTP second factor (动态验证码; supervisors and admins) gives the code
  online; the centre then sends the secret, kept in the keyring, so the code is checked offline
  too (a code is accepted once; a wrong one counts like a wrong password).
- Logout with unsynced work warns (:class:`UnsyncedWorkError`) and never discards anything; an
  offline logout deletes the local tokens and queues the server-side revocation for next time.
- A sign-in as another user than the one signed in signs that one out first, as logout does.
- A failed sign-in's audit record holds the typed name only when it is an account name
  (:meth:`AuthManager.attempted_name`): never an ID number or a password typed into the box.
- A clock more than 5 minutes off the server's is flagged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Callable

from counter_app.config import Settings
from counter_app.domain.refusals import Refusal
from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import Meta
from counter_app.storage.tables_sync import OfflineCredential
from counter_protocol import sync as p
from counter_protocol.clock import beijing_clock
from counter_app.sync.client import (INSTALL_AGENCY_CA, UNTRUSTED_CERTIFICATE, CentralClient, RequestRejected, SyncError,
                                     TransientError, UnrecognisedAnswer, UntrustedCertificate, WrongScheme)
from counter_app.sync.keystore import InsecureKeyringError, keyring_module, mac_key, mac_ok, problem, row_mac
from counter_app.sync.outbox import OutboxRepository

KEYRING_SERVICE = "counter-app"
META_CURRENT_USER = "sync.current_user"
META_LOGIN_MODE = "sync.login_mode"
# the user signed out because the centre answered that the account is disabled (their username), and
# the workstation id the centre answered is retired: with either, the workstation does no business
# in that name / on that id (cli._common.signed_in_actor, the window's status poll) until resolved
META_SIGNED_OUT_DISABLED = "sync.signed_out_disabled"
META_RETIRED_WORKSTATION = "sync.retired_workstation"
# the store was restored from a backup (when): nobody is signed in, and no business is done until an
# online sign-in (or a sync round) has brought the centre's 文号 and case-number floors
META_RESTORED = "sync.restored_at"

ACCOUNT_DISABLED = ("账号 {0} 已被中心停用，已在本工作站注销：不能再以该账号办理业务（办理的业务中心不会接收）。"
                    "请联系系统管理员；其他经办人请用自己的账号登录（counter-app login）。")
WORKSTATION_RETIRED = ("工作站 {0} 已被中心停用：本机不能再以该编号办理业务（办理的业务无法同步到中心），已注销登录。"
                       "请联系信息技术人员为本机登记新的工作站编号，改好配置（counter-app config init --interactive）后再登录。")
# one refusal for the CLI's commands and the window's business actions (kept as data: the window words it)
RESTORED_NEEDS_ONLINE = Refusal("restored_needs_online")
PENDING_REVOCATIONS = "__pending_revocations__"
# a failed sign-in's name that is no account here (AuthManager.attempted_name), and the purpose of
# the keyed digest that follows it (counter_app.storage.crypto.cipher_for)
UNKNOWN_ACCOUNT = "（未知账号）"
ATTEMPT_KEY_PURPOSE = "audit-login-name"


class LoginError(Exception):
    """Login failed; the message is for the clerk (Chinese)."""


# the centre's limits on what a login sends (counter_protocol.sync.LoginRequest), said before asking it
MAX_USERNAME = 64
MAX_PASSWORD = 256


def _text_ok(value: str) -> bool:
    """Plain text the centre can take: no NUL, and UTF-8 (a password piped in from a file in another
    encoding arrives with the undecodable bytes as lone surrogates)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def credential_problem(username: str, password: str, who: str = "") -> str | None:
    """The Chinese reason a username / password cannot be sent to the centre (too long, not text),
    or None. ``who``: whose (审批人的) for the messages."""
    if len(username) > MAX_USERNAME:
        return f"{who}用户名太长（最多 {MAX_USERNAME} 个字符），请核对"
    if len(password) > MAX_PASSWORD:
        return f"{who}密码太长（最多 {MAX_PASSWORD} 个字符），请核对"
    if not _text_ok(username):
        return f"{who}用户名含有无法识别的字符，请重新输入"
    if not _text_ok(password):
        return f"{who}密码含有无法识别的字符（不是 UTF-8 文本），请重新输入"
    return None


def audit_name(username: str) -> str:
    """The username as an audit record may hold it (the centre takes at most 64 characters of text):
    a refused overlong or undecodable name must not make the audit trail unsendable."""
    name = username.strip().replace("\x00", "")
    name = name.encode("utf-8", "replace").decode("utf-8")
    return name if len(name) <= MAX_USERNAME else name[:MAX_USERNAME - 1] + "…"


# the centre's address and the server there disagree on TLS (client.WrongScheme): why not online
LOGIN_NOT_TLS = ("中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对），不能联网登录。"
                 "请信息技术人员核对中心服务地址（counter-app config show）。")
LOGIN_TLS_ONLY = ("中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对），不能联网登录。"
                  "请信息技术人员核对中心服务地址（counter-app config show）。")


def _unrecognised_login(exc: UnrecognisedAnswer) -> str:
    return (f"中心服务的答复无法识别（HTTP {exc.status}），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，"
            "或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。")


class UnsyncedWorkError(Exception):
    """Logout / quit asked while work is not yet synced; nothing was discarded."""

    def __init__(self, unsynced: int, mine: int):
        self.unsynced = unsynced
        self.mine = mine
        super().__init__(
            f"本工作站还有 {unsynced} 条记录未同步到中心（其中您本人 {mine} 条）。"
            "注销不会删除这些记录，下次联网登录后会继续同步；确定要注销吗？"
        )


@dataclass
class LoginResult:
    mode: str                     # online | offline
    user: p.UserInfo
    clock_skew_seconds: float | None = None
    offline_days_left: int | None = None
    offline_reason: str | None = None   # why not online, when it is not the usual network fault (the certificate)
    # the same reason as data, for the window to word in its language: "untrusted_certificate" (no
    # argument), "unrecognised_answer" (the HTTP status), "not_tls" / "tls_only" (client.WrongScheme:
    # the address's https / http is not what the server there speaks); "" for the usual network fault
    offline_code: str = ""
    offline_args: tuple[str, ...] = ()
    # the office the centre holds for this account and workstation, when it is not the configured
    # [office] code (documents would be numbered and headed with the wrong office): the warning
    office_mismatch: str | None = None

    @property
    def clock_skewed(self) -> bool:
        return self.clock_skew_seconds is not None and abs(self.clock_skew_seconds) > p.CLOCK_SKEW_LIMIT_SECONDS

    @property
    def clock_message(self) -> str | None:
        skew = self.clock_skew_seconds
        if skew is None or not self.clock_skewed:
            return None
        return (f"本机时钟与中心服务相差 {abs(skew):.0f} 秒（超过 5 分钟），"
                "文书日期和同步顺序可能出错。请校准本机时间或联系信息技术人员。")


@dataclass
class LogoutResult:
    unsynced: int
    revoked_online: bool
    revocation_queued: bool


def _keyring():
    return keyring_module()


def _ts(dt: datetime | None) -> str:
    return "" if dt is None else dt.replace(tzinfo=None).isoformat(timespec="microseconds")


def _credential_fields(row: OfflineCredential) -> tuple:
    """What the offline verifier's MAC covers: everything that grants a login and who it is."""
    return ("offline-credential-v1", row.username, row.verifier, row.user_json, row.central_url,
            _ts(row.last_online_login_at), bool(row.disabled))


def office_mismatch(settings: Settings, user: p.UserInfo) -> str | None:
    """The Chinese warning when the configured ``[office] code`` is not the office the centre holds
    for ``user`` (the centre signs a user in only on a workstation of their own office, so it is the
    workstation's office too), or None."""
    configured = settings.office.code
    if not user.office_code or user.office_code == configured:
        return None
    return (f"本机配置的分局代码 {configured}（{settings.office.name}）与中心登记的不符：账号 {user.username} 和"
            f"工作站 {settings.office.workstation_id} 在中心属于分局 {user.office_code}。本机出具的文书编号和抬头会用错分局，"
            "请先不要办理业务，请信息技术人员改正配置（counter-app config init --interactive --force）后重新登录。")


class BusinessRefused(ValueError):
    """No business may be done on this workstation now (:meth:`AuthManager.require_business`);
    ``reason`` is the refusal kept as data (domain.refusals.Refusal), worded by the window."""

    def __init__(self, reason: Refusal):
        super().__init__(reason)
        self.reason = reason


class AuthManager:
    def __init__(self, store: Store, settings: Settings, *,
                 client_factory: Callable[[], CentralClient] | None = None):
        self.store = store
        self.settings = settings
        self.url = settings.central.url.rstrip("/")
        self.workstation_id = settings.office.workstation_id
        self._client_factory = client_factory or (lambda: CentralClient(self.url, timeout=settings.central.timeout_seconds))
        self._service = f"{KEYRING_SERVICE}:{self.url}"

    # ---------------------------------------------------------------- keyring

    def _get(self, key: str) -> str | None:
        return _keyring().get_password(self._service, key)

    def _set(self, key: str, value: str) -> None:
        _keyring().set_password(self._service, key, value)

    def _delete(self, key: str) -> None:
        import keyring.errors

        try:
            _keyring().delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass

    def _save_tokens(self, username: str, pair: p.TokenPair) -> None:
        self._set(f"{username}:access", pair.access_token)
        self._set(f"{username}:refresh", pair.refresh_token)

    # ---------------------------------------------------------------- state

    def _meta(self, key: str) -> str | None:
        with self.store.session() as s:
            row = s.get(Meta, key)
            return row.value if row else None

    def _set_meta(self, **values: str | None) -> None:
        with self.store.new_session() as s:
            for k, v in values.items():
                if v is None:
                    row = s.get(Meta, k)
                    if row is not None:
                        s.delete(row)
                else:
                    s.merge(Meta(key=k, value=v))
            s.commit()

    def current_user(self) -> str | None:
        return self._meta(META_CURRENT_USER)

    def stored_user(self, username: str) -> p.UserInfo | None:
        """The account as the centre described it at the last online login on this machine (its
        roles, office, approval level), or None if it never logged in online here."""
        with self.store.session() as s:
            row = s.get(OfflineCredential, username)
        return None if row is None else p.UserInfo.model_validate_json(row.user_json)

    # ---------------------------------------------------------------- login

    def login(self, username: str, password: str, totp: str = "") -> LoginResult:
        """Sign in online, or offline when the centre is unreachable; each attempt is audited."""
        try:
            result = self._login(username, password, totp)
        except LoginError as exc:
            self._audit("login.failed", self.attempted_name(username), "failed", str(exc))
            raise
        self._audit("login", audit_name(username), "ok", "联网登录" if result.mode == "online" else "离线登录")
        return result

    def attempted_name(self, username: str) -> str:
        """What a failed sign-in's audit record holds for the name that was typed (the trail goes to
        the centre and is kept 30 years; an ID number or a password typed into the username box must
        not be in it): the name when it is an account known here (signed in online on this
        workstation) or has the form of an account's name and holds no personal data; otherwise
        :data:`UNKNOWN_ACCOUNT` and a keyed digest of what was typed (HMAC-SM3, key in the keyring),
        so that repeated attempts with the same name can be told apart without revealing it."""
        import re

        from counter_app.domain.masking import mask_text

        name = audit_name(username)
        if not name:
            return ""
        with self.store.session() as s:
            known = s.get(OfflineCredential, name) is not None
        if known or (re.fullmatch(p.USERNAME_PATTERN, name) and mask_text(name) == name):
            return name
        try:
            from counter_app.storage.crypto import cipher_for

            tag = "#" + cipher_for(ATTEMPT_KEY_PURPOSE).digest("login-name:" + name)[:16]
        except Exception:   # no usable keyring: the marker alone (never the name)
            tag = ""
        return UNKNOWN_ACCOUNT + tag

    def _audit(self, action: str, username: str, result: str, detail: str = "") -> None:
        from counter_app.storage.audit import record

        record(self.store, actor=username, workstation_id=self.workstation_id, action=action,
               object_type="user", object_id=username, result=result, detail=detail)

    def _login(self, username: str, password: str, totp: str = "") -> LoginResult:
        username = username.strip()
        totp = (totp or "").strip()
        if not username or not password:
            raise LoginError("请输入用户名和密码")
        bad = credential_problem(username, password)
        if bad:
            raise LoginError(bad)
        if totp and not (len(totp) == 6 and totp.isdigit()):
            raise LoginError("动态验证码应为 6 位数字")
        why = problem()
        if why is not None:
            raise LoginError(why)
        client = self._client_factory()
        try:
            pair = client.login(username, password, self.workstation_id, totp or None)
        except UntrustedCertificate as exc:
            result = self._offline_login(username, password, totp, untrusted=str(exc))
            return replace(result, offline_code="untrusted_certificate") if str(exc) == UNTRUSTED_CERTIFICATE else result
        except WrongScheme as exc:
            result = self._offline_login(username, password, totp, wrong_scheme=exc.code)
            return replace(result, offline_code=exc.code)
        except UnrecognisedAnswer as exc:
            result = self._offline_login(username, password, totp, unrecognised=_unrecognised_login(exc))
            return replace(result, offline_code="unrecognised_answer", offline_args=(str(exc.status),))
        except TransientError:
            return self._offline_login(username, password, totp)
        except RequestRejected as exc:
            if exc.reason == "account_disabled":
                self.account_disabled(username)
            elif exc.reason == "workstation_retired":
                self.workstation_retired()
                raise LoginError(WORKSTATION_RETIRED.format(self.workstation_id)) from None
            # the centre's advice goes with its reason (未登记 → who registers the workstation, how)
            action = (exc.suggested_action or "").strip()
            raise LoginError(f"{exc.detail.rstrip('。')}。{action}" if action else exc.detail) from None
        except SyncError as exc:  # 401 wrong credentials
            raise LoginError(str(exc) or "用户名或密码不正确") from None
        finally:
            client.close()
        self._sign_out_previous(username, online=True)
        self._save_tokens(username, pair)
        if pair.totp_secret:
            self._set(f"{username}:totp", pair.totp_secret)
        elif not pair.user.totp:
            self._delete(f"{username}:totp")
        self._remember(username, password, pair.user, pair.approval_key)
        self._set_meta(**{META_CURRENT_USER: username, META_LOGIN_MODE: "online", META_SIGNED_OUT_DISABLED: None,
                          META_RETIRED_WORKSTATION: None})   # the centre took this account on this workstation
        self.flush_revocations()
        return LoginResult("online", pair.user, p.clock_skew_seconds(pair.server_time),
                           office_mismatch=office_mismatch(self.settings, pair.user))

    def _remember(self, username: str, password: str, user: p.UserInfo, approval_key: str | None = None) -> None:
        """The offline verifier, and a supervisor's approval key sealed under the password (none
        sent: none kept)."""
        from counter_app.sync.central_hash import make_verifier, seal_approval_key

        sealed = None if not approval_key else seal_approval_key(
            bytes.fromhex(approval_key), username, password, central_url=self.url, workstation_id=self.workstation_id)
        row = OfflineCredential(username=username, verifier=make_verifier(username, password),
                                user_json=user.model_dump_json(), central_url=self.url,
                                last_online_login_at=utcnow(), disabled=False, failed_logins=0, locked_until=None,
                                approval_key_sealed=sealed)
        row.mac = row_mac(mac_key(self._service, create=True), *_credential_fields(row))
        with self.store.new_session() as s:
            s.merge(row)
            s.commit()

    def account_disabled(self, username: str) -> None:
        """The centre reports the account disabled (403 ``account_disabled``, at login or during a
        sync round): its offline verifier and its tokens are deleted. The credential row stays,
        verifier wiped and flagged, so an offline login is refused with the reason instead of
        "never logged in here"; the next successful online login replaces it."""
        with self.store.new_session() as s:
            row = s.get(OfflineCredential, username)
            if row is not None:
                row.verifier = ""
                row.disabled = True
            s.commit()
        self._delete(f"{username}:access")
        self._delete(f"{username}:refresh")
        if self.current_user() == username:     # no business in that name any more on this workstation
            self._set_meta(**{META_CURRENT_USER: None, META_LOGIN_MODE: None, META_SIGNED_OUT_DISABLED: username})
            self._audit("logout", audit_name(username), "ok", "中心已停用该账号，本工作站已注销")

    def workstation_retired(self) -> None:
        """The centre answers that this workstation id is retired (403 ``workstation_retired``, at
        login or during a sync round): whoever is signed in is signed out, an offline login is
        refused and the CLI's commands refuse business (:meth:`business_refusal`) while the
        configuration keeps this id; a successful online login (the centre accepts it again) ends it."""
        user = self.current_user()
        self._set_meta(**{META_RETIRED_WORKSTATION: self.workstation_id, META_CURRENT_USER: None, META_LOGIN_MODE: None})
        if user:        # the tokens of a workstation the centre retired are of no use: none kept in the keyring
            self._delete(f"{user}:access")
            self._delete(f"{user}:refresh")
            self._audit("logout", audit_name(user), "ok", f"中心已停用工作站 {self.workstation_id}，本工作站已注销")

    def business_block(self) -> tuple[str, str] | None:
        """Why no business may be done on this workstation now, as data, or None:
        ``("workstation_retired", workstation id)`` — the centre said this workstation id is
        retired; ``("account_disabled", username)`` — the signed-in user's account is disabled (its
        credential flagged), or the centre's answer signed the last user out and nobody signed in since."""
        if self._meta(META_RETIRED_WORKSTATION) == self.workstation_id:
            return "workstation_retired", self.workstation_id
        user = self.current_user()
        if user:
            with self.store.session() as s:
                row = s.get(OfflineCredential, user)
            return ("account_disabled", user) if row is not None and row.disabled else None
        disabled = self._meta(META_SIGNED_OUT_DISABLED)
        return ("account_disabled", disabled) if disabled else None

    def business_refusal(self) -> str | None:
        """:meth:`business_block` in Chinese (the CLI's refusal), else :data:`RESTORED_NEEDS_ONLINE`
        while a restored store has not had the centre's number floors yet, or None."""
        block = self.business_block()
        if block is None:
            return self.restored_refusal()
        kind, who = block
        return (WORKSTATION_RETIRED if kind == "workstation_retired" else ACCOUNT_DISABLED).format(who)

    def restored_refusal(self) -> Refusal | None:
        """:data:`RESTORED_NEEDS_ONLINE` while this store, restored from a backup (by ``store restore``
        or the window's damaged-store dialog: :meth:`sign_out_restored`), has not had the centre's
        number floors (:meth:`floors_fetched`), else None. An offline sign-in does not end it. The
        CLI's commands (:meth:`business_refusal`) and the window's business actions
        (:meth:`require_business`, its status bar) ask this one question."""
        return RESTORED_NEEDS_ONLINE if self._meta(META_RESTORED) else None

    def require_business(self) -> None:
        """Raise :class:`BusinessRefused` (its ``reason``: :meth:`restored_refusal`) when no business
        may be done now — the window's business actions call it on their worker before they act."""
        refused = self.restored_refusal()
        if refused is not None:
            raise BusinessRefused(refused)

    def sign_out_restored(self, *also: str) -> list[str]:
        """The store was just restored from a backup: the sign-in it carries (and ``also``, whoever was
        signed in on the store it replaced) ends — tokens deleted from the keyring, the refresh token's
        revocation queued for the next online sign-in, nobody signed in — and business waits for an
        online sign-in that brings the centre's number floors (:meth:`floors_fetched`). A ``logout``
        audit record per name, in nobody's name (no one acted). Returns the names signed out. The
        keyring is best effort: a new machine may have none yet (nor any token in it)."""
        names = [n for n in dict.fromkeys([self.current_user() or "", *also]) if n]
        for name in names:
            try:
                refresh = self._get(f"{name}:refresh")
                if refresh:
                    self._queue_revocation(refresh)
                self._delete(f"{name}:access")
                self._delete(f"{name}:refresh")
            except Exception:  # no usable keyring here: no token of this store's in it either
                pass
        self._set_meta(**{META_CURRENT_USER: None, META_LOGIN_MODE: None, META_RESTORED: utcnow().isoformat()})
        from counter_app.storage.audit import record

        for name in names:
            record(self.store, actor="", workstation_id=self.workstation_id, action="logout", object_type="user",
                   object_id=audit_name(name), detail="本地数据库已从备份恢复，原登录已注销（须联网登录后再办理业务）")
        return names

    def floors_fetched(self) -> None:
        """The centre's number floors reached this store (a sign-in's pull, a sync round's): a
        restored store may do business again."""
        if self._meta(META_RESTORED):
            self._set_meta(**{META_RESTORED: None})

    def offline_days(self, row: OfflineCredential) -> int:
        """How many days after its last online login here the account may sign in (or be checked)
        offline: ``central.offline_login_days`` (7 by default) — except on a field laptop
        (``office.mode = field``), where a field-role account may for as long as the roster on the
        laptop is valid: the roster's validity (its ``valid_until`` less when it was pulled, 14
        days at the centre), while that roster has not expired. The field staff work from the
        roster offline for its whole validity (docs/field.md); the window counters keep the
        setting. Offline login switched off (0) stays off."""
        from counter_app.config import OfficeMode

        days = self.settings.central.offline_login_days
        if days <= 0 or self.settings.office.mode != OfficeMode.field:
            return days
        try:
            roles = p.UserInfo.model_validate_json(row.user_json).roles
        except ValueError:
            return days
        if "field" not in roles:
            return days
        from sqlalchemy import select

        from counter_app.storage.tables_field import FieldAssignment

        now = utcnow()
        with self.store.session() as s:
            roster = s.execute(select(FieldAssignment.pulled_at, FieldAssignment.expires_at)
                               .where(FieldAssignment.expires_at > now)
                               .order_by(FieldAssignment.expires_at.desc()).limit(1)).first()
        if roster is None:
            return days
        # whole days (pulled a moment after the centre generated it: 13 days 23:59 is its 14 days)
        valid = round((roster.expires_at - roster.pulled_at).total_seconds() / 86400)
        return max(days, valid)

    def _offline_login(self, username: str, password: str, totp: str = "", *, untrusted: str | None = None,
                       unrecognised: str | None = None, wrong_scheme: str = "") -> LoginResult:
        """``untrusted``: the centre's certificate was refused (the message for IT), not the network;
        ``unrecognised``: something answered at the centre's address, not the centre (the message);
        ``wrong_scheme``: the address's http / https is not what the server there speaks
        (client.WrongScheme's code)."""
        from counter_app.sync.central_hash import check_verifier

        with self.store.session() as s:
            row = s.get(OfflineCredential, username)
        if row is None or row.central_url != self.url:
            if untrusted:
                raise LoginError("中心服务的证书未通过本机验证，不能联网登录；该账号从未在本机联网登录过，也不能离线登录。"
                                 + INSTALL_AGENCY_CA)
            if unrecognised:
                raise LoginError(unrecognised + "该账号从未在本机联网登录过，也不能离线登录。")
            if wrong_scheme == "not_tls":
                raise LoginError(LOGIN_NOT_TLS + "该账号从未在本机联网登录过，也不能离线登录。")
            if wrong_scheme == "tls_only":
                raise LoginError(LOGIN_TLS_ONLY + "该账号从未在本机联网登录过，也不能离线登录。")
            raise LoginError("无法连接中心服务，且该账号从未在本机联网登录过，不能离线登录。请检查网络后重试。")
        if row.disabled:
            raise LoginError("该账号已被中心停用，不能离线登录。")
        if self._meta(META_RETIRED_WORKSTATION) == self.workstation_id:
            raise LoginError(WORKSTATION_RETIRED.format(self.workstation_id))
        days = self.offline_days(row)
        if days <= 0:
            raise LoginError("本机未开启离线登录。请检查网络后联网登录。")
        age = utcnow() - row.last_online_login_at
        if age > timedelta(days=days):
            raise LoginError(f"距上次联网登录已超过 {days} 天，不能再离线登录。请联网登录。")
        central = self.settings.central
        now = utcnow()
        if row.locked_until is not None and row.locked_until > now:
            raise LoginError(f"连续 {central.lockout_after} 次密码错误，账号在本机已锁定至 {beijing_clock(row.locked_until)}"
                             "（北京时间），请稍后再试或联网登录。")
        try:
            key = mac_key(self._service, create=False)
        except InsecureKeyringError as exc:
            raise LoginError(str(exc)) from None
        if not row.verifier or not mac_ok(key, row.mac, *_credential_fields(row)):
            raise LoginError("本机保存的离线登录凭据无效或已被改动，不能离线登录。请联网登录一次。")
        if not check_verifier(row.verifier, username, password):
            locked = self._offline_failure(username)
            if locked is not None:
                raise LoginError(f"连续 {central.lockout_after} 次密码错误，账号在本机已锁定至 {beijing_clock(locked)}"
                                 "（北京时间），请稍后再试或联网登录。")
            raise LoginError("用户名或密码不正确（离线登录）")
        user = p.UserInfo.model_validate_json(row.user_json)
        if user.totp:
            self._offline_second_factor(username, totp)
        self._offline_success(username)
        self._sign_out_previous(username, online=False)
        self._set_meta(**{META_CURRENT_USER: username, META_LOGIN_MODE: "offline", META_SIGNED_OUT_DISABLED: None})
        left = days - age.days  # whole days still allowed, counting today
        scheme = {"not_tls": LOGIN_NOT_TLS, "tls_only": LOGIN_TLS_ONLY}.get(wrong_scheme)
        return LoginResult("offline", user, None, max(0, left), offline_reason=untrusted or unrecognised or scheme)

    def _offline_second_factor(self, username: str, code: str) -> None:
        """The TOTP code of an enrolled user, checked with the secret the centre sent at the last
        online login (keyring); a code is accepted once; a wrong one counts as a failure."""
        import pyotp

        if not code:
            raise LoginError("请输入动态验证码（身份验证器上的 6 位数字）")
        secret = self._get(f"{username}:totp")
        if not secret:
            raise LoginError("该账号使用动态验证码，本机还没有离线验证所需的密钥。请联网登录一次。")
        totp = pyotp.TOTP(secret)
        now = datetime.now().astimezone()
        last = int(self._get(f"{username}:totp_step") or -1)
        for delta in (0, -1, 1):
            at = now + timedelta(seconds=30 * delta)
            if totp.verify(code, for_time=at) and totp.timecode(at) > last:
                self._set(f"{username}:totp_step", str(totp.timecode(at)))
                return
        locked = self._offline_failure(username)
        if locked is not None:
            raise LoginError(f"连续 {self.settings.central.lockout_after} 次验证失败，账号在本机已锁定至 {beijing_clock(locked)}"
                             "（北京时间），请稍后再试或联网登录。")
        raise LoginError("动态验证码不正确或已使用过（离线登录）")

    def _offline_failure(self, username: str) -> datetime | None:
        """Count a wrong offline password; returns the end of the lock when this one locks."""
        central = self.settings.central
        with self.store.new_session() as s:
            row = s.get(OfflineCredential, username)
            if row is None:   # no credential kept here (never remembered): nothing to count
                return None
            row.failed_logins = (row.failed_logins or 0) + 1
            locked = None
            if row.failed_logins >= central.lockout_after:
                locked = utcnow() + timedelta(minutes=central.lockout_minutes)
                row.failed_logins, row.locked_until = 0, locked
            s.commit()
        return locked

    def _offline_success(self, username: str) -> None:
        with self.store.new_session() as s:
            row = s.get(OfflineCredential, username)
            if row is not None and (row.failed_logins or row.locked_until is not None):
                row.failed_logins, row.locked_until = 0, None
                s.commit()

    # ---------------------------------------------------------------- one-request authentication

    def authenticate_once(self, username: str, password: str, totp: str = "", *, who: str = "审批人",
                          act: str = "授权", purpose: str = "现场授权") -> tuple[p.UserInfo, str, bytes | None]:
        """:meth:`_authenticate_once`, each attempt in the audit trail as a sign-in (``login`` /
        ``login.failed``, detail 单次验证 and ``purpose``). ``who`` / ``act``: how the messages name
        the person and the action (审批人 / 授权; "" / 验证 for the second staff member of a home
        visit, whose caller says who failed)."""
        try:
            user, mode, key = self._authenticate_once(username, password, totp, who=who, act=act)
        except LoginError as exc:
            self._audit("login.failed", self.attempted_name(username), "failed", f"单次验证（{purpose}）：{exc}")
            raise
        self._audit("login", audit_name(user.username), "ok",
                    f"单次验证（{purpose}）：" + ("联网验证" if mode == "online" else "离线验证"))
        return user, mode, key

    def _authenticate_once(self, username: str, password: str, totp: str = "", *, who: str = "审批人",
                           act: str = "授权") -> tuple[p.UserInfo, str, bytes | None]:
        """Authenticate another user on this screen for ONE action (现场授权): the signed-in clerk
        stays signed in and nothing of the other user's is kept but the offline verifier (and the
        TOTP secret the centre sends an enrolled user). Online the centre checks the password and
        the second factor (the token pair is revoked at once); with the centre unreachable the
        user's offline verifier, lock and TOTP as for an offline login. Returns (user, mode, approval
        key): the supervisor's key for this workstation that proves an on-site decision (from the
        centre's answer online, unsealed with the password just typed offline; None when there is
        none), held by the caller for this one action and never stored in clear."""
        from counter_app.sync.central_hash import check_verifier, open_approval_key

        username, totp = username.strip(), (totp or "").strip()
        whose, someone = (f"{who}的", who) if who else ("", "用户")
        if not username or not password:
            raise LoginError(f"请输入{whose}用户名和密码")
        bad = credential_problem(username, password, whose)
        if bad:
            raise LoginError(bad)
        client = self._client_factory()
        try:
            pair = client.login(username, password, self.workstation_id, totp or None)
        except TransientError:
            pair = None
        except RequestRejected as exc:
            raise LoginError(exc.detail) from None
        except SyncError as exc:
            raise LoginError(str(exc) or "用户名或密码不正确") from None
        if pair is not None:
            try:
                client.revoke(pair.refresh_token)
            except SyncError:
                self._queue_revocation(pair.refresh_token)
            finally:
                client.close()
            if pair.totp_secret:
                self._set(f"{username}:totp", pair.totp_secret)
            self._remember(username, password, pair.user, pair.approval_key)
            return pair.user, "online", bytes.fromhex(pair.approval_key) if pair.approval_key else None
        client.close()
        with self.store.session() as s:
            row = s.get(OfflineCredential, username)
        if row is None or row.central_url != self.url or row.disabled or not row.verifier:
            raise LoginError(f"无法连接中心服务，且该{someone}从未在本机联网登录过，不能离线{act}。")
        days = self.offline_days(row)
        if days <= 0 or utcnow() - row.last_online_login_at > timedelta(days=days):
            raise LoginError(f"该{someone}距上次联网登录时间过长，不能离线{act}。请联网后再{act}。")
        if row.locked_until is not None and row.locked_until > utcnow():
            raise LoginError(f"该{someone}在本机已锁定至 {beijing_clock(row.locked_until)}（北京时间），请稍后再试或联网{act}。")
        try:
            key = mac_key(self._service, create=False)
        except InsecureKeyringError as exc:
            raise LoginError(str(exc)) from None
        if not mac_ok(key, row.mac, *_credential_fields(row)):
            raise LoginError(f"本机保存的{whose}离线凭据无效或已被改动，不能离线{act}。")
        if not check_verifier(row.verifier, username, password):
            locked = self._offline_failure(username)
            if locked is not None:      # this attempt locks: say so now, not at the next one
                raise LoginError(f"连续 {self.settings.central.lockout_after} 次密码错误，该{someone}在本机已锁定至 "
                                 f"{beijing_clock(locked)}（北京时间），请稍后再试或联网{act}。")
            raise LoginError(f"{whose}用户名或密码不正确（离线）")
        user = p.UserInfo.model_validate_json(row.user_json)
        if user.totp:
            self._offline_second_factor(username, totp)
        self._offline_success(username)
        key = open_approval_key(row.approval_key_sealed, username, password, central_url=self.url,
                                workstation_id=self.workstation_id)
        return user, "offline", key

    # ---------------------------------------------------------------- tokens

    def tokens(self, username: str | None = None) -> "KeyringTokens":
        return KeyringTokens(self, username or self.current_user() or "")

    def refresh(self, username: str) -> bool:
        token = self._get(f"{username}:refresh")
        if not token:
            return False
        client = self._client_factory()
        try:
            pair = client.refresh(token)
        except RequestRejected as exc:
            if exc.reason == "account_disabled":
                self.account_disabled(username)
            elif exc.reason == "workstation_retired":
                self.workstation_retired()
            return False
        except SyncError:
            return False
        finally:
            client.close()
        self._save_tokens(username, pair)
        return True

    # ---------------------------------------------------------------- logout

    def logout(self, *, force: bool = False) -> LogoutResult:
        """Warn (raise :class:`UnsyncedWorkError`) unless ``force``; never discards the outbox."""
        username = self.current_user() or ""
        repo = OutboxRepository(self.store)
        unsynced = repo.unsynced_count()
        if unsynced and not force:
            raise UnsyncedWorkError(unsynced, repo.unsynced_count(actor=username))
        revoked, queued = self._end_session(username, detail=f"未同步 {unsynced} 条" if unsynced else "")
        return LogoutResult(unsynced, revoked, queued)

    def _end_session(self, username: str, *, detail: str, online: bool = True) -> tuple[bool, bool]:
        """Sign ``username`` out on this workstation (:meth:`logout`, and a sign-in by someone else):
        the refresh token revoked at the centre (``online``: tried now; otherwise, or when that
        fails, queued for the next online sign-in), both tokens deleted from the keyring, nobody
        signed in, and a ``logout`` audit record. Returns (revoked online, revocation queued)."""
        refresh = self._get(f"{username}:refresh") if username else None
        revoked = queued = False
        if refresh and online:
            client = self._client_factory()
            try:
                client.revoke(refresh)
                revoked = True
            except SyncError:
                pass
            finally:
                client.close()
        if refresh and not revoked:
            self._queue_revocation(refresh)
            queued = True
        if username:
            self._delete(f"{username}:access")
            self._delete(f"{username}:refresh")
        self._set_meta(**{META_CURRENT_USER: None, META_LOGIN_MODE: None})
        if username:
            self._audit("logout", username, "ok", detail)
        return revoked, queued

    def _sign_out_previous(self, username: str, *, online: bool) -> None:
        """A sign-in as ``username`` while someone else is signed in here: that user is signed out
        first as by :meth:`logout` (their tokens must not stay usable by whoever uses this OS
        account next); their unsynced work stays in the outbox, as on any logout."""
        previous = self.current_user()
        if not previous or previous == username:
            return
        unsynced = OutboxRepository(self.store).unsynced_count()
        detail = f"账号 {audit_name(username)} 在本工作站登录，原登录已注销" + (f"；未同步 {unsynced} 条" if unsynced else "")
        self._end_session(previous, detail=detail, online=online)

    def _queue_revocation(self, refresh_token: str) -> None:
        pending = json.loads(self._get(PENDING_REVOCATIONS) or "[]")
        pending.append(refresh_token)
        self._set(PENDING_REVOCATIONS, json.dumps(pending))

    def pending_revocations(self) -> int:
        return len(json.loads(self._get(PENDING_REVOCATIONS) or "[]"))

    def flush_revocations(self) -> int:
        """Send revocations queued by offline logouts; returns how many are still queued."""
        pending = json.loads(self._get(PENDING_REVOCATIONS) or "[]")
        if not pending:
            return 0
        left = []
        client = self._client_factory()
        try:
            for token in pending:
                try:
                    client.revoke(token)
                except SyncError:
                    left.append(token)
        finally:
            client.close()
        if left:
            self._set(PENDING_REVOCATIONS, json.dumps(left))
        else:
            self._delete(PENDING_REVOCATIONS)
        return len(left)


class KeyringTokens:
    """TokenSource for :class:`CentralClient`: access token from the keyring, refreshed on 401.

    One is made per client (a sync round, a lookup): it reads the keyring once and keeps the
    token for its requests — a round sends a request per batch, and each keyring read is a
    Secret Service exchange over D-Bus (a file parse with the test keyring). A 401 refreshes and
    reads it again; the next client reads what another process may have refreshed meanwhile."""

    def __init__(self, auth: AuthManager, username: str):
        self.auth = auth
        self.username = username
        self._access: str | None = None

    def access_token(self) -> str | None:
        if self._access is None and self.username:
            self._access = self.auth._get(f"{self.username}:access")
        return self._access

    def refresh_access_token(self) -> bool:
        self._access = None
        return bool(self.username) and self.auth.refresh(self.username)
