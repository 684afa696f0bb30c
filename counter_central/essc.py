"""电子社保卡 QR code verification at the centre: a port, the reference platform, the route.

The port is :class:`EsscPlatform` — ``verify(code, now) -> EsscPerson`` raising
:class:`EsscRefused` (the code is not good: expired, forged, unknown) or :class:`EsscUnavailable`
(the platform cannot be asked). A deployment plugs in the national 电子社保卡 platform's adapter
with ``counter-central serve --essc-adapter package.module:factory`` (or the environment variable
``COUNTER_CENTRAL_ESSC_ADAPTER``); ``factory(engine)`` returns the adapter.

The reference platform (:class:`ReferenceEsscPlatform`) issues and verifies its own short-lived
test codes: ``ESSC1.<nonce>.<expiry, unix seconds>.<HMAC-SHA256, base64url>`` signed with a
secret the centre generates once and keeps in its database (``essc_keys``); the nonce names the
issued row (``essc_codes``) that holds the person. The code itself carries no personal data.
``counter-central essc issue --id ID`` prints one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import logging
import os
import secrets
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from fastapi import APIRouter, Depends
from sqlalchemy import DateTime, Integer, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central.db import Base, utcnow
from counter_protocol import essc as proto

log = logging.getLogger(__name__)

ADAPTER_ENV = "COUNTER_CENTRAL_ESSC_ADAPTER"
CODE_PREFIX = "ESSC1"
DEFAULT_TTL = timedelta(minutes=2)        # the app refreshes its code about every minute
MAX_TTL = timedelta(days=1)


class EsscRefused(Exception):
    """The platform refused the code; ``reason`` is one of counter_protocol.essc.REASON_*."""

    def __init__(self, reason: str, detail: str, suggested_action: str = ""):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.suggested_action = suggested_action


class EsscUnavailable(Exception):
    """The platform cannot be reached or did not answer (the counter says: read the card)."""


class EsscPlatform(Protocol):
    name: str

    def verify(self, code: str, now: datetime) -> proto.EsscPerson: ...


# ------------------------------------------------------------------ the reference platform

class EsscKey(Base):
    __tablename__ = "essc_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), nullable=False)        # hex, 32 bytes
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class EsscCode(Base):
    __tablename__ = "essc_codes"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    id_number: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


class ReferenceEsscPlatform:
    """Issues and verifies the reference centre's own signed, short-lived test codes."""

    name = "reference"

    def __init__(self, engine: Engine):
        self.engine = engine
        self._secret: bytes | None = None

    def _key(self, s: Session) -> bytes:
        """The signing key (made by the migration ce_essc_codes; made here if it was deleted)."""
        if self._secret is None:
            row = s.scalars(select(EsscKey).order_by(EsscKey.id)).first()
            if row is None:
                row = EsscKey(id=1, secret=secrets.token_hex(32))
                s.add(row)
                s.flush()
            self._secret = bytes.fromhex(row.secret)
        return self._secret

    def _sign(self, key: bytes, body: str) -> str:
        return _b64(hmac.new(key, body.encode("utf-8", "surrogatepass"), hashlib.sha256).digest())

    def issue(self, id_number: str, name: str = "", *, ttl: timedelta = DEFAULT_TTL,
              now: datetime | None = None) -> tuple[str, datetime]:
        """(code, expires_at) for the person; raises ValueError (Chinese) for a bad ID number or TTL."""
        from counter_protocol.identifiers import check_id

        idc = check_id(id_number)
        if not idc.valid:
            raise ValueError(f"社会保障号码无效：{idc.error}")
        if not timedelta(seconds=1) <= ttl <= MAX_TTL:
            raise ValueError("有效期应在 1 秒到 1 天之间")
        now = _naive_utc(now or datetime.now(timezone.utc))
        expires = now + ttl
        nonce = secrets.token_hex(12)
        with Session(self.engine) as s, s.begin():
            key = self._key(s)
            s.execute(delete(EsscCode).where(EsscCode.expires_at < now - timedelta(days=1)))   # long dead test codes
            s.add(EsscCode(nonce=nonce, id_number=idc.normalized, name=name.strip(), issued_at=now, expires_at=expires))
        stamp = int(expires.replace(tzinfo=timezone.utc).timestamp())
        body = f"{CODE_PREFIX}.{nonce}.{stamp}"
        return f"{body}.{self._sign(key, body)}", expires.replace(tzinfo=timezone.utc)

    def verify(self, code: str, now: datetime) -> proto.EsscPerson:
        from counter_protocol.identifiers import check_id

        parts = code.strip().split(".")
        if len(parts) != 4 or parts[0] != CODE_PREFIX or not (parts[2].isascii() and parts[2].isdigit()):
            raise EsscRefused(proto.REASON_INVALID, "不是有效的电子社保卡二维码。",
                              "请参保人打开电子社保卡的“亮码”页面后重新扫码。")
        body = ".".join(parts[:3])
        with Session(self.engine) as s, s.begin():
            key = self._key(s)
            if not hmac.compare_digest(self._sign(key, body).encode("ascii"), parts[3].encode("utf-8", "surrogatepass")):
                raise EsscRefused(proto.REASON_INVALID, "电子社保卡二维码核验未通过：签名不符（伪造或被改动的二维码）。",
                                  "请参保人当面打开电子社保卡重新亮码，或读取实体社保卡、身份证。")
            expires = datetime.fromtimestamp(int(parts[2]), timezone.utc)
            if expires <= now:
                raise EsscRefused(proto.REASON_EXPIRED, "电子社保卡二维码已过期。",
                                  "请参保人在电子社保卡中刷新二维码后重新扫码。")
            row = s.get(EsscCode, parts[1])
            found = (row.id_number, row.name) if row is not None else None
        if found is None:
            raise EsscRefused(proto.REASON_UNKNOWN, "平台中没有这个电子社保卡二维码。",
                              "请参保人刷新二维码后重新扫码。")
        number, name = found
        idc = check_id(number)
        return proto.EsscPerson(id_number=number, name=name, sex=idc.sex, birth_date=idc.birth_date,
                                area_code=number[:6])


