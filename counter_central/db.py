"""Tables of the central service and its engine; schema managed by Alembic (counter_central/migrations)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (BigInteger, Boolean, DateTime, Index, Integer, MetaData, String, Text, Table, create_engine, event,
                        make_url)
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT identity on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def naive_utc(dt: datetime) -> datetime:
    """``dt`` as the centre stores every time: naive UTC. An aware time is converted to UTC; a
    naive one already is UTC (as everywhere in the product: counter_protocol.approvals._utc_text,
    counter_protocol.certification.beijing_day). ``OverflowError`` at the edge of the calendar."""
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo is not None else dt


class Office(Base):
    """经办机构（分局）。"""

    __tablename__ = "offices"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)


class User(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64), nullable=False)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)  # argon2id
    roles: Mapped[str] = mapped_column(String(128), nullable=False)   # comma-separated
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # 连续登录失败次数与锁定期限 (lockout: counted at the centre, reset by a good password or reset-password)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # TOTP second factor (动态验证码; supervisors and admins), enrolled by an admin; the last time
    # step used, so a code is never accepted twice
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    approval_level: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # 1 科长, 2 中心主任
    # 工号: the staff member the account belongs to. Two accounts with the same staff number are one
    # person (a 科长 who also works a window): maker-checker compares people, not accounts
    # (counter_central.approvals.same_person). Never a national ID number; never in a URL.
    staff_no: Mapped[str | None] = mapped_column(String(32), index=True)

    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]


class Workstation(Base):
    __tablename__ = "workstations"
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    registered_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)   # 已停用：no sign-in any more
    # the counter program it last used (counter_central.clients; c0024_client_builds): its
    # release+build, the sync protocol it named, and since when the centre sees that build
    client_build: Mapped[str | None] = mapped_column(String(80))
    client_protocol: Mapped[int | None] = mapped_column(Integer)
    client_seen_at: Mapped[datetime | None] = mapped_column(DateTime)


class Token(Base):
    """Opaque bearer tokens, stored only as sha256; a login's access+refresh share a family, and
    every family a login rotates through shares its ``login_id`` (a reused rotated refresh token
    revokes them all)."""

    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # access | refresh
    family: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    login_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    # who signed in on which workstation when (counter_central.field: a colleague may sync a visit
    # only when its recorder signed in on that laptop before it; c0022_token_sign_ins). Tokens are
    # the centre's login history: kept, never deleted.
    __table_args__ = (Index("ix_tokens_user_ws", "username", "workstation_id", "created_at"),)


class ReceivedEntry(Base):
    """Every outbox entry ever received, keyed by the client's idempotency key: never a second row.
    ``payload``: sealed (SM4-GCM under the centre's entry key, version ``payload_key``): written by
    counter_central.entry_key's seal, read only through its :func:`~counter_central.entry_key.opened`."""

    __tablename__ = "received_entries"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    client_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    aggregate_type: Mapped[str] = mapped_column(String(32), nullable=False)
    aggregate_id: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    payload_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # the entry key's version the payload is sealed under (c0032)
    payload_key: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # the 办件编号 (case entries: ``case_no``) or 文号 (others: ``number``) the payload names, stripped
    # (c0032; no personal data): a number already held is found without opening payloads
    number: Mapped[str | None] = mapped_column(Text)
    pushed_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    source: Mapped[str] = mapped_column(String(8), nullable=False, default="push")  # push | import
    supersedes: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # accepted | conflict | rejected
    reason: Mapped[str | None] = mapped_column(Text)
    suggested_action: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_received_entries_aggregate", "aggregate_type", "aggregate_id"),
                      Index("ix_received_entries_number", "aggregate_type", "number"))


SERVICE_CODE_MAX = 64


class CaseState(Base):
    """The case's current state as the centre knows it (server-side state checks)."""

    __tablename__ = "case_states"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(32), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    last_entry_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # the service (事项编码) the case was opened as: the first of its accepted entries that names one
    service_code: Mapped[str | None] = mapped_column(String(SERVICE_CODE_MAX))


