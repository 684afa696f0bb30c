"""IT staff report (items 1 and the window's side of it): a store restored from a backup carries no
usable sign-in until an online sign-in (or a sync round) has brought the centre's 文号 and case-number
floors. ``counter-app store restore`` did so and the CLI refused business; the window did neither —
its damaged-store dialog restored the backup with the backup's user still signed in, and after an
offline sign-in the workspace accepted a case that took a 办件编号 and a 文号 the centre already held.
Now the window's restore signs out as the CLI's does (workflows.store_restore), and the window asks the
CLI's question (AuthManager.restored_refusal): the business actions refuse, in Chinese, the status bar
says why, and the centre's numbers lift it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer

from counter_app.domain.refusals import REFUSALS
from counter_app.storage.tables_cases import CaseRow
from counter_app.storage.tables_core import Meta
from counter_app.sync.auth import META_CURRENT_USER, META_RESTORED, AuthManager
from counter_app.ui import dialogs
from tests.ui.test_workspace_flows import (Clicks, applicant_for, choose_type, facts_for, idle, make_ctx, open_panel,
                                           pick, type_applicant)

pytestmark = pytest.mark.timeout(120)

REFUSED = REFUSALS["restored_needs_online"]


def _restored_then_offline_sign_in(store, settings, user: str = "clerk01") -> None:
    """What a restore leaves (its sign-in ended, business waiting for the centre's numbers), then
    an offline sign-in: the current user set, no floors from the centre."""
    AuthManager(store, settings).sign_out_restored()
    with store.session() as s:
        s.merge(Meta(key=META_CURRENT_USER, value=user))
        s.commit()


def _cases(store) -> int:
    with store.session() as s:
        return s.query(CaseRow).count()


def _try_accept(qtbot, panel, code: str = "reg_enroll") -> None:
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get(code).name, code)
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for(code, "individual"))
    panel.set_facts(facts_for(code))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)


def test_the_workspace_refuses_a_case_on_a_restored_store_until_the_centres_numbers_came(qtbot, app_home, store):
    ctx = make_ctx(store)
    _restored_then_offline_sign_in(store, ctx.settings)
    panel = open_panel(qtbot, ctx)
    _try_accept(qtbot, panel)
    assert panel.case_view is None and _cases(store) == 0          # no 办件编号, no 文号 taken
    assert REFUSED in panel.last_message, panel.last_message
    AuthManager(store, ctx.settings).floors_fetched()               # an online sign-in's (or a sync round's) pull
    qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)
    if panel.case_view is None:                                     # the form kept its draft: accept it again
        _try_accept(qtbot, panel)
    assert panel.case_view is not None and _cases(store) == 1, panel.last_message


def test_the_status_bar_says_why_until_the_numbers_came(qtbot, app_home, store, monkeypatch):
    from counter_app.app_context import AppContext, UserSession
    from counter_app.config import default_settings
    from counter_app.paths import app_paths
    from counter_app.ui.main_window import MainWindow

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    _restored_then_offline_sign_in(store, ctx.settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    try:
        window.show()
        with qtbot.waitSignal(window.status_refreshed, timeout=5000):
            window.refresh_status()
        assert window.isVisible()                                    # not signed out: the clerk may look things up
        label = window.status.online_label
        assert "已从备份恢复：须联网登录后才能办理业务" in label.text() and label.toolTip() == REFUSED
        shown = window.banner.label.text() if window.banner.isVisible() else window.status.toolTip() \
            or window.status.currentMessage()
        assert REFUSED in shown, shown
        AuthManager(store, ctx.settings).floors_fetched()           # the sync agent's round pulled the floors
        with qtbot.waitSignal(window.status_refreshed, timeout=5000):
            window.refresh_status()
        assert "备份" not in label.text() and not label.toolTip()
    finally:
        window._status_timer.stop()


def test_the_windows_restore_of_a_damaged_store_signs_out_as_the_cli_does(app_home, monkeypatch, qapp,
                                                                          _migrated_template):
    """The damaged-store dialog at start-up: the backup was taken while clerk01 was signed in. After
    the restore nobody is signed in, business waits for the centre's numbers, and store.restored is
    recorded in nobody's name."""
    import shutil

    from counter_app.paths import app_paths
    from counter_app.storage.db import Store, backup_file
    from counter_app.ui import app as ui_app
    from tests.support.store_files import keyed_connect

    db = app_paths().ensure().database_file
    shutil.copyfile(_migrated_template, db)
    store = Store.open(db)
    with store.session() as s:
        s.merge(Meta(key=META_CURRENT_USER, value="clerk01"))
        s.commit()
    store.close()
    backup_file(db)
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 3)
    monkeypatch.setattr(dialogs.CorruptStoreDialog, "ask", classmethod(lambda cls, message, has_backup, parent=None: True))
    monkeypatch.setattr(dialogs.ErrorDialog, "show", classmethod(lambda cls, *a, **k: pytest.fail(f"error shown {a}")))
    seen = []

    def sign_in(ctx):
        auth = AuthManager(ctx.store, ctx.settings)
        seen.append((auth.current_user(), auth.restored_refusal()))

    monkeypatch.setattr(ui_app, "sign_in", sign_in)
    from counter_app.ui.first_run import FirstRunWizard

    monkeypatch.setattr(FirstRunWizard, "ask", classmethod(lambda cls, parent=None: None))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 0
    assert seen == [(None, REFUSED)], seen
    con = keyed_connect(db)
    try:
        restored = con.execute("SELECT actor FROM audit_records WHERE action = 'store.restored'").fetchall()
        meta = con.execute("SELECT value FROM meta WHERE key = ?", (META_RESTORED,)).fetchall()
    finally:
        con.close()
    assert restored == [("",)] and len(meta) == 1
