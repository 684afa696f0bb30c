"""Approval requests (审批) under maker-checker, as both the counter and the centre see them.

One request per escalation (审批点): the clerk (maker, 经办人) asks, a supervisor (checker, 审批人)
of the same office with at least the required level decides. The counter sends the request and an
on-site decision through its outbox (``aggregate_type`` ``approval``, kinds below); a supervisor
elsewhere decides through ``POST /approvals/{id}/decision``, signed by their own token. The centre
publishes ``approval.requested`` / ``approval.decided`` changes to the office and the decision as
``case.escalation_decision`` for the maker's case.

:func:`decision_refusal` is THE maker-checker rule; the counter checks it before it decides
on site and the centre checks it again on every decision it receives. Nothing turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

AGGREGATE = "approval"
KIND_REQUESTED = "approval.requested"     # outbox entry of the maker / change to the office
KIND_DECIDED = "approval.decided"         # outbox entry of an on-site decision / change to the office
KIND_WITHDRAWN = "approval.withdrawn"     # outbox entry of the maker
PATH = "/approvals"

LEVEL_NAMES = {1: "科长", 2: "中心主任"}


REASON_MAX_LENGTH = 500     # an approval decision's 审批意见（理由）, in characters: on site and 集中授权


class ApprovalState(str, Enum):
    pending = "pending"        # 待审批
    approved = "approved"      # 已批准
    rejected = "rejected"      # 已驳回
    withdrawn = "withdrawn"    # 已撤回
    expired = "expired"        # 已过期


STATE_NAMES = {
    ApprovalState.pending: "待审批", ApprovalState.approved: "已批准", ApprovalState.rejected: "已驳回",
    ApprovalState.withdrawn: "已撤回", ApprovalState.expired: "已过期",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RequestPayload(_Model):
    """Payload of an ``approval.requested`` outbox entry (aggregate_id = the request id)."""

    action: SafeStr = Field(min_length=1, max_length=32)        # an Escalation value
    case_id: SafeStr = Field(min_length=1, max_length=64)
    case_no: SafeStr = Field(default="", max_length=64)
    service_code: SafeStr = Field(default="", max_length=64)
    maker: SafeStr = Field(min_length=1, max_length=64)
    made_at: datetime
    payload_digest: SafeStr = Field(min_length=64, max_length=64)
    required_level: int = Field(ge=1, le=2)
    summary: SafeStr = Field(default="", max_length=2000)       # 中文：what is asked and why (no ID numbers)
    details: dict[str, Any] = Field(default_factory=dict)   # what the decision carries out (step code, reasons…)


class DecisionPayload(_Model):
    """Payload of an ``approval.decided`` outbox entry: a decision made ON SITE (现场授权) on the
    maker's screen; ``checker`` is the supervisor who authenticated there."""

    decision: Literal["approved", "rejected"]
    reason: SafeStr = Field(min_length=1, max_length=REASON_MAX_LENGTH)
    checker: SafeStr = Field(min_length=1, max_length=64)
    decided_at: datetime
    mode: Literal["on_site"] = "on_site"
    payload_digest: SafeStr = Field(min_length=64, max_length=64)
    # HMAC-SHA256 by the checker's approval key for this workstation (:func:`decision_proof`): the
    # proof that the checker authenticated on this screen; the centre rejects a decision without it
    proof: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class DecisionRequest(_Model):
    """Body of ``POST /approvals/{id}/decision`` (集中授权): the checker is the token's user."""

    decision: Literal["approved", "rejected"]
    reason: SafeStr = Field(min_length=1, max_length=REASON_MAX_LENGTH)


class ApprovalRequest(_Model):
    id: str
    action: str
    case_id: str
    case_no: str = ""
    service_code: str = ""
    office_code: str
    workstation_id: str
    maker: str
    made_at: datetime
    payload_digest: str
    required_level: int
    summary: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    state: ApprovalState
    checker: str = ""
    decided_at: datetime | None = None
    reason: str = ""
    mode: str = ""                      # on_site | remote


class ApprovalList(_Model):
    items: list[ApprovalRequest]


# ------------------------------------------------------------------ proof of an on-site decision

