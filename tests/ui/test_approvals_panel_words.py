"""The 审批 tab in the English UI: the queue's filter, waiting time, approval point, grade and state,
and the detail's labels read English (the case's own recorded words stay as recorded); people are
named by display name where this workstation knows it. Review: the English tab showed 待审批,
「0 分钟」, 不予受理决定, 科长, 材料, 经办人 clerk01 …"""

from __future__ import annotations

import re
from types import SimpleNamespace



HAN = re.compile(r"[\u4e00-\u9fff]")
ROW = {"id": "r1", "action": "rejection", "action_name": "不予受理决定", "case_id": "c1", "case_no": "FT-W01-1",
       "service_code": "reg_enroll", "office_code": "FT", "maker": "clerk01", "maker_name": "张经办",
       "made_at": "2026-03-02T01:00:00", "required_level": 1, "required_level_name": "科长", "summary": "",
       "details": {"case": {"service_name": "参保登记", "applicant": "张*",
                            "materials": [{"name": "参保登记表", "state": "present", "problem": ""}],
                            "conditions": [{"text": "尚未参保", "result": "unmet", "source": "clerk",
                                            "explanation": "", "override": ""}]},
                   "reasons": ["已在本市参保"]},
       "state": "approved", "state_name": "已批准", "checker": "supervisor01", "checker_name": "李科长",
       "decided_at": "2026-03-02T02:00:00", "reason": "核实", "mode": "on_site", "expires_at": None}



def test_queue_cells_read_english_and_name_people(english):
    from counter_app.ui.approvals_panel import ApprovalsModel, waiting_text

    model = ApprovalsModel()
    row = SimpleNamespace(**ROW)
    cells = {c: ApprovalsModel.CELLS[c](model, row) for c in ("action", "maker", "level", "state")}
    assert cells == {"action": "Non-acceptance decision", "maker": "张经办", "level": "Section Chief",
                     "state": "Approved (李科长)"}, cells
    assert not HAN.search(waiting_text("2026-03-02T01:00:00"))


def test_detail_labels_read_english_and_name_people(english):
    from counter_app.ui.approvals_panel import detail_html

    html = detail_html(ROW)
    for chinese in ("材料", "受理条件", "经办人 ", "审批人 ", "须科长", "已提交", "不符合", "经办人确认", "文书预览"):
        assert chinese not in html.split("不予受理决定书")[0], chinese      # the document's own preview stays Chinese
    for english_word in ("Materials", "Submitted", "Not met", "Approved", "李科长", "张经办", "Section Chief"):
        assert english_word in html, english_word
    assert "clerk01" not in html and "supervisor01" not in html


def test_the_filter_reads_english(qtbot, english, app_home, store):
    from counter_app.ui.approvals_panel import ApprovalsPanel
    from tests.ui.test_workspace_flows import make_ctx

    ctx = make_ctx(store)
    panel = ApprovalsPanel(ctx)
    qtbot.addWidget(panel)
    names = [panel.state_filter.itemText(i) for i in range(panel.state_filter.count())]
    assert names == ["Pending", "Approved", "Rejected", "Expired", "All"]
    assert not HAN.search(panel.review_outcome.itemText(0))


def test_deciding_offline_says_why_in_english(qtbot, english, app_home, store):
    """Review: 「未联网登录：集中授权须联网…」 was raised below tr() and stayed Chinese in the English tab."""
    from counter_app.ui.approvals_panel import ApprovalsPanel
    from tests.ui.test_workspace_flows import make_ctx

    panel = ApprovalsPanel(make_ctx(store))
    qtbot.addWidget(panel)
    panel.current = lambda: {**ROW, "state": "pending"}          # a request chosen in the queue
    panel._client = lambda: None                                  # not signed in online
    panel.read_only = False                                       # a supervisor (make_ctx signs in a clerk)
    panel.reason.setText("OK")
    with qtbot.waitSignal(panel.failed, timeout=5000) as failed:
        panel.decide_current(True)
    assert failed.args[0].startswith("Not signed in online"), failed.args[0]
    assert not HAN.search(failed.args[0]), failed.args[0]


def test_the_request_on_show_rewords_on_a_language_switch(qtbot, english_back, app_home, store):
    """Review: the detail of the chosen request kept the language it was drawn in until another
    request was chosen."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.approvals_panel import ApprovalsPanel
    from counter_app.ui.i18n import install_language
    from tests.ui.test_workspace_flows import make_ctx

    panel = ApprovalsPanel(make_ctx(store))
    qtbot.addWidget(panel)
    panel._loaded(("local", [ROW], [], None))
    assert "材料" in panel.detail.toPlainText()
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: "Materials" in panel.detail.toPlainText(), timeout=3000)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: "材料" in panel.detail.toPlainText(), timeout=3000)
