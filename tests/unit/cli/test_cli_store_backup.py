"""``counter-app store backup`` (a passphrase-encrypted copy for the hall's IT staff) and ``store
restore`` of it on this or another machine; checking and restoring a backup leaves no side files."""

from __future__ import annotations

import json
import shutil

import pytest

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


# --- store backup / store restore of a passphrase backup ---

PASSPHRASE = "福田大厅 备份 2026 冬"          # 16 characters
NAME = "欧阳备份测"                          # a seeded applicant: must never be readable from the file
ID_NUMBER = "440304196512150012"


def _run(monkeypatch, argv, stdin: str | None = None) -> int:
    import io

    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def _seeded_store(app_home, template, tmp_path):
    """This workstation's store with one case of NAME, and a photo sealed with the store's data key
    and a fingerprint blob sealed with the biometrics key (the keys a new machine does not have)."""
    from counter_app.storage.crypto import cipher_for, store_cipher
    from tests.support.cases import clerk_service, ready_case

    db = _store_in_home(app_home, template)
    store = Store.open(db)
    try:
        ready_case(clerk_service(store), "reg_enroll", applicant={"name": NAME, "id_number": ID_NUMBER})
        photo = store_cipher(store).encrypt(b"photo bytes", b"aad")
        template_blob = cipher_for("biometrics").seal(b"template bytes", b"fp")
    finally:
        store.close()
    return db, photo, template_blob


