"""The workspace panel's actions after acceptance — steps, 公示, 核查, 办结, 不予认定, 归档 — and its
card and fingerprint reactions (a mixin of :class:`WorkspacePanel`; the devices themselves are in
``ui.workspace.devices``, the transactions in ``workflows.accept.act_and_close``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app.ui.catalog_text import catalog_tr
from counter_app.domain.terms import EDITABLE_STATES
from counter_app.domain.masking import mask_id, mask_name
from counter_app.ui.device_state import DeviceState, device_text
from counter_app.ui.workspace.steps import FINGERPRINT

# the 无法采集指纹 request's refusals (workflows.fingerprint.REFUSALS, {0} → %1), worded in the clerk's language
REFUSALS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "reason_too_short": QT_TRANSLATE_NOOP("WorkspacePanel", "请填写无法采集指纹的原因（至少 %1 个字），例如“双手手指残缺”"),
    "no_clerk": QT_TRANSLATE_NOOP("WorkspacePanel", "缺少经办人，无法登记"),
    "no_case": QT_TRANSLATE_NOOP("WorkspacePanel", "缺少业务编号，无法保存指纹"),
}


def refusal_text(exc: BaseException) -> str:
    """A FingerprintWorkflowError in the language of the UI: from its code when it is one of
    :data:`REFUSALS` and its message is the code's; else its Chinese as it is."""
    from counter_app.ui.store_errors import fill_params

    code, params = str(getattr(exc, "code", "") or ""), tuple(getattr(exc, "params", ()) or ())
    source = REFUSALS.get(code)
    if source is None or fill_params(str(source), params) != str(exc):
        return str(exc)
    return fill_params(QCoreApplication.translate("WorkspacePanel", str(source)), params)


if TYPE_CHECKING:
    from counter_app.ui.camera_backend import QtDocumentCamera
    from counter_app.ui.workspace.panel_host import PanelHost   # WorkspacePanel as its mixins see it
else:
    PanelHost = object      # a plain mixin at run time


