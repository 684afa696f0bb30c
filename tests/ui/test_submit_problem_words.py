"""What the workspace lists when 提交 is refused, in the clerk's language. Review: the problems
(请填写参保人姓名, 请选择「…」的办理情形 …) were composed Chinese strings and showed Chinese in the
English workspace. Each is data now (domain.refusals.Refusal / counter_rules.catalog.SelectionProblem:
the Chinese as before, with a code and parameters) and worded through tr() when shown, again on a
language switch."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language
from tests.support.language import assert_rewords
from tests.ui.test_workspace_flows import CTRL, Clicks, idle, make_ctx, open_panel, pick

HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE = "不能提交：请选择「变更登记」的办理情形；请填写参保人姓名；请填写参保人证件号码"
ENGLISH = ("Cannot submit: Choose the circumstance of “Change registration”; Enter the insured person's name; "
           "Enter the insured person's ID number")


def _submit_empty(qtbot, panel) -> None:
    """变更登记 for a person, no circumstance chosen, nothing typed: Ctrl+Enter."""
    clicks = Clicks(qtbot)
    pick(clicks, panel, "bgdj", "reg_change")
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is None


def test_submit_problems_read_english_and_reword_on_a_language_switch(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _submit_empty(qtbot, panel)
        assert panel.last_message == CHINESE
        assert_rewords(qtbot, panel.message_label.text, CHINESE, ENGLISH)
    finally:
        panel.shutdown()


def test_submit_problems_after_the_switch_read_english(qtbot, app_home, store, english):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _submit_empty(qtbot, panel)
        assert panel.message_label.text() == ENGLISH, panel.message_label.text()
        assert not HAN.search(panel.last_message)      # the catalog's name too (catalog_en.ts)
    finally:
        panel.shutdown()


def test_a_selection_problem_keeps_its_chinese_and_its_data():
    from counter_app.reference.catalog import load_catalog

    service = load_catalog().get("reg_enroll")
    problems = service.validate_selection("survivor", [])
    assert problems and problems[0].code == "type_not_accepted"
    assert problems[0] == f"「{service.name}」不接受遗属申请，可申请的对象：" + "、".join(
        {"unit": "参保单位", "individual": "参保人", "agent": "代办人", "survivor": "遗属"}[t]
        for t in service.applicant_types)


def test_a_list_of_applicant_types_reads_english(qapp, english):
    from counter_app.ui.refusals import refusal_text
    from counter_rules.catalog import SelectionProblem

    text = refusal_text(SelectionProblem("type_not_accepted", "参保登记", "遗属", "参保单位、参保人"))
    assert text == "“Enrolment registration” does not accept an application by: Survivor (who may apply: Employer, Insured person)"


def test_the_engines_submit_refusal_words_each_problem(app_home, store, english_back):
    """The engine's 不能提交受理审核：… (a submission by the CLI's workflow, or a stored draft) lists the
    same problems as one parameter that keeps each (domain.refusals.Joined)."""
    from datetime import datetime

    import pytest

    from counter_app.ui.refusals import refusal_text
    from counter_app.workflows.cases import CaseWorkflow, TransitionRefused

    workflow = CaseWorkflow(store, actor="clerk01", clerk_name="张经办", office="福田分局", office_code="FT",
                            workstation_id="FT-W01", now=lambda: datetime(2026, 3, 2, 10, 0))
    view = workflow.create("reg_enroll", "individual", applicant={})
    with pytest.raises(TransitionRefused) as refused:
        workflow.submit(view.case.id)
    chinese = "不能提交受理审核：请填写参保人姓名；请填写参保人证件号码"
    assert str(refused.value) == refusal_text(refused.value.reason) == chinese       # the CLI's words, unchanged
    assert install_language(QApplication.instance(), "en")
    assert refusal_text(refused.value.reason) == ("Cannot submit for acceptance review: Enter the insured person's "
                                                  "name; Enter the insured person's ID number")
