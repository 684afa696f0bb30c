"""Field work over the wire (外勤上门认证, 5.6.3 / 6.6.3): the roster a field laptop pulls, the
home-visit requests, and the SEALED visit record both sides check the same way.

    POST /api/v1/field/roster     {"laptop_key": PEM, "days": N?}  → Roster      (field role)
    POST /api/v1/field/requests   {"id_number": ..., "reason": ...} → VisitRequest (clerk / supervisor)
    GET  /api/v1/field/deaths[?include_cleared=true][&record=true] → DeathReportList (supervisor / auditor;
         standing reports only unless include_cleared; record: a person asked — recorded in the
         centre's registry reads, a timed refresh only when none is recorded in the last minutes)
    POST /api/v1/field/deaths/{report_id}/clear {"reason"} → DeathReportCleared (supervisor)

ID numbers travel in bodies, never in URLs. The roster is scoped to the token's office.

A visit leaves the laptop as one outbox entry (``kind`` :data:`VISIT_KIND`, ``aggregate_type``
:data:`AGGREGATE`, ``aggregate_id`` the visit id) whose payload is ``{"visit": {...}, "seal": {...}}``:
``seal.sm3`` is SM3 over the canonical JSON of ``visit`` (counter_protocol.canonical) and
``seal.signature`` the laptop's ECDSA P-256 / SHA-256 signature over those 32 digest bytes (the
key is in the laptop's OS keyring; its public key is registered at the centre with each roster
pull). Any later edit of the visit breaks the digest; a digest recomputed by whoever edited it
breaks the signature. :func:`check_seal` is the one check, used by the laptop and the centre.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.canonical import canonical_json
from counter_protocol.sync import SafeStr

ROSTER_PATH = "/field/roster"
REQUESTS_PATH = "/field/requests"
DEATHS_PATH = "/field/deaths"                      # 上门认证死亡报告 of the token's office (masked)
VISIT_KIND = "field.visit_recorded"
AGGREGATE = "field_visit"

# 认证结果
RESULTS = {
    "eligible": "认证通过（本人健在）",
    "not_found": "未找到本人",
    "deceased": "已死亡",
    "moved_away": "已迁出",
    "refused": "拒绝认证",
    "other": "其他",
}
Result = Literal["eligible", "not_found", "deceased", "moved_away", "refused", "other"]

# who may be one of a visit's two staff members (the laptop checks the second one's sign-in; the
# centre checks both against its accounts)
STAFF_ROLES = ("field", "clerk", "supervisor")


# why a visit cannot stand, as codes (the laptop words them as its Refusal ``field_<code>``, the
# centre as its own Chinese reason): :func:`visit_refusal` and :func:`sealed_visit_refusal`
SIGNATURE_METHODS = ("pad", "screen", "none")
FINGERPRINT_STATES = ("matched", "not_matched", "no_template", "not_taken")


def evidence_refusal(*, result: str, card_read: bool, card_matches: bool, fingerprint: str, has_template: bool,
                     photo_compared: bool, photo_taken: bool, signature: bool, signature_method: str) -> str | None:
    """The identity evidence a visit needs (5.6.3 / 6.6.3), the same rule at the laptop and the centre:
    None when it stands, else the code of the first thing missing:

    - ``signature_method``: not one of :data:`SIGNATURE_METHODS` (whatever the result);
    - for ``eligible`` only: ``card`` no card chip read; ``card_mismatch`` the chip's ID number is not
      the person's; ``no_match`` the fingerprint did not match; ``fingerprint`` neither a matched
      fingerprint nor — only where there is NO enrolled template (``has_template``: the roster's at
      the laptop, the registry's at the centre) — the staff's comparison with the registry photo and
      a photo taken on site (face recognition is never a path of its own); ``signature`` the
      person's signature is missing."""
    if signature_method not in SIGNATURE_METHODS:
        return "signature_method"
    if result != "eligible":
        return None
    if not card_read:
        return "card"
    if not card_matches:
        return "card_mismatch"
    if fingerprint == "not_matched":
        return "no_match"
    if fingerprint == "matched":
        pass                        # matched on the laptop's device against the roster's template
    elif fingerprint == "no_template" and not has_template and photo_compared and photo_taken:
        pass                        # no enrolled template: the staff compared the photo (not face recognition)
    else:
        return "fingerprint"
    if not signature or signature_method == "none":
        return "signature"
    return None


def visit_refusal(*, staff: list[str], result: str, address_confirmed: bool, **evidence: Any) -> str | None:
    """The whole rule of a visit: exactly two different staff (``two_staff`` / ``same_staff``), a
    result among :data:`RESULTS` (``choose_result``), the address confirmed (``address``), then
    :func:`evidence_refusal` (its keyword arguments)."""
    if len(staff) != 2 or not all(isinstance(u, str) and u.strip() for u in staff):
        return "two_staff"
    if staff[0] == staff[1]:
        return "same_staff"
    if result not in RESULTS:
        return "choose_result"
    if address_confirmed is not True:
        return "address"
    return evidence_refusal(result=result, **evidence)


def sealed_visit_refusal(visit: dict[str, Any], *, has_template: bool) -> str | None:
    """:func:`visit_refusal` over a sealed visit's content (the ``visit`` of the payload, as
    ``counter_app.workflows.field.record_visit`` writes it); ``has_template``: whether the person
    has an enrolled fingerprint template — the centre's registry says, not the visit. A field of
    the wrong type counts as missing. A record claiming a ``matched`` fingerprint for a person
    without an enrolled template claims a comparison with nothing (``fingerprint``): the laptop
    compares against the roster's template, which only ever comes from that registry."""
    identity = visit.get("identity")
    identity = identity if isinstance(identity, dict) else {}
    sig = visit.get("signature")
    sig = sig if isinstance(sig, dict) else {}
    staff = visit.get("staff")
    photo, png = visit.get("photo"), sig.get("png")
    fingerprint = str(identity.get("fingerprint", "not_taken"))
    if visit.get("result") == "eligible" and fingerprint == "matched" and not has_template:
        fingerprint = "not_taken"   # the card checks come first, as at the laptop; then: "fingerprint"
    return visit_refusal(
        staff=list(staff) if isinstance(staff, list) else [], result=str(visit.get("result", "")),
        address_confirmed=visit.get("address_confirmed") is True,
        card_read=identity.get("card_chip") is True, card_matches=identity.get("card_matches") is True,
        fingerprint=fingerprint, has_template=has_template,
        photo_compared=identity.get("photo_compared") is True, photo_taken=isinstance(photo, str) and bool(photo),
        signature=isinstance(png, str) and bool(png), signature_method=str(sig.get("method", "none")))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RosterRequest(_Model):
    laptop_key: SafeStr = Field(min_length=40, max_length=1000, description="this laptop's public key (PEM), which "
                            "signs its visits; registered to the calling workstation")
    days: int | None = Field(default=None, ge=0, le=366, description="roster window in days (default: the "
                             "policy parameter certification.roster_window_days)")


class RosterEntry(_Model):
    """One assignment: a pensioner to certify (``reason`` lapsing / lapsed / never / requested)."""

    assignment_id: str
    id_number: str
    name: str
    address: str = ""
    phone: str = ""
    last_certified: date | None = None
    valid_until: date | None = None
    reason: Literal["due", "lapsed", "never", "requested"]
    request_id: str | None = None
    fingerprint_template: str | None = Field(default=None, description="enrolled template (base64), if any")
    photo: str | None = Field(default=None, description="registry photo (base64 JPEG/PNG), if any")


class Roster(_Model):
    office_code: str
    generated_at: datetime
    valid_until: datetime = Field(description="the laptop wipes assignments not visited by then")
    window_days: int
    cycle_months: int
    entries: list[RosterEntry]


class VisitRequestIn(_Model):
    id_number: str = Field(min_length=15, max_length=18, pattern=r"^[0-9A-Za-z]+$")
    reason: SafeStr = Field(default="", max_length=200)


class VisitRequest(_Model):
    id: str
    office_code: str
    requested_by: str
    requested_at: datetime
    reason: str
    state: Literal["open", "done"]


# ------------------------------------------------------------------------------------ death reports

DEATH_REPORT_STATES = ("open", "refused", "cleared")
CLEAR_REASON_CHARS = 200


class DeathReport(_Model):
    """A home visit's 已死亡 report as a supervisor reads it: the person masked (ID number, name when
    the registry has one), the visit, its staff, the report's state (``open`` / ``refused``: 有效;
    ``cleared``: 已撤销), the suspension of payment it raised and the certifications that contradict it."""

    id: str
    office_code: str
    visit_id: str
    workstation_id: str
    id_masked: str
    name_masked: str = ""
    visited_at: datetime
    staff: list[str]
    state: Literal["open", "refused", "cleared"]
    state_name: str
    suspension_id: str | None = None
    suspension_state: Literal["flagged", "suspended", "not_suspended", "cleared", "resume_pending", "resumed"] | None = \
        Field(default=None, description="暂停发放的状态（代码），无则为空")
    suspension_state_name: str | None = Field(default=None, description="暂停发放的状态（名称）")
    conflicts: list[str] = Field(default_factory=list, description="与本报告矛盾的认证")
    cleared_by: str | None = None
    cleared_at: datetime | None = None
    clear_reason: str | None = None


class DeathReportList(_Model):
    office_code: str
    items: list[DeathReport]


class ClearDeathReport(_Model):
    reason: SafeStr = Field(default="", max_length=CLEAR_REASON_CHARS, description="撤销原因（必填，如 经核实本人健在）")


class DeathReportCleared(_Model):
    id: str
    id_masked: str
    state: Literal["cleared"]
    cleared_by: str
    suspension_withdrawn: bool = Field(description="仍待审批的暂停发放申请已撤回")
    still_suspended: bool = Field(description="暂停发放已生效：须重新认证并经审批后恢复发放")


# ------------------------------------------------------------------------------------ the seal


def sm3_hex(data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def visit_digest(visit: dict[str, Any]) -> str:
    """SM3 (hex) over the canonical JSON of the visit content."""
    return sm3_hex(canonical_json(visit).encode("utf-8"))


# the centre's answer when a laptop's signing key was revoked (a roster pull: 403 with this code; a
# sealed visit: rejected with this reason); the laptop then stops recording and wipes its roster
KEY_REVOKED = "该笔记本电脑的签名密钥已被中心停用"
KEY_REVOKED_CODE = "laptop_key_revoked"
KEY_REVOKED_ACTION = ("请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key），"
                      "重新拉取名单后再上门认证；用已停用密钥封存的记录不能入库")
# the centre's answer to a roster pull presenting a new key for a workstation whose key it revoked
# (a lost or stolen laptop re-keying itself) until IT allowed it at the centre (403 with this code;
# counter_central.field.register_key). Not KEY_REVOKED_CODE: the key presented is not revoked, and
# the laptop must not mark it so (it is the key IT will have allowed)
NEW_KEY_HELD = "该笔记本电脑的签名密钥已被中心停用，新的签名密钥须经信息技术人员在中心准许后才能登记"
NEW_KEY_HELD_CODE = "laptop_new_key_not_allowed"
NEW_KEY_HELD_ACTION = ("请信息技术人员核实笔记本电脑后在中心准许登记新密钥（counter-central field allow-new-key），"
                       "再联网登录并重新拉取名单")


def key_id(public_pem: str) -> str:
    """A short stable id of a public key (SM3 of its PEM text, first 16 hex digits)."""
    return sm3_hex(public_pem.strip().encode("ascii"))[:16]


WIPED = "wiped"     # the payload of a visit whose personal data the laptop has cleared
# why it was cleared: synced (the centre holds it; the roster period is over), expired (rejected,
# never sent again, and its roster period is over), superseded (rejected, and a newer visit to the
# same person was recorded on the laptop since)
CLEARED_SYNCED, CLEARED_EXPIRED, CLEARED_SUPERSEDED = "synced", "expired", "superseded"


def wiped_payload(payload: dict[str, Any], *, at: str, id_masked: str = "", why: str = CLEARED_SYNCED,
                  person: str = "", reason: str | None = None, visited_at: str = "",
                  superseded_by: str = "") -> dict[str, Any]:
    """What a laptop keeps of a visit once its personal data is cleared ("minimise what a field
    laptop carries, and wipe it when done"): no ID number, name, address, photo or signature.

    - a synced visit (``why`` synced): the seal's digest (the centre holds the visit under it),
      when, and the masked ID — as kept since field_0002;
    - a rejected visit never sent again (``expired``) or overtaken by a newer one (``superseded``):
      a tombstone — the seal's digest, when it was cleared, why, the person's reference on the
      laptop (``person``: the HMAC-SM3 key of the roster entry, not the ID number), the centre's
      reason for the rejection, the visit's time and (superseded) the newer visit's id. The
      outbox entry keeps its own id."""
    sealed = payload.get("seal")
    body: dict[str, Any] = {"at": at, "sm3": sealed.get("sm3") if isinstance(sealed, dict) else None}
    if why == CLEARED_SYNCED:
        body["id_masked"] = id_masked
    else:
        body.update(why=why, person=person, reason=reason, visited_at=visited_at)
        if superseded_by:
            body["superseded_by"] = superseded_by
    return {WIPED: body}


def seal(visit: dict[str, Any], private_key: Any, public_pem: str) -> dict[str, Any]:
    """The payload of a visit: its content and the seal (SM3 digest, signature, key id)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    digest = visit_digest(visit)
    signature = private_key.sign(bytes.fromhex(digest), ec.ECDSA(hashes.SHA256()))
    return {"visit": visit, "seal": {"sm3": digest, "signature": base64.b64encode(signature).decode("ascii"),
                                     "key_id": key_id(public_pem), "alg": "SM3+ECDSA-P256-SHA256"}}


def check_seal(payload: dict[str, Any], public_pem: str | None) -> str | None:
    """None when ``payload`` is an intact sealed visit signed with ``public_pem``; else why not (Chinese)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    visit, sealed = payload.get("visit"), payload.get("seal")
    if not isinstance(visit, dict) or not isinstance(sealed, dict):
        return "上门认证记录缺少内容或封存信息"
    if visit_digest(visit) != sealed.get("sm3"):
        return "上门认证记录封存后被改动（SM3 摘要不符）"
    if not public_pem:
        return "中心没有该笔记本电脑登记的签名公钥（请先在该电脑上拉取名单）"
    if sealed.get("key_id") != key_id(public_pem):
        return "上门认证记录不是用该笔记本电脑登记的密钥签名的"
    try:
        key = serialization.load_pem_public_key(public_pem.encode("ascii"))
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return "签名公钥类型不正确"
        key.verify(base64.b64decode(str(sealed.get("signature", "")), validate=True),
                   bytes.fromhex(sealed["sm3"]), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return "上门认证记录的签名无效（内容或摘要被改动）"
    return None
