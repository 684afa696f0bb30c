"""Why a step waits, in the clerk's language. Review: a supervisor's refusal from the centre reached the
steps list as the workflow's Chinese sentence 「主管supervisor01不同意：…」 — Chinese in the English UI and
the supervisor by login id — and the fingerprint waiver's 「无法采集指纹，等待主管审批」 had no tr().
The refusal is data now (workflows.inbox.step_refusals) and the window words it (ops.refusal_text)."""

from __future__ import annotations

import re


from counter_app.ui.workspace.ops import CaseOps, StepWaiting, step_waiting_text
from counter_app.workflows import inbox
from tests.support.cases import NOW, pulled_update, transfer_case
from tests.ui.test_workspace_flows import make_ctx

HAN = re.compile(r"[\u4e00-\u9fff]")



def _refused(store, reason: str = "缴费年限与档案不符") -> str:
    cid = transfer_case(store)
    pulled_update(store, 1, cid, {"escalation": "info_sheet_review", "step_code": "sheet_reviewed",
                                  "posted_by": "supervisor01", "decision": "refused", "reason": reason},
                  kind="case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    return cid


def test_a_refusal_is_data(app_home, store):
    cid = _refused(store)
    assert inbox.step_refusals(store, cid) == {"sheet_reviewed": inbox.StepRefusal("supervisor01", "缴费年限与档案不符")}
    assert inbox.refusals_by_step(store, cid)["sheet_reviewed"] == "主管supervisor01不同意：缴费年限与档案不符"   # CLI


def test_the_english_steps_list_words_a_refusal_and_never_names_the_login(app_home, store, english):
    from counter_app.app_context import auth_manager
    from counter_protocol import sync as p
    from tests.support.approvals import TEST_APPROVAL_KEY

    cid = _refused(store)
    ctx = make_ctx(store)
    text = step_waiting_text(CaseOps(ctx, auto_print=False).waiting_of(cid)["sheet_reviewed"])
    assert text == "Refused by the supervisor: 缴费年限与档案不符", text          # the reason is the supervisor's own
    boss = p.UserInfo(username="supervisor01", display_name="李科长", roles=["supervisor", "clerk"],
                      office_code="FT", approval_level=1)
    auth_manager(ctx)._remember("supervisor01", "supervisor01-demo", boss, TEST_APPROVAL_KEY.hex())
    waiting = CaseOps(ctx, auto_print=False).waiting_of(cid)["sheet_reviewed"]
    assert waiting == StepWaiting("refused", by="李科长", reason="缴费年限与档案不符")   # data: never the login id
    text = step_waiting_text(waiting)
    assert text == "Refused by supervisor 李科长: 缴费年限与档案不符", text
    from counter_app.ui.workspace.ops import refusal_text

    assert not HAN.search(refusal_text("", "")), refusal_text("", "")


def test_chinese_words_the_refusal_by_name(qapp):
    from counter_app.ui.workspace.ops import refusal_text

    assert refusal_text("李科长", "材料不实") == "主管李科长不同意：材料不实"
    assert refusal_text("", " ") == "主管不同意：未说明理由"


def test_the_fingerprint_waiver_note_is_translated(app_home, store, english, monkeypatch):
    from counter_app.workflows import fingerprint

    cid = transfer_case(store)
    monkeypatch.setattr(fingerprint, "fingerprint_status", lambda store, case_id: "exempt_pending")
    text = step_waiting_text(CaseOps(make_ctx(store), auto_print=False).waiting_of(cid)["fingerprint"])
    assert text == "Fingerprints cannot be captured; awaiting supervisor approval", text


def _rows(panel) -> list[str]:
    lst = panel.steps.list
    return [lst.item(i).toolTip() or lst.item(i).text() for i in range(lst.count())]


def test_the_steps_list_rewords_its_waiting_notes_on_a_language_switch_without_a_reload(
        qtbot, app_home, store, english_back):
    """Review: the steps list's notes (主管不同意：…, 待审批：…, 无法采集指纹，等待主管审批) were worded once, when
    the case was loaded, and stayed in that language after a live switch until the next reload. They
    are data now (ops.StepWaiting), worded each time the list is shown, and again on LanguageChange."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language
    from tests.ui.test_workspace_flows import open_panel

    cid = _refused(store)
    panel = open_panel(qtbot, make_ctx(store))
    panel.open_case(cid)
    qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == cid, timeout=5000)
    qtbot.waitUntil(lambda: any("主管不同意：缴费年限与档案不符" in t for t in _rows(panel)), timeout=5000)
    view = panel.case_view
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: any("Refused by the supervisor: 缴费年限与档案不符" in t for t in _rows(panel)),
                    timeout=3000)
    assert panel.case_view is view                                  # re-worded, not reloaded
    assert not any("主管不同意" in t for t in _rows(panel)), _rows(panel)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: any("主管不同意：缴费年限与档案不符" in t for t in _rows(panel)), timeout=3000)
    panel.shutdown()
