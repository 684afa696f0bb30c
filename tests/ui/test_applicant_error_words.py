"""Why a typed number is not valid, in the English UI: beside the field, in the 审核结果 line and in
请先更正申请人信息 (ui.identifier_errors)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language
from tests.ui.test_workspace_flows import make_ctx, open_panel

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_typed_id_numbers_error_reads_english_and_rewords(qtbot, app_home, store, english_back):
    """The line beside 证件号码 (and 请先更正申请人信息 built from it) was identifiers' Chinese in the
    English UI; it is worded there now (ui.identifier_errors) and again on a language switch."""
    from PySide6.QtCore import Qt

    from tests.support.language import assert_rewords
    from tests.ui.test_workspace_flows import CTRL, Clicks, choose_type, idle, pick

    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        clicks = Clicks(qtbot)
        pick(clicks, panel, "cbdj", "reg_enroll")
        choose_type(panel, "individual")
        edit = panel.applicant.edits["id_number"]
        edit.setFocus()
        qtbot.keyClicks(edit, "110105196001010018")                  # wrong check character
        assert_rewords(qtbot, panel.applicant.errors["id_number"].text,
                       "校验位错误：第18位应为“7”，实际为“8”", "Wrong check character: character 18 should be “7”, it is “8”")
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: not HAN.search(panel.applicant.errors["id_number"].text()), timeout=3000)
        clicks.key(Qt.Key.Key_F9)                                     # every material ticked: an outcome
        clicks.key(Qt.Key.Key_F10)
        line = panel.outcome_text()
        assert "ID number: Wrong check character" in line and not HAN.search(line), line
        rows = {c.code: i for i, c in enumerate(panel.conditions.conditions)}
        note = panel.conditions.data(panel.conditions.index(rows["insured_id_valid"], 2))   # ui.condition_notes
        assert note == "The ID number is not valid: Wrong check character: character 18 should be “7”, it is “8”", note
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
        assert panel.case_view is None
        assert panel.last_message.endswith("ID number: Wrong check character: character 18 should be “7”, it is “8”"), \
            panel.last_message
        assert not HAN.search(panel.last_message), panel.last_message
    finally:
        panel.shutdown()
