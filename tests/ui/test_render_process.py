"""The workspace's notices are rendered by the window's render process (printing.render_host), as
in the running app: the clerk's 受理 prints the notice the child made — the same bytes this process
would make — and the preview comes from it too; with the child gone, the next notice still prints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.app_context import close_render_host, print_queue, start_render_host
from counter_app.domain.catalog import OutcomeKind
from counter_app.printing.documents import get_document, render_document
from counter_app.printing.printqueue import JobState
from tests.ui.test_workspace_flows import (Clicks, applicant_for, choose_type, decide_now, facts_for, make_ctx,
                                           open_panel, pick, type_applicant)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def _accept(qtbot, panel, code: str = "reg_enroll", credit_code: str | None = None) -> None:
    """受理 of ``code``; ``credit_code``: another unit's (one unit's second 参保登记 is refused while
    the first is in hand)."""
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", code)
    choose_type(panel, panel.service.applicant_types[0])
    applicant = applicant_for(code, panel.service.applicant_types[0])
    if credit_code and "credit_code" in applicant:
        applicant["credit_code"] = credit_code
    type_applicant(qtbot, panel, applicant)
    panel.set_facts(facts_for(code))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted, panel.outcome.summary()
    decide_now(clicks, qtbot, panel)


def test_the_clerks_notice_is_rendered_by_the_render_process(qtbot, store, app_home, cups_queues):
    ctx = make_ctx(store, cups_queues.queue)
    host = start_render_host(ctx)
    host.start()
    try:
        panel = open_panel(qtbot, ctx)
        _accept(qtbot, panel)
        doc = panel.documents[0]
        assert doc.get("issued_id") and "未能打印" not in panel.last_message, panel.last_message
        assert host.served == 1 and host.fallbacks == 0
        queue = print_queue(ctx)
        job = next(j for j in queue.jobs() if j.document_id == doc["issued_id"])
        with store.session() as s:
            issued = get_document(s, document_id=doc["issued_id"])
        assert queue.pdf(job.id) == render_document(issued)

        def printed() -> bool:
            queue.refresh()
            return queue.job(job.id).state != JobState.printing

        qtbot.waitUntil(printed, timeout=30000)
        assert queue.job(job.id).state == JobState.done, queue.events(job.id)

        # 预览PDF: the preview is the child's too
        shown: list[bytes] = []
        panel._show_pdf = shown.append
        panel.preview_pdf()
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
        assert shown[0].startswith(b"%PDF") and host.served == 2

        # the child dies (killed, crashed): the next notice starts a new one and prints all the same
        host._proc.kill()
        host._proc.wait()
        panel.shutdown()
        panel = open_panel(qtbot, ctx)
        _accept(qtbot, panel, credit_code="91440300MA5F0R3D1D")
        assert "未能打印" not in panel.last_message, panel.last_message
        assert host.started == 2 and host.served == 3 and host.fallbacks == 0
        panel.shutdown()
    finally:
        close_render_host(ctx)
