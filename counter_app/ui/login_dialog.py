"""登录 — sign in online against the central service, or offline after an earlier online login."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.app_context import UserSession
from counter_app.ui.tasks import task_runner

ROLE_ORDER = ("supervisor", "clerk", "field", "admin", "auditor")


def session_from(result) -> UserSession:
    """UserSession from the sync layer's LoginResult (the highest counter role first)."""
    roles = list(result.user.roles)
    role = next((r for r in ROLE_ORDER if r in roles), roles[0] if roles else "clerk")
    return UserSession(result.user.username, result.user.display_name, role, online=result.mode == "online",
                       roles=tuple(roles))


class LoginDialog(QDialog):
    """Runs AuthManager.login on a worker thread; the dialog stays responsive."""

    def __init__(self, auth, parent: QWidget | None = None, *, username: str = ""):
        super().__init__(parent)
        self.auth = auth
        self.result_session: UserSession | None = None
        self.login_result = None
        self.setObjectName("LoginDialog")
        self.setWindowTitle(self.tr("登录社保窗口柜面系统"))
        self.username = QLineEdit(username or (auth.current_user() or ""), self)
        self.username.setObjectName("loginUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.totp = QLineEdit(self)
        self.totp.setObjectName("loginTotp")
        self.totp.setMaxLength(6)
        self.totp.setPlaceholderText(self.tr("科长、管理员填写身份验证器上的 6 位数字"))
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("动态验证码"), self.totp)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # wide enough for the 动态验证码 hint, and for a refusal to read as a few lines, not a sliver
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 30)
        (self.password if self.username.text() else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def try_login(self) -> None:
        user, password, code = self.username.text(), self.password.text(), self.totp.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在登录……"))
        task_runner().run(lambda: self._login(user, password, code), self._logged_in, self._failed)

    def _login(self, user: str, password: str, code: str):
        """(worker thread) the sign-in; online, then this workstation's number floors (workflows.number_floors)."""
        result = self.auth.login(user, password, code)
        if getattr(result, "mode", None) == "online" and hasattr(self.auth, "store"):
            from counter_app.workflows.number_floors import refresh_number_floors

            refresh_number_floors(self.auth, result.user.username)
        return result

    def _logged_in(self, result) -> None:
        self.login_result = result
        self.result_session = session_from(result)
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()  # the user name stays
        self.totp.clear()
        self.password.setFocus()
        from counter_app.ui.messages import plain_text

        self.message.setText(plain_text(exc) if str(exc) else self.tr("登录失败"))

    @classmethod
    def ask(cls, auth, parent: QWidget | None = None) -> tuple[UserSession, object] | None:
        dialog = cls(auth, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_session is not None:
            return dialog.result_session, dialog.login_result
        return None