def _move_to_another_machine(monkeypatch, tmp_path, name="new-machine"):
    """Another COUNTER_APP_HOME and another keyring (XDG_DATA_HOME): a fresh machine with no keys."""
    from counter_app.storage.crypto import forget_cached_keys

    home = tmp_path / name
    monkeypatch.setenv("COUNTER_APP_HOME", str(home / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    forget_cached_keys()
    return home / "home"


def _case_names(db):
    from tests.support.store_files import keyed_connect

    def readable(value):
        try:
            return json.dumps(json.loads(value), ensure_ascii=False)      # a JSON column: its \\u escapes read
        except (TypeError, ValueError):
            return str(value)

    con = keyed_connect(db)
    try:
        rows = con.execute("SELECT a.name, a.id_number, c.case_no FROM case_applicants a JOIN cases c ON c.id = a.case_id")
        return "\n".join(readable(v) for row in rows.fetchall() for v in row)
    finally:
        con.close()


def test_backup_then_restore_on_a_fresh_machine_with_another_keyring_key(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from counter_app.paths import app_paths
    from counter_app.storage.crypto import cipher_for, store_cipher, store_key

    db, photo, template_blob = _seeded_store(app_home, _migrated_template, tmp_path)
    old_key = store_key(create=False)
    assert NAME in _case_names(db)
    target = tmp_path / "usb" / "FT-W01.ccbak"
    target.parent.mkdir()
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    made = json.loads(capsys.readouterr().out)
    assert made["ok"] and made["workstation_id"] == "FT-W01" and made["office_code"] == "FT"
    assert made["schema_revisions"] and made["created_at"] and made["program_version"]
    assert (target.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["FT-W01.ccbak"]     # no partial file left

    new_home = _move_to_another_machine(monkeypatch, tmp_path)
    assert store_key(create=False) is None                       # the new machine's keyring is empty
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["workstation_id"] == "FT-W01" and answer["configured"] is False
    new_db = app_paths().database_file
    assert str(new_db).startswith(str(new_home))
    new_key = store_key(create=False)
    assert new_key is not None and new_key != old_key          # re-keyed to this machine's own key
    assert NAME in _case_names(new_db)                         # the case survived
    store = Store.open(new_db)
    try:
        assert store_cipher(store).decrypt(photo, b"aad") == b"photo bytes"       # the data key came along
        assert cipher_for("biometrics").open(template_blob, b"fp") == b"template bytes"
    finally:
        store.close()
    assert main(["store", "check", "--json"]) == 0
    assert not [p.name for p in new_db.parent.iterdir() if p.name.startswith(".restore") or ".restoring" in p.name]


def test_the_backup_is_unreadable_without_the_passphrase(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    import sqlcipher3

    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import raw_connect
    from counter_app.storage.store_backup import read_header

    db, _photo, _blob = _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    data = target.read_bytes()
    for secret in (NAME, ID_NUMBER, PASSPHRASE):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert secret.encode(encoding) not in data, (secret, encoding)
    assert b"SQLite format 3" not in data
    # the database part does not open with this machine's keyring key (nor with none)
    header = read_header(target)
    part = tmp_path / "part.sqlite3"
    part.write_bytes(data[header.db_offset:])
    for key in (store_key(create=False), None):
        con = raw_connect(part, key, settled=True)
        try:
            with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
                con.execute("SELECT count(*) FROM cases").fetchall()
        finally:
            con.close()
    # nor the whole file as a store
    con = raw_connect(target, store_key(create=False), settled=True)
    try:
        with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
            con.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        con.close()


def test_a_wrong_passphrase_is_refused_and_the_store_is_untouched(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    db, _photo, _blob = _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    capsys.readouterr()
    before = db.read_bytes()
    code = _run(monkeypatch, ["store", "restore", "--backup", str(target), "--force", "--passphrase-stdin"],
                "福田大厅 备份 2026 夏\n")
    err = capsys.readouterr().err
    assert code == 1
    assert "备份口令不正确" in err and "未改动" in err and "Traceback" not in err, err
    assert db.read_bytes() == before
    assert not [p.name for p in db.parent.iterdir() if ".replaced-" in p.name or ".restor" in p.name]
    # on a fresh machine too: nothing is made, no key is left in the keyring
    _move_to_another_machine(monkeypatch, tmp_path)
    from counter_app.paths import app_paths
    from counter_app.storage.crypto import store_key

    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin", "--json"],
                "not the passphrase at all\n") == 1
    assert "备份口令不正确" in json.loads(capsys.readouterr().out)["error"]
    assert not app_paths().database_file.exists() and store_key(create=False) is None


@pytest.mark.parametrize("passphrase", ["short pass", "aaaaaaaaaaaaaaaa", ""])
def test_a_short_or_trivial_passphrase_is_refused(passphrase, app_home, _migrated_template, tmp_path, monkeypatch,
                                                  capsys):
    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    code = _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], passphrase + "\n")
    err = capsys.readouterr().err
    assert code == 2
    assert ("太短" in err and "12" in err) or "过于简单" in err, err
    assert not target.exists() and list(tmp_path.glob(".b.ccbak*")) == []


def test_the_passphrase_is_never_an_argument_and_a_pipe_without_the_option_is_refused(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from counter_app.cli import store as store_cli
    from counter_app.storage import store_backup

    assert store_cli.MIN_PASSPHRASE == store_backup.MIN_PASSPHRASE
    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    with pytest.raises(SystemExit):
        main(["store", "backup", "--to", str(target), "--passphrase", PASSPHRASE])
    capsys.readouterr()
    assert _run(monkeypatch, ["store", "backup", "--to", str(target)], PASSPHRASE + "\n") == 2   # stdin no TTY
    assert "--passphrase-stdin" in capsys.readouterr().err
    assert not target.exists()


def test_an_existing_file_is_not_overwritten_without_force(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    target.write_bytes(b"last week's backup")
    code = _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n")
    err = capsys.readouterr().err
    assert code == 1 and "文件已存在" in err and "--force" in err
    assert target.read_bytes() == b"last week's backup"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin", "--force"],
                PASSPHRASE + "\n") == 0
    from counter_app.storage.store_backup import is_passphrase_backup

    assert is_passphrase_backup(target) and (target.stat().st_mode & 0o777) == 0o600


def test_another_workstations_backup_is_refused_on_a_configured_machine(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from counter_app.paths import app_paths

    _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    _move_to_another_machine(monkeypatch, tmp_path)
    paths = app_paths().ensure()
    paths.config_file.write_text('[office]\nworkstation_id = "FT-W07"\n', encoding="utf-8")
    capsys.readouterr()
    code = _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n")
    err = capsys.readouterr().err
    assert code == 1
    assert "FT-W01" in err and "FT-W07" in err and "未改动" in err, err
    assert not paths.database_file.exists()
    # the same id configured: accepted
    paths.config_file.write_text('[office]\nworkstation_id = "FT-W01"\n', encoding="utf-8")
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    assert json.loads(capsys.readouterr().out)["configured"] is True
    assert NAME in _case_names(paths.database_file)


def test_a_machine_configured_first_takes_the_backup_without_force(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    """docs/deployment.md, moving a workstation: 「configure first with the same number, then restore」
    was refused (「本地数据库完好…请加 --force」): `config init` had made an empty store. A store that
    holds nothing done at the counter is put aside without --force; one with a case still needs it."""
    from counter_app.paths import app_paths

    _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    _move_to_another_machine(monkeypatch, tmp_path)
    assert main(["config", "init"]) == 0
    paths = app_paths()
    assert 'workstation_id = "FT-W01"' in paths.config_file.read_text(encoding="utf-8")   # the backup's number
    assert paths.database_file.exists()                      # config init made its store (and its audit record)
    capsys.readouterr()
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0, capsys.readouterr().err
    answer = json.loads(capsys.readouterr().out)
    assert answer["configured"] is True and ".replaced-" in answer["damaged_kept_at"]
    assert NAME in _case_names(paths.database_file)
    # now it holds the case: another restore over it asks for --force again
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    assert "本地数据库完好" in capsys.readouterr().err


def test_restore_of_a_passphrase_backup_keeps_the_refusals(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    """A healthy store needs --force; a damaged (truncated) backup is refused, the store untouched."""
    db, _photo, _blob = _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    capsys.readouterr()
    before = db.read_bytes()
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    assert "本地数据库完好" in capsys.readouterr().err
    cut = tmp_path / "cut.ccbak"
    cut.write_bytes(target.read_bytes()[: target.stat().st_size - 4096])
    assert _run(monkeypatch, ["store", "restore", "--backup", str(cut), "--force", "--passphrase-stdin"],
                PASSPHRASE + "\n") == 1
    err = capsys.readouterr().err
    assert "不完整" in err and "未改动" in err, err
    assert db.read_bytes() == before
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--force", "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    answer = json.loads(capsys.readouterr().out)
    assert ".replaced-" in answer["damaged_kept_at"]


def test_a_backup_of_a_newer_schema_is_refused(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from tests.support.store_files import keyed_connect

    db = _store_in_home(app_home, _migrated_template)
    con = keyed_connect(db)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.close()
    target = tmp_path / "b.ccbak"
    from counter_app.storage.store_backup import make_backup

    make_backup(db, target, PASSPHRASE, workstation_id="FT-W01", office_code="FT", program_version="9.0")
    _move_to_another_machine(monkeypatch, tmp_path)
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    err = capsys.readouterr().err
    assert "更新版本" in err and "9999_future" in err, err


def _audit_rows(db):
    from tests.support.store_files import keyed_connect

    con = keyed_connect(db)
    try:
        return con.execute("SELECT action, result, object_id, detail FROM audit_records ORDER BY seq").fetchall()
    finally:
        con.close()


def test_backup_and_restore_are_audited(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from counter_app.paths import app_paths

    db, _photo, _blob = _seeded_store(app_home, _migrated_template, tmp_path)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    backups = [r for r in _audit_rows(db) if r[0] == "store.backup"]
    assert len(backups) == 1 and backups[0][1] == "ok" and backups[0][2] == str(target)
    assert PASSPHRASE not in backups[0][3]
    assert not [r for r in _audit_rows(db) if r[0] == "store.restored"]
    # restored on another machine: the restored store's trail says so, after the backup's records
    _move_to_another_machine(monkeypatch, tmp_path)
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    rows = _audit_rows(app_paths().database_file)
    assert rows[-1][0] == "store.restored" and rows[-1][1] == "ok" and "FT-W01" in rows[-1][3]
    assert rows[-1][2] == str(target) and "本机原无数据库" in rows[-1][3]
    assert len(rows) > 1            # the backup's own trail came along; the record goes on from it
    capsys.readouterr()
    assert main(["audit", "verify", "--offline", "--json"]) == 0, capsys.readouterr()


def test_an_automatic_backup_restore_is_audited_too(app_home, _migrated_template, capsys):
    db = _store_in_home(app_home, _migrated_template)
    good = backup_file(db)
    assert main(["store", "restore", "--backup", str(good), "--force", "--json"]) == 0
    rows = [r for r in _audit_rows(db) if r[0] == "store.restored"]
    assert len(rows) == 1 and rows[0][1] == "ok" and rows[0][2] == str(good)


def test_the_backup_is_taken_while_another_connection_writes(app_home, _migrated_template, tmp_path):
    """Online: a writer in the middle of a transaction (the window saving a case) neither blocks the
    backup nor leaks its uncommitted rows into it; what was committed is in it."""
    from counter_app.storage.db import raw_connect
    from counter_app.storage.store_backup import make_backup, open_backup
    from tests.support.store_files import keyed_connect

    db = _store_in_home(app_home, _migrated_template)
    writer = keyed_connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("INSERT INTO meta(key, value) VALUES ('test.committed', '1')")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO meta(key, value) VALUES ('test.uncommitted', '1')")
    try:
        target = tmp_path / "b.ccbak"
        make_backup(db, target, PASSPHRASE, workstation_id="FT-W01", office_code="FT", program_version="t")
    finally:
        writer.execute("COMMIT")
        writer.close()
    opened = open_backup(target, PASSPHRASE, tmp_path)
    try:
        con = raw_connect(opened.db_file, opened.db_key, settled=True)
        keys = {r[0] for r in con.execute("SELECT key FROM meta WHERE key LIKE 'test.%'")}
        con.close()
    finally:
        opened.discard()
    assert keys == {"test.committed"}


def test_the_windows_restore_path_names_a_passphrase_backup_for_what_it_is(app_home, _migrated_template, tmp_path):
    """The window's restore (db.restore_backup, no passphrase) said 文件被截断 of a passphrase backup."""
    from counter_app.storage.db import StoreError, restore_backup
    from counter_app.storage.store_backup import make_backup

    db = _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    make_backup(db, target, PASSPHRASE, workstation_id="FT-W01", office_code="FT", program_version="t")
    before = db.read_bytes()
    with pytest.raises(StoreError) as err:
        restore_backup(db, target, aside_label="replaced")
    assert "口令" in str(err.value) and "store restore --backup" in str(err.value) and "截断" not in str(err.value)
    assert db.read_bytes() == before


@pytest.mark.parametrize("line", [
    "store backup --to={f}/adir --json",
    "store backup --to={f}/adir",
    "store backup --to={f}/nosuchdir/b.ccbak --passphrase-stdin --json",
    "store backup --json",
    "store backup --to={f}/b.ccbak --passphrase-stdin --json",          # nothing on stdin
    "store restore --backup={f}/garbage.bin --json",
    "store restore --backup={f}/nonexist.ccbak --passphrase-stdin --json",
    "store restore --backup={f}/fake.ccbak --passphrase-stdin --json",  # the magic, then garbage
])
def test_bad_input_to_backup_and_restore_is_refused_in_chinese(line, app_home, tmp_path, monkeypatch, capsys):
    import io

    from counter_app.storage.store_backup import MAGIC
    from tests.support.bad_input import assert_refused_in_chinese
    from tests.unit.cli.test_cli_bad_input import ENGLISH

    (tmp_path / "adir").mkdir()
    (tmp_path / "garbage.bin").write_bytes(bytes([0xC4, 0xFF, 0x00, 0x81]) * 64)
    (tmp_path / "fake.ccbak").write_bytes(MAGIC + b"\xff\xff\xff\xff{")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert_refused_in_chinese(main, line.format(f=tmp_path).split(), capsys, english=ENGLISH)
    assert not list(tmp_path.glob(".*partial*"))


def test_an_edited_header_does_not_pass_for_another_workstations(app_home, _migrated_template, tmp_path, monkeypatch,
                                                                 capsys):
    """The clear header is the sealed block's additional data: its 工作站编号 edited to this
    machine's does not get the backup through."""
    from counter_app.paths import app_paths

    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    data = target.read_bytes()
    edited = tmp_path / "edited.ccbak"
    edited.write_bytes(data.replace(b'"workstation_id": "FT-W01"', b'"workstation_id": "FT-W07"', 1))
    assert edited.read_bytes() != data
    _move_to_another_machine(monkeypatch, tmp_path)
    paths = app_paths().ensure()
    paths.config_file.write_text('[office]\nworkstation_id = "FT-W07"\n', encoding="utf-8")
    capsys.readouterr()
    assert _run(monkeypatch, ["store", "restore", "--backup", str(edited), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    assert "文件头被改动" in capsys.readouterr().err
    assert not paths.database_file.exists()


def test_a_locked_keyring_on_the_new_machine_is_said_as_such(app_home, _migrated_template, tmp_path, monkeypatch,
                                                              capsys):
    """This machine's fault (its keyring), not the backup's: not worded 不能用该文件恢复."""
    from counter_app.paths import app_paths
    from counter_app.storage import db as db_module

    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    _move_to_another_machine(monkeypatch, tmp_path)

    def locked(path, *, create):
        raise db_module.StoreError.of("keyring_locked")

    monkeypatch.setattr("counter_app.storage.store_backup._key_for", locked)
    capsys.readouterr()
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    err = capsys.readouterr().err
    assert "系统密钥环已锁定" in err and "不能用该文件恢复" not in err and "未改动" in err, err
    assert not app_paths().database_file.exists()
    assert not [p for p in app_paths().data_dir.iterdir() if p.name.startswith(".restore")]


# --- a restored store carries no usable sign-in ---

def _actors(db, action):
    from tests.support.store_files import keyed_connect

    con = keyed_connect(db)
    try:
        return [r[0] for r in con.execute("SELECT actor FROM audit_records WHERE action = ? ORDER BY seq", (action,))]
    finally:
        con.close()


def _business_refusal():
    from counter_app.cli._common import load_cli_settings, open_store, signed_in_actor

    store = open_store()
    try:
        return signed_in_actor(store, load_cli_settings(), "办理业务")
    except LookupError as exc:
        return str(exc)
    finally:
        store.close()


def test_a_restore_signs_out_and_business_waits_for_an_online_sign_in(app_home, _migrated_template, capsys):
    """IT staff report: after ``store restore`` the backup's sign-in stayed, and the next case took a
    办件编号 and a 文号 the centre already held (the floors come with an online sign-in only)."""
    from tests.conftest import sign_in
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import RESTORED_NEEDS_ONLINE, AuthManager

    db = _store_in_home(app_home, _migrated_template)
    sign_in("clerk01")
    store = open_store()
    try:
        auth = AuthManager(store, load_cli_settings())
        auth._set("clerk01:access", "a-token")
        auth._set("clerk01:refresh", "r-token")
    finally:
        store.close()
    good = backup_file(db)                    # the backup, taken while clerk01 was signed in
    assert main(["store", "restore", "--backup", str(good), "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["signed_out"] is True
    assert _business_refusal() == RESTORED_NEEDS_ONLINE
    store = open_store()
    try:
        auth = AuthManager(store, load_cli_settings())
        assert auth.current_user() is None
        assert auth._get("clerk01:access") is None and auth._get("clerk01:refresh") is None
        assert auth.pending_revocations() == 1              # revoked at the next online sign-in
    finally:
        store.close()
    assert _actors(db, "store.restored") == [""]           # nobody acted as clerk01 here
    assert "" in _actors(db, "logout")
    sign_in("clerk01")                                       # an offline sign-in: no floors from the centre
    assert _business_refusal() == RESTORED_NEEDS_ONLINE
    store = open_store()
    try:
        AuthManager(store, load_cli_settings()).floors_fetched()   # an online sign-in's pull did
    finally:
        store.close()
    assert _business_refusal() == "clerk01"


def test_a_passphrase_restore_on_a_new_machine_carries_no_sign_in(app_home, _migrated_template, tmp_path,
                                                                    monkeypatch, capsys):
    from tests.conftest import sign_in
    from counter_app.paths import app_paths
    from counter_app.sync.auth import RESTORED_NEEDS_ONLINE

    _seeded_store(app_home, _migrated_template, tmp_path)
    sign_in("clerk01")
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    _move_to_another_machine(monkeypatch, tmp_path)
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 0
    out = capsys.readouterr().out
    assert "原登录已注销" in out
    # the workstation moved keeping its 工作站编号: retiring anything at the centre would retire the
    # number this machine now uses (docs/deployment.md "Moving a workstation to a new machine")
    assert "工作站编号填 FT-W01" in out and "旧电脑不要再以该编号办理业务" in out, out
    assert "无需在中心停用" in out and "在中心停用" not in out.replace("无需在中心停用", ""), out
    assert _business_refusal() == RESTORED_NEEDS_ONLINE
    assert _actors(app_paths().database_file, "store.restored") == [""]
    sign_in("clerk01")
    assert _business_refusal() == RESTORED_NEEDS_ONLINE


def test_a_backup_onto_a_full_disk_says_so(app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    """IT staff report: a full USB stick was reported as 本地数据库无法读取 (OperationalError): SQLite
    had rolled the read back itself, and the ROLLBACK's own error hid the "database or disk is full"."""
    from counter_app.storage import store_backup

    db, _photo, _blob = _seeded_store(app_home, _migrated_template, tmp_path)
    real = store_backup.raw_connect

    class _SmallStick:              # the backup database may take 2 pages: SQLite's SQLITE_FULL
        def __init__(self, conn):
            self.conn = conn

        def execute(self, sql, *args):
            try:
                cur = self.conn.execute(sql, *args)
            except Exception:
                if "sqlcipher_export" in sql:     # a real full disk: SQLite rolls the transaction back itself
                    self.conn.execute("ROLLBACK")
                raise
            if sql.startswith("ATTACH DATABASE"):
                self.conn.execute("PRAGMA backup.max_page_count = 2")
            return cur

        def close(self):
            self.conn.close()

    monkeypatch.setattr(store_backup, "raw_connect", lambda *a, **k: _SmallStick(real(*a, **k)))
    target = tmp_path / "b.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin"], PASSPHRASE + "\n") == 1
    err = capsys.readouterr().err
    assert "空间不足" in err and "无法读取" not in err and "Error" not in err, err
    assert not target.exists() and not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_a_backup_records_the_build_that_wrote_it_and_restore_says_it(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    """Was: the header kept only the release (0.1.0.0, the same for every build between two
    releases): IT could not tell which build a backup came from."""
    from counter_protocol.build import full_version

    _store_in_home(app_home, _migrated_template)
    target = tmp_path / "FT-W01.ccbak"
    assert _run(monkeypatch, ["store", "backup", "--to", str(target), "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    made = json.loads(capsys.readouterr().out)
    assert made["build"] == full_version() and "+" in made["build"]
    from counter_app.storage.store_backup import read_header

    assert read_header(target).meta["build"] == full_version()              # in the file's clear header
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--force", "--passphrase-stdin"],
                PASSPHRASE + "\n") == 0
    assert f"写入的程序 {full_version()}" in capsys.readouterr().out
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--force", "--passphrase-stdin", "--json"],
                PASSPHRASE + "\n") == 0
    assert json.loads(capsys.readouterr().out)["build"] == full_version()


def test_a_backup_of_a_newer_schema_is_refused_naming_the_build_that_wrote_it(
        app_home, _migrated_template, tmp_path, monkeypatch, capsys):
    from counter_app.storage.store_backup import make_backup
    from counter_protocol.build import full_version
    from tests.support.store_files import keyed_connect

    db = _store_in_home(app_home, _migrated_template)
    con = keyed_connect(db)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.close()
    target = tmp_path / "b.ccbak"
    make_backup(db, target, PASSPHRASE, workstation_id="FT-W01", office_code="FT", program_version="9.0.0.0",
                build="9.0.0.0+abcdef1.20270101")
    con = keyed_connect(db)
    con.execute("DELETE FROM alembic_version WHERE version_num = '9999_future'")
    con.close()
    before = db.read_bytes()
    assert _run(monkeypatch, ["store", "restore", "--backup", str(target), "--force", "--passphrase-stdin"],
                PASSPHRASE + "\n") == 1
    err = capsys.readouterr().err
    assert "更新版本" in err and "9999_future" in err and "写入的程序 9.0.0.0+abcdef1.20270101" in err, err
    assert f"本程序（{full_version()}）无法使用" in err and "本地数据库未改动" in err and "Traceback" not in err
    assert db.read_bytes() == before                                        # nothing changed
