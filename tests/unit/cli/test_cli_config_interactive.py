"""``counter-app config init --interactive --force`` on a configured workstation: the questions start
from the current settings (the command the tool suggests for changing them must not reset the
rest), and an end of input before any answer (``< /dev/null``) cancels without writing."""

from __future__ import annotations

import io

import pytest

from counter_app.cli.main import main
from counter_app.config import CENTRAL_URL_ENV, Language, load_settings, save_settings
from counter_app.paths import app_paths

CUSTOM_URL = "https://si-central.lh.example:8443"


@pytest.fixture
def configured(app_home):
    """A customised configuration file: 罗湖 window 7, its own centre, printer and language."""
    from counter_app.config import default_settings

    s = default_settings()
    s.central.url = CUSTOM_URL
    s.central.timeout_seconds = 20.0
    s.office.name, s.office.code, s.office.window_number, s.office.workstation_id = "罗湖分局", "LH", 7, "LH-W07"
    s.printer.name, s.printer.copies = "HP-LH-07", 2
    s.ui.language = Language.en
    path = app_paths().ensure().config_file
    save_settings(s, path)
    return path


def test_end_of_input_before_any_answer_cancels_and_writes_nothing(configured, monkeypatch, capsys):
    before = configured.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))      # < /dev/null
    assert main(["config", "init", "--interactive", "--force"]) == 1
    out = capsys.readouterr().out
    assert "没有读到任何回答" in out and "已取消，未写入配置文件" in out
    assert "已写入配置" not in out and "使用默认值" not in out
    assert configured.read_bytes() == before


def test_the_questions_start_from_the_current_settings_and_keep_what_is_not_answered(configured, monkeypatch, capsys):
    monkeypatch.setenv(CENTRAL_URL_ENV, "http://127.0.0.1:9")    # a session override never goes into the file
    monkeypatch.setattr("sys.stdin", io.StringIO("\nn\n"))       # keep the centre, no test; then the input ends
    assert main(["config", "init", "--interactive", "--force"]) == 0
    out = capsys.readouterr().out
    assert f"[{CUSTOM_URL}]" in out
    assert "已跳过（保留原有设置）：分局与窗口、打印机、社保卡读卡器、指纹采集器、界面语言" in out
    monkeypatch.delenv(CENTRAL_URL_ENV)
    saved = load_settings(configured)
    assert (saved.central.url, saved.central.timeout_seconds) == (CUSTOM_URL, 20.0)
    assert (saved.office.code, saved.office.window_number, saved.office.workstation_id) == ("LH", 7, "LH-W07")
    assert (saved.printer.name, saved.printer.copies, saved.ui.language) == ("HP-LH-07", 2, Language.en)


def test_the_window_number_asked_shows_the_current_one(configured, monkeypatch, capsys):
    # centre kept, no test; office: name, code kept, window 8, id kept, no registration; then the input ends
    monkeypatch.setattr("sys.stdin", io.StringIO("\nn\n\n\n8\n\n\n"))
    assert main(["config", "init", "--interactive", "--force"]) == 0
    out = capsys.readouterr().out
    assert "窗口号 [7]" in out and "分局代码（大写字母或数字） [LH]" in out
    saved = load_settings(configured)
    assert (saved.office.code, saved.office.window_number, saved.central.url) == ("LH", 8, CUSTOM_URL)


def test_a_first_run_at_end_of_input_cancels_too(app_home, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["config", "init", "--interactive"]) == 1
    assert not app_paths().config_file.exists()


# --- IT finding: a step reported as skipped was written anyway ---

def test_a_step_skipped_after_some_answers_keeps_none_of_them(configured, monkeypatch, capsys):
    # centre skipped; office: name and code answered, then "-" at the window number; the rest skipped
    monkeypatch.setattr("sys.stdin", io.StringIO("-\n福田分局\nFT\n-\n-\n-\n-\n-\n"))
    assert main(["config", "init", "--interactive", "--force"]) == 0
    out = capsys.readouterr().out
    assert "已跳过：分局与窗口" in out
    saved = load_settings(configured)
    assert (saved.office.name, saved.office.code, saved.office.workstation_id) == ("罗湖分局", "LH", "LH-W07")


def test_end_of_input_inside_a_step_keeps_none_of_its_answers(configured, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("\nn\n福田分局\nFT\n"))   # the input ends in step 2
    assert main(["config", "init", "--interactive", "--force"]) == 0
    assert "分局与窗口" in capsys.readouterr().out.split("已跳过")[-1]
    saved = load_settings(configured)
    assert (saved.office.name, saved.office.code, saved.office.window_number) == ("罗湖分局", "LH", 7)


def test_an_online_login_warns_when_the_centre_holds_another_office(app_home, capsys):
    from counter_app.config import default_settings
    from counter_app.sync.auth import office_mismatch
    from counter_protocol.sync import UserInfo

    s = default_settings()
    s.office.code, s.office.workstation_id = "LH", "FT-W01"
    user = UserInfo(username="clerk01", display_name="张经办", roles=["clerk"], office_code="FT")
    said = office_mismatch(s, user)
    assert said and "LH" in said and "FT" in said and "config init" in said
    s.office.code = "FT"
    assert office_mismatch(s, user) is None


def test_init_force_keeps_the_old_file_private(configured, capsys):
    import os
    import stat

    before = configured.read_bytes()
    assert main(["config", "init", "--force"]) == 0
    out = capsys.readouterr().out
    [kept] = list(configured.parent.glob("config.toml.bak-*"))
    assert str(kept) in out and kept.read_bytes() == before
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
