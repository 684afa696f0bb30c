"""`make screenshots` driver: runs the real main window through the fixed steps and the 参保登记 flow
(``--only reg_enroll``) into a temp dir; every PNG exists, has the window's size and shows a UI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAIN = {"picker", "picker-search", "card-applicant", "guidance-checklist", "guidance-returned",
        "rejection-checklist", "rejection-awaiting-approval", "rejection-decided", "reg_enroll-accepted", "reg_enroll-archived",
        "documents-preview-queue", "cases", "outbox"}
CUSTOMER = {"customer-guidance", "customer-case", "customer-rating"}


def _distinct_colours(image, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("size", "language"), [("1280x800", None), ("1366x768", None), ("1366x768", "en")])
def test_driver_saves_every_main_step(tmp_path, size, language):
    """The same fixed steps in the English UI too (``--language en``): the flow a clerk walks does
    not depend on the language it is worded in."""
    from PySide6.QtGui import QImage

    from tools.screenshots import SIZES

    WIDTH, HEIGHT = SIZES[size]

    out = tmp_path / "shots"
    out.mkdir()
    (out / "99-stale.png").write_bytes(b"old")            # a previous run's picture is replaced
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("COUNTER_APP_HOME", None)                       # the driver makes its own private home
    proc = subprocess.run([sys.executable, "-m", "tools.screenshots", "--out", str(out),
                           "--only", "reg_enroll", "--size", size, *(["--language", language] if language else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "Qt warning:" not in proc.stderr, proc.stderr
    assert "0 Qt warnings" in proc.stdout
    files = sorted(out.glob("*.png"))
    names = {p.stem.split("-", 1)[1] for p in files}
    assert names == MAIN | CUSTOMER, names
    numbers = [int(p.stem.split("-", 1)[0]) for p in files]
    assert numbers == list(range(1, len(files) + 1))       # NN- prefixes in the order of the flow
    for path in files:
        image = QImage(str(path))
        assert not image.isNull(), path
        name = path.stem.split("-", 1)[1]
        if name in MAIN:
            assert (image.width(), image.height()) == (WIDTH, HEIGHT), path
            assert _distinct_colours(image) > 20, f"{path} looks blank"
        else:
            assert image.width() >= 600 and image.height() >= 400, path
            assert _distinct_colours(image) > 2, f"{path} looks blank"
        assert path.stat().st_size < 600_000, path
    # the pictures differ: the flow moved on between them
    digests = {p.read_bytes() for p in files}
    assert len(digests) == len(files)
