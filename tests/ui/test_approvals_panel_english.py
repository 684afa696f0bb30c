"""The 审批 tab after a language switch, its 差评工单 stages, a refusal that stands, the detail's
punctuation and a request about no case. Review (tester "english"): after View › English the whole
tab kept 批准(&Y), 刷新 F5, its placeholders, filters, section titles and counts; the ticket stages
read 已受理 / 已核实; a refusal was replaced within 10 s by 「2 件（中心）」; the detail read
「…：Submitted」 and 「Met（System-verified）」; a 暂停发放 raised by a home visit showed
``suspension:4b2a…`` as its case and 「暂停发放 · certification」 as its title."""

from __future__ import annotations

import re
from types import SimpleNamespace

from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QTabWidget

from tests.ui.test_approvals_panel_words import ROW

HAN = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = re.compile(r"[：（），；]")

TICKET = {"id": "t1", "stage": "received", "stage_name": "已受理", "next_stage": "checked", "next_stage_name": "已核实",
          "case_no": "FT-W01-2", "case_id": "c2", "score": 1, "reason": "等候时间太长", "clerk": "clerk01", "owner": "",
          "due": "2026-12-07", "overdue": False, "opened_text": "2026-12-06 10:00", "here": True}
REVIEW = {"id": "v1", "state": "pending", "state_name": "待初审", "clause": "6.1", "clause_name": "人工审核",
          "summary": "摘要", "proposal": "", "proposal_reason": "", "reason": "", "maker": ""}
DEATH = {"id": "d1", "state": "open", "id_masked": "4403**********1364", "name_masked": "王*英",
         "visited_at": "2026-12-01T02:00:00", "staff": ["field01"], "suspension_state": "flagged", "conflicts": [],
         "cleared_by": "", "clear_reason": ""}
SUSPENSION = {**ROW, "id": "s1", "action": "payment_suspension", "action_name": "暂停发放",
              "case_id": "suspension:4b2a6413-0000-4000-8000-000000000000", "case_no": "", "service_code": "certification",
              "state": "pending", "state_name": "待审批", "checker": "", "checker_name": "", "decided_at": None,
              "summary": "上门认证报告已死亡（4403**********1364，上门记录 v1，2026-12-01 10:00），拟暂停发放基本养老金",
              "details": {"suspension_id": "4b2a6413", "reason": "death_report", "id_masked": "4403**********1364"}}


def _supervisor(store):
    from counter_app.app_context import UserSession
    from tests.ui.test_workspace_flows import make_ctx

    ctx = make_ctx(store)
    ctx.user = UserSession("supervisor01", "李科长", "supervisor")
    return ctx


def _panel(qtbot, store, events=None):
    from counter_app.ui.approvals_panel import ApprovalsPanel

    panel = ApprovalsPanel(_supervisor(store), events)
    qtbot.addWidget(panel)
    panel._timer.stop()
    return panel


def _own_texts(panel) -> list[str]:
    """The tab's own words: buttons, labels, placeholders, filters, tab titles, tooltips and the
    tables' headings (not the rows' data, not the request's detail)."""
    texts = [panel.windowTitle(), panel.menu_title()]
    for w in panel.findChildren(QAbstractButton):
        texts += [w.text(), w.toolTip()]
    for w in panel.findChildren(QLabel):
        texts.append(w.text())
    for w in panel.findChildren(QLineEdit):
        texts += [w.placeholderText(), w.toolTip()]
    for w in panel.findChildren(QComboBox):
        texts += [w.itemText(i) for i in range(w.count())]
    for w in panel.findChildren(QTabWidget):
        texts += [w.tabText(i) for i in range(w.count())]
    for model in (panel.model, panel.reviews_model, panel.complaints_model, panel.deaths_model):
        texts += list(model.headers())
    return [t for t in texts if t]


def test_a_language_switch_rewords_the_whole_tab_both_ways(qtbot, english_back, app_home, store):
    from counter_app.ui.i18n import install_language

    panel = _panel(qtbot, store)
    panel._loaded(("centre", [ROW], [TICKET], [REVIEW], [DEATH]))
    chinese = _own_texts(panel)
    assert "批准(&Y)" in chinese and "差评工单：1 件未办结" in chinese and "1 件（中心）" in chinese
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: panel.btn_approve.text() != "批准(&Y)", timeout=3000)     # LanguageChange is posted
    english = _own_texts(panel)
    assert not [t for t in english if HAN.search(t)], [t for t in english if HAN.search(t)]
    assert "Negative-rating tickets: 1 open" in english and "1 item(s) (centre)" in english
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: panel.btn_approve.text() == "批准(&Y)", timeout=3000)
    assert _own_texts(panel) == chinese


def test_a_read_only_tab_says_why_in_either_language(qtbot, english_back, app_home, store):
    from counter_app.ui.approvals_panel import ApprovalsPanel
    from counter_app.ui.i18n import install_language
    from tests.ui.test_workspace_flows import make_ctx

    panel = ApprovalsPanel(make_ctx(store))          # a clerk: reads, decides nothing
    qtbot.addWidget(panel)
    assert panel.btn_approve.toolTip().startswith("只有审核主管")
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: not HAN.search(panel.btn_approve.toolTip()), timeout=3000)


