"""Start-up: the window comes up without the GUI thread importing SQLAlchemy or opening the store;
the store opens on a worker and the panels fill in; a store from a newer version still stops the
app with the Chinese message."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer

from counter_app.app_context import AppContext, UserSession, store_opener
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui import app as ui_app
from counter_app.ui import dialogs
from tests.support.store_files import keyed_connect

# Runs the real start-up (tools.smoke) and reports what the GUI (main) thread imported and
# which threads connected to SQLite, each with its time, so the test can compare with the IDLE time.
PROBE = r"""
import json, sys, threading, time

main_imports, connects = [], []

class Recorder:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is threading.main_thread():
            main_imports.append((time.time(), name))
        return None

def audit(event, args):
    if event == "sqlite3.connect":
        connects.append((time.time(), threading.current_thread() is threading.main_thread()))

# the store goes through SQLCipher (sqlcipher3 raises no audit event): record its connects too
import sqlcipher3, sqlcipher3.dbapi2
_connect = sqlcipher3.dbapi2.connect

def _recording_connect(*args, **kwargs):
    audit("sqlite3.connect", args)
    return _connect(*args, **kwargs)

sqlcipher3.dbapi2.connect = sqlcipher3.connect = _recording_connect
sys.meta_path.insert(0, Recorder())
sys.addaudithook(audit)
# the QtWidgets and QtGui classes PySide6 has made (each with its enum types) when the window is idle
qt_types, step_pages, masking = [], [], []
import counter_app.ui.app as ui_app
_rss_bytes = ui_app._rss_bytes

def _idle_rss():
    import PySide6.QtWidgets
    qt_types.extend(sorted(n for n, v in vars(PySide6.QtWidgets).items() if isinstance(v, type)))
    qt_types.extend(sorted(n for n, v in vars(PySide6.QtGui).items() if isinstance(v, type)))
    step_pages.extend(getattr(w, "pages_ready", True) for w in PySide6.QtWidgets.QApplication.allWidgets()
                      if type(w).__name__ == "StepGuide")
    import counter_rules.masking
    compiled = getattr(counter_rules.masking, "_compiled", None)
    masking.append(compiled.cache_info().currsize if compiled is not None else -1)
    return _rss_bytes()

ui_app._rss_bytes = _idle_rss
from tools.smoke import main
code = main([])
print("PROBE " + json.dumps({"imports": main_imports, "connects": connects, "qt_types": qt_types,
                             "step_pages": step_pages, "masking": masking}), flush=True)
