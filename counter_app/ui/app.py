"""GUI start-up: logging, settings (bad file → offer defaults), store, language, font, window."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

# before PySide6 (#20): once it is imported, PySide reads the source of every module imported after
# it (its __feature__ hook looks for "PySide6" in it, ~0.5 ms a module); these need no Qt
from counter_app.app_context import AppContext, UserSession
from counter_app.config import ConfigError, load_settings
from counter_app.logging_setup import setup_logging, start_rotation
from counter_app.paths import app_paths

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    import subprocess

log = logging.getLogger(__name__)

NO_DISPLAY_MESSAGE = (
    "没有图形显示（未设置 DISPLAY），无法显示窗口。\n"
    "在无显示器的机器上请用虚拟显示运行：xvfb-run -a -s '-screen 0 1600x1000x24' counter-app\n"
    "No display: run under Xvfb, e.g. xvfb-run -a counter-app"
)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        QCoreApplication.setOrganizationName("szsi")
        QCoreApplication.setApplicationName("counter-app")
        app = QApplication(argv if argv is not None else sys.argv[:1])
    return app


def apply_ui_font(app) -> bool:
    """Use a font with Chinese glyphs for the whole UI; False when the system has none."""
    from counter_app.ui.fonts import pick_cjk_font

    font = pick_cjk_font(app.font().pointSize() if app.font().pointSize() > 0 else 11)
    if font is None:
        log.error("no font with Chinese glyphs found: the UI would show boxes")
        return False
    app.setFont(font)
    return True


def build_context(settings, *, demo: bool = False, user: UserSession | None = None) -> AppContext:
    """The context with the store not yet opened: no I/O, no SQLAlchemy on the calling thread.

    The store is opened by :func:`start_store_opening` on a worker (or by the first ``ctx.store``).
    """
    from counter_app.app_context import store_opener

    paths = app_paths().ensure()
    return AppContext(settings=settings, paths=paths, store_opener=store_opener(paths.database_file),
                      user=user or UserSession(), demo=demo)


# Start-up's words go through tr() (context ``Startup``): run_gui installs the configured language
# before it shows any of them.
def store_error_title() -> str:
    return QCoreApplication.translate("Startup", "无法打开本地数据库")


class StoreOpening:
    """Opens ``ctx``'s store on a worker thread; the outcome is reported on the GUI thread.

    Any failure is kept in ``error`` (a StoreError carries the clerk's Chinese message).
    ``prepare(ctx)``, if given, runs on the same worker once the store is open (e.g. building the
    sign-in adapter, so its imports stay off the GUI thread too).
    """

    def __init__(self, ctx: AppContext, prepare=None):
        from counter_app.ui.tasks import task_runner

        self.done = False
        self.error: BaseException | None = None
        self._waiters: list = []

        def work():
            store = ctx.open_store()
            if prepare is not None:
                try:
                    prepare(ctx)
                except Exception:  # not a store problem: the caller meets it again
                    log.warning("preparing after the store opened failed", exc_info=True)
            return store

        task_runner().run(work, self._opened, self._failed)

    def _opened(self, _store) -> None:
        self.done = True
        self._notify()

    def _failed(self, exc: BaseException) -> None:
        self.done, self.error = True, exc
        log.error("store could not be opened: %s", exc)
        self._notify()

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter(self.error)

    def then(self, callback) -> None:
        """``callback(error_or_None)`` once the opening finished (at once if it already has)."""
        if self.done:
            callback(self.error)
        else:
            self._waiters.append(callback)

    def wait(self) -> BaseException | None:
        """Run the event loop (the GUI stays live) until the store is open; the error or None."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        while not self.done:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return self.error


def offer_backup(error: BaseException, parent=None, settings=None) -> bool:
    """A damaged store: the clerk's dialog offering the newest good backup. True once restored
    (the caller opens the store again); False when there is none, the clerk declined, or it failed.
    Any other store error is shown as it is. The restored store carries no usable sign-in, as after
    ``counter-app store restore`` (workflows.store_restore.after_restore, on a worker): business
    waits for an online sign-in that brings the centre's 文号 and case-number floors."""
    from counter_app.ui.dialogs import CorruptStoreDialog, ErrorDialog

    from counter_app.ui.store_errors import store_error_text

    db = sys.modules.get("counter_app.storage.db")
    if db is None or not isinstance(error, db.StoreCorruptError):
        ErrorDialog.show(store_error_title(), store_error_message(error), parent)
        return False
    if not CorruptStoreDialog.ask(store_error_text(error), bool(error.backups), parent):
        return False
    try:
        backup, aside = db.restore_backup(error.path, error.backups[0])
    except (OSError, db.StoreError) as exc:
        from counter_app.ui.messages import plain_text, sentence_text

        log.error("restoring the store's backup failed: %r", exc)
        what = QCoreApplication.translate("Startup", "恢复备份失败")
        message = (sentence_text(store_error_text(exc), what) if isinstance(exc, db.StoreError)
                   else plain_text(exc, what))
        ErrorDialog.show(store_error_title(), message, parent)
        return False
    log.warning("store restored from %s at the clerk's request; damaged file at %s", backup, aside)
    try:
        _signed_out_after_restore(error.path, backup, aside, settings)
    except Exception as exc:
        from counter_app.ui.messages import plain_text

        log.error("the restored store's sign-in could not be ended: %s", type(exc).__name__)
        ErrorDialog.show(store_error_title(), plain_text(exc, QCoreApplication.translate("Startup", "恢复备份失败")), parent)
        return False
    return True


def _signed_out_after_restore(path, backup, aside, settings) -> None:
    """workflows.store_restore.after_restore on a worker (it opens the store), the GUI staying live
    meanwhile; its error raised here."""
    from PySide6.QtCore import QEventLoop

    from counter_app.ui.tasks import task_runner

    if settings is None:
        settings = load_settings(app_paths().config_file)
    outcome: dict = {}

    def work():
        from counter_app.workflows.store_restore import after_restore

        return after_restore(path, settings, detail=f"自动备份 {backup.name}，原文件保留为 {aside.name}（柜面客户端，经办人确认）",
                             object_id=str(backup))

    task_runner().run(work, lambda names: outcome.setdefault("done", names),
                      lambda exc: outcome.setdefault("error", exc))
    while not outcome:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    if "error" in outcome:
        raise outcome["error"]


def store_error_message(exc: BaseException) -> str:
    """Why the store did not open, in the language of the UI (never the exception's own text)."""
    from counter_app.ui.messages import refused_home_text

    refused = refused_home_text(exc)   # a read-only or not-this-user's data directory: named, not "没有权限…"
    if refused is not None:
        log.error("store could not be opened, its directory refuses writes: %r", exc)
        return refused
    db = sys.modules.get("counter_app.storage.db")  # imported by the opening that failed
    if db is not None and isinstance(exc, db.StoreError):
        from counter_app.ui.store_errors import store_error_text

        return store_error_text(exc)  # the clerk's message (e.g. a database from a newer version)
    from counter_app.ui.messages import plain_text

    log.error("store could not be opened: %r", exc)
    return plain_text(exc, QCoreApplication.translate("Startup", "本地数据库打开失败"))


def run_gui(*, demo: bool = False, user: UserSession | None = None, central_url: str | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    paths = app_paths()
    refused_home: BaseException | None = None
    try:
        paths.ensure()
        setup_logging(paths.log_dir, rotate_later=True)     # rotating once the window is up: start_rotation
    except OSError as exc:     # a read-only or not-this-user's home: said in the window below, naming it
        refused_home = exc
    app = create_application()
    from counter_app.ui.errors import install_error_handler
    from counter_app.ui.gui_collector import install_gui_collector

    install_gui_collector(app)       # garbage cycles collected on this thread only (ui.gui_collector)

    install_error_handler(app)       # an exception in a slot: logged masked, a plain message, work kept

    from counter_app.ui.dialogs import ConfigErrorDialog, ErrorDialog
    from counter_app.ui.i18n import install_language

    # Chinese (with Qt's own 是/否) until the settings are read: a configuration that does not load
    # and the first-run wizard speak the default language
    install_language(app, "zh_CN")
    if refused_home is not None:
        from counter_app.config import configured_language
        from counter_app.ui.messages import refused_home_text

        why = refused_home_text(refused_home)
        if why is None:
            raise refused_home
        language = configured_language(paths.config_file)   # a file that names its language: said in it
        if language is not None:
            install_language(app, language)
        print(f"counter-app: {why}", file=sys.stderr)        # no log file to write it to
        ErrorDialog.show(QCoreApplication.translate("Startup", "柜面客户端无法启动"), why)
        return 1

    try:
        settings = load_settings(paths.config_file)
    except ConfigError as exc:
        from counter_app.config import configured_language
        from counter_app.ui.config_errors import config_error_text

        log.warning("configuration invalid: %s", exc)
        language = configured_language(paths.config_file)   # a file that names its language: asked in it
        if language is not None:
            install_language(app, language)
        ConfigErrorDialog.show(config_error_text(exc))   # no business on the factory settings
        return 1
    if not demo and user is None and not paths.config_file.exists():
        # 首次运行: no configuration yet; the wizard's answers become the file (put off: ask next time)
        from counter_app.config import save_settings
        from counter_app.ui.first_run import FirstRunWizard

        answered = FirstRunWizard.ask()
        if answered is not None:
            save_settings(answered, paths.config_file)
            settings = answered
    if central_url:
        settings.central.url = central_url
    # the clerk's language before any other message of the start-up (font, store, backup, sign-in)
    install_language(app, settings.ui.language.value)
    # Opening the store is I/O and needs SQLAlchemy: it happens on a worker, never on this thread.
    ctx = build_context(settings, demo=demo, user=user)
    if not apply_ui_font(app):
        ErrorDialog.show(QCoreApplication.translate("Startup", "缺少中文字体"),
                         QCoreApplication.translate("Startup", "系统中没有可显示中文的字体，请安装 fonts-wqy-zenhei 或宋体等中文字体。"))
    if user is None:
        from counter_app.app_context import auth_manager

        # signing in reads the local store (offline login): wait for it, the GUI staying live
        error = StoreOpening(ctx, prepare=auth_manager).wait()
        while error is not None:
            if not offer_backup(error, settings=settings):
                return 1
            ctx = build_context(settings, demo=demo, user=user)   # open the restored store afresh
            error = StoreOpening(ctx, prepare=auth_manager).wait()
        signed_in = sign_in(ctx)
        if signed_in is None:
            ctx.close()
            return 0

    from counter_app.ui.main_window import MainWindow

    from counter_app.ui.tasks import after_first_frame, task_runner

    # The window's first queries and the store opening wait until the window has painted its first
    # frame: Python threads share one interpreter lock, and a worker importing SQLAlchemy while the
    # window is built and drawn makes each Qt call of this thread wait for the lock again (the
    # window came up ~0.15 s later, the data no sooner).
    runner = task_runner()
    runner.hold()
    window = MainWindow(ctx)
    # The panels' first queries open the store on their worker — the first ``ctx.store`` opens it,
    # once. This makes sure it is opened even if no panel asked, and turns a failure into the
    # clerk's dialog.
    opening = StoreOpening(ctx)
    window.show()

    def first_frame() -> None:
        runner.release()
        start_rotation()

    after_first_frame(window, first_frame)
    show_login_note(window, ctx)   # whole: in the banner when the status bar would clip it
    outcome: dict[str, int | None] = {"code": None}

    def store_opened(error: BaseException | None) -> None:
        if error is None:
            return
        # the app must not go on without its store: tell the clerk (offering the last good
        # backup, restored for the next start), then close
        if offer_backup(error, window, ctx.settings):
            ErrorDialog.show(store_error_title(),
                             QCoreApplication.translate("Startup", "已用备份恢复本地数据库，请重新启动柜面客户端。"), window)
        outcome["code"] = 1
        window.shutdown()   # not close(): nothing to save, nothing to confirm
        window.hide()
        app.exit(1)

    agent = SyncAgentHandle(ctx, window)
    if os.environ.get("COUNTER_APP_EXIT_WHEN_IDLE"):
        _exit_when_idle(app, window, opening, outcome)
    else:
        opening.then(store_opened)
        agent.start()  # sync whenever the network is there, in a process of its own
        opening.then(lambda error: _start_render_host_later(ctx) if error is None else None)
    try:
        code = app.exec()
    except KeyboardInterrupt:  # Ctrl+C in the terminal of `make run`: close down cleanly
        code = 130
    agent.stop()      # waits for the running tasks too: a render host started meanwhile is in ctx
    from counter_app.app_context import close_render_host

    close_render_host(ctx)
    ctx.close()
    return outcome["code"] if outcome["code"] is not None else code


RENDER_HOST_DELAY_MS = 3000   # after the store opened: the window's first queries go first


def _start_render_host_later(ctx: AppContext) -> None:
    """Notices render in a process of their own (printing.render_host), so the window keeps its
    pace while one is made. Started a little after start-up, on a worker: the window's first
    queries go first, and the clerk's first notice then finds the process warm. Until then (and
    if it cannot start) documents render on a worker of this process, as before."""
    from PySide6.QtCore import QTimer

    from counter_app.app_context import start_render_host
    from counter_app.ui.tasks import task_runner

    QTimer.singleShot(RENDER_HOST_DELAY_MS, lambda: task_runner().run(
        lambda: start_render_host(ctx).start(),
        on_error=lambda exc: log.warning("render process not started: %s", exc)))


class SyncAgentHandle:
    """The background sync process (``counter-app sync agent``) of this session.

    Started on a worker once the store is open; 立即同步 then asks it for a round over its pipes
    (``app_context.sync_round``). Stopped when the window closes (it also ends by itself if this
    process dies: its stdin closes). Not started for the start-up smoke run, which quits at once.
    """

    def __init__(self, ctx: AppContext, window):
        self.ctx = ctx
        self.window = window
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        from counter_app.app_context import start_sync_agent
        from counter_app.ui.tasks import task_runner

        def start():  # the handle is kept on the worker: stop() finds it even if no event loop runs
            self.proc = start_sync_agent(self.ctx)
            return self.proc

        task_runner().run(start, lambda proc: log.info("sync agent started (pid %s)", proc.pid),
                          lambda exc: log.warning("sync agent not started: %s", exc), owner=self.window)

    def stop(self) -> None:
        from counter_app.app_context import stop_sync_agent
        from counter_app.ui.tasks import task_runner

        task_runner().wait(10000)  # a start still in flight lands first
        if self.proc is not None:
            stop_sync_agent(self.ctx, self.proc)


def sign_in(ctx: AppContext):
    """Log in (online, or offline within the allowed days); demo mode signs the demo clerk in."""
    from counter_app.app_context import auth_manager
    from counter_app.ui.login_dialog import LoginDialog, session_from

    auth = auth_manager(ctx)
    demo_user = os.environ.get("COUNTER_APP_DEMO_USER")
    demo_password = os.environ.get("COUNTER_APP_DEMO_PASSWORD")
    result = None
    if ctx.demo and demo_user and demo_password:
        try:
            result = auth.login(demo_user, demo_password)
            ctx.user = session_from(result)
        except Exception as exc:  # fall back to the dialog, with the reason logged
            log.warning("demo login failed: %s", exc)
    if result is None:
        answer = LoginDialog.ask(auth)
        if answer is None:
            return None
        ctx.user, result = answer
    ctx.login_note = login_note_text(result)
    ctx.login_result = result
    return ctx.user


def show_login_note(window, ctx: AppContext) -> None:
    """The sign-in's note in the window, worded from the LoginResult again on a language switch."""
    if not getattr(ctx, "login_note", ""):
        return
    result = getattr(ctx, "login_result", None)
    window.show_message((lambda: login_note_text(result)) if result is not None else ctx.login_note)


# why an offline sign-in is not online (LoginResult.offline_code), the sync layer's Chinese with %1 for its argument
OFFLINE_REASONS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "untrusted_certificate": QT_TRANSLATE_NOOP(
        "Startup", "中心服务的证书未通过本机验证（证书不受信任、已过期或与地址不符）。请信息技术人员在本机安装本单位的 CA 证书"
                   "（见部署说明「TLS」一节）。业务已保存在本机，证书问题解决后会自动同步。"),
    "not_tls": QT_TRANSLATE_NOOP(
        "Startup", "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对），不能联网登录。"
                   "请信息技术人员核对中心服务地址（counter-app config show）。"),
    "tls_only": QT_TRANSLATE_NOOP(
        "Startup", "中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对），不能联网登录。"
                   "请信息技术人员核对中心服务地址（counter-app config show）。"),
    "unrecognised_answer": QT_TRANSLATE_NOOP(
        "Startup", "中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，"
                   "或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。"),
}


def login_note_text(result) -> str:
    """The sign-in's notes for the status bar (离线登录, why offline, the clock's skew) in the language
    of the UI, worded from the LoginResult's data; a reason without a known code as the sync layer gave it."""
    notes = []
    if result.mode == "offline":
        notes.append(QCoreApplication.translate("Startup", "离线登录（剩余 %1 天），业务记录将在联网后同步。")
                     .replace("%1", str(result.offline_days_left)))
        source = OFFLINE_REASONS.get(result.offline_code)
        if source is not None:
            text = QCoreApplication.translate("Startup", str(source))
            notes.append(text.replace("%1", result.offline_args[0]) if result.offline_args else text)
        elif result.offline_reason:
            notes.append(result.offline_reason)
    if result.clock_skewed:
        notes.append(QCoreApplication.translate(
            "Startup", "本机时钟与中心服务相差 %1 秒（超过 5 分钟），文书日期和同步顺序可能出错。请校准本机时间或联系信息技术人员。")
            .replace("%1", f"{abs(result.clock_skew_seconds):.0f}"))
    if getattr(result, "office_mismatch", None):
        notes.append(QCoreApplication.translate(
            "Startup", "本机配置的分局代码与中心登记的分局 %1 不符：文书编号和抬头会用错分局。请先不要办理业务，"
                       "请信息技术人员改正配置后重新登录。").replace("%1", result.user.office_code))
    return " ".join(notes)


def _rss_bytes() -> int:
    """Resident set size of this process, read without importing psutil where /proc exists."""
    try:
        with open("/proc/self/statm", "rb") as f:
            resident_pages = int(f.read().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        import psutil

        return psutil.Process().memory_info().rss


def _exit_when_idle(app, window, opening: StoreOpening, outcome: dict) -> None:
    """Start-up benchmark and smoke test: report once the event loop is idle (``IDLE``), then once
    the store is open and the status bar has its first figures (``READY``, or ``STORE-FAILED``
    with exit code 1), then quit."""
    import time

    from PySide6.QtCore import QTimer

    def ready(error: BaseException | None) -> None:
        window._status_timer.stop()
        if error is not None:
            print(f"STORE-FAILED {time.time():.6f} {type(error).__name__}", flush=True)
            outcome["code"] = 1
            app.quit()
            return

        def first_figures() -> None:
            print(f"READY {time.time():.6f}", flush=True)
            # exit(), not quit(): quit() asks the window to close, and a store holding unsynced
            # cases makes it ask the clerk to confirm (a modal dialog nobody answers in a smoke run)
            window.shutdown()
            app.exit(0)

        window.status_refreshed.connect(first_figures)
        window.refresh_status()

    def idle() -> None:
        rss = _rss_bytes()
        shot = os.environ.get("COUNTER_APP_SCREENSHOT")
        if shot:
            window.grab().save(shot)
        print(f"IDLE {time.time():.6f} RSS {rss}", flush=True)
        opening.then(ready)

    QTimer.singleShot(0, idle)
