"""HTTP client of the central service (httpx, timeouts everywhere).

Errors are sorted for the worker: :class:`TransientError` (network, timeout, 5xx, 408, 429, and a
success status whose body is not the expected JSON — :class:`UnrecognisedAnswer`, see
:func:`parse_answer` → retry with backoff), :class:`AuthRequired` (401 → refresh or log in again), :class:`RequestRejected`
(other 4xx → permanent, with the server's reason and suggested action).

TLS: the centre's certificate is checked against the operating system's trust store (Debian/UOS:
``/etc/ssl/certs`` as ``update-ca-certificates`` builds it; Windows: the machine's Trusted Root
store, where group policy puts the agency's CA), never skipped. The store is loaded once per
process (:func:`trust_store`) and shared by every client: loading it parses every CA certificate,
~50 ms of CPU, which each client paid before — once per sync round in the sync agent, once per
record lookup in the window.
"""

from __future__ import annotations

import functools
import json
import logging
import socket
import ssl
from typing import Literal, Protocol, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from counter_protocol import registry as reg
from counter_protocol import sync as p

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class SyncError(Exception):
    """Base of sync errors; ``str()`` is a Chinese message for the clerk."""


class TransientError(SyncError):
    """Try again later; ``retry_after`` is the server's ``Retry-After`` in seconds (503 / 429 from
    a centre under more load than it takes), None when it named none."""

    def __init__(self, message: str, retry_after: float | None = None, *, cause: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        # what went wrong without the sync's promise ("稍后会自动重试"): for a command that is not
        # retried by itself (approvals decide, essc verify), which states its own consequence
        self.cause = cause or message


def retry_after_seconds(value: str | None, cap: float = 3600.0) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date), capped; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime
        from datetime import datetime, timezone

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), cap)


class AuthRequired(SyncError):
    pass


INSTALL_AGENCY_CA = "请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。"   # what fixes a refused certificate
UNTRUSTED_CERTIFICATE_CAUSE = "中心服务的证书未通过本机验证（证书不受信任、已过期或与地址不符）。" + INSTALL_AGENCY_CA
UNTRUSTED_CERTIFICATE = UNTRUSTED_CERTIFICATE_CAUSE + "业务已保存在本机，证书问题解决后会自动同步。"


class UntrustedCertificate(TransientError):
    """The centre answered, but its certificate did not verify against this machine's trust
    store: not a network fault, and not fixed by waiting — IT must install the agency's CA (or
    the centre renew its certificate). Retried like any transient error; the work waits."""

    def __init__(self, message: str = UNTRUSTED_CERTIFICATE):
        super().__init__(message, cause=UNTRUSTED_CERTIFICATE_CAUSE if message == UNTRUSTED_CERTIFICATE else message)


@functools.cache
def trust_store() -> ssl.SSLContext:
    """The system's CA certificates, loaded once for this process (thread-safe to share: a
    context is only read once configured). OpenSSL's ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` name
    another bundle, as for any OpenSSL program. ``trust_store.cache_clear()`` reloads it."""
    return ssl.create_default_context(ssl.Purpose.SERVER_AUTH)


def _certificate_refused(exc: BaseException) -> bool:
    """True when a connection failed because the centre's certificate did not verify."""
    return any(isinstance(cause, ssl.SSLCertVerificationError) for cause in _chain(exc))


CHECK_CENTRAL_URL = "请信息技术人员核对中心服务地址（counter-app config show）。"
# the centre's address and what answers there disagree on TLS (WrongScheme.code): not a network fault
NOT_TLS_CAUSE = "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）。" + CHECK_CENTRAL_URL
TLS_ONLY_CAUSE = "中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对）。" + CHECK_CENTRAL_URL
ADDRESS_MENDED = "业务已保存在本机，地址改正后会自动同步。"
NOT_TLS = NOT_TLS_CAUSE + ADDRESS_MENDED
TLS_ONLY = TLS_ONLY_CAUSE + ADDRESS_MENDED


class WrongScheme(TransientError):
    """The centre's address says https and a plain-http server answered there (``code``
    ``"not_tls"``), or it says http and the server there speaks only TLS (``"tls_only"``): the
    configured URL is wrong, not the network. Retried like any transient error (the work waits);
    waiting does not mend it."""

    def __init__(self, code: Literal["not_tls", "tls_only"]):
        cause = NOT_TLS_CAUSE if code == "not_tls" else TLS_ONLY_CAUSE
        super().__init__(cause + ADDRESS_MENDED, cause=cause)
        self.code = code


