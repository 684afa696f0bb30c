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


# ------------------------------------------------------------------ drafts (Ctrl+S)
# A saved draft carries the applicant's name, ID number and phone: it lies in ``<data>/drafts`` as
# ``draft-….json.sm4``, sealed with the drafts purpose key and bound to its file name. Drafts saved
# as clear JSON by an earlier release are sealed (and the clear file removed) when read or when the
# next draft is saved.

DRAFT_PURPOSE = "drafts"
DRAFT_PREFIX = "draft-"


def draft_aad(name: str) -> bytes:
    """``name``: the draft's file name without the ``.sm4`` suffix."""
    return f"draft:{name}".encode("utf-8")


def is_draft_name(name: str) -> bool:
    return name.startswith(DRAFT_PREFIX) and name.endswith((".json", ".json" + SEALED_SUFFIX))


def write_sealed_draft(folder: Path, name: str, plain: bytes) -> Path:
    """Seal a draft into ``folder/name.sm4`` (owner-only, never over an existing file); returns its path."""
    path = sealed_path(folder, name)
    write_sealed_once(path, plain, draft_aad(name), purpose=DRAFT_PURPOSE, mode=0o600)
    return path


def _migrate_clear_draft(clear: Path) -> Path:
    plain = clear.read_bytes()
    sealed = sealed_path(clear.parent, clear.name)
    if not sealed.exists():
        write_sealed_draft(clear.parent, clear.name, plain)
    clear.unlink()
    return sealed


def read_draft(path: Path) -> bytes:
    """The plaintext of a draft file: a sealed ``draft-….json.sm4`` (:class:`SealedFileError` when it does
    not open), or a clear file. A clear draft left in a drafts folder by an earlier release is sealed
    beside it and the clear file removed (its content is returned as read)."""
    path = Path(path)
    if path.name.endswith(SEALED_SUFFIX):
        return read_sealed(path, draft_aad(path.name[:-len(SEALED_SUFFIX)]), purpose=DRAFT_PURPOSE)
    plain = path.read_bytes()
    if is_draft_name(path.name) and path.parent.name == "drafts":
        try:
            _migrate_clear_draft(path)
        except OSError:
            pass                      # read-only medium: the draft still imports; sealed at the next save
    return plain


def seal_clear_drafts(folder: Path) -> int:
    """Seal every clear draft an earlier release left in ``folder``; returns how many."""
    n = 0
    for clear in sorted(Path(folder).glob(f"{DRAFT_PREFIX}*.json")):
        try:
            _migrate_clear_draft(clear)
            n += 1
        except OSError:
            continue
    return n


__all__ = ["ARCHIVE_PURPOSE", "SEALED_SUFFIX", "SealedFileError", "part_aad", "sealed_path", "write_sealed_once",
           "read_sealed", "read_part", "DRAFT_PURPOSE", "draft_aad", "is_draft_name", "write_sealed_draft",
           "read_draft", "seal_clear_drafts"]
