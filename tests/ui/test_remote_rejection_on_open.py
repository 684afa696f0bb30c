"""A supervisor's remote 驳回 reaches the clerk who opens the case later. Review (tester "onsite" 3):
the status bar said 「已收到中心的 1 件办件更新（审批决定、信息表）」 without naming the case, and
opening the case afterwards showed nothing of the rejection (only a 已退回 case had a note), so the
clerk pressed Ctrl+Enter and asked the same thing again."""

from __future__ import annotations

import pytest

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.paths import app_paths
from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow
from tests.integration.test_approvals import _decide, rig  # noqa: F401  (fixture)
from tests.support.cases import man_born_1960, ready_case

pytestmark = pytest.mark.integration


def test_the_rejection_is_shown_when_the_case_is_opened_and_the_status_bar_names_it(
        qtbot, rig, central_server, monkeypatch):  # noqa: F811
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    a = rig("clerk01", "clerk01-demo")
    cid = ready_case(a.cases, "reg_enroll", unmet="not_yet_registered",
                     applicant={"name": "张三", "id_number": man_born_1960(117)})
    req = a.approvals.request(cid, "rejection")
    a.sync()
    case_no = a.cases.get(cid).case.case_no
    ctx = AppContext(settings=a.settings, paths=app_paths().ensure(), store=a.store,
                     user=UserSession("clerk01", "clerk01", "clerk", online=True))   # the clerk's own workstation
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window._status_timer.stop()
    try:
        _decide(central_server.url, "supervisor01", req["id"], "rejected", "请再核对参保记录后重新提出")
        a.sync()                                            # the sync process applies the decision
        window.refresh_status()
        qtbot.waitUntil(lambda: case_no in window.status.currentMessage(), timeout=10000)
        workspace = window.panels[0]
        workspace.open_case(cid)
        qtbot.waitUntil(lambda: workspace.case_view is not None and workspace.case_view.case.id == cid
                        and not workspace.busy, timeout=10000)
        note = workspace.last_message
        assert note.startswith("已驳回") and "请再核对参保记录后重新提出" in note, note
        assert "审批人" in note and "Ctrl+Enter" in note, note          # who, and what the clerk can do next
    finally:
        for panel in window.panels:
            getattr(panel, "shutdown", lambda: None)()
