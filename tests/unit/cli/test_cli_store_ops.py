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
