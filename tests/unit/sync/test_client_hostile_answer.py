"""A hostile centre (or whatever answers at its address) cannot hang the client, fill its memory or
write to the clerk's terminal: every request has an overall deadline and a cap on its answer's
size, by the kind of request (client.Budget), and the centre's words are cleaned before they are
shown or stored.

A real HTTP/1.1 server on loopback (a socket server in threads) plays each hostile answer: no
mock of the client, its transport or httpx.
"""

from __future__ import annotations

import gzip
import json
import socketserver
import threading
import time
import tracemalloc

import pytest

from counter_app.sync import client as c
from counter_app.sync.client import (
    CentralClient, RequestRejected, StaticToken, TransientError, UnrecognisedAnswer,
)

TIMEOUT = 0.5                       # the client's gap timeout: a SMALL request may take 1.5 s in all
HEALTH = json.dumps({"status": "ok", "server_time": "2026-12-06T08:00:00+00:00", "version": "t",
                     "database": "sqlite"}).encode()


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(30)
        data = b""
        while b"\r\n\r\n" not in data:
            got = sock.recv(65536)
            if not got:
                return
            data += got
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            got = sock.recv(65536)
            if not got:
                return
            rest += got
        path = head.split(b" ")[1].decode()
        try:
            self.server.play(sock, path)       # type: ignore[attr-defined]
        except OSError:                        # the client hung up: that is the point
            pass


