"""An embedded (SQLite) centre database is copied before its schema is upgraded, by `counter-central
migrate` and by any command that upgrades it on first use; a copy that cannot be written stops the
upgrade (the IT review: `migrate` on SQLite took no backup, and the package's `cp` of the file alone
lost what was still in the WAL while the service ran)."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from counter_central.cli import main
from counter_central.db import MIGRATIONS_DIR, make_engine, migrate


def _revisions(path) -> set[str]:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


@pytest.fixture
def old_centre(tmp_path):
    """A centre database two program versions back (downgraded below its first head), with a row
    still in the WAL of a connection that stays open (as under a running service)."""
    path = tmp_path / "central.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_heads()[0]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, f"{head}-1")
    engine.dispose()
    old = _revisions(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE wal_probe (x TEXT)")
    writer.execute("INSERT INTO wal_probe VALUES ('in the wal')")
    assert (tmp_path / "central.sqlite3-wal").stat().st_size > 0
    yield path, old
    writer.close()


def test_migrate_copies_an_older_database_first(old_centre, capsys):
    path, old = old_centre
    assert main(["migrate", f"--db=sqlite:///{path}"]) == 0
    out = capsys.readouterr().out
    copies = list(path.parent.glob("central.before-migrate-*.sqlite3"))
    assert len(copies) == 1
    assert f"升级前已备份数据库：{copies[0]}" in out
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600          # it holds personal data
    assert _revisions(copies[0]) == old                              # the schema before the upgrade
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT x FROM wal_probe").fetchall() == [("in the wal",)]
    copy.close()
    assert _revisions(path) != old
    # up to date now: no second copy
    assert main(["migrate", f"--db=sqlite:///{path}"]) == 0
    assert len(list(path.parent.glob("central.before-migrate-*.sqlite3"))) == 1


def test_an_admin_command_that_upgrades_copies_too(old_centre, capsys):
    path, _ = old_centre
    assert main(["users", "list", f"--db=sqlite:///{path}", "--json"]) == 0
    assert "升级前已备份数据库" in capsys.readouterr().err
    assert len(list(path.parent.glob("central.before-migrate-*.sqlite3"))) == 1


def test_no_copy_no_upgrade(old_centre, tmp_path, capsys):
    path, old = old_centre
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    assert main(["migrate", f"--db=sqlite:///{path}", f"--backup-dir={blocker / 'backups'}"]) == 1
    err = capsys.readouterr().err
    assert "备份失败" in err and "未做结构升级" in err and "Traceback" not in err
    assert _revisions(path) == old
    assert main(["users", "list", f"--db=sqlite:///{path}"]) == 0     # beside the file: that works
