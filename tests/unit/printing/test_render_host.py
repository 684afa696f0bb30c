"""The window's render process (counter_app.printing.render_host): the real ``counter-app notice
serve`` child renders the same bytes as this process; a dead, hung or babbling child is replaced or
bypassed without losing the document; hostile frames get an answer, never a crash."""

from __future__ import annotations

import io
import json
import logging
import struct
import sys

import pytest

from counter_app.devices.signpad.render import render_png
from counter_app.domain.documents import DocumentKind
from counter_app.printing import render_host as R
from counter_app.printing.samples import sample_fields
from counter_app.printing.templates import RenderError, render_pdf

NOTICE = DocumentKind.guidance_notice


@pytest.fixture
def host(app_home):   # the child logs into the test's app home
    h = R.RenderHost.of_this_program(render_pdf)
    yield h
    h.close()


def _signature() -> bytes:
    return render_png([[(10, 40, 0.5), (60, 10, 0.8), (110, 45, 0.6)]], (200, 60))


def test_the_child_renders_what_this_process_renders(host):
    fields = sample_fields(NOTICE)
    signature = _signature()
    for kw in ({}, {"reprint_at": "2026-03-05 10:21"}, {"signature": signature}, {"archival": True}):
        got = host.render(NOTICE, fields, "深社保指〔2026〕1号", **kw)
        assert got == render_pdf(NOTICE, fields, "深社保指〔2026〕1号", **kw), kw
    assert host.started == 1 and host.fallbacks == 0 and host.alive


def test_the_child_runs_below_the_windows_priority(host):
    """Rendering is background work, like the sync agent (launcher.start_background): a notice
    rendering on the other core of a 2-core counter PC must not hold off the window's timers and
    paints (``bench ui-stall``). The window's own priority is left as it was."""
    import os

    import psutil

    if os.name == "nt":  # pragma: no cover - Windows: the priority class is given at creation
        pytest.skip("POSIX niceness")
    from counter_app.launcher import BACKGROUND_NICE

    own = os.getpriority(os.PRIO_PROCESS, 0)
    host.start()
    assert psutil.Process(host._proc.pid).nice() == max(own, BACKGROUND_NICE)
    assert os.getpriority(os.PRIO_PROCESS, 0) == own
    assert host.render(NOTICE, sample_fields(NOTICE), "n").startswith(b"%PDF")   # and it still renders


def test_a_document_the_fields_cannot_make_is_the_clerks_render_error(host):
    with pytest.raises(RenderError, match="不认识的文书种类"):
        host.render("no_such_kind", {}, "x")
    fields = dict(sample_fields(NOTICE), date="2026-13-45")
    with pytest.raises(RenderError) as raised:
        render_pdf(NOTICE, fields, "x")
    with pytest.raises(RenderError, match=str(raised.value)):
        host.render(NOTICE, fields, "x")
    assert host.alive and host.fallbacks == 0     # the same child answers the next request
    assert host.render(NOTICE, sample_fields(NOTICE), "y").startswith(b"%PDF")


def test_a_child_that_died_is_replaced(host):
    host.start()
    host._proc.kill()
    host._proc.wait()
    pdf = host.render(NOTICE, sample_fields(NOTICE), "z")
    assert pdf == render_pdf(NOTICE, sample_fields(NOTICE), "z")
    assert host.started == 2 and host.fallbacks == 0


def test_closing_ends_the_child_cleanly(host):
    # a child at its loop (one answer given): still importing on a loaded machine, it could not see
    # the EOF within end_child's 2 s and was killed (a product window closes long after start-up)
    assert host.render(NOTICE, sample_fields(NOTICE), "c").startswith(b"%PDF")
    proc = host._proc
    host.close()
    assert proc.returncode == 0 and not host.alive


@pytest.mark.parametrize("child", [
    [sys.executable, "-c", "import time; time.sleep(60)"],                               # hangs
    [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'\\0\\0\\0\\2ZZ'); sys.stdout.flush(); input()"],  # babbles
    [sys.executable, "-c", "pass"],                                                      # exits at once
    ["/nonexistent/counter-app", "notice", "serve"],                                     # cannot start
])
def test_without_a_working_child_the_document_is_rendered_here_and_logged(child, caplog):
    h = R.RenderHost(child, render_pdf)
    h.timeout = 2.0
    try:
        with caplog.at_level(logging.WARNING, logger="counter_app.printing.render_host"):
            pdf = h.render(NOTICE, sample_fields(NOTICE), "w")
    finally:
        h.close()
    assert pdf == render_pdf(NOTICE, sample_fields(NOTICE), "w")
    assert h.fallbacks == 1 and not h.alive
    assert "rendering in this process" in caplog.text
    applicant = sample_fields(NOTICE)["applicant"]
    assert applicant["name"] not in caplog.text and applicant["id_number"] not in caplog.text   # no personal data


