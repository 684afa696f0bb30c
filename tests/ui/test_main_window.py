"""The app shell: Chinese text renders, status bar is live, geometry remembered, language switch."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.storage.uow import UnitOfWork
from counter_app.ui import app as ui_app
from counter_app.ui import dialogs
from counter_app.ui.fonts import font_has_cjk, pick_cjk_font
from counter_app.ui.main_window import MainWindow


@pytest.fixture
def ctx(app_home, store):
    return AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                      user=UserSession("clerk01", "张经办", "clerk"))


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    yield w
    w._status_timer.stop()


def test_ui_font_has_chinese_glyphs(qapp):
    """Fails when the machine has no CJK font: every Chinese character would be a box."""
    assert ui_app.apply_ui_font(qapp), "no font with Chinese glyphs installed (fonts-wqy-zenhei)"
    assert font_has_cjk(QApplication.font())
    font = pick_cjk_font()
    assert font is not None and font_has_cjk(font)


def test_main_window_shows_chinese_title_and_status(qtbot, window):
    with qtbot.waitExposed(window):
        window.show()
    assert "社保窗口" in window.windowTitle()
    assert "张经办" in window.status.user_label.text()
    assert "福田分局" in window.status.office_label.text() and "第1窗口" in window.status.office_label.text()


def test_status_bar_outbox_depth_is_live(qtbot, window, ctx):
    window.refresh_status()                           # the next poll
    qtbot.waitUntil(lambda: window.status.info.outbox_pending == 0, timeout=5000)
    with UnitOfWork(ctx.store, actor="clerk01") as uow:
        for i in range(3):
            uow.outbox.add(kind="test", aggregate_type="case", aggregate_id=f"c{i}", payload={"i": i})
        uow.commit()
    window.events.outbox_changed.emit()  # what a panel announces after writing
    qtbot.waitUntil(lambda: window.status.info.outbox_pending == 3, timeout=5000)
    assert "3" in window.status.outbox_label.text()


def test_quit_with_unsynced_work_warns_and_keeps_it(qtbot, window, ctx, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, title, msg, parent=None: asked.append(msg) or False))
    with UnitOfWork(ctx.store, actor="clerk01") as uow:
        uow.outbox.add(kind="test", aggregate_type="case", aggregate_id="c1", payload={})
        uow.commit()
    window.show()
    window.refresh_status()
    qtbot.waitUntil(lambda: window.status.info.outbox_pending == 1, timeout=5000)
    assert window.close() is False  # the clerk said no: the window stays
    assert asked and "1" in asked[0] and "不会丢弃" in asked[0]
    assert window.isVisible()


def test_geometry_is_remembered(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(761, 543)
    qtbot.waitUntil(lambda: first.width() == 761)
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second._status_timer.stop()
    assert (second.width(), second.height()) == (761, 543)


def test_language_switch_to_english_and_back(qtbot, window, qapp):
    from counter_app.ui.i18n import qm_path

    if not qm_path("en").exists():
        pytest.fail("English translation not built: run `make translations` (make setup builds it)")
    assert window.switch_language("en")
    qtbot.waitUntil(lambda: "Social" in window.windowTitle() or "Counter" in window.windowTitle())
    assert window.action_quit.text() != "退出"
    assert window.switch_language("zh_CN")
    qtbot.waitUntil(lambda: "社保窗口" in window.windowTitle())


def test_shortcuts_on_every_menu_action(window):
    from pathlib import Path

    from PySide6.QtGui import QKeySequence

    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    table = guide[guide.index("快捷键一览"):]
    for menu in (window.menu_file, window.menu_view):
        for action in menu.actions():
            if not action.isSeparator():
                assert not action.shortcut().isEmpty(), action.text()
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
                assert f"| {keys}" in table or f" {keys} " in table or f"/ {keys} |" in table, \
                    f"{action.text()} ({keys}) is missing from the guide's shortcut table"


def _menu_actions(window):
    """Every action of every menu the window holds (the menu bar's, the panels', sub-menus), found as
    the window's children: ``QAction.menu()`` is not used, since PySide6 6.9 hands back a wrapper of
    a menu that can be gone by the time it is read ("Internal C++ object already deleted")."""
    for menu in window.findChildren(QMenu):
        for action in menu.actions():
            if not action.isSeparator():
                yield menu.title(), action


def test_every_menu_action_has_text_in_both_languages(qtbot, window, english_back):
    """A menu item without text showed only its shortcut (业务办理: a blank Ctrl+Shift+A between
    预览PDF and 保存草稿, the panel never worded its 现场授权 action)."""
    from counter_app.ui.i18n import install_language

    def blank():
        return [f"{title}: {action.objectName() or '?'} ({action.shortcut().toString()})"
                for title, action in _menu_actions(window) if not action.text().strip()]

    assert list(_menu_actions(window)), "no menu actions found"
    assert blank() == []
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: "Social" in window.windowTitle() or "Counter" in window.windowTitle())
    assert blank() == []
    on_site = [a for _, a in _menu_actions(window) if a.objectName() == "actOnSiteApproval"]
    assert on_site and on_site[0].text() == "On-site authorisation"
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: "社保窗口" in window.windowTitle())
    assert on_site[0].text() == "现场授权"


def test_config_error_is_told_and_never_tracebacks_nor_starts_on_defaults(app_home, monkeypatch, qapp):
    """A bad config.toml used to offer 使用默认配置启动 (Yes by default): the window then numbered
    cases and documents with the factory workstation id (FT-W01, not the configured one) and sent
    to the factory centre. It is told now, and the app quits before anything is opened."""
    paths = app_paths().ensure()
    paths.config_file.write_text("[office]\nworkstation_id = 'FT-W02'\nwindow_number = 'x'\n", encoding="utf-8")
    seen = []
    monkeypatch.setattr(dialogs.ConfigErrorDialog, "show", classmethod(lambda cls, msg, parent=None: seen.append(msg)))
    monkeypatch.setattr(ui_app, "build_context", lambda *a, **k: pytest.fail("started on the default settings"))
    assert ui_app.run_gui() == 1
    assert seen and "office.window_number" in seen[0]


def test_customer_screen_opens_from_the_menu_on_a_one_screen_pc(qtbot, window):
    from counter_app.ui import customer_window as cw

    assert len(cw._screens()) == 1 and window.customer_window is None  # not over the clerk's window
    assert not window.action_customer.shortcut().isEmpty()
    window.action_customer.trigger()
    shown = window.customer_window
    assert shown is not None and shown.isVisible()
    shown.close()
    window.action_customer.trigger()  # a second time reopens the same window
    assert window.customer_window is shown and shown.isVisible()
    shown.close()


def test_first_start_uses_most_of_the_screen_and_shows_online_state(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk", online=True))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w._status_timer.stop()
    avail = w.screen().availableGeometry()
    assert w.width() >= min(1600, int(avail.width() * 0.9)) - 1
    assert w.status.info.online is True and "在线" in w.status.online_label.text()


def test_logout_warns_about_unsynced_work_keeps_it_and_closes(qtbot, window, ctx, monkeypatch):
    from sqlalchemy import func, select

    from counter_app.app_context import auth_manager
    from counter_app.storage.tables_core import Meta, OutboxEntry

    with UnitOfWork(ctx.store, actor="clerk01") as uow:
        uow.outbox.add(kind="test", aggregate_type="case", aggregate_id="c1", payload={})
        uow.session.merge(Meta(key="sync.current_user", value="clerk01"))
        uow.commit()
    asked = []
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, title, msg, parent=None: asked.append(msg) or True))
    window.show()
    window.action_logout.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert len(asked) == 1 and "未同步" in asked[0] and "不会删除" in asked[0]  # warned once, not again on close
    with ctx.store.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1  # nothing discarded
    assert auth_manager(ctx).current_user() is None


def test_closing_and_logging_out_ask_before_an_unsubmitted_draft_is_discarded(qtbot, window, ctx, monkeypatch):
    from counter_app.ui.workspace import WorkspacePanel

    panel = next(p for p in window.panels if isinstance(p, WorkspacePanel))
    qtbot.waitUntil(lambda: panel.is_ready, timeout=5000)
    panel.pick_service("reg_enroll")
    panel.applicant.set_data({"name": "张三"})
    asked = []
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, title, msg, parent=None: asked.append(title) or False))
    window.show()
    assert window.close() is False and window.isVisible()             # the clerk kept the draft
    window.action_logout.trigger()
    assert window.isVisible() and asked == ["放弃未提交的办件"] * 2
    assert panel.applicant.data() == {"name": "张三"}
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, title, msg, parent=None: asked.append(title) or True))
    assert window.close() is True
    assert asked[-1] == "放弃未提交的办件"


def test_outbox_tab_follows_a_background_sync(qtbot, window, ctx):
    """The sync process (not this window) changes the outbox: the status poll announces it and the
    待同步 list shows what the status bar counts — never 0 in the bar and 3 rows 待发送 in the list."""
    from counter_app.domain.outbox import OutboxState
    from counter_app.storage.tables_core import OutboxEntry

    outbox = next(p for p in window.panels if type(p).__name__ == "OutboxPanel")
    window.show()
    window.show_panel(outbox)
    assert outbox.isVisible()
    with UnitOfWork(ctx.store, actor="clerk01") as uow:
        for i in range(3):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"c{i}", payload={"i": i})
        uow.commit()
    with qtbot.waitSignal(window.status_refreshed, timeout=5000):
        window.refresh_status()                       # what the status timer does
    qtbot.waitUntil(lambda: outbox.model.rowCount() == 3, timeout=5000)
    # the background process sends them: no event from this window, only the poll sees it
    with ctx.store.session() as s:
        for e in s.query(OutboxEntry).all():
            e.state = OutboxState.synced
        s.commit()
    window.refresh_status()                           # the next poll
    qtbot.waitUntil(lambda: window.status.info.outbox_pending == 0, timeout=5000)
    qtbot.waitUntil(lambda: all("待发送" not in str(outbox.model.data(outbox.model.index(r, c)))
                                for r in range(outbox.model.rowCount()) for c in range(outbox.model.columnCount())),
                    timeout=5000)


def test_a_long_outcome_is_shown_whole_never_clipped(qtbot, window):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    short = "办件已归档"
    window.events.message.emit(short)
    assert window.status.currentMessage() == short and not window.banner.isVisible()
    long = ("《深圳市企业职工养老保险视同缴费年限核准决定书》未能打印：打印服务（CUPS）未运行，"
            "打印任务已保留在打印队列中，可在“文书与打印”页改送其他打印机或稍后重试。" * 2)
    window.events.message.emit(long)
    assert window.banner.isVisible() and window.banner.label.text() == long and window.banner.label.wordWrap()
    assert long not in window.status.currentMessage()        # the status bar would clip it
    shown = window.banner.label
    assert shown.height() >= shown.heightForWidth(shown.width())   # wrapped in full, no line lost
    # a newer, short outcome (待审批 → 已批准：…) takes the older long one's place: no stale banner above it
    window.events.message.emit("已批准：FT-W01-1")
    assert window.status.currentMessage() == "已批准：FT-W01-1" and not window.banner.isVisible()


def test_a_routine_outcome_never_takes_the_banner(qtbot, window):
    """English at 1366×768: every "Step done: …" too long for the status bar stood in the yellow
    banner above the workspace, taking the 核定 form's height. A routine outcome (its panel shows it
    whole) is cut to the status bar's room; a banner still up from an earlier outcome goes."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.events.message.emit("《深圳市企业职工基本养老保险待遇核准表》未能打印：打印服务未运行。" * 3)
    assert window.banner.isVisible()
    done = "已办理步骤：审核申请材料（需补齐补正的告知补齐补正材料清单），" * 4
    window.events.note.emit(done)
    assert not window.banner.isVisible()
    shown = window.status.currentMessage()
    assert shown and shown != done and window.status.message_fits(shown)
    assert done.startswith(shown.rstrip("…"))


