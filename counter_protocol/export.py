"""The queue export format (待同步队列导出文件): written by the counter (``counter-app queue
export``), read by the centre (``counter-central import``). One definition for both sides.

The content (UTF-8 JSON lines)::

    {"type":"header","format":"counter-outbox-export","version":2,"workstation_id":…,"exported_at":…,"count":N}
    {"type":"entry", …OutboxItem fields…}            × N, in seq order
    {"type":"footer","count":N,"sha256":"<sha256 of every byte before this line>"}

Each entry carries its own payload digest and the footer digests the whole content, so a truncated or
altered file is refused.

Version 2 (#16 privacy): the file travels on a USB stick and holds personal data, so the content is
encrypted to the centre (:func:`seal_export`). The file is two lines::

    {"type":"sealed","format":"counter-outbox-export","version":2,"alg":"X25519-HKDF-SM3-SM4-GCM","key_id":…,"epk":…}
    base64(nonce ‖ SM4-GCM ciphertext ‖ tag)

An ephemeral X25519 key agreement with the centre's public key (``counter-central export-key
show``, configured on the workstation as ``central.export_public_key``), HKDF-SM3 to a 128-bit SM4
key, SM4-GCM with the first line as additional data: a changed bit anywhere is refused. The footer
digest stays over the plaintext. A clear version-1 file of an earlier release still imports (with a
warning: :func:`parse_export` marks its header ``"sealed": False``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from pydantic import ValidationError

from counter_protocol import sync as p

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

FORMAT = "counter-outbox-export"
VERSION = 2                  # sealed to the centre
CLEAR_VERSION = 1            # the clear files of earlier releases (still imported, with a warning)
SEAL_ALG = "X25519-HKDF-SM3-SM4-GCM"
KEY_PREFIX = "x25519:"
_INFO = b"counter-outbox-export v2"


class ExportError(Exception):
    """The export file is missing, truncated or altered (Chinese message)."""


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n").encode("utf-8")


def export_lines(workstation_id: str, items: list[p.OutboxItem], exported_at: datetime | None = None) -> Iterator[bytes]:
    """The file's bytes, line by line: header, one line per entry, the footer with the digest."""
    h = hashlib.sha256()
    head = _line({"type": "header", "format": FORMAT, "version": VERSION, "workstation_id": workstation_id,
                  "exported_at": (exported_at or p.utc_now()).isoformat(), "count": len(items)})
    h.update(head)
    yield head
    for item in items:
        data = _line({"type": "entry", **item.model_dump(mode="json")})
        h.update(data)
        yield data
    yield (json.dumps({"type": "footer", "count": len(items), "sha256": h.hexdigest()}) + "\n").encode("utf-8")


def public_key_text(raw: bytes) -> str:
    """The centre's public key as configured on workstations: ``x25519:<base64 of 32 bytes>``."""
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> bytes:
    text = (text or "").strip()
    try:
        raw = base64.b64decode(text[len(KEY_PREFIX):], validate=True) if text.startswith(KEY_PREFIX) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ExportError("中心导出公钥格式不正确：应为 counter-central export-key show 输出的 x25519:… 一行")
    return raw


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _sm4_key(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SM3(), length=16, salt=epk + recipient, info=_INFO).derive(shared)


