"""A new centre records its entry key's check value at its first start. If that key file is lost
before anything was sealed under it (the config folder of a fresh install wiped, the host rebuilt
while the database was kept), every later start refused the new file ("不是加密时的那一个", restore
the original) although no row needs the lost key: the only way out was deleting the check row by
hand in SQL. ``counter-central entry-key forget-check VERSION`` now does it, only when nothing is
sealed under the version and no other process of the centre is connected, audited."""

from __future__ import annotations

import contextlib
import json

import pytest
from sqlalchemy import text

from tests.unit.central.test_entry_key_checks import _count, _kcv, _stored_checks
from tests.unit.central.test_received_sealed import sealed_centre


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    return (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
            else request.getfixturevalue("postgres_url"))


def _forget(url: str, version: int, capsys, *, json_out: bool = True) -> tuple[int, str, str]:
    from counter_central import cli

    capsys.readouterr()
    code = cli.main(["entry-key", "forget-check", str(version), "--db", url] + (["--json"] if json_out else []))
    out = capsys.readouterr()
    return code, out.out, out.err


def _audited(engine, action: str, result: str = "ok") -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT object_id, detail FROM audit_records WHERE action = :a AND result = :r ORDER BY seq"),
            {"a": action, "r": result})]


def test_a_key_file_lost_before_anything_was_sealed_is_forgotten_and_the_next_start_records_the_new_one(
        empty_url, tmp_path, monkeypatch, capsys):
    from counter_central import entry_key
    from counter_central.app import create_app

    key_file = tmp_path / "config" / "entry-key"
    monkeypatch.setenv(entry_key.KEY_ENV, str(key_file))
    first = create_app(empty_url, demo=True, require_totp=False)
    engine = first.state.engine
    try:
        lost = _kcv(entry_key.entry_keys(key_file).key)
        assert _stored_checks(engine) == {1: lost}
        key_file.unlink()                                   # the folder wiped: the key is gone

        # the start refuses the new file, and says the way out (nothing is sealed under version 1)
        with pytest.raises(entry_key.EntryKeyError) as refused:
            create_app(empty_url, demo=True, require_totp=False)
        assert "版本 1 的密钥不是本数据库记录的那一个" in str(refused.value)
        assert "数据库中还没有由版本 1 加密的记录" in str(refused.value)
        assert "counter-central entry-key forget-check 1" in str(refused.value)
        new = _kcv(entry_key.entry_keys(key_file).key)      # (the refused start made a new file)
        assert new != lost
        assert _stored_checks(engine) == {1: lost}

        # a version with no stored value: nothing to forget
        code, _, err = _forget(empty_url, 2, capsys)
        assert code == 1 and "没有版本 2 的记录加密密钥校验值" in err and "Traceback" not in err

        code, out, _ = _forget(empty_url, 1, capsys)
        assert code == 0 and json.loads(out) == {"version": 1, "forgotten": lost}
        assert _stored_checks(engine) == {}
        # no service ever ran on the file: no serve lock file of this command's account is left
        # for the service's account to trip over
        assert not list(tmp_path.glob("*.serve.lock"))
        [(object_id, detail)] = _audited(engine, "entry.key_check_forget")
        assert object_id == "1" and lost in detail

        # the next start records the file it finds, and the centre seals under it
        create_app(empty_url, demo=True, require_totp=False).state.engine.dispose()
        assert _stored_checks(engine) == {1: new}
    finally:
        engine.dispose()


def test_forget_check_is_refused_while_a_row_needs_the_key(tmp_path, capsys):
    """Sealed rows under the version: only the original file opens them — refused, nothing
    changed, the refusal audited; the plain output says it in Chinese."""
    from sqlalchemy import create_engine

    url = sealed_centre(tmp_path)
    engine = create_engine(url)
    try:
        before = _stored_checks(engine)
        rows = _count(engine, "SELECT count(*) FROM received_entries WHERE payload_key = 1")
        assert before.keys() == {1} and rows > 0
        code, out, err = _forget(url, 1, capsys, json_out=False)
        assert code == 1 and out == ""
        assert f"{rows} 条业务记录" in err and "只有原密钥文件能解开" in err and "Traceback" not in err
        assert _stored_checks(engine) == before
        assert _audited(engine, "entry.key_check_forget") == []
        [(object_id, detail)] = _audited(engine, "entry.key_check_forget", "refused")
        assert object_id == "1" and "只有原密钥文件能解开" in detail
    finally:
        engine.dispose()


