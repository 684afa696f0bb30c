"""IT finding: a disabled account kept working in the window. When a sync round (立即同步 or the
background agent) records the centre's 该账号已停用 / 工作站已停用, the window's next status poll tells
the clerk why and closes as on 注销登录."""

from __future__ import annotations

import pytest

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.storage.tables_core import Meta
from counter_app.sync.auth import META_CURRENT_USER, AuthManager
from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, app_home, store, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs.ErrorDialog, "show", classmethod(lambda cls, title, text, parent=None: shown.append(text)))
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("bob", "鲍经办", "clerk"))
    with store.session() as s:
        s.merge(Meta(key=META_CURRENT_USER, value="bob"))
        s.commit()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.shown_errors = shown
    yield w
    w._status_timer.stop()


@pytest.mark.parametrize("kind", ["account_disabled", "workstation_retired"])
def test_the_window_signs_out_when_the_centre_refuses_the_account_or_workstation(qtbot, window, kind):
    window.show()
    with qtbot.waitSignal(window.status_refreshed, timeout=5000):
        window.refresh_status()                         # nothing wrong yet: an ordinary poll
    assert window.isVisible()
    auth = AuthManager(window.ctx.store, window.ctx.settings)
    auth.account_disabled("bob") if kind == "account_disabled" else auth.workstation_retired()
    window.refresh_status()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.shown_errors and "已被中心停用" in window.shown_errors[0]
    assert ("bob" if kind == "account_disabled" else window.ctx.settings.office.workstation_id) in window.shown_errors[0]
