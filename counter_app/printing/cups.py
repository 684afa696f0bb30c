"""CUPS adapter: sends the PDF itself (vector) with ``lp``, reads printer and job state with ``lpstat``.

The PDF goes to ``lp`` on its standard input: it holds personal data (name, ID number), so the
client never writes it to a file of its own (the job's PDF is kept in the encrypted store).

The command-line tools are used (not pycups) because they exist on every Linux/UOS counter PC with
CUPS and need no compiled binding. Output is read in the C locale. A job's state is the one
exception: ``lpstat`` does not print it (``-W completed`` lists canceled and aborted jobs too, and
its ``Alerts:`` line is job-state-reasons, not the state), so :meth:`CupsPrinters.job_state` asks
the scheduler for the IPP ``job-state`` through ``libcups.so.2`` (ctypes; the library Qt's print
support already needs, a Depends of the package) and only falls back to ``lpstat`` when the
library cannot be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

OFFLINE, OUT_OF_PAPER, ERROR = "offline", "out_of_paper", "error"
_PAPER_ALERTS = ("media-empty", "media-needed", "media-jam", "input-tray-missing")

# what :meth:`CupsPrinters.job_state` answers
PENDING, COMPLETED, CANCELED, ABORTED, UNKNOWN = "pending", "completed", "canceled", "aborted", "unknown"
# IPP job-state (RFC 8011 5.3.7): 3 pending, 4 pending-held, 5 processing, 6 processing-stopped
# (all still in CUPS's queue: "pending" here), 7 canceled, 8 aborted, 9 completed
IPP_JOB_STATES = {3: PENDING, 4: PENDING, 5: PENDING, 6: PENDING, 7: CANCELED, 8: ABORTED, 9: COMPLETED}


class PrinterError(Exception):
    """A CUPS problem; ``reason`` is offline | out_of_paper | error, the message is Chinese."""

    def __init__(self, message: str, reason: str = ERROR):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PrinterStatus:
    name: str
    exists: bool
    enabled: bool = False
    accepting: bool = False
    reason: str | None = None       # why it cannot print now: offline | out_of_paper | error
    detail: str = ""                # Chinese

    @property
    def ready(self) -> bool:
        return self.exists and self.enabled and self.accepting and self.reason is None


class CupsPrinters:
    """The local CUPS server (``CUPS_SERVER`` in the environment is honoured by the tools)."""

    def __init__(self, *, timeout: float = 15.0, ipp_timeout: float = 5.0):
        self.timeout = timeout              # each command-line tool
        self.ipp_timeout = ipp_timeout      # connecting to the scheduler, and each wait for its answer

    # ------------------------------------------------------------------ plumbing
    def _run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        exe = shutil.which(args[0]) or shutil.which(args[0], path="/usr/sbin:/usr/bin")
        if not exe:
            raise PrinterError(f"未安装 CUPS 打印工具（找不到 {args[0]}），请安装 cups-client。", OFFLINE)
        env = dict(os.environ, LC_ALL="C", LANG="C")
        try:
            if stdin is None:
                return subprocess.run([exe, *args[1:]], capture_output=True, text=True, timeout=self.timeout, env=env)
            proc = subprocess.run([exe, *args[1:]], input=stdin, capture_output=True, timeout=self.timeout, env=env)
            return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                               proc.stderr.decode("utf-8", "replace"))
        except subprocess.TimeoutExpired:
            raise PrinterError(f"打印服务无响应（{args[0]} 超时）。", OFFLINE) from None

    # ------------------------------------------------------------------ state
    def scheduler_running(self) -> bool:
        try:
            proc = self._run("lpstat", "-r")
        except PrinterError:
            return False
        if proc.returncode == 0 and "scheduler is running" in proc.stdout and "not" not in proc.stdout:
            return True
        # a second opinion: ``lpstat -v`` reaches the scheduler (starting a socket-activated one)
        # and only says "Scheduler is not running" when there is none
        try:
            probe = self._run("lpstat", "-v")
        except PrinterError:
            return False
        said = (probe.stderr + probe.stdout).lower()
        return "not running" not in said and "unable to connect" not in said

    def default_queue(self) -> str | None:
        proc = self._run("lpstat", "-d")
        m = re.search(r"system default destination:\s*(\S+)", proc.stdout)
        return m.group(1) if m else None

    def queues(self) -> list[str]:
        proc = self._run("lpstat", "-e")
        return [line.strip() for line in proc.stdout.splitlines() if line.strip()]

    def status(self, queue: str) -> PrinterStatus:
        # the queue first, then — only when it is not there — whether the scheduler runs at all.
        # One lpstat answers both questions (-p: enabled and alerts; -a: accepting jobs): each
        # print checks the queue first, and each process started costs the counter PC ~4 ms of CPU
        # while the clerk's window is drawing (bench ui-stall).
        proc = self._run("lpstat", "-l", "-p", queue, "-a", queue)
        if proc.returncode != 0 or f"printer {queue} " not in proc.stdout:
            # "invalid destination" is also what lpstat says with no scheduler: ask the scheduler
            if not self.scheduler_running():
                return PrinterStatus(queue, False, reason=OFFLINE, detail="打印服务（CUPS）未运行。")
            return PrinterStatus(queue, False, reason=OFFLINE, detail=f"打印机“{queue}”不存在或未添加。")
        out = proc.stdout
        enabled = " disabled since " not in out
        # only a "not accepting" line says no: without the line, lp is tried and says why it failed
        refusing = re.search(rf"^{re.escape(queue)} not accepting requests", out, re.MULTILINE)
        accepting = refusing is None
        alerts = " ".join(re.findall(r"Alerts:\s*(.*)", out))
        reason, detail = None, ""
        if any(a in alerts for a in _PAPER_ALERTS):
            reason, detail = OUT_OF_PAPER, f"打印机 {queue} 缺纸或卡纸（{alerts.strip()}）。"
        elif not enabled:
            reason, detail = OFFLINE, f"打印机 {queue} 已停用（脱机）。"
        elif not accepting:
            reason, detail = OFFLINE, f"打印机 {queue} 暂不接受打印任务。"
        elif "offline" in alerts or "error" in alerts:
            reason, detail = ERROR, f"打印机 {queue} 报告故障（{alerts.strip()}）。"
        return PrinterStatus(queue, True, enabled, accepting, reason, detail)

    # ------------------------------------------------------------------ jobs
    def submit(self, queue: str, pdf: bytes, *, copies: int = 1, title: str = "") -> str:
        """Send the PDF (its bytes, on ``lp``'s standard input: no file) to ``queue``; returns the CUPS
        job id (e.g. ``PDF-12``)."""
        if not isinstance(pdf, (bytes, bytearray)) or not pdf:
            raise PrinterError("打印内容为空，未发送。", ERROR)
        args = ["lp", "-d", queue, "-n", str(int(copies))]
        if title:
            args += ["-t", title]
        proc = self._run(*args, stdin=bytes(pdf))
        m = re.search(r"request id is (\S+)", proc.stdout)
        if proc.returncode != 0 or not m:
            err = (proc.stderr or proc.stdout).strip()
            offline_signs = ("not accepting", "does not exist", "Unable to connect", "Invalid destination", "not found")
            reason = OFFLINE if any(sign in err for sign in offline_signs) else ERROR
            raise PrinterError(f"打印任务提交失败：{err or '未知错误'}", reason)
        return m.group(1)

    def job_state(self, job_id: str) -> str:
        """pending | completed | canceled | aborted | unknown (CUPS does not know the job).

        The IPP job-state, read from the scheduler (pending: pending, held, processing or stopped —
        still in CUPS's queue). Raises :class:`PrinterError` (reason offline) when the scheduler
        cannot be asked: a job CUPS keeps in its spool survives a restart of the scheduler, so
        "unreachable" is not "gone"."""
        queue, _, number = job_id.rpartition("-")
        states = self._ipp_job_states(queue)
        if states is None:                  # no libcups: lpstat
            return self._lpstat_job_state(job_id)
        return states.get(int(number), UNKNOWN) if number.isdigit() else UNKNOWN

    def _ipp_job_states(self, queue: str) -> dict[int, str] | None:
        """{job number: state} of every job CUPS keeps for ``queue`` (active and finished), or None when
        libcups cannot be loaded."""
        lib = _libcups()
        if lib is None:
            return None
        jobs = ctypes.POINTER(_CupsJob)()
        with _LIBCUPS_LOCK:
            # the server as the tools see it (CUPS_SERVER, client.conf), on a connection of our own
            # (libcups keeps one per thread, which a restarted scheduler leaves broken) whose every
            # wait is bounded: a scheduler that takes the connection and never answers (stopped, or
            # hung) would otherwise hold the print queue, and this lock, for good
            server = os.environ.get("CUPS_SERVER")
            lib.cupsSetServer(server.encode() if server else None)
            msec = int(self.ipp_timeout * 1000)
            started = time.monotonic()
            http = lib.httpConnect2(lib.cupsServer(), lib.ippPort(), None, 0, lib.cupsEncryption(), 1, msec, None)
            if not http:
                count, error = -1, "无法连接"
            else:
                try:
                    lib.httpSetTimeout(http, self.ipp_timeout, None, None)   # no callback: a timeout fails the request
                    count = lib.cupsGetJobs2(http, ctypes.byref(jobs), queue.encode(), 0, -1)   # CUPS_WHICHJOBS_ALL
                    error = (lib.cupsLastErrorString() or b"").decode("utf-8", "replace")
                    try:
                        states = {jobs[i].id: IPP_JOB_STATES.get(jobs[i].state, PENDING)
                                  for i in range(max(count, 0))}
                    finally:
                        if count > 0:
                            lib.cupsFreeJobs(count, jobs)
                finally:
                    lib.httpClose(http)
        if count < 0 and time.monotonic() - started >= self.ipp_timeout * 0.9:
            # the scheduler took the connection and said nothing: asking lpstat would wait as long again
            raise PrinterError("打印服务无响应（查询任务状态超时）。", OFFLINE)
        if count < 0:
            if not self.scheduler_running():
                raise PrinterError("打印服务（CUPS）未运行。", OFFLINE)
            raise PrinterError(f"无法向打印服务查询任务状态：{error or '未知错误'}。", OFFLINE)
        return states

    def _lpstat_job_state(self, job_id: str) -> str:
        """:meth:`job_state` without libcups. Not-completed is asked first: a job only ever moves from
        not-completed to finished, so a job that finishes between the two questions is still found
        (asked the other way round, a fast queue such as cups-pdf made a just-finished job "unknown").
        ``-W completed`` lists every finished job: canceled and aborted ones are told by their
        job-state-reasons (the ``Alerts:`` line of ``-l``)."""
        queue = job_id.rsplit("-", 1)[0]
        pending = self._run("lpstat", "-W", "not-completed", "-o", queue)
        if any(line.split()[:1] == [job_id] for line in pending.stdout.splitlines()):
            return PENDING
        if not pending.stdout.strip() and "not running" in (pending.stderr or "").lower():
            raise PrinterError("打印服务（CUPS）未运行。", OFFLINE)
        done = self._run("lpstat", "-l", "-W", "completed", "-o", queue)
        found, alerts = False, ""
        for line in done.stdout.splitlines():
            if not line[:1].isspace():
                if found:
                    break
                found = line.split()[:1] == [job_id]
            elif found and line.strip().startswith("Alerts:"):
                alerts = line
        if not found:
            return UNKNOWN
        if "job-canceled" in alerts:
            return CANCELED
        if "aborted" in alerts:
            return ABORTED
        return COMPLETED

    def cancel(self, job_id: str) -> None:
        self._run("cancel", job_id)


class _CupsJob(ctypes.Structure):
    """libcups' ``cups_job_t`` (cups.h, unchanged since CUPS 1.1)."""

    _fields_ = [("id", ctypes.c_int), ("dest", ctypes.c_char_p), ("title", ctypes.c_char_p),
                ("user", ctypes.c_char_p), ("format", ctypes.c_char_p), ("state", ctypes.c_int),
                ("size", ctypes.c_int), ("priority", ctypes.c_int), ("completed_time", ctypes.c_long),
                ("creation_time", ctypes.c_long), ("processing_time", ctypes.c_long)]


_LIBCUPS_LOCK = threading.Lock()
_LIBCUPS: list = []         # [library or None], loaded once


def _libcups():
    """libcups.so.2 with the functions :meth:`CupsPrinters.job_state` uses, or None."""
    with _LIBCUPS_LOCK:
        if not _LIBCUPS:
            lib = None
            name = ctypes.util.find_library("cups") or "libcups.so.2"
            try:
                lib = ctypes.CDLL(name)
                lib.cupsSetServer.argtypes = [ctypes.c_char_p]
                lib.cupsSetServer.restype = None
                lib.cupsGetJobs2.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(_CupsJob)),
                                             ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
                lib.cupsGetJobs2.restype = ctypes.c_int
                lib.cupsFreeJobs.argtypes = [ctypes.c_int, ctypes.POINTER(_CupsJob)]
                lib.cupsFreeJobs.restype = None
                lib.cupsLastErrorString.restype = ctypes.c_char_p
                lib.cupsServer.restype = ctypes.c_char_p
                lib.ippPort.restype = ctypes.c_int
                lib.cupsEncryption.restype = ctypes.c_int
                lib.httpConnect2.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                                             ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
                lib.httpConnect2.restype = ctypes.c_void_p
                lib.httpSetTimeout.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_void_p, ctypes.c_void_p]
                lib.httpSetTimeout.restype = None
                lib.httpClose.argtypes = [ctypes.c_void_p]
                lib.httpClose.restype = None
            except (OSError, AttributeError):
                lib = None
            _LIBCUPS.append(lib)
        return _LIBCUPS[0]
