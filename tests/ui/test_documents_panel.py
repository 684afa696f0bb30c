"""文书与打印 panel: documents of the open case / today, QtPdf preview, print through CUPS (cups-pdf),
补打, print with a chosen printer, waiting printer → retry, send to another printer, cancel."""

from __future__ import annotations

import itertools
import subprocess

import pytest
from PySide6.QtCore import Qt

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.domain.checklist import TickState
from counter_app.paths import app_paths
from counter_app.reference.catalog import load_catalog
from counter_app.ui import documents_panel as dp
from counter_app.ui.events import AppEvents
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import man_born_1960
from tests.unit.workflows.test_case_workflow import applicant_for

ID_ZHANG = "110105196001010017"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def make_ctx(store, printer=""):
    settings = default_settings()
    settings.printer.name = printer
    return AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                      user=UserSession("clerk01", "张经办", "clerk"))


_PEOPLE = itertools.count(1)


def decided_case(store, catalog, *, missing=False):
    """参保登记 decided: 受理告知书 when complete, 业务指引告知书 when a material is missing."""
    workflow = CaseWorkflow(store, actor="clerk01", catalog=catalog, office="福田分局", office_code="FT",
                      workstation_id="FT-W01")
    # each another person: a 参保登记 in hand is one of a person at a time (the catalog's ``second_case``)
    applicant = {**applicant_for("reg_enroll", "individual"), "id_number": man_born_1960(next(_PEOPLE))}
    cid = workflow.create("reg_enroll", "individual", applicant=applicant).case.id
    workflow.submit(cid)
    for m in catalog.get("reg_enroll").plan("individual", ()).materials:
        workflow.tick(cid, m.code, TickState.missing if (missing and m.code == "residence_proof") else TickState.present)
    workflow.answer_condition(cid, "not_yet_registered", True)
    workflow.decide(cid)
    return cid


@pytest.fixture
def two_cases(store, catalog):
    return decided_case(store, catalog), decided_case(store, catalog, missing=True)


def build_panel(qtbot, ctx):
    events = AppEvents()
    panel = dp.DocumentsPanel(ctx, events)
    qtbot.addWidget(panel)
    with qtbot.waitSignals([panel.documents_loaded, panel.jobs_loaded], timeout=10000):
        pass
    return panel


@pytest.fixture
def panel(qtbot, app_home, store, two_cases):
    p = build_panel(qtbot, make_ctx(store))
    yield p
    p.shutdown()


def open_case(qtbot, panel, case_id):
    with qtbot.waitSignal(panel.preview_loaded, timeout=15000) as blocker:
        with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
            panel.events.case_opened.emit(case_id)
    return blocker.args[0]


def test_models_pass_the_model_tester(qtbot, qtmodeltester, panel, two_cases):
    open_case(qtbot, panel, two_cases[0])
    assert panel.docs_model.rowCount() == 1
    qtmodeltester.check(panel.docs_model)
    qtmodeltester.check(panel.jobs_model)
    qtmodeltester.check(dp.DocumentsModel())


def test_current_case_then_today_and_preview_renders(qtbot, panel, two_cases):
    assert panel.windowTitle() == "文书与打印"
    assert panel.docs_model.rowCount() == 0 and "尚未打开办件" in panel.case_label.text()
    pages = open_case(qtbot, panel, two_cases[0])
    assert pages > 0 and panel.pdf_doc.pageCount() == pages
    assert [r.title for r in panel.docs_model.rows] == ["受理告知书"]
    assert panel.preview_doc_id == panel.docs_model.rows[0].id
    assert "未打印" in panel.docs_model.data(panel.docs_model.index(0, 4))
    with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
        panel.set_scope(dp.SCOPE_TODAY)
    assert sorted(r.title for r in panel.docs_model.rows) == ["业务指引告知书", "受理告知书"]
    # the other document renders too (the newest is selected first: newest first, as the 办件 list)
    with qtbot.waitSignal(panel.preview_loaded, timeout=15000) as blocker:
        panel.docs_view.selectRow(0)
        panel.docs_view.selectRow(1)
    assert blocker.args[0] > 0