# ------------------------------------------------------------------ plugging an adapter

def load_platform(engine: Engine, spec: str | None = None) -> EsscPlatform:
    """The adapter named by ``spec`` (or $COUNTER_CENTRAL_ESSC_ADAPTER), ``module:factory`` with
    ``factory(engine)``; without one the reference platform."""
    spec = (spec or os.environ.get(ADAPTER_ENV) or "").strip()
    if not spec:
        return ReferenceEsscPlatform(engine)
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ValueError(f"电子社保卡平台适配器应写成 模块:工厂函数，当前为 {spec!r}")
    factory: Callable[[Engine], EsscPlatform] = getattr(importlib.import_module(module), attr)
    platform = factory(engine)
    if not callable(getattr(platform, "verify", None)):
        raise ValueError(f"电子社保卡平台适配器 {spec} 没有 verify 方法")
    return platform


# ------------------------------------------------------------------ the route

def router(who: Callable, db: Callable, platform: Callable[[], EsscPlatform], now: Callable[[], datetime],
           readers: tuple[str, ...] = ("clerk", "supervisor")) -> APIRouter:
    """``POST /essc/verify`` for a signed-in clerk or supervisor at a counter (``readers``: the roles
    that read 参保档案, the same as ``POST /registry/person``; a field laptop reads the ID card
    offline and never asks, an auditor or administrator has no person to serve). ``who`` is the
    app's sign-in dependency and ``db`` its session dependency (the same session per request): the
    sign-in's read transaction is ended before the platform is asked, so a slow platform holds no
    database transaction. A code that gives a person is recorded as a read (``registry_reads``, kind
    ``essc``, the ID number masked: 查询留痕) before the answer goes; nothing personal is logged."""
    from counter_protocol import sync as p
    from counter_central.audit import record_registry_read, registry_subject
    from counter_central.core import ServiceError, require_role

    r = APIRouter(tags=["essc"])

    @r.post(proto.VERIFY_PATH, response_model=proto.EsscVerification,
            responses={400: {"model": p.ErrorBody, "description": "二维码无效、过期或平台中没有"},
                       401: {"model": p.ErrorBody, "description": "未登录或登录已失效"},
                       403: {"model": p.ErrorBody, "description": "无权限 / 账号停用 / 工作站不符"},
                       503: {"model": p.ErrorBody, "description": "电子社保卡平台暂时无法核验"}})
    def verify(req: proto.EsscVerifyRequest, w=Depends(who), s=Depends(db)) -> proto.EsscVerification:
        require_role(w, *readers)
        s.rollback()
        at = now()
        plat = platform()
        try:
            person = plat.verify(req.code, at)
        except EsscRefused as exc:
            log.info("essc code refused for %s: %s", getattr(w, "workstation_id", "?"), exc.reason)
            raise ServiceError(400, exc.detail, exc.reason, exc.suggested_action or None) from None
        except EsscUnavailable as exc:
            log.warning("essc platform unavailable: %s", exc)
            raise ServiceError(503, "电子社保卡平台暂时无法核验。", proto.REASON_UNAVAILABLE,
                               "请读取实体社保卡或身份证。") from None
        record_registry_read(s, w, "essc", registry_subject("person", person.id_number), True)    # 查询留痕
        return proto.EsscVerification(person=person, platform=getattr(plat, "name", "adapter"), verified_at=at)

    return r
