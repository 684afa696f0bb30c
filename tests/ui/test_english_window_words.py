"""The English window (tester "english", findings 5–10): the settings wizard's page titles, the
unexpected-error box, the service guide's refusal and chooser, the reprint reason, the 办理情形 combo at
1366×768 and full-width brackets in English sentences. Each is read with the English translator
loaded; the Chinese stays as it was."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")     # Han, CJK punctuation, full-width forms


# -- 5. the settings wizard's page titles ------------------------------------------------------------
def test_every_wizard_page_title_is_english(qtbot, app_home, english):
    from counter_app.ui.first_run import FirstRunWizard

    w = FirstRunWizard()
    qtbot.addWidget(w)
    titles = [p.title() for p in w.pages]
    assert titles == ["Central service", "Branch office and window", "Printer", "Social security card reader",
                      "Fingerprint reader", "Interface language"]


def test_the_wizards_titles_are_the_workflows(qtbot, app_home):
    """The UI lists the titles for lupdate; a title added or reworded in the workflow must be here too."""
    from counter_app.ui import first_run as ui
    from counter_app.workflows import first_run as fr

    assert ui.STEP_TITLES == fr.STEP_TITLES
    w = ui.FirstRunWizard()
    qtbot.addWidget(w)
    assert [p.title() for p in w.pages] == [fr.STEP_TITLES[s] for s in fr.STEPS]     # Chinese as before


# -- 6. the unexpected-error box -----------------------------------------------------------------------
@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_unexpected_error_box_is_in_the_language_of_the_ui(qtbot, app_home, english_back, language):
    from counter_app.ui.errors import MESSAGE, MESSAGE_TITLE, ErrorHandler
    from counter_app.ui.i18n import install_language

    assert install_language(QApplication.instance(), language)
    handler = ErrorHandler()
    shown: list[str] = []
    handler.shown.connect(shown.append)
    try:
        raise RuntimeError("坏了")
    except RuntimeError as exc:
        handler.excepthook(type(exc), exc, exc.__traceback__)
    box = handler._box
    assert box is not None
    try:
        if language == "en":
            assert not HAN.search(box.windowTitle() + box.text()), (box.windowTitle(), box.text())
            assert shown == [box.text()] and "logged" in box.text()
        else:
            assert (box.windowTitle(), box.text()) == (MESSAGE_TITLE, MESSAGE) and shown == [MESSAGE]
    finally:
        box.close()


# -- 7. the service guide's refusal, 10. its chooser ----------------------------------------------------
def test_the_guide_refusals_english_is_the_domains_current_wording():
    from counter_app.domain.service_guide import REFUSALS
    from counter_app.ui.service_guide import REFUSALS as TEXTS

    assert {code: re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(text)) for code, text in TEXTS.items()} \
        == REFUSALS


def test_the_missing_channels_refusal_reads_english_and_the_cli_keeps_the_chinese(qapp, english_back):
    from counter_app.domain.service_guide import GuideRefused, missing_channels_message
    from counter_app.ui.i18n import install_language
    from counter_app.ui.service_guide import refusal_text

    refused = GuideRefused.of("no_channels", "福田分局", "FT")
    assert str(refused) == missing_channels_message("福田分局", "FT")          # the CLI and the log: as before
    assert refusal_text(refused) == str(refused)                                # Chinese UI: the same sentence
    unknown = GuideRefused.of("unknown_service", "2026.1", "no_such", "reg_enroll、pension")
    assert install_language(qapp, "en")
    text = refusal_text(refused)
    assert text.startswith("福田分局 (branch code FT) has no complaint channels") and "complaint_channels" in text
    assert not HAN.search(text.replace("福田分局", "")), text                  # the office's name is data
    assert refusal_text(unknown).endswith("services that can be printed: reg_enroll, pension")
    assert refusal_text(ValueError("别的原因")) == "别的原因"                    # no code: as it is


def test_the_guide_chooser_names_a_service_with_half_width_brackets_in_english(qapp, english, monkeypatch):
    from counter_app.ui.service_guide import ServiceGuideChooser
    from counter_app.workflows.service_guide import GuideChoice

    offered: list[list[str]] = []

    def get_item(parent, title, label, items, current, editable):
        offered.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    assert ServiceGuideChooser.ask([GuideChoice("reg_enroll", "参保登记")]) == "reg_enroll"
    assert offered[0][0].endswith(" (reg_enroll)") and not HAN.search(offered[0][0]), offered


def test_a_count_rate_has_half_width_brackets_in_english(qapp, english_back):
    from counter_app.ui.evaluation_panel import _count_rate
    from counter_app.ui.i18n import install_language

    assert _count_rate(1, 2, 50.0) == "50.0%（1/2）"
    assert install_language(qapp, "en")
    assert _count_rate(1, 2, 50.0) == "50.0% (1/2)"


# -- 8. the reprint reason ------------------------------------------------------------------------------
def _answer(qtbot, answers: list[str], labels: list[str]) -> None:
    """Answer the reprint reason dialog with each of ``answers`` in turn (noting its label each time)."""
    def step():
        if not answers:             # all given (or the test is over): nothing left to answer
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, step)
            return
        labels.append(dialog.labelText())
        dialog.setTextValue(answers.pop(0))
        if answers:
            QTimer.singleShot(20, step)
        dialog.accept()

    QTimer.singleShot(20, step)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_blank_reprint_reason_is_asked_again_saying_why(qtbot, app_home, english_back, language):
    from counter_app.ui.documents_models import ReprintReason
    from counter_app.ui.i18n import install_language

    assert install_language(QApplication.instance(), language)
    labels: list[str] = []
    answers = ["", "   ", " 原件遗失 "]
    _answer(qtbot, answers, labels)
    try:
        assert ReprintReason.ask() == "原件遗失"
    finally:
        answers.clear()             # the old dialog took the first answer: stop answering the next test's
    assert len(labels) == 3 and labels[1] == labels[2] != labels[0]
    if language == "en":
        assert labels[1].startswith("A reprint needs a reason") and not HAN.search(labels[0] + labels[1])
    else:
        assert labels[0] == "补打原因（如：原件遗失、打印不清）：" and "须填写原因" in labels[1]


def test_cancelling_the_reprint_reason_reprints_nothing(qtbot, app_home):
    from counter_app.ui.documents_models import ReprintReason

    def cancel():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, cancel)
            return
        dialog.reject()

    QTimer.singleShot(20, cancel)
    assert ReprintReason.ask() is None


# -- 9. the 办理情形 combo at 1366×768 -------------------------------------------------------------------
def test_a_long_english_variant_is_elided_with_its_whole_text_in_tooltips(qtbot, app_home, store, english):
    from counter_app.ui.app import apply_ui_font
    from counter_app.ui.workspace.applicant import ApplicantForm
    from counter_app.workflows.reference import current_catalog

    apply_ui_font(QApplication.instance())
    form = ApplicantForm()
    qtbot.addWidget(form)
    form.set_service(current_catalog(store).get("certification"))
    combo = form.variant_combo
    whole = combo.currentText()
    assert whole.startswith("Certification at the counter") and whole.endswith("fingerprint template)")
    form.resize(420, 600)                           # the applicant column's room at 1366×768
    form.show()
    qtbot.waitExposed(form)
    assert form.width() == 420, "the long 情形 widened the form: in the window it is cut off at the edge"
    assert combo.geometry().right() <= form.rect().right(), (combo.geometry(), form.rect())  # within its room
    assert combo.fontMetrics().horizontalAdvance(whole) > combo.width(), "it fits anyway: the test shows nothing"
    shown = combo.shown_text()
    assert shown.endswith("…") and whole.startswith(shown[:-1])                  # elided, never cut mid-word
    assert combo.toolTip() == whole
    assert [combo.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(combo.count())] == \
        [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(1)
    assert combo.toolTip() == combo.itemText(1)


def test_printing_the_workspaces_document_again_asks_the_reprint_reason(qtbot, app_home, store, monkeypatch):
    """The workspace's 打印 (Ctrl+P) of a document already printed is a 补打: it went out with no reason at all
    (the queue now refuses that); it asks, as 文书与打印 does, and Cancel prints nothing."""
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.documents import issue_document
    from counter_app.printing.printqueue import PrintQueue
    from counter_app.printing.samples import sample_fields
    from counter_app.storage.uow import UnitOfWork
    from counter_app.ui.documents_models import ReprintReason
    from tests.ui.test_workspace_flows import make_ctx, open_panel

    kind = DocumentKind.acceptance_notice
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-ws-1", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    panel = open_panel(qtbot, make_ctx(store))
    try:
        panel.documents = [{"status": "issued", "issued_id": doc.id, "kind": kind.value, "fields": {"case_id": "case-ws-1"}}]
        panel._printed.add(doc.id)                  # printed when it was issued
        answers: list[str | None] = [None, "卡纸"]
        monkeypatch.setattr(ReprintReason, "ask", classmethod(lambda cls, parent=None: answers.pop(0)))
        panel.print_current()                       # cancelled: nothing queued
        qtbot.wait(300)
        assert PrintQueue(store).jobs() == [] and answers == ["卡纸"]
        panel.print_current()
        qtbot.waitUntil(lambda: len(PrintQueue(store).jobs()) == 1, timeout=10000)
        (job,) = PrintQueue(store).jobs()
        assert job.reprint and job.document_id == doc.id
    finally:
        panel.shutdown()