def test_no_raw_exception_text_reaches_the_clerk():
    import errno

    import httpx

    from counter_app.domain.messages import GENERIC, plain_message
    from counter_app.sync.client import TransientError

    refused = httpx.ConnectError("[Errno 111] Connection refused")
    samples = [refused, ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
               httpx.ReadTimeout("timed out"), OSError(errno.ENOSPC, "No space left on device"),
               KeyError("applicant"), ValueError("invalid literal for int() with base 10: 'x'"),
               RuntimeError("读卡失败 Errno 5")]
    for exc in samples:
        text = plain_message(exc, "同步失败")
        assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"Errno|Error|\[|'|Connection", text), text
    assert plain_message(KeyError("x")).startswith(GENERIC[:6])
    assert plain_message(ValueError("请填写不予认定的理由")) == "请填写不予认定的理由"   # our own message as it is
    # the sync client's own error for a refused connection is plain already
    from counter_app.sync.client import CentralClient

    class Refused(httpx.BaseTransport):
        def handle_request(self, request):
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = CentralClient("http://127.0.0.1:9", timeout=1.0, transport=Refused())
    try:
        client._request("GET", "/health", auth=False)
    except TransientError as exc:
        assert "Errno" not in str(exc) and "ConnectError" not in str(exc) and "无法连接中心服务" in str(exc)
        assert isinstance(exc.__cause__, httpx.ConnectError)         # the detail stays for the log
    else:
        raise AssertionError("no error")


