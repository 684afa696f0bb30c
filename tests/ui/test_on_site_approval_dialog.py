"""现场授权 on the clerk's screen (Ctrl+Shift+A): the dialog says what the supervisor authorises —
the approval point and grade, what is asked and why, who asked — above the password; with no
pending request the dialog does not open. Review: the dialog asked for a user name and password
and a reason but never said which request, for which case, at which grade."""

from __future__ import annotations

import pytest

from counter_app.ui.approval_dialog import OnSiteApprovalDialog
from tests.ui.test_workspace_flows import Clicks, idle, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import refuse_enrolment

pytestmark = pytest.mark.timeout(120)


def test_the_dialog_names_the_request_it_authorises(qtbot, app_home, store, monkeypatch):
    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    shown: list[str] = []

    def exec_(dialog) -> int:
        shown.append(dialog.request.text() if dialog.request.isVisibleTo(dialog) else "")
        return 0                       # 取消: nothing decided

    monkeypatch.setattr(OnSiteApprovalDialog, "exec", exec_)
    refuse_enrolment(qtbot, panel, Clicks(qtbot))
    panel.on_site_approval()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    text = shown[0]
    assert "不予受理决定" in text and "须科长审批" in text                 # the approval point and the grade
    assert "已在本市参保" in text                                          # why
    assert panel.case_view.case.case_no in text and "经办人" in text      # which case, who asked


def test_no_dialog_without_a_pending_request(qtbot, app_home, store, monkeypatch):
    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    opened: list[int] = []
    monkeypatch.setattr(OnSiteApprovalDialog, "exec", lambda d: opened.append(1) or 0)
    refuse_enrolment(qtbot, panel, Clicks(qtbot))
    from counter_app.app_context import approval_service

    [pending] = approval_service(ctx).list(state="pending", case_id=panel.case_view.case.id)
    approval_service(ctx).withdraw(pending["id"])
    panel.on_site_approval()
    qtbot.waitUntil(lambda: "没有待审批的申请" in panel.last_message, timeout=10000)
    idle(qtbot, panel)
    assert opened == []
