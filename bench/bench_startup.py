"""bench startup: interpreter start → main window shown and the event loop idle (offscreen),
against a bare PySide6 QMainWindow shown the same way, in the same run. Medians of several runs,
interleaved. Also prints the app's idle RSS (goal <= 250 MB) and when the (encrypted) store is
open with the status bar's first figures — the store opens on a worker, so the window is idle
before; the run fails if the store does not open."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import BenchResult

RUNS = 15
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QMainWindow(); w.setWindowTitle('社保窗口'); w.resize(1024, 700); w.show()\n"
    "def idle():\n"
    "    import resource\n"
    "    print('IDLE 0 RSS 0', flush=True); app.quit()\n"
    "QTimer.singleShot(0, idle)\n"
    "app.exec()\n"
)


def _time_to_idle(cmd: list[str], env: dict) -> tuple[float, int, float]:
    """(seconds to IDLE, RSS at idle, seconds to READY: the store open and the status bar's first
    figures shown; the bare window has no store, so its READY is its IDLE)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    elapsed, rss, ready = None, 0, None
    for line in proc.stdout:
        if line.startswith("IDLE"):
            elapsed = time.perf_counter() - t0
            rss = int(line.split()[3])
            if "IDLE 0" in line:
                ready = elapsed
                break
        elif line.startswith("READY"):
            ready = time.perf_counter() - t0
            break
        elif line.startswith("STORE-FAILED"):
            proc.wait(30)
            raise RuntimeError(f"{cmd}: the store did not open ({line.strip()})")
    if elapsed is None or ready is None:
        proc.wait()
        raise RuntimeError(f"{cmd} exited ({proc.returncode}) without reaching idle")
    proc.wait(30)
    return elapsed, rss, ready


def run() -> BenchResult:
    home = tempfile.mkdtemp(prefix="bench-startup-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_HOME=home)
    # The store is encrypted with a key from the keyring, and a plaintext keyring is refused
    # outside tests: without this the app's store would fail to open and the runs would time a
    # start-up that never opens its store. The bench's own throwaway keyring, as bench sync.
    env.update(XDG_DATA_HOME=os.path.join(home, "xdg-data"), COUNTER_APP_ALLOW_PLAINTEXT_KEYRING="1",
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    # Measure installed-program starts: bytecode cached (an installation has its .pyc files). A
    # caller's PYTHONDONTWRITEBYTECODE would make every start of ours recompile all of
    # counter_app from source (~0.1 s) while the baseline compiles nothing. The warm-up runs
    # below fill a private cache for both commands; the working tree is not written.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(home, "pycache")
    ours_cmd = [sys.executable, "-m", "tools.smoke"]
    bare_cmd = [sys.executable, "-c", BARE]
    _time_to_idle(ours_cmd, env)  # first start creates and migrates the store; warms the disk cache
    _time_to_idle(bare_cmd, env)
    ours, bare, rss, ready = [], [], [], []
    for _ in range(RUNS):
        t, r, t_ready = _time_to_idle(ours_cmd, env)
        ours.append(t)
        rss.append(r)
        ready.append(t_ready)
        bare.append(_time_to_idle(bare_cmd, env)[0])
    idle_rss_mb = statistics.median(rss) / 2**20
    return BenchResult(
        "startup", statistics.median(ours), statistics.median(bare), goal=2.0,   # issue 20: raised from 3x
        extra=[(f"idle RSS {idle_rss_mb:.0f} MB (goal <= 250 MB); store open and the status bar's first figures at "
                f"{statistics.median(ready) * 1000:.0f}ms; runs {RUNS}, medians")],
    )
