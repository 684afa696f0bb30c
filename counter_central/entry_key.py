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

What the centre publishes for counters to pull (``changes.payload``: escalations and approval
requests with case details, the rosters of 上门认证 with pensioners' names, ID numbers and
addresses, decisions …) is sealed the same way, under the same key and versions
(``changes.payload_key``, c0034). Its cursor is given only at insert, so its additional data binds
what is fixed when it is written: a random id of its own (``changes.seal_id``), its kind, its
aggregate and its addressees (office, workstation). That is enough: a payload copied onto another
row — of another case, another kind, or another row of the same — does not open, and a row moved
to another office's or workstation's counters (``office_code`` / ``workstation_id`` changed in the
database) does not open either, so no one with the database alone can have the centre open a
payload for counters it was not published to. What the seal cannot say — a row deleted, or its
cursor changed — no at-rest seal says of any table; it reveals nothing to anyone.

Every reader of a stored payload goes through :func:`opened` (or :func:`opened_json`, given its
session: a row altered in the database is passed over, never a stop to the reader), of a
published change through :func:`opened_change` (or :func:`readable_changes`); every writer
through :func:`sealer` (and :meth:`EntryKeys.seal` / :func:`sealed_change`).

A row altered in the database cannot be sealed again, so a retirement of its version is refused,
naming it; ``entry-key status`` lists such rows under each version (:func:`unreadable_rows`), and
a person may set them aside (``entry-key retire VERSION --set-aside-unreadable``,
:func:`set_aside_unreadable`: moved, sealed text and version kept, into ``set_aside_payloads``
with who, when and why, each audited) — never when the key opens none of the version's rows.

A writer takes the keys inside its transaction, after the writers' lock (:func:`sealer`: on
PostgreSQL a shared transaction advisory lock, :data:`WRITERS_LOCK`; the centre's SQLite begins
every transaction with ``BEGIN IMMEDIATE``, holding the database's one write lock), so a
retirement's last pass (:func:`retire_key`, under the exclusive lock) sees every row sealed
under the version it retires, and no row is sealed under it after. The key is made on first use only while no row is sealed: a centre
whose rows are sealed under a key version its file lacks (the file lost, or another file named)
refuses to start (:func:`check_ready`, a Chinese :class:`EntryKeyError`) instead of failing
request by request.

Each version's key check value (:meth:`EntryKeys.check_value`: HMAC-SM3 of :data:`CHECK_LABEL`
under the key, truncated — nothing usable about the key) is stored in ``entry_key_checks`` (c0036)
by the first transaction sealing under it (:func:`_checked`, in :func:`sealer`; a version with rows
only once its key opens one), so a key file that is not a version's key is told apart from rows
altered in the database even when no row opens: a writer with another file is refused (503,
nothing committed) — two workers started with different files on an empty database no longer both
seal under version 1 — a start is refused (:func:`check_ready`, which records the newest version's
value when nothing is sealed under it yet: the second of two such workers is refused at its
start), ``entry-key status`` says so
(``key_check``), and with the value matching, a version whose only rows were altered can have them
set aside.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from counter_central.db import ChangeRow, EntryKeyCheck, ReceivedEntry
from counter_central import key_file
from counter_central.key_file import KeyVersions, VersionedKeyFile

KEY_ENV = "COUNTER_CENTRAL_ENTRY_KEY"
KEY_BYTES = 16            # SM4: a 128-bit key
NONCE_BYTES = 12
TAG_BYTES = 16
SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES      # what sealing adds to binary data (EntryKeys.seal_bytes)
RETIRE_BATCH = 500
# told how far a pass over a version's rows has come: (what, in Chinese; rows done; rows in all) —
# entry-key status and retire open or seal every row of a version, a long time on a centre of years
Progress = Callable[[str, int, int], None]
# the PostgreSQL advisory lock ("entry_ky") every transaction sealing rows holds shared, and a
# retirement's last pass exclusive (a transaction lock: released at commit or rollback)
WRITERS_LOCK = 0x656E_7472_795F_6B79
RETIRE_WAIT_SECONDS = 60.0       # how long a retirement waits for the writers' lock before it gives up
CHECK_LABEL = b"counter-central entry key check"     # what a key check value is the HMAC of

log = logging.getLogger(__name__)


class EntryKeyError(Exception):
    """The centre's entry key is missing, unreadable, too widely readable or not the one a stored
    payload was sealed under (message Chinese)."""


class SealBroken(EntryKeyError):
    """A stored payload that does not open under a key version the file holds: the row was altered
    in the database — or the file is another one of the same versions (:func:`readable_changes`
    tells the two apart)."""


def default_key_file() -> Path:
    from counter_central.export_key import central_key_file

    return central_key_file(KEY_ENV, "entry-key")


