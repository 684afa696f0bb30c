import sqlite3

import pytest
from sqlalchemy import select, text

from counter_app.storage.db import Store, StoreTooNewError
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork


def test_pragmas_wal_foreign_keys_busy_timeout(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_unit_of_work_commits_change_and_outbox_together(store):
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        uow.session.execute(text("INSERT INTO meta(key, value) VALUES ('k', 'v')"))
        entry = uow.outbox.add(kind="test", aggregate_type="case", aggregate_id="c1", payload={"b": 2, "a": "张"})
        uow.commit()
    with store.session() as s:
        row = s.scalars(select(OutboxEntry)).one()
        assert row.id == entry.id and row.state == "pending" and row.actor == "clerk01"
        assert row.payload == '{"a":"张","b":2}'
        assert s.execute(text("SELECT value FROM meta WHERE key='k'")).scalar() == "v"


def test_unit_of_work_rolls_back_both_without_commit(store):
    with pytest.raises(RuntimeError):
        with UnitOfWork(store) as uow:
            uow.session.execute(text("INSERT INTO meta(key, value) VALUES ('k', 'v')"))
            uow.outbox.add(kind="test", aggregate_type="case", aggregate_id="c1", payload={})
            raise RuntimeError("boom")
    with store.session() as s:
        assert s.scalar(select(OutboxEntry).limit(1)) is None
        assert s.execute(text("SELECT count(*) FROM meta")).scalar() == 0


def test_database_from_newer_version_is_refused(store, tmp_path):
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.commit()
    con.close()
    with pytest.raises(StoreTooNewError, match="更新版本"):
        Store.open(path)


def test_migration_backs_up_existing_file_first(tmp_path):
    path = tmp_path / "db.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE legacy(x)")
    con.execute("INSERT INTO legacy VALUES (42)")
    con.commit()
    con.close()
    Store.open(path).close()
    # A file with no alembic revision is treated as new (no backup needed for an empty schema)…
    con = sqlite3.connect(path)
    con.execute("DELETE FROM alembic_version")
    con.execute("INSERT INTO alembic_version VALUES ('0001_base')")
    con.commit()
    con.close()
    # …but a file at an older revision set is backed up before upgrading to all heads.
    from counter_app.storage.db import script_heads

    if script_heads() == {"0001_base"}:
        pytest.skip("only the base revision exists: nothing to migrate")
    Store.open(path).close()
    backups = list(tmp_path.glob("db.sqlite3.bak-*"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT x FROM legacy").fetchone() == (42,)
