"""The payloads of the received outbox entries, encrypted at rest (``received_entries.payload``).

A pushed entry's payload carries the applicant's personal data (names, phones, addresses,
certification results; GB/T 39786-2021 level 3: confidentiality of important data at rest; PIPL
art. 51). The centre stores it sealed with SM4-GCM (the national block cipher, cryptography's
``algorithms.SM4`` in GCM mode: an AEAD) under the centre's entry key, ``entry-key`` in the
centre's config dir (mode 0600 in a 0700 folder; ``COUNTER_CENTRAL_ENTRY_KEY`` names another
file) — kept apart from the database, so a copy of the database (a dump, a backup) reads no
payload. The key file holds one key per line, ``VERSION:HEX`` (as the person key,
counter_central.samecase); ``received_entries.payload_key`` is the version each row was sealed
under, so the key can be rotated (``counter-central sync entry-key rotate | status | retire``).

Stored text: base64 of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). The additional data binds
the row's id and key version: a sealed payload copied onto another row does not open.

Every reader of a stored payload goes through :func:`opened` (or :func:`opened_json`); every
writer through :func:`seal`. The key is made on first use only while no row is sealed: a centre
whose rows are sealed under a key version its file lacks (the file lost, or another file named)
refuses to start (:func:`check_ready`, a Chinese :class:`EntryKeyError`) instead of failing
request by request.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from counter_central.db import ReceivedEntry
from counter_central.key_file import KeyVersions, VersionedKeyFile

KEY_ENV = "COUNTER_CENTRAL_ENTRY_KEY"
KEY_BYTES = 16            # SM4: a 128-bit key
NONCE_BYTES = 12
TAG_BYTES = 16
RETIRE_BATCH = 500


class EntryKeyError(Exception):
    """The centre's entry key is missing, unreadable, too widely readable or not the one a stored
    payload was sealed under (message Chinese)."""


def default_key_file() -> Path:
    from counter_central.export_key import central_key_file

    return central_key_file(KEY_ENV, "entry-key")


@dataclass(frozen=True)
class EntryKeys(KeyVersions):
    """The centre's entry keys by version (密钥版本): new rows are sealed under the newest."""

    ciphers: dict[int, algorithms.SM4] = field(default_factory=dict, compare=False, repr=False)

    def _cipher(self, version: int) -> algorithms.SM4:
        """The key's cipher object, made once per version (a quarter of a row's sealing cost was
        making it again: ~6 of ~25 µs, ten thousand times a sync round)."""
        if version not in self.ciphers:
            self.ciphers[version] = algorithms.SM4(self.keys[version])
        return self.ciphers[version]

    def seal(self, entry_id: str, text: str) -> tuple[int, str]:
        """(key version, sealed text) of the payload ``text`` of row ``entry_id``."""
        version = self.newest
        nonce = os.urandom(NONCE_BYTES)
        enc = Cipher(self._cipher(version), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(_aad(entry_id, version))
        body = enc.update(text.encode("utf-8")) + enc.finalize()
        return version, base64.b64encode(nonce + body + enc.tag).decode("ascii")

    def open(self, entry_id: str, version: int, stored: str) -> str:
        """The payload text of row ``entry_id`` sealed under ``version``; :class:`EntryKeyError`
        when the file lacks that version or the text does not open under it."""
        key = self.keys.get(version)
        if key is None:
            raise EntryKeyError(f"记录 {entry_id} 由版本 {version} 的记录加密密钥加密，而密钥文件 {self.path} 中没有该版本："
                                "请恢复原密钥文件后再试")
        try:
            raw = base64.b64decode(stored, validate=True)
        except (ValueError, binascii.Error):
            raw = b""
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise EntryKeyError(f"记录 {entry_id} 的内容不是加密后的内容（数据库被改动过）：请联系信息安全管理员")
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        dec = Cipher(self._cipher(version), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(_aad(entry_id, version))
        try:
            return (dec.update(body) + dec.finalize()).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError):
            raise EntryKeyError(f"记录 {entry_id} 的内容无法用版本 {version} 的记录加密密钥解开（密钥文件 {self.path} "
                                "不是加密时的那一个，或记录被改动过）：请恢复原密钥文件，或联系信息安全管理员") from None


def _aad(entry_id: str, version: int) -> bytes:
    return f"received_entries:{entry_id}:{version}".encode("utf-8")


# ------------------------------------------------------------------------------------ the key file

KEY_FILE = VersionedKeyFile(locate=default_key_file, noun="记录加密密钥", users="记录", error=EntryKeyError,
                            kind=EntryKeys, key_bytes=KEY_BYTES)


def entry_keys(path: Path | None = None, *, create: bool = False) -> EntryKeys:
    """The centre's entry keys, read again whenever the file changed (a rotation seen by a running
    centre at its next request); the file made (version 1) when missing and ``create``.
    :class:`EntryKeyError` when missing (and not ``create``), unreadable or readable by others."""
    return KEY_FILE.read(path, create=create)


# ------------------------------------------------------------------------------------ readers and writers

# what a reader selects of a row to open its payload: ``opened(*row)`` / ``opened_json(*row)``
PAYLOAD = (ReceivedEntry.id, ReceivedEntry.payload_key, ReceivedEntry.payload)


def sealer(conn) -> EntryKeys:
    """The keys a push seals its rows under (``conn``: its session or connection). The file is
    made when missing only while no row is stored (:func:`check_ready` has refused to start a
    centre whose sealed rows need a file that is not there; a file gone since is an error, never
    a new key over rows sealed under the old one)."""
    from sqlalchemy import select

    path = default_key_file()
    if not path.exists() and conn.execute(select(ReceivedEntry.id).limit(1)).first() is None:
        return entry_keys(path, create=True)
    return _current(fresh=True)      # a rotation seals the very next push under the new version


_HELD: dict[str, tuple[float, EntryKeys]] = {}      # where the key file is → (when read, its keys)
FRESH_SECONDS = 1.0


def _current(*, fresh: bool = False) -> EntryKeys:
    """The entry keys, the file looked at again at most once a second unless ``fresh`` (a stat per
    payload read cost more than opening it; a retired version's rows are sealed again before it
    leaves the file, and a version not held yet is looked for at once: :func:`opened`)."""
    where = f"{os.environ.get(KEY_ENV)}|{os.environ.get('COUNTER_APP_HOME')}"   # what default_key_file reads
    now = time.monotonic()
    held = _HELD.get(where)
    if fresh or held is None or now - held[0] > FRESH_SECONDS:
        held = _HELD[where] = (now, entry_keys(default_key_file()))
    return held[1]


def opened(entry_id: str, version: int, stored: str) -> str:
    """THE reader of a stored payload: the clear text of row ``entry_id`` (its ``payload_key`` and
    ``payload`` columns). :class:`EntryKeyError` (Chinese; the centre answers 503) when it cannot
    be opened."""
    keys = _current()
    if version not in keys.keys:          # sealed under a version rotated in since the file was read
        keys = _current(fresh=True)
    return keys.open(entry_id, version, stored)


def opened_json(entry_id: str, version: int, stored: str) -> Any:
    """:func:`opened`, parsed (None when the text is no JSON)."""
    try:
        return json.loads(opened(entry_id, version, stored))
    except ValueError:
        return None


def _per_version(conn) -> dict[int, int]:
    """key version → how many rows are sealed under it."""
    from sqlalchemy import func, select

    found = conn.execute(select(ReceivedEntry.payload_key, func.count()).group_by(ReceivedEntry.payload_key))
    return {int(v): int(n) for v, n in found}


def check_ready(engine) -> EntryKeys:
    """At start (after the migrations): the key file holds every version a stored row was sealed
    under, and each opens its rows (one row per version tried). The file is made when missing and
    no row is sealed yet (a new centre). :class:`EntryKeyError` (Chinese, with what to do) otherwise."""
    from sqlalchemy import select

    with engine.connect() as conn:
        versions = _per_version(conn)
        path = default_key_file()
        if not versions:
            return entry_keys(path, create=True)
        if not path.exists():
            raise EntryKeyError(f"中心的记录加密密钥文件 {path} 不存在，而数据库中已有 {sum(versions.values())} 条业务记录"
                                f"由它加密：请恢复该密钥文件（或用环境变量 {KEY_ENV} 指向它）后再启动中心服务")
        keys = entry_keys(path)
        lacking = sorted(v for v in versions if v not in keys.keys)
        if lacking:
            n = sum(versions[v] for v in lacking)
            raise EntryKeyError(f"中心的记录加密密钥文件 {path} 中没有版本 {'、'.join(map(str, lacking))} 的密钥，"
                                f"而数据库中有 {n} 条业务记录由它们加密：请恢复原密钥文件后再启动中心服务")
        for version in sorted(versions):
            row = conn.execute(select(ReceivedEntry.id, ReceivedEntry.payload)
                               .where(ReceivedEntry.payload_key == version).limit(1)).one()
            keys.open(row[0], version, row[1])
        return keys


# ------------------------------------------------------------------------------------ rotation
# ``counter-central sync entry-key rotate | status | retire VERSION`` (an IT command on the centre's host)

def key_status(s) -> dict:
    """The key file, its versions (the newest seals new rows) and how many rows each sealed;
    ``missing``: versions rows name that the file no longer holds."""
    return KEY_FILE.status(_per_version(s))


def rotate_key() -> int:
    """Add a new key version (new rows are sealed under it from now on) and return its number."""
    return KEY_FILE.rotate()


def retire_key(s, version: int) -> int:
    """Seal every row sealed under ``version`` again under the newest key (committed in batches:
    a row is only ever under a key the file holds), then delete ``version`` from the file.
    Refused for the newest version and one the file does not hold. Returns the rows sealed again."""
    from sqlalchemy import select, update

    def reseal(keys: EntryKeys) -> int:
        done = 0
        while rows := s.execute(select(ReceivedEntry.id, ReceivedEntry.payload).where(ReceivedEntry.payload_key == version)
                                .order_by(ReceivedEntry.id).limit(RETIRE_BATCH)).all():
            for row_id, stored in rows:
                new_version, sealed = keys.seal(row_id, keys.open(row_id, version, stored))
                s.execute(update(ReceivedEntry).where(ReceivedEntry.id == row_id, ReceivedEntry.payload_key == version)
                          .values(payload=sealed, payload_key=new_version))
            s.commit()
            done += len(rows)
        return done

    return KEY_FILE.retire(version, reseal)


# ------------------------------------------------------------------------------------ in clear beside it

def number_of(kind: str, aggregate_type: str, payload: Any) -> str | None:
    """What ``received_entries.number`` keeps in clear of a payload: a case entry's 办件编号
    (``case_no``) or a document entry's 文号 (``number``), stripped — no personal data — so the push
    finds a number another case or document holds without opening payloads."""
    name = ("case_no" if aggregate_type == "case"
            else "number" if aggregate_type == "document" or kind == "document.issued" else None)
    value = payload.get(name) if name and isinstance(payload, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
