"""The pipe between the window and its sync agent (counter_app.sync.agent_link): each request is
answered once, by its own number; the agent's end, silence, stray output and hostile lines never
leave the clerk's worker waiting forever, and are never taken for an answer."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from counter_app.sync.agent_link import MAX_LINE, AgentLink, AgentUnavailable, RequestInbox

pytestmark = pytest.mark.timeout(60)

# A stand-in agent process for the window's side: answers each request after ``delay`` seconds with
# a report that names the request, writes a stray line first, and ends after ``answers`` answers.
AGENT = r"""
import json, sys, time
delay, answers = float(sys.argv[1]), int(sys.argv[2])
print("not an answer", flush=True)
for i, line in enumerate(sys.stdin):
    if i >= answers:
        break
    n = json.loads(line)["round"]
    time.sleep(delay)
    sys.stdout.write(json.dumps({"answer": n, "report": {"pushed": n, "synced": n}}) + "\n")
    sys.stdout.flush()
"""


def _agent(delay=0.0, answers=100):
    return subprocess.Popen([sys.executable, "-c", AGENT, str(delay), str(answers)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _end(proc):
    proc.kill()
    proc.wait(10)


def test_each_request_gets_its_own_answer_across_threads():
    proc = _agent()
    link = AgentLink(proc)
    try:
        results = {}

        def ask(k):
            results[k] = link.request_round(20)

        threads = [threading.Thread(target=ask, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        numbers = sorted(r["pushed"] for r in results.values())
        assert numbers == list(range(1, 9))          # eight requests, eight distinct answers
        assert link.answered == 8 and link.alive
    finally:
        _end(proc)


def test_an_agent_that_ends_before_answering_raises_unavailable_and_later_requests_too():
    proc = _agent(delay=0.5, answers=0)              # reads one request, then ends without answering
    link = AgentLink(proc)
    try:
        started = time.monotonic()
        with pytest.raises(AgentUnavailable):
            link.request_round(30)
        assert time.monotonic() - started < 20        # not the full timeout: the end is noticed
        proc.wait(10)
        assert not link.alive
        with pytest.raises(AgentUnavailable):
            link.request_round(30)
    finally:
        _end(proc)


def test_a_silent_agent_times_out_and_a_late_answer_is_dropped():
    proc = _agent(delay=2.0)
    link = AgentLink(proc)
    try:
        with pytest.raises(TimeoutError):
            link.request_round(0.3)
        # the late answer to request 1 must not be taken for request 2's
        assert link.request_round(20)["pushed"] == 2
    finally:
        _end(proc)


def test_the_link_sees_the_agent_end_when_its_stdin_closes():
    from counter_app.launcher import end_child

    proc = _agent()
    link = AgentLink(proc)
    assert link.request_round(20)["pushed"] == 1
    end_child(proc, 10)                                # as stop_sync_agent ends it
    assert proc.returncode == 0                        # the stand-in ends at EOF, as the agent does
    for _ in range(100):
        if not link.alive:
            break
        time.sleep(0.05)
    assert not link.alive


# --------------------------------------------------------------------------- the agent's side
def _inbox(lines: bytes):
    read_fd, write_fd = os.pipe()
    answers = io.BytesIO()
    wake = threading.Event()
    inbox = RequestInbox(os.fdopen(read_fd, "rb"), answers, wake)
    with os.fdopen(write_fd, "wb") as window:          # more than a pipe holds: the inbox reads as it comes
        window.write(lines)
    assert inbox.closed.wait(10)                       # EOF: the window has gone
    return inbox, answers, wake


def test_inbox_keeps_well_formed_requests_and_ignores_the_rest():
    hostile = (b"\xff\xfe\n"                            # not UTF-8
               b"[1, 2]\n"                              # not an object
               b'{"round": "7"}\n'                      # not a number
               b'{"round": true}\n'                     # a bool is not a number
               + b"x" * (MAX_LINE + 10) + b"\n"         # over-long
               + b'{"round": 3}\n'
               b'{"round": 4, "extra": 1}\n')
    inbox, answers, wake = _inbox(hostile)
    assert wake.is_set()
    assert inbox.take() == [3, 4]
    assert inbox.take() == [] and not inbox.waiting()
    inbox.answer([3, 4], {"synced": 5})
    lines = [json.loads(line) for line in answers.getvalue().splitlines()]
    assert lines == [{"answer": 3, "report": {"synced": 5}}, {"answer": 4, "report": {"synced": 5}}]


def test_inbox_answer_to_a_window_that_has_gone_closes_the_inbox():
    class Broken(io.BytesIO):
        def write(self, data):
            raise BrokenPipeError

    read_fd, write_fd = os.pipe()
    wake = threading.Event()
    inbox = RequestInbox(os.fdopen(read_fd, "rb"), Broken(), wake)
    try:
        inbox.answer([1], {"synced": 0})
        assert inbox.closed.is_set() and wake.is_set()
        inbox.answer([], {"synced": 0})              # nothing asked: nothing written, no error
    finally:
        os.close(write_fd)
