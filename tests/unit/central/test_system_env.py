"""The installed centre's commands and its service use the same database and key files. Before,
the package's service account (home ``/nonexistent``) could not make its key files at all — the
packaged centre did not start — and an IT command on the host looked for the keys in the home
folder of whoever ran it. Now every ``counter-central`` command reads the host's
``/etc/counter-central/central.env`` (counter_central.system_env; ``COUNTER_APP_HOME`` there puts the
keys under ``/var/lib/counter-central``), and root is refused where it would write a key file the
service could not read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from counter_central import system_env

NAMES = ("COUNTER_CENTRAL_DB", "COUNTER_APP_HOME", "COUNTER_CENTRAL_ENTRY_KEY", "COUNTER_CENTRAL_PERSON_KEY",
         "COUNTER_CENTRAL_EXPORT_KEY", "COUNTER_CENTRAL_LOG_LEVEL")


@pytest.fixture
def host_env(tmp_path, monkeypatch) -> Path:
    """A host configuration file of the test's own, and none of the variables it sets in the
    environment (restored after: a command's load() sets them in the process)."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "etc" / "central.env"
    path.parent.mkdir()
    monkeypatch.setenv(system_env.ENV_FILE_ENV, str(path))
    return path


def test_the_file_is_read_as_systemd_reads_it_and_only_the_centres_names_are_taken(tmp_path):
    text = ("# comment\n; also a comment\n\nCOUNTER_CENTRAL_DB=postgresql+psycopg://counter-central@/cc?host=/run/pg\n"
            "COUNTER_APP_HOME = \"/var/lib/counter-central\"\nCOUNTER_CENTRAL_LISTEN='127.0.0.1'\n"
            "PATH=/tmp/evil\nLD_PRELOAD=/tmp/evil.so\nCOUNTER_CENTRAL_LOG_LEVEL\nnot a line\n")
    assert system_env.parse(text) == {"COUNTER_CENTRAL_DB": "postgresql+psycopg://counter-central@/cc?host=/run/pg",
                                      "COUNTER_APP_HOME": "/var/lib/counter-central",
                                      "COUNTER_CENTRAL_LISTEN": "127.0.0.1"}
    path = tmp_path / "central.env"
    path.write_text(text, encoding="utf-8")
    environ = {system_env.ENV_FILE_ENV: str(path), "COUNTER_CENTRAL_LISTEN": "0.0.0.0"}   # set already: kept
    assert system_env.load(environ) is None
    assert environ == {system_env.ENV_FILE_ENV: str(path), "COUNTER_CENTRAL_LISTEN": "0.0.0.0",
                       "COUNTER_CENTRAL_DB": "postgresql+psycopg://counter-central@/cc?host=/run/pg",
                       "COUNTER_APP_HOME": "/var/lib/counter-central"}
    assert system_env.load({system_env.ENV_FILE_ENV: str(tmp_path / "none.env")}) is None
    assert system_env.env_file({system_env.ENV_FILE_ENV: ""}) is None
    assert system_env.env_file({}) == system_env.SYSTEM_ENV_FILE


def test_a_command_without_db_or_home_uses_the_hosts_database_and_key_folder(host_env, tmp_path, capsys):
    from counter_central import cli

    db, home = tmp_path / "var" / "central.sqlite3", tmp_path / "var" / "lib"
    db.parent.mkdir()
    host_env.write_text(f"COUNTER_CENTRAL_DB=sqlite:///{db}\nCOUNTER_APP_HOME={home}\n", encoding="utf-8")
    assert cli.main(["migrate"]) == 0
    assert db.is_file()
    key = home / "central-config" / "entry-key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    capsys.readouterr()
    assert cli.main(["entry-key", "status", "--json"]) == 0
    assert f'"key_file": "{key}"' in capsys.readouterr().out


def test_the_environment_and_db_still_win_over_the_file(host_env, tmp_path, monkeypatch, capsys):
    from counter_central import cli

    host_env.write_text(f"COUNTER_CENTRAL_DB=sqlite:///{tmp_path / 'file.sqlite3'}\n"
                        f"COUNTER_APP_HOME={tmp_path / 'file-home'}\n", encoding="utf-8")
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "own-home"))
    assert cli.main(["migrate", "--db", f"sqlite:///{tmp_path / 'given.sqlite3'}"]) == 0
    assert (tmp_path / "given.sqlite3").is_file() and not (tmp_path / "file.sqlite3").exists()
    assert (tmp_path / "own-home" / "central-config" / "entry-key").is_file()
    assert not (tmp_path / "file-home").exists()


def test_a_file_that_cannot_be_read_is_said_and_the_command_goes_on(host_env, tmp_path, capsys):
    from counter_central import cli

    host_env.mkdir()                 # (root reads any file: a folder in its place cannot be read)
    home = tmp_path / "home"
    os.environ["COUNTER_APP_HOME"] = str(home)        # (the fixture restores it)
    assert cli.main(["migrate", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}"]) == 0
    err = capsys.readouterr().err
    assert f"中心的配置文件 {host_env} 无法读取" in err and "sudo -u counter-central" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="the check is root's (CI runs as root)")
def test_root_writes_no_key_file_into_the_service_accounts_folder(tmp_path, monkeypatch):
    import pwd

    from counter_central import entry_key, export_key, samecase
    from counter_protocol.export import ExportError

    nobody = pwd.getpwnam("nobody")
    folder = tmp_path / "lib"
    folder.mkdir()
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    said = "属于用户 nobody，以 root 写入的密钥文件该用户读不了：请以该用户运行（sudo -u nobody counter-central …）"
    with pytest.raises(entry_key.EntryKeyError, match=said):
        entry_key.entry_keys(folder / "central-config" / "entry-key", create=True)
    with pytest.raises(ExportError, match=said):
        export_key.load_private_key(folder / "central-config" / "export-key.pem", create=True)
    assert not (folder / "central-config").exists()
    # a file the service made: read as root, but neither rotated nor rewritten by root
    made = folder / "entry-key"
    made.write_text("1:" + "ab" * 16 + "\n")
    os.chmod(made, 0o600)
    os.chown(made, nobody.pw_uid, nobody.pw_gid)
    monkeypatch.setenv(entry_key.KEY_ENV, str(made))
    assert entry_key.entry_keys(made).newest == 1
    with pytest.raises(entry_key.EntryKeyError, match=said):
        entry_key.rotate_key()
    assert made.read_text() == "1:" + "ab" * 16 + "\n" and made.stat().st_uid == nobody.pw_uid
    monkeypatch.setenv(samecase.KEY_ENV, str(folder / "person-key"))
    with pytest.raises(samecase.PersonKeyError, match=said):
        samecase.key_ring()
    # root's own folder: written as before
    assert entry_key.entry_keys(tmp_path / "own" / "entry-key", create=True).newest == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="the check is root's (CI runs as root)")
def test_root_opens_no_embedded_database_in_the_service_accounts_folder(tmp_path, capsys):
    """SQLite would make the -wal / -shm files (and a migration's backup) as root there, and the
    service could no longer write its database."""
    import pwd
    import sqlite3

    from counter_central import cli

    nobody = pwd.getpwnam("nobody")
    folder = tmp_path / "lib"
    folder.mkdir()
    db = folder / "central.sqlite3"
    sqlite3.connect(db).close()
    for path in (folder, db):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    assert cli.main(["users", "list", "--db", f"sqlite:///{db}"]) == 2
    err = capsys.readouterr().err
    assert f"未打开中心数据库 {db}" in err and "sudo -u nobody counter-central" in err and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["central.sqlite3"]
    assert db.stat().st_uid == nobody.pw_uid