class IssuedNumberFloor(Base):
    """The highest 文号 the centre has received per workstation and series (``document.issued``
    entries, kept up to date in the push transaction); sent back at pull as ``number_floors`` so a
    counter restored from a backup never issues a number twice. ``series`` = ``ws|tag|year``
    (counter_protocol.numbers.number_series)."""

    __tablename__ = "issued_number_floors"
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    series: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    last_number: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class WorkstationTally(Base):
    """How many entries the centre holds as accepted from each workstation, kept in the push
    transaction: the count a client compares with its own (``GET /sync/summary``) without a
    scan of ``received_entries``."""

    __tablename__ = "workstation_tallies"
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    accepted: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ChangeRow(Base):
    """Changes from the centre for clients to pull, in cursor order. ``payload``: sealed (SM4-GCM
    under the centre's entry key, version ``payload_key``, bound to ``seal_id`` and the row's kind,
    aggregate and addressees): written only by counter_central.core's add_change, read only through
    counter_central.entry_key's :func:`~counter_central.entry_key.opened_change` (c0034)."""

    __tablename__ = "changes"
    cursor: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    aggregate_type: Mapped[str] = mapped_column(String(32), nullable=False)
    aggregate_id: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    # the entry key's version the payload is sealed under, and the row's own random id its seal is
    # bound to (the cursor is given only at insert) (c0034)
    payload_key: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    seal_id: Mapped[str] = mapped_column(String(32), nullable=False, default="", server_default="")
    office_code: Mapped[str | None] = mapped_column(String(8))       # None: every office
    workstation_id: Mapped[str | None] = mapped_column(String(32))   # None: every workstation
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    # a case's published decisions, looked up when an entry names its approver (approvals.approval_refusal)
    __table_args__ = (Index("ix_changes_aggregate", "aggregate_type", "aggregate_id"),)


