"""设置… runs the first-run wizard on the current settings: every page shows them (the printer
too), and 跳过此步 keeps them — a skipped step goes back to what it was when the wizard opened,
not to the program's defaults (which would reset the window's centre, office, printer…)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from counter_app.config import CardBackend, FingerprintBackend, Language, Settings, default_settings
from counter_app.ui import first_run as ui_first_run
from counter_app.ui.first_run import FirstRunWizard
from counter_app.workflows import first_run as fr


def _current() -> Settings:
    s = default_settings()
    s.central.url, s.central.timeout_seconds = "https://si-central.lh.example:8443", 20.0
    s.office.name, s.office.code, s.office.window_number, s.office.workstation_id = "罗湖分局", "LH", 7, "LH-W07"
    s.printer.name, s.printer.copies = "HP-LH-07", 2
    s.card.backend, s.card.reader = CardBackend.demo, "Reader 7"
    s.fingerprint.backend = FingerprintBackend.none
    s.ui.language = Language.en
    return s


@pytest.fixture
def wizard(qtbot, app_home):
    w = FirstRunWizard(_current())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_skipping_every_step_keeps_the_current_settings(wizard):
    wizard.pages[0].url.setText("http://changed.example:1")      # an edit on a skipped page is not kept
    for _ in fr.STEPS:
        wizard.button(FirstRunWizard.SKIP_BUTTON).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.skipped == list(fr.STEPS)
    assert wizard.settings.to_dict() == _current().to_dict()


def test_going_through_every_page_unchanged_keeps_the_current_settings(wizard, qtbot):
    printer = next(p for p in wizard.pages if isinstance(p, ui_first_run.PrinterPage))
    assert printer.queue() == "HP-LH-07"                          # the configured queue is the one chosen
    for _ in fr.STEPS[:-1]:
        wizard.next()
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.settings.to_dict() == _current().to_dict()


def test_a_first_run_skip_still_gives_the_defaults(qtbot, app_home):
    w = FirstRunWizard()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    for _ in fr.STEPS:
        w.button(FirstRunWizard.SKIP_BUTTON).click()
    assert w.settings.to_dict() == default_settings().to_dict()