def test_qt_own_buttons_are_chinese(qapp):
    """The 是/否 of a question box come from Qt's qtbase_zh_CN, loaded with our language."""
    from PySide6.QtWidgets import QMessageBox

    from counter_app.ui.i18n import install_language

    assert install_language(qapp, "zh_CN")
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "确定退出吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    yes = box.button(QMessageBox.StandardButton.Yes).text()
    no = box.button(QMessageBox.StandardButton.No).text()
    assert "是" in yes and "否" in no, (yes, no)
    assert "Yes" not in yes and "No" not in no
    box.deleteLater()


def test_usable_at_1366x768_preview_gets_its_room(qtbot, window):
    """The common counter monitor: the window fits without scrolling, and the steps column leaves
    the notice preview most of its height (the steps stack is as tall as its current page)."""
    from counter_app.ui.workspace import steps as pages

    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40, hint      # a taskbar's room left
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    ws = window.panels[0]
    from counter_app.ui.workspace.panel_layout import PREVIEW_DOCUMENT_MARGIN

    assert ws.preview.document().documentMargin() == PREVIEW_DOCUMENT_MARGIN     # the room reserved for it
    ws.steps.ensure_pages()        # made when a step is first shown
    for page in (pages.FINGERPRINT, pages.PUBLICITY, pages.DELIVERY, pages.FINAL):
        ws.steps.stack.setCurrentIndex(page)
        qtbot.waitUntil(lambda: ws.preview_tabs.height() >= 0.3 * window.height(), timeout=3000)
        # the steps' current page is shown whole
        current = ws.steps.stack.currentWidget()
        assert current.height() >= current.minimumSizeHint().height()


