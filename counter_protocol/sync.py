"""The sync API: ONE pydantic v2 model set shared by the client (counter_app.sync) and the
reference central service (counter_central). See docs/sync.md for the protocol.

同步协议：客户端与中心服务共用的一套数据模型。
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError, PydanticSerializationError, to_json

from counter_protocol.canonical import canonical_json as canonical_json, payload_digest as payload_digest  # re-exported
from counter_protocol.roles import FIELD_ROLES, ROLES  # noqa: F401  (re-exported)
from counter_protocol.samecase import CasePerson as CasePerson  # re-exported (OutboxItem.person)

PROTOCOL_VERSION = 1
#: The counter's User-Agent on every request: its release+build and this protocol's version, e.g.
#: ``counter-app/0.1.0.0+5a70176.20261205 protocol/1`` (the centre keeps the last one each
#: workstation used: ``counter-central workstations list``).
CLIENT_AGENT_RE = re.compile(r"^counter-app/([0-9][0-9A-Za-z.+]{0,63}) protocol/([0-9]{1,4})$")
API_PREFIX = "/api/v1"
MAX_BATCH = 1000
MAX_PAYLOAD_BYTES = 256 * 1024
CLOCK_SKEW_LIMIT_SECONDS = 300  # 5 minutes (Anki's rule)

EntryStatus = Literal["accepted", "duplicate", "conflict", "rejected"]
Outcome = Literal["accepted", "conflict", "rejected"]

_BIGINT_MAX = 2**63 - 1


def client_agent() -> str:
    """The User-Agent the counter sends (:data:`CLIENT_AGENT_RE`)."""
    from counter_protocol.build import full_version

    return f"counter-app/{full_version()} protocol/{PROTOCOL_VERSION}"


def parse_client_agent(user_agent: str | None) -> tuple[str, int] | None:
    """(release+build, protocol version) of a counter's User-Agent; None for anything else (a
    counter built before it sent one says ``python-httpx/…``)."""
    m = CLIENT_AGENT_RE.match((user_agent or "").strip())
    return (m.group(1), int(m.group(2))) if m else None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _no_nul(v: str) -> str:
    if "\x00" in v:
        raise ValueError("不能包含空字符")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("包含无效的 Unicode 字符") from None
    return v


def _utc(v: datetime | None) -> datetime | None:
    if v is None:
        return None
    try:
        return v.astimezone(timezone.utc) if v.tzinfo else v.replace(tzinfo=timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError("时间超出范围") from None


def _payload_ok(v: dict[str, Any]) -> dict[str, Any]:
    """Storable as JSON text: valid Unicode (no lone surrogates) and at most MAX_PAYLOAD_BYTES."""
    try:
        text = to_json(v)
    except PydanticSerializationError:
        raise ValueError("包含无法保存的内容（如无效的 Unicode 字符）") from None
    if len(text) > MAX_PAYLOAD_BYTES:
        raise ValueError("payload 太大")
    return v


def _non_finite_at(value: Any, path: str) -> str | None:
    """The path of the first number in ``value`` that is not finite (an overflowing ``1e400`` parses
    as infinity; ``NaN`` / ``Infinity`` are no JSON at all), or None."""
    todo: list[tuple[Any, str]] = [(value, path)]
    while todo:
        v, where = todo.pop()
        if isinstance(v, float) and not math.isfinite(v):
            return where
        if isinstance(v, Decimal) and not v.is_finite():
            return where
        if isinstance(v, dict):
            todo.extend((item, f"{where}.{key}") for key, item in reversed(list(v.items())))
        elif isinstance(v, (list, tuple)):
            todo.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(v))))
    return None


def payload_non_finite_at(payload: dict[str, Any], text: str) -> str | None:
    """The path of the first number in a pushed ``payload`` that is not finite, or None; ``text``
    is the payload's JSON as :meth:`OutboxItem.payload_text_for_digest` gives it. Both of its
    serialisers write such a number as the bare word ``NaN``, ``Infinity`` or ``-Infinity``, so a
    text without either word holds none, and only a payload whose text has one (in a number or in a
    string) is walked: the walk cost the centre about a fifth of its CPU for a batch."""
    if "NaN" not in text and "Infinity" not in text:
        return None
    return _non_finite_at(payload, "payload")


def _finite(root: str) -> AfterValidator:
    """The field ``root`` (a JSON object a user posts: reference data, a case update) holds finite
    numbers only: a number JSON cannot carry would be stored as ``Infinity`` (no JSON) and served
    as ``null`` — refused, naming where it is."""

    def check(v: dict[str, Any]) -> dict[str, Any]:
        where = _non_finite_at(v, root)
        if where is not None:
            raise PydanticCustomError(
                "finite_number", "{field} 的数值超出范围或不是有效数字（如 1e400、NaN、Infinity），不能保存", {"field": where})
        return v

    return AfterValidator(check)


SafeStr = Annotated[str, AfterValidator(_no_nul)]
Payload = Annotated[dict[str, Any], AfterValidator(_payload_ok)]
UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------- push

class OutboxItem(_Model):
    """One outbox entry as sent; ``id`` is the client-made idempotency key (UUIDv7)."""

    id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    seq: int = Field(ge=0, le=_BIGINT_MAX, description="client sequence number (order within the workstation)")
    kind: str = Field(pattern=r"^[a-z][a-z0-9_.]{0,63}$")
    aggregate_type: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    aggregate_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    payload: Payload
    payload_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    actor: str = Field(default="", max_length=64, pattern=r"^[^\x00]*$")  # no NUL (PostgreSQL text)
    created_at: UtcDatetime | None = None
    supersedes: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        description="key of an earlier entry this one replaces (edited after it may have been sent)",
    )
    person: CasePerson | None = Field(
        default=None,
        description="a case transition's 参保人 (ID number, variants) for the centre's same-person index: "
                    "not part of the payload or its digest; the centre keeps only a keyed digest (docs/sync.md)",
    )

    def payload_text_for_digest(self) -> tuple[str, str]:
        """(payload text, its sha256): the text the client hashed, found cheaply when possible.

        The reference client sends each payload with its keys already sorted, so pydantic-core's
        serialisation (Rust; it keeps the order received) usually gives the canonical text at once.
        When that text's digest is not the one sent (floats written another way, keys in another
        order, content changed), the canonical text is made the slow way. A matching digest means
        the text is exactly what the client hashed.
        """
        # NaN / ±Infinity written as the bare words json.dumps writes (pydantic's default would
        # write null): the text then still shows them (payload_non_finite_at)
        fast = to_json(self.payload, inf_nan_mode="constants")
        digest = hashlib.sha256(fast).hexdigest()
        if digest == self.payload_digest:
            return fast.decode("utf-8"), digest
        text = canonical_json(self.payload)
        return text, payload_digest(text)


class PushRequest(_Model):
    workstation_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    entries: list[OutboxItem] = Field(min_length=1, max_length=MAX_BATCH)


class EntryResult(_Model):
    """Per-entry answer. ``status`` says what happened to THIS request; ``outcome`` is the stored
    first result (for ``duplicate`` the outcome of the first time the key arrived)."""

    id: str
    status: EntryStatus
    outcome: Outcome
    reason: str | None = None            # 中文：why rejected / conflict
    suggested_action: str | None = None  # 中文：what the clerk should do
    received_at: datetime | None = None


class PushResponse(_Model):
    results: list[EntryResult]
    server_time: datetime


# --------------------------------------------------------------------------------------- pull

class Change(_Model):
    """A change from the centre: a reference-data version or a case update (收到信息表、上级决定)."""

    cursor: int
    kind: str                      # reference.published | case.info_sheet_received | case.escalation_decision | …
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any]
    created_at: datetime


# 拉取范围 (pull scope). A field laptop (外勤上门认证) carries nothing it does not need: a login whose
# roles are all field roles pulls only FIELD_CHANGE_KINDS; every other login pulls everything
# (counter scope). What a field laptop uses of the centre's changes is the reference data
# (catalog, policy_params, authorisation: reference.published); its roster comes from
# GET /field/roster, not from the change feed. Approval requests and decisions (approval.*) and the
# counter's case updates (case.*) are the office's counter business and stay off the laptop.
# docs/sync.md "Pull scopes" says how the client keeps one cursor per scope.
PullScope = Literal["counter", "field"]
PULL_SCOPES: tuple[PullScope, ...] = ("counter", "field")
FIELD_CHANGE_KINDS: tuple[str, ...] = ("reference.published",)


def pull_scope(roles: Iterable[str]) -> PullScope:
    """``field`` for a login whose roles are all field roles, ``counter`` otherwise (also with no
    roles known: the counter scope's answer is a superset, so nothing is missed)."""
    held = set(roles)
    return "field" if held and held <= FIELD_ROLES else "counter"


class PullResponse(_Model):
    changes: list[Change]
    cursor: int = Field(description="pass as ?since= next time; in the field scope it also passes over the "
                                    "changes the scope left out")
    more: bool
    scope: PullScope = Field(
        default="counter",
        description="which changes this answer holds: counter = every change for the office and workstation; "
                    "field = only FIELD_CHANGE_KINDS (a login whose roles are all field roles)")
    server_time: datetime
    newest: int | None = Field(
        default=None, ge=0,
        description="the newest cursor of the centre's change log, read after the page (so never below "
                    "the page's cursor); a client holding a cursor past it holds one this centre never gave "
                    "(an earlier release stored it unchecked, or the centre was restored from a backup) and "
                    "pulls again from 0. Absent from centres before it was added")
    number_floors: list[str] = Field(
        default=[],
        description="the highest 文号 per series the centre has received from the calling workstation "
                    "(document.issued entries), and its highest case number (办件编号) per day (case entries' "
                    "case_no), on every page; a counter restored from a backup (or a new machine with the "
                    "workstation's number) raises its own series to them so it never issues a number twice")


# ------------------------------------------------------------------------ reconcile (核对)

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class SyncSummary(_Model):
    """What the centre holds from the calling workstation (Anki's count check: a client that
    believes it has synced more than this asks which of its entries are missing)."""

    workstation_id: str
    accepted: int = Field(description="entries the centre holds as accepted, pushed or imported under this workstation")
    server_time: datetime


class MissingRequest(_Model):
    ids: list[Annotated[str, Field(pattern=_UUID)]] = Field(min_length=1, max_length=MAX_BATCH)


class MissingResponse(_Model):
    missing: list[str] = Field(description="the asked keys the centre does not hold (to be sent again)")
    set_aside: list[str] = Field(
        default_factory=list,
        description="the asked keys the centre holds only set aside: their stored content was altered in its "
                    "database and moved out by IT (entry-key retire --set-aside-unreadable). Their effects stand: "
                    "never push them again (they would count twice) — send their content with POST /sync/restore")


RestoreStatus = Literal["restored", "not_set_aside", "differs"]


class RestoreRequest(_Model):
    """The content of entries the centre holds only set aside (``MissingResponse.set_aside``), as
    this workstation pushed them: the centre puts each back when it is the very entry it set aside
    (same kind, subject, actor and digest; from this workstation's office) without applying it again."""

    workstation_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    entries: list[OutboxItem] = Field(min_length=1, max_length=MAX_BATCH)


class RestoreResult(_Model):
    id: str
    status: RestoreStatus
    reason: str | None = None            # 中文：why not restored


class RestoreResponse(_Model):
    results: list[RestoreResult]


class ReferenceVersion(_Model):
    name: str        # catalog | materials | policy_params
    version: str
    effective_from: str | None = None


class ReferenceIndex(_Model):
    items: list[ReferenceVersion]


class ReferenceDocument(ReferenceVersion):
    content: dict[str, Any]
    digest: str


class PublishReference(_Model):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    version: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.:-]+$")
    effective_from: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    content: Annotated[dict[str, Any], _finite("content")]     # finite numbers only


