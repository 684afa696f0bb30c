"""Workspace with the real card path: pcscd + vpcd + the emulated card; and the action count of
参保登记 for an individual with a card and complete materials (≤ 7 actions after the insert: the
recent service is one key (F1), 办结 and 归档 need none)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from tests.support.card_emulator import CardProfile
from tests.ui.test_workspace_flows import CTRL, Clicks, idle, make_ctx, open_panel

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

HOLDER_ID = "11010519491231002X"


def _card_panel(qtbot, store, printer=""):
    ctx = make_ctx(store, printer)
    panel = open_panel(qtbot, ctx, start_devices=True)
    qtbot.waitUntil(lambda: panel.card_bridge is not None or "读卡器：" in panel.card_state, timeout=10000)
    return panel


def test_reg_enroll_with_a_card_in_at_most_seven_actions(qtbot, app_home, store, virtual_card, cups_queues):
    panel = _card_panel(qtbot, store, cups_queues.queue)
    assert panel.card_bridge is not None, panel.card_state
    panel.recent.add("reg_enroll")              # 参保登记 done earlier today: F1
    virtual_card.insert(CardProfile(name="王龑", social_security_number=HOLDER_ID), wait=False)
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == HOLDER_ID, timeout=10000)
    assert panel.applicant.edits["name"].text() == "王龑"
    assert "已读卡" in panel.card_state and HOLDER_ID not in panel.card_state   # masked

    clicks = Clicks(qtbot)                      # every key press from here on is one action
    clicks.key(Qt.Key.Key_F1)                   # the most recent service
    assert panel.service is not None and panel.service.code == "reg_enroll"
    assert panel.applicant.applicant_type() == "individual"        # the card said who applies
    assert "110105********002X" in panel.applicant.masked.text()
    clicks.key(Qt.Key.Key_F9)                   # 材料全部齐全
    clicks.key(Qt.Key.Key_F10)                  # 尚未参保: confirmed by the clerk
    assert panel.outcome.kind is OutcomeKind.accepted
    clicks.key(Qt.Key.Key_Return, CTRL)         # 提交受理审核 + 受理 (受理告知书 printed)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    while panel.case_view.case.state is CaseState.accepted:
        clicks.key(Qt.Key.Key_Return, CTRL)     # each step; after the last one 办结 and 归档 follow
        idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.archived, panel.last_message
    history = [h["action"] for h in panel.workflow.history(panel.case_view.case.id)]
    assert history == ["create", "submit", "accept", "complete", "archive"]
    assert clicks.count <= 7, clicks.count
    from counter_app.app_context import print_queue

    jobs = print_queue(panel.ctx).jobs()
    assert jobs and jobs[0].printer == cups_queues.queue and jobs[0].state != "failed"
    panel.shutdown()
    assert panel.card_bridge is None


def test_expired_card_warns_but_fills(qtbot, app_home, store, virtual_card):
    panel = _card_panel(qtbot, store)
    virtual_card.insert(CardProfile(expiry_date=date(2025, 6, 30)), wait=False)
    qtbot.waitUntil(lambda: panel.applicant.warning.text() != "", timeout=10000)
    assert "已过有效期" in panel.applicant.warning.text()
    assert panel.applicant.edits["id_number"].text() == HOLDER_ID
    panel.shutdown()


def test_reader_that_cannot_be_opened_shows_why_and_typing_still_works(qtbot, app_home, store, pcscd_service):
    ctx = make_ctx(store)
    ctx.settings.card.reader = "不存在的读卡器"
    panel = open_panel(qtbot, ctx, start_devices=True)
    qtbot.waitUntil(lambda: "读卡器：" in panel.card_state, timeout=10000)
    assert "未找到" in panel.card_label.text() and "不存在的读卡器" in panel.card_label.text()
    edit = panel.applicant.edits["name"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Zhang San")
    assert edit.text() == "Zhang San"
    panel.shutdown()