def test_forget_check_is_refused_while_a_row_of_the_version_is_set_aside(tmp_path, capsys):
    """A row set aside is kept sealed as it was: the original key still opens it."""
    from sqlalchemy import create_engine

    url = sealed_centre(tmp_path)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:      # every received row moved aside, as retire --set-aside-unreadable does
            conn.execute(text(
                "INSERT INTO set_aside_payloads (source_table, source_id, kind, payload_key, payload, row_data, stored_at,"
                " set_aside_at, set_aside_by, reason) SELECT 'received_entries', id, kind, payload_key, payload, '{}',"
                " received_at, received_at, 'it', 'test' FROM received_entries"))
            conn.execute(text("DELETE FROM received_entries"))
            conn.execute(text("DELETE FROM changes"))
        before = _stored_checks(engine)
        code, _, err = _forget(url, 1, capsys)
        assert code == 1 and "条已移出的记录" in err and "只有原密钥文件能解开" in err
        assert _stored_checks(engine) == before
    finally:
        engine.dispose()


@contextlib.contextmanager
def _serving(url: str, tmp_path):
    """A real ``counter-central serve`` process on ``url`` with its own key file: (the process, an
    engine on the database, the check value it recorded)."""
    from sqlalchemy import create_engine

    from counter_central import entry_key
    from tests.support.central import start_central

    key_file = tmp_path / "host-a" / "entry-key"
    central = start_central(url, tmp_path, seed=False, env_extra={entry_key.KEY_ENV: str(key_file)})
    engine = create_engine(url)
    try:
        stored = _stored_checks(engine)
        assert stored == {1: _kcv(entry_key.entry_keys(key_file).key)}
        yield central, engine, stored
    finally:
        central.stop()
        engine.dispose()


def _forgotten_once_stopped(central, url: str, engine, stored: dict[int, str], capsys) -> None:
    """Refused while it ran (the value kept); accepted once the service has stopped."""
    assert _stored_checks(engine) == stored
    central.stop()
    code, out, _ = _forget(url, 1, capsys)
    assert code == 0 and json.loads(out)["forgotten"] == stored[1]
    assert _stored_checks(engine) == {}


def test_forget_check_is_refused_while_another_process_of_the_centre_is_connected(postgres_url, tmp_path, capsys):
    """On PostgreSQL every connection of the centre names its process (``application_name``
    ``counter-central[PID]``). A worker still running with the original key would go on sealing under
    it once the value is gone: forget-check waits until every other process has stopped."""
    with _serving(postgres_url, tmp_path) as (central, engine, stored):
        with engine.connect() as conn:
            names = conn.execute(text("SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
                                      " AND application_name LIKE 'counter-central[%'")).scalars().all()
        assert names and all(n == f"counter-central[{central.proc.pid}]" for n in names), names
        code, _, err = _forget(postgres_url, 1, capsys)
        assert code == 1 and "个中心服务的数据库连接" in err and "请先停止所有中心服务" in err
        _forgotten_once_stopped(central, postgres_url, engine, stored, capsys)


def test_forget_check_is_refused_while_a_service_runs_on_the_sqlite_file(tmp_path, capsys):
    """SQLite lists no connections: a running ``serve`` holds the file's serve lock, and
    forget-check refuses while it does (the service keeps the check value it found and would go on
    sealing under the original key). The refusal is audited; once the service has stopped, the
    value is forgotten."""
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with _serving(url, tmp_path) as (central, engine, stored):
        code, out, err = _forget(url, 1, capsys, json_out=False)
        assert code == 1 and out == ""
        assert f"中心服务（进程 {central.proc.pid}）仍在使用数据库文件" in err and "请先停止中心服务" in err
        assert "Traceback" not in err
        [(object_id, detail)] = _audited(engine, "entry.key_check_forget", "refused")
        assert object_id == "1" and "仍在使用数据库文件" in detail
        _forgotten_once_stopped(central, url, engine, stored, capsys)
