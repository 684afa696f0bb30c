"""Rotating log file in the platform log dir; personal data masked before it is written."""

from __future__ import annotations

import logging
from pathlib import Path

from counter_app.domain.masking import mask_text

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskingFilter(logging.Filter):
    """Replaces ID numbers, phone numbers and labelled names in every record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        record.msg, record.args = masked, None
        return True


MAX_BYTES, BACKUP_COUNT = 2_000_000, 5       # each log: at most 12 MB on disk


def setup_logging(log_dir: Path, level: int = logging.INFO, *, console: bool = False,
                  filename: str = "counter-app.log", rotate_later: bool = False) -> logging.Handler:
    """Rotating, masked log ``filename`` in ``log_dir``. Each process has a file of its own (the
    sync agent ``sync-agent.log``): two processes rotating one file would lose lines.

    ``rotate_later`` (the window): until :func:`start_rotation` the file is appended to as it is,
    without the size check. ``logging.handlers`` brings socket, pickle and queue with it (about
    7 ms of a counter PC's start-up); the window imports it once it has painted its first frame.
    Every line is written at once either way: nothing waits in memory for a crash to lose."""
    private_dir(log_dir)
    if rotate_later:
        handler: logging.Handler = _StartupLog(log_dir / filename, encoding="utf-8")
    else:
        handler = _rotating(log_dir / filename)
    _prepare(handler)
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        _prepare(stream)
        root.addHandler(stream)
    return handler


def private_dir(log_dir: Path) -> None:
    """``log_dir`` made (0700) and kept private: the directory 0700 and the files already in it
    0600 (a log of an earlier release was 0644: masked, but a workstation's log is no one else's).
    POSIX modes; best effort where the system has none."""
    import os

    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "posix":
        return
    try:
        os.chmod(log_dir, 0o700)
        for child in log_dir.iterdir():
            if child.is_file() and child.stat().st_mode & 0o077:
                os.chmod(child, 0o600)
    except OSError:
        pass


def _open_private(path: str, mode: str, encoding: str | None, errors: str | None):
    """The log file opened for appending, created 0600 (never the umask's 0644)."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | (os.O_TRUNC if "w" in mode else 0), 0o600)
    if os.name == "posix":
        try:
            os.fchmod(fd, 0o600)
        except OSError:
            pass
    return open(fd, mode, encoding=encoding, errors=errors)


class _StartupLog(logging.FileHandler):
    """The window's log file before :func:`start_rotation`: appended to, not yet size-checked."""

    def _open(self):
        return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)


def start_rotation() -> logging.Handler | None:
    """Swap the window's start-up log for the rotating one on the same file (the first line
    written after this rotates the file if start-up took it past ``MAX_BYTES``). The rotating
    handler, or None when this process logs no start-up file."""
    root = logging.getLogger()
    startup = next((h for h in root.handlers if isinstance(h, _StartupLog)), None)
    if startup is None:
        return None
    try:
        rotating = _rotating(Path(startup.baseFilename))
    except OSError as exc:              # the file was writable a moment ago: keep writing it as it is
        logging.getLogger(__name__).warning("log rotation not started: %s", exc)
        return None
    _prepare(rotating)
    rotating.setLevel(startup.level)
    # one assignment: a thread logging meanwhile writes its line through one handler or the other
    root.handlers = [rotating if h is startup else h for h in root.handlers]
    startup.close()          # waits for a line being written through it
    return rotating


def _rotating(path: Path) -> logging.Handler:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """Each file it opens (the log, the next one after a rotation) is created 0600."""

        def _open(self):
            return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)

    return PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")


def _prepare(handler: logging.Handler) -> None:
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(MaskingFilter())
    handler._counter_app = True  # type: ignore[attr-defined]
