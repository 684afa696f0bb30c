"""Platform directories (platformdirs), overridable with COUNTER_APP_HOME for tests and demos."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from counter_app import APP_AUTHOR, APP_NAME


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "counter.sqlite3"

    def ensure(self) -> "AppPaths":
        for p in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            p.mkdir(parents=True, exist_ok=True)
        return self


def app_paths() -> AppPaths:
    home = os.environ.get("COUNTER_APP_HOME")
    if home:
        root = Path(home)
        return AppPaths(root / "data", root / "config", root / "log", root / "cache")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
    )


# why one of this workstation's own directories cannot be written (unwritable_dir)
READ_ONLY = "read_only"           # EROFS: the file system is mounted read-only
NO_WRITE_PERMISSION = "no_write"  # EACCES / EPERM: this user may not write the directory


def unwritable_dir(paths: AppPaths | None = None) -> tuple[str, Path] | None:
    """The first of this workstation's directories (data, config, log, cache) that cannot be
    written, tried with a real write — a temporary file in it, or creating it — as ``(kind,
    directory)``: :data:`READ_ONLY` (EROFS) or :data:`NO_WRITE_PERMISSION` (EACCES / EPERM), the
    directory being the one the write was refused in (for a directory not there yet, its nearest
    existing parent). None when each can be written, or fails for another reason (a full disk, a
    file in the way): the caller's own words say those.

    Ask it when something failed with a permission or read-only error (the CLI's last resort, the
    GUI's start-up, doctor): the path names a directory of this workstation, never a person's data."""
    import errno
    import tempfile

    kinds = {errno.EROFS: READ_ONLY, errno.EACCES: NO_WRITE_PERMISSION, errno.EPERM: NO_WRITE_PERMISSION}
    paths = paths or app_paths()
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        try:
            if folder.is_dir():
                with tempfile.TemporaryFile(dir=folder, prefix=".write-check-"):
                    pass
            else:
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            kind = kinds.get(exc.errno or 0)
            if kind is None:
                return None
            where = folder
            while not where.exists() and where.parent != where:
                where = where.parent
            return kind, where
    return None


def refused_home(exc: BaseException) -> tuple[str, Path] | None:
    """:func:`unwritable_dir`'s answer when ``exc`` (or what it was raised from: a store error around
    SQLite's) is a permission or read-only failure — an OSError with EROFS / EACCES / EPERM, SQLite's
    "readonly database" / "unable to open" — and one of this workstation's directories indeed refuses
    a write; None for any other failure (then the caller's usual words)."""
    import errno

    denied = False
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10 and not denied:
        names = {cls.__name__ for cls in type(cause).__mro__}
        denied = (isinstance(cause, OSError) and cause.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) or (
            "OperationalError" in names and any(words in str(cause) for words in ("readonly", "unable to open")))
        seen, cause = seen + 1, cause.__cause__ or cause.__context__
    if not denied:
        return None
    try:
        return unwritable_dir()
    except Exception:   # the check itself must not hide the failure it explains
        return None
