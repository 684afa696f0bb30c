"""Files the counter writes. Those a command writes where its user said are the shared
:mod:`counter_protocol.private_files` (never over an existing file without ``--force``, never seen
half-written, owner-only); the write-once parts of an archive package are below."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from counter_protocol.private_files import EXISTS, OutputExists, output_refusal, write_private_file

__all__ = ["EXISTS", "OutputExists", "output_refusal", "write_private_file", "unlink_read_only", "remove_tree"]


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
