"""Tester (supervisor B7): at 1366x768 the approval queue showed about 2½ rows — the (empty) 人工审核
and 差评工单 tables took the lower half of the tab. The queue now gets the larger share and an empty
section keeps only its title and input row."""

from __future__ import annotations

from tests.ui.test_approvals_panel_words import ROW


def test_the_queue_shows_several_requests_at_1366x768(qtbot, app_home, store):
    from counter_app.ui.approvals_panel import ApprovalsPanel
    from tests.ui.test_workspace_flows import make_ctx

    panel = ApprovalsPanel(make_ctx(store))
    qtbot.addWidget(panel)
    panel.resize(1366, 680)          # the 审批 tab of a 1366x768 window
    panel.show()
    qtbot.waitExposed(panel)
    rows = [{**ROW, "id": f"r{i}", "state": "pending", "checker": ""} for i in range(8)]
    panel._loaded(("local", rows, [], []))
    qtbot.wait(50)
    row_height = panel.table.verticalHeader().defaultSectionSize()
    shown = panel.table.viewport().height() // row_height
    assert shown >= 5, (shown, panel.split.sizes())
    assert panel.detail.height() >= 240, panel.split.sizes()
    assert not panel.reviews_table.isVisible() and not panel.complaints_table.isVisible()