class SetAsidePayload(Base):
    """A received entry or published change whose sealed payload does not open (altered in the
    database), moved here by a person (``counter-central entry-key retire VERSION
    --set-aside-unreadable``) so the key version it names can be retired: the sealed text kept as it
    was with its version, the row's other columns as JSON, who set it aside, when and why (each one
    also in the centre's audit chain, ``entry.key_set_aside``) (c0035)."""

    __tablename__ = "set_aside_payloads"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source_table: Mapped[str] = mapped_column(String(32), nullable=False)      # received_entries | changes
    source_id: Mapped[str] = mapped_column(String(64), nullable=False)         # the entry's id, the change's cursor
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    payload_key: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)                 # as it was stored (sealed)
    row_data: Mapped[str] = mapped_column(Text, nullable=False)                # the row's other columns (JSON)
    stored_at: Mapped[datetime | None] = mapped_column(DateTime)               # received_at / created_at
    set_aside_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    set_aside_by: Mapped[str] = mapped_column(String(64), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (Index("ix_set_aside_payloads_source", "source_table", "source_id", unique=True),)


class EntryKeyCheck(Base):
    """The key check value (密钥校验值) of each entry key version: HMAC-SM3 of a fixed label under
    the key, truncated — it reveals nothing usable about the key, yet tells whether a key file's
    version is the one this database's rows of that version were sealed under, rows or none
    (counter_central.entry_key: recorded by the first transaction sealing under the version, or
    once a row of it opens; c0036)."""

    __tablename__ = "entry_key_checks"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    check_value: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ApprovalRow(Base):
    """One approval request (审批申请) under maker-checker (counter_protocol.approvals). A decided
    request is never changed again."""

    __tablename__ = "approval_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    service_code: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    maker: Mapped[str] = mapped_column(String(64), nullable=False)
    # the signed-in user whose push brought the request (a workstation's outbox carries other
    # clerks' entries); never its checker either. Empty: raised by the centre, or stored before
    # it was recorded (c0012_approval_pusher)
    pushed_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # everyone who took part in creating the request, the maker and pusher included (a JSON array of
    # user names, sorted): for a resumption the centre raises, the account that recorded the
    # certification and the clerk it names, each staff member of the home visit. None of them
    # decides it (counter_protocol.approvals.decision_refusal; c0014_approval_participants)
    participants: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    made_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    payload_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    required_level: Mapped[int] = mapped_column(Integer, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    checker: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    mode: Mapped[str] = mapped_column(String(8), nullable=False, default="")

    __table_args__ = (Index("ix_approval_requests_office_state", "office_code", "state"),
                      Index("ix_approval_requests_case", "case_id", "action"))


class ApprovalUse(Base):
    """An approval spent (c0032_approval_uses): the step entry a supervisor's approval authorised,
    bound when the centre accepted it (counter_central.approvals.approval_refusal). One approval
    authorises one record: a second record of the same step naming it is refused, while the same
    entry sent again (its id) is a duplicate and never reaches the check. ``approval``: the
    approval request's id, or ``change:<cursor>`` for a decision the centre published for the case
    with no request behind it (POST /cases/updates of an approval point the table did not gate)."""

    __tablename__ = "approval_uses"
    approval: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), nullable=False)
    case_id: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ApprovalKey(Base):
    """A supervisor's approval key for one workstation (现场授权, counter_protocol.approvals.decision_proof):
    made at their first online login there and sent with each login; the workstation keeps it sealed
    under the supervisor's password. Stored as-is, like the TOTP secrets; deleted when the password
    is reset or the account disabled (the next login makes a new one)."""

    __tablename__ = "approval_keys"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), nullable=False)        # 32 bytes, hex
    issued_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ReviewRow(Base):
    """One 人工审核 item of the review queue (counter_protocol.reviews): 初审 by a maker, 复核 by a
    supervisor who is not the maker; decided, never changed again."""

    __tablename__ = "review_items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    clause: Mapped[str] = mapped_column(String(16), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    service_code: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    reference: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    materials: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    maker: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    proposal: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    proposal_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime)
    checker: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_review_items_office_state", "office_code", "state"),)


class ReferenceRow(Base):
    """Reference data (service catalog, materials, policy parameters) by version."""

    __tablename__ = "reference_data"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    effective_from: Mapped[str | None] = mapped_column(String(10))
    content: Mapped[str] = mapped_column(Text, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    published_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class RegistryPerson(Base):
    """参保人档案 of the reference registry adapter (counter_central.registry.TableRegistry): the
    record in its JSON-lines form (counter_protocol.records), keyed by ID number."""

    __tablename__ = "registry_persons"
    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    office: Mapped[str | None] = mapped_column(String(8))
    record: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # 上门认证 (c0008_field): where the field staff find the pensioner, the enrolled template and
    # the photo (base64), and the flag a field visit raises (e.g. deceased_reported; never a deletion)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(32))
    photo: Mapped[str | None] = mapped_column(Text)
    fingerprint_template: Mapped[str | None] = mapped_column(Text)
    field_flag: Mapped[str | None] = mapped_column(String(32))


class RegistryUnit(Base):
    """参保单位档案 of the reference registry adapter, keyed by 统一社会信用代码."""

    __tablename__ = "registry_units"
    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    office: Mapped[str | None] = mapped_column(String(8))
    record: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class RegistryRead(Base):
    """Who read which 参保档案 at the centre (参保档案查询留痕): one row per person or unit look-up,
    written by the centre itself, so a workstation that leaves its own ``record.lookup`` audit record
    out is still seen. The subject is masked as the workstation's record masks it (the same
    ``counter_rules.masking`` form, so the two can be matched), never the ID number in clear."""

    __tablename__ = "registry_reads"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(64), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)          # person | unit | roster | essc
    subject: Mapped[str] = mapped_column(String(32), nullable=False)      # masked
    found: Mapped[bool] = mapped_column(Boolean, nullable=False)

    __table_args__ = (Index("ix_registry_reads_at", "at"), Index("ix_registry_reads_subject", "subject"))


