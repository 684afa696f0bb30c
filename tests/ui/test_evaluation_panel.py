"""定期评价 tab (7.5.2): a supervisor's and an auditor's; offline it says the evaluation needs the centre
(the rows from the centre: tests/integration/test_evaluation_centre.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from counter_app.app_context import AppContext, UserSession
from counter_app.paths import app_paths
from counter_app.ui.evaluation_panel import EvaluationPanel
from counter_app.ui.main_window import panel_entries
from counter_app.workflows.evaluation import period_of
from counter_protocol.evaluation import Period
from tests.support.cases import settings_for


def _ctx(store, role: str) -> AppContext:
    return AppContext(settings=settings_for("http://127.0.0.1:9", "UI-EVAL"), paths=app_paths().ensure(), store=store,
                      user=UserSession(f"{role}01", f"{role}01", role, roles=(role,)))


def test_the_tab_is_a_supervisors_and_an_auditors(store):
    for role, shown in (("supervisor", True), ("auditor", True), ("clerk", False), ("admin", False), ("field", False)):
        assert ("EvaluationPanel" in [e[1] for e in panel_entries(_ctx(store, role))]) is shown, role


def test_offline_it_says_it_needs_the_centre(qtbot, store):
    panel = EvaluationPanel(_ctx(store, "supervisor"))       # never signed in to the centre here
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: "须联网" in panel.message.text(), timeout=10000)
    assert "离线" in panel.message.text() and panel.model.rowCount() == 0
    # a custom period that runs backwards is refused at once, in words, without asking anyone
    panel.period.setCurrentIndex(panel.period.findData("custom"))
    assert panel.start.isEnabled() and panel.end.isEnabled()
    panel.start.setDate(QDate(2026, 8, 31))
    panel.end.setDate(QDate(2026, 7, 1))
    panel.refresh()
    assert panel.message.text() == "评价期间的结束日期（2026-07-01）早于开始日期（2026-08-31）"


def test_the_periods_a_supervisor_picks():
    today = date(2026, 11, 18)
    assert period_of("this_month", today=today) == Period(date(2026, 11, 1), today)
    assert period_of("last_month", today=today) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert period_of("this_quarter", today=today) == Period(date(2026, 10, 1), today)
    assert period_of("custom", start=date(2026, 1, 1), end=date(2026, 3, 31)) == Period(date(2026, 1, 1),
                                                                                       date(2026, 3, 31))
