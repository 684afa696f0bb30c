"""立即同步 through the sync agent that is already running, instead of a new process per click.

The window starts ``counter-app sync agent --requests-stdin`` with pipes. A request is one JSON
line on the agent's stdin, ``{"round": n}``; its answer is one line on the agent's stdout,
``{"answer": n, "report": {...}}`` (``SyncReport.as_dict``). The answer always comes from a round
that *started after* the request arrived, so it carries everything the clerk wrote before pressing
立即同步; requests that arrive during a round are answered by the next round, which starts at once.
Nothing but counters crosses the pipe: no names, no ID numbers.

The agent ends when its stdin closes, which is when the window's process ends, however it ends.

- :class:`RequestInbox` is the agent's side: a reader thread collects the requests and wakes the
  agent's loop.
- :class:`AgentLink` is the window's side: :meth:`AgentLink.request_round` blocks a worker thread
  until the answer arrives. When the agent has ended, it raises :class:`AgentUnavailable`, and the
  caller runs the round in a process of its own as before.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from typing import IO

log = logging.getLogger(__name__)

MAX_LINE = 1 << 20     # one answer line (a report: counters and a few messages) is far below this


class AgentUnavailable(RuntimeError):
    """The sync agent has ended, or never answered: run the round some other way."""


# --------------------------------------------------------------------------- the agent's side
class RequestInbox:
    """The agent's stdin: requests for a round, collected by a reader thread.

    ``wake`` is set on every request and when stdin closes, so the agent's wait between rounds ends
    at once. :meth:`take` hands over the requests that a round about to start answers.
    """

    @classmethod
    def of_this_process(cls, wake: threading.Event) -> "RequestInbox":
        """On this process's stdin and stdout. Requests are read from an unbuffered duplicate of
        stdin: a reader thread blocked in ``sys.stdin``'s buffer would hold its lock when the
        interpreter shuts down, and that aborts the process (``_enter_buffered_busy``)."""
        import os
        import sys

        return cls(open(os.dup(sys.stdin.fileno()), "rb", buffering=0), sys.stdout.buffer, wake)

    def __init__(self, requests: IO[bytes], answers: IO[bytes], wake: threading.Event):
        self._answers = answers
        self._pending: list[int] = []
        self._lock = threading.Lock()
        self.wake = wake
        self.closed = threading.Event()    # stdin closed: the window's process has ended
        threading.Thread(target=self._read, args=(requests,), daemon=True, name="sync-requests").start()

    def _read(self, requests: IO[bytes]) -> None:
        try:
            while True:
                line = requests.readline(MAX_LINE + 1)
                if not line:
                    return
                if len(line) > MAX_LINE:          # not ours: skip to the end of that line
                    while line and not line.endswith(b"\n"):
                        line = requests.readline(MAX_LINE + 1)
                    log.warning("ignored an over-long request line")
                    continue
                number = _request_number(line)
                if number is None:
                    log.warning("ignored a request that is not {\"round\": n}")
                    continue
                with self._lock:
                    self._pending.append(number)
                self.wake.set()
        except (OSError, ValueError):   # stdin gone
            return
        finally:
            self.closed.set()
            self.wake.set()

    def take(self) -> list[int]:
        """The requests waiting now; the round about to start answers them."""
        with self._lock:
            taken, self._pending = self._pending, []
        return taken

    def waiting(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def answer(self, numbers: list[int], report: dict) -> None:
        """Answer ``numbers`` with this round's report (from the agent's loop, the one writer). A
        window that has gone closes the inbox."""
        if not numbers:
            return
        lines = b"".join(json.dumps({"answer": n, "report": report}, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
                         for n in numbers)
        try:       # written by the agent's loop only
            self._answers.write(lines)
            self._answers.flush()
        except (OSError, ValueError):
            self.closed.set()
            self.wake.set()


def _request_number(line: bytes) -> int | None:
    try:
        message = json.loads(line)
    except ValueError:
        return None
    number = message.get("round") if isinstance(message, dict) else None
    if isinstance(number, bool) or not isinstance(number, int):
        return None
    return number


# --------------------------------------------------------------------------- the window's side
class _Waiting:
    __slots__ = ("done", "report")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.report: dict | None = None     # None once done: the agent ended first


class AgentLink:
    """The window's handle on its sync agent's pipes (``proc.stdin`` / ``proc.stdout``, binary).

    Thread-safe: any worker may ask for a round. A reader thread reads every answer line (the
    pipe never fills), hands each to the request it answers, and marks the link gone when the
    agent's stdout closes.
    """

    def __init__(self, proc):
        self.proc = proc
        self._numbers = itertools.count(1)
        self._waiting: dict[int, _Waiting] = {}
        self._lock = threading.Lock()
        self._gone = threading.Event()
        self.answered = 0
        threading.Thread(target=self._read, daemon=True, name="sync-agent-answers").start()

    @property
    def alive(self) -> bool:
        return not self._gone.is_set() and self.proc.poll() is None

    def request_round(self, timeout: float) -> dict:
        """Ask the agent for a round that starts after this call, and wait for its report
        (``SyncReport.as_dict``). Raises :class:`AgentUnavailable` if the agent has ended or ends
        before answering, and ``TimeoutError`` if no answer came within ``timeout`` seconds."""
        if not self.alive:
            raise AgentUnavailable("同步进程已结束")
        waiting = _Waiting()
        with self._lock:
            number = next(self._numbers)
            self._waiting[number] = waiting
            try:
                self.proc.stdin.write(json.dumps({"round": number}).encode("ascii") + b"\n")
                self.proc.stdin.flush()
            except (OSError, ValueError) as exc:
                del self._waiting[number]
                self._gone.set()
                raise AgentUnavailable("同步进程已结束") from exc
        if not waiting.done.wait(timeout):
            with self._lock:
                self._waiting.pop(number, None)
            raise TimeoutError(f"sync agent gave no answer in {timeout:.0f} s")
        if waiting.report is None:
            raise AgentUnavailable("同步进程在答复前结束")
        return waiting.report

    def _read(self) -> None:
        try:
            while True:
                line = self.proc.stdout.readline(MAX_LINE + 1)
                if not line:
                    return
                number, report = _answer(line)
                if number is None:
                    if line.strip():
                        log.warning("sync agent wrote a line that is not an answer (%d bytes)", len(line))
                    continue
                with self._lock:
                    waiting = self._waiting.pop(number, None)
                if waiting is not None:
                    waiting.report = report
                    self.answered += 1
                    waiting.done.set()
        except (OSError, ValueError):
            return
        finally:
            self._gone.set()
            try:
                self.proc.stdout.close()
            except (OSError, ValueError):
                pass
            with self._lock:
                left, self._waiting = list(self._waiting.values()), {}
            for waiting in left:
                waiting.done.set()      # report None: the agent ended before answering


def _answer(line: bytes) -> tuple[int | None, dict | None]:
    try:
        message = json.loads(line)
    except ValueError:
        return None, None
    if not isinstance(message, dict):
        return None, None
    number, report = message.get("answer"), message.get("report")
    if isinstance(number, bool) or not isinstance(number, int) or not isinstance(report, dict):
        return None, None
    return number, report
