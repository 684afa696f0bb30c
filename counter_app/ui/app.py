"""GUI start-up: logging, settings (bad file → offer defaults), store, language, font, window."""

from __future__ import annotations

import logging
import os
import sys

from counter_app.app_context import AppContext, UserSession
from counter_app.config import ConfigError, default_settings, load_settings
from counter_app.logging_setup import setup_logging
from counter_app.paths import app_paths

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
    from counter_app.storage.db import Store

    paths = app_paths().ensure()
    store = Store.open(paths.database_file)
    return AppContext(settings=settings, paths=paths, store=store, user=user or UserSession(), demo=demo)


def run_gui(*, demo: bool = False, user: UserSession | None = None, central_url: str | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    paths = app_paths().ensure()
    setup_logging(paths.log_dir)
    app = create_application()

    from counter_app.storage.db import StoreError
    from counter_app.ui.dialogs import ConfigErrorDialog, ErrorDialog
    from counter_app.ui.i18n import install_language
    from counter_app.ui.main_window import MainWindow

    try:
        settings = load_settings(paths.config_file)
    except ConfigError as exc:
        log.warning("configuration invalid: %s", exc)
        if not ConfigErrorDialog.ask(exc.message()):
            return 1
        settings = default_settings()
    if central_url:
        settings.central.url = central_url
    install_language(app, settings.ui.language.value)
    if not apply_ui_font(app):
        ErrorDialog.show("缺少中文字体", "系统中没有可显示中文的字体，请安装 fonts-wqy-zenhei 或宋体等中文字体。")
    try:
        ctx = build_context(settings, demo=demo, user=user)
    except StoreError as exc:
        ErrorDialog.show("无法打开本地数据库", str(exc))
        return 1
    if user is None:
        signed_in = sign_in(ctx)
        if signed_in is None:
            ctx.close()
            return 0
    window = MainWindow(ctx)
    window.show()
    if getattr(ctx, "login_note", ""):
        window.status.showMessage(ctx.login_note, 15000)
    if os.environ.get("COUNTER_APP_EXIT_WHEN_IDLE"):
        _exit_when_idle(app, window)
    code = app.exec()
    ctx.close()
    return code


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
    notes = []
    if result.mode == "offline":
        notes.append(f"离线登录（剩余 {result.offline_days_left} 天），业务记录将在联网后同步。")
    if result.clock_message:
        notes.append(result.clock_message)
    ctx.login_note = " ".join(notes)
    return ctx.user


def _exit_when_idle(app, window) -> None:
    """Start-up benchmark and smoke test: report once the event loop is idle, then quit."""
    import time

    from PySide6.QtCore import QTimer

    def idle() -> None:
        import psutil

        rss = psutil.Process().memory_info().rss
        shot = os.environ.get("COUNTER_APP_SCREENSHOT")
        if shot:
            window.grab().save(shot)
        print(f"IDLE {time.time():.6f} RSS {rss}", flush=True)
        window._status_timer.stop()
        app.quit()

    QTimer.singleShot(0, idle)
