"""pytest plugin: a running CUPS scheduler with two private cups-pdf queues.

Starts ``cupsd -f`` itself when no scheduler answers (as on CI without systemd), waits for
``lpstat -r``, adds the queues with lpadmin, and at the end removes the queues and stops cupsd by
PID if it started it. CUPS and cups-pdf are required packages here: when they are missing the
fixture fails loudly rather than skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
ENV = dict(os.environ, LC_ALL="C", LANG="C")


@dataclass(frozen=True)
class CupsQueues:
    queue: str           # the counter's printer
    other: str           # a second printer (send-to-another-printer)
    output_dir: Path     # where cups-pdf writes the jobs of the current user


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, env=ENV, check=check, timeout=30)


def _scheduler_running() -> bool:
    proc = _run("lpstat", "-r", check=False)
    return proc.returncode == 0 and "scheduler is running" in proc.stdout and "not running" not in proc.stdout


def _output_dir() -> Path:
    home = Path.home()
    conf = Path("/etc/cups/cups-pdf.conf")
    out = "${HOME}/PDF"
    if conf.exists():
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("Out "):
                out = line.split(None, 1)[1].strip()
    return Path(out.replace("${HOME}", str(home)))


@pytest.fixture(scope="session")
def cups_queues():
    cupsd = shutil.which("cupsd") or shutil.which("cupsd", path="/usr/sbin")
    if not cupsd or not shutil.which("lpadmin", path="/usr/sbin:/usr/bin"):
        pytest.fail("CUPS（cupsd / lpadmin）未安装：集成测试需要 cups 与 printer-driver-cups-pdf。")
    started = None
    if not _scheduler_running():
        Path("/run/cups").mkdir(parents=True, exist_ok=True)
        started = subprocess.Popen([cupsd, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 20
        while not _scheduler_running():
            if started.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"cupsd 未能启动（退出码 {started.poll()}）")
            time.sleep(0.1)
    suffix = os.getpid()
    names = (f"CounterTestPDF{suffix}", f"CounterTestPDF{suffix}b")
    for name in names:
        _run("/usr/sbin/lpadmin" if Path("/usr/sbin/lpadmin").exists() else "lpadmin",
             "-p", name, "-v", "cups-pdf:/", "-E", "-m", PPD)
    out = _output_dir()
    out.mkdir(parents=True, exist_ok=True)
    try:
        yield CupsQueues(names[0], names[1], out)
    finally:
        for name in names:
            _run("lpadmin", "-x", name, check=False)
        if started is not None:
            started.terminate()
            try:
                started.wait(10)
            except subprocess.TimeoutExpired:
                started.kill()