sys.exit(code)
"""

HEAVY = ("sqlalchemy", "alembic", "counter_app.storage", "counter_app.sync", "counter_app.devices",
         "counter_app.printing", "counter_app.workflows", "psutil", "smartcard", "reportlab",
         # the rules model: the case engine, the catalog model, the checklist, the decision data and
         # its parameters load with the catalog on a worker; the window needs only domain.terms
         "counter_app.domain.case_engine", "counter_app.domain.catalog", "counter_app.domain.checklist",
         "counter_app.domain.drafts", "counter_rules.catalog", "counter_rules.checklist",
         "counter_rules.decision_data", "counter_rules.params")


def _run_probe(home) -> tuple[float, dict]:
    env = dict(os.environ, COUNTER_APP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    idle = next(float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("IDLE"))
    probe = json.loads(next(line[6:] for line in out.stdout.splitlines() if line.startswith("PROBE ")))
    return idle, probe


def test_gui_thread_neither_imports_sqlalchemy_nor_opens_the_store_before_idle(tmp_path):
    home = tmp_path / "home"
    _run_probe(home)  # first start: creates and migrates the store
    idle, probe = _run_probe(home)
    before_idle = [name for t, name in probe["imports"] if t <= idle]
    assert "counter_app.ui.main_window" in before_idle  # the probe does see the GUI thread's imports
    heavy = sorted({n for n in before_idle if any(n == h or n.startswith(h + ".") for h in HEAVY)})
    assert heavy == [], f"GUI thread imported before the window was idle: {heavy}"
    # the probe's user is a clerk: the 审批 panel is not theirs, so its module is not imported at
    # all; html (a 2,000-entry table) only when a notice preview is made
    assert "counter_app.ui.approvals_panel" not in before_idle
    assert "html" not in before_idle
    # #20: the 核定 form (its periods editor) and 拍照 on a material are made when a step or the
    # materials list first needs them, and the closed combo paints without the style classes
    deferred = ("counter_app.ui.workspace.decision_form", "counter_app.ui.workspace.periods_editor",
                "counter_app.ui.workspace.material_capture",
                "counter_app.ui.idle_lock",    # the lock screen: the idle watcher is idle_watch
                "counter_app.ui.refusals")     # words an outcome, a refusal: none before a service is picked
    assert [m for m in deferred if m in before_idle] == []
    assert probe["qt_types"] and "QStyle" not in probe["qt_types"], probe["qt_types"]
    # #20: no scroll area's viewport is asked for the way that makes PySide wrap every QtWidgets
    # class (QMdiArea, QLCDNumber, QWizard … and their ~50 enum types) to find the viewport's own
    unused = ("QMdiArea", "QLCDNumber", "QWizard", "QGraphicsView", "QCalendarWidget")
    assert [t for t in unused if t in probe["qt_types"]] == [], probe["qt_types"]
    # #20: the step guide's pages (a step's input, 办结 / 归档) are made when a case's step is first
    # shown: the workspace's one StepGuide has none of their controls yet
    assert probe["step_pages"] == [False]
    # #20: the masking patterns (personal data in logs and lists) are compiled when first used:
    # nothing is masked before idle
    assert probe["masking"] == [0]
    # #20: the preview's margin is not read off its document (QTextDocument and its enum types)
    assert "QTextDocument" not in probe["qt_types"]
    # the store is opened — on a worker, not the GUI thread
    assert probe["connects"], "the store was never opened"
    assert not [t for t, on_main in probe["connects"] if on_main and t <= idle]


def _too_new_store():
    """The app's store, written by a (pretend) newer version of the program."""
    paths = app_paths().ensure()
    from counter_app.storage.db import Store

    Store.open(paths.database_file).close()
    con = keyed_connect(paths.database_file)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.close()
    return paths


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_store_from_a_newer_version_stops_the_app_with_the_chinese_message(app_home, monkeypatch, qapp):
    _too_new_store()
    shown = []
    monkeypatch.setattr(dialogs.ErrorDialog, "show",
                        classmethod(lambda cls, title, message, parent=None: shown.append((title, message))))
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: pytest.fail("asked to confirm")))
    settings = default_settings()
    settings.card.backend = "demo"      # no reader needed: the test is about the store
    monkeypatch.setattr(ui_app, "load_settings", lambda path: settings)
    QTimer.singleShot(20000, qapp.quit)  # a hang fails the test instead of blocking the run
    assert ui_app.run_gui(user=UserSession("clerk01", "张经办", "clerk")) == 1
    from counter_app.ui.gui_collector import GuiCollector

    assert qapp.findChild(GuiCollector) is not None      # garbage collected on the GUI thread only
    assert len(shown) == 1
    title, message = shown[0]
    assert title == "无法打开本地数据库"
    assert "更新版本" in message and "9999_future" in message


def test_store_from_a_newer_version_is_reported_before_the_login(app_home, monkeypatch, qapp):
    _too_new_store()
    shown = []
    monkeypatch.setattr(dialogs.ErrorDialog, "show",
                        classmethod(lambda cls, title, message, parent=None: shown.append((title, message))))
    monkeypatch.setattr(ui_app, "sign_in", lambda ctx: pytest.fail("login offered on a broken store"))
    from counter_app.ui.first_run import FirstRunWizard  # no config file here: the wizard is put off
    monkeypatch.setattr(FirstRunWizard, "ask", classmethod(lambda cls, parent=None: None))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 1
    assert [t for t, _ in shown] == ["无法打开本地数据库"] and "更新版本" in shown[0][1]


def test_context_opens_its_store_once_and_remembers_the_failure(app_home, store):
    paths = app_paths().ensure()
    calls = []

    def opener():
        calls.append(1)
        return store

    ctx = AppContext(settings=default_settings(), paths=paths, store_opener=opener)
    assert not ctx.store_ready
    assert ctx.open_store() is store and ctx.store is store and ctx.store_ready
    assert calls == [1]

    def broken():
        calls.append(2)
        raise RuntimeError("磁盘不可读")

    bad = AppContext(settings=default_settings(), paths=paths, store_opener=broken)
    for _ in range(2):
        with pytest.raises(RuntimeError, match="磁盘不可读"):
            _ = bad.store
    assert calls == [1, 2]  # not retried behind the clerk's back
    bad.close()             # nothing open: nothing to close


