"""#16 finding 12: a truncated or empty store is refused with a Chinese message, the last good
backup is offered, and nothing is recreated silently."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.storage.db import Store, StoreCorruptError, backup_file

CLI = [sys.executable, "-m", "counter_app"]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["COUNTER_APP_HOME"] = str(home)
    return env


def _home_with_store(tmp_path, template) -> tuple[Path, Path]:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    db = home / "data" / "counter.sqlite3"
    shutil.copyfile(template, db)
    return home, db


def test_truncated_store_is_refused_with_the_last_good_backup_offered(_migrated_template, tmp_path):
    path = tmp_path / "counter.sqlite3"
    shutil.copyfile(_migrated_template, path)
    good = backup_file(path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size // 3 + 100)
    with pytest.raises(StoreCorruptError) as err:
        Store.open(path)
    assert "损坏" in str(err.value) and str(good) in str(err.value)
    assert err.value.backups[0] == good


def test_empty_store_is_refused_and_not_recreated(tmp_path):
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(StoreCorruptError) as err:
        Store.open(path)
    assert "损坏" in str(err.value) or "为空" in str(err.value)
    assert err.value.backups == []
    assert path.stat().st_size == 0  # nothing recreated


def test_a_file_that_is_no_database_is_refused(tmp_path):
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"not a database at all\n" * 300)
    with pytest.raises(StoreCorruptError):
        Store.open(path)


@pytest.mark.integration
def test_cli_says_it_in_chinese_without_traceback_and_restores_the_backup(_migrated_template, tmp_path):
    home, db = _home_with_store(tmp_path, _migrated_template)
    good = backup_file(db)
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 7)
    proc = subprocess.run(CLI + ["queue", "list"], env=_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) <= 6, proc.stderr
    assert "损坏" in proc.stderr and "counter-app store restore" in proc.stderr and good.name in proc.stderr

    proc = subprocess.run(CLI + ["store", "check", "--json"], env=_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["backups"][0].endswith(good.name)

    proc = subprocess.run(CLI + ["store", "restore"], env=_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert list(db.parent.glob("counter.sqlite3.corrupt-*")), "the damaged file is kept aside, not deleted"
    proc = subprocess.run(CLI + ["queue", "list"], env=_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.integration
def test_cli_on_an_empty_store_refuses_and_leaves_it(tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    db = home / "data" / "counter.sqlite3"
    db.write_bytes(b"")
    proc = subprocess.run(CLI + ["queue", "list"], env=_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "没有可用的备份" in proc.stderr
    assert db.stat().st_size == 0