def test_nothing_selected_gives_a_chinese_message(qtbot, panel):
    messages = []
    panel.failed.connect(messages.append)
    assert panel.print_selected() is False
    assert panel.retry_selected_job() is False
    assert messages == ["请先选择要打印的文书", "请先在打印队列中选择任务"]


# ------------------------------------------------------------------ real CUPS (cups-pdf)


@pytest.fixture
def cups_panel(qtbot, app_home, store, two_cases, cups_queues):
    p = build_panel(qtbot, make_ctx(store, cups_queues.queue))
    open_case(qtbot, p, two_cases[0])
    yield p
    p.shutdown()


def job_of(panel, job_id):
    return next((j for j in panel.jobs_model.rows if j.id == job_id), None)


def wait_state(qtbot, panel, job_id, state, timeout=30000):
    qtbot.waitUntil(lambda: (job_of(panel, job_id) is not None and job_of(panel, job_id).state == state), timeout=timeout)


def submit(qtbot, panel, trigger):
    with qtbot.waitSignal(panel.print_submitted, timeout=20000) as blocker:
        assert trigger()
    return blocker.args[0]


@pytest.mark.integration
def test_print_without_dialog_then_reprint(qtbot, cups_panel, cups_queues, monkeypatch, store):
    panel = cups_panel
    messages = []
    panel.failed.connect(messages.append)
    with qtbot.waitActive(panel, timeout=5000):
        panel.show()
        panel.activateWindow()
    panel.docs_view.setFocus()
    with qtbot.waitSignal(panel.print_submitted, timeout=20000) as blocker:
        qtbot.keyClick(panel.docs_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)   # no dialog
    job = blocker.args[0]
    assert job.printer == cups_queues.queue and not job.reprint
    wait_state(qtbot, panel, job.id, "done")
    qtbot.waitUntil(lambda: panel.docs_model.rows and panel.docs_model.rows[0].printed_times == 1, timeout=10000)
    assert "已打印 1 次" in panel.docs_model.data(panel.docs_model.index(0, 4))
    # printing the original again is refused: that is a 补打
    assert panel.print_selected() is False and "补打" in messages[-1]
    monkeypatch.setattr(dp.ReprintReason, "ask", classmethod(lambda cls, parent=None: "原件遗失"))
    again = submit(qtbot, panel, panel.reprint_selected)
    assert again.reprint and not again.title.startswith("补打")      # the flag says 补打; the title is the document's
    wait_state(qtbot, panel, again.id, "done")
    row = next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == again.id)
    assert panel.jobs_model.data(panel.jobs_model.index(row, 1)).startswith("补打 ")   # the queue's 内容 says it once
    from sqlalchemy import select

    from counter_app.storage.tables_core import OutboxEntry

    with store.session() as s:
        reprinted = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "document.reprinted")).all()
    assert len(reprinted) == 1 and "原件遗失" in reprinted[0].payload


@pytest.mark.integration
def test_print_with_dialog_goes_to_the_chosen_printer(qtbot, cups_panel, cups_queues, monkeypatch):
    panel = cups_panel
    asked = []

    def fake_ask(cls, parent=None, copies=1):
        asked.append(copies)
        return dp.PrintChoice(cups_queues.other, 2)

    monkeypatch.setattr(dp.PrintDialog, "ask", classmethod(fake_ask))
    job = submit(qtbot, panel, panel.print_selected_with_dialog)
    assert asked == [1] and job.printer == cups_queues.other and job.copies == 2
    wait_state(qtbot, panel, job.id, "done")


