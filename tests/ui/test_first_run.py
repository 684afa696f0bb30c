"""First-run wizard (首次运行设置) and its headless twin ``counter-app config init --interactive``.

Real components: a central service process on SQLite (test connection, workstation registration),
cupsd with a cups-pdf queue (the test page lands as a PDF), the app's own settings validation.
"""

from __future__ import annotations

import io
import time

import pytest
from PySide6.QtWidgets import QWizard

from counter_app.config import CardBackend, FingerprintBackend, Language, load_settings
from counter_app.paths import app_paths
from counter_app.ui import first_run as ui_first_run
from counter_app.ui.first_run import FirstRunWizard
from counter_app.workflows import first_run as fr
from tests.support.central import start_central


@pytest.fixture(scope="module")
def central_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("first-run-central")
    central = start_central(f"sqlite:///{folder / 'central.sqlite3'}", folder)
    yield central.url
    central.stop()


@pytest.fixture
def wizard(qtbot, app_home):
    w = FirstRunWizard()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _page(w: FirstRunWizard, cls):
    return next(p for p in w.pages if isinstance(p, cls))


def test_wizard_has_every_step_in_order_each_skippable(wizard):
    assert [p.step for p in wizard.pages] == list(fr.STEPS)
    assert wizard.button(FirstRunWizard.SKIP_BUTTON).text() == "跳过此步"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "以后再说"


def test_skipping_every_step_finishes_with_defaults(wizard, qtbot):
    _page(wizard, ui_first_run.CentralPage).url.setText("http://changed.example:1")
    for _ in fr.STEPS:
        wizard.button(FirstRunWizard.SKIP_BUTTON).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.skipped == list(fr.STEPS)
    assert wizard.settings.central.url == "http://127.0.0.1:8765"  # the skipped page's edit is not kept


def test_bad_office_code_blocks_the_step_with_a_chinese_message(wizard, qtbot):
    wizard.next()
    page = _page(wizard, ui_first_run.WorkstationPage)
    assert wizard.currentPage() is page
    page.office_code.setText("lh")
    wizard.next()
    assert wizard.currentPage() is page
    assert "office.code" in page.problem.text() and "格式不正确" in page.problem.text()
    page.office_code.setText("LH")
    wizard.next()
    assert wizard.currentPage() is _page(wizard, ui_first_run.PrinterPage)
    assert wizard.settings.office.code == "LH"


def test_answers_of_every_page_end_up_in_the_settings(wizard, qtbot):
    _page(wizard, ui_first_run.CentralPage).url.setText("https://central.example:8443")
    wizard.next()
    ws = _page(wizard, ui_first_run.WorkstationPage)
    ws.office_name.setText("罗湖分局")
    ws.office_code.setText("LH")
    ws.window_number.setValue(7)
    ws.workstation_id.setText("LH-W07")
    wizard.next()
    wizard.next()  # printer: system default
    card = _page(wizard, ui_first_run.CardPage)
    card.backend.setCurrentIndex(card.backend.findData(CardBackend.demo))
    wizard.next()
    fp = _page(wizard, ui_first_run.FingerprintPage)
    fp.backend.setCurrentIndex(fp.backend.findData(FingerprintBackend.none))
    wizard.next()
    lang = _page(wizard, ui_first_run.LanguagePage)
    lang.language.setCurrentIndex(lang.language.findData(Language.en))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    s = wizard.settings
    assert (s.central.url, s.office.name, s.office.code, s.office.window_number, s.office.workstation_id) == (
        "https://central.example:8443", "罗湖分局", "LH", 7, "LH-W07")
    assert (s.card.backend, s.fingerprint.backend, s.ui.language) == (CardBackend.demo, FingerprintBackend.none, Language.en)


def test_test_connection_against_a_running_centre_and_a_dead_port(wizard, qtbot, central_url):
    page = _page(wizard, ui_first_run.CentralPage)
    page.url.setText(central_url)
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=15000)
    assert page.probe.last.ok and "中心服务可用" in page.probe.result.text()
    page.probe.last = None
    page.url.setText("http://127.0.0.1:9")
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=15000)
    assert not page.probe.last.ok and "无法连接中心服务" in page.probe.result.text()


def test_workstation_registration_needs_a_supervisor(wizard, qtbot, central_url):
    _page(wizard, ui_first_run.CentralPage).url.setText(central_url)
    wizard.next()
    page = _page(wizard, ui_first_run.WorkstationPage)
    page.workstation_id.setText("FT-W99")
    page.admin_user.setText("clerk01")
    page.admin_password.setText("clerk01-demo")
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=15000)
    assert not page.probe.last.ok and "工作站登记失败" in page.probe.result.text()
    assert "Connect" not in page.probe.result.text()  # refused by the centre (a clerk), not unreachable
    page.probe.last = None
    page.admin_user.setText("supervisor01")
    page.admin_password.setText("supervisor01-demo")
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=15000)
    assert page.probe.last.ok, page.probe.result.text()
    assert "FT-W99" in page.probe.result.text()


