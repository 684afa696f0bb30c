"""Whether a key file is *the* key of an entry key version was only inferred by opening rows: a
version whose only row was altered could not be told from a wrong key file (status said "opens
none", ``retire --set-aside-unreadable`` refused), and two centre workers started with different
key files on an empty database both sealed under version 1 with different keys — the rows one
wrote unreadable by the other, silently. Now each version's key check value (HMAC-SM3 of a fixed
label, truncated; ``entry_key_checks``, c0036) is stored by the first transaction sealing under it
and decides: a key file whose value differs is refused (push 503, nothing stored; start refused;
status says so) and a row that does not open under a key whose value matches was altered."""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from tests.support.central import migrate_centre, open_seeded_centre, schema_drift
from tests.unit.central.test_received_sealed import _entries, _office_cases, sealed_centre
from tests.unit.central.test_recheck_privacy import _case, _login, _push


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


def _count(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _stored_checks(engine) -> dict[int, str]:
    with engine.connect() as conn:
        return {int(v): c for v, c in conn.execute(text("SELECT version, check_value FROM entry_key_checks"))}


def _kcv(key: bytes) -> str:
    """HMAC-SM3(key, b"counter-central entry key check"), its first 8 bytes in hex."""
    from cryptography.hazmat.primitives import hashes, hmac

    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(b"counter-central entry key check")
    return mac.finalize()[:8].hex()


def _status(url: str, capsys) -> dict:
    from counter_central import cli

    capsys.readouterr()
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    """An empty central database, on the embedded SQLite and on PostgreSQL."""
    return (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
            else request.getfixturevalue("postgres_url"))


def test_a_second_worker_with_another_key_file_on_an_empty_database_is_refused_at_its_start(empty_url, tmp_path,
                                                                                            monkeypatch):
    """Two workers (hosts) started on an empty database, each with a key file of its own. Before
    c0036 the second worker's push was accepted, sealed under its own version 1, and the first
    could read none of those rows (nor the second the first's); then the second started and was
    refused only at its first write. The first start records the version it seals under."""
    from counter_central import entry_key
    from counter_central.app import create_app

    first_file, second_file = tmp_path / "host-a" / "entry-key", tmp_path / "host-b" / "entry-key"
    monkeypatch.setenv(entry_key.KEY_ENV, str(first_file))
    first = create_app(empty_url, demo=True, require_totp=False)
    engine = first.state.engine
    try:
        assert _stored_checks(engine) == {1: _kcv(entry_key.entry_keys(first_file).key)}
        monkeypatch.setenv(entry_key.KEY_ENV, str(second_file))
        with pytest.raises(entry_key.EntryKeyError, match="版本 1 的密钥不是本数据库记录的那一个") as refused:
            create_app(empty_url, demo=True, require_totp=False)
        assert "后再启动中心服务" in str(refused.value)
        assert entry_key.entry_keys(second_file).key != entry_key.entry_keys(first_file).key
        assert _stored_checks(engine) == {1: _kcv(entry_key.entry_keys(first_file).key)}
        # the first worker's own file starts again
        monkeypatch.setenv(entry_key.KEY_ENV, str(first_file))
        create_app(empty_url, demo=True, require_totp=False).state.engine.dispose()
    finally:
        engine.dispose()


def test_a_writer_whose_key_file_differs_from_the_stored_check_value_stores_nothing(empty_url, tmp_path,
                                                                                  monkeypatch):
    """A worker already running when another host recorded its check value first (they started
    at the same moment, or its file was swapped under it): its push is refused (503), nothing
    stored, and the rows the first one wrote all still open."""
    from fastapi.testclient import TestClient

    from counter_central import entry_key
    from counter_central.app import create_app
    from counter_central.db import ReceivedEntry
    from counter_central.seed import seed_demo

    first_file, second_file = tmp_path / "host-a" / "entry-key", tmp_path / "host-b" / "entry-key"
    monkeypatch.setenv(entry_key.KEY_ENV, str(second_file))
    second = create_app(empty_url, demo=True, require_totp=False)    # started first, its value recorded
    with second.state.engine.begin() as conn:                         # (the race: the other host's won)
        conn.execute(text("DELETE FROM entry_key_checks"))
    monkeypatch.setenv(entry_key.KEY_ENV, str(first_file))
    first = create_app(empty_url, demo=True, require_totp=False)
    assert entry_key.entry_keys(second_file).key != entry_key.entry_keys(first_file).key
    engine = first.state.engine
    try:
        with TestClient(first) as client, TestClient(second) as other:
            with Session(engine) as s:                 # (the seeding publishes changes: sealed, first's key)
                seed_demo(s)
                s.commit()
            h1 = _login(client)
            assert {r["status"] for r in _push(client, h1, *_entries())} == {"accepted"}
            stored = _count(engine, "SELECT count(*) FROM received_entries")
            changes = _count(engine, "SELECT count(*) FROM changes")

            monkeypatch.setenv(entry_key.KEY_ENV, str(second_file))
            h2 = _login(other)
            more = _case("case-b", "FT-W01-20261206-0009", None)
            r = other.post("/api/v1/sync/push", headers=h2,
                           json=p.PushRequest(workstation_id="FT-W01", entries=more).model_dump(mode="json"))
            assert r.status_code == 503, r.text
            assert "版本 1 的密钥不是加密时的那一个" in r.text and "Traceback" not in r.text
            assert _count(engine, "SELECT count(*) FROM received_entries") == stored
            assert _count(engine, "SELECT count(*) FROM changes") == changes
            assert _stored_checks(engine) == {1: _kcv(entry_key.entry_keys(first_file).key)}

            # the first worker's rows all still open, and it goes on storing
            monkeypatch.setenv(entry_key.KEY_ENV, str(first_file))
            with Session(engine) as s:
                for row in s.query(ReceivedEntry):
                    assert json.loads(entry_key.opened(row.id, row.payload_key, row.payload))
            assert _office_cases(first) == [("reg_change", "FT-W01-20261206-0001", "accepted")]
            assert {r["status"] for r in _push(client, h1, *more)} == {"accepted"}
    finally:
        first.state.engine.dispose()
        second.state.engine.dispose()


def test_a_version_rotated_in_is_recorded_at_the_next_start(tmp_path, monkeypatch, capsys):
    """After ``entry-key rotate`` the next start records the new version's check value before any
    row is sealed under it: a host that kept an old copy of the file and rotated on its own is
    refused at its start."""
    from counter_central import cli, entry_key
    from counter_central.app import create_app

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    shared, other = tmp_path / "host-a" / "entry-key", tmp_path / "host-b" / "entry-key"
    monkeypatch.setenv(entry_key.KEY_ENV, str(shared))
    create_app(url, demo=True, require_totp=False).state.engine.dispose()
    other.parent.mkdir()
    other.write_bytes(shared.read_bytes())             # host B's copy, before the rotation
    os.chmod(other, 0o600)
    assert cli.main(["entry-key", "rotate", "--db", url]) == 0
    app = create_app(url, demo=True, require_totp=False)
    try:
        assert sorted(_stored_checks(app.state.engine)) == [1, 2]
    finally:
        app.state.engine.dispose()
    monkeypatch.setenv(entry_key.KEY_ENV, str(other))
    assert cli.main(["entry-key", "rotate", "--db", url]) == 0    # B rotates its own copy: another version 2
    with pytest.raises(entry_key.EntryKeyError, match="版本 2 的密钥不是本数据库记录的那一个"):
        create_app(url, demo=True, require_totp=False)


def test_the_push_looks_at_the_check_value_only_until_it_found_it_stored(tmp_path):
    """Once per process (per database, key file and version): the push pays nothing after."""
    from sqlalchemy import event

    from counter_central import entry_key

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    entry_key.check_ready(app.state.engine)             # (what this process found is forgotten: a start)
    seen: list[str] = []
    event.listen(app.state.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: seen.append(statement))
    with client:
        h = _login(client)
        for n in range(3):
            seen.clear()
            _push(client, h, *_case(f"case-{n}", f"FT-W01-20261206-000{n + 1}", None))
            looked = [s for s in seen if "entry_key_checks" in s]
            assert (len(looked) > 0) == (n == 0), (n, looked)     # found stored, then never again
    app.state.engine.dispose()


def _tamper_all(engine, version: int) -> None:
    """Every row sealed under ``version`` altered in the database (a sealed text of random bytes)."""
    with engine.begin() as conn:
        for table, key in (("received_entries", "id"), ("changes", "cursor")):
            for (row_id,) in conn.execute(text(f"SELECT {key} FROM {table} WHERE payload_key = :v"), {"v": version}):
                junk = base64.b64encode(os.urandom(60)).decode("ascii")
                conn.execute(text(f"UPDATE {table} SET payload = :p WHERE {key} = :i"), {"p": junk, "i": row_id})


def test_a_version_whose_rows_are_all_altered_is_set_aside_when_its_check_value_matches(seeded_centre, capsys):
    """Before: status said the key opens none (``opens_none``: the key file, not the rows) and the
    retirement refused to set anything aside — the version could never be retired."""
    from counter_central import cli, entry_key

    app, client, url = seeded_centre
    h = _login(client)
    assert {r["status"] for r in _push(client, h, _case("case-one", "FT-W01-20261206-0002", None)[0])} == {"accepted"}
    assert _count(app.state.engine, "SELECT count(*) FROM received_entries WHERE payload_key = 1") == 1
    _tamper_all(app.state.engine, 1)
    assert entry_key.rotate_key() == 2

    v1 = _status(url, capsys)["versions"][0]
    assert v1["version"] == 1 and v1["rows"] == 1 and v1["key_check"] == "matches"
    assert v1["opens_none"] is False and [r["table"] for r in v1["unreadable"]].count("received_entries") == 1
    assert cli.main(["entry-key", "status", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "一条也解不开" not in out and "retire 1 --set-aside-unreadable" in out

    assert cli.main(["entry-key", "retire", "1", "--set-aside-unreadable", "--db", url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["retired"] == 1 and [v["version"] for v in done["versions"]] == [2]
    assert "received_entries" in {r["table"] for r in done["set_aside_rows"]}
    assert _count(app.state.engine, "SELECT count(*) FROM set_aside_payloads WHERE payload_key = 1") == len(
        v1["unreadable"])
    assert _count(app.state.engine, "SELECT count(*) FROM received_entries WHERE payload_key = 1") == 0
    assert sorted(entry_key.entry_keys().keys) == [2]
    assert set(_stored_checks(app.state.engine)) == {1, 2}     # (the newest's recorded as rows were sealed under it)


def test_a_wrong_key_file_with_a_stored_check_value_is_refused_and_status_says_so(tmp_path, capsys, monkeypatch):
    """Before: only inferred from rows that do not open (``opens_none``), never said to be the file."""
    from counter_central import cli, entry_key

    url = sealed_centre(tmp_path)
    key = entry_key.default_key_file()
    right = key.read_text(encoding="ascii")
    key.write_text("1:" + "ab" * 16 + "\n", encoding="ascii")
    monkeypatch.setattr(entry_key, "_HELD", {})
    with pytest.raises(entry_key.EntryKeyError, match="版本 1 的密钥不是加密时的那一个：它与本数据库记录的该版本密钥校验值不符"):
        open_seeded_centre(url)
    assert cli.main(["entry-key", "status", "--db", url]) == 2
    assert "密钥校验值不符" in capsys.readouterr().err
    engine = create_engine(url)
    with Session(engine) as s:
        v1 = entry_key.key_status(s)["versions"][0]
        assert v1["key_check"] == "differs" and v1["opens_none"] is True
        assert entry_key.rotate_key() == 2
        with pytest.raises(entry_key.EntryKeyError, match="版本 1 的密钥不是加密时的那一个.*未移出任何记录"):
            entry_key.retire_key(s, 1, set_aside_by="命令行:it")
    from counter_central.cli import _print_unreadable

    capsys.readouterr()
    _print_unreadable(v1)
    assert "密钥校验值不符" in capsys.readouterr().out
    assert _count(engine, "SELECT count(*) FROM set_aside_payloads") == 0
    assert _count(engine, "SELECT count(*) FROM received_entries WHERE payload_key = 1") == 5
    engine.dispose()
    key.write_text(right, encoding="ascii")                     # the right file back: it starts
    monkeypatch.setattr(entry_key, "_HELD", {})
    app, client = open_seeded_centre(url)
    app.state.engine.dispose()


def test_the_check_table_migrates_down_and_up_and_a_database_from_before_gets_its_values(tmp_path):
    from counter_central import entry_key

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    with client:
        _push(client, _login(client), *_case("case-m", "FT-W01-20261206-0002", None))
    app.state.engine.dispose()
    engine = create_engine(url)
    assert "entry_key_checks" in inspect(engine).get_table_names()
    assert schema_drift(engine, "entry_key_checks") == []
    migrate_centre(engine, "c0035_set_aside_payloads", down=True)
    assert "entry_key_checks" not in inspect(engine).get_table_names()
    migrate_centre(engine, "heads")
    assert "entry_key_checks" in inspect(engine).get_table_names()
    assert schema_drift(engine, "entry_key_checks") == []
    assert _stored_checks(engine) == {}                 # rows from before: nothing recorded by the migration
    engine.dispose()
    app, client = open_seeded_centre(url)               # the start records it once a row opens
    assert _stored_checks(app.state.engine) == {1: _kcv(entry_key.entry_keys().key)}
    app.state.engine.dispose()