def test_panels_fill_in_once_the_store_opens_on_a_worker(app_home, store, qtbot, monkeypatch):
    from counter_app.ui.main_window import MainWindow

    paths = app_paths().ensure()
    shutil.copyfile(store.path, paths.database_file)
    settings = default_settings()
    settings.card.backend = "demo"
    ctx = AppContext(settings=settings, paths=paths, store_opener=store_opener(paths.database_file),
                     user=UserSession("clerk01", "张经办", "clerk"))
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    cases = next(p for p in window.panels if type(p).__name__ == "CasesPanel")
    outbox = next(p for p in window.panels if type(p).__name__ == "OutboxPanel")
    qtbot.waitUntil(lambda: ctx.store_ready, timeout=10000)
    with qtbot.waitSignal(window.status_refreshed, timeout=10000):
        window.refresh_status()
    with qtbot.waitSignals([cases.loaded, outbox.loaded], timeout=10000):
        cases.refresh()
        outbox.refresh()
    assert "共 0 件" in cases.count_label.text()
    window._status_timer.stop()
    window.close()
    ctx.close()


def test_panel_constants_match_the_modules_they_avoid_importing():
    """The cases panel keeps its own copy of the filter keys so the GUI thread need not import
    SQLAlchemy-backed modules to build it (they must stay equal); the outbox states live in a
    module without SQLAlchemy that the panel and the table share."""
    from counter_app.storage.tables_core import OutboxState as StoredState
    from counter_app.ui.cases_panel import FILTER_KEYS
    from counter_app.ui.outbox_panel import OutboxState
    from counter_app.workflows.case_queries import FILTERS

    assert FILTER_KEYS == FILTERS
    assert OutboxState is StoredState
    assert OutboxState.ALL == ("pending", "sending", "synced", "rejected", "conflict")


def test_truncated_store_offers_the_last_backup_before_the_login_and_opens_it(app_home, monkeypatch, qapp,
                                                                                _migrated_template):
    """#16 finding 12 in the GUI: the Chinese dialog offers the newest good backup; restoring it
    lets the clerk sign in on the restored store; the damaged file is kept aside."""
    import shutil

    from counter_app.paths import app_paths
    from counter_app.storage.db import backup_file

    db = app_paths().ensure().database_file
    shutil.copyfile(_migrated_template, db)
    good = backup_file(db)
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 3)
    asked = []
    monkeypatch.setattr(dialogs.CorruptStoreDialog, "ask", classmethod(
        lambda cls, message, has_backup, parent=None: asked.append((message, has_backup)) or True))
    monkeypatch.setattr(dialogs.ErrorDialog, "show", classmethod(lambda cls, *a, **k: pytest.fail(f"error shown {a}")))
    reached = []
    monkeypatch.setattr(ui_app, "sign_in", lambda ctx: reached.append(ctx.store.path) or None)
    from counter_app.ui.first_run import FirstRunWizard  # no config file here: the wizard is put off
    monkeypatch.setattr(FirstRunWizard, "ask", classmethod(lambda cls, parent=None: None))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 0
    assert len(asked) == 1 and asked[0][1] is True
    assert "损坏" in asked[0][0] and good.name in asked[0][0]
    assert reached == [db] and list(db.parent.glob("counter.sqlite3.corrupt-*"))


def test_corrupt_store_dialog_shows_the_message_and_its_restore_button(qapp):
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen = []

    def click_restore():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == "恢复备份").click()

    QTimer.singleShot(300, click_restore)
    assert dialogs.CorruptStoreDialog.ask("本地数据库已损坏（文件被截断）", True) is True
    title, text, buttons = seen[0]
    assert title == "本地数据库已损坏" and "截断" in text and set(buttons) == {"恢复备份", "退出"}


# --- start-up's messages in the configured language (Qt translation, context Startup / StoreErrors) --