def seal_export(plain: bytes, recipient_public_key: str) -> bytes:
    """The version-2 file: ``plain`` (the content lines) encrypted to the centre's public key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    recipient = parse_public_key(recipient_public_key)
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes_raw()
    key = _sm4_key(eph.exchange(X25519PublicKey.from_public_bytes(recipient)), epk, recipient)
    head = _line({"type": "sealed", "format": FORMAT, "version": VERSION, "alg": SEAL_ALG, "key_id": key_id(recipient),
                  "epk": base64.b64encode(epk).decode("ascii")})
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(head)
    body = nonce + enc.update(plain) + enc.finalize() + enc.tag
    return head + base64.b64encode(body) + b"\n"


def open_export(raw: bytes, private_key: "X25519PrivateKey | None" = None) -> tuple[bytes, bool]:
    """(content, sealed): the plaintext of a version-2 file (``private_key``: the centre's
    ``X25519PrivateKey``), or the bytes of a clear file as they are; raises :class:`ExportError`."""
    first, _, rest = raw.partition(b"\n")
    try:
        head = json.loads(first)
    except (ValueError, UnicodeDecodeError):
        return raw, False
    if not isinstance(head, dict) or head.get("type") != "sealed":
        return raw, False
    if head.get("format") != FORMAT or head.get("version") != VERSION or head.get("alg") != SEAL_ALG:
        raise ExportError(f"不支持的加密文件版本或算法：{head.get('version')} {head.get('alg')}")
    if private_key is None:
        raise ExportError("文件已加密，需要中心的导出私钥才能导入")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    recipient = private_key.public_key().public_bytes_raw()
    if head.get("key_id") != key_id(recipient):
        raise ExportError(f"文件是用另一把中心公钥（{head.get('key_id')}）加密的，本中心密钥为 {key_id(recipient)}，无法导入")
    try:
        epk = base64.b64decode(str(head.get("epk", "")), validate=True)
        body = base64.b64decode(rest.strip(), validate=True)
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(epk))
    except (binascii.Error, ValueError):
        raise ExportError("加密文件内容不完整或被改动（可能在复制时被截断），拒绝导入") from None
    if len(body) < 12 + 16:
        raise ExportError("加密文件内容不完整：可能在复制时被截断，拒绝导入")
    try:
        dec = Cipher(algorithms.SM4(_sm4_key(shared, epk, recipient)), modes.GCM(body[:12], body[-16:])).decryptor()
        dec.authenticate_additional_data(first + b"\n")
        return dec.update(body[12:-16]) + dec.finalize(), True
    except InvalidTag:
        raise ExportError("文件解密校验失败：文件被截断或改动过，拒绝导入") from None


def parse_export(raw: bytes, private_key: "X25519PrivateKey | None" = None) -> tuple[dict[str, Any], list[p.OutboxItem], int]:
    """(header, valid entries, number of bad entry lines) of an export file's bytes; raises :class:`ExportError`.

    A sealed file is decrypted with ``private_key`` first; the header then says ``"sealed": True``
    (False: a clear file of an earlier release, which the caller warns about)."""
    raw, sealed = open_export(raw, private_key)
    lines = raw.splitlines(keepends=True)
    if len(lines) < 2:
        raise ExportError("文件不完整：缺少文件头或文件尾")
    try:
        header = json.loads(lines[0])
        footer = json.loads(lines[-1])
    except (ValueError, UnicodeDecodeError):
        raise ExportError("文件头或文件尾不是有效的 JSON，文件可能被截断或改动") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("type") != "header":
        raise ExportError("这不是柜面客户端导出的待同步队列文件")
    if header.get("version") != (VERSION if sealed else CLEAR_VERSION):
        raise ExportError(f"不支持的文件版本：{header.get('version')}" + ("" if sealed else "（未加密）"))
    if not isinstance(footer, dict) or footer.get("type") != "footer":
        raise ExportError("文件不完整：缺少文件尾，可能在复制时被截断")
    if hashlib.sha256(b"".join(lines[:-1])).hexdigest() != footer.get("sha256"):
        raise ExportError("文件校验值不符：文件被截断或改动过，拒绝导入")
    body = lines[1:-1]
    if footer.get("count") != len(body) or header.get("count") != len(body):
        raise ExportError("文件记录数与文件头/尾不一致，拒绝导入")
    items, bad = [], 0
    for ln in body:
        try:
            obj = json.loads(ln)
            obj.pop("type", None)
            items.append(p.OutboxItem.model_validate(obj))
        except (ValueError, ValidationError, AttributeError):
            bad += 1
    return {**header, "sealed": sealed}, items, bad


def read_export(path: str | Path, private_key: "X25519PrivateKey | None" = None) -> tuple[dict[str, Any], list[p.OutboxItem], int]:
    """:func:`parse_export` of the file at ``path``; raises :class:`ExportError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:     # the errno's English never: what is wrong, in Chinese
        from counter_protocol.file_problems import file_problem

        raise ExportError(f"无法读取文件 {path}：{file_problem(exc)}") from None
    return parse_export(raw, private_key)


__all__ = ["FORMAT", "VERSION", "CLEAR_VERSION", "SEAL_ALG", "ExportError", "export_lines", "parse_export",
           "read_export", "seal_export", "open_export", "public_key_text", "parse_public_key", "key_id"]