class FieldRequest(Base):
    """上门认证申请: a clerk or supervisor asks for a home visit for a person who cannot come."""

    __tablename__ = "field_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    requested_by: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    state: Mapped[str] = mapped_column(String(8), nullable=False, default="open")   # open | done
    closed_by_visit: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_field_requests_office_state", "office_code", "state"),)


class FieldLaptopKey(Base):
    """The public key a field laptop signs its visits with, registered with each roster pull.
    ``new_key_held_at``: since when no new key is registered for the workstation — set when the
    centre revokes one of its keys (a lost or stolen laptop), cleared when IT allows a new one
    (``counter-central field allow-new-key``: ``new_key_allowed_by`` / ``_at``; c0029_field_new_key_hold)."""

    __tablename__ = "field_laptop_keys"
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(Text, nullable=False)
    key_id: Mapped[str] = mapped_column(String(16), nullable=False)
    registered_by: Mapped[str] = mapped_column(String(64), nullable=False)
    registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    new_key_held_at: Mapped[datetime | None] = mapped_column(DateTime)
    new_key_allowed_by: Mapped[str | None] = mapped_column(String(64))
    new_key_allowed_at: Mapped[datetime | None] = mapped_column(DateTime)


class FieldKey(Base):
    """Every public key a field laptop has registered (one row per workstation and key, kept when the
    laptop — or anyone signed in as a field worker claiming its workstation id — presents another):
    a visit is checked against the key its seal names (``key_id``), so a later registration never
    strands the visits sealed before it. ``revoked_at``: set by the centre (``counter-central field
    revoke-key``): visits sealed with that key are refused from then on."""

    __tablename__ = "field_keys"
    workstation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(Text, nullable=False)
    registered_by: Mapped[str] = mapped_column(String(64), nullable=False)
    registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(64))


class FieldRosterPull(Base):
    """A roster the centre generated for a field laptop (workstation), with the key it presented:
    a visit sealed with that key is dated within one of them (``generated_at`` .. ``valid_until``,
    Beijing days) — a visit dated before its roster existed is back-dated."""

    __tablename__ = "field_roster_pulls"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    key_id: Mapped[str] = mapped_column(String(16), nullable=False)
    generated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    valid_until: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    __table_args__ = (Index("ix_field_roster_pulls_ws_key", "workstation_id", "key_id"),)


class FieldVisit(Base):
    """A sealed home visit as received (one row per visit id, whatever the retries)."""

    __tablename__ = "field_visits"
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    id_number: Mapped[str] = mapped_column(String(18), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)
    visited_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    staff: Mapped[str] = mapped_column(String(140), nullable=False)
    sm3: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_field_visits_person", "id_number", "visited_at"),)


class FieldDeathReport(Base):
    """A home visit's report that the pensioner has died (上门认证 result 已死亡), for the centre's
    staff to act on (5.6.2.1: the pension is paid only to those certified; 6.6.3.2: no reminder to
    that phone). ``state``: ``open`` (the visit was accepted; the person is flagged and a suspension
    of payment was raised or was already open: ``suspension_id``), ``refused`` (the visit was
    refused as superseded by a later certification: nothing suspended, kept for a supervisor to see),
    ``cleared`` (a supervisor found the report wrong: ``cleared_by``/``cleared_at``/``clear_reason``).
    ``conflicts``: JSON list of the certifications that contradict it (a certification after the
    report, or one made after the roster the reporting visit was made from was generated)."""

    __tablename__ = "field_death_reports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    visit_id: Mapped[str] = mapped_column(String(64), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    visited_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    staff: Mapped[str] = mapped_column(String(140), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)            # open | refused | cleared
    suspension_id: Mapped[str | None] = mapped_column(String(36))
    conflicts: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    cleared_by: Mapped[str | None] = mapped_column(String(64))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime)
    clear_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_field_death_reports_person", "id_number", "state"),)


