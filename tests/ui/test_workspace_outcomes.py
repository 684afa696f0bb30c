"""Workspace: 业务指引 and 不予受理 outcomes, returned-then-completed, publicity objection → 不予认定,
无法采集指纹 → waiting for the supervisor, PDF preview, the customer view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.app_context import approval_service
from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from counter_app.domain.checklist import TickState
from tests.ui.test_workspace_flows import (CTRL, MALE_1960, MALE_1966, Clicks, applicant_for, choose_type, commit,
                                           decide_now,
                                           idle, make_ctx, open_panel, pick, type_applicant)


@pytest.fixture
def ctx(app_home, store):
    return make_ctx(store)


def _prepare(qtbot, panel, clicks, query, code, applicant_type="individual", facts=None, applicant=None):
    pick(clicks, panel, query, code)
    choose_type(panel, applicant_type)
    type_applicant(qtbot, panel, applicant or applicant_for(code, applicant_type))
    if facts:
        panel.set_facts(facts)


def _set_condition(panel, code, met, reason=""):
    row = [c.code for c in panel.conditions.conditions].index(code)
    panel.conditions.set_answer(row, met)
    if reason:
        panel.conditions.setData(panel.conditions.index(row, 2), reason)


def refuse_enrolment(qtbot, panel, clicks) -> None:
    """参保登记 of someone already insured: the clerk records the unmet condition and decides; with
    分级授权 on (the default) the 不予受理 waits for a supervisor (the case is in review)."""
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    _set_condition(panel, "not_yet_registered", False, "已在本市参保，无需重复登记")
    decide_now(clicks, qtbot, panel)
    assert panel.case_view.case.state is CaseState.review, panel.last_message


@pytest.mark.parametrize("query,code", [("cbdj", "reg_enroll"), ("jbyljhd", "pension")])
def test_guidance_outcome_then_returned_case_completed(qtbot, ctx, query, code):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, query, code,
             facts={"contribution_months": 200, "benefit_place_shenzhen": True, "history_reviewed": True}
             if code == "pension" else None)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted
    required = [m for m in panel.materials.materials if m.required]
    missing, defective = required[0], required[1]
    panel.materials.set_state(0, TickState.missing)
    row = panel.materials.materials.index(defective)
    panel.materials.setData(panel.materials.index(row, 2), "复印件不清晰")
    panel.materials.set_state(row, TickState.defective)
    # live: outcome and the 业务指引告知书 preview follow every change
    assert panel.outcome.kind is OutcomeKind.incomplete
    assert "业务指引" in panel.outcome_label.text()
    text = panel.preview.toPlainText()
    assert missing.name in text and defective.name in text and "复印件不清晰" in text
    assert [m.material_code for m in panel.outcome.missing] == [missing.code, defective.code]
    changed = []
    panel.events.case_changed.connect(changed.append)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    cv = panel.case_view
    assert cv.case.state is CaseState.returned, panel.last_message
    cid = cv.case.id
    assert panel.documents[-1]["kind"] == "guidance_notice"
    assert [i["problem"] for i in panel.documents[-1]["fields"]["missing_items"]] == ["未提交", "复印件不清晰"]
    assert changed == [cid]
    # the applicant comes back another day: the Cases panel opens the case in a fresh window
    panel.shutdown()
    again = open_panel(qtbot, ctx, auto_print=False)
    again.events.case_opened.emit(cid)
    qtbot.waitUntil(lambda: again.case_view is not None and again.case_view.case.id == cid)
    idle(qtbot, again)
    assert again.service.code == code
    assert again.applicant.edits["id_number"].text() == applicant_for(code, "individual")["id_number"]
    assert again.applicant.edits["name"].text() == "张三"
    assert again.materials.states[missing.code] is TickState.missing
    assert again.materials.notes[defective.code] == "复印件不清晰"
    assert again.outcome.kind is OutcomeKind.incomplete
    # tick the two supplemented materials (written at once), then Ctrl+Enter resubmits and decides
    again.materials.set_state(again.materials.materials.index(missing), TickState.present)
    again.materials.set_state(again.materials.materials.index(defective), TickState.present)
    idle(qtbot, again)
    assert again.workflow.get(cid).case.ticks[missing.code].state is TickState.present
    assert again.outcome.kind is OutcomeKind.accepted
    Clicks(qtbot).key(Qt.Key.Key_Return, CTRL, widget=again.btn_decide)
    idle(qtbot, again)
    assert again.case_view.case.state is CaseState.accepted, again.last_message
    actions = [h["action"] for h in again.workflow.history(cid)]
    assert actions == ["create", "submit", "return", "resubmit", "accept"]
    again.shutdown()


def _supervisor_was_here(ctx, username: str, password: str, level: int = 1, display_name: str = "科长") -> None:
    """What an earlier online sign-in of ``username`` on this workstation left: its offline verifier
    (sealed like any other, AuthManager._remember) and, for a supervisor with a level, the approval
    key the centre sent (sealed under the password; tests.support.approvals.TEST_APPROVAL_KEY)."""
    from counter_app.app_context import auth_manager
    from counter_protocol import sync as p
    from tests.support.approvals import TEST_APPROVAL_KEY

    user = p.UserInfo(username=username, display_name=display_name, roles=["supervisor", "clerk"], office_code="FT",
                      approval_level=level)
    auth_manager(ctx)._remember(username, password, user, TEST_APPROVAL_KEY.hex() if level else None)


def approve_refusal_on_site(qtbot, panel, ctx, reason: str = "核实已参保") -> None:
    """负责人 李科长 (supervisor01, signed in online on this workstation before) approves the waiting
    不予受理 on site; the case is then rejected."""
    _supervisor_was_here(ctx, "supervisor01", "supervisor01-demo", display_name="李科长")
    panel.authorise_on_site("supervisor01", "supervisor01-demo", True, reason)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.case_view.case.state is CaseState.rejected, panel.last_message


def _assert_proved(ctx, request_id: str) -> None:
    """The queued decision carries the proof by the supervisor's key, unsealed with the password typed."""
    import json

    from counter_app.storage.tables_core import OutboxEntry
    from counter_protocol import approvals as ap
    from tests.support.approvals import TEST_APPROVAL_KEY

    with ctx.store.session() as s:
        row = s.query(OutboxEntry).filter_by(kind=ap.KIND_DECIDED, aggregate_id=request_id).one()
    dec = ap.DecisionPayload.model_validate(json.loads(row.payload))
    assert dec.proof and ap.proof_ok(TEST_APPROVAL_KEY, request_id, row.workstation_id, dec)


