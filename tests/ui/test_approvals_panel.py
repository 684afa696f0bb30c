"""审批 tab against the real centre: the office's queue longest waiting first, the case as the clerk
saw it with a preview of the document, approve / reject keyboard-first, read-only to auditors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.domain.case_engine import CaseState
from counter_app.paths import app_paths
from counter_app.ui.approvals_panel import ApprovalsPanel, waiting_text
from counter_app.ui.main_window import panel_entries
from tests.integration.test_approvals import _rejection_case, rig  # noqa: F401  (fixture)
from tests.support.cases import settings_for

pytestmark = pytest.mark.integration


def _ctx(store, url, username, password, role):
    ctx = AppContext(settings=settings_for(url, f"UI-{username}"), paths=app_paths().ensure(), store=store,
                     user=UserSession(username, username, role, online=True))
    auth_manager(ctx).login(username, password)
    return ctx


def _panel(qtbot, ctx) -> ApprovalsPanel:
    panel = ApprovalsPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    return panel


def test_supervisor_queue_detail_and_keyboard_decision(qtbot, rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    first = a.approvals.request(_rejection_case(a), "rejection")
    second = a.approvals.request(_rejection_case(a), "rejection")
    a.sync()
    b = rig("supervisor02", "supervisor02-demo")
    ctx = _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor")
    assert ("counter_app.ui.approvals_panel", "ApprovalsPanel") in [e[:2] for e in panel_entries(ctx)]
    panel = _panel(qtbot, ctx)
    ids = [r["id"] for r in panel.rows]
    assert ids.index(first["id"]) < ids.index(second["id"])              # longest waiting first
    assert all(r["state"] == "pending" for r in panel.rows)
    panel.table.setCurrentIndex(panel.model.index(ids.index(first["id"]), 0))
    text = panel.detail.toPlainText()
    for expected in ("材料", "受理条件与系统核验", "不符合", "文书预览", "不予受理决定书", "经办人：clerk01"):
        assert expected in text, expected
    assert "110105" not in text                                          # no ID number in the queue
    assert "分钟" in panel.model.data(panel.model.index(0, 0))
    # keyboard only: Ctrl+R to the reason, type, Ctrl+Shift+Y approves
    panel.activateWindow()
    QTest.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert panel.reason.hasFocus() or panel.focusWidget() is panel.reason
    QTest.keyClicks(panel.reason, "OK ")            # (QTest types ASCII; the IME's text is inserted)
    panel.reason.insert("核实无误，同意不予受理")
    with qtbot.waitSignal(panel.decided, timeout=15000) as got:
        QTest.keyClick(panel.reason, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert got.args[0]["state"] == "approved" and got.args[0]["checker"] == "supervisor02"
    # 批准 pressed twice: the second press says the first is on its way, and only one decision is made
    panel.table.setCurrentIndex(panel.model.index([r["id"] for r in panel.rows].index(second["id"]), 0))
    panel.reason.setText("核实无误，同意")
    decided = []
    panel.decided.connect(decided.append)
    with qtbot.waitSignal(panel.failed, timeout=5000) as again:
        panel.decide_current(True)
        panel.decide_current(True)
    assert "正在提交" in again.args[0]
    qtbot.waitUntil(lambda: len(decided) == 1, timeout=15000)
    qtbot.wait(300)
    assert [d["id"] for d in decided] == [second["id"]] and decided[0]["state"] == "approved"
    a.sync()
    assert a.cases.get(first["case_id"]).case.state is CaseState.rejected
    # a decided request: the centre's refusal is shown, nothing raised
    panel.state_filter.setCurrentIndex(panel.state_filter.findData("approved"))
    qtbot.waitUntil(lambda: any(r["id"] == first["id"] for r in panel.rows), timeout=15000)
    panel.table.setCurrentIndex(panel.model.index([r["id"] for r in panel.rows].index(first["id"]), 0))
    panel.reason.setText("改为驳回")
    with qtbot.waitSignal(panel.failed, timeout=15000) as refused:
        panel.decide_current(False)
    assert "已批准" in refused.args[0]


def test_auditor_reads_only_and_a_clerk_has_no_tab(qtbot, rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    a.approvals.request(_rejection_case(a), "rejection")
    a.sync()
    b = rig("clerk01", "clerk01-demo")
    clerk_ctx = AppContext(settings=settings_for(central_server.url, "UI-c"), paths=app_paths().ensure(), store=b.store,
                           user=UserSession("clerk01", "clerk01", "clerk"))
    assert "ApprovalsPanel" not in [e[1] for e in panel_entries(clerk_ctx)]
    ctx = _ctx(b.store, central_server.url, "auditor01", "auditor01-demo", "auditor")
    panel = _panel(qtbot, ctx)
    assert panel.rows and not panel.btn_approve.isEnabled() and not panel.reason.isEnabled()
    with qtbot.waitSignal(panel.failed, timeout=2000) as refused:
        panel.decide_current(True)
    assert "只能查看" in refused.args[0]


def test_waiting_text():
    from datetime import datetime

    now = datetime(2026, 3, 2, 12, 0)
    assert waiting_text("2026-03-02T11:55:00", now) == "5 分钟"
    assert waiting_text("2026-03-02T09:30:00", now) == "2 小时 30 分"
    assert waiting_text("2026-02-28T10:00:00", now) == "2 天 2 小时"


def test_complaint_tickets_listed_and_advanced_in_the_tab_and_synced(qtbot, rig, central_server, central_db):  # noqa: F811
    from sqlalchemy import text

    from counter_app.workflows.complaints import ComplaintService

    b = rig("supervisor02", "supervisor02-demo")
    cid = _rejection_case(b)
    b.cases.decide(cid, expected="not_eligible", approved_by="supervisor01")
    b.cases.rate(cid, 2, "服务态度")                                     # 不满意 → a ticket
    ctx = AppContext(settings=b.settings, paths=app_paths().ensure(), store=b.store,      # on b's workstation
                     user=UserSession("supervisor02", "supervisor02", "supervisor", online=True))
    auth_manager(ctx).login("supervisor02", "supervisor02-demo")
    panel = _panel(qtbot, ctx)
    [row] = [c for c in panel.complaints if c["case_id"] == cid]
    assert row["stage"] == "received" and row["reason"] == "服务态度"
    # the office's open tickets, read from the centre: other cases of the office may have theirs
    open_tickets = [c for c in panel.complaints if c["next_stage"]]
    assert row in open_tickets
    assert f"{len(open_tickets)} 件未办结" in panel.complaints_title.text()
    at = panel.complaints.index(row)
    assert panel.complaints_model.data(panel.complaints_model.index(at, 5)) == "（待认领）"
    panel.complaints_table.setCurrentIndex(panel.complaints_model.index(at, 0))
    panel.advance_complaint()                                            # no note: refused, said
    assert "处理情况" in panel.message.text()
    panel.complaint_note.insert("已核实：窗口人员解释不耐心")
    panel.activateWindow()
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        QTest.keyClick(panel.complaint_note, Qt.Key.Key_G,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [after] = [c for c in ComplaintService(b.store).list() if c["case_id"] == cid]
    assert after["stage"] == "checked" and after["owner"] == "supervisor02"
    at = next(i for i, c in enumerate(panel.complaints) if c["case_id"] == cid)
    assert panel.complaints_model.data(panel.complaints_model.index(at, 0)) == "已核实"
    # synced to the centre with the case
    b.sync()
    with central_db.connect() as c:
        kinds = [k for (k,) in c.execute(text("SELECT kind FROM received_entries WHERE aggregate_type = 'complaint' "
                                              "AND aggregate_id = :id AND outcome = 'accepted' ORDER BY client_seq"),
                                         {"id": after["id"]})]
    assert kinds == ["complaint.opened", "complaint.advanced"]
    panel.shutdown()

    # an auditor sees the tickets and changes nothing
    aud = _panel(qtbot, _ctx(b.store, central_server.url, "auditor01", "auditor01-demo", "auditor"))
    assert not aud.btn_advance.isEnabled()
    aud.complaints_table.setCurrentIndex(aud.complaints_model.index(0, 0))
    aud.advance_complaint()
    assert "只能查看" in aud.message.text()
    aud.shutdown()


def test_review_queue_pulled_from_the_centre_proposed_and_confirmed_in_the_tab(qtbot, rig, central_server):  # noqa: F811
    from counter_protocol import reviews as rv
    from tests.support.central import login_client

    admin = login_client(central_server.url, "admin01")
    try:
        first = admin.add_review(rv.NewReviewItem(clause="6.5.1.2", office_code="FT", service_code="history_review",
                                                  summary="王**历史信息审核（网上）"))
        mine = admin.add_review(rv.NewReviewItem(clause="6.1.1.1.6", office_code="FT", service_code="reg_enroll",
                                                 summary="赵**网上参保登记"))
    finally:
        admin.close()
    clerk = login_client(central_server.url, "clerk01")
    try:
        clerk.propose_review(first.id, "passed", "视同缴费期间有档案记载")
    finally:
        clerk.close()
    b = rig("supervisor02", "supervisor02-demo")
    ctx = _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor")
    panel = _panel(qtbot, ctx)
    ids = [r["id"] for r in panel.reviews]
    assert first.id in ids and mine.id in ids
    assert "件待办" in panel.reviews_title.text()
    row = ids.index(first.id)
    assert "历史信息审核" in panel.reviews_model.data(panel.reviews_model.index(row, 1))
    assert "审核通过" in panel.reviews_model.data(panel.reviews_model.index(row, 3))
    # 复核 of the clerk's proposal, keyboard-first
    panel.reviews_table.setCurrentIndex(panel.reviews_model.index(row, 0))
    panel.review_reason.insert("同意初审意见")
    panel.activateWindow()
    with qtbot.waitSignal(panel.reviewed, timeout=15000) as got:
        QTest.keyClick(panel.review_reason, Qt.Key.Key_H,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert got.args[0]["state"] == "passed" and got.args[0]["checker"] == "supervisor02"
    qtbot.waitUntil(lambda: first.id not in [r["id"] for r in panel.reviews], timeout=15000)
    # 初审 by this supervisor, then their own 复核 is refused by the centre
    row = [r["id"] for r in panel.reviews].index(mine.id)
    panel.reviews_table.setCurrentIndex(panel.reviews_model.index(row, 0))
    panel.review_outcome.setCurrentIndex(panel.review_outcome.findData("supplement"))
    panel.review_reason.insert("缺身份证复印件")
    with qtbot.waitSignal(panel.reviewed, timeout=15000) as got:
        panel.propose_review()
    assert got.args[0]["state"] == "proposed" and got.args[0]["maker"] == "supervisor02"
    qtbot.waitUntil(lambda: any(r["id"] == mine.id and r["state"] == "proposed" for r in panel.reviews), timeout=15000)
    row = [r["id"] for r in panel.reviews].index(mine.id)
    panel.reviews_table.setCurrentIndex(panel.reviews_model.index(row, 0))
    panel.review_reason.insert("同意")
    with qtbot.waitSignal(panel.failed, timeout=15000) as err:
        panel.decide_review(True)
    assert "初审人本人" in err.args[0]
    panel.shutdown()