class CaseUpdate(_Model):
    """Posted by a supervisor at the centre: e.g. 信息表已收到, escalation decision."""

    kind: str = Field(pattern=r"^case\.[a-z0-9_.]{1,58}$")
    case_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    office_code: str | None = Field(default=None, pattern=r"^[A-Z0-9]{1,8}$")
    payload: Annotated[Payload, _finite("payload")] = Field(default_factory=dict)     # finite numbers only
    to_state: str | None = Field(default=None, max_length=32, pattern=r"^[a-z_]+$")


# --------------------------------------------------------------------------------------- auth

class WorkstationRegistration(_Model):
    workstation_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    office_code: str = Field(pattern=r"^[A-Z0-9]{1,8}$")
    name: SafeStr = Field(default="", max_length=64)
    username: SafeStr = Field(min_length=1, max_length=64, description="supervisor or admin who registers it")
    password: SafeStr = Field(min_length=1, max_length=256)
    totp: str | None = Field(default=None, pattern=r"^[0-9]{6}$", description="动态验证码 (TOTP), when enrolled")



class WorkstationInfo(_Model):
    workstation_id: str
    office_code: str
    name: str
    registered_at: datetime


# an account's name as the centre makes it (counter_central.admin.add_user): letters, digits, _ . -
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"