APPROVAL_KEY_BYTES = 32
PROOF_CONTEXT = "counter-approval-proof-v1"


def _utc_text(dt: datetime) -> str:
    """``dt`` in UTC, one spelling for both ends (a naive time is UTC, as everywhere in the product)."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def proof_message(request_id: str, workstation_id: str, dec: DecisionPayload) -> bytes:
    """The canonical bytes an on-site decision's proof covers: a JSON array (unambiguous, UTF-8) of
    the request, the workstation, and every field of the decision but the proof itself."""
    fields = [PROOF_CONTEXT, request_id, workstation_id, dec.checker, dec.decision, dec.reason,
              _utc_text(dec.decided_at), dec.mode, dec.payload_digest]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decision_proof(key: bytes, request_id: str, workstation_id: str, dec: DecisionPayload) -> str:
    """HMAC-SHA256 (hex) of :func:`proof_message` by the checker's approval key for the workstation
    (the key the centre gave at the checker's online login there; the counter holds it sealed under
    the checker's password)."""
    return hmac.new(key, proof_message(request_id, workstation_id, dec), hashlib.sha256).hexdigest()


def proof_ok(key: bytes, request_id: str, workstation_id: str, dec: DecisionPayload) -> bool:
    """True when ``dec.proof`` is the proof of this decision by ``key`` (constant-time compare)."""
    if not dec.proof:
        return False
    return hmac.compare_digest(dec.proof, decision_proof(key, request_id, workstation_id, dec))


_NOT_AGAIN = "，不能再作决定"
_NOT_WITHDRAWN = "，不能撤回"
# what closed a request, as the note of a refusal says it (「科长02 于 2026-12-06 20:05 驳回」; each
# verb has its own templates in counter_app/ui/centre_words.py)
CLOSED_VERBS = {ApprovalState.approved: "批准", ApprovalState.rejected: "驳回", ApprovalState.withdrawn: "撤回",
                ApprovalState.expired: "过期"}


def closed_note(state: str, *, checker: str = "", maker: str = "", at: datetime | str | None = None,
                reason: str = "") -> str:
    """Who closed a request that is no longer pending, when (Beijing time, to the minute) and why —
    「（科长02 于 2026-12-06 20:05 驳回：材料不符）」 — added to a refusal of a later decision or
    withdrawal (the later actor learns what happened and who did it); empty when nothing is known.
    ``checker`` / ``maker``: the names as the reader knows them (a display name, else the login);
    the decider is named for a decision, the maker for a withdrawal, nobody for an expiry."""
    from counter_protocol.clock import beijing_text

    if state not in ApprovalState._value2member_map_ or state == ApprovalState.pending.value:
        return ""
    closed = ApprovalState(state)
    by = {ApprovalState.approved: checker, ApprovalState.rejected: checker,
          ApprovalState.withdrawn: maker}.get(closed, "").strip()
    when = beijing_text(at)
    if not by and not when:
        return ""
    why = reason.strip() if closed in (ApprovalState.approved, ApprovalState.rejected) else ""
    said = " ".join(x for x in (by, f"于 {when}" if when else "", CLOSED_VERBS[closed]) if x)
    return f"（{said}：{why}）" if why else f"（{said}）"


def closed_refusal(state: str, *, withdrawal: bool = False, checker: str = "", maker: str = "",
                   at: datetime | str | None = None, reason: str = "") -> str:
    """The refusal of a decision (``withdrawal``: of a withdrawal) on a request no longer pending:
    「该审批申请已驳回，不能再作决定（科长02 于 2026-12-06 20:05 驳回：材料不符）」. The fixed
    prefix up to 「不能再作决定」 is what :func:`already_decided` reads."""
    name = STATE_NAMES.get(ApprovalState(state), state) if state in ApprovalState._value2member_map_ else state
    return (f"该审批申请{name}{_NOT_WITHDRAWN if withdrawal else _NOT_AGAIN}"
            + closed_note(state, checker=checker, maker=maker, at=at, reason=reason))


def already_decided(refusal: str | None) -> Literal["approved", "rejected"] | None:
    """The decision a refusal of :func:`decision_refusal` says the request already carried
    (another supervisor decided first: 「该审批申请已批准，不能再作决定」, with or without the note
    of who decided and when, :func:`closed_note`), or None for any other refusal. The counter reads
    it from the centre's rejection of an on-site decision: only the fixed prefix counts."""
    text = (refusal or "").strip()
    for state in (ApprovalState.approved, ApprovalState.rejected):
        prefix = f"该审批申请{STATE_NAMES[state]}{_NOT_AGAIN}"
        if text == prefix or text.startswith(prefix + "（"):
            return "approved" if state is ApprovalState.approved else "rejected"
    return None


# the centre's own requests (counter_central.certification): raised by a certification or a home visit
CERTIFICATION_ACTIONS = frozenset({"payment_suspension", "payment_resumption"})
CASE_PARTICIPANT = "审批人不能是经办人本人：您参与了该办件的办理，不能由您审批"


def point_refusal(service_name: str, point_name: str, *, decision: bool = False) -> str:
    """Why an approval of ``point_name`` (an approval point, 审批点) cannot be asked for — or, with
    ``decision``, granted — on a case of ``service_name``, whose flow has no such point
    (``counter_rules.approval_points.service_points``; e.g. 注销参保 on a 养老金申领). The counter
    refuses to make the request; the centre refuses it, or its approval, when pushed or decided."""
    if decision:
        return f"办件的服务事项「{service_name}」没有「{point_name}」审批点，不能批准该审批申请"
    return f"办件的服务事项「{service_name}」没有「{point_name}」审批点，不能提出该审批申请"


def decision_refusal(*, state: str, maker: str, checker: str, checker_roles: list[str] | tuple[str, ...],
                     checker_level: int, checker_office: str, request_office: str, required_level: int,
                     reason: str, pushed_by: str = "", participants: Iterable[str] = (),
                     action: str = "", closed_by: str = "", closed_at: datetime | str | None = None,
                     closed_reason: str = "", made_by: str = "") -> str | None:
    """Why ``checker`` may not decide this request (中文), or None. The maker-checker rule: nobody
    ever decides a request they took part in making.

    ``pushed_by``: the user signed in when the request reached the centre (the centre records it;
    empty where unknown). A workstation's outbox carries other clerks' entries, so whoever pushed a
    request counts as its maker too, as for a case's escalation (counter_central.core._maker).
    ``participants``: everyone else the centre knows took part in creating the request (the account
    that recorded the certification a resumption answers, each staff member of the home visit that
    raised it); empty where unknown. ``action``: what the request is for — the participant refusal
    names a certification and a home visit only for the centre's own requests that rest on them
    (暂停发放 / 恢复发放), a counter case's otherwise. ``closed_by`` (the decider's name),
    ``made_by`` (the maker's, for a withdrawal), ``closed_at`` and ``closed_reason``: what closed a
    request no longer pending, named in the refusal (:func:`closed_note`); empty where unknown."""
    if state != ApprovalState.pending.value:
        return closed_refusal(state, checker=closed_by, maker=made_by, at=closed_at, reason=closed_reason)
    if checker == maker:
        return "审批人不能是经办人本人：不能审批自己提出的申请"
    if pushed_by and checker == pushed_by:
        return "审批人不能是经办人本人：该申请是以您的账号提交到中心的，不能由您审批"
    if checker in {x for x in participants if x}:
        if action in CERTIFICATION_ACTIONS:
            return "审批人不能是经办人本人：您参与了该申请的办理（如认证、上门认证），不能由您审批"
        return CASE_PARTICIPANT
    if "supervisor" not in checker_roles:
        return "只有科长（负责人）可以审批"
    if checker_office != request_office:
        return f"只能审批本分局（{checker_office}）的申请，该申请属于 {request_office}"
    if checker_level < required_level:
        return (f"审批级别不足：该事项须由{LEVEL_NAMES.get(required_level, required_level)}"
                f"（{required_level} 级）审批，您的级别为 {checker_level}")
    if not reason.strip():
        return "请填写审批意见（理由）"
    return None


# ------------------------------------------------------------------ one person, two accounts

@dataclass(frozen=True)
class Person:
    """An account as maker-checker compares it: the staff member's 工号 (``staff_no``, "" unknown),
    else the display name within the office. The centre builds it from its users, the counter from
    the centre's description of each account (``UserInfo``, the login's answer)."""

    username: str
    display_name: str = ""
    office_code: str = ""
    staff_no: str = ""


def person_name(name: str | None) -> str:
    """A display name as two accounts of one person would both spell it (width, spaces folded), as
    it reads: characters that show nothing (a zero-width space, a bidi control: counter_protocol.
    free_text.invisible) dropped, so 「窗口经办员\u200b01」 is the same name as 「窗口经办员01」 (the
    centre refuses such names now; accounts stored before are compared as they read)."""
    import unicodedata

    from counter_protocol.free_text import without_invisible

    return "".join(without_invisible(unicodedata.normalize("NFKC", name or "")).split()).casefold()


def same_person(a: Person, b: Person) -> Literal["staff_no", "name"] | None:
    """Whether two accounts are one staff member's, and by what: ``"staff_no"`` (the same 工号),
    ``"name"`` (for an account without a staff number, the cautious default: the same display name
    in the same office), or None (two people, or nothing known to compare)."""
    if a.username == b.username:
        return "staff_no"
    if a.staff_no and b.staff_no:
        return "staff_no" if a.staff_no.upper() == b.staff_no.upper() else None
    name = person_name(a.display_name)
    if name and a.office_code and a.office_code == b.office_code and name == person_name(b.display_name):
        return "name"
    return None


def same_person_refusal(checker: Person, others: Iterable[Person]) -> str | None:
    """Why ``checker`` is one of ``others`` (everyone known to have taken part) under another
    account (中文), or None. Maker-checker is about people: a 科长's second (窗口) account is the
    科长. THE rule both ends apply: the centre on every decision, the counter before it decides on
    site."""
    for other in sorted(others, key=lambda o: o.username):
        if not other.username or other.username == checker.username:
            continue
        how = same_person(checker, other)
        if how == "staff_no":
            return (f"审批人不能是经办人本人：您的账号与参与办理的账号 {other.username} 登记的工号相同，是同一人，"
                    f"不能由您审批")
        if how == "name":
            return (f"审批人不能是经办人本人：您的账号与参与办理的账号 {other.username} 姓名相同、同属分局 "
                    f"{other.office_code}，未登记工号时视为同一人，不能由您审批；如确为两人，请系统管理员为两个账号"
                    f"登记工号（counter-central users set-staff-no）")
    return None


def expires_at(made_at: datetime, hours: Decimal | int | float | None) -> datetime | None:
    """When a request made at ``made_at`` expires if still pending (None: never)."""
    if hours is None or Decimal(str(hours)) <= 0:
        return None
    return made_at + timedelta(hours=float(hours))


def is_overdue(made_at: datetime, now: datetime, hours: Decimal | int | float | None) -> bool:
    """A pending request older than ``hours`` is expired (过期): it can no longer be decided."""
    end = expires_at(made_at, hours)
    return end is not None and now >= end


def expired_reason(hours: Decimal | int | float) -> str:
    """Why a request expired (中文)."""
    return f"提出后超过 {Decimal(str(hours)).normalize():f} 小时未审批"


EXPIRY_PARAMETER = "pending_expiry_hours"


def expiry_hours_of_table(content: dict[str, Any], on: date) -> Decimal | None:
    """``pending_expiry_hours`` in force on ``on`` in a published authorisation table (its JSON
    shape: ``parameters: [{key, value, effective_from, effective_to}]``); None: not set (never)."""
    best: tuple[str, Decimal] | None = None
    for raw in (content or {}).get("parameters") or []:
        if not isinstance(raw, dict) or raw.get("key") != EXPIRY_PARAMETER:
            continue
        start, end = str(raw.get("effective_from") or "2000-01-01"), raw.get("effective_to")
        if not (start <= on.isoformat() and (not end or on.isoformat() <= str(end))):
            continue
        try:
            value = Decimal(str(raw.get("value")))
        except InvalidOperation:
            continue
        if best is None or start > best[0]:
            best = (start, value)
    return best[1] if best is not None and best[1] > 0 else None

