"""The case engine's refusals (TransitionRefused) in the clerk's language. Review: the engine's 55
refusals (办件当前状态为「…」，不能…, 尚有受理条件未确认：…, 请填写不予认定的理由…) were Chinese strings
and showed Chinese in the English workspace. A refusal is data now (domain.refusals.Refusal: the
Chinese as before, with its code and parameters) and the workspace words it through tr()
(ui.refusals), the state and outcome names too, again on a language switch."""

from __future__ import annotations

import re


from counter_app.domain.case_engine import CaseState
from tests.support.language import assert_rewords
from tests.ui.test_workspace_flows import MALE_1960, idle, make_ctx, open_panel

HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE = "办件当前状态为「受理审核」，不能办理受理后的步骤"
ENGLISH = "The case is “Acceptance review”; cannot do the steps after acceptance"


def _open_case_in_review(qtbot, panel) -> None:
    """A 参保登记 case submitted to 受理审核, opened in the workspace."""
    view = panel.workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    panel.workflow.submit(view.case.id)
    panel.open_case(view.case.id)
    qtbot.waitUntil(lambda: panel.case_view is not None)
    idle(qtbot, panel)


def test_a_state_refusal_reads_english_and_rewords_on_a_language_switch(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _open_case_in_review(qtbot, panel)
        assert panel.case_view.case.state is CaseState.review
        panel.record_step("register", "done", {})       # a step before the decision: the engine refuses
        idle(qtbot, panel)
        assert panel.last_message == CHINESE
        assert_rewords(qtbot, panel.message_label.text, CHINESE, ENGLISH)
    finally:
        panel.shutdown()


def test_a_refusal_after_the_switch_reads_english(qtbot, app_home, store, english):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _open_case_in_review(qtbot, panel)
        panel.record_step("register", "done", {})
        idle(qtbot, panel)
        assert panel.message_label.text() == ENGLISH, panel.message_label.text()
        assert not HAN.search(panel.last_message)
    finally:
        panel.shutdown()
