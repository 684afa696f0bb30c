"""A centre database written by a newer centre (its alembic_version names a revision this program
does not have: the program was downgraded, or an older package installed on a newer database) is
refused with a clear Chinese message and exit 2 by every command that opens it, and serve does not
start; nothing in it changes (the upgrade tester: main said only "出现意外错误" and logged alembic's
English CommandError, on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_central.cli import main
from counter_central.db import make_engine, migrate

FUTURE = "c0099_future"


@pytest.fixture(params=["sqlite", "postgresql"])
def newer_centre(request, tmp_path) -> str:
    """The URL of a migrated centre database whose head revision is one this program lacks."""
    url = (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    engine = make_engine(url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            # the newest head (cNNNN_…) becomes one this program has never heard of
            conn.execute(text("UPDATE alembic_version SET version_num = :f WHERE version_num = "
                              "(SELECT max(version_num) FROM alembic_version WHERE version_num LIKE 'c0%')"), {"f": FUTURE})
    finally:
        engine.dispose()
    return url


def _versions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


def test_migrate_raises_centre_too_new(newer_centre):
    from counter_central.db import CentreTooNew

    engine = make_engine(newer_centre)
    try:
        with pytest.raises(CentreTooNew) as caught:
            migrate(engine)
    finally:
        engine.dispose()
    assert caught.value.unknown == (FUTURE,)
    assert f"结构版本 {FUTURE}" in str(caught.value)


@pytest.mark.parametrize("command", [["migrate"], ["users", "list"], ["workstations", "list", "--json"],
                                     ["serve", "--port", "1"]])
def test_every_command_refuses_a_newer_database(newer_centre, command, tmp_path, capsys):
    assert main([*command, f"--db={newer_centre}"]) == 2
    err = capsys.readouterr().err
    assert "中心数据库由更新版本的中心服务写入" in err and f"结构版本 {FUTURE}" in err
    assert "请安装与数据库相符" in err
    assert "出现意外错误" not in err and "Traceback" not in err and "CommandError" not in err
    assert FUTURE in _versions(newer_centre)                    # nothing changed
    assert not list(tmp_path.glob("*.before-migrate-*"))            # and nothing copied
