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
