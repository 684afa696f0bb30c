"""A clerk (or a supervisor) without a mouse: key events on the real widgets, as a keyboard-only
tester drove the window (tester report "keyboard").

- one F5 in the window: it refreshes the panel in front (审批 had its own F5 too: ambiguous, nothing ran);
- the 审批 menu has its Alt mnemonic.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow
from tests.ui.test_workspace_decision_form import CASES, TODAY
from tests.ui.test_workspace_flows import (Clicks, choose_type, make_ctx, open_panel,
                                           pick, type_applicant)

TAB = Qt.Key.Key_Tab


def focused():
    return QApplication.focusWidget()


def tab_walk(clicks, steps: int) -> list:
    out = []
    for _ in range(steps):
        clicks.key(TAB)
        out.append(focused())
    return out


def _pension_draft(qtbot, store, facts=None):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False, today=lambda: TODAY)
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get("pension").name, "pension")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, CASES["pension"][1])             # whom the 核定 figures of CASES fit
    if facts is not None:
        panel.set_facts(facts)
    return panel, clicks


# ---------------------------------------------------------------- 2 and 5. the window: F5, menus

@pytest.fixture
def supervisor_window(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("supervisor01", "科长", "supervisor", roles=("supervisor", "clerk")))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    yield w
    w._status_timer.stop()


def test_f5_in_the_approvals_tab_refreshes_its_queue(qtbot, supervisor_window, monkeypatch):
    from counter_app.ui.approvals_panel import ApprovalsPanel

    window = supervisor_window
    calls = defaultdict(int)
    monkeypatch.setattr(ApprovalsPanel, "refresh", lambda self: calls.__setitem__("queue", calls["queue"] + 1))
    monkeypatch.setattr(MainWindow, "refresh_status", lambda self: calls.__setitem__("status", calls["status"] + 1))
    approvals = next(p for p in window.panels if isinstance(p, ApprovalsPanel))
    window.show_panel(approvals)
    approvals.table.setFocus()
    qtbot.waitUntil(lambda: focused() is approvals.table)
    calls.clear()
    qtbot.keyClick(focused(), Qt.Key.Key_F5)
    assert calls == {"queue": 1, "status": 1}                # was: ambiguous F5, neither ran


def test_no_two_shortcuts_of_the_window_clash(supervisor_window):
    """Qt runs neither of two actions bound to one key in the same context (Ambiguous shortcut)."""
    window = supervisor_window
    assert window.panels                                    # every panel built, with its actions
    by_key: dict[str, list[QAction]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty():
                by_key[seq.toString()].append(action)
    clashes = []
    for key, actions in by_key.items():
        wide = [a for a in actions if a.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                                             Qt.ShortcutContext.ApplicationShortcut)]
        owners = [a.parent() for a in actions if a not in wide]
        if (wide and len(actions) > 1) or len(owners) != len(set(owners)):
            clashes.append((key, [a.objectName() or a.text() for a in actions]))
    assert clashes == []


def test_the_approvals_menu_has_its_alt_mnemonic(qtbot, supervisor_window, english_back):
    window = supervisor_window

    def titles():
        return [a.text() for a in window.menuBar().actions() if not a.isSeparator()]

    assert "审批(&A)" in titles()
    assert all("&" in t for t in titles()), titles()
    assert window.switch_language("en")
    qtbot.waitUntil(lambda: "&Approval" in titles())
    letters = [t[t.index("&") + 1].lower() for t in titles()]
    assert len(set(letters)) == len(letters), titles()