def test_status_bar_labels_are_never_cut_at_the_edge(qtbot, window):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    from counter_app.ui.device_state import DeviceState

    long_state = DeviceState("card.error", ("读卡器就绪（卡已拔出，请插入社保卡后再读卡）",))
    label = window.status.device_label

    def long_state_fits() -> bool:
        # the card reader's own state (opened and read on a worker, e.g. 读卡中…) may replace the
        # one set here at any moment: set it again until it is the one shown
        if "读卡器" not in (label.toolTip() or label.text()):
            window.status.update_info(card_state=long_state, fingerprint_state=DeviceState("fingerprint.idle"))
            return False
        right = label.mapTo(window.status, label.rect().topRight()).x()
        return right <= window.status.width() and label.fontMetrics().horizontalAdvance(label.text()) <= label.width() + 2

    # once the bar's layout has caught up (the label is laid out on the next pass)
    qtbot.waitUntil(long_state_fits, timeout=3000)
    assert "\n" not in label.text()


def test_rare_characters_render_in_the_ui_and_on_the_customer_screen(qtbot, qapp, window):
    """A name with a character outside the BMP (𠮷, CJK Ext-B) shows as itself, not as a box."""
    from PySide6.QtWidgets import QLabel

    from counter_app.ui.fonts import EXT_B_FAMILIES, renders_whole

    assert ui_app.apply_ui_font(qapp)
    assert any(f in QApplication.font().families() for f in EXT_B_FAMILIES), QApplication.font().families()
    name = "吉𠮷祥"
    assert renders_whole(QApplication.font(), name)
    customer = window.show_customer_window()
    label = customer.findChild(QLabel)
    assert label is not None and renders_whole(label.font(), name)
    assert not renders_whole(QApplication.font(), "\U000F0000")   # the check does tell a box apart


