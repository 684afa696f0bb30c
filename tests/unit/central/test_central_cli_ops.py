"""Operations staff's findings on the centre's command line: each says what is wrong in Chinese
(no traceback, no 出现意外错误) and creates nothing it was not asked to create."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_central.cli import main

ROOT = Path(__file__).resolve().parents[3]


def _run(capsys, *argv):
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    from counter_central import __version__

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and f"counter-central {__version__}" in capsys.readouterr().out


def test_users_help_names_every_action(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())     # argparse wraps long help lines
    line = out[out.index("用户管理"):out.index("用户管理") + 120]
    assert "set-level" in line.replace("set- level", "set-level") and "totp-enrol" in line


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_serve_on_an_impossible_port_is_said(port, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", port, "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "端口应为 1–65535" in err and "Traceback" not in err
    assert not (tmp_path / "c.sqlite3").exists()


@pytest.mark.parametrize("command", [["serve"], ["seed"], ["migrate"], ["users", "list"]])
def test_a_database_system_the_centre_does_not_support_is_said(command, capsys):
    code, _, err = _run(capsys, *command, "--db", "mysql://x")
    assert code == 2 and "不支持的数据库类型：mysql" in err and "意外错误" not in err


@pytest.mark.parametrize("command", [["serve"], ["seed"], ["migrate"]])
def test_an_sqlite_path_in_a_missing_directory_creates_nothing(command, tmp_path, capsys):
    target = tmp_path / "no" / "such" / "central.sqlite3"
    code, _, err = _run(capsys, *command, "--db", f"sqlite:///{target}")
    assert code == 2 and "数据库文件所在的目录不存在" in err
    assert not (tmp_path / "no").exists()


def test_migrate_into_a_missing_backup_directory_fails_as_documented(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    code, _, err = _run(capsys, "migrate", "--db", db, "--backup-dir", str(tmp_path / "nonexistent"))
    assert code == 1 and "备份失败" in err and "备份目录不存在" in err
    assert not (tmp_path / "nonexistent").exists()


def test_essc_issue_on_a_missing_database_file_creates_none(tmp_path, capsys):
    missing = tmp_path / "missing.sqlite3"
    code, _, err = _run(capsys, "essc", "issue", "--id", "440303195207012253", "--db", f"sqlite:///{missing}")
    assert code == 2 and "中心数据库文件不存在" in err and not missing.exists()


def test_a_missing_database_file_points_a_new_centre_to_migrate_not_to_the_demo_seed(tmp_path, capsys):
    """``seed`` on SQLite makes the demo accounts with their published passwords: a production centre
    is built with ``migrate`` (docs/deployment.md 1.2)."""
    missing = tmp_path / "nofile.sqlite3"
    code, _, err = _run(capsys, "users", "list", "--db", f"sqlite:///{missing}")
    assert code == 2 and "新装的中心先运行 counter-central migrate 建库" in err, err
    assert "演示、培训用才运行 seed" in err and "先运行 counter-central seed" not in err
    assert not missing.exists()


def test_audit_list_refuses_a_bad_limit_and_names_an_unknown_chain(tmp_path, capsys):
    db = f"--db=sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["seed", db]) == 0
    with pytest.raises(SystemExit) as stop:
        main(["audit", "list", "--limit", "-5", db])
    assert stop.value.code == 2 and "正整数" in capsys.readouterr().err
    code, out, err = _run(capsys, "audit", "list", "--chain", "NOPE", db, "--json")
    assert code == 1 and "没有记录链 NOPE" in json.loads(out)["error"] and "@centre" in err
    assert _run(capsys, "audit", "list", "--chain", "@centre", db)[0] == 0


def test_seed_says_it_is_demo_data_and_prints_only_the_passwords_it_set(tmp_path, capsys, monkeypatch):
    import io

    db = f"--db=sqlite:///{tmp_path / 'c.sqlite3'}"
    code, _, err = _run(capsys, "seed", db)
    assert code == 0 and "演示数据" in err and "正式的中心不要运行" in err and "clerk01 / clerk01-demo" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-password-2026\n"))
    assert main(["users", "reset-password", "clerk01", "--password-stdin", db]) == 0
    code, _, err = _run(capsys, "seed", db)
    assert code == 0 and "clerk01-demo" not in err and "已存在的演示账号未改动" in err and "clerk01" in err


def test_seed_refuses_postgresql_without_demo(capsys):
    # refused before any connection: the URL names no reachable server
    code, _, err = _run(capsys, "seed", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert code == 2 and "演示数据" in err and "--demo" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_second_serve_on_the_same_sqlite_file_is_refused(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    first = subprocess.Popen([sys.executable, "-m", "counter_central", "serve", "--port", str(_free_port()), "--db", db],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        lock = tmp_path / "c.sqlite3.serve.lock"
        deadline = time.time() + 60
        while time.time() < deadline and not (lock.exists() and lock.read_text(encoding="utf-8")):
            time.sleep(0.1)
        assert lock.read_text(encoding="utf-8") == f"进程 {first.pid}"
        second = subprocess.run([sys.executable, "-m", "counter_central", "serve", "--port", str(_free_port()),
                                 "--db", db], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert second.returncode == 1
        assert "另一个中心服务进程" in second.stderr and str(first.pid) in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_the_production_path_needs_no_demo_data(tmp_path, capsys, monkeypatch):
    """docs/deployment.md 1.2: migrate, the real offices and accounts, no `seed`."""
    import io

    db = f"--db=sqlite:///{tmp_path / 'c.sqlite3'}"
    assert _run(capsys, "migrate", db)[0] == 0
    code, out, _ = _run(capsys, "offices", "add", "FT", "--name", "福田分局", db, "--json")
    assert code == 0 and json.loads(out) == {"code": "FT", "name": "福田分局"}
    code, _, err = _run(capsys, "offices", "add", "FT", "--name", "福田", db)
    assert code == 1 and "已存在" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("a-real-admin-password-2026\n"))
    assert main(["users", "add", "szadmin", "--office", "FT", "--role", "admin", "--password-stdin", db]) == 0
    code, out, _ = _run(capsys, "users", "list", db, "--json")
    assert [u["username"] for u in json.loads(out)] == ["szadmin"]          # no demo account
    code, out, _ = _run(capsys, "audit", "list", db, "--json")
    assert [r["action"] for r in json.loads(out)][:3] == ["office.add", "office.add", "user.add"]
    assert [r["result"] for r in json.loads(out)][:2] == ["ok", "refused"]
