"""The sync process applies the centre's updates in its own process: the window learns of them on
its status poll, the lists refresh and the open case reloads with what the centre decided."""

from __future__ import annotations

import pytest

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow
from counter_app.workflows import inbox
from tests.support.cases import NOW, transfer_case
from tests.support.cases import pulled_update as pulled

@pytest.fixture
def window(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    yield w
    w._status_timer.stop()
    for panel in w.panels:
        getattr(panel, "shutdown", lambda: None)()


def test_a_received_info_sheet_reloads_the_open_case_and_a_refusal_is_shown_on_its_step(qtbot, window, store):
    cid = transfer_case(store, ("letter_generated", "letter_sent", "sheet_awaited"))
    workspace = window.panels[0]
    workspace.open_case(cid)
    qtbot.waitUntil(lambda: workspace.case_view is not None and workspace.case_view.case.id == cid, timeout=5000)
    assert workspace.case_view.next_step == "sheet_received"

    # the sync process (another process in real life) pulls and applies the centre's 信息表
    pulled(store, 1, cid, {"sheet": {"sheet_no": "XX-1"}, "posted_by": "supervisor01"})
    assert [a.cursor for a in inbox.apply_pending(store, actor="clerk01", now=lambda: NOW).applied] == [1]
    with qtbot.waitSignal(window.events.centre_updated, timeout=5000) as got:
        window.refresh_status()
    assert got.args == [cid]
    qtbot.waitUntil(lambda: workspace.case_view.next_step == "sheet_reviewed", timeout=5000)
    assert "中心" in window.status.currentMessage()
    steps_text = [workspace.steps.list.item(i).text() for i in range(workspace.steps.list.count())]
    assert any(t.startswith("✓") and "收到" in t for t in steps_text)

    # the supervisor refuses the sheet at the centre: the step says so, with the reason
    pulled(store, 2, cid, {"escalation": "info_sheet_review", "decision": "refused", "step_code": "sheet_reviewed",
                           "reason": "缴费年限与档案不符", "posted_by": "supervisor01"}, kind="case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    with qtbot.waitSignal(window.events.centre_updated, timeout=5000):
        window.refresh_status()
    qtbot.waitUntil(lambda: "缴费年限与档案不符" in " ".join(
        workspace.steps.list.item(i).text() for i in range(workspace.steps.list.count())), timeout=5000)
    # nothing new at the centre: the next poll announces nothing
    with qtbot.assertNotEmitted(window.events.centre_updated, wait=300):
        window.refresh_status()


def test_a_catalog_the_centre_published_replaces_the_shipped_one_for_the_next_case(qtbot, window, store):
    from counter_app.reference.catalog import default_catalog
    from tests.support.cases import centre_catalog, pulled_reference

    workspace = window.panels[0]
    qtbot.waitUntil(lambda: workspace.catalog is not None, timeout=5000)
    assert workspace.catalog is default_catalog()
    pulled_reference(store, "catalog", centre_catalog("2099.5"), "v7-ffff")   # the sync process pulled it
    with qtbot.waitSignal(window.events.reference_updated, timeout=5000) as got:
        window.refresh_status()
    assert got.args == ["catalog"]
    qtbot.waitUntil(lambda: workspace.catalog.version == "2099.5", timeout=5000)
    workspace.pick_service("reg_enroll")
    assert workspace.service.materials[0].name == "参保登记表（中心新版）"
    with qtbot.assertNotEmitted(window.events.reference_updated, wait=300):
        window.refresh_status()                                  # the same version is not news


def test_the_windows_first_frame_resumes_the_paused_collector(qtbot, app_home, store, monkeypatch):
    """Start-up runs without collections (counter_app.heap.pause_collection); the main window's
    first frame turns them back on, with start-up's objects frozen out of their walks."""
    import gc

    from counter_app import heap

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(heap, "_settled_at", None)
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    heap.pause_collection()
    try:
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        assert not heap.collecting()
        w.show()
        qtbot.waitUntil(heap.collecting, timeout=5000)
        assert gc.get_freeze_count() > 0
        w._status_timer.stop()
        for panel in w.panels:
            getattr(panel, "shutdown", lambda: None)()
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_certification_the_centre_refused_is_told_with_its_case_number(qtbot, window, store, central_sqlite_client):
    """The sync process follows a 资格认证 the centre refused (the notice voided): the window's next
    status poll names the 办件编号 and asks the clerk to recover the notice from the pensioner; the
    待同步 details say the same of the refused entry."""
    from sqlalchemy import select

    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.ui.outbox_panel import OutboxPanel
    from counter_app.workflows.case_queries import outbox_entry_details
    from tests.support.cases import man_born_1960
    from tests.unit.sync.test_certification_centre_outcomes import refused_certification

    counter, cid = refused_certification(store, central_sqlite_client, man_born_1960(104), "褚测试")
    case_no = counter.cases.get(cid).case.case_no
    assert counter.sync().certifications_refused                 # the sync process, in real life
    with qtbot.waitSignal(window.events.centre_updated, timeout=5000) as got:
        window.refresh_status()
    assert got.args == [cid]
    said = window.status.toolTip() or window.status.currentMessage()
    assert case_no in said and "资格认证" in said and "收回告知单" in said, said
    with qtbot.assertNotEmitted(window.events.centre_updated, wait=300):
        window.refresh_status()                                  # told once

    with store.session() as s:
        seq = s.scalars(select(OutboxEntry.seq).where(OutboxEntry.kind == "certification.recorded")).one()
    panel = OutboxPanel(window.ctx, window.events)
    qtbot.addWidget(panel)
    text = panel.details_text(outbox_entry_details(store, seq))
    assert case_no in text and "须向本人收回告知单" in text and "不要重试" in text, text
