import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.health import FAIL, OK, WARN, Check

CLI = [sys.executable, "-m", "counter_app"]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COUNTER_APP_HOME"] = str(home)
    env["PCSCLITE_CSOCK_NAME"] = str(home / "no-pcscd.sock")  # a workstation without the PC/SC service
    env["CUPS_SERVER"] = str(home / "no-cups.sock")           # …and without a print service
    return env


@pytest.mark.integration
def test_doctor_json_answers_without_display_or_devices(tmp_path):
    (tmp_path / "config").mkdir(parents=True)
    (tmp_path / "config" / "config.toml").write_text('[central]\nurl = "http://127.0.0.1:9"\ntimeout_seconds = 2\n', encoding="utf-8")
    proc = subprocess.run(CLI + ["doctor", "--json"], env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr  # clear fails, not a crash
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    checks = {c["name"]: c for c in report["checks"]}
    for name in ("config", "data_dir", "database", "qt_platform", "notice_font", "pcsc_service", "fingerprint", "central"):
        assert name in checks, name
    for c in report["checks"]:
        assert c["status"] in (OK, WARN, FAIL)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c["message"]), c  # explained in Chinese
        if c["status"] != OK:
            assert c["hint"], c
    assert checks["qt_platform"]["status"] == WARN and "xvfb-run" in checks["qt_platform"]["hint"]
    assert checks["pcsc_service"]["status"] == FAIL
    assert checks["central"]["status"] in (WARN, FAIL) and "127.0.0.1:9" in checks["central"]["message"]


def test_doctor_reports_a_bad_config_file_by_key(tmp_path, monkeypatch):
    from counter_app.cli.diagnostics import check_config

    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("[office]\nwindow_number = 'x'\n", encoding="utf-8")
    check, settings = check_config()
    assert check.status == FAIL and "office.window_number" in check.message
    assert settings.office.window_number == 1  # doctor carries on with defaults


def test_headless_commands_do_not_import_qt(tmp_path):
    code = (
        "import sys\n"
        "from counter_app.cli.main import main\n"
        "main(['rules', 'check-id', '11010519491231002X', '--json'])\n"
        "main(['doctor', '--json', '--no-qt'])\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "NOQT", proc.stdout + proc.stderr


def test_check_serialises():
    assert Check("x", OK, "好").as_dict() == {"name": "x", "status": "ok", "message": "好", "hint": ""}


def test_a_workstation_without_a_config_file_is_a_warning_with_the_next_step(app_home, monkeypatch):
    """The defaults are the demo's (a loopback centre, FT-W01): a fresh install that was never
    configured is not 正常 (it was), and the hint names the command that configures it."""
    from counter_app.cli.diagnostics import check_config
    from counter_app.health import WARN

    monkeypatch.delenv("COUNTER_APP_CENTRAL_URL", raising=False)
    check, _ = check_config()
    assert check.status == WARN
    assert "未找到配置文件" in check.message and "http://127.0.0.1:8765" in check.message and "FT-W01" in check.message
    assert "counter-app config init --interactive" in check.hint


@pytest.mark.integration
def test_doctor_redirected_on_a_chinese_windows_code_page_writes_utf8(tmp_path):
    """Windows writes a redirected stdout in the ANSI code page (cp936, strict; simulated with
    PYTHONIOENCODING=gbk). Was: ``doctor > file`` stopped at "✔" (UnicodeEncodeError, rc 1) and
    ``doctor --json`` was GBK, not the UTF-8 JSON a script reads — and could not say 𠮷 at all."""
    home = tmp_path / "王𠮷"          # in the config path the doctor reports: not in GBK
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('[central]\nurl = "http://127.0.0.1:9"\ntimeout_seconds = 2\n',
                                                 encoding="utf-8")
    env = dict(_env(home), PYTHONIOENCODING="gbk")
    text = subprocess.run(CLI + ["doctor", "--no-qt"], env=env, capture_output=True, timeout=120)
    out = text.stdout.decode("utf-8")
    assert text.returncode == 1 and b"Traceback" not in text.stderr      # the failed checks, not a crash
    assert "✘ 失败" in out and "[central]" in out and "王𠮷" in out
    answer = subprocess.run(CLI + ["doctor", "--json", "--no-qt"], env=env, capture_output=True, timeout=120)
    report = json.loads(answer.stdout.decode("utf-8"))
    assert report["ok"] is False and any("王𠮷" in c["message"] for c in report["checks"])
    assert not (home / "log" / "counter-app-cli.log").exists() or \
        "UnicodeEncodeError" not in (home / "log" / "counter-app-cli.log").read_text(encoding="utf-8")


def test_doctor_warns_when_the_pc_clock_is_not_on_beijing_time(tmp_path):
    """A PC left on UTC shows its times 8 hours behind Beijing and judges conditions on its own date
    (办件编号, 今日办件 and the 文书's date take the Beijing day): doctor says so and names the
    setting; on Asia/Shanghai the check is ok."""
    import json

    answers = {}
    for zone in ("UTC", "Asia/Shanghai"):
        env = {**_env(tmp_path), "TZ": zone}
        proc = subprocess.run(CLI + ["doctor", "--json", "--no-qt"], env=env, capture_output=True, text=True, timeout=120)
        [check] = [c for c in json.loads(proc.stdout)["checks"] if c["name"] == "time_zone"]
        answers[zone] = check
    assert answers["UTC"]["status"] == "warn" and "UTC+0" in answers["UTC"]["message"], answers["UTC"]
    # 办件编号 take the Beijing day now: the warning no longer says they follow the PC's date
    assert "办件编号、今日办件和文书落款日期已按北京时间计算" in answers["UTC"]["message"], answers["UTC"]
    assert "仍按本机时区" in answers["UTC"]["message"]
    assert "Asia/Shanghai" in answers["UTC"]["hint"]
    assert answers["Asia/Shanghai"]["status"] == "ok", answers["Asia/Shanghai"]
