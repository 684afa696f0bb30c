"""The typed 核定 form gets the right column's height (panel_layout): at 1600×1000 it showed four rows
and scrolled while the notice preview below it had spare height; at 1366×768 it stays usable."""

from __future__ import annotations

import os

import pytest

from tests.ui.test_workspace_decision_form import CASES, open_form

SHOTS = os.environ.get("COUNTER_TEST_SHOTS", "")      # a directory: save what the test looked at


def _pension_form(qtbot, store, size):
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.app import apply_ui_font

    apply_ui_font(QApplication.instance())     # the window's own font, as the app sets it (its metrics decide the fit)
    applicant_type, applicant, facts, _typed = CASES["pension"]
    panel, _clicks = open_form(qtbot, store, "pension", applicant_type, applicant, facts)
    panel.resize(*size)
    qtbot.wait(50)
    return panel


def _rows_shown(form) -> bool:
    viewport = form.rows_scroll.viewport()
    return form.rows.height() <= viewport.height() and not form.rows_scroll.verticalScrollBar().isVisible()


# the workspace tab of the main window at 1600×1000 and at 1366×768 (menu, tabs and status bar off)
@pytest.mark.parametrize("size", [(1600, 920), (1366, 690)])
def test_decision_form_gets_the_height_the_preview_does_not_need(qtbot, app_home, store, size):
    panel = _pension_form(qtbot, store, size)
    form = panel.decision_form
    assert len(form.fields) > 4
    if SHOTS:
        panel.grab().save(os.path.join(SHOTS, f"form-{size[0]}x{size[1]}.png"))
    assert panel.height() == size[1]                          # the panel fits the window: nothing spills over
    preview = panel.preview_tabs.geometry()
    box = panel.steps_box.geometry()
    assert box.bottom() < preview.top()                       # nothing overlaps
    lines = 3 if size[0] == 1600 else 2        # the short screen gives the form's rows the height first
    assert panel.preview.height() >= lines * panel.preview.fontMetrics().height()    # the preview stays readable
    if size[0] == 1600:
        qtbot.waitUntil(lambda: _rows_shown(form), timeout=3000)     # every row, no scrollbar
    else:   # the short screen: the form scrolls, but shows at least four rows
        row = form.editors[form.fields[0].code].height()
        assert form.rows_scroll.viewport().height() >= 4 * row

