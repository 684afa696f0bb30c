"""Something that is not the centre answers at its address with a success status (a proxy's login
page, another web site, a centre of another version): every CentralClient call says so in Chinese
as a transient error (the work waits and goes again), never a pydantic traceback, and the log keeps
the status and the size, never the answer's content.

A real HTTP server on loopback (http.server in a thread) answers every request the same way.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.sync.client import CentralClient, StaticToken, TransientError, UnrecognisedAnswer

HTML = b"<html><body>proxy login page 110101199003077774</body></html>"
ANSWERS = {
    "html": (200, "text/html", HTML),
    "wrong_json": (200, "application/json", b'{"items": "nope", "x": 1, "name": "110101199003077774"}'),
    "not_utf8": (200, "application/json", b'{"status": "\xff\xfe"}'),
    "redirect": (302, "text/html", HTML),
}


@pytest.fixture
def answering():
    """(set_answer, url): a loopback server answering every request with the chosen canned answer."""
    chosen = {"answer": ANSWERS["html"]}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            status, ctype, body = chosen["answer"]
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 302:
                self.send_header("Location", "/login")
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (lambda name: chosen.update(answer=ANSWERS[name])), f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _calls():
    record = {"seq": 1, "at": "2026-12-04T08:00:00+00:00", "actor": "clerk01", "workstation_id": "FT-W01",
              "action": "login", "object_type": "user", "object_id": "clerk01", "result": "ok", "detail": "",
              "prev_digest": "0" * 64, "digest": "1" * 64}
    return {
        "health": lambda c: c.health(),
        "login": lambda c: c.login("clerk01", "pw", "FT-W01"),
        "refresh": lambda c: c.refresh("token"),
        "push_entries": lambda c: c.push_entries("FT-W01", []),
        "summary": lambda c: c.summary(),
        "missing": lambda c: c.missing(["01a24022-d9e5-7ff0-9892-4def2f57b197"]),
        "pull": lambda c: c.pull(0),
        "reference": lambda c: c.reference("rates"),
        "approvals": lambda c: c.approvals(),
        "decide_approval": lambda c: c.decide_approval("r1", "approved", "同意"),
        "reviews": lambda c: c.reviews(),
        "office_dashboard": lambda c: c.office_dashboard("FT"),
        "essc_verify": lambda c: c.essc_verify("code"),
        "push_audit": lambda c: c.push_audit([record]),
        "audit_anchor": lambda c: c.audit_anchor(),
        "certification_reminders": lambda c: c.certification_reminders(30),
        "field_roster": lambda c: c.field_roster("-----BEGIN PUBLIC KEY-----\n" + "A" * 60 + "\n-----END PUBLIC KEY-----\n"),
        "lookup_person": lambda c: c.lookup_person("110101199003077774"),
    }


@pytest.mark.parametrize("answer", sorted(ANSWERS))
def test_every_call_says_the_answer_is_not_understood(answering, answer, caplog):
    set_answer, url = answering
    set_answer(answer)
    status = ANSWERS[answer][0]
    client = CentralClient(url, timeout=5, tokens=StaticToken("t"))
    failed = []
    try:
        with caplog.at_level(logging.WARNING, logger="counter_app.sync.client"):
            for name, call in _calls().items():
                try:
                    call(client)
                except UnrecognisedAnswer as exc:
                    assert isinstance(exc, TransientError)   # the worker retries it, the work waits
                    assert exc.status == status
                    assert str(exc).startswith(f"中心服务的答复无法识别（HTTP {status}）")
                    assert exc.__cause__ is None and exc.__suppress_context__   # no body in the chain
                    continue
                failed.append(name)
    finally:
        client.close()
    assert failed == []
    logged = caplog.text
    assert "HTTP %d" % status in logged or f"-> HTTP {status}" in logged
    assert "110101199003077774" not in logged and "proxy login page" not in logged and "nope" not in logged
