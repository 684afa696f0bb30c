"""立即同步 in the field window says what the round did: a visit the centre rejected is named (it
has to be visited again), a round that did not run says so instead of 「同步完成」, and an error
says the sync did not finish."""

from __future__ import annotations

import pytest

import counter_app.app_context as app_context
from counter_app.sync.worker import SyncReport
from tests.support.field_window import open_field_panel


@pytest.fixture
def panel(qtbot, store, app_home):
    p = open_field_panel(qtbot, store, "L-MSG")
    return p


def _sync(qtbot, panel, monkeypatch, report: SyncReport) -> str:
    monkeypatch.setattr(app_context, "sync_round", lambda ctx: report)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.sync_now()
    return panel.message.text()


def test_a_rejected_visit_is_named_after_the_round(qtbot, panel, monkeypatch):
    text = _sync(qtbot, panel, monkeypatch, SyncReport(online=True, pushed=2, synced=1, rejected=1))
    assert "同步完成" in text and "1" in text and "拒收" in text and "重新上门" in text


def test_a_clean_round_says_how_many_were_sent(qtbot, panel, monkeypatch):
    text = _sync(qtbot, panel, monkeypatch, SyncReport(online=True, pushed=3, synced=3))
    assert text.startswith("同步完成") and "3" in text and "拒收" not in text


def test_a_round_that_did_not_run_does_not_say_it_is_done(qtbot, panel, monkeypatch):
    skipped = "另一个同步进程正在运行（本工作站的另一窗口或命令），本次未同步"
    assert _sync(qtbot, panel, monkeypatch, SyncReport(skipped=skipped)) == skipped
    text = _sync(qtbot, panel, monkeypatch, SyncReport(needs_login=True, error="需要重新登录中心服务：登录已过期"))
    assert "同步完成" not in text and "未完成" in text and "重新登录" in text
