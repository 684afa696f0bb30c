"""主窗口 — the window a counter clerk uses all day."""

from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from counter_app.app_context import APPROVAL_READERS, ROLE_NAMES, AppContext, field_mode
from counter_app.ui.dialogs import ConfirmDialog
from counter_app.ui.events import AppEvents
from counter_app.ui.i18n import install_language
from counter_app.ui.status_bar import CounterStatusBar, MessageBanner
from counter_app.ui.tasks import after_first_frame, task_runner
from counter_protocol.roles import COUNTER_ROLES

if TYPE_CHECKING:
    from counter_app.sync.status import StatusCounts
    from counter_app.ui.idle_lock import LockScreen

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 5000

# The main window's panels: (module, class, tab title, built at start, the roles that see it or
# None for every role; for the others the module is not even imported). Each is
# ``Panel(ctx, events, parent)``, a QWidget that sets its own windowTitle (retranslated on
# LanguageChange), may offer ``actions()`` for the menu (each with a shortcut) and ``shutdown()``
# for closing. A panel not built at start is imported and built the first time its tab is shown
# (:class:`PanelSlot`): the clerk starts at 业务受理, and the lists behind the other tabs need
# neither the start-up's time nor its worker threads. The tab title is the one the panel sets
# (same translation context: the class name). Panels with menu actions are built at start.
PANELS: tuple[tuple[str, str, object, bool, tuple[str, ...] | None], ...] = (   # title: QT_TRANSLATE_NOOP's type; a str at run time
    # 业务办理: a clerk's or a supervisor's (7.3: an auditor, an administrator do no counter business)
    ("counter_app.ui.workspace", "WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "业务办理"), True,
     tuple(sorted(COUNTER_ROLES))),
    ("counter_app.ui.cases_panel", "CasesPanel", QT_TRANSLATE_NOOP("CasesPanel", "办件"), False, None),
    ("counter_app.ui.documents_panel", "DocumentsPanel", QT_TRANSLATE_NOOP("DocumentsPanel", "文书与打印"), False, None),
    ("counter_app.ui.outbox_panel", "OutboxPanel", QT_TRANSLATE_NOOP("OutboxPanel", "待同步"), False, None),
    # 审批: a clerk's window does not import it (its module, its Qt classes and their enums)
    ("counter_app.ui.approvals_panel", "ApprovalsPanel", QT_TRANSLATE_NOOP("ApprovalsPanel", "审批"), True,
     APPROVAL_READERS),
    # 定期评价 (7.5.2): the office's figures of a period from the centre, for those the centre shows
    # them to (counter_protocol.evaluation.READERS, not imported at start: supervisors and auditors)
    ("counter_app.ui.evaluation_panel", "EvaluationPanel", QT_TRANSLATE_NOOP("EvaluationPanel", "定期评价"), False,
     ("auditor", "supervisor")),
)


# The field laptop's panels (the ``field`` role or ``[office] mode = "field"``): roster and visit
# form, and the outbox for the sync state (counter_app.ui.field_panel).
FIELD_PANELS: tuple[tuple[str, str, object, bool, tuple[str, ...] | None], ...] = (
    ("counter_app.ui.field_panel", "FieldPanel", QT_TRANSLATE_NOOP("FieldPanel", "上门认证"), True, None),
    ("counter_app.ui.outbox_panel", "OutboxPanel", QT_TRANSLATE_NOOP("OutboxPanel", "待同步"), False, None),
)


def panel_entries(ctx=None) -> tuple:
    """(module, class, title, eager) of each panel of this session's window: the field laptop's
    or the counter's, without those the user's role does not see (all of the counter's without a
    session)."""
    if ctx is None:
        entries = PANELS
    else:
        entries = tuple(e for e in (FIELD_PANELS if field_mode(ctx) else PANELS)
                        if e[4] is None or set(ctx.user.all_roles) & set(e[4]))
    return tuple(e[:4] for e in entries)


def panel_class(module: str, class_name: str):
    return getattr(importlib.import_module(module), class_name)


def load_panel_classes(ctx=None):
    """Every panel class of this session's window (imports them all)."""
    return [panel_class(module, name) for module, name, _title, _eager in panel_entries(ctx)]