@pytest.mark.integration
def test_printer_page_lists_cups_queues_and_prints_a_test_page(wizard, qtbot, cups_queues):
    wizard.next()
    wizard.next()
    page = _page(wizard, ui_first_run.PrinterPage)
    qtbot.waitUntil(lambda: page.printer.findData(cups_queues.queue) >= 0, timeout=15000)
    page.printer.setCurrentIndex(page.printer.findData(cups_queues.queue))
    before = set(cups_queues.output_dir.glob("*.pdf"))
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=20000)
    assert page.probe.last.ok, page.probe.result.text()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (set(cups_queues.output_dir.glob("*.pdf")) - before):
        qtbot.wait(200)
    assert set(cups_queues.output_dir.glob("*.pdf")) - before, "the test page never reached cups-pdf"
    wizard.next()
    assert wizard.settings.printer.name == cups_queues.queue


def test_card_page_test_reports_the_demo_backend(wizard, qtbot):
    for _ in range(3):
        wizard.next()
    page = _page(wizard, ui_first_run.CardPage)
    page.backend.setCurrentIndex(page.backend.findData(CardBackend.demo))
    page.probe.button.click()
    qtbot.waitUntil(lambda: page.probe.last is not None, timeout=15000)
    assert "演示后端" in page.probe.result.text()


def test_gui_start_without_configuration_runs_the_wizard_and_writes_its_answers(app_home, monkeypatch, qapp):
    from counter_app.ui import app as ui_app

    answered = fr_settings = None
    from counter_app.config import default_settings

    fr_settings = default_settings()
    fr_settings.office.code = "NS"
    fr_settings.office.workstation_id = "NS-W02"
    asked = []

    def fake_ask(cls, parent=None):
        asked.append(True)
        return fr_settings

    monkeypatch.setattr(FirstRunWizard, "ask", classmethod(fake_ask))
    # stop right after the settings are known: the test is about the first-run hook only
    monkeypatch.setattr(ui_app, "build_context", lambda settings, **kw: (_ for _ in ()).throw(SystemExit(7)))
    with pytest.raises(SystemExit):
        ui_app.run_gui()
    assert asked == [True]
    answered = load_settings(app_paths().config_file)
    assert (answered.office.code, answered.office.workstation_id) == ("NS", "NS-W02")
    # a second start has a configuration: no wizard
    with pytest.raises(SystemExit):
        ui_app.run_gui()
    assert asked == [True]


# ---------------------------------------------------------------- headless: config init --interactive

def _run_cli(lines: list[str]):
    from counter_app.cli.first_run import Terminal, run_interactive

    feed = io.StringIO("".join(line + "\n" for line in lines))
    out: list[str] = []
    settings = run_interactive(Terminal(read=feed.readline, write=out.append))
    return settings, "".join(out)


def test_interactive_init_asks_every_step_and_validates(central_url):
    settings, out = _run_cli([
        central_url, "y",                     # centre + test connection
        "罗湖分局", "lh", "LH", "abc", "3", "LH-W03", "",   # office (bad code, bad window), no registration
        "-",                                  # printer: skipped
        "3", "y",                             # card: demo, test
        "3",                                  # fingerprint: none
        "2",                                  # language: English
    ])
    assert "✓ 中心服务可用" in out
    assert "格式不正确" in out
    assert "已跳过：打印机" in out
    assert "演示后端" in out
    assert (settings.central.url, settings.office.code, settings.office.window_number) == (central_url, "LH", 3)
    assert (settings.card.backend, settings.fingerprint.backend, settings.ui.language) == (
        CardBackend.demo, FingerprintBackend.none, Language.en)


def test_interactive_init_end_of_input_skips_the_rest():
    settings, out = _run_cli(["http://127.0.0.1:9", "n"])
    assert settings.central.url == "http://127.0.0.1:9"
    assert "已跳过（使用默认值）：分局与窗口、打印机、社保卡读卡器、指纹采集器、界面语言" in out


def test_config_init_interactive_command_writes_the_file(app_home, monkeypatch, capsys):
    from counter_app.cli.main import main

    monkeypatch.setattr("sys.stdin", io.StringIO("-\n-\n-\n-\n-\n2\n"))
    assert main(["config", "init", "--interactive"]) == 0
    assert load_settings(app_paths().config_file).ui.language == Language.en
    assert "已写入配置" in capsys.readouterr().out
    assert main(["config", "init", "--interactive"]) == 1  # exists: not overwritten without --force


