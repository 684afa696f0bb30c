"""Workspace: a typo in the applicant's data is a state to correct, not a verdict — the outcome line
and the preview say 请更正申请人信息 (never 不予受理 while Ctrl+Enter refuses); the accepted preview
names the document that will actually be issued."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from tests.ui.test_workspace_flows import CTRL, MALE_1960, USCC, Clicks, choose_type, idle, make_ctx, open_panel, pick, type_applicant

BAD_ID = MALE_1960[:-1] + ("8" if MALE_1960[-1] != "8" else "9")      # wrong check digit
BAD_USCC = USCC[:-1] + "X"


@pytest.fixture
def ctx(app_home, store):
    return make_ctx(store)


@pytest.mark.parametrize("applicant_type, values, field", [
    ("individual", {"name": "李四", "id_number": BAD_ID, "phone": "13800138000"}, "id_number"),
    ("unit", {"unit_name": "测试公司", "credit_code": BAD_USCC}, "credit_code"),
])
def test_a_typo_in_the_applicant_asks_for_correction_not_a_rejection(qtbot, ctx, applicant_type, values, field):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, applicant_type)
    type_applicant(qtbot, panel, values)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.applicant.errors_text().get(field)          # the field says what is wrong
    line, preview = panel.outcome_text(), panel.preview.toPlainText()
    assert line.startswith("审核结果：请更正申请人信息") and "校验位" in line, line
    assert "不予受理" not in line and "不予受理" not in preview, preview
    assert preview.startswith("请更正申请人信息")
    assert "不符合受理条件" not in panel.customer_outcome_text()
    clicks.key(Qt.Key.Key_Return, CTRL)                      # still refused, in the same words
    idle(qtbot, panel)
    assert panel.case_view is None and "请先更正申请人信息" in panel.last_message
    # corrected: the checklist decides again
    edit = panel.applicant.edits[field]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, MALE_1960 if field == "id_number" else USCC)
    assert not panel.applicant.errors_text()
    assert panel.outcome.kind is OutcomeKind.accepted
    assert panel.outcome_text().startswith("审核结果：受理")
    assert panel.preview.toPlainText().startswith("受理告知书（预览）")


def test_accepted_preview_names_the_document_issued(qtbot, ctx):
    """一般缴费账户关系转入 issues a 《受理通知书》: the preview says so, not 受理告知书."""
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "一般缴费账户关系转入", "transfer_in")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"})
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted
    assert panel.preview.toPlainText().startswith("受理通知书（预览）")
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is not None and panel.case_view.case.state is CaseState.accepted, panel.last_message
    assert [d["kind"] for d in panel.documents] == ["acceptance_notification"]


def test_an_acceptance_that_issues_no_notice_previews_none(qtbot, ctx):
    """一般缴费账户关系转出's acceptance issues no document (catalog: document null, 6.4.1.2.2), yet the
    preview read 受理告知书（预览） beside a case that printed nothing."""
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "一般缴费账户关系转出", "transfer_out")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"})
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted and panel.outcome.document is None
    preview = panel.preview.toPlainText()
    assert preview.startswith("受理（本事项受理时不出具告知书）") and "告知书（预览）" not in preview, preview
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is not None and panel.case_view.case.state is CaseState.accepted, panel.last_message
    assert panel.documents == []
