"""电子社保卡核验 at the counter: the scanned code goes, unread, to the centre, which answers the person.

:func:`verify` turns every way it can fail into an :class:`EsscError` with a Chinese message:
no network / centre down → :data:`OFFLINE_MESSAGE`, the actual reason as the hint (the clerk reads
the physical card or the ID card instead); not signed in; the code refused (expired, forged, unknown) with the centre's
reason. The code is never logged or stored (it identifies the person for a short while).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from datetime import date, datetime

    from counter_app.config import Settings
    from counter_app.storage.db import Store

OFFLINE_MESSAGE = "电子社保卡需联网核验，请读实体卡或身份证"
MAX_CODE_LENGTH = 1024


class EsscError(Exception):
    """``code`` is stable English (JSON, tests); ``str()`` and ``message`` are Chinese."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint

    def text(self) -> str:
        return self.message + (f"\n{self.hint}" if self.hint else "")

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}


@dataclass(frozen=True)
class EsscResult:
    """The verified holder, shaped like a card read so the applicant form takes it as one."""

    social_security_number: str
    name: str
    sex: str | None
    birth_date: date | None
    platform: str
    verified_at: datetime
    source: str = "essc"

    def warnings(self, today) -> list[str]:
        return []

    def as_dict(self) -> dict:
        return {"social_security_number": self.social_security_number, "name": self.name, "sex": self.sex,
                "birth_date": self.birth_date.isoformat() if self.birth_date else None,
                "platform": self.platform, "verified_at": self.verified_at.isoformat(), "source": self.source}


def clean_code(code: str) -> str:
    """The scanned text without the line end / surrounding blanks; EsscError (Chinese) when unusable."""
    code = (code or "").strip()
    if not code:
        raise EsscError("essc_empty", "没有扫到二维码内容。", "请参保人打开电子社保卡“亮码”后重新扫码。")
    if len(code) > MAX_CODE_LENGTH or any(ord(ch) < 0x20 for ch in code):
        raise EsscError("essc_invalid", "扫到的内容不是电子社保卡二维码。", "请参保人打开电子社保卡“亮码”后重新扫码。")
    return code


def verify(client, code: str) -> EsscResult:
    """Ask the centre through ``client`` (a CentralClient with the clerk's tokens); blocking."""
    from counter_app.sync.client import AuthRequired, RequestRejected, TransientError

    code = clean_code(code)
    try:
        v = client.essc_verify(code)
    except TransientError as exc:   # the actual reason (unreachable, timeout, 5xx, an answer not understood)
        from counter_app.domain.messages import cause_message

        raise EsscError("offline", OFFLINE_MESSAGE, "原因：" + cause_message(exc)) from None
    except AuthRequired:
        raise EsscError("not_signed_in", "未登录中心服务，无法核验电子社保卡。",
                        "请先联网登录（counter-app login 用户名），或读实体卡、身份证。") from None
    except RequestRejected as exc:
        if exc.status == 404:      # a centre without the 电子社保卡 route: as good as offline
            raise EsscError("offline", OFFLINE_MESSAGE, "中心服务未开通电子社保卡核验。") from None
        raise EsscError(exc.reason or "essc_refused", exc.detail, exc.suggested_action or "") from None
    p = v.person
    return EsscResult(social_security_number=p.id_number, name=p.name, sex=p.sex, birth_date=p.birth_date,
                      platform=v.platform, verified_at=v.verified_at)


def verify_with_settings(settings: Settings, store: Store) -> Callable[[str], EsscResult]:
    """A ``verify(code)`` bound to this workstation's centre and signed-in clerk (for the UI and CLI)."""
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.client import CentralClient

    def run(code: str) -> EsscResult:
        auth = AuthManager(store, settings)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            raise EsscError("not_signed_in", "未登录中心服务，无法核验电子社保卡。",
                            "请先联网登录（counter-app login 用户名），或读实体卡、身份证。")
        with CentralClient(settings.central.url, timeout=settings.central.timeout_seconds,
                           tokens=auth.tokens(user)) as client:
            return verify(client, code)

    return run