DEFAULT_POOL_SIZE = 8


def make_engine(url: str, *, pool_size: int | None = None) -> Engine:
    """SQLite (embedded, one process) or a pooled PostgreSQL engine: per worker process
    ``pool_size`` connections kept open plus as many again under a burst; a request that finds
    none free within ``pool_timeout`` is answered 503 + Retry-After (counter_central.observability).

    ``hide_parameters``: a failing statement's exception never carries its bound values (ID numbers,
    names, free text), so neither the service log nor any message built from it does."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                database = make_url(url).database
                if database and database != ":memory:" and not database.startswith("file:"):
                    _create_owner_only(Path(database))
            except OSError:
                pass     # SQLite's own "unable to open database file" says it when it connects
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _rec):
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    size = pool_size or DEFAULT_POOL_SIZE
    engine = create_engine(url, pool_size=size, max_overflow=size, pool_timeout=10, pool_pre_ping=True,
                           hide_parameters=True)

    @event.listens_for(engine, "do_connect")
    def _named(_dialect, _rec, _cargs, cparams):
        # each connection says which process of the centre holds it (pg_stat_activity), unless
        # the URL names it otherwise: other_centre_sessions, and the DBA's view of who is connected
        cparams.setdefault("application_name", _application_name())

    return engine


APPLICATION_NAME = "counter-central"


def _application_name() -> str:
    """``counter-central[PID]``: the process that opens the connection (a worker's own PID)."""
    import os

    return f"{APPLICATION_NAME}[{os.getpid()}]"


def other_centre_sessions(conn) -> int:
    """How many connections of other processes of the centre (:func:`make_engine`'s
    ``application_name``) the database has now, on PostgreSQL; 0 on SQLite (one host, one file:
    nothing to ask)."""
    from sqlalchemy import text

    if conn.dialect.name != "postgresql":
        return 0
    return int(conn.execute(text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND application_name LIKE :ours AND application_name <> :mine"),
        {"ours": APPLICATION_NAME + "[%", "mine": _application_name()}).scalar())


def _create_owner_only(path: Path) -> None:
    """Create the embedded database file owner-only (0600) before SQLite opens it: it holds the
    whole registry in clear, and SQLite would create it with the process's umask (0644 as a rule).
    SQLite gives its ``-wal`` and ``-shm`` files the database file's mode. An existing file is left
    as it is (its mode is the administrator's)."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def insert_on_conflict(s: Session | Connection, model: type[Base] | Table) -> Insert:
    """An ``INSERT`` into ``model``'s table (or into a ``Table``: a Core statement, which an
    executemany sends without the ORM's bulk-insert path) for the database of the session (or
    connection) that can say ``ON CONFLICT``
    (``.on_conflict_do_nothing(index_elements=…)`` / ``.on_conflict_do_update(…, set_=…,
    where=…)``, with ``stmt.excluded``): PostgreSQL's or SQLite's — the centre's one switch on
    the dialect for it. Any other database is refused with a clear message."""
    name = (s.get_bind() if hasattr(s, "get_bind") else s).dialect.name    # (a Connection has no get_bind)
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:
        raise ValueError(f"中心数据库只支持 PostgreSQL 或 SQLite，不支持 {name}")
    return insert(model)


class BackupFailed(Exception):
    """The copy of an embedded (SQLite) centre database taken before a schema upgrade could not be
    written: the upgrade is not done. The message is the administrator's Chinese."""


