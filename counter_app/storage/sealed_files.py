"""Files sealed at rest with a purpose key (SM4-GCM, :func:`counter_app.storage.crypto.cipher_for`).

Used for the parts of a case's archive package (#16: nothing personal in clear on the workstation's
disk): a part ``documents/X.pdf`` lies on disk as ``documents/X.pdf.sm4``, the sealed blob of its
bytes, bound (GCM additional data) to the package version and the part's name, so a part copied over
another, or into another version, does not open. Digests (SM3) stay over the plaintext: they are
the manifest's and the centre's. The plaintext exists only in memory.
"""

from __future__ import annotations

import os
from pathlib import Path

from counter_app.storage.crypto import SealedDataError, cipher_for

ARCHIVE_PURPOSE = "archive"
SEALED_SUFFIX = ".sm4"


class SealedFileError(Exception):
    """A sealed file that is missing or does not open (Chinese message)."""


def part_aad(archive_code: str, version: int, name: str) -> bytes:
    return f"archive-part:{archive_code}:v{int(version)}:{name}".encode("utf-8")


def sealed_path(folder: Path, name: str) -> Path:
    return Path(folder) / (name + SEALED_SUFFIX)


def write_sealed_once(path: Path, plain: bytes, aad: bytes, *, purpose: str = ARCHIVE_PURPOSE, mode: int = 0o444) -> None:
    """Seal ``plain`` into a new file ``path`` (never over an existing one), read-only."""
    blob = cipher_for(purpose).seal(plain, aad)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())


def read_sealed(path: Path, aad: bytes, *, purpose: str = ARCHIVE_PURPOSE) -> bytes:
    """The plaintext of a sealed file; :class:`SealedFileError` when missing, edited or not this part's."""
    try:
        blob = Path(path).read_bytes()
    except OSError:
        raise SealedFileError(f"{Path(path).name} 缺失") from None
    try:
        return cipher_for(purpose).open(blob, aad)
    except SealedDataError:
        raise SealedFileError(f"{Path(path).name} 无法解密：密文被改动、不属于此处，或本机密钥不符") from None


def read_part(folder: Path, archive_code: str, version: int, name: str) -> tuple[bytes, bool]:
    """(plaintext, sealed) of one archive part: the sealed file, or — a package written before parts
    were sealed — the clear file of that name."""
    sealed = sealed_path(folder, name)
    if sealed.exists():
        return read_sealed(sealed, part_aad(archive_code, version, name)), True
    clear = Path(folder) / name
    try:
        return clear.read_bytes(), False
    except OSError:
        raise SealedFileError(f"{name} 缺失") from None


__all__ = ["ARCHIVE_PURPOSE", "SEALED_SUFFIX", "SealedFileError", "part_aad", "sealed_path", "write_sealed_once",
           "read_sealed", "read_part"]