def approve_on_site(qtbot, panel, ctx=None, username: str = "supervisor01") -> None:
    """The case waits for approval of its 不予受理; a supervisor approves it on this screen (offline)."""
    assert panel.case_view.case.state is CaseState.review and "待审批" in panel.last_message
    _supervisor_was_here(ctx or panel.ctx, username, f"{username}-demo")
    panel.authorise_on_site(username, f"{username}-demo", True, "同意不予受理")
    idle(qtbot, panel)


def test_reg_enroll_refused_when_already_registered(qtbot, ctx):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    _set_condition(panel, "not_yet_registered", False, "已在本市参保，无需重复登记")
    assert panel.outcome.kind is OutcomeKind.not_eligible
    assert "不予受理" in panel.outcome_label.text()
    assert "已在本市参保" in panel.preview.toPlainText()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    # 分级授权 on by default: the clerk alone does not issue the 不予受理决定书 — it waits for a supervisor
    assert panel.case_view.case.state is CaseState.review and "待审批" in panel.last_message
    [pending] = approval_service(ctx).list(state="pending", case_id=panel.case_view.case.id)
    assert pending["action"] == "rejection" and pending["maker"] == "clerk01"
    # 现场授权 offline: the supervisor once signed in online on this workstation (offline verifier)
    _supervisor_was_here(ctx, "supervisor01", "supervisor01-demo")
    # (another name than the supervisor's: the same name in the office, without 工号, is one person)
    _supervisor_was_here(ctx, "clerk01", "clerk01-demo", level=0, display_name="窗口经办员01")
    panel.authorise_on_site("clerk01", "clerk01-demo", True, "自批")      # never the maker
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.review and "经办人本人" in panel.last_message
    panel.authorise_on_site("supervisor01", "wrong", True, "同意")
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.review and "不正确" in panel.last_message
    panel.authorise_on_site("supervisor01", "supervisor01-demo", True, "核实已参保")
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.rejected
    assert ctx.actor == "clerk01"                                        # the clerk stays signed in
    _assert_proved(ctx, pending["id"])
    last = panel.workflow.history(panel.case_view.case.id)[-1]
    assert last["approved_by"] == "supervisor01" and last["actor"] == "clerk01"
    doc = panel.documents[-1]
    assert doc["kind"] == "rejection_decision" and doc["fields"]["reasons"] == ["已在本市参保，无需重复登记"]
    assert [h["escalation"] for h in panel.workflow.history(panel.case_view.case.id)][-1] == "rejection"
    clicks.key(Qt.Key.Key_Return, CTRL)           # 归档
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.archived


