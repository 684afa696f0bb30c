"""资格认证 results as they travel from a counter (or a field laptop) to the centre.

One outbox entry per successful certification: ``aggregate_type`` ``certification``, kind
``certification.recorded``, ``aggregate_id`` the certification id (a replay carries the same id, so
the centre stores it once and moves ``last_certified`` once). The centre updates the registry
person's ``last_certified`` and, where payment was suspended (暂停发放), raises the resumption
(恢复发放) as an approval request with the back-pay months of 6.6.2.8 — none for a suspension for a
prison sentence (服刑).

The approval actions the centre raises itself are named here so the counter's approvals list can
show them: :data:`ACTION_SUSPEND` (暂停发放, from ``counter-central certification sweep`` or a
suspension for 服刑) and :data:`ACTION_RESUME` (恢复发放).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

AGGREGATE = "certification"
KIND_RECORDED = "certification.recorded"

ACTION_SUSPEND = "payment_suspension"     # 暂停发放（审批）
ACTION_RESUME = "payment_resumption"      # 恢复发放（审批）
ACTION_NAMES = {ACTION_SUSPEND: "暂停发放", ACTION_RESUME: "恢复发放"}

METHODS = ("fingerprint", "photo")        # 指纹比对 / 经办人照片比对
METHOD_NAMES = {"fingerprint": "指纹比对", "photo": "照片比对（经办人确认）"}
CHANNELS = ("window", "home_visit")       # 5.6.3 b) 窗口 / a) 上门
CHANNEL_NAMES = {"window": "窗口认证", "home_visit": "上门认证"}


class CertificationRecorded(BaseModel):
    """Payload of a ``certification.recorded`` entry. ``id_number`` travels only inside the
    authenticated push body (never a URL, never a log line)."""

    model_config = ConfigDict(extra="forbid")

    certification_id: SafeStr = Field(min_length=1, max_length=36)
    id_number: SafeStr = Field(min_length=15, max_length=18)
    certified_on: date
    certified_at: datetime
    method: Literal["fingerprint", "photo"]
    channel: Literal["window", "home_visit"] = "window"
    clerk: SafeStr = Field(min_length=1, max_length=64)
    second_staff: SafeStr = Field(default="", max_length=64)     # 上门认证的第二名工作人员
    case_id: SafeStr = Field(default="", max_length=64)
    case_no: SafeStr = Field(default="", max_length=64)
    valid_until: date                                       # as the counter computed it (the centre recomputes)
    back_pay_months: list[SafeStr] = Field(default_factory=list)  # "YYYY-MM", as the counter computed it


REMINDERS_PATH = "/certification/reminders"


class ReminderItem(BaseModel):
    """One pensioner whose certification lapses soon, as a supervisor sees it at the counter: masked."""

    model_config = ConfigDict(extra="forbid")

    id_masked: str
    name_masked: str
    phone_masked: str = ""
    office: str = ""
    valid_until: date
    days_left: int


class ReminderList(BaseModel):
    """``GET /certification/reminders`` (科长、审计、管理员; the caller's office): read-only, masked —
    the list with ID numbers in clear only ever goes to the file of ``counter-central certification
    reminders --csv``."""

    model_config = ConfigDict(extra="forbid")

    today: date
    days: int
    items: list[ReminderItem]


# 上门认证申请 raised at the window (5.6.3 a: 上门，针对行动不便的服务对象): the case of variant
# ``home_visit`` records it and writes one outbox entry (``aggregate_type`` :data:`AGGREGATE`, kind
# :data:`KIND_HOME_VISIT_REQUESTED`, ``aggregate_id`` the request id), so a window without the
# network raises it too and the centre opens it once at the next sync; the field roster carries it.
KIND_HOME_VISIT_REQUESTED = "certification.home_visit_requested"


class HomeVisitRequested(BaseModel):
    """Payload of a ``certification.home_visit_requested`` entry. ``id_number`` travels only inside
    the authenticated push body (never a URL, never a log line)."""

    model_config = ConfigDict(extra="forbid")

    request_id: SafeStr = Field(min_length=1, max_length=36)
    id_number: SafeStr = Field(min_length=15, max_length=18)
    clerk: SafeStr = Field(min_length=1, max_length=64)
    requested_at: datetime
    reason: SafeStr = Field(default="", max_length=200)
    case_id: SafeStr = Field(default="", max_length=64)
    case_no: SafeStr = Field(default="", max_length=64)
