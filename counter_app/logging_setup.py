"""Rotating log file in the platform log dir; personal data masked before it is written."""

from __future__ import annotations

import logging
import logging.handlers
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
                  filename: str = "counter-app.log") -> logging.Handler:
    """Rotating, masked log ``filename`` in ``log_dir``. Each process has a file of its own (the
    sync agent ``sync-agent.log``): two processes rotating one file would lose lines."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / filename, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(LOG_FORMAT))
        stream.addFilter(MaskingFilter())
        stream._counter_app = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    return handler