# OpenSSL's reasons for a first answer that is no TLS record (a plain-http server's "HTTP/1.1 400")
_NOT_TLS_REASONS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG",
                              "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "UNEXPECTED_RECORD", "BAD_RECORD_TYPE"})
# nginx's answer to plain http on its TLS port (its 400 page)
_NGINX_TLS_ONLY = b"plain HTTP request was sent to HTTPS port"


def _chain(exc: BaseException):
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10:
        yield cause
        cause, seen = cause.__cause__ or cause.__context__, seen + 1


def _answers_plain_http(host: str, port: int, timeout: float) -> bool:
    """A plain HTTP request to ``host:port`` gets an HTTP answer (the server there is no TLS server)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"HEAD / HTTP/1.0\r\nHost: " + host.encode("ascii", "replace") + b"\r\n\r\n")
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def _speaks_tls(host: str, port: int, timeout: float) -> bool:
    """A TLS handshake with ``host:port`` gets a TLS answer (its certificate is not checked here:
    only whether the server speaks TLS at all)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock, \
                context.wrap_socket(sock, server_hostname=host):
            return True
    except ssl.SSLError as exc:        # a TLS alert is a TLS answer too (a version or client certificate refused)
        return "ALERT" in str(getattr(exc, "reason", "") or "")
    except (OSError, ValueError):
        return False


def _not_tls(exc: BaseException, host: str, port: int, timeout: float) -> bool:
    """An https connection failed because the server there answered without TLS: OpenSSL read a
    plain-text answer; or the server closed the handshake and answers plain HTTP when asked."""
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return False
        if isinstance(cause, ssl.SSLError):
            if getattr(cause, "reason", None) in _NOT_TLS_REASONS:
                return True
            return _answers_plain_http(host, port, timeout)
        if isinstance(cause, (ConnectionResetError, ConnectionAbortedError, EOFError)):
            return _answers_plain_http(host, port, timeout)
    return False


UNRECOGNISED_ANSWER_CAUSE = ("中心服务的答复无法识别（HTTP {status}）：中心服务地址可能指向了别的网站或代理的登录页，"
                             "或中心服务的版本与本机不符。")
UNRECOGNISED_ANSWER = UNRECOGNISED_ANSWER_CAUSE + "业务已保存在本机，稍后会自动重试；一直如此时请信息技术人员核对中心服务地址。"


class UnrecognisedAnswer(TransientError):
    """The centre (or whatever answers at its address: a proxy's login page, another web site, a
    centre of another version) answered with a success status but not with the JSON this request
    expects. Transient like a network fault: the work waits and is sent again; the message names
    the HTTP status, never the answer's content (it could hold personal data)."""

    def __init__(self, status: int):
        super().__init__(UNRECOGNISED_ANSWER.format(status=status),
                         cause=UNRECOGNISED_ANSWER_CAUSE.format(status=status) + "一直如此时请信息技术人员核对中心服务地址。")
        self.status = status


def parse_answer(resp: httpx.Response, model: type[M]) -> M:
    """The answer's body as ``model``; :class:`UnrecognisedAnswer` when it is not that model's JSON
    (HTML, other JSON, bad UTF-8). Logs the request, the status, the content type, the size and
    pydantic's error kinds — not the body, nor the values pydantic quotes from it.

    A field the model does not know, at any depth, is ignored (``extra="ignore"`` overrides the
    models' ``extra="forbid"`` for this one validation): the centre is upgraded before the
    workstations and a newer centre only ever ADDS fields to its answers, so a workstation not yet
    upgraded must still understand it (docs/sync.md, "Compatibility"). The centre stays strict
    about what it receives."""
    try:
        return model.model_validate_json(resp.content, extra="ignore")
    except ValueError as exc:     # pydantic's ValidationError, a UnicodeDecodeError, a JSONDecodeError
        kinds = sorted({e["type"] for e in exc.errors()}) if isinstance(exc, ValidationError) else [type(exc).__name__]
        log.warning("centre answer not understood: %s %s -> HTTP %s, %s, %d bytes, expected %s (%s)",
                    resp.request.method, resp.request.url.path, resp.status_code,
                    resp.headers.get("content-type", "-"), len(resp.content), model.__name__, ", ".join(kinds[:5]))
        raise UnrecognisedAnswer(resp.status_code) from None


