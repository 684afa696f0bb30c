"""Real printing through CUPS to cups-pdf queues: completion, offline queueing, retry, transfer, 补打."""

from __future__ import annotations

import subprocess
import time

import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.cups import CupsPrinters
from counter_app.printing.documents import issue_document
from counter_app.printing.printqueue import JobState, PrintQueue
from counter_app.printing.samples import sample_fields
from counter_app.storage.uow import UnitOfWork

pytestmark = pytest.mark.integration


def _issue(store, kind=DocumentKind.guidance_notice):
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-print-1", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    return doc


_STARTED = time.time()


def _output_for(output_dir, backend_job_id: str, timeout: float = 20.0):
    """cups-pdf names its output ``…-job_<n>.pdf``; wait for it (files of earlier runs do not count)."""
    n = backend_job_id.rsplit("-", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hits = [p for p in output_dir.glob(f"*job_{n}.pdf") if p.stat().st_size > 0 and p.stat().st_mtime >= _STARTED - 2]
        if hits:
            return hits[0]
        time.sleep(0.2)
    return None


@pytest.fixture
def queue(store, cups_queues, tmp_path):
    return PrintQueue(store, CupsPrinters(), default_printer=cups_queues.queue, spool_dir=tmp_path / "spool", actor="clerk01")


def test_print_document_completes_and_produces_file(queue, store, cups_queues):
    doc = _issue(store)
    job = queue.submit_document(doc.id, copies=2)
    assert job.state == JobState.printing and job.backend_job_id.startswith(cups_queues.queue + "-")
    done = queue.wait(job.id, timeout=30)
    assert done.state == JobState.done, done.detail
    out = _output_for(cups_queues.output_dir, job.backend_job_id)
    assert out is not None, f"cups-pdf 没有输出文件（{cups_queues.output_dir}）"
    assert out.read_bytes().startswith(b"%PDF")
    completed = subprocess.run(["lpstat", "-W", "completed", "-o", cups_queues.queue], capture_output=True, text=True).stdout
    assert job.backend_job_id in completed
    events = [e for e, _ in queue.events(job.id)]
    assert events[:2] == ["queued", "printing"] and events[-1] == "done"


def test_offline_printer_job_waits_visible_then_retry_prints(queue, store, cups_queues):
    doc = _issue(store, DocumentKind.acceptance_notice)
    subprocess.run(["cupsdisable", cups_queues.queue], check=True)
    try:
        job = queue.submit_document(doc.id)
        assert job.state == JobState.waiting and job.reason == "offline"
        assert "脱机" in job.state_zh and job.backend_job_id is None
        assert [j.id for j in queue.jobs(JobState.waiting)] == [job.id]
        # still offline: retry keeps it waiting, nothing sent
        assert queue.retry(job.id).state == JobState.waiting
    finally:
        subprocess.run(["cupsenable", cups_queues.queue], check=True)
    retried = queue.retry(job.id)
    assert retried.state == JobState.printing
    assert queue.wait(job.id, timeout=30).state == JobState.done
    assert _output_for(cups_queues.output_dir, retried.backend_job_id) is not None


def test_not_accepting_and_missing_queue_wait(queue, store, cups_queues):
    doc = _issue(store)
    subprocess.run(["cupsreject", cups_queues.queue], check=True)
    try:
        job = queue.submit_document(doc.id)
        assert job.state == JobState.waiting and job.reason == "offline"
    finally:
        subprocess.run(["cupsaccept", cups_queues.queue], check=True)
    missing = queue.submit_document(doc.id, printer="NoSuchPrinterHere")
    assert missing.state == JobState.waiting and "不存在" in missing.detail


def test_send_waiting_job_to_another_printer(queue, store, cups_queues):
    doc = _issue(store)
    job = queue.submit_document(doc.id, printer="NoSuchPrinterHere")
    assert job.state == JobState.waiting
    moved = queue.send_to(job.id, cups_queues.other)
    assert moved.printer == cups_queues.other and moved.state == JobState.printing
    assert queue.wait(job.id, timeout=30).state == JobState.done
    assert any(e == "sent_to" for e, _ in queue.events(job.id))


def test_reprint_is_marked_and_logged(queue, store, cups_queues):
    import io

    import pdfplumber
    from sqlalchemy import select

    from counter_app.storage.tables_core import OutboxEntry

    doc = _issue(store)
    first = queue.submit_document(doc.id)
    again = queue.reprint(doc.id, reason="原件遗失")
    assert again.reprint and not first.reprint
    with pdfplumber.open(io.BytesIO(queue.pdf(again.id))) as pdf:
        assert "补打" in pdf.pages[0].extract_text()
    with pdfplumber.open(io.BytesIO(queue.pdf(first.id))) as pdf:
        assert "补打" not in pdf.pages[0].extract_text()
    assert queue.events(again.id)[0][0] == "reprint"
    with store.session() as s:
        kinds = [e.kind for e in s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_id == doc.id))]
    assert kinds == ["document.issued", "document.reprinted"]
    assert queue.wait(again.id, timeout=30).state == JobState.done