def _config(language: str) -> None:
    from counter_app.config import save_settings

    settings = default_settings()
    settings.ui.language = language
    settings.card.backend = "demo"
    save_settings(settings, app_paths().ensure().config_file)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_store_from_a_newer_version_is_reported_in_the_configured_language(
        app_home, monkeypatch, qapp, english_back, language):
    """Review: start-up's messages (无法打开本地数据库, the store's problem) were Chinese literals in
    app.py and the storage's Chinese, not tr(): with English configured the clerk read Chinese."""
    import re

    _config(language)
    _too_new_store()
    shown = []
    monkeypatch.setattr(dialogs.ErrorDialog, "show",
                        classmethod(lambda cls, title, message, parent=None: shown.append((title, message))))
    monkeypatch.setattr(ui_app, "sign_in", lambda ctx: pytest.fail("login offered on a broken store"))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 1
    [(title, message)] = shown
    assert "9999_future" in message
    if language == "en":
        assert title == "Cannot open the local database"
        assert "written by a newer version" in message and not re.search(r"[\u4e00-\u9fff]", message), message
    else:
        assert title == "无法打开本地数据库" and "由更新版本的程序写入" in message


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_failed_backup_restore_is_reported_in_the_configured_language(
        app_home, monkeypatch, qapp, english_back, _migrated_template, language):
    import re
    import shutil

    from counter_app.storage import db as store_db

    _config(language)
    path = app_paths().ensure().database_file
    shutil.copyfile(_migrated_template, path)
    store_db.backup_file(path)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2 + 3)
    asked, shown = [], []
    monkeypatch.setattr(dialogs.CorruptStoreDialog, "ask", classmethod(
        lambda cls, message, has_backup, parent=None: asked.append(message) or True))
    monkeypatch.setattr(dialogs.ErrorDialog, "show",
                        classmethod(lambda cls, title, message, parent=None: shown.append((title, message))))

    def refused(path, backup):
        raise store_db.StoreError.of("restore_failed", "数据库文件无法读取", backup)

    monkeypatch.setattr(store_db, "restore_backup", refused)
    monkeypatch.setattr(ui_app, "sign_in", lambda ctx: pytest.fail("login offered on a broken store"))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 1
    [offer], [(title, message)] = asked, shown
    han = re.compile(r"[\u4e00-\u9fff]")
    if language == "en":
        assert offer.startswith("The local database is damaged (") and "Newest usable backup" in offer, offer
        assert title == "Cannot open the local database"
        assert message.startswith("Restoring the backup failed: Restoring failed (the database file cannot be read)")
        assert not han.search(message), message
        # the damage as the store measured it (文件大小 … 字节不是整页) is a composed phrase: as it is
        assert not han.search(offer.split(")", 1)[1]), offer
    else:
        assert offer.startswith("本地数据库已损坏（") and "最近的可用备份" in offer
        assert title == "无法打开本地数据库"
        assert message.startswith("恢复备份失败：恢复失败（数据库文件无法读取）")


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.skipif(sys.platform == "win32", reason="the Linux keyring hint (gnome-keyring)")
def test_no_keyring_is_reported_in_english_with_english_configured(app_home, monkeypatch, qapp, english_back):
    """The keyring problems (no Secret Service at all: what to install) in the configured language."""
    import re

    from counter_app.storage import crypto

    class NoKeyringError(Exception):
        pass

    def no_keyring(create=False):
        raise NoKeyringError()

    _config("en")
    monkeypatch.setattr(crypto, "store_key", no_keyring)
    shown = []
    monkeypatch.setattr(dialogs.ErrorDialog, "show",
                        classmethod(lambda cls, title, message, parent=None: shown.append((title, message))))
    monkeypatch.setattr(ui_app, "sign_in", lambda ctx: pytest.fail("login offered without a store"))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 1
    [(title, message)] = shown
    assert title == "Cannot open the local database"
    assert message.startswith("This computer has no usable system keyring") and "gnome-keyring" in message, message
    assert not re.search(r"[\u4e00-\u9fff]", message), message


def test_a_configuration_that_does_not_load_is_asked_about_in_chinese_with_qts_own_chinese(
        app_home, monkeypatch, qapp, english_back):
    """Before the settings are read no language was installed: the 配置文件有误 dialog came in whatever
    language was installed before (none at a real start: Qt's own buttons read "&Yes" / "&No"). The
    default language (Chinese, with Qt's own qtbase_zh_CN) is installed first now."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    app_paths().ensure().config_file.write_text("[ui]\nlanguage = 'klingon'\n", encoding="utf-8")
    assert install_language(QApplication.instance(), "en")       # as a previous run's state might leave it
    seen = []

    def show(cls, message, parent=None):
        seen.append((QCoreApplication.translate("Dialogs", "配置文件有误"),
                     QCoreApplication.translate("QPlatformTheme", "Close")))

    monkeypatch.setattr(dialogs.ConfigErrorDialog, "show", classmethod(show))
    assert ui_app.run_gui() == 1
    assert seen == [("配置文件有误", "关闭")], seen