class RequestRejected(SyncError, p.Refusal):
    """The centre refused the request: its status and ErrorBody fields (counter_protocol.sync.Refusal)."""


class TokenSource(Protocol):
    def access_token(self) -> str | None: ...

    def refresh_access_token(self) -> bool: ...


class StaticToken:
    """A fixed bearer token (CLI scripts, benchmarks, tests)."""

    def __init__(self, token: str | None):
        self.token = token

    def access_token(self) -> str | None:
        return self.token

    def refresh_access_token(self) -> bool:
        return False


def _error_from(resp: httpx.Response) -> SyncError:
    status = resp.status_code
    detail, reason, action = f"中心服务返回 {status}", None, None
    try:
        body = resp.json()
        if isinstance(body, dict):
            d = body.get("detail")
            if isinstance(d, str):
                detail = d
            elif d is not None:
                detail = f"请求格式不正确：{d}"[:500]
            reason = body.get("reason") if isinstance(body.get("reason"), str) else None
            action = body.get("suggested_action") if isinstance(body.get("suggested_action"), str) else None
    except ValueError:
        pass
    if status >= 500 or status in (408, 425, 429):
        return TransientError(f"中心服务暂时不可用（{status}）：{detail}",
                              retry_after_seconds(resp.headers.get("retry-after")))
    if status == 401:
        return AuthRequired(detail)
    return RequestRejected(status, detail, reason, action)


