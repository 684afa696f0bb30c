"""``counter-app store backup`` (a passphrase-encrypted copy for the hall's IT staff) and ``store
restore`` of it on this or another machine; checking and restoring a backup leaves no side files."""

from __future__ import annotations

import json
import shutil

from counter_app.cli.main import main
from counter_app.storage.db import Store, backup_file


def _store_in_home(app_home, template):
    from counter_app.paths import app_paths

    db = app_paths().ensure().database_file
    shutil.copyfile(template, db)
    Store.open(db).close()          # encrypted in place under this test's keyring
    return db


def _side_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm")))


def test_check_and_restore_leave_no_side_files_beside_the_backups(app_home, _migrated_template, capsys):
    """A backup is a copy of a WAL store's pages (WAL flag included): opening it read-only left a
    ``-shm`` and a ``-wal`` beside it at every check and restore."""
    db = _store_in_home(app_home, _migrated_template)
    backups = [backup_file(db), backup_file(db)]
    assert main(["store", "check", "--json"]) == 0
    assert main(["store", "restore", "--backup", str(backups[1]), "--force", "--json"]) == 0
    assert main(["store", "restore", "--force", "--json"]) == 0        # the newest, found by list_backups
    capsys.readouterr()
    beside = [n for n in _side_files(db.parent) if ".bak-" in n or ".restoring" in n]
    assert beside == [], beside
    for backup in backups:
        assert backup.exists()