def test_ticket_stages_read_english(qtbot, english, app_home, store):
    from counter_app.ui.approvals_panel import ComplaintsModel

    model = ComplaintsModel()
    row = SimpleNamespace(**TICKET)
    assert ComplaintsModel.CELLS["stage"](model, row) == "Received"
    assert ComplaintsModel.CELLS["due"](model, row) == "Checked 2026-12-07"
    elsewhere = SimpleNamespace(**{**TICKET, "here": False, "workstation_id": "FT-W02"})
    assert not HAN.search(ComplaintsModel.CELLS["stage"](model, elsewhere))


def test_a_refusal_stands_through_the_refresh_until_the_supervisor_moves_on(qtbot, app_home, store):
    from counter_app.ui.events import AppEvents

    events = AppEvents()
    panel = _panel(qtbot, store, events)
    data = ("centre", [ROW, {**ROW, "id": "r2", "case_no": "FT-W01-2"}], [TICKET], [REVIEW], [DEATH])
    panel._loaded(data)
    assert panel.message.text() == "2 件（中心）"
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(events.message, timeout=2000) as said:      # the window's banner hears it too
        panel._fail("审批人不能是经办人本人")
    assert said.args == ["审批人不能是经办人本人"]
    panel._loaded(data)                  # the timer's refresh: the refusal stays
    panel._loaded(data)
    assert panel.message.text() == "审批人不能是经办人本人"
    qtbot.keyClicks(panel.reason, "ok")   # the supervisor changes the input: the count again
    assert panel.message.text() == "2 件（中心）"
    panel._fail("请先选择一件差评工单")
    panel._loaded(data)
    assert panel.message.text() == "请先选择一件差评工单"
    panel.table.setCurrentIndex(panel.model.index(1, 0))        # another request chosen
    assert panel.message.text() == "2 件（中心）"


def test_an_outcome_is_not_replaced_by_the_refresh_that_follows_it(qtbot, app_home, store):
    from counter_app.ui.approvals_panel import decided_text

    panel = _panel(qtbot, store)
    data = ("centre", [ROW], [], [], [])
    panel._loaded(data)
    panel._say(lambda: decided_text(ROW), standing=True)
    panel._loaded(data)
    assert panel.message.text() == "已批准：FT-W01-1"


def test_the_detail_has_no_full_width_punctuation_in_english(english):
    from counter_app.ui.approvals_panel import detail_html

    row = {**ROW, "details": {**ROW["details"], "case": {
        **ROW["details"]["case"], "facts": {"已退休": True},
        "materials": [{"name": "参保登记表", "state": "defective", "problem": "缺少签章"}]}}}
    text = re.sub(r"<[^>]+>", "", detail_html(row).split("不予受理决定书")[0])   # the issued document stays Chinese
    own = text.replace("缺少签章", "").replace("尚未参保", "")     # the case's recorded words as recorded
    assert not FULL_WIDTH.search(own), own
    assert "Not met (Clerk-confirmed)" in text or "Not met (" in text, text


def test_a_request_about_no_case_shows_no_internal_id(qtbot, app_home, store):
    from counter_app.ui.approvals_panel import ApprovalsModel, decided_text, detail_html, service_name
    from counter_app.workflows.reference import current_catalog

    model = ApprovalsModel()
    assert ApprovalsModel.CELLS["case"](model, SimpleNamespace(**SUSPENSION)) == "—"
    assert service_name(current_catalog(store), "certification") == "养老保险待遇资格认证"
    html = detail_html({**SUSPENSION, "service_name": "养老保险待遇资格认证"})
    assert "suspension:" not in html and "certification" not in html
    assert "暂停发放 · 养老保险待遇资格认证" in html
    assert "申请人 4403**********1364" in html
    assert "suspension:" not in decided_text({**SUSPENSION, "state_name": "已批准"})


def test_the_refresh_names_the_service_of_a_request_about_no_case(qtbot, app_home, store):
    import json
    from datetime import datetime, timezone

    from counter_app.storage.tables_approvals import ApprovalRequestRow

    with store.session() as s:
        s.add(ApprovalRequestRow(
            id="s1", action="payment_suspension", case_id=SUSPENSION["case_id"], case_no="", service_code="certification",
            office_code="", workstation_id="CENTRE", maker="field01", made_at=datetime.now(timezone.utc).replace(tzinfo=None),
            payload_digest="x", required_level=1, summary=SUSPENSION["summary"],
            details=json.dumps(SUSPENSION["details"]), state="pending"))
        s.commit()
    panel = _panel(qtbot, store)
    panel._client = lambda: None
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.refresh()
    assert panel.rows and panel.rows[0]["service_name"] == "养老保险待遇资格认证"
    assert "养老保险待遇资格认证" in panel.detail.toPlainText()


def test_review_items_read_english(qtbot, english, app_home, store):
    """The 人工审核 list's state and clause (counter_protocol.reviews) read English too."""
    from counter_app.ui.approvals_panel import ReviewsModel
    from counter_protocol.reviews import CLAUSES

    model = ReviewsModel()
    row = SimpleNamespace(**{**REVIEW, "clause": "6.5.1.2", "clause_name": CLAUSES["6.5.1.2"]})
    assert ReviewsModel.CELLS["state"](model, row) == "Awaiting first review"
    assert not HAN.search(ReviewsModel.CELLS["clause"](model, row))
