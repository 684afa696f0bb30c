"""The idle lock puts away every window of the application, not a list of dialogs.

The settings wizard, the service-guide chooser, the field laptop's 撤回未发送记录 and modal message
boxes stayed over (or beside) the lock screen, readable and usable by whoever passed by. Now a form
holding unsaved input is hidden and shown again as it was after unlocking; a question or a choice is
closed deciding nothing (named in the note after unlocking); a message box that only tells something
is closed and shown again after unlocking; a window opened while locked is put away as it shows."""

from __future__ import annotations

from typing import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow
from tests.ui.test_workspace_flows import make_ctx


@pytest.fixture
def window(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))   # closing: unsynced
    w = MainWindow(make_ctx(store))
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.lock_screen is not None:
        w.lock_screen.accept()
    w.shutdown()


def lock_now(window: MainWindow) -> None:
    """The clerk walked away ten minutes ago (again: the last lock's idle spell is over)."""
    window.idle_watcher._fired = False
    window.idle_watcher.last_input -= 601
    window.idle_watcher.check()
    assert window.lock_screen is not None and window.lock_screen.isVisible()


def shown(kind: type, title: str = "") -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, kind) and w.isVisible() and (not title or w.windowTitle() == title)]


def when_shown(kind: type, then: Callable[[QWidget], None], title: str = "", tries: int = 500) -> None:
    """``then(window)`` once a window of ``kind`` (titled ``title``) shows (inside its exec())."""
    found = shown(kind, title)
    if not found and tries:
        QTimer.singleShot(10, lambda: when_shown(kind, then, title, tries - 1))
        return
    if found:
        then(found[0])


def end(widget: QWidget) -> None:
    """(Before the fix: the window is still there over the lock — end it so the test ends.)"""
    if widget.isVisible() and isinstance(widget, QDialog):
        widget.reject()


def note(window: MainWindow) -> str:
    return "".join(window._message_shown)


def test_the_settings_wizard_is_hidden_by_the_lock_and_back_as_it_was_after_unlocking(qtbot, window):
    from counter_app.ui.first_run import FirstRunWizard

    seen: dict = {}

    def typed_then_away(wizard) -> None:
        wizard.pages[0].url.setText("https://centre.example/typed")
        lock_now(window)
        seen["hidden"] = not wizard.isVisible()
        seen["on top"] = QApplication.activeModalWidget() is window.lock_screen
        window.lock_screen.accept()                        # the clerk unlocks
        seen["back"] = wizard.isVisible() and wizard.pages[0].url.text() == "https://centre.example/typed"
        wizard.reject()                                    # 以后再说

    QTimer.singleShot(0, lambda: when_shown(FirstRunWizard, typed_then_away))
    window.open_setup()
    assert seen == {"hidden": True, "on top": True, "back": True}
    assert "设置" not in note(window)                      # kept, not closed


def test_the_service_guide_chooser_is_closed_by_the_lock_printing_nothing(qtbot, window):
    from counter_app.ui.service_guide import ServiceGuideChooser
    from counter_app.workflows.service_guide import GuideChoice

    seen: dict = {}

    def chosen_then_away(chooser) -> None:
        lock_now(window)
        seen["closed"] = not chooser.isVisible()
        end(chooser)

    QTimer.singleShot(0, lambda: when_shown(QDialog, chosen_then_away, "打印服务指南"))
    assert ServiceGuideChooser.ask([GuideChoice("pension", "基本养老金核定")], window) is None   # nothing printed
    assert seen["closed"]
    window.lock_screen.accept()
    assert "打印服务指南" in note(window) and "未作任何决定" in note(window)