def test_settings_menu_reruns_the_steps_on_the_current_settings_and_saves_them(app_home, store, qtbot, monkeypatch):
    """设置…: the same wizard later, from the main window; its answers go to the configuration file."""
    from counter_app.app_context import AppContext, UserSession
    from counter_app.config import default_settings
    from counter_app.ui.main_window import MainWindow

    current = default_settings()
    current.office.code = "LG"
    ctx = AppContext(settings=current, paths=app_paths().ensure(), store=store, user=UserSession("clerk01", "张经办", "clerk"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    seen = []

    def fake_exec(wizard):
        seen.append(wizard.settings.office.code)  # starts from the current settings
        wizard.settings.ui.language = Language.en
        return QWizard.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", fake_exec)
    assert window.action_setup.text() == "设置…" and not window.action_setup.shortcut().isEmpty()
    window.action_setup.trigger()
    window._status_timer.stop()
    assert seen == ["LG"]
    saved = load_settings(app_paths().config_file)
    assert (saved.office.code, saved.ui.language) == ("LG", Language.en)
    assert ctx.settings.ui.language == Language.zh_CN  # the running session is not changed under it


@pytest.fixture
def no_keyring():
    """A fresh Debian / UOS without any Secret Service: keyring falls back to its fail backend."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_without_a_keyring_the_wizard_and_the_terminal_say_what_to_install(qtbot, app_home, no_keyring):
    probe = fr.probe_keyring()
    assert not probe.ok
    assert "gnome-keyring" in probe.message
    w = FirstRunWizard()
    qtbot.addWidget(w)
    label = _page(w, ui_first_run.CentralPage).keyring
    assert not label.isHidden() and "apt install gnome-keyring" in label.text()
    _, out = _run_cli([])
    assert "✗ 没有可用的系统密钥环" in out and "gnome-keyring" in out


def test_with_a_keyring_nothing_is_said_about_it(qtbot, app_home):
    assert fr.probe_keyring().ok        # the suite's explicitly allowed plaintext keyring
    w = FirstRunWizard()
    qtbot.addWidget(w)
    assert _page(w, ui_first_run.CentralPage).keyring.isHidden()
    _, out = _run_cli([])
    assert "密钥环" not in out


def test_the_store_without_a_keyring_says_what_to_install(tmp_path, no_keyring):
    from counter_app.storage.db import Store, StoreError

    with pytest.raises(StoreError, match="apt install gnome-keyring"):
        Store.open(tmp_path / "counter.sqlite3")


def test_config_init_without_a_keyring_writes_the_file_and_says_why_the_audit_failed(app_home, no_keyring, capsys):
    from counter_app.cli.main import main

    assert main(["config", "init"]) == 1
    assert app_paths().config_file.exists()
    err = capsys.readouterr().err
    assert "配置文件已写入，但未能记入本机审计日志" in err and "gnome-keyring" in err and "Traceback" not in err


def test_registration_on_a_production_centre_takes_the_supervisors_totp(qtbot, app_home, tmp_path):
    """Outside demo mode the centre wants the supervisor's 动态验证码: the wizard's field and the
    terminal's question carry it (counter-central users totp-enrol gives the authenticator's key)."""
    import os
    import re
    import subprocess
    import sys

    import pyotp

    from counter_app.config import default_settings

    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    central = start_central(db_url, tmp_path, demo=False)
    try:
        s = default_settings()
        s.central.url = central.url
        s.office.workstation_id = "FT-W77"
        # not enrolled yet: the hint is the centre's (enrol the authenticator), not "are you a supervisor?"
        not_enrolled = fr.register_workstation(s, "supervisor01", "supervisor01-demo")
        assert not not_enrolled.ok and "totp-enrol" in not_enrolled.hint, not_enrolled
        # the operator's command on the centre's host: the centre's own key files (docs/deployment.md 1.6)
        out = subprocess.run([sys.executable, "-m", "counter_central", "users", "totp-enrol", "supervisor01", "--db", db_url],
                             capture_output=True, text=True, timeout=120, check=True,
                             env=dict(os.environ, COUNTER_CENTRAL_ENTRY_KEY=str(central.entry_key_file),
                                      COUNTER_CENTRAL_PERSON_KEY=str(central.person_key_file))).stdout
        secret = re.search(r"手动输入密钥：(\S+)", out).group(1)
        refused = fr.register_workstation(s, "supervisor01", "supervisor01-demo")
        assert not refused.ok and "动态验证码" in refused.message
        w = FirstRunWizard(settings=s)
        qtbot.addWidget(w)
        page = _page(w, ui_first_run.WorkstationPage)
        page.admin_user.setText("supervisor01")
        page.admin_password.setText("supervisor01-demo")
        page.admin_totp.setText(pyotp.TOTP(secret).now())
        page.probe.button.click()
        qtbot.waitUntil(lambda: page.probe.last is not None, timeout=30000)
        assert page.probe.last.ok, page.probe.result.text()
        assert "FT-W77" in page.probe.result.text()
    finally:
        central.stop()
