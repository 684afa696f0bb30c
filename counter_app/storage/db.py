"""SQLite store: WAL, foreign keys, busy timeout; Alembic migrations applied at open.

Before any migration the file is backed up (SQLite online backup, safe under WAL). A database
whose schema revision this program does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
import os
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

from counter_app.domain.messages import plain_message

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
# WAL + FULL: every commit syncs the WAL before it returns, so a committed case, its outbox entry
# and a 文号 survive a power cut, not only a crash of the program (NORMAL would lose the last
# commits on power loss). The cost, measured by ``bench durability``, is argued in
# docs/architecture.md ("Durability of the store").
SYNCHRONOUS = "FULL"


# The clerk's messages of the store's problems by code ({0}, {1}: the parameters). A StoreError keeps
# its ``code`` and ``params`` beside the Chinese message, so the window words it in its own language
# (counter_app.ui.store_errors; tests/unit/app/test_translations.py keeps the two tables equal).
MESSAGES = {
    "no_backup": "没有可用的备份：{0}",
    "backup_unusable": "不能用该文件恢复（{0}）：{1}。本地数据库未改动。",
    "restore_failed": "恢复失败（{0}）：{1}。本地数据库未改动。",
    "keyring_plaintext": "{0}：本地数据库的密钥只保存在系统密钥环中。{1}",
    "no_keyring": "本机没有可用的系统密钥环，本地数据库的密钥无处保存。{0}",
    "keyring_failed": "无法从系统密钥环取得本地数据库的密钥（{0}）。请解锁系统密钥环后重试，或联系信息技术人员。",
    "keyring_locked": "系统密钥环已锁定，取不到本地数据库的密钥。"
                      "请解锁系统密钥环（重新登录桌面，或在“密码和密钥”中解锁“登录”密钥环）后重试；本机数据没有丢失。",
    "key_missing": "本地数据库 {0} 已加密，但系统密钥环中没有它的密钥（密钥环被清空，或换了系统用户）。"
                   "请联系信息技术人员；不要删除数据库文件。",
    "encrypt_failed": "本地数据库加密失败（校验不通过），原文件未改动：{0}",
    "directory": "{0} 是一个目录，不是本地数据库文件",
    "too_new": "本地数据库 {0} 由更新版本的程序写入（结构版本 {1}），本程序无法安全使用它。"
               "请安装最新版本的柜面客户端，或联系信息技术人员。",
    "corrupt": "本地数据库已损坏（{0}）：{1}。最近的可用备份：{2}（{3}）。"
               "可运行 counter-app store restore 恢复该备份（损坏的文件会保留，不会删除），备份之后办理的业务需从中心同步或补录。",
    "corrupt_no_backup": "本地数据库已损坏（{0}）：{1}。没有可用的备份。请联系信息技术人员，不要删除该文件。",
    "open_failed": "无法打开本地数据库 {0}：{1}",
    "disk_full": "无法打开本地数据库 {0}：磁盘空间已满（{1} 所在的磁盘没有剩余空间）。数据库没有损坏，不要用备份恢复；"
                 "请清理磁盘空间（或请信息技术人员扩容）后重试。",
    "migration_header": "迁移脚本缺少 revision / down_revision：{0}",
}

# The reasons the store composes itself and gives as a parameter of a message (why a file is damaged,
# why a backup cannot be used or restored), by code: a :class:`Reason` keeps its code and parameters
# (counter_app.ui.store_errors words it; the fixed reasons without a parameter are its PHRASES).
REASONS = {
    "not_whole_pages": "文件大小 {0} 字节不是整页，文件被截断",
    "shorter_than_header": "文件只有 {0} 字节，文件头记载 {1} 字节，文件被截断",
    "not_a_store": "不是柜面客户端的本地数据库",
    "unknown_schema": "不是本程序能使用的本地数据库（结构版本 {0} 本程序不认识：可能是中心服务的数据库，或更新版本程序的备份）",
    "cannot_write": "无法写入 {0}（{1}）",
    "failure": "{0}",
}


class Reason(str):
    """A reason the store composed (:data:`REASONS`): the Chinese as the string, as the CLI and the log
    show it, with its ``code`` and ``params`` kept for the window. A parameter that is a system's own
    text (an errno's words, SQLite's message) has its plain sentence in ``plain``
    (domain.messages.plain_message), which the window shows instead."""

    code: str
    params: tuple[str, ...]
    plain: str

    def __new__(cls, code: str, *params: object, plain: str = "") -> "Reason":
        texts = tuple(str(p) for p in params)
        reason = super().__new__(cls, REASONS[code].format(*texts))
        reason.code, reason.params, reason.plain = code, texts, plain
        return reason


class StoreError(Exception):
    """A problem opening the local store; the message is for the clerk (Chinese). Raised through
    :meth:`of`, it also keeps its ``code`` (a key of :data:`MESSAGES`) and ``params`` as data."""

    def __init__(self, message: str, *, code: str = "", params: tuple[str, ...] = ()):
        super().__init__(message)
        self.code, self.params = code, params

    @classmethod
    def of(cls, code: str, *params: object) -> "StoreError":
        texts = tuple(p if isinstance(p, str) else str(p) for p in params)   # a Reason stays one
        return cls(MESSAGES[code].format(*texts), code=code, params=texts)


class StoreTooNewError(StoreError):
    pass


class StoreCorruptError(StoreError):
    """The store file is damaged (empty, truncated, not a database). Never recreated silently:
    the message names the newest good backup, which ``counter-app store restore`` (or the GUI's
    dialog) puts back, keeping the damaged file aside."""

    def __init__(self, path: Path, reason: str, backups: list[Path]):
        self.path, self.reason, self.backups = path, reason, backups
        code, params = (("corrupt", (reason, str(path), str(backups[0]), _stamp_of(backups[0]))) if backups
                        else ("corrupt_no_backup", (reason, str(path))))
        super().__init__(MESSAGES[code].format(*params), code=code, params=params)


def _stamp_of(backup: Path) -> str:
    stamp = backup.name.rsplit(".bak-", 1)[-1]
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


_SQLITE_MAGIC = b"SQLite format 3\x00"
# the first bytes of a passphrase backup (counter_app.storage.store_backup): not a store file itself
PASSPHRASE_BACKUP_MAGIC = b"SZSI-COUNTER-STORE-BACKUP\n"


def damage_of(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a whole store (cheap: reads the 100-byte header), or None.

    An empty file, a size that is no whole number of pages, a header that is not SQLite's, or a
    file shorter than the page count its header declares (truncated).
    """
    if path.is_dir():
        return "这是一个目录，不是数据库文件"
    size = path.stat().st_size
    if size == 0:
        return "文件为空（0 字节）"
    with open(path, "rb") as fh:
        header = fh.read(100)
    if size % 512:
        return Reason("not_whole_pages", size)
    if not header.startswith(_SQLITE_MAGIC):
        return None if size >= 1024 else "不是数据库文件"  # an encrypted store has no clear header
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change, valid_for = header[24:28], header[92:96]
    pages = int.from_bytes(header[28:32], "big")
    if change == valid_for and pages and size < pages * page_size:
        return Reason("shorter_than_header", size, pages * page_size)
    return None


