"""锁屏 — the screen locks after ``ui.idle_lock_minutes`` (10) without keyboard or mouse input.

:class:`IdleWatcher` watches the application's input events; when the clerk has been away that
long the main window hides its content (and the customer screen), and :class:`LockScreen` asks
the signed-in user's password again (plus the 动态验证码 of an enrolled supervisor or admin).
Unlocking goes through the same sign-in as at start (online, or offline within the allowed days),
so a wrong password counts towards the lockout like any other.

Locking closes every open dialog marked :func:`closes_on_lock` — one that holds another person's
credentials or their decision in progress (现场授权, the 第二名工作人员 of a home visit), one that
shows a person's data (资格认证: the pensioner's name, photos and fingerprint check; 签名), or one whose
answer the window then records in the clerk's name (a yes / no question, 补打原因, 撤回审批申请, the
centre's held decision, the printer choice): its fields are cleared and it is rejected, deciding
nothing, so that whoever unlocks (or passes by the locked screen) can neither read nor confirm it.
The clerk opens it again after unlocking.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.ui.tasks import task_runner

INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})
CHECK_MS = 15_000


# the dynamic property that marks a dialog locking closes (closes_on_lock)
CLOSES_ON_LOCK = "closesOnLock"


def closes_on_lock(dialog: QDialog) -> QDialog:
    """Mark ``dialog`` as holding another person's credentials or their decision in progress, a
    person's data, or an answer recorded in the clerk's name: the lock (:func:`close_dialogs_on_lock`)
    clears and rejects it."""
    dialog.setProperty(CLOSES_ON_LOCK, True)
    return dialog


def close_dialogs_on_lock() -> list[str]:
    """Reject every open dialog marked :func:`closes_on_lock`, its typed fields (user name, password,
    动态验证码, reason) cleared first: nothing is decided, nothing of theirs outlives the lock. The
    titles of the dialogs closed, for the note after unlocking."""
    closed = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and widget.property(CLOSES_ON_LOCK):
            for field in widget.findChildren(QLineEdit):
                field.clear()
            widget.reject()
            closed.append(widget.windowTitle())
    return closed


class IdleWatcher(QObject):
    """Emits ``idle`` once the application has had no input for ``minutes``; input starts over."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic,
                 watch: bool = True):
        super().__init__(parent)
        self.limit = minutes * 60.0
        self._clock = clock
        self.last_input = clock()
        self._fired = False
        self.watching = False
        if watch:
            self.watch()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def watch(self) -> None:
        """Start seeing the application's events. An application-wide filter written in Python costs
        on every event of every widget, and PySide wraps each Qt-made object it passes to Python: the
        main window starts it after its first frame (the ~3,500 events of building and showing the
        window cost ~11 % of the start-up otherwise). Idle time counts from construction anyway."""
        app = QApplication.instance()
        if app is not None and not self.watching:
            app.installEventFilter(self)
            self.watching = True

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if event.type() in INPUT_EVENTS:
            self.last_input = self._clock()
            self._fired = False
        return False

    def idle_seconds(self) -> float:
        return self._clock() - self.last_input

    def check(self) -> None:
        if not self._fired and self.idle_seconds() >= self.limit:
            self._fired = True
            self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self.watching:
            app.removeEventFilter(self)
            self.watching = False


class LockScreen(QDialog):
    """Modal until the signed-in user signs in again; Esc and closing do nothing."""

    def __init__(self, username: str, display_name: str, unlock: Callable[[str, str, str], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.username = username
        self._unlock = unlock
        self.setObjectName("LockScreen")
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowTitle(self.tr("屏幕已锁定"))
        self.info = QLabel(self.tr("长时间无操作，屏幕已锁定。%1 请输入密码解锁。").replace("%1", display_name or username), self)
        self.info.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.totp = QLineEdit(self)
        self.totp.setObjectName("lockTotp")
        self.totp.setMaxLength(6)
        self.totp.setPlaceholderText(self.tr("科长、管理员填写身份验证器上的 6 位数字"))
        self.message = QLabel(self)
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        self.buttons.accepted.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("动态验证码"), self.totp)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        password, code = self.password.text(), self.totp.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在验证……"))
        task_runner().run(lambda: self._unlock(self.username, password, code), self._unlocked, self._failed,
                          owner=self)

    def _unlocked(self, _result) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.totp.clear()
        self.password.setFocus()
        from counter_app.ui.messages import plain_text

        self.message.setText(plain_text(exc) if str(exc) else self.tr("解锁失败"))

    def reject(self) -> None:  # Esc / close: stays locked
        return
