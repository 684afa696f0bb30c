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


# --- IT review: a backup that is not this workstation's store is refused before anything moves ---

def _store_in_home(app_home, _migrated_template) -> Path:
    from counter_app.paths import app_paths

    db = app_paths().ensure().database_file
    shutil.copyfile(_migrated_template, db)
    Store.open(db).close()          # encrypted in place under this test's keyring
    return db


def _foreign_centre_database(path: Path) -> Path:
    """A plain SQLite file shaped like the centre's database (its own Alembic revisions)."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('c0001_initial')")
    conn.execute("CREATE TABLE users (username TEXT)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["random", "foreign"])
def test_restore_from_a_foreign_or_garbage_file_leaves_the_store_untouched(kind, app_home, _migrated_template,
                                                                           tmp_path, capsys):
    from counter_app.cli.main import main

    db = _store_in_home(app_home, _migrated_template)
    before = db.read_bytes()
    if kind == "random":      # 8 KiB of noise: whole pages and no clear header, like an encrypted file
        bad = tmp_path / "noise.bak"
        bad.write_bytes(os.urandom(8192))
    else:
        bad = _foreign_centre_database(tmp_path / "central.sqlite3")
    code = main(["store", "restore", "--backup", str(bad), "--force", "--json"])   # even when told to
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err
    answer = json.loads(out)
    assert "不能用该文件恢复" in answer["error"] and "未改动" in answer["error"]
    assert db.read_bytes() == before, "the store in place must not be replaced"
    assert not list(db.parent.glob("counter.sqlite3.corrupt-*")), "nothing is moved aside"
    assert not list(db.parent.glob("counter.sqlite3.restoring")), "no temporary file is left"
    Store.open(db).close()          # still opens


def test_restore_from_a_good_backup_still_works(app_home, _migrated_template, capsys):
    from counter_app.cli.main import main

    db = _store_in_home(app_home, _migrated_template)
    good = backup_file(db)
    code = main(["store", "restore", "--backup", str(good), "--force", "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and answer["restored_from"] == str(good)
    # the store was healthy: kept as replaced, not called damaged
    assert list(db.parent.glob("counter.sqlite3.replaced-*")) and not list(db.parent.glob("counter.sqlite3.corrupt-*"))
    Store.open(db).close()


def test_restore_over_a_healthy_store_needs_force_and_moves_nothing_without(app_home, _migrated_template, capsys):
    """Putting a healthy store back to a backup loses what was done since (unsynced entries too):
    without --force it is refused with the reason, the store stays as it was."""
    from counter_app.cli.main import main

    from tests.support.cases import clerk_service, ready_case

    db = _store_in_home(app_home, _migrated_template)
    good = backup_file(db)
    store = Store.open(db)
    try:
        ready_case(clerk_service(store), "reg_enroll")       # done since the backup (a store with no business is
    finally:                                                  # put aside without --force: test_cli_store_backup)
        store.close()
    before = db.read_bytes()
    assert main(["store", "restore", "--backup", str(good)]) == 1
    err = capsys.readouterr().err
    assert "本地数据库完好" in err and "--force" in err and "Traceback" not in err, err
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if ".corrupt-" in p.name or ".replaced-" in p.name]


def test_a_damaged_page_of_a_table_is_found_by_check_and_restored(app_home, _migrated_template, capsys):
    """Exploratory test: 8 bytes overwritten in the middle of the store (a page of a table) — ``store
    check`` said 本地数据库完好 (it only opened the store: header and schema version) while every write
    touching the page failed with "database disk image is malformed"; ``store restore`` then wanted
    --force and kept the damaged file as ``.replaced-``. The check runs SQLite's quick check now."""
    from counter_app.cli.main import main

    db = _store_in_home(app_home, _migrated_template)
    good = backup_file(db)
    assert db.stat().st_size > 300_008
    with open(db, "r+b") as fh:
        fh.seek(300_000)
        fh.write(b"\xde\xad\xbe\xef" * 2)
    assert main(["store", "check"]) == 1
    out, err = capsys.readouterr()
    assert "本地数据库已损坏（数据库文件结构损坏）" in out and str(good) in out and "完好" not in out, out
    assert main(["store", "check", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and "数据库文件结构损坏" in answer["problem"] and answer["backups"] == [str(good)]
    assert main(["store", "restore", "--json"]) == 0                     # no --force: it is damaged
    answer = json.loads(capsys.readouterr().out)
    assert answer["restored_from"] == str(good) and ".corrupt-" in answer["damaged_kept_at"]
    assert main(["store", "check", "--json"]) == 0 and json.loads(capsys.readouterr().out)["ok"] is True


def test_doctor_does_not_send_it_to_a_backup_that_is_not_there(app_home, _migrated_template):
    """IT staff report: a damaged store with no ``.bak-*`` beside it: doctor's hint said to run store
    restore, which then failed with 没有可用的备份."""
    from counter_app.cli.diagnostics import check_database

    db = _store_in_home(app_home, _migrated_template)
    good = backup_file(db)
    away = good.rename(good.parent.parent / "elsewhere")
    with open(db, "r+b") as fh:
        fh.seek(300_000)
        fh.write(b"\xde\xad\xbe\xef" * 2)
    check = check_database()
    assert check.status == "fail" and "没有可用的备份" in check.message
    assert "不要运行 counter-app store restore" in check.hint and "store restore 恢复最近" not in check.hint
    assert "口令备份" in check.hint and "技术支持" in check.hint
    away.rename(good)            # with one there, the restore is the advice
    assert "恢复最近的可用备份" in check_database().hint
