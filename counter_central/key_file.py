"""The centre's versioned key files, the person key (counter_central.samecase) and the entry key
(counter_central.entry_key): apart from the database, 0600 in a 0700 folder, one ``VERSION:HEX``
line per key, the newest current. What uses which version and what a retirement must do first
stay with each key; the mode check, parsing, the read kept until the file changes, rotation,
retirement (each write atomic) and status are here."""

from __future__ import annotations

import os
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, TypeVar

from counter_protocol.cli_args import file_problem

# a read is kept only once the file's times are this much older than the read: on a filesystem of
# whole seconds (ext3, NFSv3; FAT: 2 s) a write within the tick has the same times — and with the
# inode an atomic replace freed and the same size, the very stamp of the file read before
RACY_NS = 2_000_000_000


CHECK_BYTES = 8     # of a key check value's HMAC-SM3 kept (64 bits: tells keys apart, reveals nothing usable)


def check_value(key: bytes, label: bytes) -> str:
    """A key check value (密钥校验值): HMAC-SM3(``key``, ``label`` — fixed per kind of key),
    truncated to :data:`CHECK_BYTES` bytes, in hex. Stored in the database, it tells whether a key
    file's version is the key the rows of that version were made under."""
    from cryptography.hazmat.primitives import hashes, hmac

    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(label)
    return mac.finalize()[:CHECK_BYTES].hex()


def record_check(conn, table, version: int, value: str) -> str:
    """Store ``value`` as key ``version``'s check value in ``table`` (a model with ``version``,
    ``check_value`` and ``recorded_at``: the entry key's, the person key's) unless one is stored
    (``INSERT … ON CONFLICT DO NOTHING``: of two transactions the first wins, the other waits for
    it), not committed; the stored value after — another than ``value`` when another worker's file
    was recorded first."""
    from sqlalchemy import select

    from counter_central.db import insert_on_conflict, utcnow

    conn.execute(insert_on_conflict(conn, table).values(version=version, check_value=value, recorded_at=utcnow())
                 .on_conflict_do_nothing(index_elements=["version"]))
    stored = conn.execute(select(table.check_value).where(table.version == version)).scalar()
    assert stored is not None
    return stored


@dataclass(frozen=True)
class KeyVersions:
    """The keys of a key file (``path``) by version (密钥版本)."""

    path: Path
    keys: dict[int, bytes]

    @property
    def newest(self) -> int:
        return max(self.keys)

    @property
    def key(self) -> bytes:        # the current one
        return self.keys[self.newest]


V = TypeVar("V", bound=KeyVersions)


class ForeignFolder(PermissionError):
    """root about to write a key file into a folder the centre's service account owns: the file
    would be root's, 0600, and the service could no longer read its keys (:func:`check_writer`)."""


def check_writer(folder: Path, why: str = "以 root 写入的密钥文件该用户读不了") -> None:
    """:class:`ForeignFolder` when this process runs as root and ``folder`` (or, while it does not
    exist yet, its nearest existing parent) belongs to another account — the installed centre's
    ``/var/lib/counter-central``, owned by ``counter-central``: its key files are written as that
    account (``sudo -u counter-central counter-central …``); ``why`` says what root's file would
    break (Chinese). Nothing is checked elsewhere."""
    if os.name != "posix" or os.geteuid() != 0:
        return
    folder = Path(folder).absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    owner = folder.stat().st_uid
    if owner == 0:
        return
    import pwd

    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    raise ForeignFolder(13, f"{folder} 属于用户 {name}，{why}：请以该用户运行（sudo -u {name} counter-central …）")