@pytest.fixture
def centre():
    """(set_play, url, written): a loopback server that plays ``play(sock, path)`` for every request."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    written = {"bytes": 0}
    server.play = lambda sock, path: None      # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def set_play(play):
        server.play = play                     # type: ignore[attr-defined]

    yield set_play, f"http://127.0.0.1:{server.server_address[1]}", written
    server.shutdown()
    server.server_close()


def _head(status: int, headers: dict[str, str]) -> bytes:
    # one request per connection (the handler returns and the socket closes): said, so the client
    # never sends the next request down a connection the server is closing (连接中断 under load)
    lines = [f"HTTP/1.1 {status} X", "Connection: close"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def trickle_body(sock, path):
    """Headers at once, promising a megabyte, then one byte every 0.2 s."""
    sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": "1000000"}))
    for _ in range(1000):
        sock.sendall(b" ")
        time.sleep(0.2)


def trickle_head(sock, path):
    """The status line and headers themselves one byte every 0.2 s."""
    for byte in _head(200, {"Content-Type": "application/json", "X-Pad": "x" * 1000}):
        sock.sendall(bytes([byte]))
        time.sleep(0.2)


def _timed(call):
    t0 = time.monotonic()
    with pytest.raises(TransientError) as err:
        call()
    return time.monotonic() - t0, err.value


@pytest.mark.parametrize("play", [trickle_body, trickle_head], ids=["body", "headers"])
def test_a_trickling_answer_ends_at_the_requests_deadline_with_the_timeout_message(centre, play):
    set_play, url, _ = centre
    set_play(play)
    before = set(threading.enumerate())
    with CentralClient(url, timeout=TIMEOUT, tokens=StaticToken("t")) as client:
        took, exc = _timed(client.health)
        assert str(exc).startswith("连接中心服务超时")
        assert not isinstance(exc, UnrecognisedAnswer)
        # SMALL: 3 × timeout (1.5 s), give or take one socket wait — not the 200 s the answer would take
        assert c.SMALL.deadline_factor * TIMEOUT <= took < c.SMALL.deadline_factor * TIMEOUT + TIMEOUT + 1.0
        # a push of a batch may take longer in all (BULK), and ends all the same
        took, exc = _timed(lambda: client.push_entries("FT-W01", []))
        assert str(exc).startswith("连接中心服务超时")
        assert c.BULK.deadline_factor * TIMEOUT <= took < c.BULK.deadline_factor * TIMEOUT + TIMEOUT + 1.0
    # no thread of the client's left behind (the loopback server's handlers are daemon threads of the test's)
    left = [t for t in set(threading.enumerate()) - before if not t.daemon]
    assert left == []


def test_an_answer_that_keeps_coming_each_read_in_time_is_still_cut_at_the_deadline(centre):
    """Chunked encoding, a small chunk every 0.1 s: each read well within the gap timeout."""
    def play(sock, path):
        sock.sendall(_head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
        while True:
            sock.sendall(b"1\r\n \r\n")
            time.sleep(0.1)

    set_play, url, _ = centre
    set_play(play)
    with CentralClient(url, timeout=TIMEOUT) as client:
        took, exc = _timed(client.health)
    assert str(exc).startswith("连接中心服务超时") and took < c.SMALL.deadline_factor * TIMEOUT + 1.0


def _huge(total: int, written: dict, *, declared: bool):
    def play(sock, path):
        headers = {"Content-Type": "application/json"}
        headers.update({"Content-Length": str(total)} if declared else {"Transfer-Encoding": "chunked"})
        sock.sendall(_head(200, headers))
        block = b"[" * 65536
        sent = 0
        while sent < total:
            sock.sendall(block if declared else b"%x\r\n%s\r\n" % (len(block), block))
            sent += len(block)
            written["bytes"] = sent
        if not declared:
            sock.sendall(b"0\r\n\r\n")
    return play


@pytest.mark.parametrize("declared", [False, True], ids=["chunked", "content-length"])
def test_a_huge_answer_is_refused_at_its_cap_without_reading_it_all(centre, declared):
    set_play, url, written = centre
    total = 200 * 1024 * 1024
    set_play(_huge(total, written, declared=declared))
    tracemalloc.start()
    try:
        with CentralClient(url, timeout=5, tokens=StaticToken("t")) as client:
            with pytest.raises(UnrecognisedAnswer) as err:
                client.pull(0, limit=4)           # a page of 4 changes: ~2 MB at most
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value).startswith("中心服务的答复无法识别（HTTP 200）")
    assert peak < 3 * c.pull_budget(4).max_bytes          # the cap, not the 200 MB
    assert written["bytes"] < total / 4                    # the rest was never read (nor sent)


def test_a_compressed_answer_is_capped_as_it_unpacks(centre):
    """A small gzip body that unpacks to 64 MiB: the cap counts the bytes as they unpack."""
    body = gzip.compress(b" " * (64 * 1024 * 1024))

    def play(sock, path):
        sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Encoding": "gzip",
                                 "Content-Length": str(len(body))}) + body)

    set_play, url, _ = centre
    set_play(play)
    tracemalloc.start()
    try:
        with CentralClient(url, timeout=5) as client:
            with pytest.raises(UnrecognisedAnswer):
                client.health()
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * c.SMALL.max_bytes


def test_a_packing_not_offered_is_refused(centre):
    def play(sock, path):
        sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Encoding": "br",
                                 "Content-Length": "4"}) + b"\x00\x01\x02\x03")

    set_play, url, _ = centre
    set_play(play)
    with CentralClient(url, timeout=5) as client:
        with pytest.raises(UnrecognisedAnswer):
            client.health()


def test_an_answer_within_its_cap_still_reads(centre):
    """The streaming read gives the caller the whole answer, gzip undone, as before."""
    body = gzip.compress(HEALTH)

    def play(sock, path):
        sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Encoding": "gzip",
                                 "Content-Length": str(len(body))}) + body)

    set_play, url, _ = centre
    set_play(play)
    with CentralClient(url, timeout=5) as client:
        assert client.health().version == "t"


HOSTILE = "\u001b[2J\u001b[31m中心\u202e已完成同步\u202c" + "长" * 100000


def _error(status: int, body: dict | bytes, headers: dict[str, str] | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()

    def play(sock, path):
        sock.sendall(_head(status, {"Content-Type": "application/json", "Content-Length": str(len(raw)),
                                    **(headers or {})}) + raw)
    return play


def _clean(text: str) -> None:
    assert "\x1b" not in text and "\u202e" not in text and "\u202c" not in text and "[2J" not in text
    assert len(text) <= c.DETAIL_MAX_CHARS + 40


def test_the_centres_error_text_is_cleaned_and_bounded(centre):
    set_play, url, _ = centre
    with CentralClient(url, timeout=5, tokens=StaticToken("t")) as client:
        # small enough to be read: cleaned and cut
        set_play(_error(503, {"detail": "\u001b[2J\u001b[31m中心\u202e已完成同步\u202c" + "长" * 10000},
                        {"Retry-After": "7"}))
        with pytest.raises(TransientError) as err:
            client.summary()
        _clean(str(err.value))
        assert "中心已完成同步长" in str(err.value) and err.value.retry_after == 7
        # too long to be read at all (300 KB): the status says it
        set_play(_error(503, {"detail": HOSTILE}))
        with pytest.raises(TransientError) as err:
            client.summary()
        _clean(str(err.value))
        assert str(err.value) == "中心服务暂时不可用（503）：中心服务返回 503"
        # a refusal's detail, reason and suggested action alike
        set_play(_error(409, {"detail": "\x1b]0;title\x07拒收\u2066原因\u2069\n下一行",
                              "reason": "bad\x1b[0m_reason" + "r" * 500,
                              "suggested_action": "\u202e请\x00重试" + "动" * 5000}))
        with pytest.raises(RequestRejected) as refused:
            client.summary()
        exc = refused.value
        assert exc.detail == "拒收原因 下一行"
        assert exc.reason is not None and exc.reason.startswith("bad_reason") and len(exc.reason) <= c.REASON_MAX_CHARS
        assert exc.suggested_action is not None
        _clean(exc.suggested_action)
        assert exc.suggested_action.startswith("请重试")
