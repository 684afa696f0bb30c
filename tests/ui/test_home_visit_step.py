"""The workspace's step for a 资格认证 of the 上门认证 variant (5.6.3 a). Was: the only step was the
window's identity check (核验本人身份…), whose button opened the 资格认证 dialog and closed the case as a
窗口认证 — 认证通过. Now the step page offers 提出上门认证申请 with a field for the reason; the button
raises the request (counter_app.workflows.home_visit) and no certification is recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from counter_app.storage.tables_core import OutboxEntry
from counter_protocol import certification_sync as cs
from tests.ui.test_workspace_flows import make_ctx, open_panel
from tests.unit.workflows.test_home_visit_request import _accepted, _cases


def test_the_step_page_raises_the_home_visit_request_and_certifies_nobody(qtbot, app_home, store,
                                                                          central_sqlite_client):
    cid = _accepted(_cases(store, central_sqlite_client))
    panel = open_panel(qtbot, make_ctx(store))
    panel.open_case(cid)
    qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == cid, timeout=5000)
    steps = panel.steps
    qtbot.waitUntil(lambda: steps.btn_done.text() == "提出上门认证申请（Ctrl+Enter）", timeout=5000)
    assert not steps.hv_reason.isHidden() and "上门认证" in steps.hv_reason.placeholderText()
    steps.hv_reason.setText("长期卧床")
    QTest.mouseClick(steps.btn_done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.case_view is not None
                    and panel.case_view.case.state.value in ("completed", "archived"), timeout=20000)
    with store.session() as s:
        kinds = [r.kind for r in s.scalars(select(OutboxEntry))]
        [entry] = [r for r in s.scalars(select(OutboxEntry)) if r.kind == cs.KIND_HOME_VISIT_REQUESTED]
    assert cs.KIND_RECORDED not in kinds
    assert '"reason":"长期卧床"' in entry.payload
    panel.shutdown()


def test_a_window_certification_keeps_its_identity_check(qtbot, app_home, store, central_sqlite_client):
    cid = _accepted(_cases(store, central_sqlite_client), variant="window")
    panel = open_panel(qtbot, make_ctx(store))
    panel.open_case(cid)
    qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == cid, timeout=5000)
    qtbot.waitUntil(lambda: panel.case_view.next_step == "certify", timeout=5000)
    assert panel.steps.btn_done.text() == "完成此步骤（Ctrl+Enter）" and panel.steps.hv_reason.isHidden()
    panel.shutdown()
