"""The real app on a real X server (Xvfb): it starts, shows its main window and paints it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def xvfb_display():
    if not shutil.which("Xvfb"):
        pytest.fail("Xvfb is not installed: make setup installs it (package xvfb)")
    for number in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    proc.terminate()
    proc.wait(10)


def test_app_shows_main_window_under_xvfb(xvfb_display, tmp_path):
    from PySide6.QtGui import QImage

    shot = tmp_path / "main.png"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", COUNTER_APP_HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-m", "tools.smoke", str(shot)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "IDLE" in proc.stdout
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 720
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 3, "the window painted nothing"
    log = (tmp_path / "home" / "log" / "counter-app.log").read_text(encoding="utf-8")
    assert "no font with Chinese glyphs" not in log


def test_without_display_the_app_says_how_to_use_xvfb(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COUNTER_APP_HOME"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "counter_app"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "xvfb-run" in proc.stderr and "DISPLAY" in proc.stderr
