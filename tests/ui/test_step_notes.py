"""What the window says of a step beyond its name. The 转入's last step, 「接续养老保险关系并反馈办理结果」
(6.4.1.1.1.3), says where the result goes: by the centre's SMS to the mobile the applicant gave
(masked), or — none given — that the clerk must tell them otherwise; no other step says it. A step
catalogued under a heading shows the clause the case's 情形 names."""

from __future__ import annotations

from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import NOW, ready_case
from tests.ui.test_workspace_flows import idle, make_ctx, open_panel

STEPS = ("letter_generated", "letter_sent", "sheet_awaited", "sheet_received")


def _at_continuation(store, phone: str | None) -> str:
    from counter_app.printing.samples import sample_decision_data

    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: NOW)
    applicant = {"name": "张三", "id_number": "110105196001010017", **({"phone": phone} if phone else {})}
    cid = ready_case(workflow, "transfer_in", applicant=applicant)
    workflow.decide(cid, expected="accepted")
    for code in STEPS:
        workflow.record_transfer_step(cid, code, data=sample_decision_data("transfer_in") if code == "letter_generated" else None)
    return cid


def _note_at(qtbot, store, cid: str, *, reviewed: bool) -> str:
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    panel.open_case(cid)
    idle(qtbot, panel)
    assert panel.case_view.next_step == ("continued" if reviewed else "sheet_reviewed")
    return panel.steps.note.text()


def test_the_continuation_step_names_the_masked_mobile_the_result_goes_to(qtbot, app_home, store):
    cid = _at_continuation(store, "13800138000")
    assert "短信" not in _note_at(qtbot, store, cid, reviewed=False)          # the 信息表 review says nothing of it
    CaseWorkflow(store, actor="supervisor01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                 now=lambda: NOW).record_transfer_step(cid, "sheet_reviewed", passed=True)
    note = _note_at(qtbot, store, cid, reviewed=True)
    assert "办理结果将由中心以短信反馈至 138****8000" in note and "13800138000" not in note


def test_without_a_mobile_the_clerk_is_told_to_inform_the_applicant_otherwise(qtbot, app_home, store):
    cid = _at_continuation(store, None)
    CaseWorkflow(store, actor="supervisor01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                 now=lambda: NOW).record_transfer_step(cid, "sheet_reviewed", passed=True)
    assert "服务对象未留手机号码：办理结果须另行告知" in _note_at(qtbot, store, cid, reviewed=True)


def test_a_query_step_shows_the_clause_its_situation_rules(qtbot, app_home, store):
    """个人账户查询's step is catalogued under the heading 6.3.3: the window shows 6.3.3.1 for a 缴费期间
    查询, as the 对账单 cites it (was: 6.3.3)."""
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: NOW)
    cid = ready_case(workflow, "account_query", variants=("contribution_phase",))
    workflow.decide(cid, expected="accepted")
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    panel.open_case(cid)
    idle(qtbot, panel)
    assert panel.steps.simple_label.full_text().endswith("（6.3.3.1）")
