"""Files a command writes where its user said (the counter's ``queue export FILE``, ``--out``,
``-o``; the centre's ``--csv``): each may hold personal data (the unsynced records, a case's
documents, a material page, a signature, the reminder list with full ID numbers). Shared by the
counter and the centre (counter_app.files, counter_central.cli).

Such a file is never written over an existing one unless the user asked for it (``--force``), is
never seen half-written (written to a temporary file beside it, then renamed into place), and is
owner-only (0600) from its first byte. Without ``force`` the rename cannot replace a file that
appeared meanwhile either: the temporary file is hard-linked to the name, which fails when the name
is taken (a file system without hard links — a FAT USB stick — falls back to a check just before
the rename).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

EXISTS = "文件已存在：{path}。未覆盖；确需覆盖请加 --force。"

# link(2) not possible on this file system (FAT, some network shares): check, then rename
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


class OutputExists(FileExistsError):
    """The output file is there already and ``--force`` was not given; ``str()`` is the Chinese."""

    def __init__(self, path: Path | str):
        super().__init__(errno.EEXIST, EXISTS.format(path=path), str(path))

    def __str__(self) -> str:
        return str(self.strerror)


def _taken(target: Path) -> bool:
    """A file (or a link) is at ``target``; a directory there is no file to write over (the write
    fails with IsADirectoryError, which the caller words as any other reason it cannot write)."""
    return target.is_symlink() or (target.exists() and not target.is_dir())


def output_refusal(path: Path | str, *, force: bool) -> str | None:
    """Why ``path`` will not be written (Chinese), or None: an existing file is written over only
    with ``force``. Ask before the work (a capture, a numbered document), then write with
    :func:`write_private_file`."""
    target = Path(path)
    return EXISTS.format(path=target) if not force and _taken(target) else None


def write_private_file(path: Path | str, data: bytes, *, force: bool, make_parents: bool = False) -> None:
    """Write ``data`` to ``path`` atomically and owner-only (0600), creating its folder when
    ``make_parents`` (never for an export to a stick: a stick not mounted is an error, not a new
    folder on the local disk); :class:`OutputExists` when the file exists and not ``force``
    (nothing is written then)."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if not force and _taken(target):
        raise OutputExists(target)
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")   # 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)    # mkstemp's mode already; said for a platform that would differ
        if force:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise OutputExists(target) from None
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if _taken(target):
                raise OutputExists(target) from None
            os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def csv_bytes(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV table as the centre's ``--csv`` exports write it: UTF-8 with a BOM, so Excel and the
    SMS platforms' import tools read it as UTF-8."""
    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
