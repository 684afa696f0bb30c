"""The checklist's summary line (审核结果 … — 材料不齐全：n 项需补齐补正 …) in the clerk's language.
Review: the head of the line was worded through tr() but the sentence after it was composed Chinese
(ChecklistOutcome.summary) and stayed Chinese in the English workspace. It is data now
(counter_rules.checklist.ChecklistSentence: the Chinese as before, with a code and parameters) and
worded through tr() when shown, again on a language switch; the catalog's names inside stay."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.checklist import TickState
from counter_app.ui.i18n import install_language
from tests.ui.test_workspace_flows import Clicks, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import _prepare

HAN = re.compile(r"[\u4e00-\u9fff]")


def _summary(panel) -> str:
    return panel.outcome_label.text().split(" — ", 1)[1]


def test_the_summary_line_reads_english_and_rewords_on_a_language_switch(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        clicks = Clicks(qtbot)
        _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
        clicks.key(Qt.Key.Key_F9)
        pending = len(panel.outcome.pending_conditions)
        assert pending and _summary(panel) == f"尚有 {pending} 项受理条件待确认"             # Chinese by default
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: _summary(panel) == f"{pending} acceptance condition(s) still to be confirmed",
                        timeout=3000)
        clicks.key(Qt.Key.Key_F10)
        assert _summary(panel) == "Materials complete and the acceptance conditions met: may be accepted"
        panel.materials.set_state(0, TickState.missing)
        assert _summary(panel) == "Materials incomplete: 1 item(s) to complete or correct"
        assert not HAN.search(panel.outcome_label.text()), panel.outcome_label.text()
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: _summary(panel) == "材料不齐全：1 项需补齐补正", timeout=3000)
    finally:
        panel.shutdown()


def test_a_material_as_a_refusal_reason_reads_english(qapp, english):
    """A flow without 材料不齐全 (6.4.1.2.2): a missing material is a 不予受理 reason, named by the catalog."""
    from counter_app.domain.catalog import OutcomeKind
    from counter_app.domain.checklist import ChecklistOutcome, ChecklistSentence
    from counter_app.ui.refusals import summary_text

    outcome = ChecklistOutcome(OutcomeKind.not_eligible, None, reasons=(
        ChecklistSentence("material_missing", "居民身份证"),
        ChecklistSentence("material_defective", "居民身份证", "所提交材料不符合要求")))
    assert outcome.summary() == "不符合受理条件：居民身份证未提交；居民身份证不符合要求：所提交材料不符合要求"
    assert summary_text(outcome) == ("Acceptance conditions not met: 居民身份证 not submitted; 居民身份证 does not "
                                     "meet the requirements: the material submitted does not meet the requirements")
