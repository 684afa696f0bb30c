"""The window's note after the action that archives a case names its archive code (档号, 7.2.2)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.domain.case_engine import CaseState
from counter_app.paths import app_paths
from counter_app.printing.archive_package import archive_code_of
from tests.ui.test_workspace_flows import CTRL, Clicks, applicant_for, choose_type, decide_now, idle, open_panel, pick, type_applicant


def test_the_note_after_archiving_names_the_archive_code(qtbot, store, app_home):
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "窗口经办员01", "clerk", roles=("clerk",)))
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for("reg_enroll", "individual"))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    decide_now(clicks, qtbot, panel)
    for _ in range(6):
        if panel.case_view.case.state is CaseState.archived:
            break
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.archived
    code = archive_code_of(store, panel.case_view.case.case_no)
    assert code and f"档号 {code}" in panel.last_message