class CentreTooNew(Exception):
    """The centre database was written by a newer centre (its alembic_version names a revision this
    program does not have: a downgrade of the program). Nothing is touched; the message is the
    administrator's Chinese, with the unknown revisions (结构版本)."""

    def __init__(self, unknown: set[str]):
        self.unknown = tuple(sorted(unknown))
        super().__init__(f"中心数据库由更新版本的中心服务写入（结构版本 {', '.join(self.unknown)}），"
                         "本程序无法安全使用它，未作任何改动：请安装与数据库相符（不低于写入它的）版本的中心服务。")


def sqlite_file(url: str | URL) -> Path | None:
    """The file of an embedded centre database's URL (None: PostgreSQL, in memory, a ``file:`` URI)."""
    url = make_url(url)
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def backup_sqlite(db_file: Path, backup_dir: Path | None = None) -> Path:
    """A consistent copy of the SQLite centre database ``db_file`` (SQLite's online backup: the
    committed rows of its WAL included, while the service runs), mode 0600 — it holds personal data —
    as ``<name>.before-migrate-<UTC time>.sqlite3`` in ``backup_dir`` (default: beside the file)."""
    import os
    import sqlite3

    folder = backup_dir or db_file.parent
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_file.stem}.before-migrate-{stamp}.sqlite3"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        try:
            target.unlink()
        except OSError:
            pass
        why = "磁盘已满" if isinstance(exc, OSError) and exc.errno == 28 else (
            "没有写入权限" if isinstance(exc, PermissionError) else "无法写入")
        raise BackupFailed(f"升级数据库结构前的备份失败（{folder}：{why}），未做结构升级。"
                           "请腾出空间或换用可写的备份目录（--backup-dir）后重试。") from exc
    return target


def revision_graph() -> dict[str, tuple[str, ...]]:
    """Every revision of the centre's migrations with what it stands on (its down revisions and
    its ``depends_on`` dependencies)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    graph: dict[str, tuple[str, ...]] = {}
    for rev in ScriptDirectory.from_config(cfg).walk_revisions():
        below: list[str] = []
        for ref in (rev.down_revision, rev.dependencies):
            if isinstance(ref, str):
                below.append(ref)
            elif ref:
                below.extend(ref)
        graph[rev.revision] = tuple(below)
    return graph


def applied_revisions(current: set[str], graph: dict[str, tuple[str, ...]]) -> set[str]:
    """The revisions a database has: those in alembic_version and everything they stand on (the
    rows name only the tops, and a revision another one ``depends_on`` leaves the table)."""
    seen: set[str] = set()
    todo = list(current)
    while todo:
        rev = todo.pop()
        if rev in seen:
            continue
        seen.add(rev)
        todo.extend(graph.get(rev, ()))
    return seen


def _behind(current: set[str], graph: dict[str, tuple[str, ...]]) -> bool:
    """Whether a database at ``current`` (its alembic_version rows, all known to ``graph``) lacks a
    revision this program has."""
    return not set(graph) <= applied_revisions(current, graph)


def migrate(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Upgrade the central database to the newest schema (every Alembic head: areas may branch).

    An embedded (SQLite) database that has a schema and is behind is first copied
    (:func:`backup_sqlite`; :class:`BackupFailed` and nothing upgraded when that fails): every
    command upgrades it on first use after an upgrade of the program, and the package's own
    backup step cannot copy a WAL database safely. Returns the copy's path, or None when none was
    needed (PostgreSQL: the package's postinst takes its ``pg_dump`` before migrating).

    A database written by a newer centre (a revision this program does not know) raises
    :class:`CentreTooNew` before anything is copied or written. (Every caller then checks that the
    entry key opens the stored payloads: counter_central.entry_key.check_ready.)"""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    copy: Path | None = None
    db_file = sqlite_file(engine.url)
    current: set[str] = set()
    if db_file is None or db_file.is_file():    # (a SQLite file not there yet: a new centre, nothing to read)
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    graph = revision_graph()
    if current - set(graph):
        raise CentreTooNew(current - set(graph))
    if db_file is not None and current and _behind(current, graph):
        copy = backup_sqlite(db_file, backup_dir)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return copy
