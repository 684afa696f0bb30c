"""电子社保卡 (electronic social security card) QR code verification: what crosses the wire.

The counter scans the code the applicant shows in the 电子社保卡 app and sends it, unread, to the
centre (``POST /api/v1/essc/verify``); the centre asks the platform (the national 电子社保卡
platform in a deployment, the reference centre's own test issuer here) and answers the person.
The code is opaque to the counter: it never parses it, logs it or keeps it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

VERIFY_PATH = "/essc/verify"

# ``reason`` of a refused code (ErrorBody.reason); the detail is Chinese for the clerk
REASON_EXPIRED = "essc_expired"         # the code's validity has passed: refresh it in the app
REASON_INVALID = "essc_invalid"         # not a code the platform issued (forged, altered, garbled)
REASON_UNKNOWN = "essc_unknown"         # well formed and signed, but the platform has no such code / person
REASON_UNAVAILABLE = "essc_unavailable"  # the platform cannot be reached: read the physical card or the ID card


class EsscVerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: SafeStr = Field(min_length=1, max_length=1024, description="扫码所得的电子社保卡二维码内容（原样）")


class EsscPerson(BaseModel):
    """The card holder as the platform answers."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(max_length=32, description="社会保障号码（公民身份号码）")
    name: str = Field(default="", max_length=60, description="姓名")
    sex: Literal["male", "female"] | None = None
    birth_date: date | None = None
    area_code: str = Field(default="", max_length=12, description="签发地行政区划代码")


class EsscVerification(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: EsscPerson
    platform: str = Field(max_length=60, description="核验平台（reference：参考中心的测试签发）")
    verified_at: datetime
    code_expires_at: datetime | None = None
