"""The typed 核定 form is usable on the counter's 1366×768 monitor, in Chinese and in English: it is a tab
beside the notice preview, in front while its step is current, and gets the column's height under the
steps. At 1366×768 it showed 2–4 rows in a ~130 px scroll area; in English the labels wrapped to 3–4
lines in a 95 px column ("*Social insurance / agency of the / transferring-out / place") and only
"区社会保险经办机构" of 长沙市示例区社会保险经办机构 could be seen. At 1600×1000 it shows every row."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLineEdit

from tests.ui.test_workspace_decision_form import CASES, open_form

SHOTS = os.environ.get("COUNTER_TEST_SHOTS", "")      # a directory: save what the test looked at
TYPICAL_VALUE = "长沙市示例区社会保险经办机构"          # a 转出地社保经办机构 the clerk types (transfer_in)


def _pension_form(qtbot, store, size, language):
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.app import apply_ui_font
    from counter_app.ui.i18n import install_language

    apply_ui_font(QApplication.instance())     # the window's own font, as the app sets it (its metrics decide the fit)
    applicant_type, applicant, facts, _typed = CASES["pension"]
    panel, _clicks = open_form(qtbot, store, "pension", applicant_type, applicant, facts)
    if language != "zh_CN":
        assert install_language(QApplication.instance(), language)
    panel.resize(*size)
    qtbot.wait(50)
    return panel


def _rows_in_sight(form) -> int:
    """The rows whose label and editor are wholly inside the scroll area's viewport."""
    viewport = form.rows_scroll.viewport()
    seen = QRect(QPoint(0, 0), viewport.size())
    count = 0
    for f in form.fields:
        parts = (form.labels[f.code], form.editors[f.code])
        rects = [QRect(w.mapTo(viewport, QPoint(0, 0)), w.size()) for w in parts]
        count += all(w.isVisible() and seen.contains(r) for w, r in zip(parts, rects, strict=True))
    return count


def _lines(label) -> int:
    return round(label.height() / label.fontMetrics().lineSpacing())


# the workspace tab of the main window at 1600×1000 and at 1366×768 (menu, tabs and status bar off;
# 1366×658: a banner above the panels too)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(1600, 920), (1366, 690), (1366, 658)])
def test_decision_form_is_usable_on_the_counter_screen(qtbot, app_home, store, english_back, size, language):
    panel = _pension_form(qtbot, store, size, language)
    form = panel.decision_form
    assert len(form.fields) > 8
    assert form.isVisible()                                   # its step is current: in sight
    qtbot.wait(50)
    if SHOTS:
        panel.grab().save(os.path.join(SHOTS, f"form-{size[0]}x{size[1]}-{language}.png"))
    assert panel.height() == size[1]                          # the panel fits the window: nothing spills over
    assert panel.steps_box.geometry().bottom() < panel.preview_tabs.geometry().top()    # nothing overlaps
    line = form.fontMetrics().lineSpacing()
    for f in form.fields:                                     # every label in at most two lines
        assert _lines(form.labels[f.code]) <= 2, (f.code, form.labels[f.code].text(), form.labels[f.code].height())
    room = form.fontMetrics().horizontalAdvance(TYPICAL_VALUE) + 8
    for f in form.fields:                                     # an editor shows a typical value whole
        editor = form.editors[f.code]
        if isinstance(editor, QLineEdit):
            assert editor.width() >= room, (f.code, editor.width(), room)
    if size[0] == 1600:
        qtbot.waitUntil(lambda: _rows_in_sight(form) == len(form.fields), timeout=3000)   # every row
    else:        # the short screen: the form scrolls, but shows rows enough to work in
        rows = 6 if size[1] >= 690 else 5
        assert _rows_in_sight(form) >= rows, (_rows_in_sight(form), form.rows_scroll.viewport().height(), line)
    # a tab beside the notice preview, in front; the preview is one click away and then has the room
    assert panel.preview_tabs.currentWidget() is form
    panel.preview_tabs.setCurrentWidget(panel.preview)
    qtbot.wait(20)
    assert panel.preview.height() >= 8 * panel.preview.fontMetrics().height()


def test_form_tab_goes_with_its_step(qtbot, app_home, store):
    """No step with 核定数据 current: no form tab, the notice preview in front."""
    panel = _pension_form(qtbot, store, (1366, 690), "zh_CN")
    tabs = panel.preview_tabs
    assert tabs.isTabVisible(tabs.indexOf(panel.decision_form))
    assert tabs.tabText(tabs.indexOf(panel.decision_form)) == "核定数据"
    panel.decision_form.clear()
    assert not tabs.isTabVisible(tabs.indexOf(panel.decision_form))
    assert tabs.currentWidget() is panel.preview