@pytest.mark.integration
def test_waiting_printer_then_retry_and_send_elsewhere(qtbot, cups_panel, cups_queues, monkeypatch, two_cases):
    panel = cups_panel
    messages = []
    panel.failed.connect(messages.append)
    subprocess.run(["cupsdisable", cups_queues.queue], check=True)
    try:
        job = submit(qtbot, panel, panel.print_selected)
        assert job.state == "waiting" and job.reason == "offline"
        assert any("脱机" in m for m in messages)
        wait_state(qtbot, panel, job.id, "waiting")
        row = next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == job.id)
        assert "脱机" in panel.jobs_model.data(panel.jobs_model.index(row, 4))
        assert panel._poll_timer.isActive()             # polled while a job waits
        panel.jobs_view.selectRow(row)
    finally:
        subprocess.run(["cupsenable", cups_queues.queue], check=True)
    with qtbot.waitSignal(panel.events.print_jobs_changed, timeout=20000):
        assert panel.retry_selected_job()
    wait_state(qtbot, panel, job.id, "done")
    qtbot.waitUntil(lambda: not panel._poll_timer.isActive(), timeout=10000)

    # a job for a printer that does not exist waits; the clerk sends it to another printer
    with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
        panel.events.case_opened.emit(two_cases[1])
    panel.docs_view.selectRow(0)
    stuck = submit(qtbot, panel, lambda: panel.print_selected(dp.PrintChoice("NoSuchPrinterHere", 1)))
    assert stuck.state == "waiting" and "不存在" in stuck.detail
    wait_state(qtbot, panel, stuck.id, "waiting")
    panel.jobs_view.selectRow(next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == stuck.id))
    offered = []
    monkeypatch.setattr(dp.PrinterChooser, "ask", classmethod(
        lambda cls, printers, current, parent=None: offered.extend(printers) or cups_queues.other))
    with qtbot.waitSignal(panel.events.print_jobs_changed, timeout=20000):
        assert panel.send_selected_job_elsewhere()
    assert cups_queues.other in offered and "NoSuchPrinterHere" not in offered
    wait_state(qtbot, panel, stuck.id, "done")
    assert job_of(panel, stuck.id).printer == cups_queues.other


@pytest.mark.integration
def test_cancel_a_waiting_job(qtbot, cups_panel):
    panel = cups_panel
    job = submit(qtbot, panel, lambda: panel.print_selected(dp.PrintChoice("NoSuchPrinterHere", 1)))
    wait_state(qtbot, panel, job.id, "waiting")
    panel.jobs_view.selectRow(next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == job.id))
    with qtbot.waitSignal(panel.events.print_jobs_changed, timeout=10000):
        assert panel.cancel_selected_job()
    wait_state(qtbot, panel, job.id, "cancelled")
    qtbot.waitUntil(lambda: not panel._poll_timer.isActive(), timeout=10000)


