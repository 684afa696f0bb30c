"""The field laptop's tab set against the real centre: the field role brings up 上门认证 and 待同步
instead of the counter's panels; the roster (masked, sorted by lapse date) after a pull; a visit
with the second staff member signed in for it only; the whole window at 1366×768; no timer of its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.paths import app_paths
from counter_app.ui.field_panel import FieldPanel, SecondStaffDialog
from tests.support.cases import settings_for

pytestmark = pytest.mark.integration


def _ctx(store, url, username, password, role, ws="UI-field01"):
    ctx = AppContext(settings=settings_for(url, ws), paths=app_paths().ensure(), store=store,
                     user=UserSession(username, username, role, online=True))
    auth_manager(ctx).login(username, password)
    return ctx


def test_field_role_gets_the_field_tabs_and_a_clerk_does_not(store, central_server):
    from counter_app.ui.main_window import load_panel_classes

    field_ctx = AppContext(settings=settings_for(central_server.url, "UI-f"), paths=app_paths().ensure(), store=store,
                           user=UserSession("field01", "field01", "field"))
    assert [c.__name__ for c in load_panel_classes(field_ctx)] == ["FieldPanel", "OutboxPanel"]
    clerk_ctx = AppContext(settings=settings_for(central_server.url, "UI-c"), paths=app_paths().ensure(), store=store,
                           user=UserSession("clerk01", "clerk01", "clerk"))
    names = [c.__name__ for c in load_panel_classes(clerk_ctx)]
    assert "FieldPanel" not in names and "WorkspacePanel" in names
    from counter_app.config import OfficeMode

    clerk_ctx.settings.office.mode = OfficeMode.field          # a laptop configured for field work
    assert [c.__name__ for c in load_panel_classes(clerk_ctx)][0] == "FieldPanel"


def test_pull_roster_and_record_a_visit(qtbot, store, central_server, monkeypatch, tmp_path):
    ctx = _ctx(store, central_server.url, "field01", "field01-demo", "field")
    panel = FieldPanel(ctx)
    qtbot.addWidget(panel)
    assert not panel.findChildren(QTimer)                 # no polling of its own
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    panel.pull()
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=30000)
    rows = panel.model.rows
    assert len(rows) >= 3
    shown = [panel.proxy.data(panel.proxy.index(r, 0)) for r in range(panel.proxy.rowCount())]
    assert shown == sorted(shown)                         # by lapse date
    assert all("*" in r.id_masked and "*" in r.name_masked for r in rows)
    target = next(r for r in range(panel.proxy.rowCount())
                  if panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).name_masked.startswith("周"))
    panel.table.setCurrentIndex(panel.proxy.index(target, 0))
    assert panel.address.text()                           # the address to confirm
    # saving without the second staff member is refused with a message
    panel.save()
    assert "第二名工作人员" in panel.message.text()

    def filled(dialog_self):
        dialog_self.username.setText("field02")
        dialog_self.password.setText("field02-demo")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SecondStaffDialog, "exec", filled)
    panel.second_staff()
    qtbot.waitUntil(lambda: panel.second is not None, timeout=15000)
    assert panel.second == ("field02", "online")
    panel.result.setCurrentIndex(panel.result.findData("moved_away"))
    with qtbot.waitSignal(panel.failed, timeout=15000) as refused:
        panel.save()                                      # address not confirmed
    assert "地址" in refused.args[0]
    panel.address_ok.setChecked(True)
    panel.note.setPlainText("邻居告知已迁往外省")
    with qtbot.waitSignal(panel.saved, timeout=15000) as saved:
        panel.save()
    assert saved.args[0]["result"] == "moved_away"
    qtbot.waitUntil(lambda: "待同步 1" in panel.sync_label.text(), timeout=15000)
    assert len(panel.model.rows) == len(rows) - 1         # visited: off the list


def test_field_window_at_1366x768(qtbot, store, central_server, tmp_path):
    from counter_app.ui.main_window import MainWindow

    ctx = _ctx(store, central_server.url, "field01", "field01-demo", "field", ws="UI-field-shot")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    panel = window.panels[0]
    assert isinstance(panel, FieldPanel)
    panel.pull()
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=30000)
    panel.table.setCurrentIndex(panel.proxy.index(0, 0))
    shot = tmp_path / "field-1366x768.png"
    assert window.grab().save(str(shot))
    assert window.width() <= 1366 and window.height() <= 768
    # the form fits: its save button is inside the window without scrolling
    button = panel.btn_save.mapTo(window, panel.btn_save.rect().bottomRight())
    assert button.y() <= window.height() and button.x() <= window.width()
    window.shutdown()