def write_private(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``path`` (0600, its folder 0700): to a temporary file first, then linked
    into place (a new key: another process that made one first wins) or renamed over the old file
    (``replace``), so no reader ever sees half a file. Refused (:class:`ForeignFolder`) to root in
    a folder of the service's account."""
    check_writer(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            with suppress(FileExistsError):      # another worker made it: theirs stands
                os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class VersionedKeyFile(Generic[V]):
    """One kind of key file: where it is by default (``locate``, at each call), its name in
    messages (``noun``: 人员索引密钥; ``users``: what new ones are made for), the error raised
    (``refused``: a refused retirement), the key size (``exact`` or at least; a new one
    ``key_bytes``), whether bare hex is version 1 (``bare_v1``), whether any read makes a missing
    file (``create``) and the class of a read (``kind(path, keys)``)."""

    def __init__(self, *, locate: Callable[[], Path], noun: str, users: str, error: type[Exception],
                 kind: type[V], key_bytes: int, exact: bool = True, bare_v1: bool = False, create: bool = False,
                 refused: type[Exception] | None = None) -> None:
        self.locate, self.noun, self.users, self.error, self.kind = locate, noun, users, error, kind
        self.key_bytes, self.exact, self.bare_v1, self.create = key_bytes, exact, bare_v1, create
        self.refused = refused or error
        self._reads: dict[str, tuple[tuple, str, V, bool]] = {}      # path → (stamp, text, keys, trusted)

    def read(self, path: Path | None = None, *, create: bool | None = None) -> V:
        """The file's keys, read again whenever it changed (another process's rotation seen at the
        next call); the file made (version 1) when missing and ``create`` (default: the kind's)."""
        path = Path(path or self.locate())
        try:
            if path.is_dir():
                raise self.error(f"{self.noun}应为文件，{path} 是一个目录")
            if not path.exists():
                if not (self.create if create is None else create):
                    raise self.error(f"中心的{self.noun}文件 {path} 不存在")
                self._write(path, {1: os.urandom(self.key_bytes)}, replace=False)
            st = path.stat()
        except OSError as exc:
            raise self.error(f"无法读取中心的{self.noun} {path}：{file_problem(exc)}") from None
        if os.name == "posix" and st.st_mode & 0o077:
            raise self.error(f"中心的{self.noun}文件 {path} 的权限过宽（{oct(st.st_mode & 0o777)}），请改为 0600")
        held = self._reads.get(str(path))
        if held is not None and held[3] and held[0] == (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns):
            return held[2]
        # read again: the stamp of the very file read; the keys made before kept for the same text
        now = time.time_ns()
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read()
        except OSError as exc:
            raise self.error(f"无法读取中心的{self.noun} {path}：{file_problem(exc)}") from None
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError:
            text = ""
        value = held[2] if held is not None and held[1] == text else self.kind(path, self._parse(path, text))
        self._reads[str(path)] = ((st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns), text, value,
                                  now - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS)
        return value

    def _parse(self, path: Path, text: str) -> dict[int, bytes]:
        bad = self.error(f"{path} 不是有效的{self.noun}文件（每行一个密钥：版本号:{'' if self.exact else '至少 '}32 位十六进制字符）")
        keys: dict[int, bytes] = {}
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            version_text, sep, hex_text = line.partition(":")
            if not sep and self.bare_v1:         # the file as written before rotation: version 1
                version_text, hex_text, sep = "1", line, ":"
            try:
                version, key = int(version_text), bytes.fromhex(hex_text)
            except ValueError:
                raise bad from None
            if not sep or version < 1 or version in keys or not (len(key) == 16 if self.exact else len(key) >= 16):
                raise bad
            keys[version] = key
        if not keys:
            raise bad
        return keys

    def _write(self, path: Path, keys: dict[int, bytes], *, replace: bool) -> None:
        try:
            write_private(path, "".join(f"{v}:{k.hex()}\n" for v, k in sorted(keys.items())), replace=replace)
        except ForeignFolder as exc:
            raise self.error(f"无法写入中心的{self.noun} {path}：{exc.strerror}") from None
        except OSError as exc:
            raise self.error(f"无法写入中心的{self.noun} {path}：{file_problem(exc, writing=True)}") from None
        self._reads.pop(str(path), None)

    def rotate(self, path: Path | None = None) -> int:
        """Add a new key version (the current one from now on; the file made when missing): its number."""
        held = self.read(path, create=True)
        version = held.newest + 1
        self._write(held.path, {**held.keys, version: os.urandom(self.key_bytes)}, replace=True)
        return version

    def retire(self, version: int, first: Callable[[V], int], path: Path | None = None) -> int:
        """Delete key ``version`` from the file after ``first(keys)`` (which it returns) did what must
        be done before; refused (``refused``) for the newest version and one the file lacks."""
        held = self.read(path)
        if version not in held.keys:
            raise self.refused(f"{self.noun}文件中没有版本 {version}（现有版本：{'、'.join(map(str, sorted(held.keys)))}）")
        if version == held.newest:
            raise self.refused(f"版本 {version} 是最新的{self.noun}，新的{self.users}正在使用它，不能停用（先轮换出新版本）")
        done = first(held)
        self._write(held.path, {v: k for v, k in held.keys.items() if v != version}, replace=True)
        return done

    def status(self, rows: dict[int, int], path: Path | None = None, **also: dict[int, int]) -> dict:
        """The key file, its versions and, per version, ``rows`` (made under it) and each of ``also``;
        ``missing``: the versions ``rows`` or one of ``also`` names that the file no longer holds."""
        held = self.read(path)

        def counts(v: int) -> dict:
            return {"rows": rows.get(v, 0), **{name: per.get(v, 0) for name, per in also.items()}}

        named = set(rows).union(*also.values())
        return {"key_file": str(held.path), "newest": held.newest,
                "versions": [{"version": v, "newest": v == held.newest, **counts(v)} for v in sorted(held.keys)],
                "missing": [{"version": v, **counts(v)} for v in sorted(named - set(held.keys))]}