class PanelSlot(QWidget):
    """A tab whose panel is imported and built the first time it is shown (or asked for)."""

    def __init__(self, module: str, class_name: str, title: str, build, parent: QWidget | None = None):
        super().__init__(parent)
        self.module, self.class_name, self.title = module, class_name, title
        self.panel: QWidget | None = None
        self._build = build
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setWindowTitle(QCoreApplication.translate(class_name, title))

    def ensure(self) -> QWidget:
        if self.panel is None:
            self.panel = self._build(panel_class(self.module, self.class_name), self)
            self._layout.addWidget(self.panel)
            self.panel.show()   # a child added to a shown widget is not shown by itself
            self.setWindowTitle(self.panel.windowTitle())
            self.panel.windowTitleChanged.connect(self.setWindowTitle)
        return self.panel

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.panel is None:
            self.setWindowTitle(QCoreApplication.translate(self.class_name, self.title))
        super().changeEvent(event)


def focus_into(panel: QWidget) -> None:
    """Keyboard focus into a panel just shown (Alt+1…9 or a click on its tab), unless it is there
    already: its focus proxy (e.g. 业务办理's search field), else its first control in tab order.
    The panel's own shortcuts work only with the focus inside it (``panel_kit.add_panel_action``):
    without this, Alt+4 then Ctrl+Shift+S (立即同步) did nothing, the focus left on the tab bar."""

    current = QApplication.focusWidget()
    if current is not None and panel.isAncestorOf(current):
        return
    if panel.focusProxy() is not None:
        panel.setFocus(Qt.FocusReason.TabFocusReason)
        return
    widget = panel.nextInFocusChain()
    for _ in range(1000):        # the chain is a ring through the whole window
        if widget is panel or widget is None:
            break
        if (panel.isAncestorOf(widget) and widget.isVisibleTo(panel) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
    panel.setFocus(Qt.FocusReason.TabFocusReason)


class MainWindow(QMainWindow):
    status_refreshed = Signal()
    guide_printed = Signal(object)     # 打印服务指南: the workflow's GuidePrinted, once queued

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._logged_out = False  # logout already warned about unsynced work
        self.about_dialog: QWidget | None = None   # 帮助 › 关于, once shown (ui.about_dialog.AboutDialog)
        self._restored_said = False   # the restored store's note shown once (the status bar keeps it)
        self._started_at = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
        # centre updates applied before this window opened are not news
        self._inbox_seen: datetime | None = datetime.now(timezone.utc).replace(tzinfo=None)
        self._catalog_seen: str | None = None   # the newest pulled catalog version announced
        self._outbox_mark: tuple | None = None   # the outbox as the last status poll saw it
        self.setObjectName("MainWindow")
        self.setMinimumSize(720, 520)
        central = QWidget(self)
        self.banner = MessageBanner(central)     # a message too long for the status bar, in full
        # the message on show when given as data (a function wording it): worded again on a switch
        self._message_words: Callable[[], str] | None = None
        self._message_shown = ("", "")           # (the banner's text, the status bar's) it was shown as
        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("mainTabs")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.events = AppEvents(self)
        self.status = CounterStatusBar(self)
        self.setStatusBar(self.status)
        self._tabs: list[QWidget] = []   # a panel, or the PanelSlot standing for one not built yet
        # 业务办理 is not offered to an account without a counter role: its tab says why instead
        self.business_note: QLabel | None = None
        if ctx.user.username and not ctx.user.does_counter_business and not field_mode(ctx):
            self.business_note = QLabel(self)
            self.business_note.setObjectName("businessNote")
            self.business_note.setWordWrap(True)
            self.business_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(self.business_note, "")
        for module, class_name, title, eager in panel_entries(ctx):
            if not eager:
                self.add_panel(PanelSlot(module, class_name, title, self._build_panel, self))
                continue
            self.add_panel(self._build_panel(panel_class(module, class_name), self))
        self.tabs.currentChanged.connect(self._tab_shown)
        first = self.tabs.currentWidget()
        if first is not None and not isinstance(first, PanelSlot):
            focus_into(first)        # e.g. 业务办理's search field, as the window opens
        self.welcome = None
        if not self._tabs:
            self.welcome = QLabel(self)
            self.welcome.setObjectName("welcomeLabel")
            self.tabs.addTab(self.welcome, "")
        self._build_actions()
        # on a second screen when there is one; else opened from the View menu (Ctrl+Shift+K). The
        # module is imported only when the window can open now (a one-screen counter: on demand).
        self.customer_window = None
        if ctx.settings.ui.customer_screen and len(QGuiApplication.screens()) > 1:
            from counter_app.ui.customer_window import attach_customer_window

            self.customer_window = attach_customer_window(self)
        self.events.outbox_changed.connect(self.refresh_status)
        self.events.message.connect(self.show_message)
        self.events.note.connect(self.show_note)
        self.events.messages_stale.connect(self.dismiss_messages)
        self.events.status_info.connect(lambda info: self.status.update_info(**info))
        self.retranslate()
        self._ui_state = QSettings(str(ctx.paths.config_dir / "ui-state.ini"), QSettings.Format.IniFormat)
        self._restore_geometry()
        if self.customer_window is not None:       # the clerk's window may be restored on another screen
            self.customer_window.place()
        self.status.update_info(
            user=ctx.user.display_name or ctx.user.username,
            role=ROLE_NAMES.get(ctx.user.role, ctx.user.role),
            office=ctx.settings.office.name,
            window_number=ctx.settings.office.window_number,
            # signed in against the central service just now, or offline (known only once signed in)
            online=ctx.user.online if ctx.user.username else None,
        )
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        QTimer.singleShot(0, self.refresh_status)
        QTimer.singleShot(0, self.probe_capture_devices)     # 高拍仪, 签名板 in the device list
        # refusals of the centre followed while no window was open (a `counter-app sync`, before the start)
        # the last read (RefusedCertification, oldest first); None until read
        self.refused_certifications: list | None = None
        if ctx.user.username:
            QTimer.singleShot(0, self.announce_refused_certifications)
        from counter_app.ui.idle_watch import IdleWatcher

        self.lock_screen: LockScreen | None = None
        self.idle_watcher = IdleWatcher(ctx.settings.ui.idle_lock_minutes, self, watch=False)
        self.idle_watcher.idle.connect(self.lock)
        after_first_frame(self, self._first_frame)

    def _first_frame(self) -> None:
        from counter_app import heap

        self.idle_watcher.watch()   # no input can come before the window shows
        heap.settle()               # start-up's objects out of the collector's walks (counter_app.heap)

    def lock(self) -> None:
        """锁屏: hide what the window and the customer screen show until the user signs in again; every
        other window of the application is put away meanwhile (ui.idle_lock.LockCurtain)."""
        from counter_app.app_context import auth_manager
        from counter_app.ui.idle_lock import LockCurtain, LockScreen

        if self.lock_screen is not None or not self.ctx.user.username:
            return
        self.tabs.setVisible(False)
        customer = self.customer_window if self.customer_window is not None and self.customer_window.isVisible() else None
        if customer is not None:
            customer.hide()
        ctx = self.ctx
        self.lock_screen = LockScreen(ctx.user.username, ctx.user.display_name,
                                      lambda user, password, code: auth_manager(ctx).login(user, password, code), self)
        # another person's credentials or decision (现场授权) do not outlive the lock: whoever unlocks
        # finds the dialog closed, nothing decided (the case itself is as it was); the other windows
        # are hidden until the clerk unlocks, a form kept as it was, or closed deciding nothing
        curtain = LockCurtain(self.lock_screen, keep=self, parent=self)
        curtain.draw()

        def unlocked() -> None:
            self.lock_screen = None
            closed = curtain.lift()
            curtain.deleteLater()
            self.tabs.setVisible(True)
            if customer is not None:
                customer.show()
            if closed:
                self.show_message(self.tr("锁屏时已关闭「%1」，未作任何决定；如仍需要，请重新打开").replace(
                    "%1", "」「".join(closed)))
            self.announce_refused_certifications()     # signed in again: what still waits for the clerk

        self.lock_screen.accepted.connect(unlocked)
        self.lock_screen.show()        # application modal (LockScreen): open() would block this window only

    def announce_refused_certifications(self) -> None:
        """On start and on each sign-in (unlocking): the window certifications the centre refused that
        no clerk has acknowledged yet — wherever the refusal was followed (this window's sync, or a
        `counter-app sync` while no window was open) — named in the status bar until the next message
        (whole in its tooltip); the 办件 list marks their cases, where the clerk acknowledges (Ctrl+K)."""
        ctx = self.ctx

        def query() -> list:
            from counter_app.workflows.certification_refused import unacknowledged_refusals

            return unacknowledged_refusals(ctx.store)

        def done(refused: list) -> None:
            self.refused_certifications = refused
            if not refused:
                return
            numbers = [r.case_no for r in refused]
            whole = line = self.tr("有 %1 件办件的资格认证结果被中心拒收，尚未确认：%2。认证未生效，认证结果告知单已作废，"
                                   "请联系本人收回告知单，然后在「办件」中选中该办件按 Ctrl+K 确认已知悉").replace(
                "%1", str(len(refused))).replace("%2", self.tr("、").join(numbers))
            if self.isVisible() and not self.status.message_fits(line):   # cut, whole in the tooltip
                line = self.status.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight,
                                                            max(0, self.status.room_for_messages()))
            self.status.show_cut_message(line, whole, 0)

        task_runner().run(query, done, lambda exc: log.warning("refused certifications not read: %s",
                                                               type(exc).__name__), owner=self)

    def _build_panel(self, cls, parent: QWidget) -> QWidget:
        return cls(self.ctx, self.events, parent)

    def _tab_shown(self, index: int) -> None:
        self.dismiss_messages()          # a message belongs to the panel it was shown on
        tab = self.tabs.widget(index)
        panel = tab.ensure() if isinstance(tab, PanelSlot) else tab
        if panel is not None:
            focus_into(panel)

    @property
    def panels(self) -> list[QWidget]:
        """Every panel of the window, in tab order (building any not shown yet)."""
        return [tab.ensure() if isinstance(tab, PanelSlot) else tab for tab in self._tabs]

    def show_panel(self, panel: QWidget) -> None:
        """Bring a panel's tab to the front (the tab may be the slot it was built in)."""
        for tab in self._tabs:
            if tab is panel or (isinstance(tab, PanelSlot) and tab.panel is panel):
                self.tabs.setCurrentWidget(tab)
                return

    def loaded_panels(self) -> list[QWidget]:
        """The panels built so far (closing, drafts and devices concern only these)."""
        out = []
        for tab in self._tabs:
            panel = tab.panel if isinstance(tab, PanelSlot) else tab
            if panel is not None:
                out.append(panel)
        return out

    def add_panel(self, panel: QWidget) -> None:
        self._tabs.append(panel)
        index = self.tabs.addTab(panel, panel.windowTitle())
        panel.windowTitleChanged.connect(lambda title, p=panel: self.tabs.setTabText(self.tabs.indexOf(p), title))
        if index < 9:  # Alt+1 … Alt+9 switch panels
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{index + 1}"))
            action.triggered.connect(lambda _=False, p=panel: self.tabs.setCurrentWidget(p))
            self.addAction(action)

    # --- actions and shortcuts -------------------------------------------------------------
    def _build_actions(self) -> None:
        self.menu_file = self.menuBar().addMenu("")
        for panel in self.loaded_panels():   # panels with menu actions are built at start
            panel_actions = getattr(panel, "actions", None)
            extra = panel_actions() if callable(panel_actions) else []
            if extra:
                # the panel's menu title has its Alt mnemonic, as 文件(&F) and 视图(&V) do
                title = getattr(panel, "menu_title", None) or panel.windowTitle
                menu = self.menuBar().addMenu(title())
                panel.windowTitleChanged.connect(lambda _title, m=menu, t=title: m.setTitle(t()))
                menu.addActions(extra)
        self.menu_view = self.menuBar().addMenu("")
        self.action_quit = QAction(self)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.triggered.connect(self.close)
        self.action_refresh = QAction(self)
        self.action_refresh.setShortcut(QKeySequence("F5"))      # the one F5 of the window (refresh_shown)
        self.action_refresh.triggered.connect(self.refresh_shown)
        self.action_lang_zh = QAction(self)
        self.action_lang_zh.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.action_lang_zh.triggered.connect(lambda: self.switch_language("zh_CN"))
        self.action_lang_en = QAction(self)
        self.action_lang_en.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.action_lang_en.triggered.connect(lambda: self.switch_language("en"))
        self.action_logout = QAction(self)
        self.action_logout.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.action_logout.triggered.connect(self.logout)
        self.action_setup = QAction(self)  # 设置: the first-run wizard again, on the current settings
        self.action_setup.setShortcut(QKeySequence("Ctrl+,"))
        self.action_setup.triggered.connect(self.open_setup)
        self.action_guide = QAction(self)  # 打印服务指南… (7.5.1 服务信息公开)
        self.action_guide.setObjectName("actPrintServiceGuide")
        self.action_guide.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.action_guide.triggered.connect(self.print_service_guide)
        self.menu_file.addAction(self.action_refresh)
        self.menu_file.addAction(self.action_guide)
        self.menu_file.addAction(self.action_setup)
        self.menu_file.addAction(self.action_logout)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_quit)
        self.action_customer = QAction(self)
        self.action_customer.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.action_customer.triggered.connect(self.show_customer_window)
        self.menu_view.addAction(self.action_customer)
        self.menu_view.addAction(self.action_lang_zh)
        self.menu_view.addAction(self.action_lang_en)
        self.menu_help = self.menuBar().addMenu("")
        self.action_about = QAction(self)  # 关于: the build, the store's schema, the centre (counter_app.workflows.about)
        self.action_about.setObjectName("actAbout")
        self.action_about.triggered.connect(self.show_about)
        self.menu_help.addAction(self.action_about)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("社保窗口柜面系统 — 职工基本养老保险"))
        self.menu_file.setTitle(self.tr("文件(&F)"))
        self.menu_view.setTitle(self.tr("视图(&V)"))
        self.action_quit.setText(self.tr("退出"))
        self.action_refresh.setText(self.tr("刷新状态和当前列表"))
        self.action_logout.setText(self.tr("注销登录"))
        self.action_setup.setText(self.tr("设置…"))
        self.action_guide.setText(self.tr("打印服务指南…"))
        self.action_customer.setText(self.tr("客户显示屏"))
        self.action_lang_zh.setText(self.tr("中文界面"))
        self.action_lang_en.setText(self.tr("English"))
        self.menu_help.setTitle(self.tr("帮助(&H)"))
        self.action_about.setText(self.tr("关于…"))
        if self.welcome is not None:
            self.welcome.setText(self.tr("欢迎使用社保窗口柜面系统。请选择业务。"))
            self.tabs.setTabText(self.tabs.indexOf(self.welcome), self.tr("首页"))
        if self.business_note is not None:
            self.business_note.setText(self.tr(
                "本账号（%1）不办理窗口业务：受理、办理、办结和归档只由窗口经办人或科长办理（不相容岗位分离）。"
                "可在其他标签页查看办件、文书和审批。").replace("%1", ROLE_NAMES.get(self.ctx.user.role, self.ctx.user.role)))
            self.tabs.setTabText(self.tabs.indexOf(self.business_note),
                                 QCoreApplication.translate("WorkspacePanel", "业务办理"))
        self._reword_message()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def drafts_may_go(self) -> bool:
        """Every panel with an unsubmitted draft asked the clerk before it is discarded."""
        for panel in self.loaded_panels():
            confirm = getattr(panel, "confirm_discard", None)
            if callable(confirm) and not confirm():
                return False
        return True

    def open_setup(self) -> None:
        """设置: the first-run steps on a copy of the current settings; the answers are written to
        the configuration file and take effect at the next start."""
        from counter_app.config import Settings, save_settings
        from counter_app.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(Settings.from_dict(self.ctx.settings.to_dict()), parent=self)
        if wizard.exec() == FirstRunWizard.DialogCode.Accepted:
            save_settings(wizard.settings, self.ctx.paths.config_file)
            self.statusBar().showMessage(self.tr("设置已保存，重新启动后生效。"), 10000)

    def show_about(self) -> None:
        """帮助 › 关于: the facts read on a worker thread (the store may be busy), then the box."""
        from counter_app.ui.tasks import task_runner

        ctx = self.ctx

        def work():
            from counter_app.workflows.about import about

            return about(ctx.open_store(), ctx.settings.central.url)

        def done(facts) -> None:
            from counter_app.ui.about_dialog import AboutDialog

            if self.about_dialog is not None:
                self.about_dialog.close()
            self.about_dialog = AboutDialog(facts, self)
            self.about_dialog.show()

        def failed(exc: BaseException) -> None:
            from counter_app.ui.messages import plain_text

            log.warning("about box not shown: %s", exc)
            self.show_message(plain_text(exc, self.tr("无法显示“关于”")))

        task_runner().run(work, done, failed, owner=self)

    def print_service_guide(self) -> None:
        """打印服务指南…: the clerk picks a service (or all); the workflow renders and queues the guide
        (counter_app.ui.service_guide); refused without the office's 投诉渠道, with the reason."""
        from counter_app.ui.service_guide import print_service_guide

        def done(printed) -> None:
            from counter_app.ui.words import print_state_text

            self.show_message(self.tr("服务指南已加入打印队列（%1 项业务，%2 页），打印任务 %3：%4")
                              .replace("%1", str(len(printed.services))).replace("%2", str(printed.pages))
                              .replace("%3", str(printed.job.id)).replace("%4", print_state_text(printed.job.state, printed.job.reason)))
            self.guide_printed.emit(printed)

        def failed(exc: BaseException) -> None:
            from counter_app.domain.service_guide import GuideRefused
            from counter_app.ui.messages import headed_text, plain_text
            from counter_app.ui.service_guide import refusal_text

            log.warning("service guide not printed: %s", exc)
            what = self.tr("服务指南未打印")
            # the refusal names the missing setting: worded from its code in the language of the UI
            self.show_message(headed_text(what, refusal_text(exc)) if isinstance(exc, GuideRefused) else plain_text(exc, what))

        print_service_guide(self.ctx, self, done=done, failed=failed)

    def logout(self) -> None:
        """注销登录: revoke the tokens (or queue the revocation offline) and close. Unsynced work is
        never discarded: the clerk is warned, and it goes out at the next sign-in on this PC."""
        if not self.drafts_may_go():
            return
        ctx = self.ctx

        def work(force: bool):
            from counter_app.app_context import auth_manager

            return auth_manager(ctx).logout(force=force)

        def done(_result) -> None:
            self._logged_out = True
            self.close()

        def failed(exc: BaseException) -> None:
            from counter_app.sync.auth import UnsyncedWorkError

            if isinstance(exc, UnsyncedWorkError):
                if ConfirmDialog.ask(self.tr("注销登录"), str(exc), self):
                    task_runner().run(lambda: work(True), done, failed, owner=self)
                return
            from counter_app.ui.messages import plain_text

            log.warning("logout failed: %s", exc)
            self.events.message.emit(self.tr("注销失败：%1").replace("%1", plain_text(exc)))

        task_runner().run(lambda: work(False), done, failed, owner=self)

    def signed_out_by_centre(self, kind: str, who: str) -> None:
        """The centre answered that the signed-in account is disabled (``account_disabled``) or this
        workstation is retired (``workstation_retired``): the store already signed the user out
        (AuthManager); the clerk is told why and the window closes as on 注销登录."""
        if kind == "workstation_retired":
            text = self.tr("工作站 %1 已被中心停用：本机不能再以该编号办理业务（办理的业务无法同步到中心），已注销登录。"
                           "请联系信息技术人员为本机登记新的工作站编号，改好配置后再登录。")
        else:
            text = self.tr("账号 %1 已被中心停用，已在本工作站注销：不能再以该账号办理业务（办理的业务中心不会接收）。"
                           "请联系系统管理员；其他经办人请用自己的账号登录。")
        log.warning("signed out by the centre: %s", kind)
        self._logged_out = True
        self._status_timer.stop()
        from counter_app.ui.dialogs import ErrorDialog

        ErrorDialog.show(self.tr("已注销登录"), text.replace("%1", who), self)
        self.close()

    def show_restored(self, refusal: "str | None") -> None:
        """The store was restored from a backup and no online sign-in (or sync round) has brought the
        centre's 文号 and case numbers yet (``refusal``: AuthManager.restored_refusal, None once they
        came): the status bar says so while it lasts — the business actions refuse with the same
        words — and the first time the whole sentence is shown."""
        self.status.update_info(restored=refusal)
        if refusal is None:
            self._restored_said = False
            return
        if not self._restored_said:
            from counter_app.ui.refusals import refusal_text

            self._restored_said = True
            self.show_message(lambda: refusal_text(refusal))

    def show_customer_window(self):
        """客户显示屏 — open (or raise) the applicant-facing window, also on a one-screen PC."""
        from counter_app.ui.customer_window import attach_customer_window

        if self.customer_window is None:
            self.customer_window = attach_customer_window(self, force=True)
        elif not self.customer_window.isVisible():
            self.customer_window.place()
        return self.customer_window

    def switch_language(self, language: str) -> bool:
        app = QApplication.instance()
        if app is None:         # no application (never while a window is open): nothing to translate
            return False
        return install_language(app, language)

    def show_message(self, text: "str | Callable[[], str]") -> None:
        """An outcome for the clerk: in the status bar when it fits there whole; else in full in
        the banner above the panels (the status bar would clip it behind its permanent labels).
        ``text`` may be a function wording it now in the language of the UI (a sign-in note kept as
        data): while the message is still on show, a language switch words it again."""
        self._message_words = text if callable(text) else None
        text = text() if callable(text) else text
        if not self.isVisible() or self.status.message_fits(text):
            self.banner.dismiss()             # a newer outcome: the banner's one is over (待审批 → 已批准)
            self.status.show_cut_message(text, text, 8000)
            self._message_shown = ("", text)
            return
        self.banner.show_text(text)
        pointer = self.tr("（全文见窗口上方）")
        metrics = self.status.fontMetrics()
        room = self.status.room_for_messages() - metrics.horizontalAdvance(pointer)
        head = metrics.elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight, max(0, room))
        self.status.show_cut_message((head if len(head) > 1 else "") + pointer, text, 8000)
        self._message_shown = (text, self.status.currentMessage())

    def show_note(self, text: str) -> None:
        """A routine outcome its panel shows whole (已办理步骤：…): the status bar, cut to its room
        when long; never the banner (in English it stood over the workspace for every step done,
        taking the 核定 form's height). A newer outcome: a banner still up is over."""
        self._message_words = None
        self.banner.dismiss()
        line = " ".join(text.split())
        if self.isVisible() and not self.status.message_fits(line):
            line = self.status.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight,
                                                        max(0, self.status.room_for_messages()))
        self.status.show_cut_message(line, " ".join(text.split()), 8000)
        self._message_shown = ("", line)

    def _reword_message(self) -> None:
        """On a language switch: the message given as data again, if it is still on show."""
        if self._message_words is None:
            return
        banner, status = self._message_shown
        in_banner = bool(banner) and self.banner.isVisible() and self.banner.label.text() == banner
        in_status = bool(status) and self.status.currentMessage() == status
        if in_banner or in_status:
            self.show_message(self._message_words)

    def dismiss_messages(self) -> None:
        """The clerk left the case or panel the shown message was about: the banner and the
        status bar's note go (a note about the previous case must not stand over the next one)."""
        self.banner.dismiss()
        self.status.clearMessage()

    # --- live status -----------------------------------------------------------------------
    def probe_capture_devices(self) -> None:
        from counter_app.ui.status_bar import capture_device_states

        settings = self.ctx.settings
        task_runner().run(lambda: capture_device_states(settings), lambda states: self.status.update_info(**states),
                          lambda exc: log.warning("device probe failed: %s", exc), owner=self)

    def refresh_shown(self) -> None:
        """F5 (刷新): the status bar, and the panel in front when it has a list to read again (审批,
        办件, 文书与打印, 待同步 …: its ``refresh``). The only F5 of the window: no panel binds F5 of
        its own — the 审批 panel's own F5 beside this one made the key ambiguous, and neither ran."""
        self.refresh_status()
        tab = self.tabs.currentWidget()
        panel = tab.panel if isinstance(tab, PanelSlot) else tab
        refresh = getattr(panel, "refresh", None)
        if callable(refresh):
            refresh()

    def refresh_status(self) -> None:
        ctx = self.ctx  # ctx.store is read on the worker: it may still be opening
        since, inbox_since = self._started_at, self._inbox_seen

        def done(polled: "tuple[StatusCounts, tuple[str, str] | None, str | None, list[str]]") -> None:
            counts, block, restored, numbers = polled
            if block is not None and not self._logged_out:
                self.signed_out_by_centre(*block)
                return
            self.show_restored(restored)
            changes = {"outbox_pending": counts.waiting, "outbox_problems": counts.problems,
                       "outbox_stalled": counts.stalled, "outbox_stall": counts.stalled_outbox}
            if counts.online is not None:
                changes["online"] = counts.online
            self.status.update_info(**changes)
            # the background sync process (another process) sends entries and marks them: announce
            # what changed so the 待同步 list follows the status bar, not only this window's own writes
            if self._outbox_mark is not None and counts.outbox_mark != self._outbox_mark:
                self._outbox_mark = counts.outbox_mark
                self.events.outbox_changed.emit()
            self._outbox_mark = counts.outbox_mark
            if counts.centre_updated and counts.inbox_seen is not None and (
                    self._inbox_seen is None or counts.inbox_seen > self._inbox_seen):
                self._inbox_seen = counts.inbox_seen
                for case_id in counts.centre_updated:
                    self.events.centre_updated.emit(case_id)
                    self.events.case_changed.emit(case_id)
                if counts.reconciled or counts.certifications_refused:
                    # stays until the next message: a decision or notice the person holds must be recalled
                    said = []
                    if counts.reconciled:
                        said.append(self.tr("中心拒收了 %1 件办件的现场授权：决定未生效，办件已恢复为中心的状态，"
                                            "已出具的决定书已作废，须向申请人收回（见办件和「待同步」）")
                                    .replace("%1", str(len(counts.reconciled))))
                    if counts.certifications_refused:
                        said.append(self.tr("中心拒收了办件 %1 的资格认证结果：认证未生效，认证结果告知单已作废，"
                                            "请联系本人收回告知单（见办件和「待同步」）")
                                    .replace("%1", self.tr("、").join(counts.certifications_refused)))
                    whole = line = "；".join(said)
                    if self.isVisible() and not self.status.message_fits(line):   # cut, whole in the tooltip
                        line = self.status.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight,
                                                                    max(0, self.status.room_for_messages()))
                    self.status.show_cut_message(line, whole, 0)
                else:       # which cases (the first three): the clerk opens them to see what was decided
                    named = self.tr("、").join(numbers[:3]) + (self.tr(" 等") if len(numbers) > 3 else "")
                    self.status.showMessage(self.tr("已收到中心的 %1 件办件更新（审批决定、信息表）：%2，打开办件查看")
                                            .replace("%1", str(len(counts.centre_updated))).replace("%2", named), 10000)
            if counts.catalog_version is not None and counts.catalog_version != self._catalog_seen:
                self._catalog_seen = counts.catalog_version
                self.events.reference_updated.emit("catalog")
            self.status_refreshed.emit()

        stall_after = timedelta(minutes=ctx.settings.central.outbox_stall_minutes)

        def poll() -> "tuple[StatusCounts, tuple[str, str] | None, str | None, list[str]]":
            from counter_app.app_context import auth_manager
            from counter_app.sync.status import window_status   # on the worker: keeps SQLAlchemy off the GUI thread

            # the centre disabled the account or retired this workstation (a sync round, the agent's
            # included, recorded it): the window signs out instead of taking business that cannot sync;
            # a store restored from a backup without the centre's numbers yet: business is refused
            # (CaseOps.require_business …) and the status bar says why until a sign-in or sync lifts it
            from counter_app.workflows.case_queries import case_numbers_of

            auth = auth_manager(ctx)
            counts = window_status(ctx.store, since, inbox_since, stall_after)
            return counts, auth.business_block(), auth.restored_refusal(), \
                case_numbers_of(ctx.store, counts.centre_updated[:4])

        task_runner().run(poll, done,
                          lambda exc: log.warning("status refresh failed: %s", exc), owner=self)

    # --- geometry and closing --------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._ui_state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first start: most of the screen, at most 1600×1000
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None:
                self.resize(min(1600, int(screen.width() * 0.9)), min(1000, int(screen.height() * 0.9)))
        state = self._ui_state.value("main/state")
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        self._ui_state.setValue("main/geometry", self.saveGeometry())
        self._ui_state.setValue("main/state", self.saveState())
        self._ui_state.sync()

    def closeEvent(self, event) -> None:
        if not self._logged_out and not self.drafts_may_go():
            event.ignore()
            return
        pending = self.status.info.outbox_pending + self.status.info.outbox_problems
        if pending and not self._logged_out and not ConfirmDialog.ask(
            self.tr("尚有未同步的业务"),
            self.tr("还有 %1 条业务未同步到中心。退出不会丢弃它们，下次联网时会继续同步。确定退出吗？").replace("%1", str(pending)),
            self,
        ):
            event.ignore()
            return
        self.shutdown()
        self.save_geometry()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the status timer and the panels' devices, wait for background work, and write the
        audit records a worker could not (ui.audit_trail): none is dropped with the window."""
        from counter_app.ui import audit_trail

        self._status_timer.stop()
        self.idle_watcher.stop()
        for panel in self.loaded_panels():
            shutdown = getattr(panel, "shutdown", None)
            if callable(shutdown):
                shutdown()
        task_runner().wait(5000)
        audit_trail.flush()
