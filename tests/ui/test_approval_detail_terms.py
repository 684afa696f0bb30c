"""The 审批 tab's detail of a held 待遇核定: the supervisor sees the 核定数据 the approval records
(the back pay and one-off amount the table weighed, each figure by its label) and the case's
facts in words. Review: the detail of a 待遇核定 request showed the materials and conditions but
no amount at all, and the facts as 「benefit_place_shenzhen：True」."""

from __future__ import annotations

import pytest

from counter_app.app_context import AppContext, UserSession
from counter_app.paths import app_paths
from counter_app.ui.approvals_panel import ApprovalsPanel
from counter_app.workflows.accept import act_and_close
from tests.support.cases import settings_for
from tests.unit.workflows.test_benefit_approval import _at_decision, _pension

pytestmark = pytest.mark.timeout(120)


def test_a_held_benefit_decision_shows_its_amounts_and_labelled_figures(qtbot, app_home, store):
    workflow, cid = _at_decision(store)
    held = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done",
                                                                  data={"pension": _pension("2025-06")}))
    assert held.approval_id
    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", "FT-W01"), paths=app_paths().ensure(), store=store,
                     user=UserSession("supervisor01", "科长", "supervisor", online=False))
    panel = ApprovalsPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    [row] = [r for r in panel.rows if r["id"] == held.approval_id]
    panel.table.setCurrentIndex(panel.model.index(panel.rows.index(row), 0))
    text = panel.detail.toPlainText()
    assert "核定数据" in text
    assert "补发 9 个月" in text and "一次性支付 47,836.98 元" in text       # what the table weighed
    assert "起领年月：2025-06" in text and "5315.22" in text                  # the figures, by their labels
    assert "pension.start_month" not in text
    assert "待遇领取地为深圳：是" in text                                      # facts in words
    assert "benefit_place_shenzhen" not in text and "True" not in text


def test_the_decision_row_is_under_the_request_not_under_the_tickets(qtbot, app_home, store):
    """At 1366×768 the 审批意见 line and 批准 / 驳回 sat at the bottom of the tab, under 人工审核 and
    差评工单, where they read as the tickets' own; they belong right under the request's detail."""
    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", "FT-W01"), paths=app_paths().ensure(), store=store,
                     user=UserSession("supervisor01", "科长", "supervisor", online=False))
    panel = ApprovalsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1366, 680)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()

    def top(w) -> int:
        return w.mapTo(panel, w.rect().topLeft()).y()

    detail_bottom = top(panel.detail) + panel.detail.height()
    # the tickets (差评工单, 死亡报告) are the tabs of the lowest section
    assert detail_bottom <= top(panel.reason) < top(panel.reviews_title) < top(panel.lower_tabs)
    assert panel.lower_tabs.isAncestorOf(panel.complaints_table)
    assert top(panel.btn_approve) < top(panel.reviews_title)


def test_a_pending_request_says_when_it_expires(qapp):
    """The supervisor sees how long the request can wait (pending_expiry_hours of the table)."""
    from counter_app.ui.approvals_panel import detail_html

    r = {"id": "r1", "action": "rejection", "action_name": "不予受理决定", "case_id": "c1", "case_no": "FT-W01-1",
         "service_code": "reg_enroll", "maker": "clerk01", "made_at": "2026-03-02T01:00:00", "required_level": 1,
         "required_level_name": "科长", "summary": "", "details": {}, "state": "pending", "state_name": "待审批",
         "checker": "", "reason": "", "expires_at": "2026-03-05T01:00:00"}
    assert "2026-03-05 09:00（北京时间）前未作决定即过期" in detail_html(r)
    assert "过期" not in detail_html(dict(r, state="approved", expires_at=None))
