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


def _end(proc: subprocess.Popen | None) -> None:
    """Stop a cupsd this module started (terminate, then kill after 10 s)."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _lpadmin() -> str:
    return "/usr/sbin/lpadmin" if Path("/usr/sbin/lpadmin").exists() else "lpadmin"


@dataclass
class CupsService:
    """cups-pdf queues on a scheduler; ``stop()`` removes them and stops cupsd if it was started here."""

    queues: tuple[str, ...]
    output_dir: Path
    cupsd: subprocess.Popen | None      # None: a scheduler that was already running

    def stop(self) -> None:
        for name in self.queues:
            _run(_lpadmin(), "-x", name, check=False)
        proc, self.cupsd = self.cupsd, None
        _end(proc)


def start_cups(names: tuple[str, ...]) -> CupsService:
    """Plain function (fixtures and benchmarks): start ``cupsd -f`` when no scheduler answers, then
    add a cups-pdf queue for each name. Raises RuntimeError with a Chinese reason."""
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
                    started.kill()
                    started.wait(5)
                raise RuntimeError(f"cupsd 未能启动（退出码 {code}）")
            time.sleep(0.1)
    service = CupsService(tuple(names), _output_dir(), started)
    try:
        for name in names:
            _run(_lpadmin(), "-p", name, "-v", "cups-pdf:/", "-E", "-m", PPD)
        service.output_dir.mkdir(parents=True, exist_ok=True)
    except BaseException:
        service.stop()
        raise
    return service


@pytest.fixture(scope="session")
def cups_queues():
    suffix = os.getpid()
    try:
        service = start_cups((f"CounterTestPDF{suffix}", f"CounterTestPDF{suffix}b"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield CupsQueues(service.queues[0], service.queues[1], service.output_dir)
    finally:
        service.stop()


# ---------------------------------------------------------------------------- a private scheduler
_PRIVATE_FILES_CONF = """ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/run
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
FileDevice Yes
"""
_PRIVATE_CONF = """LogLevel warn
Listen {root}/cups.sock
Browsing No
ErrorPolicy retry-job
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow all
</Location>
"""


@dataclass
class PrivateCups:
    """A cupsd of the test's own (own config, spool and socket, ``CUPS_SERVER`` = its socket): a test
    may stop and start it — a scheduler restart — without touching the machine's CUPS or another
    test's queues. ``file:`` device URIs are allowed (``file:///dev/null``: a printer that prints)."""

    root: Path
    proc: subprocess.Popen | None = None

    @property
    def server(self) -> str:
        return str(self.root / "cups.sock")

    def env(self) -> dict[str, str]:
        return dict(ENV, CUPS_SERVER=self.server)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        exe = shutil.which(args[0], path="/usr/sbin:/usr/bin") or args[0]
        return subprocess.run([exe, *args[1:]], capture_output=True, text=True, env=self.env(), check=check,
                              timeout=30)

    def running(self) -> bool:
        proc = self.run("lpstat", "-r", check=False)
        return "scheduler is running" in proc.stdout and "not running" not in proc.stdout

    def start(self) -> None:
        cupsd = shutil.which("cupsd") or shutil.which("cupsd", path="/usr/sbin")
        if not cupsd:
            raise RuntimeError("CUPS（cupsd）未安装：需要 cups 与 printer-driver-cups-pdf。")
        self.proc = subprocess.Popen([cupsd, "-f", "-c", str(self.root / "etc" / "cupsd.conf"),
                                      "-s", str(self.root / "etc" / "cups-files.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 20
        while not self.running():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("私有 cupsd 未能启动")
            time.sleep(0.1)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        _end(proc)

    def add_queue(self, name: str, uri: str, *options: str) -> str:
        args = [_lpadmin(), "-p", name, "-v", uri, "-E", "-m", PPD]
        for option in options:
            args += ["-o", option]
        self.run(*args)
        return name

    def jobs(self, queue: str, which: str = "not-completed") -> list[str]:
        """The CUPS job ids ``lpstat -W which -o queue`` lists."""
        out = self.run("lpstat", "-W", which, "-o", queue, check=False).stdout
        return [line.split()[0] for line in out.splitlines() if line.strip() and not line[:1].isspace()]


@pytest.fixture
def private_cups(monkeypatch):
    """A :class:`PrivateCups`, running, with ``CUPS_SERVER`` pointing at it for the test."""
    import tempfile

    # short (a socket path has ~100 bytes) and reachable by the filters, which run as lp
    root = Path(tempfile.mkdtemp(prefix="ctcups"))
    root.chmod(0o755)
    for sub in ("etc/ppd", "spool/tmp", "cache", "run", "log"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "etc" / "cups-files.conf").write_text(_PRIVATE_FILES_CONF.format(root=root), encoding="utf-8")
    (root / "etc" / "cupsd.conf").write_text(_PRIVATE_CONF.format(root=root), encoding="utf-8")
    pdf_conf = Path("/etc/cups/cups-pdf.conf")
    if pdf_conf.exists():
        shutil.copyfile(pdf_conf, root / "etc" / "cups-pdf.conf")
    cups = PrivateCups(root)
    try:
        cups.start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    try:
        yield cups
    finally:
        cups.stop()
        shutil.rmtree(root, ignore_errors=True)
