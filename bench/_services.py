"""Plain (non-pytest) service helpers for the benchmarks.

``start_cups()`` mirrors the ``cups_queues`` fixture of tests/support/cups.py (whose helpers it
reuses): start ``cupsd -f`` when no scheduler answers, add one private cups-pdf queue, and undo
both — by PID for the scheduler — in :meth:`CupsQueue.stop`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class CupsQueue:
    name: str
    output_dir: Path
    cupsd: subprocess.Popen | None      # None: a scheduler we did not start

    def stop(self) -> None:
        from tests.support.cups import _run

        _run(_lpadmin(), "-x", self.name, check=False)
        proc, self.cupsd = self.cupsd, None
        if proc is not None and proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(10)


def _lpadmin() -> str:
    return "/usr/sbin/lpadmin" if Path("/usr/sbin/lpadmin").exists() else "lpadmin"


def start_cups(prefix: str = "CounterBenchPDF") -> CupsQueue:
    """A cups-pdf queue named ``<prefix><pid>`` on a running scheduler (started here if needed)."""
    from tests.support.cups import PPD, _output_dir, _run, _scheduler_running

    cupsd = shutil.which("cupsd") or shutil.which("cupsd", path="/usr/sbin")
    if not cupsd or not shutil.which("lpadmin", path="/usr/sbin:/usr/bin"):
        raise RuntimeError("CUPS（cupsd / lpadmin）未安装：需要 cups 与 printer-driver-cups-pdf。")
    started = None
    if not _scheduler_running():
        Path("/run/cups").mkdir(parents=True, exist_ok=True)
        started = subprocess.Popen([cupsd, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 20
        while not _scheduler_running():
            if started.poll() is not None or time.monotonic() > deadline:
                code = started.poll()
                if code is None:
                    os.kill(started.pid, signal.SIGKILL)
                    started.wait(5)
                raise RuntimeError(f"cupsd 未能启动（退出码 {code}）")
            time.sleep(0.1)
    queue = CupsQueue(f"{prefix}{os.getpid()}", _output_dir(), started)
    try:
        _run(_lpadmin(), "-p", queue.name, "-v", "cups-pdf:/", "-E", "-m", PPD)
        queue.output_dir.mkdir(parents=True, exist_ok=True)
    except BaseException:
        queue.stop()
        raise
    return queue
