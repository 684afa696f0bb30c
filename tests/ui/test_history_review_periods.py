"""历史信息审核 at the window (6.5.2.3): the 视同缴费年限核准决定书 step has a periods editor in the
核定数据 tab — rows of start / end month, months computed, total shown beside the record's figure —
checked as ``case step --data`` is; a difference from the record needs the clerk's confirmation.
Before, the step always refused with 「缺少：核准的视同缴费期间（deemed_years.periods）」."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from counter_app.printing.samples import SAMPLE_RULE_FACTS
from tests.ui.test_workspace_decision_form import open_form
from tests.ui.test_workspace_flows import CTRL, Clicks, idle

FACTS = {**SAMPLE_RULE_FACTS["history_review"], "deemed_months": 60}


def fill(editor, row, start, end, unit=""):
    while editor.table.rowCount() <= row:
        editor.add_row()
    for col, text in enumerate((start, end, unit)):
        editor.table.setItem(row, col, QTableWidgetItem(text))


def test_history_review_decision_is_finished_at_the_window(qtbot, store):
    panel, clicks = open_form(qtbot, store, "history_review", "individual", {"name": "陈志明", "id_number": "110105196001010017"},
                              FACTS)
    form = panel.decision_form
    assert panel.case_view.next_step == "decision" and form.periods.isVisible()
    editor = form.periods
    clicks = Clicks(qtbot)
    clicks.key(Qt.Key.Key_Return, CTRL)             # nothing entered: refused, named in Chinese, step open
    idle(qtbot, panel)
    assert panel.case_view.next_step == "decision"
    assert "核准的视同缴费期间" in panel.last_message and "deemed_years" not in panel.last_message
    fill(editor, 0, "1988-01", "1990-12", "深圳市某国营厂")
    fill(editor, 1, "1990-06", "1992-12")           # overlaps the first
    assert editor.table.item(0, 3).text() == "36"
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.next_step == "decision" and "重叠" in form.error.text()
    fill(editor, 1, "1991-01", "1992-12")           # 36 + 24 = 60, the record's figure
    assert "60个月" in editor.total.text() and not editor.confirm.isVisible()
    fill(editor, 1, "1991-01", "1993-06")           # 66: differs from the record by +6
    assert "+6" in editor.total.text() and editor.confirm.isVisible()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.next_step == "decision" and "档案记载的60个月" in form.error.text()
    editor.confirm.setChecked(True)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.next_step != "decision", panel.last_message
    recorded = next(r for r in panel.case_view.case.steps if r.step_code == "decision")
    assert recorded.data["deemed_years"]["total_months"] == 66
    assert recorded.data["deemed_years"]["record_months"] == 60