def test_other_tabs_are_built_when_first_shown(qtbot, window):
    """Start-up builds 业务办理 only: 办件, 文书与打印 and 待同步 show their titles at once and are
    built (with their first query) the first time the clerk opens their tab."""
    from counter_app.ui.main_window import PanelSlot

    slots = [window.tabs.widget(i) for i in range(window.tabs.count())
             if isinstance(window.tabs.widget(i), PanelSlot)]
    assert [s.class_name for s in slots] == ["CasesPanel", "DocumentsPanel", "OutboxPanel"]
    assert all(s.panel is None for s in slots)
    assert [window.tabs.tabText(window.tabs.indexOf(s)) for s in slots] == ["办件", "文书与打印", "待同步"]
    assert [type(p).__name__ for p in window.loaded_panels()] == ["WorkspacePanel"]
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())   # 文书与打印
    assert window.tabs.currentWidget() is slots[1]
    assert type(slots[1].panel).__name__ == "DocumentsPanel" and slots[1].panel.isVisible()
    assert slots[0].panel is None and slots[2].panel is None
    assert [type(p).__name__ for p in window.loaded_panels()] == ["WorkspacePanel", "DocumentsPanel"]


def test_keyboard_alone_opens_a_tab_and_uses_its_shortcuts(qtbot, window, monkeypatch):
    """The window opens with the focus in 业务办理's search field; Alt+4 opens 待同步 with the focus
    inside it, so its Ctrl+Shift+S (立即同步) works at once — before, the focus stayed on the tab
    bar and the shortcut did nothing."""
    from counter_app.ui.outbox_panel import OutboxPanel

    asked = []
    monkeypatch.setattr(OutboxPanel, "sync_now", lambda self: asked.append(self) or True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    workspace = window.loaded_panels()[0]
    assert QApplication.focusWidget() is workspace.picker.search
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    outbox = window.tabs.currentWidget().panel
    assert isinstance(outbox, OutboxPanel) and outbox.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked == [outbox]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is workspace.picker.search      # back where the clerk types


def test_a_message_goes_with_the_case_or_tab_it_was_shown_for(qtbot, window):
    """Review: the banner with the previous case's 《视同缴费年限核准决定书》 note stood over the next
    case (and over other tabs) for 30 s, pushing the workspace down. Ctrl+N, opening another case
    and another tab take the note away (banner and status bar)."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    workspace = window.loaded_panels()[0]
    qtbot.waitUntil(lambda: workspace.is_ready, timeout=5000)
    long = "《深圳市企业职工养老保险视同缴费年限核准决定书》已送打印：打印任务已保留在打印队列中，可在“文书与打印”页查看。" * 2

    def shown() -> bool:
        window.events.message.emit(long)
        return window.banner.isVisible() and bool(window.status.currentMessage())

    assert shown()
    workspace.picker.search.setFocus()
    qtbot.keyClick(workspace.picker.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)   # 新办件
    assert not window.banner.isVisible() and window.status.currentMessage() == ""
    assert window.banner.label.text() == ""

    assert shown()
    workspace.open_case("another-case-id")          # the clerk opened another case (办件 tab, Enter)
    assert not window.banner.isVisible() and window.status.currentMessage() == ""
    qtbot.waitUntil(lambda: not workspace.busy, timeout=5000)

    assert shown()
    window.tabs.setCurrentIndex(1)                  # 办件
    assert not window.banner.isVisible() and window.status.currentMessage() == ""


@pytest.mark.timeout(60)
def test_status_bar_and_form_show_the_same_card_state(qtbot, ctx, monkeypatch):
    """Review: with the card read and "已读卡：张* …" in the form, the status bar still said
    "读卡器就绪（卡已拔出）" — the panel's read result reached the form only. One card state now,
    shown by both (WorkspaceDevices.set_card_state)."""
    import dataclasses

    from counter_app.devices.card.demo import DEMO_RECORD
    from counter_app.ui.device_state import device_text
    from counter_app.ui.workspace import WorkspacePanel

    monkeypatch.setattr(WorkspacePanel, "ask", lambda self, title, text: True)   # 用卡片信息替换: yes
    ctx.settings.card.backend = "demo"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    workspace = window.loaded_panels()[0]
    try:
        qtbot.waitUntil(lambda: workspace.card_bridge is not None and "已读卡" in workspace.card_state, timeout=10000)
        def bar_card() -> str:
            return device_text(window.status.info.card_state)

        assert window.status.info.card_state == workspace.card_device_state
        assert bar_card() == workspace.card_state == workspace.card_label.text()
        workspace.card_reader.remove()
        qtbot.waitUntil(lambda: "卡已拔出" in workspace.card_state, timeout=5000)
        assert bar_card() == workspace.card_state
        workspace.card_reader.insert(dataclasses.replace(DEMO_RECORD, name="张三", social_security_number="11010519491231002X"))
        qtbot.waitUntil(lambda: "已读卡" in workspace.card_state, timeout=5000)
        assert "张*" in bar_card() and "11010519491231002X" not in bar_card()
        assert bar_card() == workspace.card_label.text()
        workspace.new_case()                       # 读卡器就绪 for the next applicant: both again
        assert bar_card() == workspace.card_state == workspace.card_label.text()
    finally:
        window._status_timer.stop()
        workspace.shutdown()


def test_the_status_bar_does_not_call_a_supervisor_a_clerk(qtbot):
    """The user field names whoever is signed in with their role; 经办人 was wrong for a supervisor."""
    from counter_app.ui.status_bar import CounterStatusBar

    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(user="李科长", role="审核主管")
    text = bar.user_label.text()
    assert "李科长" in text and "审核主管" in text and "经办人" not in text


def test_every_menu_of_the_menu_bar_has_an_alt_mnemonic_in_both_languages(qtbot, window, english_back):
    """Was: 业务办理 / Counter service (the workspace panel's menu, titled with its tab's title) had none,
    while 文件(F) and 视图(V) did. The letters differ from menu to menu."""
    def titles():
        return [a.text() for a in window.menuBar().actions() if not a.isSeparator()]

    for language, workspace in (("zh_CN", "业务办理(&C)"), ("en", "&Counter service")):
        assert window.switch_language(language)
        qtbot.waitUntil(lambda w=workspace: w in titles())
        shown = titles()
        assert all("&" in t for t in shown), shown
        letters = [t[t.index("&") + 1].lower() for t in shown]
        assert len(set(letters)) == len(letters), shown


def test_a_message_cut_in_the_status_bar_is_whole_in_its_tooltip(qtbot, window):
    """Issue 16 (English at 1366×768): the status bar's message was cut with nothing to read it by
    but the banner, gone once dismissed. Its tooltip has it whole while it is on show."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    long = ("Step done: Review the application materials (give a list of materials to supplement or correct "
            "where needed) ") * 2
    window.show_note(long)
    assert window.status.currentMessage() != " ".join(long.split())               # cut to its room
    assert window.status.toolTip() == " ".join(long.split())
    window.show_note("Saved")                                                     # whole: no tooltip
    assert window.status.currentMessage() == "Saved" and window.status.toolTip() == ""
    window.show_message(long)                                                     # the banner's pointer
    assert window.status.toolTip() == long
    window.status.clearMessage()
    assert window.status.toolTip() == ""


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_an_account_without_a_counter_role_gets_no_business_panel_but_a_note(qtbot, app_home, store, monkeypatch, role):
    """7.3: 业务办理 (and its actions: F9, F10, Ctrl+Enter) is a clerk's or a supervisor's; an auditor's
    or an administrator's window says so in its place, and the case service refuses them too."""
    from counter_app.app_context import case_workflow
    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.ui.main_window import panel_entries

    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession(f"{role}01", f"{role}01", role, roles=(role,)))
    assert "WorkspacePanel" not in [e[1] for e in panel_entries(ctx)]
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    try:
        assert not any(type(p).__name__ == "WorkspacePanel" for p in w.loaded_panels())
        assert w.business_note is not None and "不办理窗口业务" in w.business_note.text()
        assert w.tabs.tabText(w.tabs.indexOf(w.business_note)) == "业务办理"
        with pytest.raises(TransitionRefused, match="不是窗口经办人或科长"):
            case_workflow(ctx).create("reg_enroll", "individual", applicant={"name": "张三"})
    finally:
        w._status_timer.stop()
    clerk = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                       user=UserSession("clerk01", "clerk01", "clerk", roles=("clerk",)))
    assert "WorkspacePanel" in [e[1] for e in panel_entries(clerk)]