class LoginRequest(_Model):
    username: SafeStr = Field(min_length=1, max_length=64)
    password: SafeStr = Field(min_length=1, max_length=256)
    workstation_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    totp: str | None = Field(default=None, pattern=r"^[0-9]{6}$",
                             description="动态验证码 (TOTP): required for a user enrolled in the second factor")



class UserInfo(_Model):
    username: str
    display_name: str
    roles: list[str]
    office_code: str
    active: bool = True
    totp: bool = Field(default=False, description="enrolled in the TOTP second factor (动态验证码)")
    approval_level: int = 0        # 审批级别：0 无，1 科长，2 中心主任 (counter_protocol.approvals)
    staff_no: str | None = Field(
        default=None, max_length=32,
        description="the staff member's 工号 the account belongs to (maker-checker compares people: "
                    "counter_protocol.approvals.same_person); absent when none is recorded and from older centres")


class TokenPair(_Model):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int               # seconds
    user: UserInfo
    server_time: datetime
    totp_secret: str | None = Field(
        default=None, description="the user's TOTP secret, sent only to a login that proved it with a code, so the "
                                  "workstation can check the second factor offline (kept in its keyring)")
    approval_key: str | None = Field(
        default=None, repr=False, pattern=r"^[0-9a-f]{64}$",
        description="a supervisor's approval key for this workstation (32 bytes, hex; 现场授权): the workstation "
                    "keeps it sealed under the supervisor's password and MACs each on-site decision with it "
                    "(counter_protocol.approvals.decision_proof); absent for other users and from older centres")


