"""The print queue against CUPS's real job states, on a scheduler of the test's own (PrivateCups).

Tester's findings: (1) a job cancelled or aborted in CUPS was recorded 已完成 and audited
document.printed (``lpstat -W completed`` lists canceled and aborted jobs too); (2) a job CUPS kept
across a scheduler restart was printed twice with the same 文号 after a retry (the job was left in
CUPS while the scheduler could not be asked, and retry submitted again without withdrawing it).
A queue on socket://127.0.0.1:9 never answers: its jobs stay queued in CUPS.
"""

from __future__ import annotations

import time

import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.cups import CupsPrinters
from counter_app.printing.documents import issue_document
from counter_app.printing.printqueue import JobState, PrintQueue, PrintQueueError
from counter_app.printing.samples import sample_fields
from counter_app.storage.audit import AuditRow
from counter_app.storage.uow import UnitOfWork

pytestmark = pytest.mark.integration

NEVER_ANSWERS = "socket://127.0.0.1:9"
PRINTS = "file:///dev/null"


def _issue(store, kind=DocumentKind.acceptance_notice):
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-cups-states", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    return doc


def _actions(store) -> list[str]:
    with store.session() as s:
        return [r.action for r in s.query(AuditRow).order_by(AuditRow.seq)]


def _queue(store, printer: str) -> PrintQueue:
    return PrintQueue(store, CupsPrinters(), default_printer=printer, actor="clerk01", workstation_id="FT-W01")


