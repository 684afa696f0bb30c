"""Use cases for fingerprints of a case (指纹采集与比对).

- 6.6.1.1.2.3 "受理窗口受理后，社保机构当场采集参保人指纹信息": :func:`capture_for_case` enrolls
  a finger and stores the template (optionally the image) with the case through the unit of
  work, with an outbox entry ``fingerprint.enrolled`` that carries ids, finger, quality and the
  template digest — never biometric bytes.
- Later certification by verification (资格认证, 6.6.3): :func:`verify_for_case`.
- An applicant who cannot give prints: :func:`continue_without_prints` records the mandatory
  reason with status ``awaiting_supervisor`` (escalation point); :func:`decide_exemption` is the
  supervisor's decision.

Device calls block: the UI runs these functions off the GUI thread
(``counter_app.ui.fingerprint_bridge``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select

from counter_app.devices.fingerprint.base import (
    DEFAULT_TIMEOUT_S,
    BadScanError,
    EnrollResult,
    Finger,
    FingerprintDevice,
    ProgressCallback,
    PromptCallback,
    Quality,
    template_digest,
)
from counter_app.devices.fingerprint.ridges import NO_RIDGES_MESSAGE, has_ridges
from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_biometrics import (
    ExemptionStatus,
    FingerprintExemption,
    FingerprintTemplate,
    FingerprintVerification,
    TemplateScheme,
)
from counter_app.storage.uow import UnitOfWork, new_id

log = logging.getLogger(__name__)

AGGREGATE = "case"
MIN_REASON_CHARS = 4

_QUALITY_RANK = {Quality.poor: 0, Quality.fair: 1, Quality.good: 2}


# The clerk's refusals of the 无法采集指纹 request by code ({0}: the parameter); a FingerprintWorkflowError
# raised through :meth:`FingerprintWorkflowError.of` keeps its code and parameters beside the Chinese, so
# the window words it (counter_app.ui.workspace.panel_steps.REFUSALS)
REFUSALS = {
    "reason_too_short": "请填写无法采集指纹的原因（至少 {0} 个字），例如“双手手指残缺”",
    "no_clerk": "缺少经办人，无法登记",
    "no_case": "缺少业务编号，无法保存指纹",
}


class FingerprintWorkflowError(Exception):
    """A rule of the fingerprint use cases was broken; the message is Chinese."""

    code = ""
    params: tuple[str, ...] = ()

    @classmethod
    def of(cls, code: str, *params: object) -> "FingerprintWorkflowError":
        texts = tuple(str(p) for p in params)
        err = cls(REFUSALS[code].format(*texts))
        err.code, err.params = code, texts
        return err


class NoTemplateError(FingerprintWorkflowError):
    pass


class TemplateCodec(Protocol):
    """Encryption at rest of templates and images: ``seal`` before storing, ``open`` after."""

    scheme: str

    def seal(self, plain: bytes) -> bytes: ...

    def open(self, scheme: str, stored: bytes) -> bytes: ...


class PlainCodec:
    """No encryption (scheme ``plain``): reads rows written before encryption at rest; tests."""

    scheme = TemplateScheme.plain

    def seal(self, plain: bytes) -> bytes:
        return plain

    def open(self, scheme: str, stored: bytes) -> bytes:
        if scheme != TemplateScheme.plain:
            raise FingerprintWorkflowError(f"无法解密指纹模板（存储方式 {scheme} 未配置密钥）")
        return stored


class Sm4Codec:
    """SM4-GCM under the ``biometrics`` key of the OS keyring (counter_app.storage.crypto): a
    template or image is never stored in clear, even inside the (SQLCipher-encrypted) store.
    Rows written before (scheme ``plain``) still open; the store migration biometrics_0002 seals them."""

    scheme = TemplateScheme.sm4_gcm
    AAD = b"counter-app:fingerprint"

    def seal(self, plain: bytes) -> bytes:
        from counter_app.storage.crypto import cipher_for

        return cipher_for("biometrics").seal(plain, self.AAD)

    def open(self, scheme: str, stored: bytes) -> bytes:
        from counter_app.storage.crypto import SealedDataError, cipher_for

        if scheme == TemplateScheme.plain:
            return stored
        if scheme != TemplateScheme.sm4_gcm:
            raise FingerprintWorkflowError(f"无法解密指纹模板（存储方式 {scheme} 未知）")
        try:
            return cipher_for("biometrics").open(stored, self.AAD)
        except SealedDataError:
            raise FingerprintWorkflowError("指纹模板校验失败（无法解密：密钥不符或数据被改动），请重新采集") from None
        except Exception:  # keyring unusable
            raise FingerprintWorkflowError("无法从系统密钥环取得指纹模板密钥，请联系信息技术人员") from None


@dataclass(frozen=True)
class StoredFingerprint:
    template_id: str
    case_id: str
    finger: Finger
    quality: Quality
    minutiae: int
    digest: str
    outbox_id: str
    image_kept: bool


@dataclass(frozen=True)
class VerificationOutcome:
    verification_id: str
    case_id: str
    template_id: str
    matched: bool
    outbox_id: str

    @property
    def message(self) -> str:
        return "指纹比对一致，认证通过" if self.matched else "指纹比对不一致"


@dataclass(frozen=True)
class ExemptionRecord:
    exemption_id: str
    case_id: str
    reason: str
    status: str
    outbox_id: str


def capture_for_case(store: Store, device: FingerprintDevice, case_id: str, *, clerk: str,
                     workstation_id: str = "", finger: Finger = Finger.right_index,
                     keep_image: bool = False, min_quality: Quality = Quality.fair,
                     timeout: float | None = DEFAULT_TIMEOUT_S,
                     on_progress: ProgressCallback | None = None,
                     on_prompt: PromptCallback | None = None,
                     codec: TemplateCodec | None = None) -> StoredFingerprint:
    """Enroll one finger on ``device`` and store it with the case (6.6.1.1.2.3)."""
    _require_case(case_id)
    result = device.enroll(finger, timeout=timeout, on_progress=on_progress, on_prompt=on_prompt,
                           keep_image=keep_image)
    return store_enrollment(store, case_id, result, clerk=clerk, workstation_id=workstation_id,
                            keep_image=keep_image, min_quality=min_quality, codec=codec)


def store_enrollment(store: Store, case_id: str, result: EnrollResult, *, clerk: str,
                     workstation_id: str = "", keep_image: bool = False,
                     min_quality: Quality = Quality.fair,
                     codec: TemplateCodec | None = None) -> StoredFingerprint:
    """Store an enrolment made elsewhere (e.g. on the UI's worker) with its outbox entry."""
    _require_case(case_id)
    if not has_ridges(result.coherence):
        raise BadScanError(NO_RIDGES_MESSAGE, reason="no_ridges", detail=f"ridge coherence {result.coherence:.3f}")
    if _QUALITY_RANK[result.quality] < _QUALITY_RANK[min_quality]:
        raise BadScanError.composed("录入的指纹质量{0}（特征点 {1} 个），请重新录入", result.quality.label, result.minutiae,
                                    reason="poor_quality")
    codec = codec or Sm4Codec()
    image = result.image if keep_image else None
    digest = template_digest(result.template)
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        row = FingerprintTemplate(
            id=new_id(), case_id=case_id, finger=result.finger.value, scheme=codec.scheme,
            template=codec.seal(result.template), template_digest=digest,
            image=codec.seal(image) if image is not None else None,
            image_width=result.image_size[0] if image is not None and result.image_size else None,
            image_height=result.image_size[1] if image is not None and result.image_size else None,
            quality=result.quality.value, minutiae=result.minutiae, backend=result.backend,
            device=result.device[:128], captured_at=utcnow(), clerk=clerk, workstation_id=workstation_id)
        uow.session.add(row)
        entry = uow.outbox.add(kind="fingerprint.enrolled", aggregate_type=AGGREGATE, aggregate_id=case_id,
                               payload={"template_id": row.id, "case_id": case_id, "finger": row.finger,
                                        "quality": row.quality, "minutiae": row.minutiae,
                                        "template_digest": digest, "backend": row.backend,
                                        "stages": result.stages, "image_kept": image is not None,
                                        "scheme": row.scheme})
        uow.commit()
    log.info("fingerprint enrolled for case %s (template %s, %s, %s)", case_id, row.id, row.finger, row.quality)
    return StoredFingerprint(row.id, case_id, result.finger, result.quality, result.minutiae, digest,
                             entry.id, image is not None)


def latest_template(store: Store, case_id: str) -> FingerprintTemplate | None:
    with store.session() as s:
        return s.scalars(select(FingerprintTemplate).where(FingerprintTemplate.case_id == case_id)
                         .order_by(FingerprintTemplate.captured_at.desc(), FingerprintTemplate.id.desc())
                         .limit(1)).first()


def load_template(store: Store, case_id: str, codec: TemplateCodec | None = None) -> tuple[FingerprintTemplate, bytes]:
    row = latest_template(store, case_id)
    if row is None:
        raise NoTemplateError(f"业务 {case_id} 没有已采集的指纹模板，无法比对")
    plain = (codec or Sm4Codec()).open(row.scheme, row.template)
    if template_digest(plain) != row.template_digest:
        raise FingerprintWorkflowError("指纹模板校验失败（数据可能已损坏），请重新采集")
    return row, plain


def verify_for_case(store: Store, device: FingerprintDevice, case_id: str, *, clerk: str,
                    workstation_id: str = "", purpose: str = "certification",
                    timeout: float | None = DEFAULT_TIMEOUT_S,
                    on_prompt: PromptCallback | None = None,
                    codec: TemplateCodec | None = None) -> VerificationOutcome:
    """Compare a live finger with the case's stored template and record the outcome."""
    row, plain = load_template(store, case_id, codec)
    result = device.verify(plain, timeout=timeout, on_prompt=on_prompt)
    return record_verification(store, case_id, row.id, result.match, clerk=clerk,
                               workstation_id=workstation_id, purpose=purpose)


def record_verification(store: Store, case_id: str, template_id: str, matched: bool, *, clerk: str,
                        workstation_id: str = "", purpose: str = "certification") -> VerificationOutcome:
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        row = FingerprintVerification(id=new_id(), case_id=case_id, template_id=template_id,
                                      matched=bool(matched), purpose=purpose, verified_at=utcnow(), clerk=clerk)
        uow.session.add(row)
        entry = uow.outbox.add(kind="fingerprint.verified", aggregate_type=AGGREGATE, aggregate_id=case_id,
                               payload={"verification_id": row.id, "case_id": case_id,
                                        "template_id": template_id, "matched": bool(matched),
                                        "purpose": purpose})
        uow.commit()
    return VerificationOutcome(row.id, case_id, template_id, bool(matched), entry.id)


def continue_without_prints(store: Store, case_id: str, reason: str, *, clerk: str,
                            workstation_id: str = "") -> ExemptionRecord:
    """无法采集指纹：record the reason; the case waits for a supervisor's approval."""
    _require_case(case_id)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_CHARS:
        raise FingerprintWorkflowError.of("reason_too_short", MIN_REASON_CHARS)
    if not clerk:
        raise FingerprintWorkflowError.of("no_clerk")
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        row = FingerprintExemption(id=new_id(), case_id=case_id, reason=reason, clerk=clerk,
                                   status=ExemptionStatus.awaiting_supervisor, created_at=utcnow())
        uow.session.add(row)
        entry = uow.outbox.add(kind="fingerprint.exemption_requested", aggregate_type=AGGREGATE,
                               aggregate_id=case_id,
                               payload={"exemption_id": row.id, "case_id": case_id, "reason": reason,
                                        "status": row.status})
        uow.commit()
    return ExemptionRecord(row.id, case_id, reason, row.status, entry.id)


def decide_exemption(store: Store, exemption_id: str, *, supervisor: str, approve: bool, note: str = "",
                     workstation_id: str = "") -> ExemptionRecord:
    """The supervisor approves or rejects a "continued without prints" record."""
    with UnitOfWork(store, actor=supervisor, workstation_id=workstation_id) as uow:
        row = uow.session.get(FingerprintExemption, exemption_id)
        if row is None:
            raise FingerprintWorkflowError("找不到该无法采集指纹登记")
        if row.status != ExemptionStatus.awaiting_supervisor:
            raise FingerprintWorkflowError("该登记已审批过，不能重复审批")
        if not supervisor or supervisor == row.clerk:
            raise FingerprintWorkflowError("须由经办人以外的主管审批")
        if not approve and not note.strip():
            raise FingerprintWorkflowError("不同意时请填写意见")
        row.status = ExemptionStatus.approved if approve else ExemptionStatus.rejected
        row.supervisor = supervisor
        row.decided_at = utcnow()
        row.decision_note = note.strip() or None
        entry = uow.outbox.add(kind="fingerprint.exemption_decided", aggregate_type=AGGREGATE,
                               aggregate_id=row.case_id,
                               payload={"exemption_id": row.id, "case_id": row.case_id, "status": row.status,
                                        "supervisor": supervisor})
        uow.commit()
        return ExemptionRecord(row.id, row.case_id, row.reason, row.status, entry.id)


def pending_exemptions(store: Store) -> list[FingerprintExemption]:
    with store.session() as s:
        return list(s.scalars(select(FingerprintExemption)
                              .where(FingerprintExemption.status == ExemptionStatus.awaiting_supervisor)
                              .order_by(FingerprintExemption.created_at)))


def fingerprint_status(store: Store, case_id: str) -> str:
    """``captured`` | ``exempt_pending`` | ``exempt_approved`` | ``missing`` for a case."""
    if latest_template(store, case_id) is not None:
        return "captured"
    with store.session() as s:
        statuses = set(s.scalars(select(FingerprintExemption.status).where(FingerprintExemption.case_id == case_id)))
    if ExemptionStatus.approved in statuses:
        return "exempt_approved"
    if ExemptionStatus.awaiting_supervisor in statuses:
        return "exempt_pending"
    return "missing"


def _require_case(case_id: str) -> None:
    if not case_id or not str(case_id).strip():
        raise FingerprintWorkflowError.of("no_case")


__all__ = [
    "ExemptionRecord", "FingerprintWorkflowError", "NoTemplateError", "PlainCodec", "StoredFingerprint",
    "TemplateCodec", "VerificationOutcome", "capture_for_case", "continue_without_prints",
    "decide_exemption", "fingerprint_status", "latest_template", "load_template", "pending_exemptions",
    "record_verification", "store_enrollment", "verify_for_case",
]

