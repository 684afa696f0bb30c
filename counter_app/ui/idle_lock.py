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

Every other window of the application is put away too (:class:`LockCurtain`), whatever it is, so
that nothing but the lock is on screen or takes input while locked — the rule is general, not a list:

* a window that can be hidden without ending anything (the 关于 box, the error notice, a dialog run
  through :func:`exec_kept_over_lock` — the 设置 wizard, 撤回未发送记录) is hidden and shown again,
  as it was, after unlocking: what the clerk had typed or chosen there is kept;
* any other modal dialog may be running an ``exec()`` loop, which hiding would end: it is rejected
  (a question answered no, a choice not made, a form not submitted — nothing is decided) and named
  in the note after unlocking; a message box that only tells something (one button) is shown again,
  the same words, after unlocking;
* a popup (a menu, a drop-down list) is closed;
* a window opened while locked (a worker's result, the message box of a step the lock ended) is put
  away the same way as soon as it shows.

The lock itself is application modal: even a window that slipped through takes no input.
"""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout, QWidget)

# the watcher is a module of its own: the window makes it at start-up, the lock is imported when it locks
from counter_app.ui.idle_watch import CHECK_MS as CHECK_MS, INPUT_EVENTS as INPUT_EVENTS, IdleWatcher as IdleWatcher
from counter_app.ui.tasks import task_runner


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
            closed.append(_close_marked(widget))
    return closed


def _close_marked(dialog: QDialog) -> str:
    for field in dialog.findChildren(QLineEdit):
        field.clear()
    dialog.reject()
    return dialog.windowTitle()


# the dynamic property of a dialog running in exec_kept_over_lock: the lock hides it and shows it again
KEPT_OVER_LOCK = "keptOverLock"


def exec_kept_over_lock(dialog: QDialog) -> int:
    """``dialog.exec()`` for a form whose unsaved input the idle lock must not lose (设置, 撤回未发送记录):
    application modal like ``exec()``, but waiting for the dialog to finish rather than on the dialog
    shown — hiding a dialog ends its ``exec()``, rejected — so the lock (:class:`LockCurtain`) can
    hide it, nothing of it on screen while locked, and show it again as it was after unlocking."""
    loop = QEventLoop()
    finished: list[int] = []

    def done(code: int) -> None:
        finished.append(code)
        loop.quit()

    dialog.finished.connect(done)
    dialog.destroyed.connect(loop.quit)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setProperty(KEPT_OVER_LOCK, True)
    dialog.setResult(0)
    dialog.show()
    try:
        if not finished:
            loop.exec()
    finally:
        if shiboken6.isValid(dialog):
            dialog.setProperty(KEPT_OVER_LOCK, False)
            dialog.finished.disconnect(done)
    return finished[0] if finished else 0


class LockCurtain(QObject):
    """Puts away every window of the application but ``keep`` (the main window, its content hidden
    by itself) and the lock screen while the screen is locked, and brings back what was hidden at
    unlock (the rules in the module's docstring). :attr:`closed`: the titles of the dialogs closed,
    deciding nothing, for the note after unlocking."""

    def __init__(self, lock: QWidget, keep: QWidget | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.lock = lock
        self.keep = keep
        self.closed: list[str] = []
        self.hidden: list[QWidget] = []
        self.notices: list[tuple] = []       # (icon, title, text, informative text, detailed text)
        self.drawn = False

    def draw(self) -> list[str]:
        """Put every window away (the dialogs marked :func:`closes_on_lock` first, as before), then
        watch for windows shown while locked. The titles of the dialogs closed."""
        app = QApplication.instance()
        self.closed = close_dialogs_on_lock()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        # popups first: an open menu or drop-down list grabs the input of the window below it
        for widget in sorted(shown, key=lambda w: w.windowType() != Qt.WindowType.Popup):
            self.put_away(widget)
        if app is not None and not self.drawn:
            app.installEventFilter(self)
        self.drawn = True
        return self.closed

    def lift(self) -> list[str]:
        """Unlocked: stop watching, show again what was hidden (still there, and not finished while
        hidden), and the notices the lock closed. The titles of the dialogs closed."""
        app = QApplication.instance()
        if app is not None and self.drawn:
            app.removeEventFilter(self)
        self.drawn = False
        hidden, self.hidden = self.hidden, []
        for widget in hidden:
            if not shiboken6.isValid(widget) or widget.isVisible():
                continue
            if isinstance(widget, QDialog) and widget.windowModality() != Qt.WindowModality.NonModal \
                    and not widget.property(KEPT_OVER_LOCK):
                continue                     # its exec_kept_over_lock has returned meanwhile
            widget.show()
        notices, self.notices = self.notices, []
        for icon, title, text, informative, detailed in notices:
            box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.keep)
            box.setInformativeText(informative)
            box.setDetailedText(detailed)
            box.setWindowModality(Qt.WindowModality.NonModal)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.show()
        return self.closed

    def is_lock(self, widget: QWidget | None) -> bool:
        """The lock screen, or a window of its own (its line edits' context menu)."""
        while widget is not None:
            if widget is self.lock:
                return True
            widget = widget.parentWidget()
        return False

    def put_away(self, widget: QWidget) -> None:
        if not shiboken6.isValid(widget) or not widget.isVisible() or not widget.isWindow() \
                or widget is self.keep or self.is_lock(widget):
            return
        kind = widget.windowType()
        if kind == Qt.WindowType.ToolTip:
            widget.hide()
        elif kind == Qt.WindowType.Popup:
            widget.close()
        elif isinstance(widget, QDialog) and widget.property(CLOSES_ON_LOCK):
            self.closed.append(_close_marked(widget))
        elif isinstance(widget, QDialog) and widget.windowModality() != Qt.WindowModality.NonModal \
                and not widget.property(KEPT_OVER_LOCK):
            # may be running exec(): hidden it would return anyway, rejected — so it is closed, deciding nothing
            if isinstance(widget, QMessageBox) and len(widget.buttons()) <= 1:     # tells something: again later
                self.notices.append((widget.icon(), widget.windowTitle(), widget.text(), widget.informativeText(),
                                     widget.detailedText()))
            elif widget.windowTitle():
                self.closed.append(widget.windowTitle())
            widget.reject()
            if widget.isVisible():           # a dialog refusing to be rejected (Esc does nothing): ends all the same
                widget.hide()
        else:
            widget.hide()
            self.hidden.append(widget)

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow() \
                and watched.windowType() != Qt.WindowType.ToolTip and not self.is_lock(watched):
            # not at once: the window is being shown (a dialog's exec() not yet in its loop, which
            # hiding it now would leave waiting for ever); the next turn of the event loop
            QTimer.singleShot(0, self, lambda: self._put_away_while_locked(watched))
        return False

    def _put_away_while_locked(self, widget: QWidget) -> None:
        if self.drawn:
            self.put_away(widget)


class LockScreen(QDialog):
    """Modal until the signed-in user signs in again; Esc and closing do nothing."""

    def __init__(self, username: str, display_name: str, unlock: Callable[[str, str, str], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.username = username
        self._unlock = unlock
        self.setObjectName("LockScreen")
        self.setModal(True)
        # above everything: no window of the application takes input while locked (shown with show(),
        # not open(), which would make it modal to the main window only)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
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
        # wide enough for the authenticator hint in full (a dialog left to its size hint was ~200 px,
        # the hint cut to "科长、管理员填写…" and a refusal of three lines clipped top and bottom)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.totp.placeholderText()) * 2)
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
        self.adjustSize()             # the refusal in full, however many lines it wraps to

    def reject(self) -> None:  # Esc / close: stays locked
        return
