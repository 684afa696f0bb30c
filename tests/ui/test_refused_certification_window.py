"""A window certification the centre refused while no window was open (a `counter-app sync`, or before
the window started) is announced when the window starts: the status bar names the 办件编号 and says
to recover the notice, the 办件 list marks the case, and the clerk acknowledges it there (Ctrl+K,
audited); a window started afterwards has nothing left to announce. The real centre, in-process."""

from __future__ import annotations

from sqlalchemy import select

from counter_app.ui import dialogs
from counter_app.ui.cases_panel import CasesPanel
from counter_app.ui.main_window import MainWindow
from tests.support.cases import man_born_1960
from tests.ui.test_workspace_flows import make_ctx
from tests.unit.sync.test_certification_centre_outcomes import refused_certification


def _cases_panel(window: MainWindow) -> CasesPanel:
    [panel] = [p for p in window.panels if isinstance(p, CasesPanel)]
    return panel


def _row(panel: CasesPanel, case_id: str):
    return next((r for r in panel.model.rows if r.id == case_id), None)


def test_a_refusal_followed_before_the_window_started_is_announced_and_acknowledged(
        qtbot, app_home, store, central_sqlite_client, monkeypatch):
    from counter_app.storage.tables_audit import AuditRow

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    counter, cid = refused_certification(store, central_sqlite_client, man_born_1960(105), "蒋测试")
    case_no = counter.cases.get(cid).case.case_no
    counter.sync()                                           # a background / CLI sync: no window open

    window = MainWindow(make_ctx(store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.refused_certifications is not None, timeout=15000)
    assert [r.case_no for r in window.refused_certifications] == [case_no]
    said = window.status.currentMessage() + window.status.toolTip()
    assert case_no in said and "被中心拒收" in said and "收回告知单" in said

    panel = _cases_panel(window)
    window.show_panel(panel)
    panel.set_filter("all")
    qtbot.waitUntil(lambda: _row(panel, cid) is not None, timeout=15000)
    row = _row(panel, cid)
    index = panel.model.index(panel.model.rows.index(row), panel.model.COLUMNS.index("state"))
    assert "资格认证被中心拒收，待确认" in panel.model.data(index)
    panel.table.setCurrentIndex(index)
    assert panel.ack_button.isVisibleTo(panel) and panel.action_acknowledge.isEnabled()
    panel.action_acknowledge.trigger()                       # Ctrl+K, confirmed
    qtbot.waitUntil(lambda: _row(panel, cid) is not None and not _row(panel, cid).certification_refused,
                    timeout=15000)
    with store.session() as s:
        [audit] = s.scalars(select(AuditRow).where(AuditRow.action == "certification.refusal_acknowledged")).all()
    assert audit.actor == "clerk01" and audit.object_id == case_no
    window.shutdown()

    again = MainWindow(make_ctx(store))                      # the next sign-in: nothing left to announce
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.refused_certifications is not None, timeout=15000)
    assert again.refused_certifications == [] and "被中心拒收" not in again.status.currentMessage()
    again.shutdown()
