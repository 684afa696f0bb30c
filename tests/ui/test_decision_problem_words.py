"""The 核定 form's problems in the clerk's language. Review: what the typed 核定 form lists when a
figure is missing or wrong (请填写…, …应为数字, 核定缴费基数、单位缴费、个人缴费尚未算出…) was composed
Chinese, in the form's error line and in the workspace's 核定数据不完整或有误 message. Each problem is
data now (counter_rules.decision_data.DecisionProblem: the Chinese as before, with a code and
parameters) and worded through tr() when shown, again on a language switch; a field's label is the
catalog's and stays as the catalog gives it; the rules' notes with figures may stay Chinese."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language
from tests.ui.test_workspace_decision_form import _contribution_form, type_into
from tests.ui.test_workspace_flows import CTRL, idle

HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE = "核定缴费基数、单位缴费、个人缴费尚未算出，不能确定缴费金额：请按规则计算的提示处理，或由经办人填写"
ENGLISH = ("Not yet calculated: assessed contribution base, employer contribution, individual contribution; "
           "the contribution amounts cannot be set: follow the rules' calculation note, or have the clerk enter them")


def test_the_forms_problems_read_english_and_reword_on_a_language_switch(qtbot, app_home, store, english_back):
    """No parameter in force for the period: the amounts are not computed and Ctrl+Enter refuses.
    费款所属期 2024-06: before the first floor and rates the default parameters hold (the 2025-07
    floor has no end now, as policy.md gives none)."""
    panel, clicks = _contribution_form(qtbot, store, {"contributions": {"period": "2024-06"}}, date(2026, 12, 4))
    try:
        form = panel.decision_form
        type_into(qtbot, panel, "contributions.declared_base", "8000")
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
        assert form.error.text() == CHINESE                                           # Chinese by default
        assert panel.last_message == "核定数据不完整或有误：" + CHINESE
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: form.error.text() == ENGLISH, timeout=3000)
        qtbot.waitUntil(lambda: panel.last_message == "Assessment data incomplete or invalid: " + ENGLISH, timeout=3000)
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: form.error.text() == CHINESE, timeout=3000)
        assert panel.last_message == "核定数据不完整或有误：" + CHINESE
    finally:
        panel.shutdown()


def test_a_fields_problems_read_english_with_the_catalogs_label(qapp, english):
    from counter_app.ui.refusals import problems_text
    from counter_rules.decision_data import DecisionField, check

    money = DecisionField("pension.transitional", "过渡性养老金", "money", min=None, max=None)
    month = DecisionField("contributions.period", "费款所属期", "month")
    problems = [check(money, "")[1], check(money, "abc")[1], check(money, "1.234")[1], check(month, "2026-13")[1]]
    assert problems == ["请填写过渡性养老金", "过渡性养老金应为数字", "过渡性养老金最多到分（两位小数）",
                        "费款所属期应为年月，如 2026-04"]                                   # the Chinese as before
    assert problems_text(problems) == ("Enter the Transitional pension; Transitional pension must be a number; "
                                       "Transitional pension goes to the cent at most (two decimals); "
                                       "Contribution period must be a year and month, e.g. 2026-04")


PENDING_CHINESE = "待其他数据填齐后计算：个人缴费、单位缴费、核定缴费基数、缴费合计"
PENDING_ENGLISH = ("Calculated once the other data are filled in: Individual contribution, Unit contribution, "
                   "Assessed contribution base, Total contribution")


def test_the_rules_notes_read_english_and_reword_on_a_language_switch(qtbot, app_home, store, english_back):
    """Review: 待其他数据填齐后计算：… stayed Chinese under the English 核定 form. The note is data now
    (counter_rules.decision_data.DecisionNote), each field named as the form labels it."""
    from tests.support.language import assert_rewords

    panel, _clicks = _contribution_form(qtbot, store, {}, date(2026, 3, 2))
    try:
        assert_rewords(qtbot, panel.decision_form.notes.text, PENDING_CHINESE, PENDING_ENGLISH)
    finally:
        panel.shutdown()


def test_a_failed_calculation_says_so_without_the_exception_and_logs_it(qtbot, app_home, store, english_back,
                                                                        monkeypatch, caplog):
    """Review: 规则计算暂不能完成：<the exception's text> showed Python's or the rules' raw message. The
    note says the calculation failed and what to do; the exception goes to the log, once."""
    import logging

    from counter_rules import decision_data

    def broken(values, ctx, notes):
        raise decision_data.InvalidOperation("[<class 'decimal.ConversionSyntax'>]")

    panel, _clicks = _contribution_form(qtbot, store, {}, date(2026, 3, 2))
    try:
        monkeypatch.setitem(decision_data.CALCULATORS, "contribution", broken)
        form = panel.decision_form
        with caplog.at_level(logging.WARNING, logger="counter_app.ui.workspace.decision_form"):
            type_into(qtbot, panel, "contributions.declared_base", "8000")
        logged = [r for r in caplog.records if "ConversionSyntax" in r.getMessage()]
        assert len(logged) == 1 and logged[0].exc_info is not None
        assert form.notes.text() == "规则计算暂不能完成：请核对已填写的数据，或由经办人填写计算结果"
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: form.notes.text() == "The rules cannot complete the calculation: check the data "
                                                     "entered, or have the clerk enter the results", timeout=3000)
        assert "ConversionSyntax" not in form.notes.text()
    finally:
        panel.shutdown()
