"""#16 / Privacy, item 1: a printed notice leaves no clear PDF on the workstation's disk.

The job's PDF is kept in the encrypted store and goes to CUPS on ``lp``'s standard input; the clear
spool files of an earlier release are moved into the store and deleted when the store is opened,
and their jobs still print (real CUPS with cups-pdf)."""

from __future__ import annotations

import copy
import io
import time

import pdfplumber
import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.cups import CupsPrinters
from counter_app.printing.documents import issue_document, render_document
from counter_app.printing.printqueue import JobState, PrintQueue
from counter_app.printing.samples import fictional_id, sample_fields
from counter_app.storage.tables_printing import PrintJob
from counter_app.storage.uow import UnitOfWork
from tests.support.privacy import clear_hits

pytestmark = pytest.mark.integration

ID_NUMBER = fictional_id("44030119850607123")
NAME = "欧阳翠花"
SECRETS = [ID_NUMBER, NAME]


def _issue(store, kind=DocumentKind.acceptance_notice):
    fields = copy.deepcopy(sample_fields(kind))
    fields["applicant"].update(name=NAME, id_number=ID_NUMBER)
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-privacy-1", kind=kind, fields=fields, clerk="clerk01")
        uow.commit()
    return doc


def _open_store():
    from counter_app.cli._common import open_store

    return open_store()


def _output_for(output_dir, backend_job_id: str, since: float, timeout: float = 20.0):
    n = backend_job_id.rsplit("-", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hits = [p for p in output_dir.glob(f"*job_{n}.pdf") if p.stat().st_size > 0 and p.stat().st_mtime >= since - 2]
        if hits:
            return hits[0]
        time.sleep(0.2)
    return None


def test_a_printed_notice_leaves_no_clear_pdf_under_the_app_dirs(app_home, cups_queues, tmp_path):
    started = time.time()
    store = _open_store()
    try:
        doc = _issue(store)
        queue = PrintQueue(store, CupsPrinters(), default_printer=cups_queues.queue, actor="clerk01")
        job = queue.submit_document(doc.id)
        assert job.state == JobState.printing, job.detail
        assert queue.wait(job.id, timeout=30).state == JobState.done
        assert _output_for(cups_queues.output_dir, job.backend_job_id, started) is not None
        sent = queue.pdf(job.id)
        # the detector finds the person in this PDF when it lies in clear (so the grep below can fail)
        control = tmp_path / "control.pdf"
        control.write_bytes(sent)
        assert clear_hits([control], SECRETS) == [f"{control}: {ID_NUMBER}", f"{control}: {NAME}"]
        # retry/transfer read the PDF from the store: it is the one sent
        with pdfplumber.open(io.BytesIO(sent)) as pdf:
            assert ID_NUMBER in pdf.pages[0].extract_text()
    finally:
        store.close()
    assert clear_hits([app_home], SECRETS) == []
    assert not (app_home / "data" / "print-spool").exists() and not (app_home / "data" / "spool").exists()


def test_clear_spool_files_of_an_earlier_release_move_into_the_store_and_still_print(app_home, cups_queues):
    started = time.time()
    store = _open_store()
    data_dir = app_home / "data"
    try:
        doc = _issue(store)
        pdf = render_document(doc)
        legacy = data_dir / "print-spool"
        legacy.mkdir()
        old = legacy / "0190a1b2-legacy.pdf"
        old.write_bytes(pdf)                                 # as the earlier _spool wrote it
        (legacy / "0190a1b3-unfinished.tmp").write_bytes(pdf)
        (data_dir / "spool").mkdir()
        (data_dir / "spool" / "0190a1b4-orphan.pdf").write_bytes(pdf)   # the GUI's spool dir; no job names it
        with store.new_session() as s:
            row = PrintJob(document_id=doc.id, title=f"{doc.title} {doc.number}", pdf_path=str(old),
                           printer=cups_queues.queue, copies=1, state=JobState.waiting, reason="offline",
                           detail="打印机脱机", clerk="clerk01")
            s.add(row)
            s.commit()
            job_id = row.id
        assert len(clear_hits([data_dir], SECRETS)) == 6     # three clear files, each with both
    finally:
        store.close()
    store = _open_store()                                    # the start: spool adopted, files deleted
    try:
        assert clear_hits([app_home], SECRETS) == []
        assert not legacy.exists() and not (data_dir / "spool").exists()
        queue = PrintQueue(store, CupsPrinters(), default_printer=cups_queues.queue, actor="clerk01")
        assert queue.pdf(job_id) == pdf
        retried = queue.retry(job_id)
        assert retried.state == JobState.printing, retried.detail
        assert queue.wait(job_id, timeout=30).state == JobState.done
        assert _output_for(cups_queues.output_dir, retried.backend_job_id, started) is not None
    finally:
        store.close()


def test_a_job_whose_pdf_is_gone_waits_with_a_chinese_reason(app_home, cups_queues):
    store = _open_store()
    try:
        doc = _issue(store)
        with store.new_session() as s:
            row = PrintJob(document_id=doc.id, title="旧任务", pdf_path=str(app_home / "data" / "print-spool" / "gone.pdf"),
                           printer=cups_queues.queue, copies=1, state=JobState.waiting, reason="offline", clerk="clerk01")
            s.add(row)
            s.commit()
            job_id = row.id
        queue = PrintQueue(store, CupsPrinters(), default_printer=cups_queues.queue, actor="clerk01")
        view = queue.retry(job_id)
        assert view.state == JobState.waiting and "重新打印" in view.detail and view.backend_job_id is None
    finally:
        store.close()