@dataclass(frozen=True)
class EntryKeys(KeyVersions):
    """The centre's entry keys by version (密钥版本): new rows are sealed under the newest."""

    ciphers: dict[int, algorithms.SM4] = field(default_factory=dict, compare=False, repr=False)
    # the versions whose key has opened a stored row (or matched the stored check value): a row that
    # does not open under one of them was altered in the database — the key is not the problem
    # (:func:`opened_json`)
    proven: set[int] = field(default_factory=set, compare=False, repr=False)
    checks: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def check_value(self, version: int) -> str:
        """The key check value (密钥校验值) of ``version``: HMAC-SM3 of :data:`CHECK_LABEL` under its
        key, the first :data:`key_file.CHECK_BYTES` bytes in hex (``entry_key_checks.check_value``)."""
        if version not in self.checks:
            self.checks[version] = check_value(self.keys[version])
        return self.checks[version]

    def _cipher(self, version: int) -> algorithms.SM4:
        """The key's cipher object, made once per version (a quarter of a row's sealing cost was
        making it again: ~6 of ~25 µs, ten thousand times a sync round)."""
        if version not in self.ciphers:
            self.ciphers[version] = algorithms.SM4(self.keys[version])
        return self.ciphers[version]

    def seal(self, entry_id: str, text: str) -> tuple[int, str]:
        """(key version, sealed text) of the payload ``text`` of row ``entry_id``."""
        return self._seal(f"received_entries:{entry_id}", text)

    def open(self, entry_id: str, version: int, stored: str) -> str:
        """The payload text of row ``entry_id`` sealed under ``version``; :class:`EntryKeyError`
        when the file lacks that version, :class:`SealBroken` when the text does not open under it."""
        return self._open(f"received_entries:{entry_id}", version, stored, f"记录 {entry_id}")

    def seal_change(self, bound: str, text: str) -> tuple[int, str]:
        """(key version, sealed text) of a published change's payload ``text`` (``bound``:
        :func:`change_bound` of its row)."""
        return self._seal(bound, text)

    def seal_bytes(self, bound: str, data: bytes) -> tuple[int, bytes]:
        """(key version, sealed bytes: nonce, ciphertext, tag) of binary ``data`` bound to ``bound``
        (an archive package's part or chunk: :func:`archive_bound`) — raw, not base64: a photographed
        page is stored as large as it came, plus :data:`SEAL_OVERHEAD` bytes."""
        version = self.newest
        nonce = os.urandom(NONCE_BYTES)
        enc = Cipher(self._cipher(version), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(f"{bound}:{version}".encode("utf-8"))
        body = enc.update(data) + enc.finalize()
        return version, nonce + body + enc.tag

    def open_bytes(self, bound: str, version: int, stored: bytes, what: str) -> bytes:
        """The bytes :meth:`seal_bytes` sealed under ``version`` bound to ``bound`` (``what``: the
        row, in messages); :class:`SealBroken` when they do not open."""
        return self._opened(bound, version, stored, what)

    def _seal(self, bound: str, text: str) -> tuple[int, str]:
        version, raw = self.seal_bytes(bound, text.encode("utf-8"))
        return version, base64.b64encode(raw).decode("ascii")

    def _open(self, bound: str, version: int, stored: str, what: str) -> str:
        """The text sealed under ``version`` bound to ``bound`` (``what``: the row, in messages)."""
        try:
            raw = base64.b64decode(stored, validate=True)
        except (ValueError, binascii.Error):
            raw = b""
        try:
            return self._opened(bound, version, raw, what).decode("utf-8")
        except UnicodeDecodeError:
            raise SealBroken(f"{what} 的内容无法用版本 {version} 的记录加密密钥解开（密钥文件 {self.path} "
                             "不是加密时的那一个，或记录被改动过）：请恢复原密钥文件，或联系信息安全管理员") from None

    def _opened(self, bound: str, version: int, raw: bytes, what: str) -> bytes:
        key = self.keys.get(version)
        if key is None:
            raise EntryKeyError(f"{what} 由版本 {version} 的记录加密密钥加密，而密钥文件 {self.path} 中没有该版本："
                                "请恢复原密钥文件后再试")
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise SealBroken(f"{what} 的内容不是加密后的内容（数据库被改动过）：请联系信息安全管理员")
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        dec = Cipher(self._cipher(version), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(f"{bound}:{version}".encode("utf-8"))
        try:
            data = dec.update(body) + dec.finalize()
        except InvalidTag:
            raise SealBroken(f"{what} 的内容无法用版本 {version} 的记录加密密钥解开（密钥文件 {self.path} "
                             "不是加密时的那一个，或记录被改动过）：请恢复原密钥文件，或联系信息安全管理员") from None
        self.proven.add(version)
        return data


def check_value(key: bytes) -> str:
    """The entry key's check value: HMAC-SM3(``key``, :data:`CHECK_LABEL`), truncated (key_file.check_value)."""
    return key_file.check_value(key, CHECK_LABEL)


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
# what a reader selects of a published change to open its payload: ``opened_change(row)`` (a
# ChangeRow does as well)
CHANGE = (ChangeRow.cursor, ChangeRow.kind, ChangeRow.aggregate_type, ChangeRow.aggregate_id, ChangeRow.office_code,
          ChangeRow.workstation_id, ChangeRow.seal_id, ChangeRow.payload_key, ChangeRow.payload)

_SHARED_LOCK = "SELECT pg_advisory_xact_lock_shared(%s)"
# the keys each transaction took (:func:`sealer`): the writers' lock once per transaction
_SEALERS: weakref.WeakKeyDictionary[Any, EntryKeys] = weakref.WeakKeyDictionary()


def _begun(conn):
    """The connection of ``conn`` (a session or a connection), its transaction begun: on the
    centre's SQLite (``BEGIN IMMEDIATE``, counter_central.db.make_engine) that holds the
    database's one write lock until commit."""
    from sqlalchemy.orm import Session

    if isinstance(conn, Session):
        return conn.connection()
    if not conn.in_transaction():
        conn.begin()
    return conn


def sealer(conn) -> EntryKeys:
    """The keys a transaction seals its rows under (``conn``: its session or connection), read
    once per transaction and only after it holds the writers' lock — on PostgreSQL the shared
    transaction advisory lock :data:`WRITERS_LOCK` (one statement per transaction), on SQLite the
    write lock its ``BEGIN IMMEDIATE`` took — so a retirement's last pass, which takes the lock
    exclusive, waits for every transaction that may still seal under the version it retires, and
    every transaction after it reads the file as the rotation left it (:func:`retire_key`).

    The file is made when missing only while no row is stored (:func:`check_ready` has refused to
    start a centre whose sealed rows need a file that is not there; a file gone since is an error,
    never a new key over rows sealed under the old one)."""
    from sqlalchemy import select

    txn = conn.get_transaction()
    held = _SEALERS.get(txn) if txn is not None else None
    if held is not None:
        return held
    bound = _begun(conn)
    if bound.dialect.name == "postgresql":
        # on the transaction's own psycopg connection (as the push's COPY): one plain statement,
        # without SQLAlchemy's compile and result set-up (~0.1 ms of CPU per push)
        bound.connection.driver_connection.execute(_SHARED_LOCK, (WRITERS_LOCK,))
    path = default_key_file()
    if (not path.exists() and conn.execute(select(ReceivedEntry.id).limit(1)).first() is None
            and conn.execute(select(ChangeRow.cursor).limit(1)).first() is None):
        keys = entry_keys(path, create=True)
    else:
        keys = _current(fresh=True)      # a rotation seals the very next transaction under the new version
    _checked(bound, keys, keys.newest)
    txn = conn.get_transaction()
    if txn is not None:
        _SEALERS[txn] = keys
    return keys


# ------------------------------------------------------------------------------------ key check values

# per engine: (key file, version, check value) found stored and equal (committed), so a
# transaction sealing under it looks no more (:func:`_checked`)
_CHECKED: weakref.WeakKeyDictionary[Any, set[tuple[str, int, str]]] = weakref.WeakKeyDictionary()


STARTING = "后再启动中心服务"


def _key_differs(keys: EntryKeys, version: int, then: str = "后再试；本次请求未写入任何记录") -> EntryKeyError:
    """The refusal of a key file whose ``version`` is not the key this database's rows of that
    version were sealed under (its check value differs from the stored one) — Chinese, ``then``
    saying what was not done."""
    return EntryKeyError(
        f"中心的记录加密密钥文件 {keys.path} 中版本 {version} 的密钥不是加密时的那一个：它与本数据库记录的该版本密钥校验值"
        f"不符（本数据库中版本 {version} 的记录是用另一个密钥文件加密的）。请恢复原密钥文件（或用环境变量 {KEY_ENV} 指向它）"
        + then)


def _stored_checks(conn) -> dict[int, str]:
    """version → its stored key check value (``entry_key_checks``)."""
    from sqlalchemy import select

    return {int(v): c for v, c in conn.execute(select(EntryKeyCheck.version, EntryKeyCheck.check_value))}


def _stored_check(conn, version: int) -> str | None:
    from sqlalchemy import select

    return conn.execute(select(EntryKeyCheck.check_value).where(EntryKeyCheck.version == version)).scalar()


def _record_check(conn, keys: EntryKeys, version: int) -> str:
    """Store the check value of ``keys``' ``version`` unless one is stored, not committed; the
    stored value after (key_file.record_check)."""
    return key_file.record_check(conn, EntryKeyCheck, version, keys.check_value(version))


def _checked(conn, keys: EntryKeys, version: int) -> None:
    """The key check value of ``version`` (the one a transaction seals under) stored and equal to
    ``keys``' — recorded now when none is (a version with rows only once this key opens one of them:
    a database from before c0036) — else :class:`EntryKeyError` (the transaction then commits
    nothing). Once found stored and equal (committed), never looked at again by this process for
    this database, key file and value: the push pays nothing after its first transaction."""
    engine = conn.engine
    held = _CHECKED.get(engine)
    if held is None:
        held = _CHECKED[engine] = set()
    mine = keys.check_value(version)
    token = (str(keys.path), version, mine)
    if token in held:
        return
    stored = _stored_check(conn, version)
    if stored is None:
        opened_one, tried = _opens_a_row(conn, keys, version)
        if tried and not opened_one:
            return         # rows of the version, none opens (check_ready refuses such a start): nothing recorded
        stored = _record_check(conn, keys, version)     # (not held: recorded once committed, found next time)
    elif stored == mine:
        held.add(token)
    if stored != mine:
        raise _key_differs(keys, version)


def key_check(conn, keys: EntryKeys, version: int) -> str:
    """Whether ``keys``' ``version`` is the key of this database's rows of that version by the stored
    check value: ``matches``, ``differs`` or ``unrecorded`` (``entry-key status``: ``key_check``)."""
    stored = _stored_check(conn, version)
    return "unrecorded" if stored is None else "matches" if stored == keys.check_value(version) else "differs"


def change_bound(seal_id: str, kind: str, aggregate_type: str, aggregate_id: str, office_code: str | None,
                 workstation_id: str | None) -> str:
    """What a published change's seal is bound to besides its key version: all that is fixed when
    it is written (the cursor is given only at insert) — its own random id, its kind, aggregate and
    addressees (module docstring)."""
    return "changes:" + json.dumps([seal_id, kind, aggregate_type, aggregate_id, office_code, workstation_id],
                                   ensure_ascii=False, separators=(",", ":"))


def sealed_change(conn, kind: str, aggregate_type: str, aggregate_id: str, office_code: str | None,
                  workstation_id: str | None, text: str) -> dict[str, Any]:
    """The ``seal_id``, ``payload_key`` and ``payload`` columns of a change to publish whose
    payload is ``text`` (THE writer of ``changes.payload``; ``conn``: the transaction's session)."""
    seal_id = os.urandom(16).hex()
    version, sealed = sealer(conn).seal_change(
        change_bound(seal_id, kind, aggregate_type, aggregate_id, office_code, workstation_id), text)
    return {"seal_id": seal_id, "payload_key": version, "payload": sealed}


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


def _keys_for(version: int) -> EntryKeys:
    keys = _current()
    if version not in keys.keys:          # sealed under a version rotated in since the file was read
        keys = _current(fresh=True)
    return keys


def opened(entry_id: str, version: int, stored: str) -> str:
    """THE reader of a stored payload: the clear text of row ``entry_id`` (its ``payload_key`` and
    ``payload`` columns). :class:`EntryKeyError` (Chinese; the centre answers 503) when it cannot
    be opened."""
    return _keys_for(version).open(entry_id, version, stored)


def opened_json(entry_id: str, version: int, stored: str, conn=None) -> Any:
    """:func:`opened`, parsed (None when the text is no JSON). Given the reader's session or
    connection ``conn``, a row that does not open while the key opens another row of its version (a
    row altered in the database) is passed over too — None, logged — never a stop to the reader (a
    push, the dashboard, an evaluation would otherwise fail for ever on it; IT finds it with
    ``counter-central entry-key status`` and sets it aside, :func:`set_aside_unreadable`).
    :class:`EntryKeyError` still when the key itself is the problem (a version the file lacks, a
    key that opens no other row of its version: another file)."""
    try:
        text = opened(entry_id, version, stored)
    except SealBroken:
        if conn is None or not _version_proven(conn, _keys_for(version), version, ("received_entries", entry_id)):
            raise
        log.error("received entry %s passed over: it does not open under entry key version %s (altered in the "
                  "database)", entry_id, version)
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


PROOF_TRIES = 20         # rows tried to learn whether a version's key opens any (the key, or the row?)


def _version_proven(conn, keys: EntryKeys, version: int, but: tuple[str, str] | None = None) -> bool:
    """Whether the key of ``version`` is the one its rows were sealed under: by the stored key check
    value when there is one (it decides: equal, a row that does not open was altered; different,
    the key file is another), else whether it opens a stored row of it (received entry or
    published change; ``but``: (table, id) of the row that did not, left out) — up to
    :data:`PROOF_TRIES` of each table tried — or no other row is sealed under it (the row alone
    cannot tell: as :func:`readable_changes`)."""
    stored = _stored_check(conn, version)
    if stored is not None:
        if stored != keys.check_value(version):
            return False
        keys.proven.add(version)
        return True
    if version in keys.proven:
        return True
    opened_one, tried = _opens_a_row(conn, keys, version, but)
    return opened_one or not tried


def _opens_a_row(conn, keys: EntryKeys, version: int, but: tuple[str, str] | None = None) -> tuple[bool, bool]:
    """(whether the key of ``version`` opens one of up to :data:`PROOF_TRIES` stored rows of each
    table sealed under it, ``but`` left out; whether there was any to try)."""
    from sqlalchemy import select

    q = select(*PAYLOAD).where(ReceivedEntry.payload_key == version)
    if but is not None and but[0] == "received_entries":
        q = q.where(ReceivedEntry.id != but[1])
    entries = conn.execute(q.order_by(ReceivedEntry.received_at.desc()).limit(PROOF_TRIES)).all()
    cq = select(*CHANGE).where(ChangeRow.payload_key == version)
    if but is not None and but[0] == "changes":
        cq = cq.where(ChangeRow.cursor != int(but[1]))
    changes = conn.execute(cq.order_by(ChangeRow.cursor.desc()).limit(PROOF_TRIES)).all()
    for entry_id, _, stored in entries:
        try:
            keys.open(entry_id, version, stored)
            return True, True
        except SealBroken:
            pass
    for row in changes:
        try:
            _open_change(keys, row, version)
            return True, True
        except SealBroken:
            pass
    return False, bool(entries or changes)


def _bound(row) -> str:
    """:func:`change_bound` of a published change (a ChangeRow or a row of :data:`CHANGE`)."""
    return change_bound(row.seal_id, row.kind, row.aggregate_type, row.aggregate_id, row.office_code,
                        row.workstation_id)


def _open_change(keys: EntryKeys, row, version: int) -> str:
    """The clear text of a published change ``row`` sealed under ``version``, opened with ``keys``
    (:class:`SealBroken` when it does not open)."""
    return keys._open(_bound(row), version, row.payload, f"变更记录 {row.cursor}")


def opened_change(row) -> str:
    """THE reader of a published change's payload: its clear text (``row``: a ChangeRow, or a row
    of :data:`CHANGE`). :class:`EntryKeyError` when its version is not in the file,
    :class:`SealBroken` when it does not open (a reader of many: :func:`readable_changes`)."""
    return _open_change(_keys_for(row.payload_key), row, row.payload_key)


def readable_changes(conn, rows) -> tuple[list[tuple[Any, Any]], list[tuple[Any, str]]]:
    """(row, parsed payload) of each of ``rows`` (ChangeRows or rows of :data:`CHANGE`) that opens,
    and (row, why, in Chinese) of each that does not under a version the file holds while the key
    opens another row of that version: a row altered in the database, which the reader passes over
    — never answered, and never a stop to the rows after it (a pull would otherwise stall every
    counter on it for ever). :class:`EntryKeyError` when the key itself is the problem — a version
    the file lacks, or a file whose key opens no other row of the version (another file of the same
    versions): then nothing is passed over (the centre answers 503 until the file is put back)."""
    good: list[tuple[Any, Any]] = []
    broken: list[tuple[Any, str]] = []
    trusted: set[int] = set()
    for row in rows:
        try:
            good.append((row, json.loads(opened_change(row))))
        except (SealBroken, ValueError) as exc:
            if row.payload_key not in trusted:
                if not _version_proven(conn, _keys_for(row.payload_key), row.payload_key, ("changes", str(row.cursor))):
                    raise
                trusted.add(row.payload_key)
            why = str(exc) if isinstance(exc, SealBroken) else f"变更记录 {row.cursor} 的内容不是有效的 JSON（数据库被改动过）"
            log.error("published change %s passed over: it does not open under entry key version %s (altered in "
                      "the database)", row.cursor, row.payload_key)
            broken.append((row, why))
    return good, broken


def _per_version(conn) -> dict[int, int]:
    """key version → how many received entries are sealed under it."""
    from sqlalchemy import func, select

    found = conn.execute(select(ReceivedEntry.payload_key, func.count()).group_by(ReceivedEntry.payload_key))
    return {int(v): int(n) for v, n in found}


def _changes_per_version(conn) -> dict[int, int]:
    """key version → how many published changes are sealed under it."""
    from sqlalchemy import func, select

    found = conn.execute(select(ChangeRow.payload_key, func.count()).group_by(ChangeRow.payload_key))
    return {int(v): int(n) for v, n in found}


def _set_aside_versions(conn) -> set[int]:
    """The key versions of the rows set aside (``set_aside_payloads``): kept sealed as they were."""
    from sqlalchemy import select

    from counter_central.db import SetAsidePayload

    return {int(v) for v in conn.execute(select(SetAsidePayload.payload_key).distinct()).scalars()}


def _rows_named(received: dict[int, int], changes: dict[int, int]) -> str:
    """「 N 条业务记录和 M 条发布的变更」(what is counted of either)."""
    n, m = sum(received.values()), sum(changes.values())
    return "和".join(([f" {n} 条业务记录"] if n else []) + ([f" {m} 条发布的变更"] if m else []))


def _refuse_differing(keys: EntryKeys, stored: dict[int, str], sealed: set[int]) -> None:
    """:class:`EntryKeyError` (a start refused) when a version of the file has a stored check value
    other than its own; for a version nothing is sealed under (``sealed``: the versions rows name,
    set aside or not), it says how to forget that value once the original file is truly lost."""
    for version in sorted(keys.keys):
        if version in stored and stored[version] != keys.check_value(version):
            if version in sealed:
                raise _key_differs(keys, version, STARTING)
            raise EntryKeyError(
                f"中心的记录加密密钥文件 {keys.path} 中版本 {version} 的密钥不是本数据库记录的那一个：它与数据库记录的该版本"
                f"密钥校验值不符。数据库中还没有由版本 {version} 加密的记录：若原密钥文件确已丢失，请先停止所有中心服务"
                f"（各主机、各工作进程），再以中心服务的系统用户执行 counter-central entry-key forget-check {version} "
                f"清除该版本的密钥校验值，然后启动中心服务（启动时记录现有密钥文件的校验值）；否则请恢复原密钥文件"
                f"（或用环境变量 {KEY_ENV} 指向它）{STARTING}")


def check_ready(engine) -> EntryKeys:
    """At start (after the migrations): the key file holds every version a stored row (a received
    entry, a published change) was sealed under, no version of it has a stored key check value
    other than its own (``entry_key_checks``), and each version with rows opens them (one row per
    version and table tried, unless its check value is stored and equal); a version with rows and
    no check value stored gets it recorded once a row of it opens (a database from before c0036),
    and so does the newest version (the one new rows are sealed under) when nothing is sealed under
    it yet: a second worker or host started with another key file is refused at its start. The
    file is made when missing and no row is sealed yet (a new centre). :class:`EntryKeyError`
    (Chinese, with what to do) otherwise."""
    _CHECKED.pop(engine, None)           # (the table may be new since: looked at again)
    with engine.connect() as conn:
        received, changes = _per_version(conn), _changes_per_version(conn)
        stored = _stored_checks(conn)
        path = default_key_file()
        from counter_central import archive

        sealed = {*received, *changes, *_set_aside_versions(conn), *archive.versions_sealed(conn)}
        if not received and not changes:
            keys = entry_keys(path, create=True)
            _refuse_differing(keys, stored, sealed)
            sealing = [keys.newest] if keys.newest not in stored else []
        else:
            keys = _opening_keys(conn, path, received, changes, stored, sealed)
            # versions with rows and no check value yet: recorded once a row of this database opens
            sealing = [v for v in sorted({*received, *changes}) if v not in stored and _opens_a_row(conn, keys, v)[0]]
            if keys.newest not in stored and keys.newest not in {*received, *changes}:
                sealing.append(keys.newest)        # (rotated in, nothing sealed under it yet)
    # the version new rows are sealed under is recorded now, not at the first write: a second worker
    # or host started with another key file is refused at its start, not at its first push
    if sealing:
        with engine.begin() as conn:
            for version in sealing:
                if _record_check(conn, keys, version) != keys.check_value(version):   # another worker's, meanwhile
                    raise _key_differs(keys, version, STARTING)
    from counter_central import archive

    archive.seal_clear_rows(engine)      # archive parts a centre from before c0037 kept in clear
    return keys


def _opening_keys(conn, path: Path, received: dict[int, int], changes: dict[int, int],
                  stored: dict[int, str], sealed: set[int]) -> EntryKeys:
    """:func:`check_ready` on a database with sealed rows: the key file at ``path`` holds every
    version they name, none with another stored check value, and opens a row of each version
    (unless its check value is stored and equal) — else :class:`EntryKeyError`."""
    from sqlalchemy import select

    if not path.exists():
        raise EntryKeyError(f"中心的记录加密密钥文件 {path} 不存在，而数据库中已有{_rows_named(received, changes)}"
                            f"由它加密：请恢复该密钥文件（或用环境变量 {KEY_ENV} 指向它）后再启动中心服务")
    keys = entry_keys(path)
    lacking = sorted(v for v in {*received, *changes} if v not in keys.keys)
    if lacking:
        named = _rows_named({v: received.get(v, 0) for v in lacking}, {v: changes.get(v, 0) for v in lacking})
        raise EntryKeyError(f"中心的记录加密密钥文件 {path} 中没有版本 {'、'.join(map(str, lacking))} 的密钥，"
                            f"而数据库中有{named}由它们加密：请恢复原密钥文件后再启动中心服务")
    _refuse_differing(keys, stored, sealed)
    for version in sorted({*received, *changes}):
        # the key opens a row of the version: a row altered in the database (its seal broken)
        # is no reason to stop the centre — its readers pass it over; the key opening none is
        if not _version_proven(conn, keys, version):
            first = conn.execute(select(*PAYLOAD).where(ReceivedEntry.payload_key == version).limit(1)).first()
            if first is not None:
                keys.open(*first)
            found = conn.execute(select(*CHANGE).where(ChangeRow.payload_key == version)
                                 .order_by(ChangeRow.cursor.desc()).limit(1)).one()
            _open_change(keys, found, version)
    return keys


# ------------------------------------------------------------------------------------ rotation
# ``counter-central sync entry-key rotate | status | retire VERSION`` (an IT command on the centre's host)

def key_status(s, *, progress: Progress | None = None, scan: bool = True) -> dict:
    """The key file, its versions (the newest seals new rows) and how many received entries
    (``rows``) and published changes (``changes``) each sealed; ``missing``: versions rows name
    that the file no longer holds. Each version of the file also lists the rows under it that do
    not open (``unreadable``: :func:`unreadable_rows`; every row of it opened to find them), whether
    its key opens none of its rows while no stored check value says the key is right
    (``opens_none``: then it is the key file, not the rows) and what the stored key check value
    says of the file's key (``key_check``: ``matches`` — a row that does not open was altered, even
    a version's only row —, ``differs`` — the key file is not the one its rows were sealed under —
    or ``unrecorded``);
    ``set_aside``: per version, the rows set aside before (:func:`set_aside_unreadable`).
    ``progress``: told how far the opening of each version's rows has come (:data:`Progress`).
    ``scan`` False: no row opened — counts and check values only, without ``unreadable`` and
    ``opens_none`` (what rotate and retire print after their work: a pass over every row of a
    centre of years is ``status``'s to make, when asked)."""
    out = KEY_FILE.status(_per_version(s), changes=_changes_per_version(s))
    keys = entry_keys()
    for v in out["versions"]:
        check = key_check(s, keys, v["version"])
        if scan:
            opened_rows, broken = unreadable_rows(s, keys, v["version"], progress, v["rows"] + v["changes"])
            v["unreadable"] = broken
            v["opens_none"] = bool(broken) and not opened_rows and check != "matches"
        v["key_check"] = check
        v["archive_parts"] = _archive_under(s, v["version"])     # parts and chunks of archive packages
    out["set_aside"] = _set_aside_per_version(s)
    return out


def _when(at) -> str | None:
    return at.isoformat(timespec="seconds") + "Z" if at is not None else None


def unreadable_rows(s, keys: EntryKeys, version: int, progress: Progress | None = None,
                    total: int = 0) -> tuple[int, list[dict]]:
    """(how many rows sealed under ``version`` open, each that does not: ``table``
    (received_entries | changes), ``id`` (the entry's id, the change's cursor), ``kind``, ``at``
    (received / published, UTC) and ``why`` (Chinese)) — every row tried, :data:`RETIRE_BATCH` at a
    time, ``s``'s transaction ended after each (no write lock held over the whole scan);
    ``progress`` told after each batch, ``total`` being the rows of the version."""
    from sqlalchemy import select

    def tell() -> None:
        if progress is not None:
            progress(f"检查版本 {version} 的记录", opened_rows + len(broken), total)

    opened_rows, broken = 0, []
    after = ""
    while rows := s.execute(select(*PAYLOAD, ReceivedEntry.kind, ReceivedEntry.received_at)
                            .where(ReceivedEntry.payload_key == version, ReceivedEntry.id > after)
                            .order_by(ReceivedEntry.id).limit(RETIRE_BATCH)).all():
        s.commit()
        for entry_id, _, stored, kind, at in rows:
            try:
                keys.open(entry_id, version, stored)
                opened_rows += 1
            except SealBroken as exc:
                broken.append({"table": "received_entries", "id": entry_id, "kind": kind, "at": _when(at),
                               "why": str(exc)})
        after = rows[-1][0]
        tell()
    cursor = 0
    while changes := s.execute(select(*CHANGE, ChangeRow.created_at)
                               .where(ChangeRow.payload_key == version, ChangeRow.cursor > cursor)
                               .order_by(ChangeRow.cursor).limit(RETIRE_BATCH)).all():
        s.commit()
        for row in changes:
            try:
                _open_change(keys, row, version)
                opened_rows += 1
            except SealBroken as exc:
                broken.append({"table": "changes", "id": str(row.cursor), "kind": row.kind,
                               "at": _when(row.created_at), "why": str(exc)})
        cursor = changes[-1].cursor
        tell()
    return opened_rows, broken


def _set_aside_per_version(s) -> list[dict]:
    from sqlalchemy import case, func, select

    from counter_central.db import SetAsidePayload

    received = func.sum(case((SetAsidePayload.source_table == "received_entries", 1), else_=0))
    found = s.execute(select(SetAsidePayload.payload_key, func.count(), received).group_by(SetAsidePayload.payload_key)
                      .order_by(SetAsidePayload.payload_key))
    # received: business entries among them, each put back once its workstation sends it again
    # (counter_central.set_aside_restore)
    return [{"version": int(v), "rows": int(n), "received": int(r or 0)} for v, n, r in found]


def set_aside_rows(s, version: int) -> list[dict]:
    """The rows set aside that were sealed under ``version`` (``table``, ``id``, ``kind``, ``at``;
    ``set_aside_at``, ``set_aside_by``, ``why``), oldest first."""
    from sqlalchemy import select

    from counter_central.db import SetAsidePayload

    return [{"table": r.source_table, "id": r.source_id, "kind": r.kind, "at": _when(r.stored_at),
             "set_aside_at": _when(r.set_aside_at), "set_aside_by": r.set_aside_by, "why": r.reason}
            for r in s.scalars(select(SetAsidePayload).where(SetAsidePayload.payload_key == version)
                               .order_by(SetAsidePayload.id))]


SET_ASIDE = "entry.key_set_aside"       # the audit action of each row set aside


def _columns(row) -> str:
    """The row's columns but its payload, as JSON (times as ISO text, UTC, to the microsecond: a
    row put back (counter_central.set_aside_restore) keeps its place among its case's entries)."""
    from sqlalchemy import inspect as sa_inspect

    out = {}
    for col in sa_inspect(row).mapper.column_attrs:
        if col.key == "payload":
            continue
        value = getattr(row, col.key)
        out[col.key] = value.isoformat() + "Z" if hasattr(value, "isoformat") else value
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def set_aside_unreadable(s, keys: EntryKeys, version: int, broken: list[dict], by: str) -> int:
    """Move each of ``broken`` (rows of :func:`unreadable_rows` under ``version``) out of its table
    into ``set_aside_payloads`` — its sealed text and version as they were, its other columns, who
    (``by``), when and why — each one recorded in the centre's audit chain (:data:`SET_ASIDE`); all
    in one transaction, committed. A row that opens meanwhile, or is no longer under ``version``,
    is left where it is. An accepted received entry set aside leaves its workstation's tally, so
    that workstation sends its content back (counter_central.set_aside_restore). A person's decision
    (``entry-key retire VERSION --set-aside-unreadable``), never automatic. Returns how many were moved."""
    from counter_central.audit import record_centre
    from counter_central.db import SetAsidePayload, WorkstationTally, utcnow

    moved = 0
    now = utcnow()
    for item in broken:
        received = item["table"] == "received_entries"
        row = s.get(ReceivedEntry, item["id"]) if received else s.get(ChangeRow, int(item["id"]))
        if row is None or row.payload_key != version:
            continue
        try:
            if received:
                keys.open(row.id, version, row.payload)
            else:
                _open_change(keys, row, version)
            continue                 # it opens: not set aside
        except SealBroken:
            pass
        s.add(SetAsidePayload(source_table=item["table"], source_id=item["id"], kind=row.kind, payload_key=version,
                              payload=row.payload, row_data=_columns(row),
                              stored_at=row.received_at if received else row.created_at,
                              set_aside_at=now, set_aside_by=by, reason=item["why"]))
        s.delete(row)
        if received and row.outcome == "accepted":
            # off its workstation's tally: that workstation's count check finds the centre short and
            # sends the content back (counter_central.set_aside_restore)
            tally = s.get(WorkstationTally, row.workstation_id)
            if tally is not None and tally.accepted > 0:
                tally.accepted -= 1
                tally.updated_at = now
        named = f"记录 {row.id}" if received else f"变更记录 {row.cursor}"
        record_centre(s, actor=by, action=SET_ASIDE, object_type="received_entry" if received else "change",
                      object_id=item["id"],
                      detail=(f"{named}（{row.kind}）由版本 {version} 的记录加密密钥加密，无法解开（数据库被改动过），"
                              f"已移出到 set_aside_payloads（密文与密钥版本原样保留），以便停用该版本"))
        moved += 1
    s.commit()
    return moved


def _unreadable_refusal(version: int, broken: list[dict]) -> str:
    """Why a retirement is refused over rows that do not open, and what to do (Chinese)."""
    shown = "；".join(f"{'记录' if b['table'] == 'received_entries' else '变更记录'} {b['id']}（{b['kind']}）"
                     for b in broken[:5])
    more = f" 等 {len(broken)} 条" if len(broken) > 5 else ""
    return (f"版本 {version} 的记录加密密钥加密的记录中有 {len(broken)} 条无法解开（数据库被改动过）：{shown}{more}，"
            f"不能改用最新版本加密，该版本未停用。请核实后执行 counter-central entry-key retire {version} "
            "--set-aside-unreadable，把这些记录原样移出（保留密文，逐条记入审计）后再停用")


def rotate_key() -> int:
    """Add a new key version (new rows are sealed under it from now on) and return its number."""
    return KEY_FILE.rotate()


def _reseal_entries(s, keys: EntryKeys, version: int) -> int:
    """Seal up to :data:`RETIRE_BATCH` received entries sealed under ``version`` again under the
    newest key (not committed); how many."""
    from sqlalchemy import select, update

    rows = s.execute(select(ReceivedEntry.id, ReceivedEntry.payload).where(ReceivedEntry.payload_key == version)
                     .order_by(ReceivedEntry.id).limit(RETIRE_BATCH)).all()
    for row_id, stored in rows:
        new_version, sealed = keys.seal(row_id, keys.open(row_id, version, stored))
        s.execute(update(ReceivedEntry).where(ReceivedEntry.id == row_id, ReceivedEntry.payload_key == version)
                  .values(payload=sealed, payload_key=new_version))
    return len(rows)


def _reseal_changes(s, keys: EntryKeys, version: int) -> int:
    """:func:`_reseal_entries` of the published changes."""
    from sqlalchemy import select, update

    rows = s.execute(select(*CHANGE).where(ChangeRow.payload_key == version)
                     .order_by(ChangeRow.cursor).limit(RETIRE_BATCH)).all()
    for row in rows:
        new_version, sealed = keys.seal_change(_bound(row), _open_change(keys, row, version))
        s.execute(update(ChangeRow).where(ChangeRow.cursor == row.cursor, ChangeRow.payload_key == version)
                  .values(payload=sealed, payload_key=new_version))
    return len(rows)


def _reseal_archive(s, keys: EntryKeys, version: int) -> int:
    """:func:`_reseal_entries` of the archive packages' parts and chunks (counter_central.archive)."""
    from counter_central import archive

    return archive.reseal(s, lambda: keys, version, RETIRE_BATCH)


def _archive_under(s, version: int) -> int:
    from counter_central import archive

    return archive.sealed_under(s, version)


def _lock_writers_out(s, version: int, undone: str = "") -> None:
    """Take the writers' lock exclusive in ``s``'s transaction (PostgreSQL: :data:`WRITERS_LOCK`;
    the centre's SQLite: its ``BEGIN IMMEDIATE`` already holds the one write lock). Tried rather
    than waited for: a waiting exclusive request would queue every new writer behind it, and a
    writer that already holds row locks another writer waits for would then deadlock with it.
    :class:`EntryKeyError` when the writers never leave it free for :data:`RETIRE_WAIT_SECONDS`
    (``undone``: what the message says was not done; by default the retirement of ``version``)."""
    from sqlalchemy import text

    bound = _begun(s)
    if bound.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + RETIRE_WAIT_SECONDS
    while not bound.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": WRITERS_LOCK}).scalar():
        if time.monotonic() > deadline:
            undone = undone or f"版本 {version} 的记录加密密钥未停用（已改用最新版本加密的记录不受影响）"
            raise EntryKeyError(f"中心正忙：{RETIRE_WAIT_SECONDS:.0f} 秒内始终有请求在写入加密记录，{undone}：请在业务量较小时再试")
        time.sleep(0.05)


def _sealed_under(s, version: int) -> tuple[int, int]:
    """How many received entries and how many published changes are sealed under ``version``."""
    from sqlalchemy import func, select

    return (s.scalar(select(func.count()).select_from(ReceivedEntry).where(ReceivedEntry.payload_key == version)),
            s.scalar(select(func.count()).select_from(ChangeRow).where(ChangeRow.payload_key == version)))


def retire_key(s, version: int, *, set_aside_by: str | None = None, progress: Progress | None = None) -> int:
    """Seal every row (received entry, published change) sealed under ``version`` again under the
    newest key — in batches, each committed (a row is only ever under a key the file holds), then a
    last pass under the writers' lock taken exclusive (:func:`sealer`), which seals again what
    transactions that read the keys before the rotation committed meanwhile and checks, in the same
    transaction, that no row is left under ``version`` — then delete ``version`` from the file.
    Every transaction after the last pass reads the keys after it (they take the lock first), when
    the newest version is already another: none seals under ``version`` again. Refused for the
    newest version and one the file does not hold, and when the stored key check value of
    ``version`` or of the newest differs from the file's (another key file). Returns the rows sealed
    again.

    A row under ``version`` that does not open (altered in the database) cannot be sealed again:
    the retirement is refused before anything is sealed, naming the rows — unless a person asked
    for them to be set aside (``set_aside_by``: who; :func:`set_aside_unreadable`), which is refused
    in turn when the key opens none of the version's rows (then the key file is the problem) —
    unless the stored key check value says the key is right (a version whose only rows were
    altered). ``progress``: told how far the opening and the sealing again have come."""
    def reseal(keys: EntryKeys) -> int:
        for v in sorted({version, keys.newest}):
            if key_check(s, keys, v) == "differs":
                raise EntryKeyError(_key_differs(keys, v, f"后再试：未移出任何记录，版本 {version} 未停用").args[0])
        _checked(_begun(s), keys, keys.newest)      # the rows sealed again under the newest: its value recorded
        s.commit()
        opened_rows, broken = unreadable_rows(s, keys, version, progress, sum(_sealed_under(s, version)))
        if broken and not opened_rows and key_check(s, keys, version) != "matches":
            raise EntryKeyError(f"版本 {version} 的记录加密密钥一条记录也解不开（{len(broken)} 条）：密钥文件 {keys.path} "
                                "可能不是加密时的那一个。请先恢复原密钥文件；未移出任何记录，该版本未停用")
        if broken and set_aside_by is None:
            raise EntryKeyError(_unreadable_refusal(version, broken))
        if broken and set_aside_by is not None:
            set_aside_unreadable(s, keys, version, broken, set_aside_by)
        done = 0
        for step in (_reseal_entries, _reseal_changes, _reseal_archive):
            while n := step(s, keys, version):
                s.commit()
                done += n
                if progress is not None:
                    progress(f"把版本 {version} 的记录改用最新版本加密", done, opened_rows)
        _lock_writers_out(s, version)
        for step in (_reseal_entries, _reseal_changes, _reseal_archive):
            while n := step(s, keys, version):
                done += n
        left = sum(_sealed_under(s, version)) + _archive_under(s, version)
        if left:        # (no writer seals under a version older than the newest after the lock: never so)
            s.rollback()
            raise EntryKeyError(f"仍有 {left} 条记录由版本 {version} 的记录加密密钥加密，该版本未停用：请重试")
        s.commit()
        return done

    return KEY_FILE.retire(version, reseal)


def forget_check(s, version: int) -> str:
    """Delete the stored key check value of ``version`` (``entry-key forget-check``), not committed;
    the value forgotten. For a key file lost while nothing was sealed under its version (a new
    centre whose config folder was lost): the start refuses any other file for that version
    (:func:`check_ready`), and with nothing sealed no row needs the lost key. The next start
    records the value of the file it finds.

    Refused (:class:`EntryKeyError`, nothing changed) when no value is stored for ``version``; when
    any row — a received entry, a published change, a row set aside — is sealed under it (then only
    the original file opens them); and on PostgreSQL while another process of the centre is
    connected to the database (``application_name``, :func:`counter_central.db.make_engine`): a
    worker still running with the original key would go on sealing under it once its value is
    gone. (On SQLite the command refuses first while a ``serve`` holds the file's serve lock.)
    Under the writers' lock, taken exclusive (:func:`_lock_writers_out`)."""
    from sqlalchemy import delete, func, select

    from counter_central.db import SetAsidePayload, other_centre_sessions

    bound = _begun(s)
    stored = _stored_check(bound, version)
    if stored is None:
        raise EntryKeyError(f"数据库中没有版本 {version} 的记录加密密钥校验值，无需清除（entry-key status 列出各版本）")
    running = other_centre_sessions(bound)
    if running:
        raise EntryKeyError(f"仍有 {running} 个中心服务的数据库连接（其他主机或工作进程）：请先停止所有中心服务再执行；"
                            f"未清除版本 {version} 的密钥校验值")
    _lock_writers_out(s, version, f"未清除版本 {version} 的密钥校验值")
    received, changes = _sealed_under(s, version)
    aside = s.scalar(select(func.count()).select_from(SetAsidePayload).where(SetAsidePayload.payload_key == version))
    parts = _archive_under(s, version)
    if received or changes or aside or parts:
        named = "、".join(([f"{received} 条业务记录"] if received else []) + ([f"{changes} 条发布的变更"] if changes else [])
                         + ([f"{aside} 条已移出的记录"] if aside else []) + ([f"{parts} 个档案包部分"] if parts else []))
        raise EntryKeyError(f"数据库中有{named}由版本 {version} 的记录加密密钥加密，只有原密钥文件能解开：不能清除该版本的"
                            f"密钥校验值。请恢复原密钥文件（或用环境变量 {KEY_ENV} 指向它）")
    s.execute(delete(EntryKeyCheck).where(EntryKeyCheck.version == version))
    return stored


# ------------------------------------------------------------------------------------ in clear beside it

def number_of(kind: str, aggregate_type: str, payload: Any) -> str | None:
    """What ``received_entries.number`` keeps in clear of a payload: a case entry's 办件编号
    (``case_no``) or a document entry's 文号 (``number``), stripped — no personal data — so the push
    finds a number another case or document holds without opening payloads."""
    name = ("case_no" if aggregate_type == "case"
            else "number" if aggregate_type == "document" or kind == "document.issued" else None)
    value = payload.get(name) if name and isinstance(payload, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