class CentralClient:
    def __init__(self, base_url: str, *, timeout: float = 10.0, tokens: TokenSource | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens or StaticToken(None)
        # httpx builds its transport's TLS context even for an http:// centre (a redirect could
        # lead to https): the shared one. A transport of the caller's (tests) brings its own.
        verify = trust_store() if transport is None else True
        self._http = httpx.Client(base_url=self.base_url + p.API_PREFIX, timeout=httpx.Timeout(timeout),
                                  transport=transport, trust_env=False, verify=verify)
        url = httpx.URL(self.base_url)
        # where the centre is said to be, for telling a wrong scheme from a network fault (WrongScheme)
        self._scheme, self._host = url.scheme, url.host
        self._port = url.port or (443 if url.scheme == "https" else 80)
        self._probe_timeout = min(timeout, 3.0)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "CentralClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _request(self, method: str, path: str, *, auth: bool = True, retry_auth: bool = True, **kw) -> httpx.Response:
        headers = kw.pop("headers", {})
        if auth:
            token = self.tokens.access_token()
            if not token:
                raise AuthRequired("未登录中心服务")
            headers["Authorization"] = f"Bearer {token}"
        try:
            resp = self._http.request(method, path, headers=headers, **kw)
        except httpx.TimeoutException as exc:     # the detail stays in __cause__ (the log), not the message
            raise TransientError("连接中心服务超时：中心没有及时响应，稍后会自动重试。",
                                 cause="连接中心服务超时：中心没有及时响应。") from exc
        except httpx.ConnectError as exc:
            if _certificate_refused(exc):
                raise UntrustedCertificate() from exc
            if self._scheme == "https" and _not_tls(exc, self._host, self._port, self._probe_timeout):
                raise WrongScheme("not_tls") from exc
            raise TransientError("无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。",
                                 cause="无法连接中心服务：中心服务未运行或网络不通。") from exc
        except httpx.TransportError as exc:
            # plain http to a TLS port: the server drops the request (or answers a TLS alert)
            if self._scheme == "http" and isinstance(exc, (httpx.ReadError, httpx.RemoteProtocolError)) \
                    and _speaks_tls(self._host, self._port, self._probe_timeout):
                raise WrongScheme("tls_only") from exc
            raise TransientError("与中心服务的连接中断，稍后会自动重试。", cause="与中心服务的连接中断。") from exc
        if resp.status_code == 401 and auth and retry_auth and self.tokens.refresh_access_token():
            return self._request(method, path, auth=auth, retry_auth=False, headers=headers, **kw)
        if resp.status_code == 400 and self._scheme == "http" and _NGINX_TLS_ONLY in resp.content[:2000]:
            raise WrongScheme("tls_only")
        if resp.status_code >= 400:
            raise _error_from(resp)
        return resp

    # -------------------------------------------------------------- endpoints

    def health(self) -> p.Health:
        """The centre's health; a centre that answers but cannot reach its database (``degraded``)
        is :class:`TransientError` 中心服务暂时不可用, like its 503s: not "online" (sync status, doctor,
        the sync round's clock check, the first-run wizard's connection test)."""
        health = parse_answer(self._request("GET", "/health", auth=False), p.Health)
        if health.status != "ok":
            raise TransientError(f"中心服务暂时不可用：中心数据库无法连接（{health.database}），业务已保存在本机，稍后会自动重试。",
                                 cause="中心服务暂时不可用：中心数据库无法连接。")
        return health

    def login(self, username: str, password: str, workstation_id: str, totp: str | None = None) -> p.TokenPair:
        body = p.LoginRequest(username=username, password=password, workstation_id=workstation_id, totp=totp or None)
        return parse_answer(
            self._request("POST", "/auth/login", auth=False, json=body.model_dump(exclude_none=True)), p.TokenPair)

    def refresh(self, refresh_token: str) -> p.TokenPair:
        body = p.RefreshRequest(refresh_token=refresh_token).model_dump()
        return parse_answer(self._request("POST", "/auth/refresh", auth=False, json=body), p.TokenPair)

    def revoke(self, refresh_token: str) -> None:
        self._request("POST", "/auth/revoke", auth=False, json=p.RevokeRequest(refresh_token=refresh_token).model_dump())

    def register_workstation(self, req: p.WorkstationRegistration) -> p.WorkstationInfo:
        return parse_answer(
            self._request("POST", "/auth/workstations", auth=False, json=req.model_dump()), p.WorkstationInfo)

    def push(self, req: p.PushRequest) -> p.PushResponse:
        resp = self._request("POST", "/sync/push", content=req.model_dump_json(),
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.PushResponse)

    def push_entries(self, workstation_id: str, entries: list[str]) -> p.PushResponse:
        """Push already-serialised ``OutboxItem`` JSON objects (as the outbox claims them) without
        building a model per entry; the request is exactly a ``PushRequest``."""
        body = '{"workstation_id":%s,"entries":[%s]}' % (json.dumps(workstation_id), ",".join(entries))
        resp = self._request("POST", "/sync/push", content=body.encode("utf-8"),
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.PushResponse)

    def summary(self) -> p.SyncSummary:
        return parse_answer(self._request("GET", "/sync/summary"), p.SyncSummary)

    def missing(self, ids: list[str]) -> list[str]:
        body = p.MissingRequest(ids=ids).model_dump_json()
        resp = self._request("POST", "/sync/missing", content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.MissingResponse).missing

    def pull(self, since: int, limit: int = 500) -> p.PullResponse:
        resp = self._request("GET", "/sync/pull", params={"since": since, "limit": limit})
        return parse_answer(resp, p.PullResponse)

    def reference_index(self) -> p.ReferenceIndex:
        return parse_answer(self._request("GET", "/reference"), p.ReferenceIndex)

    def reference(self, name: str, version: str | None = None) -> p.ReferenceDocument:
        params = {"version": version} if version else None
        return parse_answer(self._request("GET", f"/reference/{name}", params=params), p.ReferenceDocument)

    def post_case_update(self, upd: p.CaseUpdate) -> p.Change:
        return parse_answer(
            self._request("POST", "/cases/updates", content=upd.model_dump_json(),
                          headers={"Content-Type": "application/json"}), p.Change)

    def approvals(self, state: str | None = None):
        from counter_protocol import approvals as ap

        params = {"state": state} if state else {}
        return parse_answer(self._request("GET", ap.PATH, params=params), ap.ApprovalList)

    def decide_approval(self, request_id: str, decision: Literal["approved", "rejected"], reason: str):
        from counter_protocol import approvals as ap

        body = ap.DecisionRequest(decision=decision, reason=reason).model_dump(mode="json")
        resp = self._request("POST", f"{ap.PATH}/{request_id}/decision", json=body)
        return parse_answer(resp, ap.ApprovalRequest)

    def reviews(self, state: str | None = None):
        from counter_protocol import reviews as rv

        params = {"state": state} if state else {}
        return parse_answer(self._request("GET", rv.PATH, params=params), rv.ReviewList)

    def add_review(self, item):
        from counter_protocol import reviews as rv

        return parse_answer(self._request("POST", rv.PATH, json=item.model_dump(mode="json")), rv.ReviewItem)

    def propose_review(self, item_id: str, outcome: Literal["passed", "supplement", "not_accepted"], reason: str):
        from counter_protocol import reviews as rv

        body = rv.ReviewProposal(outcome=outcome, reason=reason).model_dump(mode="json")
        return parse_answer(self._request("POST", f"{rv.PATH}/{item_id}/proposal", json=body), rv.ReviewItem)

    def decide_review(self, item_id: str, decision: Literal["approved", "rejected"], reason: str):
        from counter_protocol import reviews as rv

        body = rv.ReviewDecision(decision=decision, reason=reason).model_dump(mode="json")
        return parse_answer(self._request("POST", f"{rv.PATH}/{item_id}/decision", json=body), rv.ReviewItem)

    def office_dashboard(self, office: str, day: str | None = None):
        """The centre's aggregates of the office's day (supervisors and auditors of that office)."""
        from counter_protocol import dashboard as dash

        params = {"day": day} if day else {}
        return parse_answer(self._request("GET", dash.PATH.format(office=office), params=params), dash.OfficeDashboard)

    def publish_reference(self, doc: p.PublishReference) -> p.ReferenceDocument:
        return parse_answer(
            self._request("POST", "/reference", content=doc.model_dump_json(),
                          headers={"Content-Type": "application/json"}), p.ReferenceDocument)

    def essc_verify(self, code: str):
        """电子社保卡 QR code → the centre's EsscVerification (counter_protocol.essc)."""
        from counter_protocol import essc

        body = essc.EsscVerifyRequest(code=code).model_dump_json()
        resp = self._request("POST", essc.VERIFY_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, essc.EsscVerification)

    # -------------------------------------------------------------- audit trail (审计记录)

    def push_audit(self, records: list[dict], epoch: str | None = None):
        """The next audit records of this workstation (of its chain ``epoch`` after a fork); the
        centre's new anchor (counter_protocol.audit)."""
        from counter_protocol import audit

        batch = {"records": records} if epoch is None else {"records": records, "epoch": epoch}
        body = audit.AuditBatch.model_validate(batch).model_dump_json(exclude_none=True)
        resp = self._request("POST", audit.AUDIT_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, audit.AuditAnchor)

    def audit_anchor(self, epoch: str | None = None):
        from counter_protocol import audit

        params = {"epoch": epoch} if epoch else None
        return parse_answer(self._request("GET", audit.ANCHOR_PATH, params=params), audit.AuditAnchor)

    # -------------------------------------------------------------- archive packages (档案包)

    def offer_archive(self, offer):
        """Offer one archive package version; the centre's state of it (counter_protocol.archive)."""
        from counter_protocol import archive

        resp = self._request("POST", archive.PACKAGES_PATH, content=offer.model_dump_json(),
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, archive.PackageState)

    def send_archive_chunk(self, chunk):
        from counter_protocol import archive

        resp = self._request("POST", archive.PARTS_PATH, content=chunk.model_dump_json(),
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, archive.PartState)

    # -------------------------------------------------------------- registry (参保档案)

    def lookup_person(self, id_number: str) -> reg.RegistryAnswer:
        """The person's record; the ID number goes in the POST body, never in the URL."""
        body = reg.PersonLookup(id_number=id_number).model_dump_json()
        resp = self._request("POST", reg.PERSON_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, reg.RegistryAnswer)

    def certification_reminders(self, days: int | None = None):
        """资格认证即将到期的本分局退休人员（masked, read-only; supervisors)."""
        from counter_protocol import certification_sync as cs

        params = {"days": days} if days is not None else None
        resp = self._request("GET", cs.REMINDERS_PATH, params=params)
        return parse_answer(resp, cs.ReminderList)

    def lookup_unit(self, uscc: str) -> reg.RegistryAnswer:
        body = reg.UnitLookup(uscc=uscc).model_dump_json()
        resp = self._request("POST", reg.UNIT_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, reg.RegistryAnswer)

    # -------------------------------------------------------------- field work (上门认证)

    def field_roster(self, laptop_key: str, days: int | None = None):
        """The signed-in field worker's office roster; registers this laptop's public key."""
        from counter_protocol import field as fp

        body = fp.RosterRequest(laptop_key=laptop_key, days=days).model_dump_json()
        resp = self._request("POST", fp.ROSTER_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, fp.Roster)

    def field_request(self, id_number: str, reason: str = ""):
        """Request a home visit (上门认证申请) for a person who cannot come (clerk / supervisor)."""
        from counter_protocol import field as fp

        body = fp.VisitRequestIn(id_number=id_number, reason=reason).model_dump_json()
        resp = self._request("POST", fp.REQUESTS_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, fp.VisitRequest)
