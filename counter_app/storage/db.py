"""SQLite store: WAL, foreign keys, busy timeout; Alembic migrations applied at open.

Before any migration the file is backed up (SQLite online backup, safe under WAL). A database
whose schema revision this program does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
# WAL + FULL: every commit syncs the WAL before it returns, so a committed case, its outbox entry
# and a 文号 survive a power cut, not only a crash of the program (NORMAL would lose the last
# commits on power loss). The cost, measured by ``bench durability``, is argued in
# docs/architecture.md ("Durability of the store").
SYNCHRONOUS = "FULL"


class StoreError(Exception):
    """A problem opening the local store; the message is for the clerk (Chinese)."""


class StoreTooNewError(StoreError):
    pass


def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's SQLite recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Writers ask for BEGIN IMMEDIATE (execution option sqlite_begin) so two writers queue on
        # the busy timeout instead of failing on a read-to-write lock upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def _alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)


@lru_cache(maxsize=1)
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """revision → its down revisions, read from the migration files' headers.

    Start-up only needs to know whether the store is current; reading two header lines per file
    avoids importing Alembic and executing every migration script on each start (~0.3 s).
    Alembic itself runs only when an upgrade is due.
    """
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            raise StoreError(f"迁移脚本缺少 revision / down_revision：{path.name}")
        graph[rev.group(1)] = tuple(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return graph


def script_heads() -> set[str]:
    graph = _revision_graph()
    parents = {p for downs in graph.values() for p in downs}
    return set(graph) - parents


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def backup_file(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = path.with_name(f"{path.name}.bak-{stamp}")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(dest)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return dest


class Store:
    """The local SQLite database of this workstation."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path, *, migrate: bool = True) -> "Store":
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists() and path.stat().st_size > 0
        engine = make_engine(path)
        try:
            current = current_revisions(engine)
        except Exception as exc:  # not a database, locked, corrupt
            engine.dispose()
            raise StoreError(f"无法打开本地数据库 {path}：{exc}") from exc
        unknown = current - known_revisions()
        if unknown:
            engine.dispose()
            raise StoreTooNewError(
                f"本地数据库 {path} 由更新版本的程序写入（结构版本 {', '.join(sorted(unknown))}），"
                "本程序无法安全使用它。请安装最新版本的柜面客户端，或联系信息技术人员。"
            )
        heads = script_heads()
        if migrate and current != heads:
            if existed and current:
                dest = backup_file(path)
                log.info("migrating store %s from %s; backup at %s", path, sorted(current), dest)
            cls._upgrade(engine)
        return cls(path, engine)

    @staticmethod
    def _upgrade(engine: Engine) -> None:
        from alembic import command

        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "heads")

    def schema_revisions(self) -> set[str]:
        return current_revisions(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read (or ad-hoc) session; writes of business changes go through UnitOfWork."""
        s = self._sessions()
        try:
            yield s
        finally:
            s.close()

    def new_session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