def list_backups(path: Path) -> list[Path]:
    """Backups of the store at ``path`` (``NAME.bak-STAMP``) that are whole, newest first."""
    found = sorted(path.parent.glob(f"{path.name}.bak-*"), key=lambda p: p.name, reverse=True)
    good = []
    for backup in found:
        try:
            if damage_of(backup) is None and _quick_check(backup):
                good.append(backup)
        except Exception:  # unreadable, other key
            continue
    return good


def is_plaintext(path: Path) -> bool:
    """True for an unencrypted SQLite file (a store written before encryption at rest)."""
    with open(path, "rb") as fh:
        return fh.read(16) == _SQLITE_MAGIC


# SQLCipher's own log goes to stderr by default ("ERROR CORE sqlcipher_page_cipher: hmac check failed
# …" for a wrong key or a file that is no store): English lines on the terminal beside the Chinese
# message the store gives for the same fault (StoreCorruptError, restore's refusal). No database access.
_QUIET = "PRAGMA cipher_log_level = NONE"


def _key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _uri_path(path: Path | str) -> str:
    """``path`` as the path of an SQLite ``file:`` URI: a ``%``, ``?`` or ``#`` in a folder's name
    (a USB stick's) would otherwise end the path or start an escape."""
    return str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def raw_connect(path: Path, key: bytes | None = None, *, readonly: bool = False, settled: bool = False):
    """A DB-API connection (sqlcipher3) to a store file: keyed unless the file is plaintext.

    ``settled``: a file nothing writes any more (a backup, a file being restored from), opened
    read-only and immutable: SQLite takes no lock and makes no ``-shm`` / ``-wal`` beside it. A
    backup copies the store's pages, WAL flag included, and a read-only connection to a WAL file
    creates both side files and, unable to checkpoint, leaves them behind when it closes."""
    import sqlcipher3  # type: ignore[import-untyped]

    query = "?mode=ro&immutable=1" if settled else "?mode=ro" if readonly else ""
    conn = sqlcipher3.connect(f"file:{_uri_path(path)}" + query, uri=True, isolation_level=None)
    conn.execute(_QUIET)
    if key is not None and not (Path(path).exists() and Path(path).stat().st_size and is_plaintext(Path(path))):
        conn.execute(_key_pragma(key))
    return conn


