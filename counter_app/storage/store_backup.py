"""Passphrase backups of the local store (``counter-app store backup`` / ``store restore``): a copy
the hall's IT staff carry to another machine, unreadable without the passphrase they typed.

The store itself is keyed with a random raw key kept only in this machine's keyring; a copy keyed
with it (the automatic ``.bak-`` backups) cannot be opened anywhere else, and one keyed with nothing
would give away every applicant on a lost USB stick. So a passphrase backup is one file:

``MAGIC`` · header length (4 bytes, big-endian) · header (JSON, clear) · sealed length (4 bytes) ·
sealed block · the SQLCipher database

- **Key derivation.** Argon2id (``argon2-cffi``, already the product's password hash) of the
  passphrase (NFC, UTF-8) with a random 16-byte salt and the product's parameters
  (counter_protocol.passwords: 3 passes, 64 MiB, 4 lanes — each guess costs an attacker that memory),
  48 bytes: the first 32 are the database's raw SQLCipher key, the last 16 the SM4 key of the sealed
  block. The parameters and the salt are in the header, so later versions can raise them and still
  read this one. Why not SQLCipher's own passphrase key (``ATTACH … KEY 'passphrase'``): its
  PBKDF2-HMAC-SHA512 is not memory-hard, the passphrase would have to be quoted into SQL, and a
  wrong passphrase could not be told from a damaged file. Argon2id rather than ``hashlib.scrypt``:
  the RFC 9106 choice, and the library and parameters the product already uses for passwords.
- **Header (clear, not personal).** Format, KDF, and what a restore checks before it replaces
  anything: 工作站编号, office code, schema revisions, created-at (UTC), program version, the build that
  wrote it (counter_protocol.build: ``store restore`` says it), database size.
- **Sealed block.** SM4-GCM (storage.crypto) under the second key, the magic and the header its
  additional data:
  it proves the passphrase (a wrong one fails here, before the database is touched, and is said as
  such) and that the header was not edited, and it carries the keyring keys the store's sealed
  columns need (the store's data key for photos and signatures, the purpose keys: records,
  biometrics, field, archive, drafts) — without them a store restored on new hardware would open
  but its fingerprints, photos and signatures would not.
- **Database.** ``sqlcipher_export`` of the live store inside one read transaction (a consistent
  snapshot while the window keeps working; WAL readers do not block the writer) into a file keyed
  with the derived raw key. Written beside the destination as ``.NAME.partial-*`` (0600), fsynced,
  renamed over nothing (an existing file needs ``force``), the folder fsynced.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import shutil
import struct
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from counter_app.files import output_refusal
from counter_protocol.build import full_version
from counter_protocol.file_problems import file_problem
from counter_app.storage.db import (
    PASSPHRASE_BACKUP_MAGIC,
    StoreError,
    _create_private,
    _key_for,
    backup_problem,
    known_revisions,
    raw_connect,
)

log = logging.getLogger(__name__)

MAGIC = PASSPHRASE_BACKUP_MAGIC         # b"SZSI-COUNTER-STORE-BACKUP\n"
FORMAT = 1
MIN_PASSPHRASE = 12
KDF = "argon2id"
# the purpose keys (counter-app:store-key / <purpose>) whose data lives in the store's tables or files
PURPOSES = ("records", "biometrics", "field", "archive", "drafts")
_COPY = 1 << 20


class BackupError(StoreError):
    """A passphrase backup that cannot be made or used; the message is for the IT staff (Chinese)."""


class WrongPassphrase(BackupError):
    pass


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` is not good enough for a backup (Chinese), or None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return (f"备份口令太短：至少 {MIN_PASSPHRASE} 个字符（可用一句话或几个词），"
                "备份文件离开本机后只有它能保护其中的个人信息。")
    if len(set(passphrase)) < 4:
        return "备份口令过于简单（字符种类太少），请换一个。"
    return None


def _kdf_params() -> dict:
    from counter_protocol import passwords

    return {"name": KDF, "t": passwords.TIME_COST, "m": passwords.MEMORY_COST, "p": passwords.PARALLELISM,
            "salt": secrets.token_hex(16)}


def _derive(passphrase: str, kdf: dict) -> tuple[bytes, bytes]:
    """(raw SQLCipher key, SM4 key of the sealed block) of ``passphrase`` under the header's KDF."""
    from argon2.low_level import Type, hash_secret_raw

    if kdf.get("name") != KDF or not (1 <= int(kdf["t"]) <= 64 and 8 <= int(kdf["m"]) <= 2**22
                                      and 1 <= int(kdf["p"]) <= 64):
        raise ValueError("unknown key derivation")     # an edited or foreign header: said as damaged
    material = hash_secret_raw(unicodedata.normalize("NFC", passphrase).encode("utf-8"), bytes.fromhex(kdf["salt"]),
                               time_cost=int(kdf["t"]), memory_cost=int(kdf["m"]), parallelism=int(kdf["p"]),
                               hash_len=48, type=Type.ID)
    return material[:32], material[32:]