def test_pension_refused_by_the_retirement_rule(qtbot, ctx):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "jbyljhd", "pension")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "李四", "id_number": MALE_1966})
    panel.set_facts({"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.not_eligible
    reasons = "；".join(panel.outcome.reasons)
    assert "未达到法定退休年龄" in reasons
    rows = {c.code: i for i, c in enumerate(panel.conditions.conditions)}
    assert panel.conditions.is_rule_row(rows["rule_5_6_1_1"])      # the rule decided, read-only
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    approve_on_site(qtbot, panel, ctx)
    assert panel.case_view.case.state is CaseState.rejected
    assert panel.documents[-1]["kind"] == "rejection_decision"


def accept_special_work_pension(qtbot, panel, clicks) -> None:
    """A 基本养老金 claim under 特殊工种, every material in and every condition met, accepted."""
    _prepare(qtbot, panel, clicks, "jbyljhd", "pension",
             facts={"contribution_months": 200, "benefit_place_shenzhen": True, "history_reviewed": True})
    combo = panel.applicant.variant_combo
    combo.setCurrentIndex(combo.findData("special_work_type"))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)


def test_special_work_publicity_objection_verification_denied(qtbot, ctx):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    accept_special_work_pension(qtbot, panel, clicks)
    cid = panel.case_view.case.id
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    # the fingerprint cannot be taken: a reason is required, then the case waits for a supervisor
    from counter_app.ui.workspace import steps as pages

    assert panel.steps.current_page() == pages.FINGERPRINT
    clicks.click(panel.steps.btn_no_prints)
    assert "原因" in panel.last_message and not panel.busy
    panel.steps.fp_reason.setFocus()
    commit(panel.steps.fp_reason, "双手手指残缺，无法按压")
    clicks.click(panel.steps.btn_no_prints)
    idle(qtbot, panel)
    assert "等待主管审批" in panel.steps.note.text() or "等待主管审批" in panel.steps.list.item(0).text()
    from counter_app.workflows.fingerprint import fingerprint_status, pending_exemptions

    assert fingerprint_status(ctx.store, cid) == "exempt_pending"
    assert [e.case_id for e in pending_exemptions(ctx.store)] == [cid]
    assert panel.steps.current_step().code == "fingerprint"          # still open until approved
    # the supervisor side comes later: record the approved waiver through the service here
    panel.workflow.record_step(cid, "fingerprint", "waived", approved_by="chief01")
    panel.events.case_opened.emit("")
    panel.case_view = None
    panel.open_case(cid)
    idle(qtbot, panel)
    qtbot.waitUntil(lambda: panel.case_view is not None)
    assert panel.steps.current_page() == pages.PUBLICITY
    panel.steps.pub_work.setText("井下作业")
    # a period already over: refused, said in Chinese (no exception text), no 公示 issued
    from datetime import date, timedelta

    today = date.today()
    panel.steps.pub_start.setText((today - timedelta(days=9)).isoformat())
    panel.steps.pub_end.setText((today - timedelta(days=2)).isoformat())
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert f"公示期已于{(today - timedelta(days=2)).isoformat()}结束" in panel.last_message, panel.last_message
    assert "Error" not in panel.last_message and "Traceback" not in panel.last_message
    assert not any(d["kind"] == "special_work_publicity" for d in panel.documents)
    panel.steps.pub_start.setText(today.isoformat())
    panel.steps.pub_end.setText(today.isoformat())
    clicks.key(Qt.Key.Key_Return, CTRL)                  # 开始公示 (start = end = today)
    idle(qtbot, panel)
    assert any(d["kind"] == "special_work_publicity" for d in panel.documents), panel.last_message
    # 6.6.1.1.1.3: the materials are reviewed while the 公示 runs — the guide offers the 审核 now
    assert panel.steps.current_page() == pages.SIMPLE and panel.steps.current_step().code == "review"
    clicks.click(panel.steps.btn_done)
    idle(qtbot, panel)
    assert panel.steps.current_page() == pages.PUBLICITY, panel.last_message    # back to the 公示
    commit(panel.steps.pub_objection, "群众反映其从事特殊工种年限不足")
    clicks.click(panel.steps.btn_pub_objection)
    idle(qtbot, panel)
    assert panel.steps.current_page() == pages.VERIFICATION, panel.last_message
    commit(panel.steps.ver_finding, "经核查特殊工种年限不足规定年限")
    clicks.click(panel.steps.btn_ver_bad)
    idle(qtbot, panel)
    assert panel.steps.current_page() == pages.FINAL and panel.steps.btn_deny.isVisible()
    commit(panel.steps.deny_reason, "从事特殊工种的年限不足规定年限")
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    # 分级授权 (7.3.2): the clerk alone never issues the 不予认定决定书 — it waits for a supervisor
    assert panel.case_view.case.state is CaseState.accepted and "待审批" in panel.last_message, panel.last_message
    assert not any(d["kind"] == "pension_denial_decision" for d in panel.documents)
    [pending] = approval_service(ctx).list(state="pending", case_id=cid)
    assert pending["action"] == "denial" and pending["details"]["reasons"] == ["从事特殊工种的年限不足规定年限"]
    _supervisor_was_here(ctx, "supervisor01", "supervisor01-demo", display_name="李科长")
    panel.authorise_on_site("supervisor01", "supervisor01-demo", True, "核查属实")    # 现场授权
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.denied, panel.last_message
    assert panel.documents[-1]["kind"] == "pension_denial_decision"
    assert panel.documents[-1]["fields"]["reasons"] == ["从事特殊工种的年限不足规定年限"]
    last = panel.workflow.history(cid)[-1]
    assert (last["approved_by"], last["actor"], last["escalation"]) == ("supervisor01", "clerk01", "denial")
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.archived


def test_pdf_preview_of_the_guidance_notice(qtbot, ctx):
    from PySide6.QtPdf import QPdfDocument

    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    assert panel.outcome.kind is OutcomeKind.incomplete
    clicks.key(Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: panel.pdf_view is not None
                    and panel.pdf_document.status() == QPdfDocument.Status.Ready, timeout=15000)
    assert panel.pdf_document.pageCount() >= 1
    assert panel.preview_tabs.currentWidget() is panel.pdf_view


def test_customer_view_is_masked_and_follows_the_clerk(qtbot, ctx):
    panel = open_panel(qtbot, ctx, auto_print=False)
    seen = []
    panel.view_changed.connect(lambda: seen.append(panel.customer_view_data()))
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    data = panel.customer_view_data()
    assert data["service_name"] == "参保登记" and data["applicant"] == "张*"
    assert data["id_masked"] == "110105********0017" and MALE_1960 not in str(data)
    assert data["received"] == [m.name for m in panel.materials.materials] and data["missing"] == []
    assert seen and seen[-1]["received"] == data["received"]
    # the agreed shape: plain strings and lists of strings, the outcome in Chinese words
    assert set(data) == {"case_id", "case_no", "service_name", "applicant", "id_masked", "received", "missing",
                         "outcome", "state"}
    panel.materials.set_state(0, TickState.missing)
    data = panel.customer_view_data()
    first = panel.materials.materials[0].name
    assert data["missing"] == [first + "：未提交"] and first not in data["received"]
    assert data["outcome"] == "材料不齐全，请按《业务指引告知书》补齐补正后再来办理"
    assert all(isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
               for v in data.values())


def test_customer_window_shows_the_workspace_in_words_never_codes(qtbot, ctx):
    """The real workspace feeding the real customer window: Chinese words, names — no internal
    code (incomplete / returned …) and no dict repr."""
    from counter_app.ui import customer_window as cw
    from tests.ui.test_customer_window import labels_text

    panel = open_panel(qtbot, ctx, auto_print=False)
    window = cw.CustomerWindow(ctx, panel.events, provider=panel.customer_view_data)
    qtbot.addWidget(window)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    panel.materials.set_state(0, TickState.missing)
    first = panel.materials.materials[0].name
    with qtbot.waitSignal(window.shown_case, timeout=10000):
        clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.returned
    qtbot.waitUntil(lambda: window.page == cw.PAGE_RATING)
    window.skip_rating()
    text = labels_text(window)
    assert window.missing_list.item(0).text() == "✗ " + first + "：未提交"
    assert window.outcome_label.text() == "材料不齐全，请按《业务指引告知书》补齐补正后再来办理"
    for code in ("incomplete", "returned", "accepted", "material_code", "{", "}", "[", "'"):
        assert code not in text, (code, text)
    assert MALE_1960 not in text and "张三" not in text and "张*" in text
    window.close()
    panel.shutdown()


def test_customer_view_stays_chinese_in_the_english_ui(qtbot, ctx, english):
    """Review: the customer screen read 职工基本养老保险参保登记表（个人）：Not submitted in the English UI.
    The customer screen's items are the applicant's words, Chinese like the material's name beside
    them and like case_queries.customer_view gives them for a stored case; the clerk's language does
    not reach them."""
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    panel.materials.set_state(0, TickState.missing)
    panel.materials.set_state(1, TickState.defective)
    data = panel.customer_view_data()
    first, second = panel.materials.materials[0].name, panel.materials.materials[1].name
    assert data["missing"] == [first + "：未提交", second + "：不符合要求"]