def test_the_withdraw_dialog_is_hidden_by_the_lock_keeping_the_visit_chosen_and_the_reason(qtbot, window):
    from counter_app.ui.field_panel import WithdrawVisitDialog

    items = [{"visit_id": "v1", "visited_at": "2026-03-02T09:30:00+08:00", "name": "孙桂兰",
              "id_number": "110105********002X", "result": "deceased", "address": "福田区莲花路 1 号"}]
    dialog = WithdrawVisitDialog(items, lambda code: "已死亡", window)
    seen: dict = {}

    def chosen_then_away(shown_dialog) -> None:
        dialog.list.setCurrentRow(0)
        dialog.reason.setText("结果选错：本人健在")
        lock_now(window)
        seen["hidden"] = not dialog.isVisible()
        window.lock_screen.accept()
        seen["back"] = (dialog.isVisible(), dialog.list.currentRow(), dialog.reason.text())
        dialog.ok.click()                                  # the clerk withdraws it after unlocking

    QTimer.singleShot(0, lambda: when_shown(WithdrawVisitDialog, chosen_then_away))
    assert dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() == items[0]
    assert seen == {"hidden": True, "back": (True, 0, "结果选错：本人健在")}


def test_a_message_box_open_at_lock_time_is_closed_and_shown_again_after_unlocking(qtbot, window):
    from counter_app.ui.dialogs import ErrorDialog
    from counter_app.ui.field_panel import DeathConfirm

    seen: dict = {}

    def away(box) -> None:
        lock_now(window)
        seen.setdefault("closed", []).append(not box.isVisible())
        end(box)

    QTimer.singleShot(0, lambda: when_shown(QMessageBox, away, "确认已死亡"))
    assert DeathConfirm.ask(window, "孙桂兰（110105********002X）") is False     # not sealed as dead
    window.lock_screen.accept()
    assert "确认已死亡" in note(window) and "未作任何决定" in note(window)

    QTimer.singleShot(0, lambda: when_shown(QMessageBox, away, "无法保存"))
    ErrorDialog.show("无法保存", "孙桂兰的上门认证记录未保存：磁盘已满", window)     # returns: the lock closed it
    assert seen["closed"] == [True, True]
    assert shown(QMessageBox, "无法保存") == []
    window.lock_screen.accept()
    [again] = shown(QMessageBox, "无法保存")                # the same words, after unlocking
    assert again.text() == "孙桂兰的上门认证记录未保存：磁盘已满" and not again.isModal()
    again.close()


def test_the_lock_comes_inside_a_nested_exec_and_a_box_opened_while_locked_waits(qtbot, window):
    """A message box run from inside the wizard (exec inside exec) when the lock comes: the box is
    closed, the wizard hidden; a box a step opens while locked is put away as it shows — the lock
    stays the only window taking input — and both come back after unlocking."""
    from counter_app.ui.dialogs import ErrorDialog
    from counter_app.ui.first_run import FirstRunWizard

    seen: dict = {}

    def in_the_wizard(wizard) -> None:
        def away(box) -> None:
            lock_now(window)
            seen["box closed"] = not box.isVisible()
            seen["wizard hidden"] = not wizard.isVisible()
            end(box)

        QTimer.singleShot(0, lambda: when_shown(QMessageBox, away, "测试连接"))
        ErrorDialog.show("测试连接", "无法连接中心服务", wizard)            # nested exec, ended by the lock

        still_there: list[bool] = []

        def later() -> None:                               # (before the fix: still over the lock — end it)
            boxes = shown(QMessageBox, "稍后")
            still_there.append(bool(boxes))
            for box in boxes:
                box.reject()

        check = QTimer()
        check.setSingleShot(True)
        check.timeout.connect(later)
        check.start(300)
        ErrorDialog.show("稍后", "打印机缺纸", window)     # opened while locked: put away as it shows
        check.stop()
        seen["later put away"] = not any(still_there)
        seen["lock on top"] = QApplication.activeModalWidget() is window.lock_screen
        window.lock_screen.accept()
        seen["wizard back"] = wizard.isVisible()
        seen["boxes back"] = sorted(b.windowTitle() for b in shown(QMessageBox))
        for box in shown(QMessageBox):
            box.close()
        wizard.reject()

    QTimer.singleShot(0, lambda: when_shown(FirstRunWizard, in_the_wizard))
    window.open_setup()
    assert seen == {"box closed": True, "wizard hidden": True, "later put away": True, "lock on top": True,
                    "wizard back": True, "boxes back": ["测试连接", "稍后"]}
