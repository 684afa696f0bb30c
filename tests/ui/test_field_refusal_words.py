"""The field window's refusals (上门认证: FieldError) in the clerk's language. Review: the field worker's
messages (请先核实上门地址, 两名工作人员必须是不同的人 …) were Chinese strings and showed Chinese in the
English UI, and a message on show stayed in its language after a switch. Each is data now (a
domain.refusals.Refusal: the Chinese as before, with a code and parameters), worded through tr()
when shown and again on a language switch."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language
from tests.ui.test_field_panel_form import _select, panel  # noqa: F401  (the fixture)

HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE = "操作未完成：请先核实上门地址"


def test_a_field_refusal_reads_english_and_rewords_on_a_language_switch(qtbot, panel, english_back):  # noqa: F811
    _select(panel, "王")
    panel.second = ("field02", "online")            # the second staff member signed in; the address not confirmed
    panel.result.setCurrentIndex(panel.result.findData("moved_away"))   # each person's result starts at 请选择
    with qtbot.waitSignal(panel.failed, timeout=15000) as refused:
        panel.save()
    assert refused.args == [CHINESE] and panel.message.text() == CHINESE            # Chinese by default
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: not HAN.search(panel.message.text()), timeout=3000)
    assert panel.message.text().endswith("Confirm the visit address first"), panel.message.text()
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: panel.message.text() == CHINESE, timeout=3000)


def test_a_list_of_results_reads_english(qapp, english):
    from counter_app.domain.refusals import Refusal
    from counter_app.ui.refusals import refusal_text
    from counter_app.workflows.field import RESULTS

    refusal = Refusal("field_choose_result", "、".join(RESULTS.values()))
    assert refusal == "请选择认证结果：认证通过（本人健在）、未找到本人、已死亡、已迁出、拒绝认证、其他"
    assert refusal_text(refusal) == ("Choose the certification result: Certified (person alive), Person not found, "
                                     "Deceased, Moved away, Refused certification, Other")
