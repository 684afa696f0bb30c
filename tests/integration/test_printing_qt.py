"""The Qt print support backend (the Windows spooler's path) printing for real.

Review (windows #1): on Windows the print queue only knew CUPS's lp/lpstat, so every notice waited
for ever. QtPrinters draws the signed PDF through QPrinter; on this Linux machine Qt's print support
hands the job to CUPS, so a cups-pdf queue receives what a Windows printer would. The output is a
raster (QPdfDocument renders pages): its text cannot be extracted, so the test reads the source PDF's
words (pdftotext -bbox: the applicant's name, the case number) and checks the printed page shows the
same pixels there — and not those of a notice with another name — at 100 %, on A4.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.documents import issue_document
from counter_app.printing.printqueue import JobState, PrintQueue
from counter_app.printing.qtprint import QtPrinters
from counter_app.printing.samples import sample_fields
from counter_app.printing.templates import render_pdf
from counter_app.storage.uow import UnitOfWork

pytestmark = pytest.mark.integration

DPI = 100


def _issue(store, kind=DocumentKind.acceptance_notice):
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-qt-1", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    return doc


def _completed(queue: str) -> set[str]:
    out = subprocess.run(["lpstat", "-W", "completed", "-o", queue], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip() and not line[:1].isspace()}


@dataclass(frozen=True)
class _Before:
    jobs: set[str]          # the queue's completed CUPS jobs
    files: set[Path]        # cups-pdf's files


def _before(cups_queues, timeout: float = 60.0) -> _Before:
    """What is there before the test prints, once the jobs other tests left on the queue are done
    (a job of theirs completing during this test would otherwise count as this test's)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = subprocess.run(["lpstat", "-o", cups_queues.queue], capture_output=True, text=True).stdout
        if not pending.strip():
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"{cups_queues.queue} 上其他测试的作业 {timeout:.0f} 秒未完成")
    return _Before(_completed(cups_queues.queue), set(cups_queues.output_dir.glob("*.pdf")))


