"""IT finding: the workstation's log directory was 0755 and its files 0644 (the centre's CLI log is
0600). Masked or not, a workstation's logs are its own: 0700 and 0600, after a rotation too."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from counter_app import logging_setup

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_directory_and_files_are_private_after_rotation_too(tmp_path, monkeypatch):
    old_umask = os.umask(0o022)
    log_dir = tmp_path / "log"
    log_dir.mkdir(mode=0o755)
    (log_dir / "old.log").write_text("earlier release\n")
    os.chmod(log_dir / "old.log", 0o644)
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 200)
    try:
        handler = logging_setup.setup_logging(log_dir, filename="counter-app-cli.log")
        try:
            for i in range(20):
                logging.getLogger("t").warning("line %d of the log, long enough to rotate", i)
        finally:
            logging.getLogger().removeHandler(handler)
            handler.close()
    finally:
        os.umask(old_umask)
    assert _mode(log_dir) == 0o700
    files = sorted(log_dir.iterdir())
    assert any(f.name.endswith(".log.1") for f in files), files        # it rotated
    assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_the_windows_start_up_log_is_private(tmp_path):
    handler = logging_setup.setup_logging(tmp_path / "log", rotate_later=True)
    try:
        logging.getLogger("t").warning("start")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert _mode(tmp_path / "log" / "counter-app.log") == 0o600
