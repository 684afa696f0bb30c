"""现场授权 — the supervisor authenticates on the clerk's screen for ONE request: user name,
password, approve or reject, and a reason. The clerk stays signed in; nothing of the supervisor's
is kept but the offline verifier (``AuthManager.authenticate_once``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QRadioButton, QVBoxLayout, QWidget)


def request_text(r: dict) -> str:
    """What the supervisor is asked to authorise (a pending request, ``approvals.as_dict``), in the
    UI's language: the approval point and grade, the request's summary (what is asked and why, e.g.
    the back pay and amount of a 待遇核定), who asked and when."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.ui.approval_summary import summary_text
    from counter_app.ui.approvals_panel import person
    from counter_app.ui.words import approval_text
    from counter_app.workflows.approvals import ApprovalStatus
    from counter_protocol.clock import beijing_text

    lines = [approval_text(ApprovalStatus("pending", r["action"], r["required_level"]))]
    if r.get("summary"):
        lines.append(summary_text(r))
    lines.append(QCoreApplication.translate("OnSiteApprovalDialog", "办件 %1　经办人 %2　提出于 %3（北京时间）")
                 .replace("%1", r.get("case_no") or r.get("case_id", "")).replace("%2", person(r, "maker"))
                 .replace("%3", beijing_text(r.get("made_at"))))
    return "\n".join(lines)


class OnSiteApprovalDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, request: str = ""):
        super().__init__(parent)
        self.setObjectName("OnSiteApprovalDialog")
        self.setWindowTitle(self.tr("现场授权"))
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(self)       # the supervisor's password and decision do not outlive the idle lock
        # what is authorised, above the credentials: the supervisor reads it before typing a password
        self.request = QLabel(request, self)
        self.request.setObjectName("approvalRequest")
        self.request.setWordWrap(True)
        self.request.setTextFormat(Qt.TextFormat.PlainText)
        self.request.setStyleSheet("font-weight:bold")
        self.request.setVisible(bool(request))
        self.username = QLineEdit(self)
        self.username.setObjectName("approverUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("approverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.totp = QLineEdit(self)
        self.totp.setObjectName("approverTotp")
        self.totp.setMaxLength(6)
        self.totp.setPlaceholderText(self.tr("已开通动态验证码的填写 6 位数字"))
        self.approve = QRadioButton(self.tr("批准(&Y)"), self)
        self.reject_ = QRadioButton(self.tr("驳回(&N)"), self)
        self.approve.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.reject_)
        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.reject_)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("approverReason")
        self.message = QLabel(self.tr("由负责人本人输入用户名和密码；本次授权只对当前申请有效，经办人保持登录。"), self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("审批人"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("动态验证码"), self.totp)
        form.addRow(self.tr("决定"), choice)
        form.addRow(self.tr("审批意见"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.request)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.message.setText(self.tr("请输入审批人的用户名和密码"))
            return
        if not self.reason.text().strip():
            self.message.setText(self.tr("请填写审批意见（理由）"))
            return
        self.accept()

    def values(self) -> tuple[str, str, bool, str, str]:
        return (self.username.text().strip(), self.password.text(), self.approve.isChecked(), self.reason.text().strip(),
                self.totp.text().strip())
