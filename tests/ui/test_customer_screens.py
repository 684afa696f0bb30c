"""The customer screen on a two-monitor counter (Qt's offscreen platform with two screens): it opens
full screen on the monitor that is not the clerk's, wherever the clerk's window is, and goes back
to a normal window when that monitor is unplugged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r'''
import json, os, sys
from counter_app.ui.app import create_application, apply_ui_font, build_context
from counter_app.config import default_settings
from counter_app.app_context import UserSession
from counter_app.ui.main_window import MainWindow
from counter_app.ui.tasks import pump, task_runner
from PySide6.QtGui import QGuiApplication
app = create_application(); apply_ui_font(app)
ctx = build_context(default_settings(), user=UserSession("clerk01", "张经办", "clerk"))
w = MainWindow(ctx)
clerk_on = sys.argv[1]
screens = {s.name(): s for s in QGuiApplication.screens()}
w.setScreen(screens[clerk_on]); w.move(screens[clerk_on].geometry().topLeft()); w.show(); pump(200)
if w.customer_window is not None:
    w.customer_window.place(); pump(200)
c = w.customer_window
out = {"clerk": w.screen().name(), "customer": c.screen().name() if c else None,
       "full": bool(c and c.isFullScreen()),
       "geometry": [c.geometry().x(), c.geometry().width()] if c else None}
print(json.dumps(out), flush=True)
w._status_timer.stop(); task_runner().wait(5000)
os._exit(0)
'''


@pytest.mark.timeout(120)
@pytest.mark.parametrize("clerk_on,expected", [("Clerk", "Customer"), ("Customer", "Clerk")])
def test_customer_window_takes_the_screen_that_is_not_the_clerks(tmp_path, clerk_on, expected):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": True, "windowFrameMargins": False, "screens": [
        {"name": "Clerk", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpiX": 96, "logicalDpiY": 96},
        {"name": "Customer", "x": 1366, "y": 0, "width": 1024, "height": 600, "logicalDpiX": 96, "logicalDpiY": 96},
    ]}))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               COUNTER_APP_HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, clerk_on], env=env, capture_output=True, text=True,
                          timeout=100, cwd=ROOT)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, proc.stderr[-3000:]
    found = json.loads(lines[-1])
    assert found["clerk"] == clerk_on
    assert found["customer"] == expected and found["full"], found