def _existing_key() -> bytes | None:
    from counter_app.storage.crypto import store_key

    try:
        return store_key(create=False)
    except Exception:  # no usable keyring
        return None


def _quick_check(path: Path) -> bool:
    conn = raw_connect(path, _existing_key(), settled=True)      # a backup: no side files
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def backup_problem(backup: Path, key: bytes | None = None) -> str | None:
    """Why ``backup`` cannot be put back as this workstation's store (Chinese, for the clerk), or None.

    Beyond a whole file (``damage_of``) it must open with this workstation's key, pass SQLite's
    quick check and carry this program's schema: a foreign file (the centre's database, another
    workstation's store, a store of a newer version) is refused before anything is moved.
    """
    backup = Path(backup)
    if not backup.is_file():
        return "文件不存在" if not backup.exists() else "这不是一个文件"
    with open(backup, "rb") as fh:
        if fh.read(len(PASSPHRASE_BACKUP_MAGIC)) == PASSPHRASE_BACKUP_MAGIC:    # store backup's (store_backup)
            return Reason("failure", "这是用口令加密的备份（counter-app store backup 所做），"
                                     "请用 counter-app store restore --backup 该文件 恢复，并输入备份口令")
    damage = damage_of(backup)
    if damage:
        return damage
    if key is None and not is_plaintext(backup):
        key = _existing_key()
    try:
        conn = raw_connect(backup, key, settled=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "数据库文件结构损坏"
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = ({row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
                         if "alembic_version" in tables else set())
        finally:
            conn.close()
    except Exception as exc:   # not a database, another key, unreadable
        return _sqlite_reason(exc)
    if not revisions:
        return Reason("not_a_store")
    unknown = revisions - known_revisions()
    if unknown:
        return Reason("unknown_schema", ", ".join(sorted(unknown)))
    return None


def restore_backup(path: Path, backup: Path | None = None, *, aside_label: str = "corrupt") -> tuple[Path, Path]:
    """Put ``backup`` (default: the newest good one) back at ``path``; the damaged file and its
    WAL are moved aside (``NAME.corrupt-STAMP``), never deleted. Returns (backup, aside).

    The backup is checked (``backup_problem``) and copied to a temporary file first; the store in
    place is moved aside only once that copy is whole, so a refused or failed restore leaves the
    store exactly as it was."""
    path = Path(path)
    if backup is None:
        backups = list_backups(path)
        if not backups:
            raise StoreError.of("no_backup", path)
        backup = backups[0]
    backup = Path(backup)
    key = _existing_key()
    problem = backup_problem(backup, key)
    if problem:
        raise StoreError.of("backup_unusable", problem, backup)
    tmp = path.with_name(f"{path.name}.restoring")
    tmp.unlink(missing_ok=True)
    try:
        _create_private(tmp)
        src = raw_connect(backup, key, settled=True)
        try:
            dst = raw_connect(tmp, key if not is_plaintext(backup) else None)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        reason = (_sqlite_reason(exc) if not isinstance(exc, OSError)
                  else Reason("cannot_write", path.parent, exc.strerror, plain=plain_message(exc)))
        raise StoreError.of("restore_failed", reason, backup) from exc
    aside = put_in_place(path, tmp, aside_label)
    log.warning("store %s restored from backup %s; damaged file kept at %s", path, backup, aside)
    return backup, aside


def put_in_place(path: Path, tmp: Path, aside_label: str) -> Path:
    """Move the store at ``path`` and its WAL aside (``NAME.<aside_label>-STAMP``, never deleted) and
    put the whole, checked file ``tmp`` in its place; returns where the old one went."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = path.with_name(f"{path.name}.{aside_label}-{stamp}")   # corrupt, or replaced (a healthy store, --force)
    if path.exists():
        path.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    os.replace(tmp, path)
    return aside


def _create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (SQLite gives its -wal and -shm the same mode)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _on_connect(dbapi_conn, _record, key: bytes | None = None) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's SQLite recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(_QUIET)
    if key is not None:
        cur.execute(_key_pragma(key))   # first statement on the database (SQLCipher)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    cur.close()


def zero_deleted(session) -> None:
    """From here on, ``session``'s connection overwrites with zeros what it deletes or replaces
    (``PRAGMA secure_delete``), in the store file and its WAL, instead of leaving it in free pages
    until they are reused: for the transactions that remove personal data (the field laptop's wipes,
    外勤笔记本: 用完即清除). The connection keeps the setting in the pool; only a field laptop's
    connections ever take it, and its writes are few."""
    session.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the store file through SQLCipher (``sqlcipher3``), keyed with ``key`` (a raw
    256-bit key: no passphrase derivation) — or unkeyed for a plaintext file."""
    import sqlcipher3.dbapi2  # type: ignore[import-untyped]

    engine = create_engine(
        f"sqlite:///{path}", module=sqlcipher3.dbapi2,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # a failing statement's exception never carries its bound values (names, addresses, free
        # text the log's masking does not recognise)
        hide_parameters=True,
    )
    event.listen(engine, "connect", lambda conn, record: _on_connect(conn, record, key))

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
            raise StoreError.of("migration_header", path.name)
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


def _key_for(path: Path, *, create: bool) -> bytes:
    from counter_app.storage.crypto import keyring_install_hint, store_key

    try:
        key = store_key(create=create)
    except PermissionError as exc:   # a plaintext keyring outside tests and the demo
        raise StoreError.of("keyring_plaintext", exc, keyring_install_hint()) from exc
    except Exception as exc:  # keyring locked, missing
        if type(exc).__name__ == "NoKeyringError":   # no Secret Service at all (a fresh install)
            raise StoreError.of("no_keyring", keyring_install_hint()) from exc
        if type(exc).__name__ == "KeyringLocked":    # the desktop's keyring is locked (a headless session, a timeout)
            raise StoreError.of("keyring_locked") from exc
        raise StoreError.of("keyring_failed", type(exc).__name__) from exc
    if key is None:
        raise StoreError.of("key_missing", path)
    return key


def _is_damage(exc: BaseException | None) -> bool:
    import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

    if isinstance(exc, (sqlite3.OperationalError, dbapi.OperationalError)):
        return "not a database" in str(exc) or "malformed" in str(exc)
    if isinstance(exc, MemoryError):    # SQLCipher's answer to a page that does not decrypt (SQLITE_NOMEM)
        return True
    return isinstance(exc, (sqlite3.DatabaseError, dbapi.DatabaseError))


_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "vtable constructor failed")


def damage_in(exc: BaseException) -> str | None:
    """Why a failure met while using the store (a command's query, a write) is the file's damage
    (Chinese, as :func:`_sqlite_reason` / :meth:`Store.damage` word it), or None for any other fault.

    SQLite's "database disk image is malformed" / "file is not a database" (through SQLAlchemy: its
    ``orig``), and the ``MemoryError`` sqlcipher3 raises when a damaged page does not decrypt
    (SQLITE_NOMEM) — only when raised by a statement (a frame of SQLAlchemy's engine or the DB-API
    in its traceback), never the interpreter running out of memory elsewhere."""
    seen: set[int] = set()
    chain: BaseException | None = exc
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        orig = getattr(chain, "orig", None)
        for candidate in (chain, orig):
            if candidate is None:
                continue
            text = str(candidate).lower()
            names = {cls.__name__ for cls in type(candidate).__mro__}
            if names & {"DatabaseError", "OperationalError"} and any(w in text for w in _DAMAGE_WORDS):
                return _sqlite_reason(candidate) if "not a database" in text else "数据库文件结构损坏"
            if isinstance(candidate, MemoryError) and _raised_by_a_statement(candidate):
                return "数据库文件结构损坏"
        chain = chain.__cause__ or chain.__context__
    return None


def _raised_by_a_statement(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/sqlalchemy/engine/" in name or "/sqlcipher3/" in name or name.endswith("counter_app/storage/db.py"):
            return True
        tb = tb.tb_next
    return False


# doctor's database check: SQLite's quick check, stopped after this many seconds (a 2 GiB store takes
# more than a minute; ``store check`` runs it whole). What it read by then is checked.
PROBE_SECONDS = 5.0


def probe_damage(path: Path, key: bytes | None, seconds: float = PROBE_SECONDS) -> tuple[str | None, bool]:
    """(why the store's pages are damaged or None, whether the check finished): ``PRAGMA
    quick_check`` on a read-only keyed connection, interrupted after ``seconds`` (SQLite's progress
    handler) so doctor stays quick on a big store; an unfinished check found nothing in the pages it
    read (the B-trees from the first table on)."""
    import time

    import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

    deadline = time.monotonic() + seconds
    conn = raw_connect(path, key, readonly=True)
    try:
        conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
        try:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        except (sqlite3.OperationalError, dbapi.OperationalError) as exc:
            if "interrupt" in str(exc).lower():
                return None, False
            raise
        except MemoryError:
            return "数据库文件结构损坏", True
    finally:
        conn.close()
    return (None if rows and rows[0][0] == "ok" else "数据库文件结构损坏"), True


FULL_BELOW_BYTES = 1 << 20     # less free space than this for the program's user: the disk is full


def disk_full(path: Path, exc: BaseException | None = None) -> bool:
    """True when opening the store at ``path`` failed because its disk is full: SQLite says "disk
    I/O error" (or "database or disk is full", ENOSPC) and the data directory has (almost) no space
    left for this user (``statvfs``' available blocks)."""
    import errno

    text = str(exc or "").lower()
    if exc is not None and not ("disk i/o error" in text or "disk is full" in text
                                or getattr(exc, "errno", None) == errno.ENOSPC):
        return False
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):    # no statvfs (Windows): the disk's free space through shutil
        import shutil

        try:
            return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
        except OSError:
            return False
    return st.f_bavail * st.f_frsize < FULL_BELOW_BYTES


def _sqlite_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "malformed" in text:
        return "数据库文件结构损坏"
    if "not a database" in text:
        return "不是数据库文件或密钥不符"
    return "数据库文件无法读取"


def backup_file(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = path.with_name(f"{path.name}.bak-{stamp}")
    key = None if is_plaintext(path) else _existing_key()
    _create_private(dest)
    src = raw_connect(path, key)
    try:
        dst = raw_connect(dest, key)   # SQLCipher copies pages: the backup has the store's key
        src.backup(dst)
        dst.close()
    finally:
        src.close()
    return dest


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Turn a plaintext store (or backup) into an SQLCipher one keyed with ``key``: exported to a
    0600 temporary file, checked, then swapped in; the plaintext WAL is checkpointed first."""
    tmp = path.with_name(path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    _create_private(tmp)
    conn = raw_connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(tmp),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        user_version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    check = raw_connect(tmp, key, readonly=True)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError.of("encrypt_failed", path)
    finally:
        check.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(tmp, path)


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
        existed = path.exists()
        if path.is_dir():     # not a damaged store: nothing to restore over it
            raise StoreError.of("directory", path)
        if existed:
            damage = damage_of(path)
            if damage:
                raise StoreCorruptError(path, damage, list_backups(path))
        plaintext = existed and is_plaintext(path)
        key = _key_for(path, create=not existed or plaintext)
        if plaintext:
            cls._encrypt_plaintext(path, key)
        if existed:
            for side in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                if side.exists():
                    os.chmod(side, 0o600)
        else:
            _create_private(path)
        engine = make_engine(path, key)
        try:
            current = current_revisions(engine)
        except Exception as exc:  # locked, unreadable
            orig = getattr(exc, "orig", None)
            engine.dispose()
            if disk_full(path, orig or exc):     # SQLite says "disk I/O error": not the file's damage
                raise StoreError.of("disk_full", path, path.parent) from exc
            if _is_damage(orig):
                raise StoreCorruptError(path, _sqlite_reason(orig or exc), list_backups(path)) from exc
            raise StoreError.of("open_failed", path, Reason("failure", orig or exc, plain=plain_message(orig or exc))) from exc
        unknown = current - known_revisions()
        if unknown:
            engine.dispose()
            raise StoreTooNewError.of("too_new", path, ", ".join(sorted(unknown)))
        heads = script_heads()
        if migrate and current != heads:
            if existed and current:
                dest = backup_file(path)
                log.info("migrating store %s from %s; backup at %s", path, sorted(current), dest)
            cls._upgrade(engine)
        return cls(path, engine)

    @staticmethod
    def _encrypt_plaintext(path: Path, key: bytes) -> None:
        """A store from before encryption at rest: it and its backups are encrypted in place."""
        encrypt_in_place(path, key)
        for backup in path.parent.glob(f"{path.name}.bak-*"):
            try:
                if backup.stat().st_size and is_plaintext(backup):
                    encrypt_in_place(backup, key)
                    os.chmod(backup, 0o600)
            except Exception:  # a damaged old backup stays as it is
                log.warning("could not encrypt old backup %s", backup.name)
        log.info("store %s encrypted in place (SQLCipher)", path)

    @staticmethod
    def _upgrade(engine: Engine) -> None:
        from alembic import command

        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "heads")

    def schema_revisions(self) -> set[str]:
        return current_revisions(self.engine)

    def damage(self) -> str | None:
        """Why this store's pages are damaged (SQLite's ``PRAGMA quick_check`` through the store's
        own keyed connection), or None. ``open`` checks the header and the schema version only: a
        page of a table overwritten passes them and fails the first write that touches it. Reads and
        decrypts every page: 0.4 s for a store of 1,000 cases (20 MiB), 72 s for 100,000 (2.1 GiB,
        bench growth's stores) on the 2-core test machine."""
        try:
            with self.engine.connect() as conn:
                first = conn.exec_driver_sql("PRAGMA quick_check").fetchone()
        except Exception as exc:
            import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

            orig = getattr(exc, "orig", None) or exc
            text = str(orig).lower()
            if not isinstance(orig, (sqlite3.DatabaseError, dbapi.DatabaseError)) or "locked" in text or "busy" in text:
                raise            # not the file's fault (another program holds it): said as it is
            # the check itself stopped on a damaged page ("malformed"; a full-text index whose pages
            # are damaged: "vtable constructor failed")
            return _sqlite_reason(orig) if "not a database" in text else "数据库文件结构损坏"
        return None if first is not None and first[0] == "ok" else "数据库文件结构损坏"

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
