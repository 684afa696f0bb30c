"""Issue #16: the screen locks after 10 idle minutes and opens again only to the signed-in user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui.idle_lock import IdleWatcher
from counter_app.ui.main_window import MainWindow


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_idle_watcher_fires_after_the_limit_and_input_starts_over(qapp, qtbot):
    clock = Clock()
    watcher = IdleWatcher(10, clock=clock)
    fired = []
    watcher.idle.connect(lambda: fired.append(clock.now))
    clock.now += 599
    watcher.check()
    assert fired == []
    clock.now += 2
    watcher.check()
    watcher.check()
    assert len(fired) == 1                      # once per idle spell
    QApplication.sendEvent(qapp, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
    clock.now += 599
    watcher.check()
    assert len(fired) == 1                      # the key press started the 10 minutes over
    clock.now += 2
    watcher.check()
    assert len(fired) == 2
    watcher.stop()


@pytest.mark.integration
def test_the_window_locks_after_ten_idle_minutes_and_unlocks_with_the_password(qtbot, app_home, store, central_server):
    settings = default_settings()
    settings.central.url = central_server.url
    settings.office.workstation_id = "LOCK-W1"
    ctx = AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk", online=True))
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert settings.ui.idle_lock_minutes == 10 and window.idle_watcher.limit == 600
    window.idle_watcher.last_input -= 601
    window.idle_watcher.check()
    lock = window.lock_screen
    assert lock is not None and lock.isVisible() and not window.tabs.isVisible()
    lock.reject()                               # Esc does not unlock
    assert lock.isVisible()
    lock.password.setText("wrong")
    lock.try_unlock()
    qtbot.waitUntil(lambda: "不正确" in lock.message.text(), timeout=15000)
    assert lock.isVisible() and not window.tabs.isVisible()
    lock.password.setText("clerk01-demo")
    lock.try_unlock()
    qtbot.waitUntil(lambda: window.lock_screen is None, timeout=15000)
    assert window.tabs.isVisible()
    window.shutdown()


def test_locking_closes_the_on_site_dialog_deciding_nothing(qtbot, app_home, store, monkeypatch):
    """Tester onsite #2: the 现场授权 dialog survived the idle lock holding the supervisor's password;
    the clerk unlocked with their own and confirmed it, the decision recorded as the supervisor's.
    Now the lock clears and rejects it: nothing decided, the request still waits, the case as it was."""
    from PySide6.QtCore import QTimer

    from counter_app.app_context import approval_service
    from counter_app.domain.case_engine import CaseState
    from counter_app.ui import dialogs
    from counter_app.ui.approval_dialog import OnSiteApprovalDialog
    from tests.ui.test_workspace_flows import Clicks, idle, make_ctx, open_panel
    from tests.ui.test_workspace_outcomes import refuse_enrolment

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    refuse_enrolment(qtbot, panel, Clicks(qtbot))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    seen: dict = {}
    real_exec = OnSiteApprovalDialog.exec

    def exec_(dialog) -> int:
        def typed_then_away() -> None:        # the supervisor typed everything, then walked away
            dialog.username.setText("supervisor01")
            dialog.password.setText("supervisor01-demo")
            dialog.reason.setText("同意")
            window.idle_watcher.last_input -= 601
            window.idle_watcher.check()
            seen["locked"] = window.lock_screen is not None
            seen["fields"] = (dialog.username.text(), dialog.password.text(), dialog.reason.text())
            seen["open"] = dialog.isVisible()
            if seen["open"]:
                dialog.reject()               # (before the fix: end the test's dialog, nothing decided)

        QTimer.singleShot(0, typed_then_away)
        seen["result"] = real_exec(dialog)
        return seen["result"]

    monkeypatch.setattr(OnSiteApprovalDialog, "exec", exec_)
    panel.on_site_approval()
    qtbot.waitUntil(lambda: "result" in seen, timeout=10000)
    idle(qtbot, panel)
    assert seen["locked"] and not seen["open"] and seen["result"] == 0     # closed by the lock
    assert seen["fields"] == ("", "", "")                          # nothing of the supervisor's kept
    assert not any(isinstance(w, OnSiteApprovalDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    [pending] = approval_service(ctx).list(state="pending", case_id=panel.case_view.case.id)
    assert pending["checker"] in (None, "")
    assert panel.case_view.case.state is CaseState.review           # the clerk's case as it was
    window.lock_screen.accept()                                     # the clerk unlocks
    assert window.lock_screen is None and window.tabs.isVisible()
    said = "".join(window._message_shown)
    assert "现场授权" in said and "未作任何决定" in said
    window.shutdown()


def test_the_dialogs_holding_another_persons_password_are_closed_by_the_lock(qapp, qtbot):
    """现场授权 and the 第二名工作人员 of a home visit: marked, so the lock clears and rejects them."""
    from counter_app.ui.approval_dialog import OnSiteApprovalDialog
    from counter_app.ui.field_panel import SecondStaffDialog
    from counter_app.ui.idle_lock import close_dialogs_on_lock

    second = SecondStaffDialog()
    qtbot.addWidget(second)
    second.open()
    second.username.setText("clerk02")
    second.password.setText("clerk02-demo")
    on_site = OnSiteApprovalDialog(None, "")
    qtbot.addWidget(on_site)
    on_site.open()
    assert set(close_dialogs_on_lock()) == {"第二名工作人员", "现场授权"}
    assert not second.isVisible() and second.result() == 0 and second.password.text() == ""
    assert not on_site.isVisible()


def test_locking_closes_the_certification_dialog_recording_nothing(qtbot, app_home, store, monkeypatch):
    """A 资格认证 dialog open when the idle lock came stayed on top of the lock screen: a passer-by saw
    the pensioner's name, ID number and photos, and could press 登记认证结果. Now the lock closes it
    (rejected, its typed note cleared): no certification is recorded, the case waits at its step as
    it was, and after unlocking the clerk is told it was closed (the step is started again)."""
    from PySide6.QtCore import QTimer

    from counter_app.app_context import case_workflow
    from counter_app.reference.params import load_policy_params
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.ui.certification_dialog import CertificationDialog
    from counter_app.workflows.certification import WindowCertification
    from counter_app.ui import dialogs
    from tests.ui.test_workspace_flows import make_ctx

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))   # closing: unsynced
    ctx = make_ctx(store)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    workflow = case_workflow(ctx)
    view = workflow.create("certification", "individual", variants=("window",),
                           applicant={"name": "王秀英", "id_number": "110105195503150027"})
    cert = WindowCertification(workflow, load_policy_params())
    dlg = CertificationDialog(cert, view.case.id, parent=window)
    seen: dict = {}

    def compared_then_away() -> None:          # the clerk compared the photos, then walked away
        dlg.confirm.setChecked(True)
        dlg.note.setText("与身份证照片一致")
        window.idle_watcher.last_input -= 601
        window.idle_watcher.check()
        seen["locked"] = window.lock_screen is not None
        seen["open"] = dlg.isVisible()
        seen["note"] = dlg.note.text()
        if seen["open"]:
            dlg.reject()                       # (before the fix: end the test's dialog, nothing recorded)

    QTimer.singleShot(0, compared_then_away)
    result = dlg.exec()
    assert seen["locked"] and not seen["open"] and result == 0 and seen["note"] == ""
    assert dlg.outcome is None
    after = workflow.get(view.case.id)
    assert after.case.state is view.case.state and after.next_step == view.next_step
    from counter_app.storage.tables_cases import CaseStepRow

    with store.session() as s:
        assert not s.query(CaseStepRow).filter(CaseStepRow.case_id == view.case.id,
                                               CaseStepRow.step_code == "certify").count()
        assert not s.query(OutboxEntry).filter(OutboxEntry.kind == "certification.recorded").count()
    window.lock_screen.accept()                # the clerk unlocks
    said = "".join(window._message_shown)
    assert "养老保险待遇资格认证（窗口）" in said and "未作任何决定" in said
    window.shutdown()


def test_the_questions_whose_answer_is_recorded_in_the_clerks_name_are_closed_by_the_lock(qapp, qtbot):
    """A yes / no question (ConfirmDialog: 用卡片信息替换申请人, 补打审批申请 …), the 补打原因 and the
    printer choice: closed by the lock, answered no — nothing is done in the clerk's name."""
    from PySide6.QtCore import QTimer

    from counter_app.ui.dialogs import ConfirmDialog
    from counter_app.ui.documents_models import PrinterChooser, ReprintReason
    from PySide6.QtWidgets import QDialog, QLineEdit

    from counter_app.ui.idle_lock import close_dialogs_on_lock

    closed: list[list[str]] = []

    def lock_soon(title: str, tries: int = 500) -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == title]
        if not shown and tries:
            QTimer.singleShot(10, lambda: lock_soon(title, tries - 1))
            return
        for edit in (shown[0].findChildren(QLineEdit) if shown else []):
            edit.setText("原件遗失")
        closed.append(close_dialogs_on_lock())
        for dialog in shown:
            if dialog.isVisible():             # (before the fix: end the test's dialog)
                dialog.reject()

    QTimer.singleShot(0, lambda: lock_soon("用卡片信息替换申请人"))
    assert ConfirmDialog.ask("用卡片信息替换申请人", "用卡片上的信息替换？") is False
    QTimer.singleShot(0, lambda: lock_soon("补打文书"))
    assert ReprintReason.ask() is None
    QTimer.singleShot(0, lambda: lock_soon("改送其他打印机"))
    assert PrinterChooser.ask(["counter-a", "counter-b"], "counter-a") is None
    assert closed == [["用卡片信息替换申请人"], ["补打文书"], ["改送其他打印机"]]


def test_the_lock_screen_shows_its_hint_and_a_long_refusal_in_full(qapp, qtbot):
    """Walked at 1366x768 under Xvfb: the lock screen was ~200 px wide, the authenticator hint cut
    short and the offline refusal (three lines) clipped top and bottom."""
    from counter_app.ui.idle_lock import LockScreen

    refusal = "无法连接中心服务，且该账号从未在本机联网登录过，不能离线登录。请检查网络后重试"

    def refuse(_user, _password, _code):
        raise RuntimeError(refusal)

    lock = LockScreen("clerk01", "张经办", refuse)
    qtbot.addWidget(lock)
    with qtbot.waitExposed(lock):
        lock.show()
    hint = lock.totp.placeholderText()
    assert lock.totp.width() > lock.totp.fontMetrics().horizontalAdvance(hint)
    lock.password.setText("wrong")
    lock.try_unlock()
    qtbot.waitUntil(lambda: lock.buttons.isEnabled() and refusal in lock.message.text(), timeout=5000)
    qapp.processEvents()
    label = lock.message
    assert label.height() >= label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5