def test_first_run_test_page_prints_through_cups_without_a_file(cups_queues, tmp_path, monkeypatch):
    """设置向导的打印测试页：the page goes to lp's standard input (no temporary file) and cups-pdf
    prints it (the office code and the queue name on it)."""
    from counter_app.config import Settings
    from counter_app.workflows.first_run import print_test_page

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    probe = print_test_page(Settings(), cups_queues.queue)
    assert probe.ok, probe.message
    job_id = probe.message.split("任务 ")[1].split("）")[0]
    out = _output_for(cups_queues.output_dir, job_id)
    assert out is not None
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "FT" in text and cups_queues.queue in text
    assert list(tmp_path.iterdir()) == []
    assert not print_test_page(Settings(), cups_queues.queue + "-missing").ok


def test_reprint_without_a_reason_is_refused_and_nothing_is_queued_or_audited(queue, store, cups_queues):
    """Tester (english #8): 补打 with an empty reason went through and audited 原因：未填, though 补打时须填写原因.
    One rule in the queue, for the documents panel, the workspace and any other caller."""
    from sqlalchemy import func, select

    from counter_app.printing.printqueue import PrintQueueError
    from counter_app.storage.tables_audit import AuditRow
    from counter_app.storage.tables_core import OutboxEntry

    doc = _issue(store)
    queue.submit_document(doc.id)

    def counts():
        with store.session() as s:
            return (len(queue.jobs()), s.scalar(select(func.count()).select_from(OutboxEntry)),
                    s.scalar(select(func.count()).select_from(AuditRow)))

    before = counts()
    for blank in ("", "   ", "\u3000"):
        with pytest.raises(PrintQueueError, match="补打须填写原因"):
            queue.reprint(doc.id, reason=blank)
    assert counts() == before


def test_a_reprints_title_says_reprint_once(queue, store, cups_queues, capsys):
    """The queue's title read 【补打】补打 受理告知书 … in ``print queue``: the job's title is the document's,
    its ``reprint`` flag says 补打 — once in the CLI, once in the job's log, once in the window."""
    from argparse import Namespace

    from counter_app.cli.print import _show
    from counter_app.ui.document_titles import job_title_text

    doc = _issue(store, DocumentKind.acceptance_notice)
    again = queue.reprint(doc.id, reason=" 原件遗失 ")
    assert again.reprint and again.title == f"{doc.title} {doc.number}"
    _show(Namespace(json=False), [again])
    line = capsys.readouterr().out
    assert line.count("补打") == 1 and f"【补打】{doc.title} {doc.number}" in line
    assert [d for e, d in queue.events(again.id) if e == "reprint"][0].count("补打") == 1
    assert job_title_text(again.title, again.reprint) == f"补打 {doc.title} {doc.number}"
    with store.session() as s:
        from sqlalchemy import select

        from counter_app.storage.tables_audit import AuditRow

        detail = s.scalars(select(AuditRow.detail).where(AuditRow.action == "document.reprinted")).one()
    assert detail.endswith("原因：原件遗失")
