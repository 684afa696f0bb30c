"""A workstation whose home is broken (the data directory is a file, the disk is full, the home is
read-only): every command answers one Chinese sentence naming the path and the log, exit 3, never a
traceback; the traceback goes to the masked ``counter-app-cli.log`` (the IT review's findings: each
of these once ended in a Python traceback on the clerk's terminal)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.cli.main import main
from counter_app.domain.messages import DISK_FULL, NO_PERMISSION, plain_message


@pytest.fixture
def data_is_a_file(app_home):
    app_home.mkdir(parents=True)
    (app_home / "data").write_text("not a directory\n", encoding="utf-8")
    return app_home


@pytest.mark.parametrize("argv", [["sync", "status"], ["store", "check"], ["audit", "list"]])
def test_a_data_directory_that_is_a_file_is_said_in_chinese(data_is_a_file, argv, capsys):
    assert main(argv) == 3
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Errno" not in err and "FileExistsError" not in err
    assert "设备或文件操作失败" in err
    assert f"涉及的文件：{data_is_a_file / 'data'}" in err
    log = data_is_a_file / "log" / "counter-app-cli.log"
    assert f"详情见日志：{log}" in err
    assert "FileExistsError" in log.read_text(encoding="utf-8")   # the detail is kept for IT


def test_json_form_gives_one_error_object(data_is_a_file, capsys):
    assert main(["sync", "status", "--json"]) == 3
    out, _ = capsys.readouterr()
    answer = json.loads(out)
    assert "设备或文件操作失败" in answer["error"] and "Errno" not in answer["error"]


def test_sqlite_full_and_read_only_are_plain_sentences(tmp_path):
    """A real SQLite 'database or disk is full' (a page cap stands in for the full disk) is the disk
    sentence, not the vague 'database failed' one; a read-only store is the permission sentence."""
    db = sqlite3.connect(tmp_path / "full.sqlite3")
    db.execute("CREATE TABLE t (x BLOB)")
    db.commit()
    db.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError) as full:
        for _ in range(50):
            db.execute("INSERT INTO t VALUES (randomblob(4000))")
    assert plain_message(full.value) == DISK_FULL
    db.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'full.sqlite3'}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as readonly:
        ro.execute("INSERT INTO t VALUES (1)")
    assert plain_message(readonly.value) == NO_PERMISSION
    assert plain_message(OSError(30, "Read-only file system", "/x")) == NO_PERMISSION


def test_doctor_says_a_broken_home_in_chinese_and_logs_to_its_file(data_is_a_file, capsys):
    """The doctor on such a home: the data directory's reason in Chinese, no check's text in English
    (errno, the render check's own sentence), and the warnings a command logs in counter-app-cli.log,
    not as English lines on the terminal."""
    main(["doctor", "--json"])
    out, err = capsys.readouterr()
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert checks["data_dir"]["status"] == "fail"
    assert "同名文件已存在，不是目录" in checks["data_dir"]["message"]
    for check in checks.values():
        assert "Errno" not in check["message"] and "did not answer" not in check["message"], check
    assert "render host unavailable" not in err and "Traceback" not in err
    log = (data_is_a_file / "log" / "counter-app-cli.log").read_text(encoding="utf-8")
    assert "render host unavailable" in log


def test_config_init_whose_clean_up_fails_too_is_said(app_home, capsys):
    """Writing config.toml fails and so does removing its temporary file (a read-only home does
    both; here the temporary name is taken by a directory): the Chinese reason, exit 1, and the
    settings file is left as it was."""
    config_dir = app_home / "config"
    (config_dir / "config.tmp").mkdir(parents=True)
    assert main(["config", "init"]) == 1
    err = capsys.readouterr().err
    assert "config.toml" in err and "无法写入" in err and "Traceback" not in err and "Errno" not in err
    assert not (config_dir / "config.toml").exists()


def test_restore_from_a_file_that_is_no_store_prints_no_sqlcipher_lines(app_home, tmp_path, capfd):
    """SQLCipher's own 'ERROR CORE … hmac check failed' lines (written by the C library to the
    process's stderr) no longer stand beside the Chinese refusal."""
    from counter_app.cli._common import open_store

    open_store().close()          # a healthy store
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(bytes(range(256)) * 16)
    capfd.readouterr()
    assert main(["store", "restore", "--backup", str(junk), "--force"]) == 1
    err = capfd.readouterr().err
    assert "不能用该文件恢复" in err
    assert "ERROR CORE" not in err and "hmac" not in err
