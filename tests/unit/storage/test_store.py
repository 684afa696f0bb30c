
import pytest
from sqlalchemy import select, text

from counter_app.storage.db import Store, StoreTooNewError
from tests.support.store_files import keyed_connect
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
    con = keyed_connect(path)
    con.execute("INSERT INTO alembic_version(version_num) VALUES ('9999_future')")
    con.close()
    with pytest.raises(StoreTooNewError, match="更新版本"):
        Store.open(path)


def test_migration_backs_up_existing_file_first(tmp_path):
    from alembic import command

    from counter_app.storage.db import _alembic_config, make_engine, script_heads

    assert script_heads() != {"0001_base"}, "the areas add migrations on top of the base"
    path = tmp_path / "db.sqlite3"
    engine = make_engine(path)   # unkeyed: a plaintext store of the first release
    with engine.begin() as conn:  # a store written by the first release: base revision only
        command.upgrade(_alembic_config(conn), "0001_base")
        conn.exec_driver_sql("INSERT INTO meta(key, value) VALUES ('install_id', 'old-install')")
    engine.dispose()

    store = Store.open(path)
    assert store.schema_revisions() == script_heads()
    store.close()
    backups = list(tmp_path.glob("db.sqlite3.bak-*"))
    assert len(backups) == 1
    con = keyed_connect(backups[0])   # the backup is encrypted too (the plaintext one was encrypted in place)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_base",)]
    assert con.execute("SELECT value FROM meta WHERE key='install_id'").fetchone() == ("old-install",)
    con.close()
    # Opening an up-to-date store makes no further backup.
    Store.open(path).close()
    assert len(list(tmp_path.glob("db.sqlite3.bak-*"))) == 1


def test_header_read_revision_graph_matches_alembic():
    from alembic.script import ScriptDirectory

    from counter_app.storage.db import _alembic_config, known_revisions, script_heads

    scripts = ScriptDirectory.from_config(_alembic_config())
    assert script_heads() == set(scripts.get_heads())
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
