"""Bad input to ``counter-app login`` and ``sync run``/``agent`` options: a Chinese message (JSON
under --json) and a non-zero exit, never a pydantic / EOFError / ConfigError traceback. The
centre's limits on a login (64-character username, 256-character password, UTF-8 text) are said
before anything is sent; the failed attempt's audit record stays sendable to the centre."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from counter_app.cli.main import main


def _stdin(data: bytes):
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")


def _login(monkeypatch, capsys, username: str, stdin, *extra: str) -> tuple[int, dict]:
    monkeypatch.setattr("sys.stdin", stdin)
    code = main(["login", username, "--password-stdin", "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_overlong_username_is_refused_in_chinese_and_audited_within_the_centres_limits(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "u" * 20000, _stdin(b"clerk01-demo\n"))
    assert code == 1 and out == {"error": "用户名太长（最多 64 个字符），请核对"}
    from counter_app.cli._common import open_store
    from counter_app.storage import audit
    from counter_protocol.audit import AuditBatch

    store = open_store()
    try:
        with store.session() as s:
            unsent = audit.unsynced(s, 100)
    finally:
        store.close()
    failed = [r for r in unsent if r["action"] == "login.failed"]
    assert len(failed) == 1 and len(failed[0]["actor"]) <= 64
    AuditBatch.model_validate({"records": unsent})   # what the sync sends: the centre's limits hold


def test_three_megabyte_password_is_refused_without_reading_it_whole(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "clerk01", _stdin(b"a" * 3_000_000 + b"\n"))
    assert code == 1 and out == {"error": "密码太长（最多 256 个字符），请核对"}


def test_a_password_just_over_the_limit_is_refused(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "clerk01", _stdin(b"a" * 257 + b"\n"))
    assert code == 1 and out == {"error": "密码太长（最多 256 个字符），请核对"}


def test_a_password_that_is_not_utf8_is_refused(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "clerk01", _stdin(b"\xff\xfe\xfd\n"))
    assert code == 1 and out == {"error": "密码含有无法识别的字符（不是 UTF-8 文本），请重新输入"}


def test_a_username_that_is_not_text_is_refused(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "clerk\udcff01", _stdin(b"pw\n"))
    assert code == 1 and out == {"error": "用户名含有无法识别的字符，请重新输入"}


def test_password_stdin_at_end_of_input(app_home, monkeypatch, capsys):
    code, out = _login(monkeypatch, capsys, "clerk01", _stdin(b""))
    assert code == 1 and "没有读到密码" in out["error"]


def test_login_without_password_stdin_and_no_terminal_says_so(app_home):
    """``counter-app login clerk01 < /dev/null`` in a session without a terminal: no EOFError."""
    from tests.support.cli import REPO, cli_env

    r = subprocess.run([sys.executable, "-m", "counter_app", "login", "clerk01", "--json"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, env=cli_env(app_home), cwd=REPO, timeout=120,
                       start_new_session=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "没有读到密码" in json.loads(r.stdout)["error"]


def test_authenticate_once_checks_the_approvers_credentials_first(store):
    from counter_app.config import default_settings
    from counter_app.sync.auth import AuthManager, LoginError

    auth = AuthManager(store, default_settings(), client_factory=lambda: pytest.fail("nothing may be sent"))
    with pytest.raises(LoginError, match="^审批人的用户名太长"):
        auth.authenticate_once("s" * 65, "pw")
    with pytest.raises(LoginError, match="^审批人的密码太长"):
        auth.authenticate_once("supervisor01", "p" * 257)


@pytest.mark.parametrize(("option", "said"), [
    ("--central-url=notaurl", "--central-url 不是有效的中心服务地址"),
    ("--settings-json={bad", "窗口传来的设置（--settings-json）不是合法的 JSON"),
    ("--settings-json=[]", "窗口传来的设置（--settings-json）设置有误"),
    ("--settings-json={\"office\": {\"window_number\": 0}}", "office.window_number"),
])
def test_sync_run_bad_options_are_said_in_chinese(app_home, capsys, option, said):
    assert main(["sync", "run", "--json", option]) == 2
    assert said in json.loads(capsys.readouterr().out)["error"]
    assert main(["sync", "run", option]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "Expecting" not in err


def test_sync_agent_bad_options_stop_it_with_the_message(app_home):
    from tests.support.cli import run_cli

    r = run_cli(app_home, "sync", "agent", "--central-url=notaurl", own_keyring=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--central-url 不是有效的中心服务地址" in r.stderr


def test_a_failed_login_says_who_is_still_signed_in(signed_in, monkeypatch, capsys):
    """clerk01 is signed in; another user's attempt fails: the answer says the CLI still acts as
    clerk01 (its write commands record them), in JSON and in text."""
    code, out = _login(monkeypatch, capsys, "clerk02", _stdin(b""))
    assert code == 1 and out["still_signed_in"] == "clerk01" and "没有读到密码" in out["error"]
    monkeypatch.setattr("sys.stdin", _stdin(b""))
    assert main(["login", "clerk02", "--password-stdin"]) == 1
    err = capsys.readouterr().err
    assert "登录失败" in err and "本机仍由 clerk01 登录" in err and "counter-app logout" in err
    code, out = _login(monkeypatch, capsys, "clerk01", _stdin(b""))       # the same user: nothing to add
    assert code == 1 and "still_signed_in" not in out
