"""The middle column of the case workspace on the counter's screens, in Chinese and in English: the
applicant box shows all its rows without scrolling, and a condition's note (受理条件的系统核验) can be
read whole in the table.

Review (1366×768, English): the applicant box of a 基本养老金核定 case scrolled by about a row (the
scroll area kept a stale, ~100 px larger size hint of its box, and the checklist under it was
squeezed for it), and the note 「born 1965-12 → statutory retirement 2026-03 (60 years 3 months),
reached; contributions 32 years 2 months, minimum for 2026 is 15 years, met; …」 wrapped to ten
lines in a column of a few words: taller than the table, its end only in the tooltip."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle

from tests.ui.test_workspace_flows import Clicks, decide_now, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import _prepare

SHOTS = os.environ.get("COUNTER_TEST_SHOTS", "")      # a directory: save what the test looked at
FACTS = {"contribution_months": 386, "benefit_place_shenzhen": True, "history_reviewed": True}
# the workspace tab of the main window at 1366×768 (with a banner above the panels: 658) and 1600×1000
SIZES = [(1366, 690), (1366, 658), (1600, 920)]


def _pension_case(qtbot, store, size, language):
    """A 基本养老金核定 case typed (the person's record looked up) and accepted: (panel, before, after)
    where before / after check the column at that moment."""
    from counter_app.ui.app import apply_ui_font
    from counter_app.ui.i18n import install_language

    apply_ui_font(QApplication.instance())     # the window's own font, as the app sets it (its metrics decide the fit)
    if language != "zh_CN":
        assert install_language(QApplication.instance(), language)
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "jbyljhd", "pension", facts=FACTS)
    panel.resize(*size)
    qtbot.wait(50)
    return panel, clicks


def _accept(qtbot, panel, clicks):
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    decide_now(clicks, qtbot, panel)
    qtbot.wait(50)


def _applicant_fits(panel) -> None:
    scroll, box = panel.applicant_scroll, panel.applicant_box
    assert scroll.verticalScrollBar().maximum() == 0, (scroll.height(), box.sizeHint().height())
    assert scroll.viewport().height() >= box.sizeHint().height()
    for label in (panel.applicant.type_label, panel.applicant.variant_label, *panel.applicant.labels.values()):
        if label.isVisible():                                  # every label whole, on one line
            assert label.width() >= label.sizeHint().width(), (label.text(), label.width())


def _notes_readable(view) -> None:
    """Each condition's note fits its cell (wrapped, never cut or elided), and the rows are in sight."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = view.columnWidth(2) - 2 * margin
    assert width >= view.viewport().width() // 4, (width, view.viewport().width())   # room for a sentence
    rows = 0
    for row in range(model.rowCount()):
        note = model.data(model.index(row, 2)) or ""
        needed = view.fontMetrics().boundingRect(QRect(0, 0, width, 10_000),
                                                 Qt.TextFlag.TextWordWrap, note).height()
        assert view.rowHeight(row) >= needed, (row, note, view.rowHeight(row), needed)
        rows += view.rowHeight(row)
    assert rows <= view.viewport().height(), (rows, view.viewport().height())   # no row cut at the bottom


def _long_note(panel) -> bool:
    return any(len(panel.conditions.data(panel.conditions.index(r, 2)) or "") > 60
               for r in range(panel.conditions.rowCount()))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_the_condition_notes_can_be_read_in_the_table(qtbot, app_home, store, english_back, size, language):
    panel, clicks = _pension_case(qtbot, store, size, language)
    try:
        assert _long_note(panel), "a long note to read"
        # once the layout has settled (the rows re-wrap at the new width, then the table is laid out
        # again for them: a few event-loop turns, longer on a loaded machine)
        qtbot.waitUntil(lambda: _notes_readable(panel.conditions_view), timeout=2000)
        _accept(qtbot, panel, clicks)
        assert panel.case_view is not None and panel.case_view.case.state.value == "accepted", panel.last_message
        qtbot.waitUntil(lambda: _notes_readable(panel.conditions_view), timeout=2000)
    finally:
        panel.shutdown()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_the_applicant_box_shows_its_rows_without_scrolling(qtbot, app_home, store, english_back, size, language):
    panel, clicks = _pension_case(qtbot, store, size, language)
    try:
        assert panel.applicant.variant_label.isVisible()          # the pension's 办理情形: a row more
        _applicant_fits(panel)
        _accept(qtbot, panel, clicks)
        assert panel.case_view is not None and panel.case_view.case.state.value == "accepted", panel.last_message
        if SHOTS:
            panel.grab().save(os.path.join(SHOTS, f"checklist-{size[0]}x{size[1]}-{language}.png"))
        _applicant_fits(panel)
    finally:
        panel.shutdown()
