"""资格认证 at the window (5.6.3 b, 6.6.3): the identity check of the ``certify`` step.

Fingerprint verification against the template enrolled at 6.6.1.1.2.3 first; where there is no
template, or the finger does not match, photo comparison by the clerk — the photo from the ID card
(or the record) beside the live still of the document camera, and the clerk confirms. Face
recognition is never the only path (and is not used here at all). The result is recorded by
:class:`counter_app.workflows.certification.WindowCertification` (step, 办结 with the
认证结果告知单, outbox entry for the centre).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.masking import mask_id
from counter_app.ui.tasks import run_task
from counter_protocol.clock import beijing_text, beijing_today

log = logging.getLogger(__name__)

PHOTO_W, PHOTO_H = 240, 300


def _photo_label(parent: QWidget, name: str) -> QLabel:
    lab = QLabel(parent)
    lab.setObjectName(name)
    lab.setFixedSize(PHOTO_W, PHOTO_H)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setWordWrap(True)
    lab.setStyleSheet("QLabel { border: 1px solid #999; background: #f4f4f4; }")
    return lab


def _show_image(label: QLabel, data: bytes | None, empty: str) -> bool:
    if data:
        img = QImage.fromData(data)
        if not img.isNull():
            label.setPixmap(QPixmap.fromImage(img).scaled(PHOTO_W - 4, PHOTO_H - 4, Qt.AspectRatioMode.KeepAspectRatio,
                                                          Qt.TransformationMode.SmoothTransformation))
            return True
    label.setPixmap(QPixmap())
    label.setText(empty)
    return False


class CertificationDialog(QDialog):
    """One pensioner's certification. ``cert`` is a WindowCertification; ``fingerprint_bridge`` a
    FingerprintBridge; ``camera`` a Qt document camera (``request()``, ``captured(bytes)`` /
    ``failed(str)``), or a blocking callable returning a still (run on the worker), or None;
    ``reference_photo`` the ID card's photo; ``guard``, run on the worker before the result is
    recorded, raises when no business may be done now (CaseOps.require_business)."""

    def __init__(self, cert, case_id: str, *, fingerprint_bridge=None, camera=None,
                 reference_photo: bytes | None = None, today: date | None = None, parent: QWidget | None = None,
                 guard=None):
        super().__init__(parent)
        self.guard = guard
        self.setObjectName("certificationDialog")
        self.cert, self.case_id = cert, case_id
        self.bridge, self.camera = fingerprint_bridge, camera
        self.today = today or beijing_today()        # the Beijing day, whatever the PC's zone
        self.matched = False
        self.live_photo: bytes | None = None
        self.consent_at = None                      # when the consent notice was read and agreed to
        self.outcome = None
        self.setWindowTitle(self.tr("养老保险待遇资格认证（窗口）"))
        from counter_app.ui.idle_lock import closes_on_lock

        # the pensioner's data and photos are not left over the lock screen, nor its 登记 to a passer-by
        closes_on_lock(self)
        self._build(reference_photo)
        self._refresh()

    # ------------------------------------------------------------------ layout
    def _build(self, reference_photo: bytes | None) -> None:
        view = self.cert.cases.get(self.case_id)
        ap = view.case.applicant
        standing = self.cert.standing(self.case_id, self.today)
        root = QVBoxLayout(self)
        head = QLabel(self)
        head.setObjectName("certPerson")
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setText(self.tr("参保人：%1　证件号码：%2").replace("%1", ap.get("name", "")).replace(
            "%2", mask_id(ap.get("id_number", ""))))
        root.addWidget(head)
        self.standing_label = QLabel(self)
        self.standing_label.setObjectName("certStanding")
        text = standing.text() if standing else self.tr("无参保档案，不能认证")
        self.standing_label.setText(self.tr("认证状态：%1").replace("%1", text))
        if standing is None or standing.flagged:
            self.standing_label.setStyleSheet("color: #b00020; font-weight: bold;")
        root.addWidget(self.standing_label)
        # the consent notice read out before the finger is compared or a live photo taken (PIPL Art.
        # 28/29: biometric data are sensitive personal information): one click, recorded on the case
        consent_row = QHBoxLayout()
        self.consent_notice = QLabel(self.tr("采集告知：为核实您本人身份（资格认证），需要比对您的指纹或拍摄现场照片。指纹和照片属于敏感个人信息，仅用于本次认证，加密保存，按档案管理规定保管，不作他用。"), self)  # noqa: E501
        self.consent_notice.setObjectName("certConsentNotice")
        self.consent_notice.setWordWrap(True)
        self.btn_consent = QPushButton(self.tr("已告知，本人同意"), self)
        self.btn_consent.setObjectName("certConsent")
        self.btn_consent.clicked.connect(self.consent)
        self.consent_label = QLabel(self.tr("未告知"), self)
        self.consent_label.setObjectName("certConsentState")
        consent_row.addWidget(self.consent_notice, 1)
        consent_row.addWidget(self.btn_consent)
        consent_row.addWidget(self.consent_label)
        root.addLayout(consent_row)

        row = QHBoxLayout()
        fp = QGroupBox(self.tr("① 指纹比对（与基本养老金核定时采集的指纹模板比对）"), self)
        fpl = QVBoxLayout(fp)
        ref = self.cert.enrolled_template(self.case_id)
        self.template_label = QLabel(fp)
        self.template_label.setObjectName("certTemplate")
        self.template_label.setWordWrap(True)
        self.template_label.setText(
            self.tr("已采集指纹模板（%1 采集）").replace("%1", beijing_text(ref.captured_at)[:10]) if ref
            else self.tr("未采集指纹模板：请用照片比对"))
        self.btn_verify = QPushButton(self.tr("开始指纹比对"), fp)
        self.btn_verify.setObjectName("certVerify")
        self._can_verify = ref is not None and self.bridge is not None
        self.btn_verify.setEnabled(False)                  # after the consent (consent())
        self.btn_verify.clicked.connect(self.verify)
        self.fp_result = QLabel(fp)
        self.fp_result.setObjectName("certFpResult")
        self.fp_result.setWordWrap(True)
        fpl.addWidget(self.template_label)
        fpl.addWidget(self.btn_verify)
        fpl.addWidget(self.fp_result)
        fpl.addStretch(1)
        row.addWidget(fp, 1)

        ph = QGroupBox(self.tr("② 照片比对（无指纹模板或比对不通过时，由经办人确认）"), self)
        grid = QGridLayout(ph)
        self.ref_photo = _photo_label(ph, "certReferencePhoto")
        self.live = _photo_label(ph, "certLivePhoto")
        _show_image(self.ref_photo, reference_photo,
                    self.tr("无档案或身份证照片：\n请核对身份证原件上的照片"))
        _show_image(self.live, None, self.tr("现场照片\n（点“拍摄现场照片”）"))
        grid.addWidget(QLabel(self.tr("身份证 / 档案照片"), ph), 0, 0)
        grid.addWidget(QLabel(self.tr("现场照片"), ph), 0, 1)
        grid.addWidget(self.ref_photo, 1, 0)
        grid.addWidget(self.live, 1, 1)
        self.btn_photo = QPushButton(self.tr("拍摄现场照片"), ph)
        self.btn_photo.setObjectName("certTakePhoto")
        self.btn_photo.setEnabled(False)                   # after the consent (consent())
        self.btn_photo.clicked.connect(self.take_photo)
        grid.addWidget(self.btn_photo, 2, 1)
        self.confirm = QCheckBox(self.tr("经办人确认：现场人员与照片为同一人（本人到场）"), ph)
        self.confirm.setObjectName("certPhotoConfirmed")
        self.confirm.toggled.connect(self._refresh)
        grid.addWidget(self.confirm, 3, 0, 1, 2)
        self.note = QLineEdit(ph)
        self.note.setObjectName("certPhotoNote")
        self.note.setPlaceholderText(self.tr("比对说明（选填），如“与身份证照片一致”"))
        grid.addWidget(self.note, 4, 0, 1, 2)
        row.addWidget(ph, 2)
        root.addLayout(row)

        self.message = QLabel(self)
        self._message_words: Callable[[], str] | None = None   # a failure kept as data: worded on a switch
        self.message.setObjectName("certMessage")
        self.message.setWordWrap(True)
        root.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.btn_record = QPushButton(self.tr("登记认证结果并打印告知单"), self)
        self.btn_record.setObjectName("certRecord")
        self.btn_record.clicked.connect(self.record)
        cancel = QPushButton(self.tr("取消"), self)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.btn_record)
        buttons.addWidget(cancel)
        root.addLayout(buttons)

    def _refresh(self, *_args) -> None:
        self.btn_record.setEnabled(self.matched or self.confirm.isChecked())

    # ------------------------------------------------------------------ consent
    def consent(self) -> None:
        """The clerk read the notice out and the pensioner agreed: recorded on the case (a worker),
        then the fingerprint check and the live photo may be used."""
        self.btn_consent.setEnabled(False)
        cert, cid = self.cert, self.case_id
        run_task(lambda: cert.consent(cid), self._consented, self._consent_failed, owner=self)

    def _consented(self, at) -> None:
        self.consent_at = at
        self.consent_label.setText(self.tr("已告知并同意（%1）").replace("%1", beijing_text(at)[11:16]))
        self.btn_verify.setEnabled(self._can_verify)
        self.btn_photo.setEnabled(self.camera is not None)

    def _consent_failed(self, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        self.btn_consent.setEnabled(True)
        self._message_words = lambda: plain_text(exc, self.tr("未能记录告知同意"))
        self.message.setText(self._message_words())

    # ------------------------------------------------------------------ fingerprint
    def verify(self) -> None:
        if self.bridge is None:
            return
        self.btn_verify.setEnabled(False)
        self.fp_result.setText(self.tr("请参保人将手指平放在采集器上…"))
        cert, cid = self.cert, self.case_id
        self.bridge.finished.connect(self._verified)
        self.bridge.failed.connect(self._verify_failed)
        self.bridge.run_op(lambda dev: cert.verify_fingerprint(cid, dev, timeout=30))

    def _disconnect(self) -> None:
        for sig, slot in ((self.bridge.finished, self._verified), (self.bridge.failed, self._verify_failed)):
            try:
                sig.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def _verified(self, matched) -> None:
        self._disconnect()
        self.matched = bool(matched)
        self.btn_verify.setEnabled(True)
        if self.matched:
            self.fp_result.setText(self.tr("指纹比对通过"))
            self.fp_result.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            self.fp_result.setText(self.tr("指纹比对未通过：可重试，或改用照片比对"))
            self.fp_result.setStyleSheet("color: #b00020;")
        self._refresh()

    def _verify_failed(self, error) -> None:
        from counter_app.ui.device_errors import error_text

        self._disconnect()
        self.btn_verify.setEnabled(True)
        self.fp_result.setText(error_text(error))      # a ui.device_errors.DeviceError

    # ------------------------------------------------------------------ photo
    def take_photo(self) -> None:
        if self.camera is None:
            return
        self.btn_photo.setEnabled(False)
        if hasattr(self.camera, "request"):        # Qt Multimedia (ui.camera_backend): signals on the GUI thread
            self.camera.captured.connect(self.set_live_photo)
            self.camera.failed.connect(self._photo_failed)
            self.camera.request()
        else:                                      # a blocking still (devices.camera): on the worker
            run_task(self.camera, self.set_live_photo,
                     self._photo_error, owner=self)

    def _photo_error(self, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        log.warning("photo failed: %r", exc)
        self._photo_failed(getattr(exc, "message", None) or plain_text(exc, self.tr("拍照失败")))

    def set_live_photo(self, data: bytes) -> None:
        self.btn_photo.setEnabled(self.camera is not None and self.consent_at is not None)
        self.live_photo = bytes(data)
        _show_image(self.live, self.live_photo, self.tr("现场照片无法显示"))

    def _photo_failed(self, message: str) -> None:
        self.btn_photo.setEnabled(True)
        self._message_words = None
        self.message.setText(message)

    # ------------------------------------------------------------------ result
    def record(self) -> None:
        method = "fingerprint" if self.matched else "photo"
        cert, cid = self.cert, self.case_id
        confirmed, note = self.confirm.isChecked(), self.note.text()
        self.btn_record.setEnabled(False)
        guard = self.guard

        def work():
            if guard is not None:
                guard()
            return cert.record_success(cid, method=method, photo_confirmed=confirmed, photo_note=note)

        run_task(work, self._recorded, self._record_failed, owner=self)

    def _recorded(self, outcome) -> None:
        self.outcome = outcome
        self.accept()

    def _record_failed(self, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        self._refresh()
        self._message_words = lambda: plain_text(exc, self.tr("认证结果未能登记"))
        self.message.setText(self._message_words())
        self.message.setStyleSheet("color: #b00020;")

    def changeEvent(self, event) -> None:
        """On a language switch: the failure on show, worded again from its data (a Refusal)."""
        if event.type() == QEvent.Type.LanguageChange and self._message_words is not None:
            self.message.setText(self._message_words())
        super().changeEvent(event)

    def result_text(self) -> str:
        o = self.outcome
        if o is None:
            return ""
        text = self.tr("资格认证通过，有效期至 %1").replace("%1", o.valid_until.isoformat())
        if o.resumption:
            # months only as the counter knows them: the centre counts them from the day the
            # suspension took effect; where that is not held here the approval decides
            text += self.tr("；恢复发放待审批") + (
                self.tr("，补发月份以审批结果为准") if not o.back_pay_known
                else self.tr("，补发 %1 个月").replace("%1", str(len(o.back_pay_months))) if o.back_pay_months
                else self.tr("，不补发"))
        return text
