"""The window's 缴费核定 form (the clerk may change a rules figure: 经办人修改) holds the changed
核定缴费基数 to the floor of the 费款所属期 and the amounts follow it — the same rule as
``case step`` (counter_rules.decision_data.contribution_problems)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.ui.test_workspace_decision_form import _contribution_form, type_into
from tests.ui.test_workspace_flows import CTRL, idle


def test_a_base_changed_below_the_floor_is_refused_and_the_amounts_follow_the_base(qtbot, app_home, store):
    panel, clicks = _contribution_form(qtbot, store, {"contributions": {"period": "2026-02"}}, date(2026, 12, 4))
    form = panel.decision_form
    type_into(qtbot, panel, "contributions.declared_base", "8000")
    assert form.value("contributions.employer") == "1280.00"
    type_into(qtbot, panel, "contributions.base", "6000")                 # 经办人修改, within the limits
    assert (form.value("contributions.employer"), form.value("contributions.individual"),
            form.value("contributions.total")) == ("960.00", "480.00", "1440.00")
    type_into(qtbot, panel, "contributions.base", "100")
    step, before = panel.case_view.next_step, len(panel.case_view.case.steps)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert len(panel.case_view.case.steps) == before and panel.case_view.next_step == step
    assert "核定缴费基数100.00低于费款所属期2026-02的缴费基数下限4775.00" in form.error.text()
    type_into(qtbot, panel, "contributions.base", "6000")
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.next_step != step, panel.last_message
