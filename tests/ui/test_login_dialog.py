"""登录 dialog: a refusal is shown whole (the dialog grows to the reason's lines), the user name
stays and the password is cleared for the next try. Real AuthManager and store; the centre's
address answers nothing, as on a workstation cut off from the network."""

from __future__ import annotations

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.paths import app_paths
from counter_app.ui.login_dialog import LoginDialog
from tests.support.cases import settings_for
from tests.support.postgres import free_port


def test_a_long_refusal_is_shown_whole_and_the_user_name_stays(qtbot, store, app_home):
    ctx = AppContext(settings=settings_for(f"http://127.0.0.1:{free_port()}", "UI-login"), paths=app_paths().ensure(),
                     store=store, user=UserSession("nobody", "nobody", "clerk"))
    dialog = LoginDialog(auth_manager(ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.totp.placeholderText()
    assert dialog.totp.width() >= dialog.totp.fontMetrics().horizontalAdvance(hint)   # the 动态验证码 hint fits
    dialog.username.setText("clerk01")
    dialog.password.setText("clerk01-demo")
    dialog.try_login()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=15000)
    text = dialog.message.text()
    # no centre, and never signed in online here: no offline login either
    assert "无法连接中心服务" in text and "从未在本机联网登录过" in text
    qtbot.waitUntil(lambda: dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width()),
                    timeout=2000)
    assert dialog.message.visibleRegion().boundingRect().height() >= dialog.message.heightForWidth(dialog.message.width())
    assert dialog.username.text() == "clerk01" and dialog.password.text() == ""
    assert dialog.isVisible() and dialog.result_session is None