def _new_output(cups_queues, before: _Before, timeout: float = 30.0) -> Path:
    """The cups-pdf file of the one CUPS job the queue completed since ``before``.

    Only a file cups-pdf wrote since then counts: CUPS numbers jobs afresh when its job history is
    gone (a new scheduler), while cups-pdf's directory keeps earlier runs' files — CI once compared
    the notice with another document's ``…job_N.pdf`` left by a past run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = _completed(cups_queues.queue) - before.jobs
        for job in new:
            n = job.rsplit("-", 1)[1]
            hits = [p for p in cups_queues.output_dir.glob(f"*job_{n}.pdf")
                    if p not in before.files and p.stat().st_size > 0]
            if hits:
                return hits[0]
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf 没有输出文件（{cups_queues.output_dir}）")


def _raster(pdf: Path):
    from PIL import Image, ImageFilter

    out = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(out)).convert("L").filter(ImageFilter.GaussianBlur(1.5))


def _words(pdf: Path) -> dict[str, tuple[float, ...]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return {html.unescape(m.group(5)): tuple(float(v) for v in m.groups()[:4]) for m in re.finditer(pattern, out)}


def _crop(image, box):
    x0, y0, x1, y1 = (v * DPI / 72 for v in box)
    return image.crop((int(x0) - 3, int(y0) - 3, int(x1) + 3, int(y1) + 3))


def _difference(a, b) -> float:
    from PIL import ImageChops

    hist = ImageChops.difference(a, b).histogram()
    return sum(i * n for i, n in enumerate(hist)) / sum(hist)


def _ink_box(image):
    return image.point(lambda v: 255 if v < 160 else 0).getbbox()


@pytest.fixture
def queue(store, cups_queues, qapp):
    return PrintQueue(store, QtPrinters(), default_printer=cups_queues.queue, actor="clerk01")


def test_a_notice_prints_through_qt_at_full_size_on_a4(queue, store, cups_queues, tmp_path):
    doc = _issue(store)
    before = _before(cups_queues)
    result: dict = {}

    def worker():                     # as the window does: the print queue works on a worker thread
        result["job"] = queue.submit_document(doc.id, copies=1, clerk="clerk01")

    t = threading.Thread(target=worker)
    t.start()
    t.join(120)
    job = result["job"]
    assert job.state == JobState.printing and job.backend_job_id.startswith("qt-"), job
    # the spooler took the job: the next poll ends it — 已完成, worded as what Qt can know
    done = queue.wait(job.id, timeout=10)
    assert done.state == JobState.done, done.detail
    assert done.detail == f"已交 {cups_queues.queue} 的系统打印队列（不回报是否已打出）"
    assert [e for e, _ in queue.events(job.id)][-1] == "done"

    printed = _new_output(cups_queues, before)
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)", info), info
    assert re.search(r"Pages:\s+1\b", info), info

    source = tmp_path / "sent.pdf"
    source.write_bytes(queue.pdf(job.id))          # exactly what the queue handed to the backend
    fields = sample_fields(DocumentKind.acceptance_notice)
    other_fields = dict(fields, case_no="GM-W09-20251111-9876",
                        applicant=dict(fields["applicant"], name="王大锤"))
    other = tmp_path / "other.pdf"
    other.write_bytes(render_pdf(DocumentKind.acceptance_notice, other_fields, doc.number))
    sent, paper, wrong = _raster(source), _raster(printed), _raster(other)
    assert sent.size == paper.size                 # A4 at the same resolution
    # 100 %: the ink spans the same box, to a pixel at 100 dpi (1 % scaling would move it ~10 px)
    a, b = _ink_box(sent), _ink_box(paper)
    assert a is not None and b is not None and all(abs(x - y) <= 2 for x, y in zip(a, b, strict=True)), (a, b)
    words = _words(source)
    name, case_no = fields["applicant"]["name"], fields["case_no"]
    assert name in words and case_no in words, sorted(words)[:40]
    for word in (name, case_no):
        box = words[word]
        same = _difference(_crop(sent, box), _crop(paper, box))
        different = _difference(_crop(wrong, box), _crop(paper, box))
        assert same < 10 and different > 2 * same, (word, same, different)


def test_a_missing_printer_waits_with_a_clear_message(queue, store):
    job = queue.submit_pdf(render_pdf(DocumentKind.guidance_notice, sample_fields(DocumentKind.guidance_notice), "X-1"),
                           title="test", printer="NoSuchPrinter")
    assert job.state == JobState.waiting and job.reason == "offline"
    assert job.detail == "打印机“NoSuchPrinter”不存在或未添加。"
    assert job.backend_job_id is None


def test_a_job_never_waits_forever(queue, store, cups_queues, qapp):
    # a PDF Qt cannot read: waiting with the reason, not 打印中 for ever
    bad = queue.submit_pdf(b"%PDF-1.4\nnot really a pdf", title="broken")
    assert bad.state == JobState.waiting and bad.detail == "打印内容不是可读的 PDF，未发送。", bad
    # a job handed to the spooler ends on the next poll, also in a new process (restart)
    doc = _issue(store, DocumentKind.guidance_notice)
    job = queue.submit_document(doc.id)
    assert job.state == JobState.printing
    again = PrintQueue(store, QtPrinters(), default_printer=cups_queues.queue, actor="clerk01")
    assert [v.id for v in again.refresh()] == [job.id]
    assert again.job(job.id).state == JobState.done
    # a cancel after the hand-over cannot withdraw it: the job is 已完成, not 已取消 (it will print)
    job2 = queue.submit_document(doc.id)
    assert queue.cancel(job2.id).state == JobState.done


def test_doctor_reports_the_qt_backend(cups_queues, qapp):
    from counter_app.config import PrinterBackendChoice, Settings
    from counter_app.printing.checks import check_printers

    settings = Settings()
    settings.printer.backend = PrinterBackendChoice.qt
    settings.printer.name = cups_queues.queue
    checks = {c.name: c for c in check_printers(settings)}
    assert checks["print_service"].status == "ok" and "Qt 打印支持" in checks["print_service"].message
    assert checks["printer"].status == "ok" and cups_queues.queue in checks["printer"].message
    settings.printer.name = "NoSuchPrinter"
    checks = {c.name: c for c in check_printers(settings)}
    assert checks["printer"].status == "fail" and "NoSuchPrinter 不存在" in checks["printer"].message


def test_a_stopped_printer_waits_then_a_retry_prints(queue, store, cups_queues):
    doc = _issue(store, DocumentKind.guidance_notice)
    subprocess.run(["cupsdisable", cups_queues.queue], check=True)
    try:
        job = queue.submit_document(doc.id)
        assert job.state == JobState.waiting and job.reason == "error", job
        assert job.detail == f"打印机 {cups_queues.queue} 报告故障（出错）。"
    finally:
        subprocess.run(["cupsenable", cups_queues.queue], check=True)
    assert queue.retry(job.id).state == JobState.printing
    assert queue.wait(job.id, timeout=10).state == JobState.done


def test_first_run_lists_printers_and_prints_a_test_page_through_the_configured_backend(cups_queues, qapp):
    """The first-run wizard's printer step asks the configured backend (as on Windows, where CUPS is
    absent): the queues Qt knows, and a test page handed to that queue's spooler."""
    from counter_app.config import Settings
    from counter_app.workflows import first_run as fr

    settings = Settings()
    settings.printer.backend = type(settings.printer.backend)("qt")
    queues, _default = fr.printers(settings)
    assert cups_queues.queue in queues
    before = _before(cups_queues)
    probe = fr.print_test_page(settings, cups_queues.queue)
    assert probe.ok, probe
    assert "（任务 qt-" in probe.message, probe        # Qt's spooler hand-over, not lp
    printed = _new_output(cups_queues, before)
    assert subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).returncode == 0
    assert not fr.print_test_page(settings, cups_queues.queue + "-missing").ok
