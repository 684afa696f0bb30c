"""Files a command writes where its user said (``queue export FILE``, ``--out``, ``-o``): each holds
personal data (the unsynced records, a case's documents, a material page, a signature).

Such a file is never written over an existing one unless the user asked for it (``--force``), is
never seen half-written (written to a temporary file beside it, then renamed into place), and is
owner-only (0600) from its first byte. Without ``force`` the rename cannot replace a file that
appeared meanwhile either: the temporary file is hard-linked to the name, which fails when the name
is taken (a file system without hard links — a FAT USB stick — falls back to a check just before
the rename).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
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


# ------------------------------------------------------------------ write-once (read-only) files
# Parts of an archive package are written read-only (0o444). On Windows that is the file's
# FILE_ATTRIBUTE_READONLY, and DeleteFile on such a file fails ("[WinError 5] 拒绝访问") where
# POSIX only asks for a writable directory: removing one clears the bit first (os.chmod with
# S_IWRITE is the one mode change Windows honours), as the shutil.rmtree documentation shows.

def unlink_read_only(path: Path | str) -> None:
    """Remove a file even when it is read-only (Windows); OSError when it still cannot go."""
    try:
        os.unlink(path)
    except PermissionError:
        os.chmod(path, stat.S_IREAD | stat.S_IWRITE)
        os.unlink(path)


def remove_tree(folder: Path | str) -> list[str]:
    """Remove ``folder`` and everything in it, read-only files included; every entry that could not
    be removed is returned (``"<path>: <reason>"``) — never silently left, as ``ignore_errors`` did.
    Python 3.12 renamed rmtree's ``onerror`` (exc_info) to ``onexc`` (the exception); both are served."""
    import shutil
    import sys

    failed: list[str] = []

    def handler(func, path, exc: BaseException) -> None:
        if isinstance(exc, FileNotFoundError):
            return
        if isinstance(exc, PermissionError) and func in (os.unlink, os.remove, os.rmdir):
            try:
                os.chmod(path, stat.S_IREAD | stat.S_IWRITE | (stat.S_IEXEC if func is os.rmdir else 0))
                func(path)
                return
            except FileNotFoundError:
                return
            except OSError as again:
                exc = again
        failed.append(f"{path}: {getattr(exc, 'strerror', None) or type(exc).__name__}")

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=handler)
    else:
        shutil.rmtree(folder, onerror=lambda func, path, info: handler(func, path, info[1]))
    return failed