def _refresh_until(queue: PrintQueue, job_id: int, state: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        queue.refresh()
        view = queue.job(job_id)
        if view.state == state or time.monotonic() > deadline:
            return view
        time.sleep(0.2)


@pytest.mark.parametrize("how", ["cancel", "cancel-all"])
def test_a_job_cancelled_in_cups_waits_is_never_audited_printed_and_retries_unstamped(store, private_cups, how):
    q = private_cups.add_queue("TstFail", NEVER_ANSWERS)
    doc = _issue(store)
    queue = _queue(store, q)
    job = queue.submit_document(doc.id)
    assert job.state == JobState.printing
    pdf = queue.pdf(job.id)
    # the clerk's or an admin's cancel in CUPS (one job; the whole queue cleared)
    private_cups.run("cancel", job.backend_job_id) if how == "cancel" else private_cups.run("cancel", "-a", q)
    view = _refresh_until(queue, job.id, JobState.waiting)
    assert view.state == JobState.waiting, view
    assert view.detail.startswith("打印任务在打印服务中被取消") and "已完成" not in view.state_zh
    assert view.backend_job_id is None
    actions = _actions(store)
    assert "document.printed" not in actions and actions.count("document.print_canceled") == 1
    assert queue.refresh() == [] and _actions(store).count("document.print_canceled") == 1   # seen once
    # the printer works again: the clerk retries — same job, same PDF (same 文号, no 补打 stamp)
    private_cups.add_queue(q, PRINTS)
    again = queue.retry(job.id)
    assert again.id == job.id and again.state == JobState.printing and not again.reprint
    assert queue.pdf(job.id) == pdf and doc.number in again.title
    assert _refresh_until(queue, job.id, JobState.done).state == JobState.done
    assert _actions(store).count("document.printed") == 1


def test_a_job_cups_aborts_waits_with_the_reason_and_its_own_audit(store, private_cups):
    q = private_cups.add_queue("TstAbort", "serial:/dev/nonexistent-printer", "printer-error-policy=abort-job")
    doc = _issue(store)
    queue = _queue(store, q)
    job = queue.submit_document(doc.id)
    view = _refresh_until(queue, job.id, JobState.waiting)
    assert view.state == JobState.waiting and view.detail.startswith("打印任务被打印服务中止（打印机故障"), view
    actions = _actions(store)
    assert "document.printed" not in actions and actions.count("document.print_aborted") == 1


def test_cups_job_state_reads_the_ipp_state(private_cups):
    printers = CupsPrinters()
    q = private_cups.add_queue("TstState", NEVER_ANSWERS)
    pdf = b"%PDF-1.4\n%%EOF\n"
    first = printers.submit(q, pdf)
    assert printers.job_state(first) == "pending"
    private_cups.run("cancel", first)
    assert printers.job_state(first) == "canceled"
    assert printers.job_state(f"{q}-99999") == "unknown"
    private_cups.stop()
    from counter_app.printing.cups import PrinterError

    with pytest.raises(PrinterError) as raised:
        printers.job_state(first)
    assert raised.value.reason == "offline" and "未运行" in str(raised.value)
    private_cups.start()
    assert printers.job_state(first) == "canceled"


def test_a_job_kept_across_a_cups_restart_is_never_in_cups_twice(store, private_cups):
    q = private_cups.add_queue("TstHang", NEVER_ANSWERS)
    doc = _issue(store)
    queue = _queue(store, q)
    job = queue.submit_document(doc.id)
    assert job.state == JobState.printing
    first = job.backend_job_id
    private_cups.stop()
    (view,) = queue.refresh()
    assert view.state == JobState.waiting and "未运行" in view.detail and view.backend_job_id == first
    # CUPS cannot be asked whether the first job is still queued: no blind second submission
    with pytest.raises(PrintQueueError, match="为免重复打印"):
        queue.retry(job.id)
    assert queue.job(job.id).backend_job_id == first and queue.refresh() == []        # nothing changed
    private_cups.start()
    assert private_cups.jobs(q) == [first]                 # CUPS kept the job across its restart
    queue.refresh()
    view = queue.job(job.id)
    assert "未运行" not in (view.detail or ""), view        # the reason is read again, not stale
    if view.state == JobState.waiting:
        queue.retry(job.id)
    assert len(private_cups.jobs(q)) <= 1, private_cups.jobs(q)
    assert queue.job(job.id).state in (JobState.printing, JobState.waiting)
    assert "document.printed" not in _actions(store)


def test_a_kept_job_shows_printing_again_and_one_that_printed_meanwhile_is_done_not_resent(store, private_cups):
    q = private_cups.add_queue("TstHeld", PRINTS, "job-hold-until-default=indefinite")
    doc = _issue(store)
    queue = _queue(store, q)
    job = queue.submit_document(doc.id)
    first = job.backend_job_id
    assert job.state == JobState.printing and private_cups.jobs(q) == [first]     # held in CUPS
    private_cups.stop()
    assert queue.refresh()[0].state == JobState.waiting
    private_cups.start()
    (view,) = queue.refresh()                               # still queued and the printer ready
    assert view.state == JobState.printing and view.backend_job_id == first
    assert view.detail.startswith("打印服务已恢复")
    # down again; meanwhile the job prints (released by the operator after the restart)
    private_cups.stop()
    assert queue.refresh()[0].state == JobState.waiting
    private_cups.start()
    private_cups.run("lp", "-i", first, "-H", "resume")
    deadline = time.monotonic() + 20
    while first not in private_cups.jobs(q, "completed") and time.monotonic() < deadline:
        time.sleep(0.1)
    done = queue.retry(job.id)
    assert done.state == JobState.done and done.backend_job_id == first
    assert private_cups.jobs(q, "all") == [first]          # not sent again
    assert _actions(store).count("document.printed") == 1


def test_cancelling_a_job_cups_kept_while_cups_is_down_is_refused(store, private_cups):
    q = private_cups.add_queue("TstDown", NEVER_ANSWERS)
    queue = _queue(store, q)
    job = queue.submit_document(_issue(store).id)
    private_cups.stop()
    queue.refresh()
    with pytest.raises(PrintQueueError, match="为免重复打印"):
        queue.cancel(job.id)
    private_cups.start()
    assert queue.cancel(job.id).state == JobState.cancelled
    assert private_cups.jobs(q) == []


def test_a_scheduler_that_takes_the_connection_and_never_answers_is_asked_for_bounded_time(monkeypatch):
    """Was: the job-state question through libcups had no bound of its own: a scheduler that accepted
    the connection and never answered (stopped, hung) held the print queue — and the lock every
    later question waits on — for as long as it stayed so. Now each wait is bounded by ``ipp_timeout``."""
    import socket
    import threading

    from counter_app.printing.cups import PrinterError

    silent = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(silent.accept()[0])      # taken, never answered
            except TimeoutError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{silent.getsockname()[1]}")
        printers = CupsPrinters(ipp_timeout=1.0)
        for _ in range(2):                           # the lock is free again for the next question
            started = time.monotonic()
            with pytest.raises(PrinterError) as raised:
                printers.job_state("TstSilent-7")
            assert time.monotonic() - started < 5.0
            assert raised.value.reason == "offline" and "无响应" in str(raised.value)
    finally:
        stop.set()
        t.join()
        for conn in held:
            conn.close()
        silent.close()
