"""The workspace after the 1366×768 review: the steps list shows every step without a horizontal
scrollbar, a case that ended without acceptance shows its handling steps as not applicable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from tests.ui.test_workspace_flows import (Clicks, applicant_for, choose_type, decide_now, facts_for, make_ctx,
                                           open_panel, pick, type_applicant)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def ctx(app_home, store):
    return make_ctx(store)


def accepted_panel(qtbot, ctx, code: str = "reg_enroll"):
    panel = open_panel(qtbot, ctx)
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get(code).name, code)
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for(code, "individual"))
    panel.set_facts(facts_for(code))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted, panel.outcome.summary()
    decide_now(clicks, qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    return panel


def test_a_long_waiting_step_is_cut_after_two_lines_and_every_step_row_is_seen(qtbot, ctx):
    """Review (1366×768, 待审批 on a step): a horizontal scrollbar hid the last of three rows.
    The current step's row wraps to two lines at most (English cut its name: issue 16), the others
    are one line; each cut to the list's width with the whole text in the tooltip."""
    from counter_app.ui.workspace.steps import _lines

    panel = accepted_panel(qtbot, ctx)
    panel.resize(1366 - 40, 700)
    steps = panel.steps
    code = panel.case_view.next_step
    long = "待审批：申请待遇核定（补发或金额超过限额）：补发 8 个月、一次性支付 38,598.48 元（须科长审批）" * 2
    from counter_app.ui.workspace.ops import StepWaiting

    steps.waiting = {code: StepWaiting("refused", by="李科长", reason=long)}
    steps.show_view(panel.case_view)
    qtbot.wait(50)
    lst = steps.list
    assert lst.count() >= 1
    assert not lst.horizontalScrollBar().isVisible()
    row = next(lst.item(i) for i in range(lst.count()) if long in lst.item(i).toolTip())
    assert row.text().endswith("…") and long not in row.text()
    width = lst.viewport().width()
    assert _lines(lst.fontMetrics(), row.text(), width - 8) == 2                 # wrapped, two lines
    assert lst.visualItemRect(row).height() >= 2 * lst.fontMetrics().lineSpacing()
    assert all(lst.fontMetrics().horizontalAdvance(lst.item(i).text()) <= width + 4
               for i in range(lst.count()) if lst.item(i) is not row)
    rows = sum(lst.sizeHintForRow(i) for i in range(lst.count()))
    assert lst.viewport().height() >= rows, (lst.viewport().height(), rows)   # no row hidden
    panel.resize(1600 - 40, 900)                                                # wider: less cut
    qtbot.waitUntil(lambda: len(row.text()) > 0 and lst.viewport().width() > width, timeout=2000)
    assert row.toolTip().startswith(row.text().rstrip("…")[:-1])


def test_the_current_step_label_is_one_whole_line(qtbot, ctx):
    """English: "Current step: …" wrapped at 1366×768 and, the column being full, its second line
    was cut off. It is one line now, elided to its width, the whole text in its tooltip."""
    from counter_app.ui.workspace import steps as pages

    panel = accepted_panel(qtbot, ctx)
    panel.resize(1366 - 40, 380)                 # a crowded column (the 核定 form below, a banner above)
    steps = panel.steps
    assert steps.current_page() == pages.SIMPLE
    label = steps.simple_label
    long = "Current step: Issue the 《Shenzhen enterprise employees' basic pension approval decision》 (6.6.1.1.1.2) " * 2
    label.set_full_text(long)
    qtbot.wait(100)
    assert label.toolTip() == long and label.text() != long and label.text().endswith("…")
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert label.height() >= label.fontMetrics().height()           # the one line is seen whole


def test_a_refused_case_names_its_approver_and_its_steps_do_not_apply(qtbot, ctx):
    """Review: after 现场授权 the note said "负责人 supervisor01 现场已批准…" (the login id, a
    hard-coded Chinese f-string), and a 不予受理 case listed 办理参保登记/办理参保缴费 as open ○
    steps. Now the supervisor's name, through tr(); the steps are marked 不适用."""
    from tests.ui.test_workspace_outcomes import approve_refusal_on_site, refuse_enrolment

    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    refuse_enrolment(qtbot, panel, clicks)
    texts = [panel.steps.list.item(i).text() for i in range(panel.steps.list.count())]
    assert texts and not any(t.startswith("○") for t in texts), texts          # not open before 受理
    approve_refusal_on_site(qtbot, panel, ctx)
    assert panel.last_message.startswith("负责人 李科长 现场批准：核实已参保"), panel.last_message
    assert "supervisor01" not in panel.last_message
    lst = panel.steps.list
    texts = [lst.item(i).toolTip() or lst.item(i).text() for i in range(lst.count())]
    assert len(texts) == 2 and all(t.startswith("—") and "不适用" in t for t in texts), texts
    assert "不适用" in panel.steps.note.text()


def test_on_site_decision_text_is_translated(qtbot):
    from counter_app.ui.i18n import install_language
    from counter_app.ui.workspace.ops import on_site_decision_text
    from PySide6.QtWidgets import QApplication

    assert install_language(QApplication.instance(), "en")
    try:
        text = on_site_decision_text("李科长", "rejected", "材料不实")
        assert "李科长" in text and "材料不实" in text and "负责人" not in text and "驳回" not in text, text
    finally:
        install_language(QApplication.instance(), "zh_CN")