# ----------------------------------------------------------------------------- the child's side

def _frame(body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + body


def _serve(stdin: bytes) -> tuple[int, list[bytes]]:
    out = io.BytesIO()
    code = R.serve(io.BytesIO(stdin), out)
    out.seek(0)
    answers = []
    while (body := R.read_frame(out)) is not None:
        answers.append(body)
    return code, answers


def test_serve_answers_every_request_and_ends_at_eof():
    good = R.encode_request(NOTICE.value, sample_fields(NOTICE), "n1")
    code, answers = _serve(_frame(good) + _frame(b"{not json") + _frame(b'["a list"]') + _frame(good))
    assert code == 0 and len(answers) == 4
    assert answers[0][:1] == b"P" and answers[0][1:] == render_pdf(NOTICE, sample_fields(NOTICE), "n1")
    for bad in answers[1:3]:
        assert bad[:1] == b"E"
        detail = json.loads(bad[1:])
        assert detail["render_error"] is True and "格式不正确" in detail["error"]
    assert answers[3] == answers[0]


def test_serve_rejects_a_bad_signature_and_hostile_frames():
    req = json.loads(R.encode_request(NOTICE.value, sample_fields(NOTICE), "n2"))
    req["signature"] = "***not base64***"
    code, answers = _serve(_frame(json.dumps(req).encode()))
    assert code == 0 and answers[0][:1] == b"E"
    # a length beyond MAX_FRAME, and a frame cut short: the loop stops, nothing is read past it
    assert R.serve(io.BytesIO(struct.pack(">I", R.MAX_FRAME + 1) + b"x"), io.BytesIO()) == 2
    assert R.serve(io.BytesIO(struct.pack(">I", 100) + b"short"), io.BytesIO()) == 2
    assert R.serve(io.BytesIO(b"\0\0"), io.BytesIO()) == 2


# ----------------------------------------------------------------------------- the window's wiring

@pytest.mark.integration
def test_the_windows_documents_go_through_its_render_process(store, app_home, cups_queues):
    from counter_app.app_context import AppContext, UserSession, close_render_host, print_queue, renderer, start_render_host
    from counter_app.config import default_settings
    from counter_app.paths import app_paths
    from counter_app.printing.documents import get_document, issue_document, render_document
    from counter_app.storage.uow import UnitOfWork

    settings = default_settings()
    settings.printer.name = cups_queues.queue
    ctx = AppContext(settings=settings, paths=app_paths().ensure(), store=store, user=UserSession("clerk01", "张经办", "clerk"))
    assert renderer(ctx) is render_pdf                    # the CLI and tests: this process
    host = start_render_host(ctx)
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            doc = issue_document(uow, case_id="case-rh-1", kind=NOTICE, fields=sample_fields(NOTICE), clerk="clerk01")
            uow.commit()
        queue = print_queue(ctx)
        job = queue.submit_document(doc.id, clerk="clerk01")
        reprint = queue.reprint(doc.id, clerk="clerk01", reason="卡纸")
        assert host.served == 2 and host.started == 1 and host.fallbacks == 0
        with store.session() as s:
            stored = get_document(s, document_id=doc.id)
        assert queue.pdf(job.id) == render_document(stored)  # the same bytes as rendered here
        assert queue.pdf(reprint.id).startswith(b"%PDF") and queue.pdf(reprint.id) != queue.pdf(job.id)
    finally:
        close_render_host(ctx)
    assert not host.alive and renderer(ctx) is render_pdf


def test_the_window_side_never_loads_reportlab(app_home):
    """The point of the child: reportlab's import (and its work) stays out of the window's process."""
    import subprocess

    code = (
        "import sys\n"
        "from counter_app.app_context import renderer\n"
        "from counter_app.printing.render_host import RenderHost\n"
        "from counter_app.printing.samples import sample_fields\n"
        "from counter_app.printing.errors import RenderError\n"
        "def refuse(*a, **k): raise AssertionError('fell back')\n"
        "h = RenderHost.of_this_program(refuse)\n"
        "pdf = h.render('guidance_notice', sample_fields('guidance_notice'), 'n')\n"
        "try:\n"
        "    h.render('no_such_kind', {}, 'n')\n"
        "except RenderError:\n"
        "    pass\n"
        "h.close()\n"
        "assert pdf.startswith(b'%PDF')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'counter_app.printing.templates'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