def is_passphrase_backup(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


@dataclass
class BackupHeader:
    meta: dict          # the clear header
    raw: bytes          # its bytes, as sealed over
    sealed: bytes
    db_offset: int


def read_header(path: Path) -> BackupHeader:
    """The clear header of a passphrase backup; :class:`BackupError` for a file that is not one whole."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise BackupError("不是柜面客户端的口令备份文件")
            (n,) = struct.unpack(">I", fh.read(4))
            raw = fh.read(n)
            (m,) = struct.unpack(">I", fh.read(4))
            sealed = fh.read(m)
            offset = fh.tell()
    except (struct.error, OSError) as exc:
        raise BackupError(f"备份文件不完整或无法读取（{exc.__class__.__name__}）") from None
    if len(raw) != n or len(sealed) != m:
        raise BackupError("备份文件不完整（文件被截断）")
    try:
        meta = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise BackupError("备份文件头已损坏") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise BackupError(f"备份文件格式（{meta.get('format') if isinstance(meta, dict) else '?'}）"
                          "本程序不认识：可能由更新版本的程序写入")
    return BackupHeader(meta, raw, sealed, offset)


def written_by(meta: dict) -> str:
    """The build that wrote a backup (its header's ``build``); a backup made before builds were
    recorded names only its release (``program_version``)."""
    build, release = meta.get("build"), meta.get("program_version")
    return str(build) if isinstance(build, str) and build else (f"{release}（构建未记录）" if release else "未记录")


def _keyring_keys(data_key_id: str | None) -> dict:
    """The keyring entries the store's sealed data needs (hex text as the keyring holds it): the
    purpose keys there are, and the store's data key ``data_key_id`` (its ``meta`` row)."""
    from counter_app.storage.crypto import KEYRING_SERVICE, STORE_KEYRING_SERVICE, _keyring

    kr = _keyring()
    keys: dict = {"purposes": {}, "data_key": None}
    for purpose in PURPOSES:
        value = kr.get_password(KEYRING_SERVICE, purpose)
        if value:
            keys["purposes"][purpose] = value
    if data_key_id:
        value = kr.get_password(STORE_KEYRING_SERVICE, data_key_id)
        if value:
            keys["data_key"] = {"id": data_key_id, "key": value}
    return keys


def destination_problem(dest: Path, *, force: bool) -> str | None:
    """Why a backup cannot be written at ``dest`` (Chinese), or None."""
    dest = Path(dest)
    if dest.is_dir():
        return f"{dest} 是一个目录，请给出备份文件名（如 {dest / 'counter-backup.ccbak'}）"
    taken = output_refusal(dest, force=force)        # the words every command that writes a file says
    if taken:
        return taken
    if dest.exists() and not dest.is_file():
        return f"{dest} 不是普通文件，不能覆盖"
    if not dest.parent.is_dir():
        return f"目录不存在：{dest.parent}（U 盘是否已插好并挂载？）"
    return None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:      # Windows: a folder does not open
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_backup(store_path: Path, dest: Path, passphrase: str, *, workstation_id: str, office_code: str,
                program_version: str, force: bool = False, build: str | None = None) -> dict:
    """Write a passphrase backup of the store at ``store_path`` to ``dest``; returns its header
    (plus ``path`` and ``bytes``). The header records the build that wrote it (``build``: this
    program's, counter_protocol.build.full_version, unless given). Raises :class:`BackupError` (Chinese)."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise BackupError(problem)
    store_path, dest = Path(store_path), Path(dest)
    if not store_path.exists():
        raise BackupError(f"本地数据库尚未建立：{store_path}，没有可备份的内容")
    refused = destination_problem(dest, force=force)
    if refused:
        raise BackupError(refused)
    from counter_app.storage.crypto import META_KEY_ID, _encrypt

    key = _key_for(store_path, create=False)
    kdf = _kdf_params()
    db_key, seal_key = _derive(passphrase, kdf)
    token = secrets.token_hex(4)
    part_db = dest.with_name(f".{dest.name}.partial-db-{token}")
    part = dest.with_name(f".{dest.name}.partial-{token}")
    try:
        _create_private(part_db)
        conn = raw_connect(store_path, key)
        try:
            conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(part_db), f"x'{db_key.hex()}'"))
            conn.execute("BEGIN")     # one read snapshot of every table (WAL: the writer goes on)
            try:
                conn.execute("SELECT sqlcipher_export('backup')")
                user_version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
                conn.execute(f"PRAGMA backup.user_version = {user_version}")
                revisions = sorted(r[0] for r in conn.execute("SELECT version_num FROM main.alembic_version"))
                row = conn.execute("SELECT value FROM main.meta WHERE key = ?", (META_KEY_ID,)).fetchone()
                conn.execute("COMMIT")
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except Exception:  # SQLite rolled back itself (a full disk): the first error is the one to say
                    pass
                raise
            conn.execute("DETACH DATABASE backup")
        finally:
            conn.close()
        keys = _keyring_keys(row[0] if row else None)
        meta = {"format": FORMAT, "kind": "counter-app store", "kdf": kdf, "workstation_id": workstation_id,
                "office_code": office_code, "schema_revisions": revisions,
                "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "program_version": program_version, "build": build or full_version(),
                "database_bytes": part_db.stat().st_size}
        raw = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
        sealed = _encrypt(seal_key, json.dumps({"keys": keys}).encode("utf-8"), MAGIC + raw)
        _create_private(part)
        with open(part, "wb") as out, open(part_db, "rb") as src:
            out.write(MAGIC + struct.pack(">I", len(raw)) + raw + struct.pack(">I", len(sealed)) + sealed)
            shutil.copyfileobj(src, out, _COPY)
            out.flush()
            os.fsync(out.fileno())
        part_db.unlink()
        taken = output_refusal(dest, force=force)     # made meanwhile
        if taken:
            raise BackupError(taken)
        os.replace(part, dest)
        _fsync_dir(dest.parent)
    except BackupError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise BackupError(f"备份失败：{dest.parent} 所在的磁盘（U 盘）空间不足") from exc
        raise BackupError(f"无法写入备份文件 {dest}：{file_problem(exc, writing=True)}") from exc
    except Exception as exc:
        if "full" in str(exc).lower():       # SQLite: "database or disk is full" (the destination's disk)
            raise BackupError(f"备份失败：{dest.parent} 所在的磁盘（U 盘）空间不足") from exc
        log.error("store backup to %s failed: %r", dest, exc)     # the class name for IT, in the log only
        raise BackupError("备份失败：本地数据库无法读取") from exc
    finally:
        part_db.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
    log.info("store %s backed up (passphrase) to %s", store_path, dest)
    return {**meta, "path": str(dest), "bytes": dest.stat().st_size}


@dataclass
class OpenedBackup:
    """A passphrase backup whose passphrase is proven: its header, the database extracted to a
    private file beside the store (keyed with ``db_key``), and the keyring keys it carried."""
    meta: dict
    db_file: Path
    db_key: bytes
    keys: dict

    def discard(self) -> None:
        self.db_file.unlink(missing_ok=True)


def open_backup(path: Path, passphrase: str, work_dir: Path) -> OpenedBackup:
    """Prove ``passphrase`` against the backup at ``path`` and extract its database into ``work_dir``
    (0600), checked: whole, this program's schema. :class:`WrongPassphrase` / :class:`BackupError`."""
    from cryptography.exceptions import InvalidTag

    from counter_app.storage.crypto import _decrypt

    header = read_header(path)
    meta = header.meta
    try:
        db_key, seal_key = _derive(passphrase, meta["kdf"])
        plain = _decrypt(seal_key, header.sealed, MAGIC + header.raw)
    except InvalidTag:
        raise WrongPassphrase("备份口令不正确（或备份文件头被改动）") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"备份文件头已损坏（{type(exc).__name__}）") from None
    keys = json.loads(plain.decode("utf-8")).get("keys") or {}
    unknown = set(meta.get("schema_revisions") or []) - known_revisions()
    if unknown:
        raise BackupError(f"备份由更新版本的程序写入（结构版本 {', '.join(sorted(unknown))}，写入的程序 "
                          f"{written_by(meta)}），本程序（{full_version()}）无法使用。请先安装最新版本的柜面客户端")
    db_file = Path(work_dir) / f".restore-{secrets.token_hex(4)}.sqlite3"
    try:
        _create_private(db_file)
        with open(path, "rb") as src, open(db_file, "wb") as out:
            src.seek(header.db_offset)
            shutil.copyfileobj(src, out, _COPY)
            out.flush()
            os.fsync(out.fileno())
        if db_file.stat().st_size != int(meta.get("database_bytes", -1)):
            raise BackupError("备份文件不完整（数据库部分被截断）")
        problem = backup_problem(db_file, db_key)
        if problem:
            raise BackupError(f"备份中的数据库不能使用：{problem}")
    except OSError as exc:
        db_file.unlink(missing_ok=True)
        raise BackupError(f"无法写入 {work_dir}（{exc.strerror or exc}）") from exc
    except BaseException:
        db_file.unlink(missing_ok=True)
        raise
    return OpenedBackup(meta, db_file, db_key, keys)


def rekey_to(opened: OpenedBackup, target: Path, key: bytes) -> None:
    """Export the opened backup's database into ``target`` (new, 0600) keyed with ``key`` (this
    machine's store key), and check it."""
    _create_private(target)
    conn = raw_connect(opened.db_file, opened.db_key, settled=True)
    try:
        conn.execute("ATTACH DATABASE ? AS restored KEY ?", (str(target), f"x'{key.hex()}'"))
        conn.execute("SELECT sqlcipher_export('restored')")
        user_version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA restored.user_version = {user_version}")
        conn.execute("DETACH DATABASE restored")
    finally:
        conn.close()
    check = raw_connect(target, key)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("恢复出的数据库校验不通过")
    finally:
        check.close()
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def install_keys(keys: dict) -> list[str]:
    """Put the keyring keys a backup carried where this machine has none; returns the purposes whose
    key this machine already holds with another value (kept: data sealed here under it stays readable;
    that kind of data from the backup does not open)."""
    from counter_app.storage.crypto import KEYRING_SERVICE, STORE_KEYRING_SERVICE, _keyring, forget_cached_keys
    from counter_app.storage.keyring_access import LOCK

    kr = _keyring()
    kept: list[str] = []
    with LOCK:
        for purpose, value in sorted((keys.get("purposes") or {}).items()):
            if purpose not in PURPOSES:
                continue
            have = kr.get_password(KEYRING_SERVICE, purpose)
            if not have:
                kr.set_password(KEYRING_SERVICE, purpose, value)
            elif have != value:
                kept.append(purpose)
        data_key = keys.get("data_key")
        if data_key and not kr.get_password(STORE_KEYRING_SERVICE, data_key["id"]):
            kr.set_password(STORE_KEYRING_SERVICE, data_key["id"], data_key["key"])
    forget_cached_keys()
    return kept


def restore_passphrase_backup(path: Path, backup: Path, passphrase: str, *, aside_label: str = "corrupt",
                              expect_workstation: str | None = None) -> tuple[dict, Path, list[str]]:
    """Put the passphrase backup ``backup`` back as the store at ``path``, re-keyed with this
    machine's store key (made now on a fresh machine). Everything is checked before the store in
    place is moved aside: the passphrase, the header, the database, and — ``expect_workstation``
    given — that the backup is that 工作站编号's. Returns (header, aside, purposes kept)."""
    from counter_app.storage.db import put_in_place

    path, backup = Path(path), Path(backup)
    if not backup.is_file():
        raise BackupError.of("backup_unusable", "文件不存在" if not backup.exists() else "这不是一个文件", backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    opened = open_backup(backup, passphrase, path.parent)
    try:
        meta = opened.meta
        if expect_workstation is not None and meta.get("workstation_id") != expect_workstation:
            raise BackupError(
                f"备份属于工作站 {meta.get('workstation_id')}（{meta.get('office_code', '')}），本机配置的工作站编号是 "
                f"{expect_workstation}：不能用别的工作站的备份恢复本机（两台工作站会用同一编号编文号）。本地数据库未改动。"
                f"如果这台电脑是用来接替 {meta.get('workstation_id')} 的新硬件，请先把本机配置的工作站编号改为 "
                f"{meta.get('workstation_id')}（counter-app config init --interactive --force），再恢复。")
        key = _key_for(path, create=True)
        tmp = path.with_name(f"{path.name}.restoring")
        tmp.unlink(missing_ok=True)
        try:
            rekey_to(opened, tmp, key)
        except BackupError:
            tmp.unlink(missing_ok=True)
            raise
        except Exception as exc:
            tmp.unlink(missing_ok=True)
            raise BackupError(f"恢复失败（{type(exc).__name__}）：{exc}。本地数据库未改动。") from exc
    finally:
        opened.discard()
    kept = install_keys(opened.keys)
    aside = put_in_place(path, tmp, aside_label)
    log.warning("store %s restored from passphrase backup %s (workstation %s, %s); old file kept at %s",
                path, backup, meta.get("workstation_id"), meta.get("created_at"), aside)
    return meta, aside, kept
