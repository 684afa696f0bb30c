"""The sign-in's notes in the clerk's language. Review: the status bar's note after an offline sign-in
said why it was not online (the centre's certificate refused, an answer that is not the centre's) and
that the clock was off in the sync layer's Chinese — the English UI showed them as they were. The
reason is data now (LoginResult.offline_code / offline_args, the skew's seconds) and the window words
it (ui.app.login_note_text); the CLI keeps the Chinese (offline_reason, clock_message)."""

from __future__ import annotations

import re

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.sync.client import UnrecognisedAnswer, UntrustedCertificate
from counter_protocol import sync as p

HAN = re.compile(r"[\u4e00-\u9fff]")
USER = p.UserInfo(username="clerk01", display_name="张经办", roles=["clerk"], office_code="FT", approval_level=0)


class _Refused:
    """A centre client whose login fails the way ``error`` says (the real AuthManager handles it)."""

    def __init__(self, error: BaseException):
        self.error = error

    def login(self, *args, **kwargs):
        raise self.error

    def close(self) -> None:
        pass


def _signed_in_offline(store, monkeypatch, error: BaseException) -> AppContext:
    """sign_in() with the login dialog answered by a real offline login after ``error`` online."""
    from counter_app.sync.auth import AuthManager
    from counter_app.ui import app as ui_app
    from counter_app.ui.login_dialog import LoginDialog, session_from

    settings = default_settings()
    auth = AuthManager(store, settings, client_factory=lambda: _Refused(error))
    auth._remember("clerk01", "clerk01-demo", USER)           # signed in online here before
    ctx = AppContext(settings=settings, paths=app_paths().ensure(), store=store, adapters={"auth": auth})

    def ask(cls, auth, parent=None):
        result = auth.login("clerk01", "clerk01-demo")
        return session_from(result), result

    monkeypatch.setattr(LoginDialog, "ask", classmethod(ask))
    assert ui_app.sign_in(ctx) is not None
    return ctx


def test_an_offline_sign_in_says_why_in_english(app_home, store, monkeypatch, english):
    ctx = _signed_in_offline(store, monkeypatch, UntrustedCertificate())
    assert ctx.login_note.startswith("Signed in offline"), ctx.login_note
    assert "certificate" in ctx.login_note and not HAN.search(ctx.login_note), ctx.login_note
    ctx = _signed_in_offline(store, monkeypatch, UnrecognisedAnswer(502))
    assert "HTTP 502" in ctx.login_note and not HAN.search(ctx.login_note), ctx.login_note


def test_an_offline_sign_in_says_why_in_chinese_by_default(app_home, store, monkeypatch, qapp):
    from counter_app.sync.client import UNTRUSTED_CERTIFICATE

    ctx = _signed_in_offline(store, monkeypatch, UntrustedCertificate())
    assert ctx.login_note.endswith(UNTRUSTED_CERTIFICATE), ctx.login_note      # the sync layer's own words
    ctx = _signed_in_offline(store, monkeypatch, UnrecognisedAnswer(502))
    assert "中心服务的答复无法识别（HTTP 502），不能联网登录" in ctx.login_note, ctx.login_note


def test_the_window_words_the_sync_layers_reasons(qapp):
    """Each worded reason is the sync layer's Chinese (a reworded sync message must be reworded here)."""
    from counter_app.sync.auth import LoginResult, _unrecognised_login
    from counter_app.sync.client import UNTRUSTED_CERTIFICATE
    from counter_app.ui.app import login_note_text

    head = "离线登录（剩余 3 天），业务记录将在联网后同步。 "
    for code, args, chinese in (("untrusted_certificate", (), UNTRUSTED_CERTIFICATE),
                                ("unrecognised_answer", ("404",), _unrecognised_login(UnrecognisedAnswer(404)))):
        result = LoginResult("offline", USER, None, 3, offline_reason=chinese, offline_code=code, offline_args=args)
        assert login_note_text(result) == head + chinese
    # a reason without a code (none today) is shown as the sync layer gave it
    assert login_note_text(LoginResult("offline", USER, None, 3, offline_reason="别的原因")) == head + "别的原因"


def test_the_clock_note_reads_english(app_home, store, monkeypatch, english_back):
    from PySide6.QtWidgets import QApplication

    from counter_app.sync.auth import LoginResult
    from counter_app.ui import app as ui_app
    from counter_app.ui.i18n import install_language
    from counter_app.ui.login_dialog import LoginDialog, session_from

    result = LoginResult("online", USER, clock_skew_seconds=-612.4)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, auth, parent=None: (session_from(result), result)))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    ui_app.sign_in(ctx)
    assert ctx.login_note == result.clock_message                     # Chinese by default: the CLI's words
    assert install_language(QApplication.instance(), "en")
    ui_app.sign_in(ctx)
    assert "612" in ctx.login_note and "clock" in ctx.login_note and not HAN.search(ctx.login_note), ctx.login_note


def test_a_sign_in_note_on_screen_rewords_on_a_language_switch(qtbot, app_home, store, monkeypatch, english_back):
    """Review: the note was worded once when the window came up; a switch to English left it Chinese
    (in the status bar, or the banner when too long for it). It is worded from the LoginResult now."""
    from PySide6.QtWidgets import QApplication

    from counter_app.sync.client import UNTRUSTED_CERTIFICATE
    from counter_app.ui import app as ui_app
    from counter_app.ui.i18n import install_language
    from counter_app.ui.main_window import MainWindow

    ctx = _signed_in_offline(store, monkeypatch, UntrustedCertificate())
    ctx.user = UserSession("clerk01", "张经办", "clerk")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    def shown() -> str:                 # the note whole: in the banner (too long for the status bar)
        return window.banner.label.text() if window.banner.isVisible() else window.status.currentMessage()

    try:
        ui_app.show_login_note(window, ctx)
        assert shown() == ctx.login_note and shown().endswith(UNTRUSTED_CERTIFICATE), shown()   # Chinese
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: shown().startswith("Signed in offline"), timeout=3000)
        assert "certificate" in shown() and not HAN.search(shown()), shown()
        assert not HAN.search(window.status.currentMessage()), window.status.currentMessage()
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: shown() == ctx.login_note, timeout=3000)
    finally:
        window.shutdown()