def test_follows_the_case_the_workspace_works_on_and_shows_the_whole_number(qtbot, panel, two_cases):
    """文书与打印 shows the open case's documents without the clerk opening it from the 办件 list,
    and its 文号 reads whole (no "…FT-W01-…号" cut at the front)."""
    panel.resize(1366 // 2, 500)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.docs_model.rowCount() == 0
    with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
        panel.events.documents_changed.emit(two_cases[1])     # what the workspace announces after issuing
    assert panel.current_case_id == two_cases[1]
    assert [r.title for r in panel.docs_model.rows] == ["业务指引告知书"]
    number = panel.docs_model.rows[0].number
    shown = panel.docs_model.data(panel.docs_model.index(0, 0))
    assert shown.replace("\n", "") == number and "…" not in shown
    metrics = panel.docs_view.fontMetrics()
    width = panel.docs_view.columnWidth(0)
    assert all(metrics.horizontalAdvance(line) <= width for line in shown.split("\n")), (shown, width)
    assert panel.docs_view.rowHeight(0) >= 2 * metrics.height()
    assert panel.docs_view.isColumnHidden(2)                  # the case number: one case, shown above


def test_a_waiting_jobs_note_reads_english(qtbot, panel, two_cases, english_back):
    """Review: the print queue's 说明 read 打印服务（CUPS）未运行。 and 打印机“…”不存在或未添加。 in the English
    UI, and the waiting message glued it on with a full-width comma. The printing layer's detail is
    worded by ui.print_words, the message's separator is its template's."""
    from PySide6.QtWidgets import QApplication

    from counter_app.printing.printqueue import JobView
    from counter_app.ui.i18n import install_language

    jobs = [JobView(1, "受理告知书", "HP-1", 1, "waiting", "offline", "打印服务（CUPS）未运行。", False, 0, None, None),
            JobView(2, "受理告知书", "HP-2", 1, "waiting", "offline", "打印机“HP-2”不存在或未添加。", False, 0, None, None)]
    model = panel.jobs_model
    model.set_rows(jobs)
    column = model.COLUMNS.index("detail")

    def notes() -> list[str]:
        return [model.data(model.index(r, column)) for r in range(model.rowCount())]

    assert notes() == ["打印服务（CUPS）未运行。", "打印机“HP-2”不存在或未添加。"]
    assert install_language(QApplication.instance(), "en")
    assert notes() == ["The print service (CUPS) is not running.", "Printer “HP-2” does not exist or has not been added."]
    messages: list[str] = []
    panel.failed.connect(messages.append)
    with qtbot.waitSignal(panel.failed, timeout=10000):
        panel._submit(lambda: jobs[0], "打印", two_cases[0])
    assert messages == ["Print job waiting: Waiting (printer offline); The print service (CUPS) is not running."]


def _seen_selected(panel, row: int) -> bool:
    """The row is the current one, selected, and whole inside the table's viewport, top to bottom
    (not scrolled away)."""
    view = panel.docs_view
    rect = view.visualRect(panel.docs_model.index(row, 1))
    return (view.currentIndex().row() == row and view.selectionModel().isRowSelected(row)
            and rect.isValid() and 0 <= rect.top() and rect.bottom() <= view.viewport().rect().bottom())


def test_a_long_days_list_is_newest_first_and_the_previewed_row_is_seen_selected(qtbot, app_home, store, catalog):
    """Review: 今日全部文书 previewed 受告…000024 but no row was highlighted — the selected row (kept
    from the case's list) was scrolled out of view, the list oldest first (the 办件 list is newest
    first). The list is newest first now, and the row the preview shows is scrolled to and selected,
    after a refresh too; the keyboard moves the selection and the preview with it."""
    ids = [decided_case(store, catalog) for _ in range(12)]
    panel = build_panel(qtbot, make_ctx(store))
    try:
        panel.resize(700, 420)          # a few rows in view: the 文号 takes two lines
        panel.show()
        qtbot.waitExposed(panel)
        # the first case's document, then the day's: that document stays selected — far down the list
        open_case(qtbot, panel, ids[0])
        first = panel.preview_doc_id
        with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
            panel.set_scope(dp.SCOPE_TODAY)
        rows = panel.docs_model.rows
        assert len(rows) == 12
        numbers = [r.number for r in rows]
        assert numbers == sorted(numbers, reverse=True), numbers                  # newest first
        assert [r.created_at for r in rows] == sorted((r.created_at for r in rows), reverse=True)
        assert rows[0].case_id == ids[-1] and rows[-1].id == first
        assert panel.preview_doc_id == first and _seen_selected(panel, 11)

        # the keyboard moves the selection, the preview follows it, in view
        panel.docs_view.setFocus()
        with qtbot.waitSignal(panel.preview_loaded, timeout=15000):
            qtbot.keyClick(panel.docs_view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        assert panel.preview_doc_id == rows[0].id and _seen_selected(panel, 0)
        with qtbot.waitSignal(panel.preview_loaded, timeout=15000):
            qtbot.keyClick(panel.docs_view, Qt.Key.Key_Down)
        assert panel.preview_doc_id == rows[1].id and _seen_selected(panel, 1)

        # with no row kept (a case without documents, then the day's), the newest is selected
        with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
            panel.set_scope(dp.SCOPE_CASE)
        with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
            panel.events.case_opened.emit("")
        with qtbot.waitSignal(panel.preview_loaded, timeout=15000):
            with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
                panel.set_scope(dp.SCOPE_TODAY)
        assert panel.preview_doc_id == rows[0].id and _seen_selected(panel, 0)
    finally:
        panel.shutdown()


def test_the_preview_names_its_document(qtbot, panel, two_cases, english_back):
    """Review: the preview said only 「预览：共 1 页」 ("Preview: 1 page(s)"): which document it was, the
    list (scrolled away) did not say either. It names it: its title and 文号, in the language's
    brackets and the page count."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    open_case(qtbot, panel, two_cases[1])
    doc = panel.docs_model.rows[0]
    assert doc.title == "业务指引告知书" and doc.number.endswith("号")
    assert panel.preview_label.text() == f"预览：《业务指引告知书》{doc.number} · 共 1 页"
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: panel.preview_label.text()
                    == f"Preview: “Service guidance notice (业务指引告知书)” {doc.number} · 1 page(s)", timeout=3000)
    from counter_app.ui.documents_models import DocumentsModel

    row = panel.docs_model.index(0, DocumentsModel.COLUMNS.index("title"))      # the Document column too
    assert panel.docs_model.data(row) == "Service guidance notice (业务指引告知书)"
    with qtbot.waitSignal(panel.documents_loaded, timeout=10000):
        panel.events.case_opened.emit("")                 # no case: nothing previewed
    assert panel.preview_label.text() == "Preview"


# ------------------------------------------------------------------ CUPS's own job states (a private cupsd)


@pytest.mark.integration
def test_a_job_cancelled_in_cups_shows_waiting_with_the_reason_and_retry_refusal_reads_english(
        qtbot, app_home, store, two_cases, private_cups, english_back):
    """Tester: a job cancelled in CUPS (``cancel TstFail-…``) showed 已完成. The queue shows 等待处理 with
    why; while CUPS is down a retry of a job CUPS may still hold is refused, in the clerk's language."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    q = private_cups.add_queue("TstFail", "socket://127.0.0.1:9")
    panel = build_panel(qtbot, make_ctx(store, q))
    try:
        open_case(qtbot, panel, two_cases[0])
        messages: list[str] = []
        panel.failed.connect(messages.append)
        job = submit(qtbot, panel, panel.print_selected)
        assert job.state == "printing"
        private_cups.run("cancel", job.backend_job_id)
        wait_state(qtbot, panel, job.id, "waiting")
        row = next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == job.id)
        model = panel.jobs_model
        assert model.data(model.index(row, model.COLUMNS.index("state"))) == "等待处理（打印出错）"
        assert model.data(model.index(row, model.COLUMNS.index("detail"))) == \
            f"打印任务在打印服务中被取消（{job.backend_job_id}），请重试。"
        assert panel._poll_timer.isActive()
        assert install_language(QApplication.instance(), "en")
        assert model.data(model.index(row, model.COLUMNS.index("detail"))) == \
            f"The print job was cancelled in the print service ({job.backend_job_id}): retry it."
        # sent again; CUPS goes down with the job in its queue: a retry is refused, worded
        panel.jobs_view.selectRow(row)
        with qtbot.waitSignal(panel.events.print_jobs_changed, timeout=20000):
            assert panel.retry_selected_job()
        again = pq_job(panel, job.id)
        assert again.state == "printing" and again.backend_job_id
        wait_state(qtbot, panel, job.id, "printing")
        private_cups.stop()
        wait_state(qtbot, panel, job.id, "waiting")
        panel.jobs_view.selectRow(next(i for i, j in enumerate(panel.jobs_model.rows) if j.id == job.id))
        with qtbot.waitSignal(panel.failed, timeout=20000):
            assert panel.retry_selected_job()
        assert messages[-1] == (f"Retry failed: It cannot be confirmed whether {again.backend_job_id}, sent earlier for "
                                f"print job {job.id}, is still in the print service: The print service (CUPS) is not "
                                "running. So that nothing prints twice, the job is not sent again now; try again once "
                                "the print service is back."), messages[-1]
    finally:
        panel.shutdown()


def pq_job(panel, job_id):
    from counter_app.ui.documents_models import _print_queue

    return _print_queue(panel.ctx).job(job_id)