class StepsMixin(PanelHost):
    # ------------------------------------------------------------------ steps
    def _case_op(self, action, message: str = "", *, close: bool = True) -> None:
        """One clerk action on the open case: ``action(service)`` in one transaction (with 办结 and
        归档 when nothing is left to decide)."""
        if self.case_view is None:
            self._show_error(QCoreApplication.translate("WorkspacePanel", "请先受理办件"))
            return
        if self.busy:
            self._show_message(QCoreApplication.translate("WorkspacePanel", "正在处理上一步，请稍候"))
            return
        cid = self.case_view.case.id
        known = frozenset(self._printed)
        self._run(lambda: self.case_ops.act(cid, lambda workflow: action(workflow, cid), message, known, close=close))

    def record_step(self, step_code: str, result: str, data: dict) -> None:
        if (self.case_view is not None and self.case_view.service.code == "certification" and step_code == "certify"
                and result == "done"):
            self.certify()        # 资格认证: the identity check decides, never the button alone
            return
        if (self.case_view is not None and self.case_view.service.code == "certification"
                and step_code == "home_visit_request" and result == "done"):
            self.request_home_visit(str((data or {}).get("reason") or ""))
            return
        name = next((catalog_tr(s.name) for s in self.case_view.service.steps if s.code == step_code), step_code) if self.case_view else step_code
        form = self.decision_form_made
        if form is not None and form.active and self.case_view is not None and self.case_view.next_step == step_code \
                and result == "done":
            entered, problems = form.step_data()     # the typed 核定 form
            if problems:
                self._bring_form_forward()          # the field named, in sight (the preview's tab was in front)
                from counter_app.ui.refusals import problems_text

                self._show_error(lambda: QCoreApplication.translate("WorkspacePanel", "核定数据不完整或有误：%1").replace(
                    "%1", problems_text(problems)))
                return
            data = {**(data or {}), **entered}
        self._case_op(lambda workflow, c: workflow.record_step(c, step_code, result, data=data),
                      QCoreApplication.translate("WorkspacePanel", "已办理步骤：%1").replace("%1", name))

    def certify(self) -> None:
        """资格认证 (5.6.3, 6.6.3): fingerprint verification or the clerk's photo comparison, then the
        result (step, 办结, 认证结果告知单, outbox entry) — counter_app.ui.certification_dialog."""
        if self.case_view is None:      # record_step asks only for the open case
            return
        from counter_app.ui.certification_dialog import CertificationDialog
        from counter_app.ui.fingerprint_bridge import FingerprintBridge
        from counter_app.workflows.certification import WindowCertification
        from counter_app.workflows.reference import current_params

        ctx, cid = self.ctx, self.case_view.case.id
        cert = WindowCertification(self.case_ops.workflow, current_params(ctx.store))
        shared = getattr(self.devices, "fp_bridge", None)
        if shared is not None and shared.device is not None:
            bridge = FingerprintBridge(shared.device, parent=self)
        else:
            from counter_app.app_context import open_fingerprint_device

            bridge = FingerprintBridge(opener=lambda: open_fingerprint_device(ctx), parent=self)
        camera: QtDocumentCamera | Callable[[], bytes] | None = None
        backend = ctx.settings.camera.backend.value
        if backend == "qt":
            try:
                from counter_app.ui.camera_backend import QtDocumentCamera

                camera = QtDocumentCamera(ctx.settings.camera.device, self)
            except Exception as exc:   # Qt Multimedia missing: the clerk compares with the ID card itself
                import logging

                logging.getLogger(__name__).info("certification without a live photo: %s", type(exc).__name__)
        elif backend != "none":
            def camera():             # the still-image backend (devices.camera), on the worker
                from counter_app.devices.camera import open_camera

                cam = open_camera(ctx.settings)
                try:
                    return cam.capture(ctx.settings.camera.timeout_seconds)
                finally:
                    cam.close()
        dlg = CertificationDialog(cert, cid, fingerprint_bridge=bridge, camera=camera,
                                  reference_photo=getattr(self, "id_card_photo", None), parent=self,
                                  guard=self.case_ops.require_business)
        # closed by the idle lock (ui.idle_lock.closes_on_lock): rejected, nothing recorded; the clerk
        # starts the step again after unlocking
        accepted = dlg.exec()
        text = dlg.result_text() if accepted else ""
        dlg.deleteLater()             # the pensioner's photos go with it, not kept in a hidden child
        if accepted:
            def done(result) -> None:             # the completed case (办结, 认证结果告知单), then the result
                if result.view is not None:
                    self._set_view(result.view)
                self._show_message(text)

            self._run(lambda: self.case_ops.open(cid), done)

    def request_home_visit(self, reason: str) -> None:
        """上门认证 (5.6.3 a) chosen at the window: 提出上门认证申请 — the step, its 上门认证申请告知单,
        办结 as 已转上门认证 and the request for the field roster (outbox), in one transaction
        (counter_app.workflows.home_visit). Nobody is certified at the window."""
        from counter_app.workflows.home_visit import raise_home_visit

        self._case_op(lambda workflow, c: raise_home_visit(workflow, c, reason=reason),
                      QCoreApplication.translate("WorkspacePanel", "已提出上门认证申请，将安排外勤人员上门认证；本次未在窗口认证"))

    def start_publicity(self, data: dict) -> None:
        self._case_op(lambda workflow, c: workflow.start_publicity(c, start=data.get("start", ""), end=data.get("end", ""),
                                                         work_type=data.get("work_type", "")),
                      QCoreApplication.translate("WorkspacePanel", "公示已开始"))

    def close_publicity(self, objection: str) -> None:
        if objection == "\0":
            self._show_error(QCoreApplication.translate("WorkspacePanel", "请填写异议内容"))
            return
        self._case_op(lambda workflow, c: workflow.close_publicity(c, objection=objection),
                      QCoreApplication.translate("WorkspacePanel", "公示有异议，请核查") if objection
                      else QCoreApplication.translate("WorkspacePanel", "公示期满无异议"))

    def record_verification(self, eligible: bool, finding: str) -> None:
        self._case_op(lambda workflow, c: workflow.record_verification(c, eligible=eligible, finding=finding),
                      QCoreApplication.translate("WorkspacePanel", "已登记核查情况"))

    def complete_case(self) -> None:
        self._case_op(lambda workflow, c: workflow.complete(c), QCoreApplication.translate("WorkspacePanel", "办件已办结"))

    def deny_case(self, reason: str) -> None:
        self._case_op(lambda workflow, c: workflow.deny(c, [reason]), QCoreApplication.translate("WorkspacePanel", "已作出不予认定决定"), close=False)

    def archive_case(self) -> None:
        self._case_op(lambda workflow, c: workflow.archive(c), QCoreApplication.translate("WorkspacePanel", "办件已归档"), close=False)

    # ------------------------------------------------------------------ card (ui.workspace.devices)
    def _card_inserted(self, record) -> None:
        self._audit_card_read(mask_id(record.social_security_number))
        if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES:
            self._set_card_state(DeviceState("card.read_case_closed"))
            return
        typed = self.applicant.data()
        if (typed.get("name") or typed.get("id_number")) and (
                typed.get("id_number") != record.social_security_number or typed.get("name") != record.name):
            if not self.ask(QCoreApplication.translate("WorkspacePanel", "用卡片信息替换申请人"),
                            QCoreApplication.translate("WorkspacePanel", "已录入的申请人信息与卡片不同（卡片：%1 %2）。用卡片信息替换吗？")
                            .replace("%1", mask_name(record.name)).replace("%2", mask_id(record.social_security_number))):
                self._set_card_state(DeviceState("card.read_not_replaced"))
                return
        self.applicant.fill_from_card(record)
        self._set_card_state(DeviceState("card.read", (mask_name(record.name), mask_id(record.social_security_number))))

    def _audit_card_read(self, masked: str) -> None:
        """The card read goes to the audit trail (#16), written on a worker, never on the GUI thread,
        and never lost in silence (ui.audit_trail)."""
        from counter_app.ui.audit_trail import audit

        audit(self.ctx, action="card.read", object_type="card", object_id=masked, on_lost=self._show_error, owner=self)

    def _set_card_state(self, state: DeviceState) -> None:
        """What the panel made of the card (read, kept the typed applicant…): through the devices'
        one card state, so the status bar says the same as the form (:meth:`_show_card_state`)."""
        self.devices.set_card_state(state)

    def _show_card_state(self, state: DeviceState | None) -> None:
        self.card_device_state = state
        self.card_label.setText(device_text(state))

    @property
    def card_state(self) -> str:
        """The card line as the clerk reads it now (the state worded in the language of the UI)."""
        return device_text(self.card_device_state)

    # ------------------------------------------------------------------ fingerprint (6.6.1.1.2.3)
    def capture_fingerprint(self) -> None:
        if self.case_view is None or self.steps.current_page() != FINGERPRINT:
            self._show_error(QCoreApplication.translate("WorkspacePanel", "当前步骤不是指纹采集"))
            return
        step = self.steps.current_step()
        if step is None:
            return
        if self.case_view.case.id not in self.steps.fp_consent:
            # no capture before the consent notice is read and the applicant agrees (PIPL Art. 28/29)
            self._show_error(QCoreApplication.translate(
                "WorkspacePanel", "采集指纹前请向申请人宣读采集告知，并点击“已告知，申请人同意采集指纹”"))
            return
        self.steps.on_stage(0, 1)
        self.steps.on_quality(lambda: QCoreApplication.translate("WorkspacePanel", "请将手指平放在采集器上"))
        cid = self.case_view.case.id
        if self.devices.capture_for_case(cid):
            self._fp_steps[cid] = (step.code, catalog_tr(step.name))     # the step the capture is for

    def fingerprint_consent(self, case_id: str) -> None:
        """The applicant agreed to the fingerprint after the consent notice was read: audited."""
        from counter_app.ui.audit_trail import audit

        audit(self.ctx, action="fingerprint.consent", object_type="case", object_id=case_id,
              detail="已宣读指纹采集告知，申请人同意采集", on_lost=self._show_error, owner=self)

    def cancel_fingerprint(self) -> None:
        self.devices.cancel_fingerprint()

    def _fp_busy(self, busy: bool) -> None:
        self.steps.set_capturing(busy)
        self.act_cancel.setEnabled(busy)

    def _fp_finished(self, stored) -> None:
        """A capture ended: its template is stored with the case the capture was started for
        (``stored.case_id``, workflows.fingerprint.capture_for_case), and that case's fingerprint
        step is recorded done — whatever case the screen shows now, never the screen's."""
        cid = stored.case_id
        started = self._fp_steps.pop(cid, None)
        shown = self.case_view is not None and self.case_view.case.id == cid
        if started is None:
            import logging

            logging.getLogger(__name__).warning("fingerprint stored for case %s without a step to record", cid)
            return
        code, name = started
        if shown:
            from counter_app.ui.device_errors import quality_word

            quality = stored.quality
            self.steps.on_quality(lambda: QCoreApplication.translate(
                "WorkspacePanel", "指纹已采集，质量%1").replace("%1", quality_word(quality)))
        data = {"template_ref": stored.template_id}
        consented = self.steps.fp_consent.get(cid)
        if consented is not None:      # the consent notice read and agreed to, and when (the step's data)
            data["consent_at"] = consented.isoformat(timespec="seconds")
        message = QCoreApplication.translate("WorkspacePanel", "已办理步骤：%1").replace("%1", name)
        known = frozenset(self._printed)
        # queued behind any operation still running (the serial worker), never dropped for being busy
        self._run(lambda: self.case_ops.act(cid, lambda workflow: workflow.record_step(cid, code, "done", data=data),
                                            message, known), for_case=cid)

    def _fp_failed(self, error) -> None:
        """The reader's error (a ui.device_errors.DeviceError): the step's note keeps it as data."""
        from counter_app.ui.device_errors import error_text

        self.steps.on_fp_error(error)
        self._show_error(lambda: error_text(error) + QCoreApplication.translate(
            "WorkspacePanel", "（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）"))

    def continue_without_prints(self, reason: str) -> None:
        """无法采集指纹: the reason is required; the case then waits for a supervisor."""
        if not reason:
            self._show_error(QCoreApplication.translate("WorkspacePanel", "请填写无法采集指纹的原因"))
            self.steps.fp_reason.setFocus()
            return
        step = self.steps.current_step()
        if step is None or self.case_view is None:
            return
        from counter_app.ui.messages import Refusal
        from counter_app.workflows.fingerprint import (
            FingerprintWorkflowError,
            continue_without_prints,
        )

        ctx, code, ops = self.ctx, step.code, self.case_ops

        def body(c):       # the exemption request opens its own transaction, then the step is recorded
            try:
                continue_without_prints(ctx.store, c, reason, clerk=ctx.actor,
                                        workstation_id=ctx.settings.office.workstation_id)
            except FingerprintWorkflowError as exc:
                raise Refusal(refusal_text(exc)) from exc        # in the clerk's language
            ops.workflow.record_step(c, code, "failed", data={"reason": reason})
            return c, QCoreApplication.translate("WorkspacePanel", "已登记无法采集指纹，办件等待主管审批")

        cid, known = self.case_view.case.id, frozenset(self._printed)
        self._run(lambda: ops.run(cid, body, known))
