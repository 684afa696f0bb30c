"""A command refused for its configuration says where the bad value is and what to do: a bad
COUNTER_APP_CENTRAL_URL is the variable's (the file needs nothing), and the file is never to be deleted
(its 工作站编号 and office would go with it)."""

from __future__ import annotations

import json

from counter_app.cli.main import main


def _error(capsys, *argv) -> str:
    code = main([*argv, "--json"])
    assert code == 1
    return json.loads(capsys.readouterr().out)["error"]


def test_a_bad_central_url_variable_is_blamed_on_the_variable(app_home, monkeypatch, capsys):
    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", "ftp://x")
    error = _error(capsys, "sync", "status")
    assert "环境变量 COUNTER_APP_CENTRAL_URL" in error and "unset COUNTER_APP_CENTRAL_URL" in error
    assert "修改配置文件" not in error and "删除" not in error and "中心地址编号和传送" not in error, error


def test_a_bad_file_is_to_be_corrected_never_deleted(app_home, capsys):
    from counter_app.paths import app_paths

    config = app_paths().ensure().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[central]\nurl = "ftp://x"\n', encoding="utf-8")
    error = _error(capsys, "sync", "status")
    assert "修改配置文件" in error and "不要删除配置文件" in error and "环境变量" not in error, error
