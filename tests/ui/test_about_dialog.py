"""帮助 › 关于: the window shows the build (counter_protocol.build), the store's schema version, the
centre's address and whether the centre's sync protocol matches this build's once a sync round has
reached it — in English too. Was: only ``--version`` and doctor said the build."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui import dialogs
from counter_app.ui.i18n import install_language
from counter_app.ui.main_window import MainWindow
from counter_protocol.build import full_version
from counter_protocol.sync import PROTOCOL_VERSION

HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def window(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    settings = default_settings()
    settings.central.url = "https://centre.example.test:8443"
    w = MainWindow(AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                              user=UserSession("clerk01", "张经办", "clerk")))
    qtbot.addWidget(w)
    yield w
    w._status_timer.stop()


def _shown(qtbot, window):
    assert window.menu_help.title() == "帮助(&H)" and window.action_about in window.menu_help.actions()
    window.action_about.trigger()
    qtbot.waitUntil(lambda: window.about_dialog is not None and window.about_dialog.isVisible(), timeout=10000)
    return window.about_dialog


def test_the_about_box_shows_the_build_schema_and_centre(qtbot, window, store, english_back):
    from counter_app.storage.db import current_revisions

    box = _shown(qtbot, window)
    revision = ", ".join(sorted(current_revisions(store.engine)))
    assert revision
    assert box.text("build") == full_version() and "+" in box.text("build")
    assert box.text("protocol") == str(PROTOCOL_VERSION)
    assert box.text("schema") == f"{revision}（最新）"
    assert box.text("centre_url") == "https://centre.example.test:8443"
    assert box.text("centre_version") == "尚未联系（同步一次后显示）"
    assert box.text("compatible") == "未知（尚未与中心服务同步）"
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: box.windowTitle() == "About the social insurance counter system", timeout=3000)
    assert box.text("compatible") == "Unknown (not synced with the centre yet)"
    assert box.text("schema") == f"{revision} (latest)"
    for key in box.ROWS:
        assert not HAN.search(box.captions[key].text()), box.captions[key].text()
    qtbot.waitUntil(lambda: window.menu_help.title() == "&Help", timeout=3000)
    assert window.action_about.text() == "About…"


def test_the_centres_version_and_compatibility_after_a_sync_round(qtbot, window, store):
    """What the last round's health answer said (the sync worker keeps it in the store's meta)."""
    from counter_app.sync.status import META_CENTRE_PROTOCOL, META_CENTRE_VERSION, meta_set

    with store.new_session() as s:
        meta_set(s, META_CENTRE_VERSION, "0.1.0.0+abcdef1.20261201")
        meta_set(s, META_CENTRE_PROTOCOL, str(PROTOCOL_VERSION + 1))
        s.commit()
    box = _shown(qtbot, window)
    assert box.text("centre_version") == "0.1.0.0+abcdef1.20261201"
    assert box.text("compatible") == (f"不兼容：中心服务的同步协议为 {PROTOCOL_VERSION + 1}，本机为 {PROTOCOL_VERSION}；"
                                      "请联系信息技术人员升级")
    with store.new_session() as s:
        meta_set(s, META_CENTRE_PROTOCOL, str(PROTOCOL_VERSION))
        s.commit()
    window.action_about.trigger()                   # shown again: read again
    qtbot.waitUntil(lambda: window.about_dialog.text("compatible") == "兼容（同步协议相同）", timeout=10000)
