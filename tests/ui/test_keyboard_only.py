"""A clerk (or a supervisor) without a mouse: key events on the real widgets, as a keyboard-only
tester drove the window (tester report "keyboard", 6 defects).

- the 核定数据 form is in the Tab ring and has the focus when its step opens;
- one F5 in the window: it refreshes the panel in front (审批 had its own F5 too: ambiguous, nothing ran);
- F10 / Space on conditions waiting for the record: they say what is needed, and the refusal of
  Ctrl+Enter promises no key that does nothing; a record fact accepted offline is confirmed row by row;
- Tab follows the documented order, with no empty stops on scroll areas;
- the 审批 menu has its Alt mnemonic;
- after each Ctrl+Enter the focus is on the next control to use.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.domain.case_engine import CaseState
from counter_app.paths import app_paths
from counter_app.ui import dialogs
from counter_app.ui.main_window import MainWindow
from counter_app.ui.workspace import steps as step_pages
from tests.ui.test_workspace_decision_form import CASES, TODAY, open_form
from tests.ui.test_workspace_flows import (CTRL, Clicks, choose_type, idle, make_ctx, open_panel,
                                           pick, type_applicant)

TAB = Qt.Key.Key_Tab


def focused():
    return QApplication.focusWidget()


def tab_walk(clicks, steps: int) -> list:
    out = []
    for _ in range(steps):
        clicks.key(TAB)
        out.append(focused())
    return out


def _pension_draft(qtbot, store, facts=None):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False, today=lambda: TODAY)
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get("pension").name, "pension")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, CASES["pension"][1])             # whom the 核定 figures of CASES fit
    if facts is not None:
        panel.set_facts(facts)
    return panel, clicks


# ---------------------------------------------------------------- 1. the 核定数据 form

def test_the_decision_form_has_the_focus_when_it_opens_and_is_in_the_tab_ring(qtbot, app_home, store):
    applicant_type, applicant, facts, _typed = CASES["pension"]
    panel, clicks = open_form(qtbot, store, "pension", applicant_type, applicant, facts)
    form = panel.decision_form
    editors = list(form.editors.values())
    assert focused() is editors[0], focused()          # was: 打印当前文书 (a careless Enter printed)
    # Tab from the step's button walks every field, then the print buttons
    panel.steps.btn_done.setFocus()
    walked = tab_walk(clicks, len(editors) + 1)
    assert walked[:len(editors)] == editors
    assert walked[-1] is panel.btn_pdf
    # and Shift+Tab comes back into the form from 预览PDF
    clicks.key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is editors[-1]


# ---------------------------------------------------------------- 4. Tab order

def test_tab_follows_the_documented_order_without_empty_stops(qtbot, app_home, store):
    panel, clicks = _pension_draft(qtbot, store)
    panel.focus_search()
    ring = [focused(), *tab_walk(clicks, 40)]
    ring = ring[:ring.index(panel.picker.search, 1)]            # once round
    assert not [w for w in ring if isinstance(w, QScrollArea)], ring      # applicantScroll was a stop
    order = [panel.picker.search, panel.picker.tree, panel.applicant.type_combo, panel.applicant.edits["name"],
             panel.applicant.edits["address"], panel.materials_view, panel.btn_all_present, panel.btn_confirm,
             panel.conditions_view, panel.btn_decide, panel.btn_pdf, panel.btn_print, panel.preview_tabs.tabBar(),
             panel.preview]
    assert [w for w in ring if w in order] == order
    # after 受理: decide → the step's controls → the print buttons (they came before the steps)
    panel.set_facts(CASES["pension"][2])
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    panel.btn_decide.setFocus()
    steps = panel.steps
    assert tab_walk(clicks, 5) == [steps.btn_fp_consent, steps.btn_capture, steps.fp_reason, steps.btn_no_prints,
                                   panel.btn_pdf]


# ---------------------------------------------------------------- 6. focus after each action

def test_after_each_ctrl_enter_the_focus_is_on_the_next_control(qtbot, app_home, store):
    panel, clicks = _pension_draft(qtbot, store, CASES["pension"][2])
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)                                  # 受理
    idle(qtbot, panel)
    steps = panel.steps
    assert steps.current_page() == step_pages.FINGERPRINT
    assert focused() is steps.btn_fp_consent, focused()                # was: the read-only conditions table
    panel.record_step(panel.case_view.next_step, "done", {"template_ref": "fp-template-ui"})
    idle(qtbot, panel)
    assert steps.current_page() == step_pages.SIMPLE and not panel.decision_form.active
    assert focused() is steps.btn_done
    clicks.key(Qt.Key.Key_Return, CTRL)                                   # 审核申请材料
    idle(qtbot, panel)
    form = panel.decision_form
    assert form.active and focused() is next(iter(form.editors.values()))
    for code, text in CASES["pension"][3].items():
        editor = form.editors[code]
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClicks(editor, text)
    clicks.key(Qt.Key.Key_Return, CTRL)                                   # the decision, over the amount: 待审批
    idle(qtbot, panel)
    if "待审批" in (panel.last_message or ""):
        from tests.ui.test_workspace_outcomes import _supervisor_was_here

        _supervisor_was_here(panel.ctx, "director01", "director01-demo", level=2)
        panel.authorise_on_site("director01", "director01-demo", True, "核定无误")
        idle(qtbot, panel)
    assert steps.current_page() == step_pages.FINAL and steps.btn_complete.isVisible(), panel.last_message
    assert focused() is steps.btn_complete                              # was: 预览PDF
    clicks.key(Qt.Key.Key_Return, CTRL)                                   # 办结 (and 归档)
    idle(qtbot, panel)
    if panel.case_view.case.state is not CaseState.archived:
        assert focused() is steps.btn_archive
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.archived
    assert focused() is panel.picker.search                             # was: the preview's tab bar


# ---------------------------------------------------------------- 3. F10 / Space and the record

def test_conditions_waiting_for_the_record_say_so_and_no_key_is_promised(qtbot, app_home, store):
    """No registry on this workstation and no record facts: the record's conditions wait. Space and
    F10 said nothing and changed nothing, while Ctrl+Enter advised exactly those keys."""
    panel, clicks = _pension_draft(qtbot, store)
    conditions = panel.conditions
    assert conditions.locked, "the record's conditions should wait for facts"
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_K, CTRL)
    assert focused() is panel.conditions_view
    row = next(i for i, c in enumerate(conditions.conditions) if c.code in conditions.locked)
    panel.conditions_view.setCurrentIndex(conditions.index(row, 0))
    panel.last_message = ""
    clicks.key(Qt.Key.Key_Space)
    assert conditions.data(conditions.index(row, 1)) == "待确认"
    assert "须查询参保档案" in panel.last_message and "不能按键确认" in panel.last_message
    panel.last_message = ""
    clicks.key(Qt.Key.Key_F10)
    assert "F10 不确认档案才能说明的事实" in panel.last_message
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is None
    message = panel.last_message
    assert message.startswith("尚有受理条件待确认：")
    locked_names = [c.text for c in conditions.conditions if c.code in conditions.locked]
    assert all(name in message for name in locked_names)
    assert "F10" not in message and "不能按键确认" in message, message    # no key promised for them


def test_a_record_fact_accepted_offline_is_confirmed_row_by_row_not_by_f10(qtbot, app_home, store):
    """变更登记 offline without the record: 已参保登记 may be accepted provisionally (the catalog allows
    it), by the clerk's own confirmation of that row — F10 confirms the clerk's judgments only
    (user guide §4: 不会确认档案才能说明的事实)."""
    panel = open_panel(qtbot, make_ctx(store), auto_print=False, today=lambda: TODAY)
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get("reg_change").name, "reg_change")
    choose_type(panel, "individual")
    panel.applicant.set_variants(("person.mobile",))
    type_applicant(qtbot, panel, {"name": "孙丽", "id_number": "440303199503031748"})
    panel.set_facts({"registry": {"state": "none"}})                     # asked: offline, no cache
    conditions = panel.conditions
    row = [c.code for c in conditions.conditions].index("registered")
    assert "registered" in panel.outcome.pending_conditions
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert conditions.answers.get("registered") is None                # was: confirmed with the rest
    assert "逐条按空格确认" in panel.last_message
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is None and "逐条按空格确认" in panel.last_message
    clicks.key(Qt.Key.Key_K, CTRL)
    panel.conditions_view.setCurrentIndex(conditions.index(row, 0))
    clicks.key(Qt.Key.Key_Space)                                          # the clerk's own confirmation
    assert conditions.answers.get("registered") is True
    assert "registered" not in panel.outcome.pending_conditions
    assert panel.outcome.decided, panel.outcome.pending_conditions


# ---------------------------------------------------------------- 2 and 5. the window: F5, menus

@pytest.fixture
def supervisor_window(qtbot, app_home, store, monkeypatch):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("supervisor01", "科长", "supervisor", roles=("supervisor", "clerk")))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    yield w
    w._status_timer.stop()


def test_f5_in_the_approvals_tab_refreshes_its_queue(qtbot, supervisor_window, monkeypatch):
    from counter_app.ui.approvals_panel import ApprovalsPanel

    window = supervisor_window
    calls = defaultdict(int)
    monkeypatch.setattr(ApprovalsPanel, "refresh", lambda self: calls.__setitem__("queue", calls["queue"] + 1))
    monkeypatch.setattr(MainWindow, "refresh_status", lambda self: calls.__setitem__("status", calls["status"] + 1))
    approvals = next(p for p in window.panels if isinstance(p, ApprovalsPanel))
    window.show_panel(approvals)
    approvals.table.setFocus()
    qtbot.waitUntil(lambda: focused() is approvals.table)
    calls.clear()
    qtbot.keyClick(focused(), Qt.Key.Key_F5)
    assert calls == {"queue": 1, "status": 1}                # was: ambiguous F5, neither ran


def test_no_two_shortcuts_of_the_window_clash(supervisor_window):
    """Qt runs neither of two actions bound to one key in the same context (Ambiguous shortcut)."""
    window = supervisor_window
    assert window.panels                                    # every panel built, with its actions
    by_key: dict[str, list[QAction]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty():
                by_key[seq.toString()].append(action)
    clashes = []
    for key, actions in by_key.items():
        wide = [a for a in actions if a.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                                             Qt.ShortcutContext.ApplicationShortcut)]
        owners = [a.parent() for a in actions if a not in wide]
        if (wide and len(actions) > 1) or len(owners) != len(set(owners)):
            clashes.append((key, [a.objectName() or a.text() for a in actions]))
    assert clashes == []


def test_the_approvals_menu_has_its_alt_mnemonic(qtbot, supervisor_window, english_back):
    window = supervisor_window

    def titles():
        return [a.text() for a in window.menuBar().actions() if not a.isSeparator()]

    assert "审批(&A)" in titles()
    assert all("&" in t for t in titles()), titles()
    assert window.switch_language("en")
    qtbot.waitUntil(lambda: "&Approval" in titles())
    letters = [t[t.index("&") + 1].lower() for t in titles()]
    assert len(set(letters)) == len(letters), titles()


def test_no_scroll_area_of_the_workspace_is_a_tab_stop(qtbot, app_home, store):
    panel, _clicks = _pension_draft(qtbot, store)
    stops = [w for w in panel.findChildren(QAbstractScrollArea)
             if type(w).__name__ in ("FittedScrollArea", "_RowsScroll") and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == []
