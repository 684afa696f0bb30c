"""IT staff's workstation findings about the local store at the command line: a store of a newer
version is never restored over, a damaged page is damage (not an unexpected error), a full disk is
said as such, the online backup a restore takes, a locked keyring in doctor."""

from __future__ import annotations

import json
import shutil

import pytest

from counter_app.cli.main import main
from counter_app.storage.db import Store, backup_file
from tests.support.store_files import keyed_connect


def _store_in_home(app_home, template):
    from counter_app.paths import app_paths

    db = app_paths().ensure().database_file
    shutil.copyfile(template, db)
    Store.open(db).close()          # encrypted in place under this test's keyring
    return db


def _written_by_a_newer_version(db) -> None:
    con = keyed_connect(db)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.close()


# --- 1. a store written by a newer version after a downgrade is not damaged ---

def test_check_of_a_too_new_store_names_the_newer_version_and_offers_no_backup(app_home, _migrated_template, capsys):
    db = _store_in_home(app_home, _migrated_template)
    backup_file(db)
    _written_by_a_newer_version(db)
    assert main(["store", "check"]) == 1
    out = capsys.readouterr().out
    assert "更新版本" in out and "可用备份" not in out and "不要用备份恢复" in out, out
    assert main(["store", "check", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and answer["damaged"] is False and answer["restore_advised"] is False
    assert "更新版本" in answer["problem"]


@pytest.mark.parametrize("force", [False, True])
def test_restore_refuses_a_too_new_store_and_moves_nothing(force, app_home, _migrated_template, capsys):
    db = _store_in_home(app_home, _migrated_template)
    backup_file(db)
    _written_by_a_newer_version(db)
    before = db.read_bytes()
    code = main(["store", "restore", "--json"] + (["--force"] if force else []))
    answer = json.loads(capsys.readouterr().out)
    assert code == 1
    assert "更新版本" in answer["error"] and "未改动" in answer["error"]
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if ".corrupt-" in p.name or ".replaced-" in p.name]


# --- 4. a damaged page met by a command is the damaged-store message (exit 3), doctor finds it ---

def _damaged_page(db, table: str = "") -> None:
    """8 bytes overwritten in the middle of a page: the root pages of ``table`` and its indexes, else
    the page at 300,000."""
    con = keyed_connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")        # every page in the file, none in the WAL
    page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
    roots = [int(r[0]) for r in con.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0",
                                            (table,))] if table else []
    con.close()
    offsets = [(root - 1) * page_size + page_size // 2 for root in roots] or [300_000]
    with open(db, "r+b") as fh:
        for offset in offsets:
            fh.seek(offset)
            fh.write(b"\xde\xad\xbe\xef" * 2)


def test_a_command_meeting_a_damaged_page_says_the_store_is_damaged_and_names_the_backup(
        app_home, _migrated_template, capsys):
    from tests.conftest import sign_in

    db = _store_in_home(app_home, _migrated_template)
    sign_in("clerk01")
    good = backup_file(db)
    _damaged_page(db, "cases")
    code = main(["case", "list", "--json"])           # opens (header, schema) and reads the damaged page
    out, err = capsys.readouterr()
    assert code == 3, (out, err)
    answer = json.loads(out)
    assert "本地数据库已损坏" in answer["error"] and str(good) in answer["error"]
    assert "store restore" in answer["error"] and "意外错误" not in answer["error"]


def test_doctor_finds_a_damaged_page(app_home, _migrated_template, capsys):
    from counter_app.cli.diagnostics import check_database

    db = _store_in_home(app_home, _migrated_template)
    assert check_database().status == "ok"
    backup_file(db)
    _damaged_page(db)
    check = check_database()
    assert check.status == "fail" and "本地数据库已损坏" in check.message and "store restore" in check.hint


def test_doctor_probe_is_bounded(app_home, _migrated_template):
    from counter_app.storage.db import _existing_key, probe_damage

    db = _store_in_home(app_home, _migrated_template)
    assert probe_damage(db, _existing_key()) == (None, True)
    assert probe_damage(db, _existing_key(), seconds=-1) == (None, False)     # stopped, nothing found


def test_sqlciphers_memory_error_from_a_statement_is_damage(store):
    from sqlalchemy import event, text

    from counter_app.storage.db import damage_in

    @event.listens_for(store.engine, "before_cursor_execute")
    def _page_does_not_decrypt(*_a):
        raise MemoryError

    with pytest.raises(MemoryError) as caught:
        with store.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM meta"))
    assert damage_in(caught.value) == "数据库文件结构损坏"
    try:
        raise MemoryError
    except MemoryError as elsewhere:         # the interpreter out of memory, not the store
        assert damage_in(elsewhere) is None


# --- 7. a locked keyring is said as such by doctor ---

class _LockedKeyring:
    priority = 1

    def get_password(self, service, username):
        from keyring.errors import KeyringLocked

        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password


def test_doctor_says_the_keyring_is_locked(app_home, _migrated_template, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    from counter_app.cli.diagnostics import check_database
    from counter_app.storage.crypto import forget_cached_keys
    from counter_app.sync.checks import keyring_check

    _store_in_home(app_home, _migrated_template)
    locked = type("Locked", (_LockedKeyring, KeyringBackend), {})()
    previous = keyring.get_keyring()
    keyring.set_keyring(locked)
    try:
        forget_cached_keys()
        db, kr = check_database(), keyring_check()
    finally:
        keyring.set_keyring(previous)
    assert db.status == "fail" and "系统密钥环已锁定" in db.message and "没有它的密钥" not in db.message
    assert kr.status == "fail" and "系统密钥环已锁定" in kr.message


# --- 5. a full disk at opening is said as a full disk, not as damage ---

def test_a_disk_io_error_on_a_full_disk_is_said_as_a_full_disk(app_home, _migrated_template, monkeypatch, capsys):
    import os
    import sqlite3

    from counter_app.storage import db as dbmod

    _store_in_home(app_home, _migrated_template)
    real = dbmod.current_revisions

    def io_error(engine):
        raise sqlite3.OperationalError("disk I/O error")

    class _Full:
        f_bavail, f_frsize = 0, 4096

    monkeypatch.setattr(dbmod, "current_revisions", io_error)
    monkeypatch.setattr(os, "statvfs", lambda p: _Full())
    assert main(["store", "check", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert "磁盘空间已满" in answer["problem"] and "disk I/O" not in answer["problem"]
    assert answer["damaged"] is False and answer["restore_advised"] is False
    monkeypatch.setattr(dbmod, "current_revisions", real)
    assert dbmod.disk_full(app_home, sqlite3.OperationalError("disk I/O error"))
    assert not dbmod.disk_full(app_home, sqlite3.OperationalError("database is locked"))
