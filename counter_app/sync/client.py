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

What answers is untrusted (docs/sync.md, "An answer the counter cannot trust"): every request has
an overall deadline besides httpx's ``timeout`` (which bounds only the wait for each next read:
an answer trickling one byte a second never trips it) and a cap on the bytes of its answer, both
by the kind of request (:class:`Budget`); the body is read as a stream and refused once past the
cap. Text the centre writes (an error's ``detail``) is shown only after
:func:`counter_protocol.free_text.shown` (no terminal escapes, no bidi overrides, bounded).
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import socket
import ssl
import time
import zlib
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

import httpcore
import httpx
from pydantic import BaseModel, ValidationError

from counter_protocol import registry as reg
from counter_protocol import sync as p
from counter_protocol.free_text import shown

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
                detail = f"请求格式不正确：{str(d)[:DETAIL_MAX_CHARS * 2]}"
            reason = body.get("reason") if isinstance(body.get("reason"), str) else None
            action = body.get("suggested_action") if isinstance(body.get("suggested_action"), str) else None
    except ValueError:
        pass
    # the centre's words are shown on a terminal and stored: no escapes, no bidi overrides, bounded
    detail = shown(detail, DETAIL_MAX_CHARS) or f"中心服务返回 {status}"
    reason = shown(reason, REASON_MAX_CHARS) or None if reason is not None else None
    action = shown(action, DETAIL_MAX_CHARS) or None if action is not None else None
    if status >= 500 or status in (408, 425, 429):
        return TransientError(f"中心服务暂时不可用（{status}）：{detail}",
                              retry_after_seconds(resp.headers.get("retry-after")))
    if status == 401:
        return AuthRequired(detail)
    return RequestRejected(status, detail, reason, action)


# ---------------------------------------------------------------- what one request may take

MiB = 1024 * 1024
DETAIL_MAX_CHARS = 500       # the centre's error ``detail`` / ``suggested_action`` as shown and stored
REASON_MAX_CHARS = 64        # its ``reason`` (a code such as ``account_disabled``)
ERROR_BODY_MAX_BYTES = 64 * 1024   # an error answer (4xx/5xx) read at most this far; past it, no detail is read


class Budget(NamedTuple):
    """How long one request may take in all, as a multiple of the client's ``timeout`` (the
    longest wait for each next read, ``[central] timeout_seconds``), and how many bytes its answer
    may have (after any ``Content-Encoding`` is undone). Past the deadline the request fails like
    a timeout (连接中心服务超时); past the cap like an answer not understood (中心服务的答复无法识别)."""

    deadline_factor: float
    max_bytes: int


# A small answer (health, login, summary, a look-up, a decision, an audit anchor, a reference
# document…): 3 × timeout — 30 s at the default 10 s, 9 s for ``sync status``'s 3 s, 15 s for
# doctor's and the registry look-up's 5 s — and 8 MiB: four times the centre's default request
# limit (2 MB, counter_central/limits.py), which bounds anything a user can publish or post to it.
SMALL = Budget(3, 8 * MiB)
# A push of up to MAX_BATCH entries (up to ~2 MB going out, the centre applying a thousand
# entries) or an archive chunk (1 MiB as base64): 12 × timeout, 120 s at the default. Its answer
# is MAX_BATCH results, each an id, two words and a reason and suggested action of a sentence or
# two: 8 KiB a result is generous.
BULK = Budget(12, p.MAX_BATCH * 8 * 1024)
# A field roster: no count is fixed by the protocol; an office's pensioners due within the window
# (roster_window_days ≤ 366), each with a registry photo and a fingerprint template (≤ ~40 KiB as
# base64): 64 MiB is some 1,600 entries with both, far more without.
ROSTER = Budget(12, 64 * MiB)
# A pull page: ``limit`` changes, each a payload of at most MAX_PAYLOAD_BYTES (the centre's
# check on every change it is given) and its envelope (cursor, kind, ids, time), plus the
# page's own fields and number_floors.
CHANGE_ENVELOPE_BYTES = 1024
PAGE_OVERHEAD_BYTES = 1 * MiB


def pull_budget(limit: int) -> Budget:
    """The budget of a pull page of ``limit`` changes (see above): at the worker's 500, ~129 MB."""
    return Budget(12, max(1, limit) * (p.MAX_PAYLOAD_BYTES + CHANGE_ENVELOPE_BYTES) + PAGE_OVERHEAD_BYTES)


# the monotonic time by which the request now under way must be done (the calling thread's)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("central_request_deadline", default=None)
_WRITE_SLICE = 64 * 1024


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """``timeout`` (httpx's, for one socket operation) shortened to what is left of the request's
    deadline; ``expired`` when nothing is."""
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise expired("the request's overall deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake waits at most until the deadline of
    the request under way: a centre trickling its status line, headers or body, or reading the
    request a byte at a time, cannot hold the client past it."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)   # in slices: each socket send is bounded, not only the first
        for start in range(0, len(view), _WRITE_SLICE) or [0]:
            self._inner.write(bytes(view[start:start + _WRITE_SLICE]), _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(host, port, _left(timeout, httpcore.ConnectTimeout),
                                                       local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout, httpcore.ConnectTimeout),
                                                               socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose sockets keep the request's deadline
    (httpx has no overall timeout; httpcore takes a network backend, httpx does not pass one)."""

    def __init__(self, ssl_context: ssl.SSLContext):
        super().__init__(verify=ssl_context, trust_env=False)
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            http1=True, http2=False, network_backend=_DeadlineBackend())


# what the client accepts packed (the default, asked for explicitly: httpx would also offer br and
# zstd when their packages happen to be installed); unpacked here, a bounded piece at a time —
# httpx's decoders unpack a chunk whole, and 64 KiB of gzip unpacks to 64 MiB
ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class _Body:
    """An answer's body as it arrives, unpacked and counted against ``cap``; ``over`` once past it,
    ``refused`` for packing it does not hold to (or that was not offered)."""

    def __init__(self, cap: int, encoding: str):
        self.cap, self.size, self.chunks = cap, 0, []   # type: ignore[var-annotated]
        self.over = self.refused = False
        codings = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        self.unpacker = None
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            self.refused = True
        elif codings:
            self.unpacker = zlib.decompressobj(_WBITS[codings[0]])

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.cap:
            self.over = True
        else:
            self.chunks.append(piece)

    def feed(self, raw: bytes) -> None:
        if self.unpacker is None:
            self._keep(raw)
            return
        try:
            while raw and not self.over:
                self._keep(self.unpacker.decompress(raw, self.cap - self.size + 1))
                raw = self.unpacker.unconsumed_tail
        except zlib.error:
            self.refused = True

    def finish(self) -> None:
        if self.unpacker is not None and not (self.over or self.refused):
            try:
                self._keep(self.unpacker.flush())
            except zlib.error:
                self.refused = True


class CentralClient:
    def __init__(self, base_url: str, *, timeout: float = 10.0, tokens: TokenSource | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens or StaticToken(None)
        # httpx builds its transport's TLS context even for an http:// centre (a redirect could
        # lead to https): the shared one. A transport of the caller's (tests) brings its own.
        verify = trust_store() if transport is None else True
        self.timeout = timeout
        if transport is None:    # sockets that keep each request's overall deadline (Budget)
            transport = _DeadlineTransport(trust_store())
        self._http = httpx.Client(base_url=self.base_url + p.API_PREFIX, timeout=httpx.Timeout(timeout),
                                  transport=transport, trust_env=False, verify=verify,
                                  # which build and protocol asks: the centre keeps it per workstation (IT sees who is behind)
                                  headers={"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": p.client_agent()})
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

    def _exchange(self, method: str, path: str, headers: dict, budget: Budget, **kw) -> httpx.Response:
        """Send the request and read its answer as a stream, all before the deadline
        (``budget.deadline_factor`` × timeout: the sockets keep it, and it is checked between
        chunks too, for a transport of the caller's) and at most ``budget.max_bytes`` of it as
        unpacked (an error answer: ERROR_BODY_MAX_BYTES; past that, its body is not read). httpx's
        exceptions go to the caller; an answer past its cap, or packed in a way it does not hold to
        or that was not asked for, is :class:`UnrecognisedAnswer`."""
        seconds = budget.deadline_factor * self.timeout
        end = time.monotonic() + seconds
        token = _deadline.set(end)
        try:
            request = self._http.build_request(method, path, headers=headers, **kw)
            resp = self._http.send(request, stream=True)
            try:
                cap = budget.max_bytes if resp.status_code < 400 else ERROR_BODY_MAX_BYTES
                declared = resp.headers.get("content-length", "").strip()
                # a transport of the caller's (a test's ASGI centre) may hand over an answer read and unpacked already
                read_already = resp.is_stream_consumed
                body = _Body(cap, "" if read_already else resp.headers.get("content-encoding", ""))
                if declared.isdigit() and body.unpacker is None and int(declared) > cap:
                    body.over = True    # said so at once: not a byte read
                for raw in (() if body.over or body.refused else [resp.content] if read_already else resp.iter_raw()):
                    body.feed(raw)
                    if body.over or body.refused:
                        break
                    if time.monotonic() > end:
                        raise httpx.ReadTimeout(f"no whole answer within {seconds:g} s", request=request)
                else:
                    body.finish()
            finally:
                resp.close()
        finally:
            _deadline.reset(token)
        if body.refused or body.over:
            log.warning("centre answer %s: %s %s -> HTTP %s, %s, %s, cap %d bytes (declared %s): not read further",
                        "not unpackable" if body.refused else "too large", method, request.url.path,
                        resp.status_code, resp.headers.get("content-type", "-"),
                        resp.headers.get("content-encoding", "-"), cap, declared or "-")
            if resp.status_code < 400:
                raise UnrecognisedAnswer(resp.status_code)
            body.chunks = []   # an error whose body cannot be read: its status alone says what it is
        # the body as read (unpacked), under the answer's status and headers less those of the wire
        kept = [(k, v) for k, v in resp.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
        return httpx.Response(resp.status_code, headers=kept, content=b"".join(body.chunks), request=request,
                              extensions={"http_version": resp.extensions.get("http_version", b"HTTP/1.1")})

    def _request(self, method: str, path: str, *, auth: bool = True, retry_auth: bool = True,
                 budget: Budget = SMALL, **kw) -> httpx.Response:
        """The centre's answer, read whole within ``budget`` (deadline and size, :class:`Budget`)."""
        headers = kw.pop("headers", {})
        if auth:
            token = self.tokens.access_token()
            if not token:
                raise AuthRequired("未登录中心服务")
            headers["Authorization"] = f"Bearer {token}"
        try:
            resp = self._exchange(method, path, headers, budget, **kw)
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
            return self._request(method, path, auth=auth, retry_auth=False, budget=budget, headers=headers, **kw)
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
        resp = self._request("POST", "/sync/push", content=req.model_dump_json(), budget=BULK,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.PushResponse)

    def push_entries(self, workstation_id: str, entries: list[str]) -> p.PushResponse:
        """Push already-serialised ``OutboxItem`` JSON objects (as the outbox claims them) without
        building a model per entry; the request is exactly a ``PushRequest``."""
        body = '{"workstation_id":%s,"entries":[%s]}' % (json.dumps(workstation_id), ",".join(entries))
        resp = self._request("POST", "/sync/push", content=body.encode("utf-8"), budget=BULK,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.PushResponse)

    def summary(self) -> p.SyncSummary:
        return parse_answer(self._request("GET", "/sync/summary"), p.SyncSummary)

    def missing(self, ids: list[str]) -> p.MissingResponse:
        """Which of ``ids`` the centre does not hold (``missing``: to be sent again) and which it
        holds only set aside (``set_aside``: their content goes to :meth:`restore`, never pushed
        again). An older centre answers no ``set_aside``."""
        body = p.MissingRequest(ids=ids).model_dump_json()
        resp = self._request("POST", "/sync/missing", content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.MissingResponse)

    def restore(self, req: p.RestoreRequest) -> p.RestoreResponse:
        """Send the content of entries the centre set aside (``POST /sync/restore``)."""
        resp = self._request("POST", "/sync/restore", content=req.model_dump_json(), budget=BULK,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, p.RestoreResponse)

    def pull(self, since: int, limit: int = 500) -> p.PullResponse:
        resp = self._request("GET", "/sync/pull", params={"since": since, "limit": limit}, budget=pull_budget(limit))
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

    def office_evaluation(self, office: str, start: str, end: str, by: str = "service"):
        """The office's 定期服务质量评价 of the Beijing days ``start``–``end`` (ISO dates, both included)
        per ``by`` (service / clerk / office), as the centre computes it (supervisors and auditors of that office)."""
        from counter_protocol import evaluation as ev

        return parse_answer(self._request("GET", ev.PATH.format(office=office),
                                          params={"from": start, "to": end, "by": by}), ev.EvaluationReport)

    def office_complaints(self, office: str):
        """The office's 差评工单 the centre holds (supervisors and auditors of that office)."""
        from counter_protocol import complaints as proto

        return parse_answer(self._request("GET", proto.PATH.format(office=office)), proto.TicketList)

    def centre_audit_records(self, *, workstation: str = "", day: str = "", action: str = "", limit: int = 100) -> list:
        """The office's workstation audit records the centre holds (the 审计 role only; the read is audited there)."""
        from pydantic import RootModel

        from counter_protocol import audit as proto

        params: dict[str, str | int] = {k: v for k, v in (("workstation", workstation), ("day", day), ("action", action)) if v}
        params["limit"] = limit
        return parse_answer(self._request("GET", proto.AUDIT_PATH, params=params),
                            RootModel[list[proto.StoredRecord]]).root

    def centre_registry_reads(self, *, user: str = "", limit: int = 100) -> list:
        """The office's 参保档案 reads the centre recorded (subjects masked; the 审计 role only)."""
        from pydantic import RootModel

        from counter_protocol import audit as proto

        params: dict[str, str | int] = {"limit": limit, **({"user": user} if user else {})}
        return parse_answer(self._request("GET", proto.REGISTRY_READS_PATH, params=params),
                            RootModel[list[proto.RegistryReadRecord]]).root

    def centre_archive_packages(self, *, year: int | None = None, retention: str = "") -> list:
        """The office's archive packages at the centre, by archive code (the 审计 role only)."""
        from pydantic import RootModel

        from counter_protocol import archive as proto

        params: dict[str, str | int] = {k: v for k, v in (("year", year), ("retention", retention)) if v}
        return parse_answer(self._request("GET", proto.PACKAGES_PATH, params=params),
                            RootModel[list[proto.PackageListing]]).root

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
        resp = self._request("POST", audit.AUDIT_PATH, content=body, budget=BULK,
                             headers={"Content-Type": "application/json"})
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

        resp = self._request("POST", archive.PARTS_PATH, content=chunk.model_dump_json(), budget=BULK,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, archive.PartState)

    # -------------------------------------------------------------- registry (参保档案)

    def lookup_person(self, id_number: str) -> reg.RegistryAnswer:
        """The person's record; the ID number goes in the POST body, never in the URL."""
        body = reg.PersonLookup(id_number=id_number).model_dump_json()
        resp = self._request("POST", reg.PERSON_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, reg.RegistryAnswer)

    def open_case_check(self, service_code: str, id_number: str | None = None, *, credit_code: str | None = None,
                        case_id: str | None = None, variants: tuple[str, ...] | list[str] = ()):
        """受理审核前查重 (counter_protocol.samecase): the case of ``service_code`` for this 参保人
        (``id_number``) or 参保单位 (``credit_code``: a unit's own case) in hand anywhere, per the
        catalog's ``second_case`` rule. The identifier goes in the POST body only."""
        from counter_protocol import samecase as same

        body = same.OpenCaseCheck(service_code=service_code, id_number=id_number, credit_code=credit_code,
                                  case_id=case_id, variants=list(variants)).model_dump_json(exclude_none=True)
        resp = self._request("POST", same.OPEN_CHECK_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, same.OpenCaseAnswer)

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
        resp = self._request("POST", fp.ROSTER_PATH, content=body, budget=ROSTER,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, fp.Roster)

    def field_request(self, id_number: str, reason: str = ""):
        """Request a home visit (上门认证申请) for a person who cannot come (clerk / supervisor)."""
        from counter_protocol import field as fp

        body = fp.VisitRequestIn(id_number=id_number, reason=reason).model_dump_json()
        resp = self._request("POST", fp.REQUESTS_PATH, content=body, headers={"Content-Type": "application/json"})
        return parse_answer(resp, fp.VisitRequest)

    def death_reports(self, *, include_cleared: bool = False, record: bool = False):
        """The office's 上门认证死亡报告 the centre holds, masked (supervisors and auditors of the token's
        office): the standing ones, and the withdrawn ones too with ``include_cleared``. ``record``:
        a person asked for the list (not a timed refresh) — the centre records the read (查询留痕)."""
        from counter_protocol import field as fp

        params = {"include_cleared": "true"} if include_cleared else {}
        if record:
            params["record"] = "true"
        return parse_answer(self._request("GET", fp.DEATHS_PATH, params=params), fp.DeathReportList)

    def clear_death_report(self, report_id: str, reason: str):
        """撤销死亡报告 as the signed-in supervisor (the centre takes the actor from the token). Only the
        report's id goes in the URL; the reason in the body."""
        from urllib.parse import quote

        from counter_protocol import field as fp

        body = fp.ClearDeathReport(reason=reason).model_dump_json()
        resp = self._request("POST", f"{fp.DEATHS_PATH}/{quote(report_id, safe='')}/clear", content=body,
                             headers={"Content-Type": "application/json"})
        return parse_answer(resp, fp.DeathReportCleared)