class RefreshRequest(_Model):
    refresh_token: SafeStr = Field(min_length=1, max_length=256)



class RevokeRequest(RefreshRequest):
    pass


class Health(_Model):
    status: Literal["ok", "degraded"]
    server_time: datetime
    version: str
    protocol: int = PROTOCOL_VERSION
    database: str


class ErrorBody(_Model):
    """Body of every 4xx the service makes itself (FastAPI's own 422 keeps its ``detail`` list)."""

    detail: str
    reason: str | None = None
    suggested_action: str | None = None


class Refusal(Exception):
    """A request refused with an :class:`ErrorBody`, as both sides hold it: the HTTP status and the
    body's Chinese ``detail`` / ``reason`` / ``suggested_action``. The centre raises it (its
    ``ServiceError``) and answers with :meth:`body`; the client reads an answer back into one (its
    ``RequestRejected``)."""

    def __init__(self, status: int, detail: str, reason: str | None = None, suggested_action: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.reason = reason
        self.suggested_action = suggested_action

    def body(self) -> dict[str, Any]:
        return ErrorBody(detail=self.detail, reason=self.reason, suggested_action=self.suggested_action).model_dump()


class FieldError(_Model):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(ErrorBody):
    """Body of every 422: a Chinese reason, and for a malformed field which one (``errors``)."""

    errors: list[FieldError] = []


class ImportReport(_Model):
    read: int
    accepted: int
    duplicate: int
    conflict: int
    rejected: int
    bad_lines: int


def clock_skew_seconds(server_time: datetime, local_time: datetime | None = None) -> float:
    """local − server in seconds (positive: this workstation's clock is ahead)."""
    local = local_time or utc_now()
    return (_utc(local) - _utc(server_time)).total_seconds()  # type: ignore[operator]
